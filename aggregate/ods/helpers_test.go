package ods

import (
	"archive/zip"
	"bytes"
	"sort"
	"testing"
)

// makeZip builds a zip archive of the parts, "mimetype" first as ODF wants.
func makeZip(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	names := make([]string, 0, len(parts))
	for n := range parts {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if (names[i] == "mimetype") != (names[j] == "mimetype") {
			return names[i] == "mimetype"
		}
		return names[i] < names[j]
	})
	for _, n := range names {
		f, err := w.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write([]byte(parts[n])); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const nsDecl = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ` +
	`xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ` +
	`xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ` +
	`xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" ` +
	`xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"`

// contentXML wraps the children of office:spreadsheet into a content.xml
// with a hidden table style "ta2".
func contentXML(body string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><office:document-content ` + nsDecl + `>` +
		`<office:automatic-styles><style:style style:name="ta2" style:family="table">` +
		`<style:table-properties table:display="false"/></style:style></office:automatic-styles>` +
		`<office:body><office:spreadsheet>` + body + `</office:spreadsheet></office:body></office:document-content>`
}

// odsOf is a minimal .ods with the content.xml given.
func odsOf(t testing.TB, content string) []byte {
	return makeZip(t, map[string]string{
		"mimetype":    mimeODS,
		"content.xml": content,
	})
}

// odsTable is a minimal .ods with one sheet "S" holding the rows given.
func odsTable(t testing.TB, rows string) []byte {
	return odsOf(t, contentXML(`<table:table table:name="S">`+rows+`</table:table>`))
}
