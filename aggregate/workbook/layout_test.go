package workbook

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tonghop/aggregate/aggregatetest"
	"tonghop/templates/testenv"
)

// layout describes a workbook as a reader sees it, cell by cell: every
// cell's raw value, formula and resolved style (font, fill, border,
// alignment, number format: not the style's id), the merged cells, each
// column's width, the row heights, the frozen panes, the autofilter, the
// dimension, the page setup and the defined names. How a cell's text is
// stored (shared or inline string) and the order of the parts are left
// out: no reader shows them.
func layout(t *testing.T, path string) string {
	t.Helper()
	f := aggregatetest.OpenRaw(t, path)
	var sb strings.Builder
	styles := map[int]string{}
	styleOf := func(id int) string {
		if s, ok := styles[id]; ok {
			return s
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatalf("style %d: %v", id, err)
		}
		j, _ := json.Marshal(st)
		styles[id] = string(j)
		return styles[id]
	}
	props, err := f.GetCalcProps()
	if err != nil {
		t.Fatal(err)
	}
	j, _ := json.Marshal(props)
	fmt.Fprintf(&sb, "calc %s\n", j)
	names := f.GetDefinedName()
	sort.Slice(names, func(i, j int) bool {
		return names[i].Scope+"\x00"+names[i].Name < names[j].Scope+"\x00"+names[j].Name
	})
	for _, n := range names {
		fmt.Fprintf(&sb, "name %q %q %q\n", n.Scope, n.Name, n.RefersTo)
	}
	idx := f.GetActiveSheetIndex()
	fmt.Fprintf(&sb, "active %d\n", idx)
	for _, sh := range f.GetSheetList() {
		fmt.Fprintf(&sb, "== %s\n", sh)
		dim, _ := f.GetSheetDimension(sh)
		panes, _ := f.GetPanes(sh)
		pl, _ := f.GetPageLayout(sh)
		sp, _ := f.GetSheetProps(sh)
		for _, x := range []struct {
			name string
			v    any
		}{{"dimension", dim}, {"panes", panes}, {"page", pl}, {"props", sp}} {
			j, _ := json.Marshal(x.v)
			fmt.Fprintf(&sb, "%s %s\n", x.name, j)
		}
		merged, err := f.GetMergeCells(sh)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range merged {
			fmt.Fprintf(&sb, "merge %s:%s\n", m.GetStartAxis(), m.GetEndAxis())
		}
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		lastCol := 0
		for _, r := range rows {
			lastCol = max(lastCol, len(r))
		}
		// The number of columns only: GetCols would read the whole
		// sheet again for each column.
		if cols, err := f.Cols(sh); err == nil {
			n := 0
			for cols.Next() {
				n++
			}
			lastCol = max(lastCol, n)
		}
		for c := 1; c <= lastCol+1; c++ {
			w, err := f.GetColWidth(sh, colName(c))
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&sb, "width %s %g\n", colName(c), w)
		}
		// Beyond the last value, styled empty cells (the blank cells of a
		// table) still show their borders.
		for r := 1; r <= len(rows)+1; r++ {
			h, err := f.GetRowHeight(sh, r)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&sb, "row %d height %g\n", r, h)
			for c := 1; c <= lastCol; c++ {
				cell := cellAt(c, r)
				v, err := f.GetCellValue(sh, cell, excelize.Options{RawCellValue: true})
				if err != nil {
					t.Fatal(err)
				}
				fm, _ := f.GetCellFormula(sh, cell)
				s, err := f.GetCellStyle(sh, cell)
				if err != nil {
					t.Fatal(err)
				}
				if v == "" && fm == "" && s == 0 {
					continue
				}
				typ, _ := f.GetCellType(sh, cell)
				kind := "text"
				switch typ {
				case excelize.CellTypeUnset, excelize.CellTypeNumber:
					kind = "number"
				case excelize.CellTypeFormula:
					kind = "formula-text"
				}
				if v == "" && fm == "" {
					kind = "empty"
				}
				fmt.Fprintf(&sb, "%s\t%s\t%q\t%q\t%s\n", cell, kind, v, fm, styleOf(s))
			}
		}
	}
	return sb.String()
}

// TestWorkbookLayout compares the sample's workbook with its golden layout
// (testdata/sample.layout): the same cells, values, formulas, styles,
// widths, heights, panes, filters, print setup and names, however the
// sheets are written. -update rewrites it.
func TestWorkbookLayout(t *testing.T) {
	got := layout(t, writeSample(t, aggregatetest.Sample(t)))
	golden := filepath.Join("testdata", "sample.layout")
	if testenv.Update() {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	compareLayouts(t, string(want), got)
}

// TestWorkbookLayoutOf compares two workbooks given by
// TONGHOP_LAYOUT_WANT and TONGHOP_LAYOUT_GOT (the tong-hop.xlsx of two
// builds merging the same folder); skipped when they are not set.
func TestWorkbookLayoutOf(t *testing.T) {
	want, got := os.Getenv("TONGHOP_LAYOUT_WANT"), os.Getenv("TONGHOP_LAYOUT_GOT")
	if want == "" || got == "" {
		t.Skip("TONGHOP_LAYOUT_WANT and TONGHOP_LAYOUT_GOT not set")
	}
	compareLayouts(t, layout(t, want), layout(t, got))
}

func compareLayouts(t *testing.T, want, got string) {
	t.Helper()
	if want == got {
		return
	}
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 20; i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			t.Errorf("line %d\nwant %s\n got %s", i+1, a, b)
			shown++
		}
	}
	if len(w) != len(g) {
		t.Errorf("%d lines, want %d", len(g), len(w))
	}
}
