package ods

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
	"tonghop/aggregate/book/booktest"
)

// FuzzRead: any input gives a Book or one of the typed errors, never a
// panic, within the limits.
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.ods")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(odsTable(f, `<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-spanned="2" office:value-type="date" office:date-value="2024-04-05"/><table:covered-table-cell/>`+
		`<table:table-cell table:formula="of:=1/0" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell></table:table-row>`))
	lim := Limits{MaxPartSize: 4 << 20, MaxTotalSize: 8 << 20, MaxCells: 10_000}
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		b, err := Read(data, lim)
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("Read took %v", d)
		}
		if err != nil {
			var le *LimitError
			if !errors.Is(err, ErrNotODS) && !errors.Is(err, ErrBroken) && !errors.Is(err, ErrEncrypted) && !errors.As(err, &le) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			return
		}
		cells := 0
		for _, s := range b.Sheets {
			cells += len(s.Cells) + len(s.Merges)
			for r := range s.Cells {
				if r.Row < 1 || r.Row > maxRow || r.Col < 1 || r.Col > maxCol {
					t.Fatalf("cell %v out of the sheet", r)
				}
			}
		}
		if cells > lim.MaxCells {
			t.Fatalf("%d cells and merges; limit %d", cells, lim.MaxCells)
		}
	})
}

// FuzzContent fuzzes content.xml itself, stored in a zip: mutations of a
// deflated archive rarely reach the XML. Seeded with the content.xml of the
// fixtures' report sheet.
func FuzzContent(f *testing.F) {
	f.Add(`<table:table table:name="Báo cáo" table:style-name="ta2"><table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="2" office:value-type="float" office:value="1"/>` +
		`<table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="2" office:value-type="string"><text:p>a<text:s text:c="2"/><text:span>b</text:span></text:p><text:p>c</text:p></table:table-cell><table:covered-table-cell/>` +
		`<table:table-cell table:formula="of:=1/0" office:value-type="string" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>` +
		`<table:table-cell office:value-type="date" office:date-value="2024-04-05T10:00:00"/><table:table-cell office:value-type="time" office:time-value="PT1H"/>` +
		`<table:table-cell office:value-type="boolean" office:boolean-value="true"/></table:table-row>` +
		`<table:named-expressions><table:named-range table:name="l" table:cell-range-address="$'Báo cáo'.$A$1:.$B$2"/></table:named-expressions></table:table>` +
		`<table:named-expressions><table:named-range table:name="CT_A1" table:cell-range-address="$'Báo cáo'.$D$12"/><table:named-expression table:name="e" table:expression="of:=[$S.$A$1]"/></table:named-expressions>`)
	lim := Limits{MaxCells: 10_000}
	f.Fuzz(func(t *testing.T, body string) {
		data := storedZip(t, contentXML(body))
		b, err := Read(data, lim)
		if err != nil {
			var le *LimitError
			if !errors.Is(err, ErrBroken) && !errors.As(err, &le) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			return
		}
		if cells := booktest.Cells(b); cells > lim.MaxCells {
			t.Fatalf("%d cells and merges; limit %d", cells, lim.MaxCells)
		}
	})
}

// storedZip is an .ods with the content.xml given, stored uncompressed.
func storedZip(t testing.TB, content string) []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, p := range []struct{ name, data string }{{"mimetype", mimeODS}, {"content.xml", content}} {
		f, err := w.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(p.data))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
