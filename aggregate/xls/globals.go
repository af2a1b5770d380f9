package xls

import (
	"encoding/binary"

	"tonghop/aggregate/book"
)

// globals is what the workbook globals substream says.
type globals struct {
	sheets   []sheetInfo
	sst      []string
	selfBook []bool // per SUPBOOK: the workbook itself (not an external one)
	xti      []xti
	names    []rawName
	date1904 bool
}

type sheetInfo struct {
	name  string
	state book.State
	pos   uint32 // stream offset of the sheet's BOF
	kind  byte   // 0 worksheet, 1 macro sheet, 2 chart, 6 VB module
}

// xti is an EXTERNSHEET entry: a range of sheets of a SUPBOOK.
type xti struct {
	book        int
	first, last int
}

// rawName is a NAME record before its formula is resolved.
type rawName struct {
	name string
	itab int // 0: the workbook, else the 1-based sheet
	rgce []byte
}

// filePass stops readGlobals at a FILEPASS record: the records after it
// are encrypted.
type filePass struct{ data []byte }

func (*filePass) Error() string { return ErrEncrypted.Error() }

func (*filePass) Is(target error) bool { return target == ErrEncrypted }

// readGlobals reads from the workbook BOF to its EOF.
func readGlobals(s *stream) (*globals, error) {
	g := &globals{}
	for {
		r, ok, err := s.next()
		if err != nil {
			return nil, err
		}
		if !ok || r.typ == recEOF {
			return g, nil
		}
		switch r.typ {
		case recFilePass:
			if !s.decrypted {
				return nil, &filePass{data: r.data}
			}
		case recDateMode:
			g.date1904 = len(r.data) >= 2 && binary.LittleEndian.Uint16(r.data) == 1
		case recBoundSheet:
			err = g.boundSheet(r.data, s.lim)
		case recSST:
			var more [][]byte
			if more, err = s.continues(); err == nil {
				err = g.readSST(append([][]byte{r.data}, more...), s.lim)
			}
		case recSupBook:
			// The workbook's own SUPBOOK is 4 bytes: the sheet count, 0x0401.
			g.selfBook = append(g.selfBook, len(r.data) == 4 && binary.LittleEndian.Uint16(r.data[2:]) == 0x0401)
		case recExternSheet:
			var more [][]byte
			if more, err = s.continues(); err == nil {
				g.externSheet(join(r.data, more))
			}
		case recName:
			err = g.name(r.data, s.lim)
		}
		if err != nil {
			return nil, err
		}
	}
}

func join(first []byte, more [][]byte) []byte {
	if len(more) == 0 {
		return first
	}
	b := append([]byte(nil), first...)
	for _, m := range more {
		b = append(b, m...)
	}
	return b
}

func (g *globals) boundSheet(b []byte, lim Limits) error {
	if len(g.sheets) >= lim.MaxSheets {
		return &LimitError{What: "số trang tính", Limit: int64(lim.MaxSheets)}
	}
	if len(b) < 8 {
		return errShort
	}
	name, _, err := unicodeString(b[6:], 1)
	if err != nil {
		return err
	}
	state := book.Visible
	switch b[4] & 3 {
	case 1:
		state = book.Hidden
	case 2:
		state = book.VeryHidden
	}
	g.sheets = append(g.sheets, sheetInfo{name: name, state: state, pos: binary.LittleEndian.Uint32(b), kind: b[5]})
	return nil
}

// readSST reads the shared string table; the count it declares is checked
// before anything is allocated, and the allocation never exceeds what the
// bytes present can hold.
func (g *globals) readSST(f [][]byte, lim Limits) error {
	c := &frags{f: f}
	if err := c.skip(4); err != nil {
		return err
	}
	n, err := c.u32()
	if err != nil {
		return err
	}
	if n > uint32(lim.MaxStrings) {
		return &LimitError{What: "số chuỗi dùng chung (SST)", Limit: int64(lim.MaxStrings)}
	}
	size := 0
	for _, b := range f {
		size += len(b)
	}
	g.sst = make([]string, 0, min(int(n), size/3+1))
	for range n {
		s, err := c.richString(lim.MaxTextLen)
		if err != nil {
			return err
		}
		g.sst = append(g.sst, s)
	}
	return nil
}

func (g *globals) externSheet(b []byte) {
	if len(b) < 2 {
		return
	}
	n := int(binary.LittleEndian.Uint16(b))
	for i := 0; i < n && 2+6*i+6 <= len(b); i++ {
		e := b[2+6*i:]
		g.xti = append(g.xti, xti{
			book:  int(binary.LittleEndian.Uint16(e)),
			first: int(int16(binary.LittleEndian.Uint16(e[2:]))),
			last:  int(int16(binary.LittleEndian.Uint16(e[4:]))),
		})
	}
}

// builtinNames are the names of built-in NAME records, by their code.
var builtinNames = []string{"Consolidate_Area", "Auto_Open", "Auto_Close", "Extract", "Database", "Criteria",
	"Print_Area", "Print_Titles", "Recorder", "Data_Form", "Auto_Activate", "Auto_Deactivate", "Sheet_Title", "_FilterDatabase"}

