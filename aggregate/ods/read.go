package ods

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"tonghop/aggregate/book"
)

// Namespaces of the elements and attributes read.
const (
	nsOffice   = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	nsTable    = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
	nsText     = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
	nsStyle    = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
	nsMeta     = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
	nsDC       = "http://purl.org/dc/elements/1.1/"
	nsCalcext  = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
	nsManifest = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"

	mimeODS = "application/vnd.oasis.opendocument.spreadsheet"
)

// Read reads an .ods file's content. It never panics; an error is ErrNotODS,
// ErrEncrypted, wraps ErrBroken, or is a *LimitError, each with a Vietnamese
// message naming the part, sheet and cell where there is one.
func Read(data []byte, lim Limits) (*book.Book, error) {
	lim = lim.withDefaults()
	// archive/zip's precondition, checked here so that a file that is no
	// zip at all is ErrNotODS rather than a broken one; the kind of the
	// file was told before (gate.MagicOf).
	if !bytes.HasPrefix(data, []byte("PK")) {
		return nil, ErrNotODS
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, &brokenError{part: "tệp nén", detail: "tệp nén zip bị cắt cụt hoặc hỏng"}
	}
	if len(zr.File) > lim.MaxEntries {
		return nil, &LimitError{What: "số mục trong tệp nén", Limit: int64(lim.MaxEntries)}
	}
	a := &archive{zr: zr, lim: lim}
	if err := a.checkType(); err != nil {
		return nil, err
	}
	b := &book.Book{Format: "ods"}
	if err := a.parse("content.xml", func(d *decoder) error { return readContent(d, b, lim) }); err != nil {
		return nil, err
	}
	if a.file("meta.xml") != nil {
		err := a.parse("meta.xml", func(d *decoder) error { return readMeta(d, b, lim) })
		var le *LimitError
		if errors.As(err, &le) {
			return nil, err
		}
		// A damaged meta.xml loses the properties, not the figures.
	}
	return b, nil
}

// archive is the zip archive with the running count of bytes unpacked.
type archive struct {
	zr    *zip.Reader
	lim   Limits
	total int64
}

// file returns the first entry with the name, nil when none.
func (a *archive) file(name string) *zip.File {
	for _, f := range a.zr.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// checkType tells an .ods from other zip files and from an encrypted .ods.
func (a *archive) checkType() error {
	if f := a.file("mimetype"); f != nil {
		rc, err := f.Open()
		if err != nil {
			return &brokenError{part: "mimetype", detail: "không mở được"}
		}
		mt, _ := io.ReadAll(io.LimitReader(rc, 128))
		rc.Close()
		if strings.TrimSpace(string(mt)) != mimeODS {
			return ErrNotODS
		}
	}
	if a.file("content.xml") == nil {
		return ErrNotODS
	}
	if a.file("META-INF/manifest.xml") == nil {
		return nil
	}
	encrypted := false
	err := a.parse("META-INF/manifest.xml", func(d *decoder) error {
		for {
			t, err := d.next()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if s, ok := t.(xml.StartElement); ok && s.Name.Space == nsManifest && s.Name.Local == "encryption-data" {
				encrypted = true
				return nil
			}
		}
	})
	if encrypted {
		return ErrEncrypted
	}
	return err
}

// parse streams one part through the limits into fn.
func (a *archive) parse(name string, fn func(*decoder) error) error {
	f := a.file(name)
	if f == nil {
		return &brokenError{part: name, detail: "thiếu phần này"}
	}
	rc, err := f.Open()
	if err != nil {
		return &brokenError{part: name, detail: "không giải nén được"}
	}
	defer rc.Close()
	cr := &countingReader{r: rc, a: a, part: name}
	d := &decoder{d: xml.NewDecoder(cr), part: name, maxDepth: a.lim.MaxDepth}
	err = fn(d)
	var le *LimitError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &le), errors.Is(err, ErrBroken), errors.Is(err, ErrNotODS):
		return err
	}
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return &brokenError{part: name, detail: fmt.Sprintf("XML sai cú pháp ở dòng %d", se.Line)}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return &brokenError{part: name, detail: "nội dung bị cắt cụt"}
	}
	return &brokenError{part: name, detail: "dữ liệu nén hỏng"}
}

// countingReader fails once a part or the whole archive unpacks to more
// than the limits, whatever the zip headers claim.
type countingReader struct {
	r    io.Reader
	a    *archive
	n    int64
	part string
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	c.a.total += int64(n)
	if c.n > c.a.lim.MaxPartSize {
		return 0, &LimitError{What: "dung lượng giải nén (byte)", Limit: c.a.lim.MaxPartSize, Part: c.part}
	}
	if c.a.total > c.a.lim.MaxTotalSize {
		return 0, &LimitError{What: "tổng dung lượng giải nén (byte)", Limit: c.a.lim.MaxTotalSize, Part: c.part}
	}
	return n, err
}

// decoder is an XML token stream that bounds nesting and refuses DTDs (and
// so entity declarations).
type decoder struct {
	d        *xml.Decoder
	part     string
	depth    int
	maxDepth int
}

// next returns the next token; io.EOF at the end.
func (d *decoder) next() (xml.Token, error) {
	t, err := d.d.Token()
	if err != nil {
		return nil, err
	}
	switch t.(type) {
	case xml.StartElement:
		d.depth++
		if d.depth > d.maxDepth {
			return nil, &LimitError{What: "độ sâu lồng nhau của XML", Limit: int64(d.maxDepth), Part: d.part}
		}
	case xml.EndElement:
		d.depth--
	case xml.Directive:
		return nil, &brokenError{part: d.part, detail: "có khai báo DTD/thực thể (<!DOCTYPE …>), không được phép"}
	}
	return t, nil
}

// skip consumes the rest of the element just started.
func (d *decoder) skip() error {
	for level := 1; level > 0; {
		t, err := d.next()
		if err != nil {
			return eofIsBroken(err)
		}
		switch t.(type) {
		case xml.StartElement:
			level++
		case xml.EndElement:
			level--
		}
	}
	return nil
}

// eofIsBroken turns an end of input inside an element into a truncation.
func eofIsBroken(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// attr returns the value of the attribute, "" when absent.
func attr(s xml.StartElement, space, local string) string {
	for _, a := range s.Attr {
		if a.Name.Local == local && a.Name.Space == space {
			return a.Value
		}
	}
	return ""
}
