package ods

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"tonghop/aggregate/book"
)

// Largest sheet of the office suites: rows and columns beyond hold nothing.
const (
	maxRow = 1048576
	maxCol = 16384
	// farAway bounds the row and column counters, so that repeats of empty
	// rows and columns add up without overflow.
	farAway = 1 << 40
)

// content reads content.xml: the table styles (for visibility), the tables
// with their rows and cells, and the named ranges.
type content struct {
	d      *decoder
	b      *book.Book
	lim    Limits
	hidden map[string]bool // table style name → table:display="false"
	style  string          // name of the style being read, "" outside one

	sheet     *book.Sheet
	row       int64 // 1-based row of the row being read
	rowRepeat int64
	col       int64 // columns consumed in the row being read
	pending   []pendingCell
	budget    int // cells and merges still allowed
}

// pendingCell is a cell with content of the row being read; it is stored
// once the row's repeat is known to be within the budget.
type pendingCell struct {
	col            int64
	repeat         int64
	cell           book.Cell
	store          bool // the cell has a value or a formula
	colSpan, rowSp int64
}

func readContent(d *decoder, b *book.Book, lim Limits) error {
	c := &content{d: d, b: b, lim: lim, hidden: map[string]bool{}, budget: lim.MaxCells}
	for {
		t, err := d.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case xml.StartElement:
			if err := c.start(t); err != nil {
				return err
			}
		case xml.EndElement:
			switch {
			case t.Name.Space == nsStyle && t.Name.Local == "style":
				c.style = ""
			case t.Name.Space == nsTable && t.Name.Local == "table-row":
				if err := c.endRow(); err != nil {
					return err
				}
			case t.Name.Space == nsTable && t.Name.Local == "table":
				c.sheet = nil
			}
		}
	}
}

// start handles an element that opens; cells and names are read whole.
func (c *content) start(t xml.StartElement) error {
	switch t.Name.Space {
	case nsStyle:
		switch t.Name.Local {
		case "style":
			if attr(t, nsStyle, "family") == "table" {
				c.style = attr(t, nsStyle, "name")
			}
		case "table-properties":
			if c.style != "" && attr(t, nsTable, "display") == "false" {
				c.hidden[c.style] = true
			}
		}
	case nsTable:
		switch t.Name.Local {
		case "table":
			return c.startTable(t)
		case "table-row":
			if c.sheet != nil {
				c.rowRepeat = repeat(t, "number-rows-repeated")
				c.col = 0
				c.pending = c.pending[:0]
			}
		case "table-cell", "covered-table-cell":
			if c.sheet != nil {
				return c.readCell(t)
			}
			return c.d.skip()
		case "named-range", "named-expression":
			return c.name(t)
		}
	}
	return nil
}

func (c *content) startTable(t xml.StartElement) error {
	if c.sheet != nil {
		// A table inside a table (a sub-table in a cell): not a sheet.
		return c.d.skip()
	}
	if len(c.b.Sheets) >= c.lim.MaxSheets {
		return &LimitError{What: "số trang tính", Limit: int64(c.lim.MaxSheets), Part: c.d.part}
	}
	s := &book.Sheet{Name: attr(t, nsTable, "name"), Cells: map[book.Ref]book.Cell{}}
	if c.hidden[attr(t, nsTable, "style-name")] {
		s.State = book.Hidden
	}
	c.b.Sheets = append(c.b.Sheets, s)
	c.sheet = s
	c.row = 1
	return nil
}

// repeat reads a repeat or span attribute: 1 when absent or unreadable,
// at most farAway.
func repeat(t xml.StartElement, local string) int64 {
	n, err := strconv.ParseInt(attr(t, nsTable, local), 10, 64)
	if err != nil || n < 1 {
		return 1
	}
	return min(n, farAway)
}

