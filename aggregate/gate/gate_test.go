package gate

import "testing"

// FuzzSheetCells: the cell count read before excelize never panics, never
// loops, and counts at least every referenced cell of a plain row.
func FuzzSheetCells(f *testing.F) {
	f.Add([]byte(`<worksheet><sheetData><row r="1"><c r="B1"/><c/></row><row><c r="XFD2"/></row></sheetData></worksheet>`))
	f.Add([]byte(`<x:row r = '3'><x:c r='&#88;FD3'/></x:row>`))
	f.Add([]byte(`<row r="1"><c r="A1" t=`))
	f.Add([]byte(`<c r`))
	f.Fuzz(func(t *testing.T, b []byte) {
		cells, _ := SheetCells(b)
		if cells < 0 {
			t.Fatalf("cells %d", cells)
		}
		RootElement(b)
	})
}

func TestSheetCells(t *testing.T) {
	tests := []struct {
		name  string
		xml   string
		cells int64
		far   string
	}{
		{"plain", `<row r="1"><c r="A1"/><c r="C1"/></row><row r="2"><c r="B2"/></row>`, 5, "C1"},
		{"no references", `<row><c/><c/><c/></row><row><c/></row>`, 4, "C1"},
		{"prefixed, spaced, escaped", `<x:row r = '7'><x:c r='&#88;FD7'/></x:row>`, 16384, "XFD7"},
		{"other elements", `<cols><col min="1" max="16384"/></cols><mergeCell ref="A1:XFD1"/>`, 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cells, far := SheetCells([]byte(tc.xml))
			if cells != tc.cells || far != tc.far {
				t.Errorf("%d cells, far %q; want %d, %q", cells, far, tc.cells, tc.far)
			}
		})
	}
}
