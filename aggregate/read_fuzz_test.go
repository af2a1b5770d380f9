package aggregate

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"tonghop/aggregate/aggregatetest/returned"
	"tonghop/templates"
)

// FuzzReadBytes opens arbitrary bytes as a returned file: it must never
// panic, never return nil, and every issue must name the file and carry a
// message. Seeded with a filled template, the reader's fixtures and the
// corpus in testdata/fuzz/FuzzReadBytes.
func FuzzReadBytes(f *testing.F) {
	c := returned.Campaign(f)
	f.Add(returned.Clean(f, c))
	for _, name := range []string{"go-lai-libreoffice.xlsx", "bieu-mau.xls", "bieu-mau.ods", "go-lai.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", "read", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte{})
	f.Add([]byte("PK\x03\x04"))
	rr := NewReader(c, ReadOptions{})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := rr.readData("mo.xlsx", data)
		if r == nil {
			t.Fatal("nil report")
		}
		if r.State != StateIdentified && len(r.Issues) == 0 {
			t.Fatal("rejected without an issue")
		}
		if r.State == StateIdentified && r.Unit == nil {
			t.Fatal("accepted without a unit")
		}
		for _, i := range r.Issues {
			if i.File != "mo.xlsx" || i.Msg == "" || !utf8.ValidString(i.Msg) {
				t.Fatalf("bad issue %+v", i)
			}
		}
	})
}

// FuzzReadCells types arbitrary text into the cells of a filled template
// (a number, a yes/no, a date, a text, the unit name, the report date) and
// reads it back: mutating the bytes of a workbook mostly breaks its zip
// checksums, this reaches the conversions, legacy detection and name
// matching. Every cell must give a value or an issue about that cell.
func FuzzReadCells(f *testing.F) {
	c := returned.Campaign(f)
	base := returned.Clean(f, c)
	for _, s := range []string{"12", "1.234", "12 bài", "không", "Có", "x", "05/4/2024", "45292", "§¾k N«ng", "UBND xã Đắk Nia", "=1/0", "#REF!", "-0", "1e308", "ngày 5 tháng 4 năm 2024"} {
		f.Add(s)
	}
	rr := NewReader(c, ReadOptions{})
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || len(s) > 32767 {
			return // a cell holds valid text of at most 32,767 characters
		}
		wb, err := excelize.OpenReader(bytes.NewReader(base))
		if err != nil {
			t.Fatal(err)
		}
		defer wb.Close()
		names := []string{"CT_A5", "CT_A1", "CT_A3", "CT_F1", templates.NameUnitName, templates.NameReportDate}
		for _, n := range names {
			sheet, cell := returned.NameCell(t, wb, n)
			if err := wb.SetCellStr(sheet, cell, s); err != nil {
				return // excelize refuses some text (control characters)
			}
		}
		buf, err := wb.WriteToBuffer()
		if err != nil {
			t.Fatal(err)
		}
		r := rr.readData("o.xlsx", buf.Bytes())
		// The name cell is fuzzed too: a name of another unit makes the
		// report that unit's (a copied form), still not rejected.
		if r == nil || r.State != StateIdentified {
			t.Fatalf("report %+v", r)
		}
		for _, id := range []string{"A5", "A1", "A3", "F1"} {
			v := val(r.Values, id)
			if v.Empty && cleanCell(v.Raw) != "" && !hasIssueAt(r.Issues, id) {
				t.Fatalf("%s = %q: no value and no issue", id, s)
			}
		}
	})
}

func hasIssueAt(is Issues, id string) bool {
	for _, i := range is {
		if i.Indicator == id {
			return true
		}
	}
	return false
}
