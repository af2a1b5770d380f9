package document

import (
	"fmt"
	"strings"
	"testing"

	_ "tonghop/templates/testenv" // the flags every package's tests accept (go test ./... -update)
)

// picture draws a grid as text: each slot names the cell covering it
// (the cell's first run), "." for an empty slot.
func picture(g [][]Slot) string {
	var rows []string
	for _, row := range g {
		var cells []string
		for _, s := range row {
			name := "."
			if s.Cell != nil && len(s.Cell.Paras) > 0 {
				name = s.Cell.Paras[0].Text()
			}
			cells = append(cells, name)
		}
		rows = append(rows, strings.Join(cells, " "))
	}
	return strings.Join(rows, "|")
}

func c(name string, cs, rs int) Cell {
	return Cell{ColSpan: cs, RowSpan: rs, Paras: []Paragraph{{Runs: []Run{{Text: name}}}}}
}

func TestGrid(t *testing.T) {
	tests := []struct {
		name    string
		cols    int
		rows    []Row
		want    string
		wantErr string
	}{
		{"plain", 2, []Row{{Cells: []Cell{c("a", 1, 1), c("b", 1, 1)}}}, "a b", ""},
		{"two-row header", 4, []Row{
			{Cells: []Cell{c("TT", 1, 2), c("Tên", 1, 2), c("Trang", 2, 1)}},
			{Cells: []Cell{c("A1", 1, 1), c("A2", 1, 1)}},
			{Cells: []Cell{c("1", 1, 1), c("x", 1, 1), c("3", 1, 1), c("4", 1, 1)}},
		}, "TT Tên Trang Trang|TT Tên A1 A2|1 x 3 4", ""},
		{"short row left empty", 3, []Row{{Cells: []Cell{c("a", 1, 1)}}}, "a . .", ""},
		{"span cut at the table's edge", 3, []Row{{Cells: []Cell{c("a", 2, 1), c("b", 5, 1)}}}, "a a b", ""},
		{"row span cut at the last row", 2, []Row{{Cells: []Cell{c("a", 1, 9), c("b", 1, 1)}}, {Cells: []Cell{c("c", 1, 1)}}}, "a b|a c", ""},
		{"column span cut by a cell from above", 3, []Row{
			{Cells: []Cell{c("a", 1, 1), c("b", 1, 2), c("x", 1, 1)}},
			{Cells: []Cell{c("c", 3, 1), c("d", 1, 1)}},
		}, "a b x|c b d", ""},
		{"zero and negative spans mean 1", 2, []Row{{Cells: []Cell{c("a", 0, -3), c("b", -1, 0)}}}, "a b", ""},
		{"too many cells", 2, []Row{{Cells: []Cell{c("a", 1, 1), c("b", 1, 1), c("c", 1, 1)}}}, "", "bảng, dòng 1: có 3 ô nhưng chỉ còn chỗ cho 2 ô"},
		{"no columns", 0, nil, "", "bảng có 0 cột: cần từ 1 đến 63 cột"},
		{"too many columns", 64, nil, "", "bảng có 64 cột: cần từ 1 đến 63 cột"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab := Table{Widths: make([]float64, tt.cols), Rows: tt.rows}
			g, err := tab.Grid()
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := picture(g); got != tt.want {
				t.Errorf("grid = %q, want %q", got, tt.want)
			}
			checkGrid(t, g)
		})
	}
}

// checkGrid checks that every slot lies inside the rectangle of the cell
// it names, and that the rectangle's corner names the same cell.
func checkGrid(t testing.TB, g [][]Slot) {
	t.Helper()
	for r, row := range g {
		for col, s := range row {
			if s.Row > r || s.Col > col || s.Row+s.RowSpan <= r || s.Col+s.ColSpan <= col || s.RowSpan < 1 || s.ColSpan < 1 {
				t.Fatalf("slot (%d,%d) = %+v lies outside its cell", r, col, s)
			}
			if o := g[s.Row][s.Col]; o.Cell != s.Cell || o.RowSpan != s.RowSpan || o.ColSpan != s.ColSpan {
				t.Fatalf("slot (%d,%d) disagrees with its corner (%d,%d)", r, col, s.Row, s.Col)
			}
		}
	}
}

// FuzzGrid builds tables from arbitrary bytes (column count, then cells
// per row and their spans) and checks that Grid either fails or covers the
// grid with rectangles consistently.
func FuzzGrid(f *testing.F) {
	f.Add([]byte{4, 3, 1, 2, 1, 2, 2, 1, 2, 1, 1, 1, 1})
	f.Add([]byte{2, 1, 9, 9})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 1 || len(data) > 4000 {
			return
		}
		tab := Table{Widths: make([]float64, int(data[0])%70)}
		data = data[1:]
		for len(data) > 0 {
			n := int(data[0]) % 8
			data = data[1:]
			var row Row
			for i := 0; i < n && len(data) >= 2; i++ {
				row.Cells = append(row.Cells, c(fmt.Sprint(i), int(data[0]%9)-1, int(data[1]%9)-1))
				data = data[2:]
			}
			tab.Rows = append(tab.Rows, row)
		}
		g, err := tab.Grid()
		if err != nil {
			return
		}
		if len(g) != len(tab.Rows) {
			t.Fatalf("%d grid rows for %d rows", len(g), len(tab.Rows))
		}
		checkGrid(t, g)
	})
}

func TestColumnWidths(t *testing.T) {
	tests := []struct {
		name     string
		widths   []float64
		relative bool
		want     string
	}{
		{"mm kept", []float64{10, 20.5}, false, "[10 20.5]"},
		{"relative scaled", []float64{1, 3}, true, "[41.25 123.75]"},
		{"bad widths count as 0", []float64{-1, 0, 2}, false, "[0 0 2]"},
		{"all zero relative shares equally", []float64{0, 0, 0}, true, "[55 55 55]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab := Table{Widths: tt.widths, Relative: tt.relative}
			if got := fmt.Sprint(tab.ColumnWidths(165)); got != tt.want {
				t.Errorf("ColumnWidths = %s, want %s", got, tt.want)
			}
		})
	}
}
