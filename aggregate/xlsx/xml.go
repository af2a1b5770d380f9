package xlsx

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// decoder walks the tokens of one part with encoding/xml's RawToken (no
// namespace translation, no end-tag matching: the cheapest tokenizer), and
// adds what RawToken does not check: nesting depth, end tags that close
// nothing, an element left open at the end, and DTDs, which are refused
// (encoding/xml never expands entities beyond the five predefined ones;
// refusing the declaration keeps a hostile file from even trying).
type decoder struct {
	d        *xml.Decoder
	src      *partReader
	part     string
	depth    int
	maxDepth int
}

func newDecoder(src *partReader, part string, maxDepth int) *decoder {
	d := xml.NewDecoder(src)
	d.Strict = true
	return &decoder{d: d, src: src, part: part, maxDepth: maxDepth}
}

// setSheet names the sheet the part holds, for errors.
func (d *decoder) setSheet(name string) { d.src.sheet = name }

// next returns the next token; io.EOF at a proper end of the part. The
// token is valid until the following call.
func (d *decoder) next() (xml.Token, error) {
	tok, err := d.d.RawToken()
	if err != nil {
		return nil, d.fail(err)
	}
	switch t := tok.(type) {
	case xml.StartElement:
		d.depth++
		if d.depth > d.maxDepth {
			return nil, &LimitError{Part: d.part, Sheet: d.src.sheet, What: WhatDepth, Limit: int64(d.maxDepth)}
		}
	case xml.EndElement:
		d.depth--
		if d.depth < 0 {
			return nil, d.broken(fmt.Sprintf("thẻ đóng </%s> thừa (dòng %d)", t.Name.Local, d.line()))
		}
	case xml.Directive:
		return nil, d.broken("có khai báo DTD/thực thể (<!…>), không được phép trong tệp .xlsx")
	}
	return tok, nil
}

func (d *decoder) line() int {
	line, _ := d.d.InputPos()
	return line
}

func (d *decoder) broken(detail string) error {
	return &brokenError{part: d.part, sheet: d.src.sheet, detail: detail}
}

// fail turns the tokenizer's error into ours: the source's own error (a
// limit, a broken zip stream) first, then XML syntax in words.
func (d *decoder) fail(err error) error {
	if d.src.err != nil {
		return d.src.err
	}
	if err == io.EOF {
		if d.depth != 0 {
			return d.broken("phần XML bị cắt ngang (thiếu thẻ đóng)")
		}
		return io.EOF
	}
	var syn *xml.SyntaxError
	if errors.As(err, &syn) {
		return d.broken(fmt.Sprintf("XML sai cú pháp ở dòng %d", syn.Line))
	}
	return d.broken("XML không đọc được")
}

// attr returns the value of the attribute with the local name, any prefix.
func attr(e xml.StartElement, local string) (string, bool) {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

// text collects the character data up to the end of the element just
// started, its children's included, and returns it with that end consumed.
func (d *decoder) text(buf []byte) ([]byte, error) {
	start := d.depth
	for {
		tok, err := d.next()
		if err != nil {
			if err == io.EOF {
				err = d.broken("phần XML bị cắt ngang (thiếu thẻ đóng)")
			}
			return buf, err
		}
		switch t := tok.(type) {
		case xml.CharData:
			buf = append(buf, t...)
		case xml.EndElement:
			if d.depth < start {
				return buf, nil
			}
		}
	}
}
