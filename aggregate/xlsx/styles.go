package xlsx

import (
	"io"
	"strconv"
	"strings"

	"tonghop/aggregate/book"
	"tonghop/aggregate/gate"
)

// The number format of a cell is the only style read: a <c s="3"> points
// at the fourth <xf> of <cellXfs> in xl/styles.xml, whose numFmtId is a
// built-in format or one of <numFmts>. It tells a date cell (an online
// form's date answer, stored as the serial 45280) and a percent cell
// (0.855 shown as 85,5%) from a plain number; nothing else of the styles
// matters to a reader of figures.

const partStyles = "xl/styles.xml"

// readStyles reads the number format of every cell format. A styles part
// that does not read leaves every cell FormatGeneral: the format is a
// hint, the values are read all the same. A limit passed, or an archive
// that does not inflate, ends the read.
func (r *reader) readStyles(part string) error {
	if f := r.parts[strings.ToLower(part)]; f == nil || f.UncompressedSize64 > gate.XLSXMaxStylesSize {
		return nil
	}
	d, err := r.openBounded(part, min(gate.XLSXMaxStylesSize, r.lim.MaxPartSize))
	if le, ok := err.(*LimitError); ok && le.What == WhatPartSize {
		return nil // the header understated the size
	}
	if err != nil || d == nil {
		return propsError(err)
	}
	custom := map[int]book.Format{}
	var xfs []book.Format
	section := ""
	for {
		t, err := d.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			r.xf = nil
			return propsError(err)
		}
		if t.kind != tokStart {
			continue
		}
		switch {
		case d.depth == 2:
			section = string(t.local)
		case d.depth == 3 && section == "numFmts" && t.is("numFmt") && len(custom) < gate.XLSXMaxStyles:
			id, _ := t.attr("numFmtId")
			code, _ := t.attr("formatCode")
			if n, err := strconv.Atoi(string(id)); err == nil {
				custom[n] = formatOf(string(code))
			}
		case d.depth == 3 && section == "cellXfs" && t.is("xf") && len(xfs) < gate.XLSXMaxStyles:
			id, _ := t.attr("numFmtId")
			n, err := strconv.Atoi(string(id))
			f := book.FormatGeneral
			if err == nil {
				if cf, ok := custom[n]; ok {
					f = cf
				} else {
					f = builtinFormat(n)
				}
			}
			xfs = append(xfs, f)
		}
	}
	r.xf = xfs
	return nil
}

// format is the number format of the cell format index s (the <c>'s s
// attribute), FormatGeneral when there is none.
func (r *reader) format(s []byte) book.Format {
	if len(s) == 0 || len(r.xf) == 0 {
		return book.FormatGeneral
	}
	i, ok := atoi(s)
	if !ok || i < 0 || i >= len(r.xf) {
		return book.FormatGeneral
	}
	return r.xf[i]
}

// builtinFormat is what a built-in number format id shows (ECMA-376
// 18.8.30, with the ids of the East Asian editions that are dates).
func builtinFormat(id int) book.Format {
	switch {
	case id == 9 || id == 10:
		return book.FormatPercent
	case id >= 14 && id <= 17, id == 22, id >= 27 && id <= 31, id >= 34 && id <= 36, id >= 50 && id <= 58:
		return book.FormatDate
	case id >= 18 && id <= 21, id >= 32 && id <= 33, id >= 45 && id <= 47:
		return book.FormatTime
	}
	return book.FormatGeneral
}

// formatOf reads a custom format code's first section: a percent sign
// outside quotes makes a percentage; a day, month or year code a date; an
// hour or second code alone a time. "[Red]", "[$-42A]" and quoted or
// escaped text say nothing.
func formatOf(code string) book.Format {
	if i := sectionEnd(code); i >= 0 {
		code = code[:i]
	}
	var date, clock, percent bool
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			if j := strings.IndexByte(code[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(code)
			}
		case '\\', '_', '*':
			i++ // the next character is literal, or a fill or space
		case '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				i = len(code)
				break
			}
			inner := strings.ToLower(code[i+1 : i+j])
			if inner != "" && strings.Trim(inner, "hms") == "" {
				clock = true // [h]:mm elapsed time
			}
			i += j
		case '%':
			percent = true
		case 'y', 'Y', 'd', 'D':
			date = true
		case 'm', 'M':
			// "m" is a month unless it follows an hour or comes before a
			// second; either way the cell is a date or a time.
			clock = true
			if !strings.ContainsAny(code, "hHsS") {
				date = true
			}
		case 'h', 'H', 's', 'S':
			clock = true
		}
	}
	switch {
	case percent:
		return book.FormatPercent
	case date:
		return book.FormatDate
	case clock:
		return book.FormatTime
	}
	return book.FormatGeneral
}

// sectionEnd is where a format code's first section ends (its first ';'
// outside quotes), -1 when it has one section.
func sectionEnd(code string) int {
	quoted := false
	for i := 0; i < len(code); i++ {
		switch code[i] {
		case '"':
			quoted = !quoted
		case '\\':
			i++
		case ';':
			if !quoted {
				return i
			}
		}
	}
	return -1
}
