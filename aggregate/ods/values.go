package ods

import (
	"encoding/xml"
	"math"
	"strconv"
	"strings"

	"tonghop/aggregate/book"
	"tonghop/templates/vn"
)

// cellValue reads the cell element t to its end and returns its content;
// ref only names the cell in errors.
func (c *content) cellValue(t xml.StartElement, ref book.Ref) (book.Cell, error) {
	text, hasText, err := c.cellText(ref)
	if err != nil {
		return book.Cell{}, err
	}
	var cell book.Cell
	if f := attr(t, nsTable, "formula"); f != "" {
		cell.Formula = formulaText(f)
		if cell.Formula == "" {
			cell.Formula = "="
		}
	}
	typ := attr(t, nsOffice, "value-type")
	if cell.Formula != "" && attr(t, nsCalcext, "value-type") == "error" {
		cell.Kind, cell.Value = book.Error, text
		if cell.Value == "" {
			cell.Value = attr(t, nsOffice, "string-value")
		}
		return cell, nil
	}
	switch typ {
	case "float", "percentage", "currency":
		if v, ok := number(attr(t, nsOffice, "value")); ok {
			cell.Kind, cell.Value = book.Number, v
			if typ == "percentage" {
				cell.Format = book.FormatPercent
			}
			return cell, nil
		}
	case "date":
		if v, ok := vn.ISOSerial(attr(t, nsOffice, "date-value"), false); ok {
			cell.Kind, cell.Format, cell.Value = book.Number, book.FormatDate, strconv.FormatFloat(v, 'f', -1, 64)
			return cell, nil
		}
	case "time":
		if v, ok := timeSerial(attr(t, nsOffice, "time-value")); ok {
			cell.Kind, cell.Format, cell.Value = book.Number, book.FormatTime, v
			return cell, nil
		}
	case "boolean":
		switch strings.ToLower(attr(t, nsOffice, "boolean-value")) {
		case "true", "1":
			cell.Kind, cell.Value = book.Bool, "1"
			return cell, nil
		case "false", "0":
			cell.Kind, cell.Value = book.Bool, "0"
			return cell, nil
		}
	case "string":
		if s := attr(t, nsOffice, "string-value"); s != "" {
			text, hasText = s, true
		}
	}
	// A string, or a value that did not read: keep what the cell shows.
	switch {
	case cell.Formula != "" && isErrorText(text):
		cell.Kind, cell.Value = book.Error, text
	case hasText || typ == "string":
		cell.Kind, cell.Value = book.String, text
	}
	return cell, nil
}

// cellText reads the rest of a cell: the text of its paragraphs, joined by
// "\n". Comments (office:annotation), drawings and anything else that is not
// a paragraph of the cell are skipped.
func (c *content) cellText(ref book.Ref) (string, bool, error) {
	var b strings.Builder
	paragraphs := 0
	for {
		t, err := c.d.next()
		if err != nil {
			return "", false, eofIsBroken(err)
		}
		switch t := t.(type) {
		case xml.EndElement:
			return b.String(), paragraphs > 0, nil
		case xml.StartElement:
			if t.Name.Space != nsText || t.Name.Local != "p" && t.Name.Local != "h" {
				if err := c.d.skip(); err != nil {
					return "", false, err
				}
				continue
			}
			if paragraphs > 0 {
				b.WriteByte('\n')
			}
			paragraphs++
			if err := c.paragraph(&b, ref); err != nil {
				return "", false, err
			}
		}
	}
}

// paragraph appends the text of a text:p that just started, with its spans,
// links, spaces (text:s), tabs and line breaks.
func (c *content) paragraph(b *strings.Builder, ref book.Ref) error {
	for level := 1; level > 0; {
		t, err := c.d.next()
		if err != nil {
			return eofIsBroken(err)
		}
		switch t := t.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.EndElement:
			level--
		case xml.StartElement:
			if t.Name.Space == nsOffice && t.Name.Local == "annotation" || t.Name.Space == nsText && t.Name.Local == "note" {
				if err := c.d.skip(); err != nil {
					return err
				}
				continue
			}
			level++
			if t.Name.Space == nsText {
				switch t.Name.Local {
				case "s":
					n, err := strconv.Atoi(attr(t, nsText, "c"))
					if err != nil || n < 1 {
						n = 1
					}
					b.WriteString(strings.Repeat(" ", min(n, c.lim.MaxTextLen+1-min(b.Len(), c.lim.MaxTextLen))))
				case "tab":
					b.WriteByte('\t')
				case "line-break":
					b.WriteByte('\n')
				}
			}
		}
		if b.Len() > c.lim.MaxTextLen {
			return &LimitError{What: "độ dài nội dung một ô (byte)", Limit: int64(c.lim.MaxTextLen), Part: c.d.part, Sheet: c.sheet.Name, Cell: ref.String()}
		}
	}
	return nil
}

// number checks office:value: a finite decimal, kept as written when it is
// plain digits, else written again in plain decimal.
func number(s string) (string, bool) {
	s = strings.TrimSpace(s)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return "", false
	}
	if strings.Trim(s, "0123456789.eE+-") == "" {
		return s, true
	}
	return strconv.FormatFloat(v, 'g', -1, 64), true
}

// timeSerial converts office:time-value, an ISO 8601 duration such as
// "PT10H30M00S", to a fraction of a day: "0.4375".
func timeSerial(s string) (string, bool) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if !strings.HasPrefix(s, "P") {
		return "", false
	}
	s = s[1:]
	secs, inTime := 0.0, false
	for s != "" {
		if s[0] == 'T' {
			inTime, s = true, s[1:]
			continue
		}
		i := strings.IndexAny(s, "DHMS")
		if i <= 0 {
			return "", false
		}
		v, err := strconv.ParseFloat(s[:i], 64)
		if err != nil || v < 0 || math.IsInf(v, 0) {
			return "", false
		}
		unit := map[byte]float64{'D': 86400, 'H': 3600, 'M': 60, 'S': 1}[s[i]]
		if s[i] == 'D' && inTime || s[i] != 'D' && !inTime {
			return "", false
		}
		secs += v * unit
		s = s[i+1:]
	}
	if neg {
		secs = -secs
	}
	return strconv.FormatFloat(secs/86400, 'f', -1, 64), true
}
