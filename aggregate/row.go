package aggregate

import (
	"iter"
	"math"
	"strconv"
	"time"

	bk "tonghop/aggregate/book"
	"tonghop/templates"
	"tonghop/templates/vn"
)

// Values is what one report says, one cell per indicator of the unit's
// form, in campaign order. A merge of thousands of files holds every
// report's values until the outputs are written, so they are kept as a
// compact row: the indicator ids and their positions are shared by every
// report of the same form, and a cell is 24 bytes, the number or date
// packed, the cell reference packed, text kept only where there is text.
// Get returns each Value exactly as it was set. The zero Values is empty.
// A copy shares its cells: set values through the report (r.Values.Set),
// never through a copy.
type Values struct {
	form  *form
	cells []cell   // by position in form.ids; nil when nothing was set
	strs  []string // the texts and raw contents the cells refer to
	odd   []Value  // values that do not pack (see pack), referred to by cells
}

// form is the shared index of one form: its indicators' ids in campaign
// order and the position of each, and its fingerprint.
type form struct {
	ids         []string
	pos         map[string]int
	texts       int    // how many indicators are text
	fingerprint string // Campaign.Fingerprint of the group; "" outside a Reader
}

func newForm(inds []*templates.Indicator) *form {
	f := &form{ids: make([]string, len(inds)), pos: make(map[string]int, len(inds))}
	for i, ind := range inds {
		f.ids[i] = ind.ID
		f.pos[ind.ID] = i
		if ind.Type.Textual() {
			f.texts++
		}
	}
	return f
}

// NewValues returns values with no cell set for the indicators given, in
// their order: the form of a unit is c.IndicatorsFor(unit.Group).
func NewValues(inds []*templates.Indicator) Values { return Values{form: newForm(inds)} }

// cell is one value packed. n holds the number's bits, or the date as
// Unix seconds; text is 1 + an index in Values.strs (0: ""), raw too or
// one of the raw codes; row and col are the cell reference (0: none).
type cell struct {
	n     uint64
	raw   uint32
	text  uint32
	row   uint32
	col   uint16
	typ   uint8 // index in cellTypes
	flags uint8
}

const (
	cellSet    uint8 = 1 << iota // the cell holds a value
	cellEmpty                    // Value.Empty
	cellBool                     // Value.Bool
	cellDate                     // n is the date, not the number
	cellReport                   // Value.Sheet is templates.SheetReport
	cellOdd                      // the value is odd[n]
)

// Raw codes: a raw content that the rest of the cell says already, or one
// typed in most reports, is not kept in each report.
const (
	rawNum    = math.MaxUint32 - iota // the number written the shortest way
	rawText                           // Text
	rawSerial                         // the date's serial day number (1900 date system)
	rawShared                         // sharedRaws[rawShared-raw]
)

// sharedRaws are the raw contents most reports hold: the choices of a
// yes/no cell's list.
var sharedRaws = [...]string{"Có", "Không"}

// serial is the day number Excel (1900 date system) stores for a date.
func serial(t time.Time) string {
	return strconv.FormatFloat(vn.Serial(t), 'f', -1, 64)
}

// cellTypes are the indicator types a cell knows, by index.
var cellTypes = [...]templates.Type{"", templates.TypeYesNo, templates.TypeWhole, templates.TypeNumber, templates.TypeDate, templates.TypeText,
	templates.TypeMoney, templates.TypePercent, templates.TypeChoice}

func typeIndex(t templates.Type) (uint8, bool) {
	for i, x := range cellTypes {
		if x == t {
			return uint8(i), true
		}
	}
	return 0, false
}

// Len returns how many indicators have a value.
func (vs Values) Len() int {
	n := 0
	for _, c := range vs.cells {
		if c.flags&cellSet != 0 {
			n++
		}
	}
	return n
}

// Get returns the value of an indicator, false when it has none.
func (vs Values) Get(id string) (Value, bool) {
	if vs.form == nil || vs.cells == nil {
		return Value{}, false
	}
	i, ok := vs.form.pos[id]
	if !ok || vs.cells[i].flags&cellSet == 0 {
		return Value{}, false
	}
	return vs.unpack(vs.cells[i]), true
}

// All yields every indicator that has a value with its value, in the
// order of the form.
func (vs Values) All() iter.Seq2[string, Value] {
	return func(yield func(string, Value) bool) {
		for i, c := range vs.cells {
			if c.flags&cellSet == 0 {
				continue
			}
			if !yield(vs.form.ids[i], vs.unpack(c)) {
				return
			}
		}
	}
}

