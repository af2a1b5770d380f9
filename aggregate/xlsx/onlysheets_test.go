package xlsx

import (
	"bytes"
	"io"
	"path/filepath"
	"slices"
	"testing"

	"tonghop/aggregate/archive/archivetest"
	"tonghop/aggregate/book"
)

// TestOnlySheets: with Limits.OnlySheets, every sheet is listed but only
// those named are read, and the others' parts are never inflated: a sheet
// part past MaxPartSize that is not asked for does not stop the read.
func TestOnlySheets(t *testing.T) {
	data := readFile(t, filepath.Join("testdata", "template.xlsx"))
	all, err := Read(data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Sheets) < 2 {
		t.Fatalf("%d sheets: the fixture should have two or more", len(all.Sheets))
	}
	keep := all.Sheets[len(all.Sheets)-1].Name
	// The first sheet's part grows past the part limit (white space
	// inside the root element): read whole, the workbook is refused.
	first := "xl/worksheets/sheet1.xml"
	big := archivetest.ReplacePart(t, data, first, func(w io.Writer, old []byte) {
		i := bytes.Index(old, []byte("<sheetData"))
		w.Write(old[:i])
		w.Write(bytes.Repeat([]byte(" "), 5<<20))
		w.Write(old[i:])
	})
	if _, err := Read(big, Limits{}); err == nil {
		t.Fatal("a sheet part over MaxPartSize read whole without error")
	}
	b, err := Read(big, Limits{OnlySheets: []string{keep}})
	if err != nil {
		t.Fatalf("OnlySheets %q: %v", keep, err)
	}
	names := func(b *book.Book) (out []string) {
		for _, s := range b.Sheets {
			out = append(out, s.Name)
		}
		return out
	}
	if !slices.Equal(names(b), names(all)) {
		t.Errorf("sheets %q, want %q", names(b), names(all))
	}
	for i, s := range b.Sheets {
		want := 0
		if s.Name == keep {
			want = len(all.Sheets[i].Cells)
		}
		if len(s.Cells) != want {
			t.Errorf("sheet %q: %d cells, want %d", s.Name, len(s.Cells), want)
		}
	}
}
