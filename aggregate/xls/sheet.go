package xls

import (
	"encoding/binary"
	"math"
	"strconv"

	"tonghop/aggregate/book"
)

// sheetReader reads one worksheet substream into a Sheet.
type sheetReader struct {
	s      *stream
	g      *globals
	sheet  *book.Sheet
	budget *int // cells and merges still allowed, for the whole workbook
	// pending is the formula cell whose string result the next STRING
	// record holds.
	pending *book.Ref
}

// read reads from the sheet's BOF to its EOF (embedded charts have their own
// BOF…EOF inside).
func (sr *sheetReader) read() error {
	depth := 0
	for {
		r, ok, err := sr.s.next()
		if err != nil {
			return err
		}
		if !ok {
			return nil // no EOF: keep what was read
		}
		switch r.typ {
		case recBOF:
			depth++
			continue
		case recEOF:
			depth--
			if depth <= 0 {
				return nil
			}
			continue
		}
		if depth != 1 {
			continue
		}
		if err := sr.record(r); err != nil {
			return err
		}
	}
}

func (sr *sheetReader) record(r record) error {
	d := r.data
	if r.typ == recMergedCells {
		return sr.merges(d)
	}
	if r.typ == recString {
		return sr.stringResult(d)
	}
	switch r.typ {
	case recLabelSST, recLabel, recNumber, recRK, recBoolErr, recFormula, recMulRK:
	default:
		return nil
	}
	if len(d) < 6 {
		return errShort
	}
	ref := book.Ref{Row: int(binary.LittleEndian.Uint16(d)) + 1, Col: int(binary.LittleEndian.Uint16(d[2:])) + 1}
	switch r.typ {
	case recLabelSST:
		if len(d) < 10 {
			return errShort
		}
		i := binary.LittleEndian.Uint32(d[6:])
		if int64(i) >= int64(len(sr.g.sst)) {
			return &brokenError{detail: "chỉ số chuỗi dùng chung ngoài bảng SST", sheet: sr.sheet.Name, cell: ref.String()}
		}
		return sr.set(ref, book.Cell{Kind: book.String, Value: sr.g.sst[i]})
	case recLabel:
		s, _, err := unicodeString(d[6:], 2)
		if err != nil {
			return sr.broken(err, ref)
		}
		return sr.set(ref, book.Cell{Kind: book.String, Value: s})
	case recNumber:
		if len(d) < 14 {
			return errShort
		}
		return sr.set(ref, numberCell(math.Float64frombits(binary.LittleEndian.Uint64(d[6:]))))
	case recRK:
		if len(d) < 10 {
			return errShort
		}
		return sr.set(ref, numberCell(rk(binary.LittleEndian.Uint32(d[6:]))))
	case recMulRK:
		for i := 0; 4+6*i+6+2 <= len(d); i++ {
			v := rk(binary.LittleEndian.Uint32(d[4+6*i+2:]))
			if err := sr.set(book.Ref{Row: ref.Row, Col: ref.Col + i}, numberCell(v)); err != nil {
				return err
			}
		}
		return nil
	case recBoolErr:
		if len(d) < 8 {
			return errShort
		}
		if d[7] != 0 {
			return sr.set(ref, book.Cell{Kind: book.Error, Value: errorText(d[6])})
		}
		return sr.set(ref, book.Cell{Kind: book.Bool, Value: boolText(d[6])})
	}
	return sr.formula(ref, d)
}

// formula reads a FORMULA record's cached result; a string result is in
// the STRING record that follows.
func (sr *sheetReader) formula(ref book.Ref, d []byte) error {
	if len(d) < 14 {
		return errShort
	}
	v := d[6:14]
	cell := book.Cell{Formula: FormulaMarker}
	if binary.LittleEndian.Uint16(v[6:]) != 0xFFFF {
		cell = numberCell(math.Float64frombits(binary.LittleEndian.Uint64(v)))
		cell.Formula = FormulaMarker
		return sr.set(ref, cell)
	}
	switch v[0] {
	case 0: // string, in the next STRING record
		if err := sr.set(ref, cell); err != nil {
			return err
		}
		sr.pending = &ref
		return nil
	case 1:
		cell.Kind, cell.Value = book.Bool, boolText(v[2])
	case 2:
		cell.Kind, cell.Value = book.Error, errorText(v[2])
	case 3:
		cell.Kind = book.String
	}
	return sr.set(ref, cell)
}