// readCell reads one cell to its end. An empty cell only advances the
// column, however often it repeats; a cell with content is held until the
// row ends.
func (c *content) readCell(t xml.StartElement) error {
	col := c.col + 1
	n := repeat(t, "number-columns-repeated")
	c.col = min(c.col+n, farAway)
	cell, err := c.cellValue(t, book.Ref{Row: int(min(c.row, farAway)), Col: int(min(col, maxCol+1))})
	if err != nil {
		return err
	}
	p := pendingCell{col: col, repeat: n, cell: cell, store: cell.Kind != book.Empty || cell.Formula != ""}
	if t.Name.Local == "table-cell" {
		p.colSpan, p.rowSp = repeat(t, "number-columns-spanned"), repeat(t, "number-rows-spanned")
	}
	merged := p.colSpan > 1 || p.rowSp > 1
	if !p.store && !merged {
		return nil
	}
	per := int64(0)
	if p.store {
		per++
	}
	if merged {
		per++
	}
	ref := book.Ref{Row: int(min(c.row, maxRow+1)), Col: int(min(col, maxCol+1))}
	// Checked before anything is allocated: a bomb of repeats fails here.
	if n > int64(c.budget) || c.rowRepeat > int64(c.budget) || per*n*c.rowRepeat > int64(c.budget) {
		return &LimitError{What: "số ô có dữ liệu (kể cả ô lặp lại)", Limit: int64(c.lim.MaxCells), Part: c.d.part, Sheet: c.sheet.Name, Cell: ref.String()}
	}
	if c.row+c.rowRepeat-1 > maxRow || col+n-1 > maxCol {
		return &LimitError{What: "vị trí ô có dữ liệu", Limit: maxRow, Part: c.d.part, Sheet: c.sheet.Name, Cell: ref.String()}
	}
	c.budget -= int(per * n * c.rowRepeat)
	c.pending = append(c.pending, p)
	return nil
}

// endRow stores the row's cells, as often as the row repeats: the budget
// was checked cell by cell, so the work here is bounded by MaxCells.
func (c *content) endRow() error {
	if c.sheet == nil {
		return nil
	}
	for r := int64(0); r < c.rowRepeat && len(c.pending) > 0; r++ {
		row := int(c.row + r)
		for _, p := range c.pending {
			for k := int64(0); k < p.repeat; k++ {
				ref := book.Ref{Row: row, Col: int(p.col + k)}
				if p.store {
					c.sheet.Cells[ref] = p.cell
				}
				if p.colSpan > 1 || p.rowSp > 1 {
					to := book.Ref{Row: int(min(int64(row)+p.rowSp-1, maxRow)), Col: int(min(int64(ref.Col)+p.colSpan-1, maxCol))}
					c.sheet.Merges = append(c.sheet.Merges, book.Range{From: ref, To: to})
				}
			}
		}
	}
	c.row = min(c.row+c.rowRepeat, farAway)
	c.rowRepeat = 1
	c.pending = c.pending[:0]
	return nil
}

// name reads a named range (table:cell-range-address) or a named expression
// (table:expression, as Gnumeric writes them); inside a table it is local
// to that sheet.
func (c *content) name(t xml.StartElement) error {
	if len(c.b.Names) >= c.lim.MaxNames {
		return &LimitError{What: "số tên vùng (named range)", Limit: int64(c.lim.MaxNames), Part: c.d.part}
	}
	n := book.Name{Name: attr(t, nsTable, "name")}
	if c.sheet != nil {
		n.Scope = c.sheet.Name
	}
	if t.Name.Local == "named-range" {
		n.RefersTo = convertAddressList(attr(t, nsTable, "cell-range-address"))
	} else {
		n.RefersTo = convertExpression(attr(t, nsTable, "expression"))
	}
	c.b.Names = append(c.b.Names, n)
	return c.d.skip()
}

// errorValues are the error results a formula cell shows as text: Excel's
// and LibreOffice's own ("Err:502").
func isErrorText(s string) bool {
	switch s {
	case "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#N/A!", "#NA":
		return true
	}
	if len(s) == 7 && strings.HasPrefix(s, "Err:") {
		_, err := strconv.Atoi(s[4:])
		return err == nil
	}
	return false
}

// formulaText is the formula without its namespace prefix and "=":
// "of:=[.C5]+[.C6]" is "[.C5]+[.C6]".
func formulaText(f string) string {
	if i := strings.Index(f, ":="); i >= 0 && !strings.ContainsAny(f[:i], "=[(\"") {
		return f[i+2:]
	}
	return strings.TrimPrefix(f, "=")
}
