package pdf

import (
	"fmt"
	"math"

	"tonghop/aggregate/document"
)

// laidCell is a cell's paragraphs laid out in its width.
type laidCell struct {
	slot  document.Slot
	lines []line
	h     float64 // content height, padding excluded
}

// laidTable is a table measured for drawing: its column widths, every
// cell's lines, and each row's height.
type laidTable struct {
	t      *document.Table
	widths []float64
	x      []float64 // left edge of each column, from the margin
	cells  [][]*laidCell
	rowH   []float64
	pad    float64 // left and right
	vpad   float64 // top and bottom
}

// measure lays out every cell of t for a text area textWidth mm wide.
func (l *pdfLayout) measure(t *document.Table, textWidth float64) (*laidTable, error) {
	grid, err := t.Grid()
	if err != nil {
		return nil, err
	}
	lt := &laidTable{t: t, widths: t.ColumnWidths(textWidth), pad: t.Padding}
	if lt.pad <= 0 {
		lt.pad = 1
	}
	// Word and LibreOffice pad cells on the left and right only; a thin
	// margin above and below keeps text off the borders.
	lt.vpad = min(lt.pad, 0.3)
	lt.x = make([]float64, len(lt.widths)+1)
	for i, w := range lt.widths {
		lt.x[i+1] = lt.x[i] + w
	}
	def := t.FontSize
	if def <= 0 {
		def = document.BodySize
	}
	scale := 1.0
	if t.Borders {
		scale = 0.92
	}
	lt.cells = make([][]*laidCell, len(grid))
	lt.rowH = make([]float64, len(grid))
	for r, slots := range grid {
		lt.cells[r] = make([]*laidCell, len(slots))
		for c, s := range slots {
			if !s.Starts(r, c) {
				continue
			}
			lc := &laidCell{slot: s}
			w := lt.x[c+s.ColSpan] - lt.x[c] - 2*lt.pad
			if s.Cell != nil {
				for i := range s.Cell.Paras {
					lines, h := l.layoutPara(&s.Cell.Paras[i], w, def, scale)
					for _, ln := range lines {
						ln.y += lc.h
						lc.lines = append(lc.lines, ln)
					}
					lc.h += h
				}
			}
			if len(lc.lines) == 0 {
				lc.h = lineH(def) * scale
			}
			lt.cells[r][c] = lc
			if s.RowSpan == 1 {
				lt.rowH[r] = math.Max(lt.rowH[r], lc.h+2*lt.vpad)
			}
		}
	}
	// A cell spanning rows that needs more room than they have gives the
	// rest to its last row.
	for r := range lt.cells {
		for _, lc := range lt.cells[r] {
			if lc == nil || lc.slot.RowSpan == 1 {
				continue
			}
			have := 0.0
			for k := r; k < r+lc.slot.RowSpan; k++ {
				have += lt.rowH[k]
			}
			if need := lc.h + 2*lt.vpad; need > have {
				lt.rowH[r+lc.slot.RowSpan-1] += need - have
			}
		}
	}
	return lt, nil
}

// blockEnd returns the end (exclusive) of the unbreakable run of rows from
// r: rows joined by a cell that spans them.
func (lt *laidTable) blockEnd(r int) int {
	end := r + 1
	for k := r; k < end; k++ {
		for _, lc := range lt.cells[k] {
			if lc != nil {
				end = max(end, k+lc.slot.RowSpan)
			}
		}
	}
	return end
}

// height of rows [a, b).
func (lt *laidTable) height(a, b int) float64 {
	h := 0.0
	for r := a; r < b; r++ {
		h += lt.rowH[r]
	}
	return h
}

// heading reports whether row r is one cell across the table (a group
// heading), which stays with the row after it.
func (lt *laidTable) heading(r int) bool {
	lc := lt.cells[r][0]
	return lc != nil && lc.slot.ColSpan == len(lt.widths) && len(lt.t.Rows[r].Cells) == 1
}

// table draws a table from the cursor, starting new pages as needed and
// repeating the header rows on each. A row (or rows joined by a span) is
// never split; a heading row stays with the next, and the last row never
// stands alone.
func (l *pdfLayout) table(t *document.Table) error {
	lt, err := l.measure(t, l.width())
	if err != nil {
		return fmt.Errorf("bảng: %w", err)
	}
	nh := min(max(t.HeaderRows, 0), len(lt.rowH))
	drawHeader := func() { l.drawRows(lt, 0, nh) }
	headH := lt.height(0, nh)
	prev := l.onNewPage
	if nh > 0 {
		l.onNewPage = drawHeader
	}
	defer func() { l.onNewPage = prev }()
	firstEnd := len(lt.rowH)
	if nh < len(lt.rowH) {
		firstEnd = lt.blockEnd(nh)
	}
	if l.f.GetY()+headH+lt.height(nh, firstEnd) > l.bottom()+0.01 && l.f.GetY() > marginTop+headH+0.01 {
		l.newPage()
	} else {
		drawHeader()
	}
	for r := nh; r < len(lt.rowH); {
		end := lt.blockEnd(r)
		need := lt.height(r, end)
		if end < len(lt.rowH) && (lt.heading(r) || end == len(lt.rowH)-1) {
			need += lt.height(end, lt.blockEnd(end))
		}
		if l.f.GetY()+need > l.bottom()+0.01 && l.f.GetY() > marginTop+headH+0.01 {
			l.newPage()
		}
		l.drawRows(lt, r, end)
		r = end
	}
	return nil
}

// drawRows draws rows [a, b) at the cursor and moves it below them.
func (l *pdfLayout) drawRows(lt *laidTable, a, b int) {
	y0 := l.f.GetY()
	l.f.SetLineWidth(0.2)
	y := y0
	for r := a; r < b; r++ {
		for c, lc := range lt.cells[r] {
			if lc == nil {
				continue
			}
			s := lc.slot
			x := marginLeft + lt.x[c]
			w := lt.x[c+s.ColSpan] - lt.x[c]
			h := lt.height(r, min(r+s.RowSpan, len(lt.rowH)))
			if s.Cell != nil && s.Cell.Shade {
				l.f.SetFillColor(235, 235, 235)
				l.f.Rect(x, y, w, h, "F")
				// Back to the text's colour: while the two differ, fpdf
				// wraps every text in "q … g … Q".
				l.f.SetFillColor(0, 0, 0)
			}
			if lt.t.Borders {
				l.f.Rect(x, y, w, h, "D")
			}
			top := y + lt.vpad
			if lt.t.Borders {
				top = y + (h-lc.h)/2 // centred vertically
			}
			l.drawLines(lc.lines, x+lt.pad, top)
		}
		y += lt.rowH[r]
	}
	l.f.SetXY(marginLeft, y)
}
