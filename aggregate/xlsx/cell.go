package xlsx

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"tonghop/aggregate/book"
	"tonghop/templates/vn"
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
		if serial, ok := vn.ISOSerial(string(v), r.book.Date1904); ok {
			cell.Kind, cell.Value = book.Number, strconv.FormatFloat(serial, 'f', -1, 64)
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
