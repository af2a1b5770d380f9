package xlsx

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"tonghop/aggregate/book"
)

// maxRow and maxCol are the largest sheet (XFD1048576).
const (
	maxRow = 1 << 20
	maxCol = 1 << 14
)

// readStrings reads the shared strings table; a file without one is fine.
func (r *reader) readStrings(part string) error {
	d, err := r.open(part)
	if err != nil || d == nil {
		return err
	}
	var buf []byte
	for {
		t, err := d.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if t.kind != tokStart || d.depth != 2 || !t.is("si") {
			continue
		}
		if len(r.sst) == r.lim.MaxStrings {
			return &LimitError{Part: d.part, What: WhatStrings, Limit: int64(r.lim.MaxStrings)}
		}
		if buf, err = d.richText(buf[:0]); err != nil {
			return err
		}
		r.sst = append(r.sst, unescape(string(buf)))
	}
}

// richText collects the text of the element just started (<si>, <is>):
// its <t> and its runs' <t>, without the phonetic guide (<rPh>). The text is
// kept as written, white space and all, whatever xml:space says: Excel and
// excelize do the same.
func (d *decoder) richText(buf []byte) ([]byte, error) {
	start := d.depth
	skip, inT := 0, 0 // depths of the <rPh> skipped and the <t> read, 0 when none
	for {
		t, err := d.next()
		if err != nil {
			if err == io.EOF {
				err = d.truncated()
			}
			return buf, err
		}
		switch t.kind {
		case tokStart:
			switch {
			case skip != 0 || inT != 0:
			case t.is("rPh"):
				skip = d.depth
			case t.is("t"):
				inT = d.depth
			}
		case tokEnd:
			if d.depth < start {
				return buf, nil
			}
			if d.depth < skip {
				skip = 0
			}
			if d.depth < inT {
				inT = 0
			}
		case tokText:
			if inT != 0 && skip == 0 {
				buf = append(buf, t.text...)
			}
		}
	}
}

