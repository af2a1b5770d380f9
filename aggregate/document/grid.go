package document

import "fmt"

// MaxColumns is the most columns a table may have (Word's own limit).
const MaxColumns = 63

// Slot is one position of a table's grid and the cell that covers it.
type Slot struct {
	// Cell covers the slot; nil when the row ran out of cells before this
	// column (the writers leave the slot empty).
	Cell *Cell
	// Row and Col are where Cell starts; a slot with Row, Col equal to its
	// own position is where a writer emits the cell.
	Row, Col int
	// RowSpan and ColSpan are the cell's spans after clamping to the grid.
	RowSpan, ColSpan int
}

// Starts reports whether the slot at (r, c) is the top-left corner of its
// cell.
func (s Slot) Starts(r, c int) bool { return s.Row == r && s.Col == c }

// Grid places the table's cells on len(Widths) columns, row by row, as an
// HTML table does: a cell goes into the first free column, and a RowSpan
// covers the same columns in the rows below. Spans that would leave the
// table, or run into a cell spanning from above, are cut short. Grid fails
// when a row holds more cells than it has free columns (their text would be
// lost) or the table has no columns or more than MaxColumns. The cost is
// linear in rows × columns.
func (t *Table) Grid() ([][]Slot, error) {
	cols := len(t.Widths)
	if cols == 0 || cols > MaxColumns {
		return nil, fmt.Errorf("bảng có %d cột: cần từ 1 đến %d cột", cols, MaxColumns)
	}
	rows := len(t.Rows)
	flat := make([]Slot, rows*cols)
	grid := make([][]Slot, rows)
	for r := range grid {
		grid[r] = flat[r*cols : (r+1)*cols : (r+1)*cols]
		for c := range grid[r] {
			grid[r][c] = Slot{Row: -1, Col: -1}
		}
	}
	for r := range t.Rows {
		c := 0
		for i := range t.Rows[r].Cells {
			cell := &t.Rows[r].Cells[i]
			for c < cols && grid[r][c].Row >= 0 {
				c++
			}
			if c >= cols {
				return nil, fmt.Errorf("bảng, dòng %d: có %d ô nhưng chỉ còn chỗ cho %d ô", r+1, len(t.Rows[r].Cells), i)
			}
			cs := max(cell.ColSpan, 1)
			free := 0
			for c+free < cols && grid[r][c+free].Row < 0 && free < cs {
				free++
			}
			cs = free
			rs := min(max(cell.RowSpan, 1), rows-r)
			for rr := r; rr < r+rs; rr++ {
				for cc := c; cc < c+cs; cc++ {
					grid[rr][cc] = Slot{Cell: cell, Row: r, Col: c, RowSpan: rs, ColSpan: cs}
				}
			}
			c += cs
		}
		// Columns the row left empty become empty single cells.
		for cc := range grid[r] {
			if grid[r][cc].Row < 0 {
				grid[r][cc] = Slot{Row: r, Col: cc, RowSpan: 1, ColSpan: 1}
			}
		}
	}
	return grid, nil
}
