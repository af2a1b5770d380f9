package xlsx

import (
	"archive/zip"
	"bytes"
	"testing"
)

// mkzip zips name, content pairs in order.
func mkzip(t testing.TB, pairs ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(pairs); i += 2 {
		w, err := zw.Create(pairs[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(pairs[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const (
	nsMain = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	relWS  = `http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet`
	relSST = `http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings`
)

// workbookXML is an xl/workbook.xml with sheets "Báo cáo" (rId1) and more
// written by the caller, and the defined names given.
func workbookXML(sheets, names string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<workbook ` + nsMain + `><workbookPr/><sheets>` + sheets + `</sheets>` +
		`<definedNames>` + names + `</definedNames></workbook>`
}

func relsXML(rels string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels + `</Relationships>`
}

func sheetXML(data string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><worksheet ` + nsMain + `><dimension ref="A1"/><sheetData>` + data + `</sheetData></worksheet>`
}

// oneSheet is a workbook with the sheet "Báo cáo" holding data and the
// shared strings given ("" for no shared strings part).
func oneSheet(t testing.TB, data, sst string) []byte {
	t.Helper()
	pairs := []string{
		"[Content_Types].xml", `<Types/>`,
		"xl/workbook.xml", workbookXML(`<sheet name="Báo cáo" sheetId="1" r:id="rId1"/>`, ""),
		"xl/_rels/workbook.xml.rels", relsXML(`<Relationship Id="rId1" Type="` + relWS + `" Target="worksheets/sheet1.xml"/>`),
		"xl/worksheets/sheet1.xml", sheetXML(data),
	}
	if sst != "" {
		pairs = append(pairs, "xl/sharedStrings.xml", `<sst `+nsMain+`>`+sst+`</sst>`)
	}
	return mkzip(t, pairs...)
}
