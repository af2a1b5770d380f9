package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzRead reads arbitrary bytes: an error of a known kind or a Book within
// the limits, with every sheet that xl/workbook.xml lists. Seeded with the
// real-client fixtures and small hand-written workbooks.
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.xlsx"))
	for _, p := range files {
		f.Add(readFile(f, p))
	}
	f.Add(oneSheet(f, `<row><c t="s"><v>0</v></c><c r="C1" t="d"><v>2024-04-05</v></c><c><f>A1</f></c></row>`, `<si><r><t>a</t></r><rPh><t>b</t></rPh></si>`))
	f.Add([]byte{})
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Small limits keep each run fast and reach the limit paths.
		lim := Limits{MaxPartSize: 1 << 20, MaxCells: 5000, MaxStrings: 5000}
		if b := checkRead(t, data, lim); b != nil {
			if n := workbookSheets(t, data); n != len(b.Sheets) {
				t.Fatalf("%d sheets, workbook.xml lists %d", len(b.Sheets), n)
			}
		}
	})
}

// FuzzReadPart replaces one part of a filled form with fuzzed bytes and
// zips it again with good checksums: mutating a whole file mostly breaks
// the checksums, this reaches the XML of each part. The aggregate package's
// FuzzReadParts corpus uses the same targets and replays here
// (TestAggregateCorpora).
func FuzzReadPart(f *testing.F) {
	base := readFile(f, filepath.Join("testdata", "excelize.xlsx"))
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		f.Fatal(err)
	}
	for i, name := range partTargets {
		for _, zf := range zr.File {
			if zf.Name == name {
				rc, _ := zf.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				f.Add(uint8(i), b)
			}
		}
	}
	f.Add(uint8(0), []byte(`<worksheet><sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c><c/></row></sheetData></worksheet>`))
	f.Add(uint8(2), []byte(`<sst count="4294967295" uniqueCount="4294967295"><si><t>x</t></si></sst>`))
	f.Add(uint8(0), bytes.Repeat([]byte("<a>"), 100))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		in := replacePart(t, base, partTargets[int(which)%len(partTargets)], data)
		lim := partLim
		if b := checkRead(t, in, lim); b != nil {
			if n := workbookSheets(t, in); n != len(b.Sheets) {
				t.Fatalf("%d sheets, workbook.xml lists %d", len(b.Sheets), n)
			}
		}
	})
}

// partLim are FuzzReadPart's limits: small, to reach the limit paths, but
// above the base's 16,384 cells of its row to XFD, so that a run reads the
// base whole and the replaced part decides.
var partLim = Limits{MaxPartSize: 1 << 20, MaxCells: 20_000, MaxStrings: 5000}

// workbookSheets counts the <sheet> elements of xl/workbook.xml with
// encoding/xml's full decoder, independently of Read.
func workbookSheets(t *testing.T, data []byte) int {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("Read took what archive/zip refuses: %v", err)
	}
	for _, f := range zr.File {
		if !strings.EqualFold(strings.ReplaceAll(f.Name, "\\", "/"), partWorkbook) {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		d := xml.NewDecoder(rc)
		n, depth := 0, 0
		for {
			tok, err := d.RawToken()
			if err != nil {
				return n
			}
			switch e := tok.(type) {
			case xml.StartElement:
				if depth++; depth == 3 && e.Name.Local == "sheet" {
					n++
				}
			case xml.EndElement:
				depth--
			}
		}
	}
	t.Fatal("Read took a zip without xl/workbook.xml")
	return 0
}