// unescape decodes the _xHHHH_ escapes that Office writes for characters
// XML 1.0 cannot hold (_x000D_ for a carriage return, _x005F_ for "_"), as
// excelize does; an escape of half a surrogate pair is dropped, like there.
func unescape(s string) string {
	i := strings.Index(s, "_x")
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		if s[i] == '_' && i+7 <= len(s) && s[i+1] == 'x' && s[i+6] == '_' {
			if n, err := strconv.ParseUint(s[i+2:i+6], 16, 32); err == nil {
				if n < 0xD800 || n > 0xDFFF {
					b.WriteRune(rune(n))
				}
				i += 7
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// sheetScan is the state of reading one sheet.
type sheetScan struct {
	r        *reader
	d        *decoder
	s        *book.Sheet
	row, col int // position of the last row and cell, for those without r
	cells    int
	// extent counts the cells a reader that fills every row up to its
	// last cell (excelize does) would make: the last column of each row
	// seen so far, plus rowLast for the row being read. A few hundred
	// empty cells at column XFD cost nothing here but would cost
	// gigabytes there, so they count against MaxCells too.
	extent   int64
	rowLast  int
	far      book.Ref // the cell furthest right, for the limit's message
	merges   int
	v, f, is []byte // scratch for the current cell
}

// readSheet reads a worksheet part into s: cells and merged ranges.
// Everything else (dimension, columns, views, formatting) is skipped
// unread; the dimension is never used, so no value in it can make anyone
// allocate per row or column. A sheet whose content stops reading part way
// (bad XML, a cell off the sheet) keeps what came before, with the reason
// in s.Broken: the book's other sheets may be all its reader needs. A limit
// passed, or an archive that does not inflate, ends the whole read.
func (r *reader) readSheet(s *book.Sheet, part string) error {
	d, err := r.open(part)
	if err != nil {
		switch e := err.(type) {
		case *brokenError:
			e.sheet = s.Name
		case *LimitError:
			e.Sheet = s.Name
		}
		return err
	}
	if d == nil {
		return &brokenError{part: part, sheet: s.Name, detail: "thiếu phần chứa trang tính trong tệp nén"}
	}
	err = r.scanSheet(s, d)
	if _, ok := err.(*brokenError); ok {
		s.Broken = err.Error()
		return nil
	}
	return err
}

// scanSheet is readSheet of the opened part, up to the first error.
func (r *reader) scanSheet(s *book.Sheet, d *decoder) error {
	d.setSheet(s.Name)
	sc := &sheetScan{r: r, d: d, s: s}
	section := sectionOther // the child of <worksheet> being read
	for {
		t, err := d.next()
		if err == io.EOF {
			return sc.endRow()
		}
		if err != nil {
			return err
		}
		if t.kind != tokStart {
			continue
		}
		switch {
		case d.depth == 2:
			section = sectionOf(t)
		case d.depth == 3 && section == sectionData && t.is("row"):
			err = sc.startRow(t)
		case d.depth == 4 && section == sectionData && t.is("c"):
			err = sc.cell(t)
		case d.depth == 3 && section == sectionMerges && t.is("mergeCell"):
			err = sc.merge(t)
		}
		if err != nil {
			return err
		}
	}
}

func (sc *sheetScan) broken(cell, detail string) error {
	return &brokenError{part: sc.d.part, sheet: sc.s.Name, cell: cell, detail: detail}
}

// endRow adds the row just read to the sheet's extent.
func (sc *sheetScan) endRow() error {
	sc.extent += int64(sc.rowLast)
	sc.rowLast = 0
	if sc.extent > int64(sc.r.lim.MaxCells) {
		return sc.tooManyCells()
	}
	return nil
}

func (sc *sheetScan) tooManyCells() error {
	e := &LimitError{Part: sc.d.part, Sheet: sc.s.Name, What: WhatCells, Limit: int64(sc.r.lim.MaxCells)}
	if sc.far.Col > 0 {
		e.Far = sc.far.String()
	}
	return e
}

func (sc *sheetScan) startRow(t *token) error {
	if err := sc.endRow(); err != nil {
		return err
	}
	sc.col = 0
	v, ok := t.attr("r")
	if !ok {
		if sc.row++; sc.row > maxRow {
			return sc.broken("", "dòng vượt quá dòng 1048576")
		}
		return nil
	}
	n, ok := atoi(bytes.TrimSpace(v))
	if !ok || n < 1 || n > maxRow {
		return sc.broken("", fmt.Sprintf("số dòng “%s” không hợp lệ (phải từ 1 đến 1048576)", clip(string(v))))
	}
	sc.row = n
	return nil
}

// cell reads one <c> to its end and stores it unless it is empty.
func (sc *sheetScan) cell(t *token) error {
	if sc.cells++; sc.cells > sc.r.lim.MaxCells {
		return sc.tooManyCells()
	}
	if sc.r.cells--; sc.r.cells < 0 {
		return &LimitError{Part: sc.d.part, Sheet: sc.s.Name, What: WhatBookCells, Limit: int64(sc.r.lim.MaxBookCells)}
	}
	var ref book.Ref
	var style []byte
	typ := ""
	hasRef := false
	for _, a := range t.attrs {
		switch string(a.local) {
		case "r":
			var ok bool
			if ref, ok = book.ParseRefBytes(a.value); !ok {
				return sc.broken(clip(string(a.value)), "địa chỉ ô không hợp lệ hoặc vượt quá ô XFD1048576")
			}
			hasRef = true
		case "t":
			typ = cellType(a.value)
		case "s":
			style = a.value
		}
	}
	if !hasRef {
		// Position follows the previous cell of the row, as Excel reads it.
		ref = book.Ref{Row: max(sc.row, 1), Col: sc.col + 1}
		if ref.Col > maxCol {
			return sc.broken("", fmt.Sprintf("dòng %d có ô vượt quá cột XFD", ref.Row))
		}
	}
	sc.row, sc.col = ref.Row, ref.Col
	sc.rowLast = max(sc.rowLast, ref.Col)
	if ref.Col > sc.far.Col {
		sc.far = ref
	}
	c, err := sc.content()
	if err != nil {
		return err
	}
	cell, detail := sc.r.convert(typ, c)
	if detail != "" {
		return sc.broken(ref.String(), detail)
	}
	if cell.Kind == book.Number {
		cell.Format = sc.r.format(style)
	}
	if cell.Kind != book.Empty || cell.Formula != "" {
		sc.s.Cells[ref] = cell
	}
	return nil
}

// content is what a <c> holds.
type content struct {
	v, f, is          []byte
	hasV, hasF, hasIs bool
}

// content reads the children of the <c> just started, to its end.
func (sc *sheetScan) content() (content, error) {
	d := sc.d
	start := d.depth
	c := content{}
	for {
		t, err := d.next()
		if err != nil {
			if err == io.EOF {
				err = d.truncated()
			}
			return c, err
		}
		switch t.kind {
		case tokStart:
			if d.depth != start+1 {
				continue
			}
			switch string(t.local) {
			case "v":
				sc.v, err = d.text(sc.v[:0])
				c.v, c.hasV = sc.v, true
			case "f":
				sc.f, err = d.text(sc.f[:0])
				c.f, c.hasF = sc.f, true
			case "is":
				sc.is, err = d.richText(sc.is[:0])
				c.is, c.hasIs = sc.is, true
			}
			if err != nil {
				return c, err
			}
		case tokEnd:
			if d.depth < start {
				return c, nil
			}
		}
	}
}

// merge reads one <mergeCell ref="A1:B2">; a reference that does not
// read is skipped, as Excel drops it on repair.
func (sc *sheetScan) merge(t *token) error {
	if sc.merges++; sc.merges > sc.r.lim.MaxMerges {
		return &LimitError{Part: sc.d.part, Sheet: sc.s.Name, What: WhatMerges, Limit: int64(sc.r.lim.MaxMerges)}
	}
	v, _ := t.attr("ref")
	a, b, found := strings.Cut(string(v), ":")
	if !found {
		b = a
	}
	from, ok1 := book.ParseRef(a)
	to, ok2 := book.ParseRef(b)
	if !ok1 || !ok2 {
		return nil
	}
	rg := book.Range{
		From: book.Ref{Row: min(from.Row, to.Row), Col: min(from.Col, to.Col)},
		To:   book.Ref{Row: max(from.Row, to.Row), Col: max(from.Col, to.Col)},
	}
	sc.s.Merges = append(sc.s.Merges, rg)
	return nil
}

// clip shortens text from the file quoted in a message.
func clip(s string) string {
	const n = 40
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && s[i]&0xC0 == 0x80 {
		i--
	}
	return s[:i] + "…"
}

// The children of <worksheet> the reader reads.
const (
	sectionOther = iota
	sectionData
	sectionMerges
)

func sectionOf(t *token) int {
	switch string(t.local) {
	case "sheetData":
		return sectionData
	case "mergeCells":
		return sectionMerges
	}
	return sectionOther
}

// cellType returns the t attribute of a <c> as a string without
// allocating for the types there are.
func cellType(v []byte) string {
	for _, t := range [...]string{"s", "n", "str", "inlineStr", "b", "e", "d"} {
		if string(v) == t {
			return t
		}
	}
	return string(v)
}

// atoi reads a non-negative decimal number of at most nine digits.
func atoi(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