// stringResult reads a STRING record, the string result of the formula
// before it; a long one goes on in CONTINUE records.
func (sr *sheetReader) stringResult(d []byte) error {
	more, err := sr.s.continues()
	if err != nil || sr.pending == nil {
		return err
	}
	ref := *sr.pending
	sr.pending = nil
	c := &frags{f: append([][]byte{d}, more...)}
	n, err := c.u16()
	if err != nil {
		return sr.broken(err, ref)
	}
	flags, err := c.u8()
	if err != nil {
		return sr.broken(err, ref)
	}
	s, err := c.chars(int(n), flags&1 != 0)
	if err != nil {
		return sr.broken(err, ref)
	}
	sr.sheet.Cells[ref] = book.Cell{Kind: book.String, Value: s, Formula: FormulaMarker}
	return nil
}

// set stores a cell within the budget.
func (sr *sheetReader) set(ref book.Ref, c book.Cell) error {
	if *sr.budget <= 0 {
		return &LimitError{What: "số ô có dữ liệu", Limit: int64(sr.s.lim.MaxCells), Sheet: sr.sheet.Name, Cell: ref.String()}
	}
	*sr.budget--
	sr.sheet.Cells[ref] = c
	return nil
}

func (sr *sheetReader) merges(d []byte) error {
	if len(d) < 2 {
		return errShort
	}
	n := int(binary.LittleEndian.Uint16(d))
	for i := 0; i < n && 2+8*i+8 <= len(d); i++ {
		e := d[2+8*i:]
		if *sr.budget <= 0 {
			return &LimitError{What: "số ô có dữ liệu", Limit: int64(sr.s.lim.MaxCells), Sheet: sr.sheet.Name}
		}
		*sr.budget--
		sr.sheet.Merges = append(sr.sheet.Merges, book.Range{
			From: book.Ref{Row: int(binary.LittleEndian.Uint16(e)) + 1, Col: int(binary.LittleEndian.Uint16(e[4:])) + 1},
			To:   book.Ref{Row: int(binary.LittleEndian.Uint16(e[2:])) + 1, Col: int(binary.LittleEndian.Uint16(e[6:])) + 1},
		})
	}
	return nil
}

// broken names the sheet and cell of a damaged record.
func (sr *sheetReader) broken(err error, ref book.Ref) error {
	if be, ok := err.(*brokenError); ok {
		return &brokenError{detail: be.detail, sheet: sr.sheet.Name, cell: ref.String()}
	}
	if le, ok := err.(*LimitError); ok {
		return &LimitError{What: le.What, Limit: le.Limit, Sheet: sr.sheet.Name, Cell: ref.String()}
	}
	return err
}

// rk decodes an RK number: a 30-bit integer or the high bits of a double,
// optionally divided by 100.
func rk(v uint32) float64 {
	var f float64
	if v&2 != 0 {
		f = float64(int32(v) >> 2)
	} else {
		f = math.Float64frombits(uint64(v&^3) << 32)
	}
	if v&1 != 0 {
		f /= 100
	}
	return f
}

// numberCell is a Number cell in plain decimal; a NaN or infinity, which
// no office suite stores, is the error #NUM!.
func numberCell(f float64) book.Cell {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return book.Cell{Kind: book.Error, Value: "#NUM!"}
	}
	format := byte('f')
	if math.Abs(f) >= 1e15 || f != 0 && math.Abs(f) < 1e-6 {
		format = 'g'
	}
	return book.Cell{Kind: book.Number, Value: strconv.FormatFloat(f, format, -1, 64)}
}

func boolText(b byte) string {
	if b != 0 {
		return "1"
	}
	return "0"
}

// errorText is the text of a BIFF error code.
func errorText(code byte) string {
	switch code {
	case 0x00:
		return "#NULL!"
	case 0x07:
		return "#DIV/0!"
	case 0x0F:
		return "#VALUE!"
	case 0x17:
		return "#REF!"
	case 0x1D:
		return "#NAME?"
	case 0x24:
		return "#NUM!"
	case 0x2A:
		return "#N/A"
	}
	return "#N/A"
}

func itoa(n int) string { return strconv.Itoa(n) }
