package ods

import (
	"encoding/xml"
	"io"
	"strings"
	"time"

	"tonghop/aggregate/book"
)

// readMeta reads meta.xml: dc:date (last saved), meta:creation-date,
// meta:generator and the meta:user-defined custom properties.
func readMeta(d *decoder, b *book.Book, lim Limits) error {
	for {
		t, err := d.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		s, ok := t.(xml.StartElement)
		if !ok {
			continue
		}
		key := s.Name.Space + " " + s.Name.Local
		switch key {
		case nsDC + " date", nsMeta + " creation-date", nsMeta + " generator", nsMeta + " user-defined":
		default:
			continue
		}
		text, err := elementText(d, lim)
		if err != nil {
			return err
		}
		switch key {
		case nsDC + " date":
			b.Modified = parseTime(text)
		case nsMeta + " creation-date":
			b.Created = parseTime(text)
		case nsMeta + " generator":
			b.Application = text
		default:
			if b.Custom == nil {
				b.Custom = map[string]string{}
			}
			if len(b.Custom) >= lim.MaxNames {
				return &LimitError{What: "số thuộc tính tùy chỉnh", Limit: int64(lim.MaxNames), Part: d.part}
			}
			b.Custom[attr(s, nsMeta, "name")] = text
		}
	}
}

// elementText reads the text of the element just started, to its end.
func elementText(d *decoder, lim Limits) (string, error) {
	var b strings.Builder
	for level := 1; level > 0; {
		t, err := d.next()
		if err != nil {
			return "", eofIsBroken(err)
		}
		switch t := t.(type) {
		case xml.CharData:
			b.Write(t)
			if b.Len() > lim.MaxTextLen {
				return "", &LimitError{What: "độ dài một thuộc tính tài liệu (byte)", Limit: int64(lim.MaxTextLen), Part: d.part}
			}
		case xml.StartElement:
			level++
		case xml.EndElement:
			level--
		}
	}
	return strings.TrimSpace(b.String()), nil
}

// parseTime reads an ISO date-time as meta.xml has it, with or without a
// zone (without one, UTC); the zero Time when it does not read.
func parseTime(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}
