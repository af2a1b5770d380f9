package xlsx

import (
	"encoding/xml"
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
	d, c, err := r.open(part)
	if err != nil || d == nil {
		return err
	}
	defer c.Close()
	var buf []byte
	for {
		tok, err := d.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		e, ok := tok.(xml.StartElement)
		if !ok || d.depth != 2 || e.Name.Local != "si" {
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
		tok, err := d.next()
		if err != nil {
			if err == io.EOF {
				err = d.broken("phần XML bị cắt ngang (thiếu thẻ đóng)")
			}
			return buf, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case skip != 0 || inT != 0:
			case t.Name.Local == "rPh":
				skip = d.depth
			case t.Name.Local == "t":
				inT = d.depth
			}
		case xml.EndElement:
			if d.depth < start {
				return buf, nil
			}
			if d.depth < skip {
				skip = 0
			}
			if d.depth < inT {
				inT = 0
			}
		case xml.CharData:
			if inT != 0 && skip == 0 {
				buf = append(buf, t...)
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
	merges   int
	v, f, is []byte // scratch for the current cell
}

// readSheet reads a worksheet part into s: cells and merged ranges.
// Everything else (dimension, columns, views, formatting) is skipped
// unread; the dimension is never used, so no value in it can make anyone
// allocate per row or column.
func (r *reader) readSheet(s *book.Sheet, part string) error {
	d, c, err := r.open(part)
	if err != nil {
		if b, ok := err.(*brokenError); ok {
			b.sheet = s.Name
		}
		return err
	}
	if d == nil {
		return &brokenError{part: part, sheet: s.Name, detail: "thiếu phần chứa trang tính trong tệp nén"}
	}
	defer c.Close()
	d.setSheet(s.Name)
	sc := &sheetScan{r: r, d: d, s: s}
	section := "" // the child of <worksheet> being read
	for {
		tok, err := d.next()
		if err == io.EOF {
			return sc.endRow()
		}
		if err != nil {
			return err
		}
		e, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch {
		case d.depth == 2:
			section = e.Name.Local
		case d.depth == 3 && section == "sheetData" && e.Name.Local == "row":
			err = sc.startRow(e)
		case d.depth == 4 && section == "sheetData" && e.Name.Local == "c":
			err = sc.cell(e)
		case d.depth == 3 && section == "mergeCells" && e.Name.Local == "mergeCell":
			err = sc.merge(e)
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
		return &LimitError{Part: sc.d.part, Sheet: sc.s.Name, What: WhatCells, Limit: int64(sc.r.lim.MaxCells)}
	}
	return nil
}

func (sc *sheetScan) startRow(e xml.StartElement) error {
	if err := sc.endRow(); err != nil {
		return err
	}
	sc.col = 0
	v, ok := attr(e, "r")
	if !ok {
		if sc.row++; sc.row > maxRow {
			return sc.broken("", "dòng vượt quá dòng 1048576")
		}
		return nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 || n > maxRow {
		return sc.broken("", fmt.Sprintf("số dòng “%s” không hợp lệ (phải từ 1 đến 1048576)", clip(v)))
	}
	sc.row = n
	return nil
}

// cell reads one <c> to its end and stores it unless it is empty.
func (sc *sheetScan) cell(e xml.StartElement) error {
	if sc.cells++; sc.cells > sc.r.lim.MaxCells {
		return &LimitError{Part: sc.d.part, Sheet: sc.s.Name, What: WhatCells, Limit: int64(sc.r.lim.MaxCells)}
	}
	if sc.r.cells--; sc.r.cells < 0 {
		return &LimitError{Part: sc.d.part, Sheet: sc.s.Name, What: WhatBookCells, Limit: int64(sc.r.lim.MaxBookCells)}
	}
	var ref book.Ref
	typ := ""
	hasRef := false
	for _, a := range e.Attr {
		switch a.Name.Local {
		case "r":
			var ok bool
			if ref, ok = book.ParseRef(a.Value); !ok {
				return sc.broken(clip(a.Value), "địa chỉ ô không hợp lệ hoặc vượt quá ô XFD1048576")
			}
			hasRef = true
		case "t":
			typ = a.Value
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
	c, err := sc.content()
	if err != nil {
		return err
	}
	cell, detail := sc.r.convert(typ, c)
	if detail != "" {
		return sc.broken(ref.String(), detail)
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
		tok, err := d.next()
		if err != nil {
			if err == io.EOF {
				err = d.broken("phần XML bị cắt ngang (thiếu thẻ đóng)")
			}
			return c, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if d.depth != start+1 {
				continue
			}
			switch t.Name.Local {
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
		case xml.EndElement:
			if d.depth < start {
				return c, nil
			}
		}
	}
}

// merge reads one <mergeCell ref="A1:B2">; a reference that does not
// read is skipped, as Excel drops it on repair.
func (sc *sheetScan) merge(e xml.StartElement) error {
	if sc.merges++; sc.merges > sc.r.lim.MaxMerges {
		return &LimitError{Part: sc.d.part, Sheet: sc.s.Name, What: WhatMerges, Limit: int64(sc.r.lim.MaxMerges)}
	}
	v, _ := attr(e, "ref")
	a, b, found := strings.Cut(v, ":")
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