// Set sets the value of an indicator of the form; false (and nothing set)
// when the indicator is not on the form.
func (vs *Values) Set(id string, v Value) bool {
	if vs.form == nil {
		return false
	}
	i, ok := vs.form.pos[id]
	if !ok {
		return false
	}
	if vs.cells == nil {
		vs.cells = make([]cell, len(vs.form.ids))
		// Room for the texts, which most raw contents are (see packRaw).
		vs.strs = make([]string, 0, vs.form.texts)
	}
	vs.cells[i] = vs.pack(v)
	return true
}

// pack makes a cell of a value. A value that would not come back the same
// from the packed fields (a time of day or a zone in a date, a date and a
// number both set, a sheet other than the report's, a cell reference not
// written the usual way) is kept whole in odd: the reader never makes one,
// tests may.
func (vs *Values) pack(v Value) cell {
	c := cell{flags: cellSet}
	typ, okType := typeIndex(v.Type)
	c.typ = typ
	if v.Empty {
		c.flags |= cellEmpty
	}
	if v.Bool {
		c.flags |= cellBool
	}
	okNum := true
	switch {
	case !v.Date.IsZero():
		c.flags |= cellDate
		c.n = uint64(v.Date.Unix())
		okNum = v.Num == 0 && v.Date == time.Unix(v.Date.Unix(), 0).UTC()
	default:
		c.n = math.Float64bits(v.Num)
	}
	okSheet := true
	switch v.Sheet {
	case "":
	case templates.SheetReport:
		c.flags |= cellReport
	default:
		okSheet = false
	}
	okCell := true
	if v.Cell != "" {
		r, ok := bk.ParseRef(v.Cell)
		okCell = ok && r.String() == v.Cell // "D12", not "$D$12" or "d12"
		c.row, c.col = uint32(r.Row), uint16(r.Col)
	}
	if !okType || !okNum || !okSheet || !okCell {
		vs.odd = append(vs.odd, v)
		return cell{n: uint64(len(vs.odd) - 1), flags: cellSet | cellOdd}
	}
	if v.Text != "" {
		vs.strs = append(vs.strs, v.Text)
		c.text = uint32(len(vs.strs))
	}
	c.raw = vs.packRaw(c, v)
	return c
}

// packRaw returns the raw code of a value, keeping its raw content in
// strs when no code says it.
func (vs *Values) packRaw(c cell, v Value) uint32 {
	switch {
	case v.Raw == "":
		return 0
	case v.Raw == v.Text:
		return rawText
	case c.flags&cellDate == 0 && v.Raw == strconv.FormatFloat(v.Num, 'f', -1, 64):
		return rawNum
	case c.flags&cellDate != 0 && v.Raw == serial(v.Date):
		return rawSerial
	}
	for i, s := range sharedRaws {
		if v.Raw == s {
			return rawShared - uint32(i)
		}
	}
	vs.strs = append(vs.strs, v.Raw)
	return uint32(len(vs.strs))
}

func (vs Values) unpack(c cell) Value {
	if c.flags&cellOdd != 0 {
		return vs.odd[c.n]
	}
	v := Value{Type: cellTypes[c.typ], Empty: c.flags&cellEmpty != 0, Bool: c.flags&cellBool != 0}
	if c.flags&cellDate != 0 {
		v.Date = time.Unix(int64(c.n), 0).UTC()
	} else {
		v.Num = math.Float64frombits(c.n)
	}
	if c.text != 0 {
		v.Text = vs.strs[c.text-1]
	}
	switch {
	case c.raw == 0:
	case c.raw == rawText:
		v.Raw = v.Text
	case c.raw == rawNum:
		v.Raw = strconv.FormatFloat(v.Num, 'f', -1, 64)
	case c.raw == rawSerial:
		v.Raw = serial(v.Date)
	case c.raw > rawShared-uint32(len(sharedRaws)):
		v.Raw = sharedRaws[rawShared-c.raw]
	default:
		v.Raw = vs.strs[c.raw-1]
	}
	if c.flags&cellReport != 0 {
		v.Sheet = templates.SheetReport
	}
	if c.row != 0 {
		v.Cell = bk.Ref{Row: int(c.row), Col: int(c.col)}.String()
	}
	return v
}
