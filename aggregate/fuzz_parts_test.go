package aggregate

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"tonghop/aggregate/aggregatetest/returned"
	"tonghop/aggregate/archive/archivetest"
)

// FuzzReadParts replaces one part of a filled form — the report sheet, the
// hidden identity sheet, the shared strings, the workbook with its defined
// names, the relationships, the content types, the properties — with
// fuzzed bytes and zips it again with correct checksums. Mutating the bytes
// of a whole file (FuzzReadBytes) mostly breaks the zip checksums; this
// reaches the XML parsers and the reader behind them. The read must end
// with a report that has a unit or says why not, and excelize must not
// panic (ReadBytes turns a panic into a rejection; the fuzzer wants to see
// it).
func FuzzReadParts(f *testing.F) {
	c := returned.Campaign(f)
	base := returned.Clean(f, c)
	parts := map[string][]byte{}
	var order []string
	for _, p := range archivetest.Parts(f, base) {
		parts[p.Name] = p.Data
		order = append(order, p.Name)
	}
	targets := []string{
		"xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml", "xl/sharedStrings.xml", "xl/workbook.xml",
		"xl/_rels/workbook.xml.rels", "[Content_Types].xml", "docProps/core.xml", "docProps/custom.xml", "xl/styles.xml",
	}
	for i, name := range targets {
		if parts[name] == nil {
			f.Fatalf("the form has no part %s", name)
		}
		f.Add(uint8(i), parts[name])
	}
	// Hostile seeds: a far cell, a huge declared shared strings count,
	// deep nesting, a name pointing nowhere.
	f.Add(uint8(0), []byte(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>`))
	f.Add(uint8(2), []byte(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4294967295" uniqueCount="4294967295"><si><t>x</t></si></sst>`))
	f.Add(uint8(0), bytes.Repeat([]byte("<a>"), 10000))
	f.Add(uint8(3), bytes.Replace(parts["xl/workbook.xml"], []byte("$D$12"), []byte("$XFD$1048576"), 1))
	rr := NewReader(c, ReadOptions{})
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		target := targets[int(which)%len(targets)]
		var buf bytes.Buffer
		w := zip.NewWriter(&buf)
		for _, name := range order {
			b := parts[name]
			if name == target {
				b = data
			}
			zw, err := w.Create(name)
			if err != nil {
				t.Fatal(err)
			}
			zw.Write(b)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		r := rr.readData("p.xlsx", buf.Bytes())
		if r == nil {
			t.Fatal("nil report")
		}
		if r.State != StateIdentified && len(r.Issues) == 0 || r.State == StateIdentified && r.Unit == nil {
			t.Fatalf("report %+v", r)
		}
		for _, is := range r.Issues {
			if is.File != "p.xlsx" || is.Msg == "" || !utf8.ValidString(is.Msg) {
				t.Fatalf("bad issue %+v", is)
			}
			if strings.HasPrefix(is.Msg, "tệp hỏng, không đọc được (") {
				t.Fatalf("%s: the reader panicked: %s", target, is.Msg)
			}
		}
	})
}