// name reads a NAME (Lbl) record.
func (g *globals) name(b []byte, lim Limits) error {
	if len(g.names) >= lim.MaxNames {
		return &LimitError{What: "số tên (defined name)", Limit: int64(lim.MaxNames)}
	}
	if len(b) < 15 {
		return errShort
	}
	builtin := binary.LittleEndian.Uint16(b)&0x0020 != 0
	cch := int(b[3])
	cce := int(binary.LittleEndian.Uint16(b[4:]))
	itab := int(binary.LittleEndian.Uint16(b[8:]))
	c := &frags{f: [][]byte{b[15:]}}
	name, err := c.chars(cch, b[14]&1 != 0)
	if err != nil {
		return err
	}
	rest := b[15+c.off:]
	if cce > len(rest) {
		return errShort
	}
	if builtin && len([]rune(name)) == 1 {
		if code := int([]rune(name)[0]); code < len(builtinNames) {
			name = "_xlnm." + builtinNames[code]
		}
	}
	g.names = append(g.names, rawName{name: name, itab: itab, rgce: rest[:cce]})
	return nil
}

// bookNames resolves the names: a reference to a sheet of this workbook
// becomes "'Sheet'!$D$12"; a deleted or external reference "#REF!"; a
// formula that is not a list of references "". A name local to a sheet
// that does not exist is dropped.
func (g *globals) bookNames() []book.Name {
	var out []book.Name
	for _, n := range g.names {
		bn := book.Name{Name: n.name, RefersTo: g.refersTo(n.rgce)}
		if n.itab > 0 {
			if n.itab > len(g.sheets) {
				continue
			}
			bn.Scope = g.sheets[n.itab-1].name
		}
		out = append(out, bn)
	}
	return out
}

// refersTo decodes a name's formula when it is references joined by
// unions (PtgRef3d, PtgArea3d, PtgMemFunc, PtgUnion).
func (g *globals) refersTo(rgce []byte) string {
	var refs []string
	for i := 0; i < len(rgce); {
		switch ptg := rgce[i]; {
		case ptg == 0x10: // PtgUnion
			i++
		case ptg == 0x29 || ptg == 0x49 || ptg == 0x69: // PtgMemFunc: a size, then the references
			i += 3
		case ptg == 0x3A || ptg == 0x5A || ptg == 0x7A: // PtgRef3d
			if i+7 > len(rgce) {
				return ""
			}
			e := rgce[i+1:]
			sheet, ok := g.sheetOf(int(binary.LittleEndian.Uint16(e)))
			if !ok {
				return "#REF!"
			}
			refs = append(refs, sheet+"!"+cellRef(binary.LittleEndian.Uint16(e[2:]), binary.LittleEndian.Uint16(e[4:])))
			i += 7
		case ptg == 0x3B || ptg == 0x5B || ptg == 0x7B: // PtgArea3d
			if i+11 > len(rgce) {
				return ""
			}
			e := rgce[i+1:]
			sheet, ok := g.sheetOf(int(binary.LittleEndian.Uint16(e)))
			if !ok {
				return "#REF!"
			}
			r1, r2 := binary.LittleEndian.Uint16(e[2:]), binary.LittleEndian.Uint16(e[4:])
			c1, c2 := binary.LittleEndian.Uint16(e[6:]), binary.LittleEndian.Uint16(e[8:])
			refs = append(refs, sheet+"!"+cellRef(r1, c1)+":"+cellRef(r2, c2))
			i += 11
		case ptg == 0x3C || ptg == 0x5C || ptg == 0x7C, ptg == 0x3D || ptg == 0x5D || ptg == 0x7D: // PtgRefErr3d, PtgAreaErr3d
			return "#REF!"
		default:
			return ""
		}
	}
	if len(refs) == 0 {
		return ""
	}
	out := refs[0]
	for _, r := range refs[1:] {
		out += "," + r
	}
	return out
}

// sheetOf returns the quoted name of the sheet an EXTERNSHEET entry points
// to; ok is false for an entry, a workbook or a sheet that does not exist,
// an external workbook, or a range of several sheets.
func (g *globals) sheetOf(ixti int) (string, bool) {
	if ixti >= len(g.xti) {
		return "", false
	}
	x := g.xti[ixti]
	if x.book >= len(g.selfBook) || !g.selfBook[x.book] || x.first != x.last || x.first < 0 || x.first >= len(g.sheets) {
		return "", false
	}
	return book.QuoteSheet(g.sheets[x.first].name), true
}

// cellRef writes a BIFF8 row and column (with its relative flags) as
// "$D$12".
func cellRef(rw, col uint16) string {
	c := book.ColumnName(int(col&0x3FFF) + 1)
	if col&0x4000 == 0 {
		c = "$" + c
	}
	r := itoa(int(rw) + 1)
	if col&0x8000 == 0 {
		r = "$" + r
	}
	return c + r
}
