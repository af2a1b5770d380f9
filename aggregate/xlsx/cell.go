package xlsx

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"tonghop/aggregate/book"
)

// convert makes a book.Cell of a <c>'s type and content; an empty text is
// Empty, like a missing value. detail is set when
// the cell cannot be read at all: a shared string index that is not in the
// table. Such a file is broken (ErrBroken, naming the cell), as Excel and
// excelize both refuse it, rather than a cell quietly showing an error the
// unit never typed.
func (r *reader) convert(typ string, c content) (cell book.Cell, detail string) {
	if c.hasF {
		cell.Formula = string(c.f)
	}
	v := c.v
	if !c.hasV || len(v) == 0 {
		v = nil
	}
	switch typ {
	case "s":
		if v == nil {
			return cell, ""
		}
		s := strings.TrimSpace(string(v))
		i, err := strconv.Atoi(s)
		if err != nil || i < 0 || i >= len(r.sst) {
			return cell, fmt.Sprintf("ô trỏ tới chuỗi dùng chung số “%s”, bảng chuỗi chỉ có %d chuỗi", clip(s), len(r.sst))
		}
		cell.Kind, cell.Value = book.String, r.sst[i]
	case "str":
		if c.hasV {
			cell.Kind, cell.Value = book.String, string(v)
		}
	case "inlineStr":
		switch {
		case c.hasIs:
			cell.Kind, cell.Value = book.String, unescape(string(c.is))
		case v != nil:
			cell.Kind, cell.Value = book.String, string(v)
		}
	case "b":
		switch string(v) {
		case "":
		case "1", "true", "TRUE":
			cell.Kind, cell.Value = book.Bool, "1"
		case "0", "false", "FALSE":
			cell.Kind, cell.Value = book.Bool, "0"
		default:
			cell.Kind, cell.Value = book.String, string(v)
		}
	case "e":
		if v != nil {
			cell.Kind, cell.Value = book.Error, string(v)
		}
	case "d":
		if v == nil {
			break
		}
		if serial, ok := isoSerial(string(v), r.book.Date1904); ok {
			cell.Kind, cell.Value = book.Number, serial
		} else {
			cell.Kind, cell.Value = book.String, string(v)
		}
	default: // "n", absent, or a type Excel does not know: read as a number
		if v == nil {
			break
		}
		s := string(v)
		if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			cell.Kind, cell.Value = book.Number, s
		} else {
			cell.Kind, cell.Value = book.String, s
		}
	}
	if cell.Kind == book.String && cell.Value == "" {
		// An empty text shows as an empty cell, in Excel as in excelize.
		cell.Kind = book.Empty
	}
	return cell, ""
}

var (
	epoch1900 = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	epoch1904 = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
)

// isoLayouts are the ISO 8601 forms a t="d" cell holds.
var isoLayouts = []string{
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02",
	"T15:04:05.999999999",
	"15:04:05.999999999",
}

// isoSerial turns the ISO 8601 date of a t="d" cell into the serial day
// number the cell would hold as a number: the wall-clock time is kept, a
// zone offset is ignored; days before 1900-03-01 count Excel's 29 February
// 1900.
func isoSerial(s string, date1904 bool) (string, bool) {
	s = strings.TrimSpace(s)
	var t time.Time
	ok := false
	for _, layout := range isoLayouts {
		var err error
		if t, err = time.Parse(layout, s); err == nil {
			ok = true
			break
		}
	}
	if !ok {
		return "", false
	}
	y, m, d := t.Date()
	if y == 0 && m == 1 && d == 1 { // a time of day alone
		y, m, d = 1899, 12, 30
		if date1904 {
			y, m, d = 1904, 1, 1
		}
	}
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	epoch := epoch1900
	if date1904 {
		epoch = epoch1904
	}
	days := float64((day.Unix() - epoch.Unix()) / 86400)
	if !date1904 && days >= 1 && days < 61 {
		days--
	}
	secs := float64(t.Hour()*3600+t.Minute()*60+t.Second()) + float64(t.Nanosecond())/1e9
	return strconv.FormatFloat(days+secs/86400, 'f', -1, 64), true
}
