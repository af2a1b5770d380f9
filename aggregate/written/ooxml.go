package written

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"tonghop/aggregate/gate"
)

// maxZipEntries bounds the directory of a .docx/.odt.
const maxZipEntries = gate.WrittenMaxEntries

// maxSpaces bounds one <text:s text:c="…"/> run of spaces.
const maxSpaces = 100

// sniffZip tells a .docx (word/document.xml) from an .odt (mimetype
// application/vnd.oasis.opendocument.text); "" for any other zip.
func sniffZip(data []byte) string {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil || len(z.File) > maxZipEntries {
		return ""
	}
	for _, f := range z.File {
		switch f.Name {
		case "word/document.xml":
			return "docx"
		case "mimetype":
			if f.UncompressedSize64 < 100 {
				b, err := readPart(f, 100)
				if err == nil && strings.TrimSpace(string(b)) == "application/vnd.oasis.opendocument.text" {
					return "odt"
				}
			}
		}
	}
	return ""
}

// zipOK reports whether data opens as a zip archive.
func zipOK(data []byte) bool {
	_, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	return err == nil
}

// openZip opens the package and indexes its parts by name.
func openZip(data []byte) (map[string]*zip.File, error) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, errors.New("tệp nén hỏng hoặc bị cắt cụt")
	}
	if len(z.File) > maxZipEntries {
		return nil, fmt.Errorf("tệp nén có quá nhiều phần (%d)", len(z.File))
	}
	parts := make(map[string]*zip.File, len(z.File))
	for _, f := range z.File {
		parts[f.Name] = f
	}
	return parts, nil
}

// readPart inflates one part, refusing more than max bytes whatever its
// header claims (a zip bomb claims little).
func readPart(f *zip.File, max int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("phần %s hỏng (kiểu nén không hỗ trợ)", f.Name)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, max+1))
	if err != nil {
		return nil, fmt.Errorf("phần %s hỏng (dữ liệu nén sai)", f.Name)
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("phần %s quá lớn khi giải nén (hơn %d byte)", f.Name, max)
	}
	return b, nil
}

// xmlText walks an XML part and writes its text: para names the elements
// that end a line, brk those that break one, tab those that are a tab, and
// skip those whose content is not text (deleted runs, field codes, notes).
// spaces, when set, gives the count of an ODF <text:s/>.
type xmlText struct {
	para, brk, tab, skip map[string]bool
	text                 map[string]bool // elements whose character data is text; nil: all
	spaces               func(xml.StartElement) int
}

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// walk extracts the text of part into out.
func (x *xmlText) walk(name string, part []byte, out *textBuf) error {
	d := xml.NewDecoder(bytes.NewReader(part))
	d.Strict = false
	skip, inText := 0, 0
	for !out.full() {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			line := 0
			if se, ok := err.(*xml.SyntaxError); ok {
				line = se.Line
			}
			return fmt.Errorf("phần %s hỏng (XML sai cú pháp ở dòng %d)", name, line)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := qname(t.Name)
			switch {
			case skip > 0 || x.skip[n]:
				skip++
			case x.brk[n]:
				out.write("\n")
			case x.tab[n]:
				out.write("\t")
			case x.spaces != nil && n == "text:s":
				out.write(strings.Repeat(" ", x.spaces(t)))
			case x.text[n]:
				inText++
			}
		case xml.EndElement:
			n := qname(t.Name)
			switch {
			case skip > 0:
				skip--
			case x.para[n]:
				out.newline()
			case x.text[n] && inText > 0:
				inText--
			}
		case xml.CharData:
			if skip == 0 && (x.text == nil || inText > 0) {
				out.write(string(t))
			}
		}
	}
	return nil
}

func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// docxText reads word/document.xml: paragraphs (in table cells too, cell
// by cell, which puts a title block's left column before its right one),
// w:t runs, tabs and breaks; deleted text and field codes are left out.
var docxText = xmlText{
	para: set("w:p"),
	brk:  set("w:br", "w:cr"),
	tab:  set("w:tab"),
	skip: set("w:delText", "w:instrText", "w:del", "mc:Fallback", "w:footnoteReference"),
	text: set("w:t"),
}

func readDocx(data []byte, lim Limits, doc *Doc) (string, error) {
	parts, err := openZip(data)
	if err != nil {
		return "", err
	}
	f := parts["word/document.xml"]
	if f == nil {
		return "", errors.New("thiếu phần word/document.xml")
	}
	b, err := readPart(f, lim.MaxPart)
	if err != nil {
		return "", err
	}
	out := &textBuf{max: lim.MaxText}
	if err := docxText.walk(f.Name, b, out); err != nil {
		return "", err
	}
	if f := parts["docProps/core.xml"]; f != nil {
		if b, err := readPart(f, 1<<20); err == nil {
			doc.Created, doc.Modified = xmlDates(b, "dcterms:created", "dcterms:modified")
		}
	}
	return out.b.String(), nil
}

// odtText reads content.xml: paragraphs and headings (in table cells too),
// spans, tabs, line breaks and runs of spaces; notes, annotations and
// tracked deletions are left out.
var odtText = xmlText{
	para: set("text:p", "text:h"),
	brk:  set("text:line-break"),
	tab:  set("text:tab"),
	skip: set("text:tracked-changes", "office:annotation", "text:note", "text:sequence-decls", "office:automatic-styles", "office:font-face-decls", "office:scripts"),
	spaces: func(t xml.StartElement) int {
		for _, a := range t.Attr {
			if qname(a.Name) == "text:c" {
				n, err := strconv.Atoi(a.Value)
				if err != nil || n < 1 {
					return 1
				}
				return min(n, maxSpaces)
			}
		}
		return 1
	},
}

func readODT(data []byte, lim Limits, doc *Doc) (string, error) {
	parts, err := openZip(data)
	if err != nil {
		return "", err
	}
	f := parts["content.xml"]
	if f == nil {
		return "", errors.New("thiếu phần content.xml")
	}
	b, err := readPart(f, lim.MaxPart)
	if err != nil {
		return "", err
	}
	// Character data between paragraphs is only indentation: take text
	// inside paragraphs and headings alone.
	x := odtText
	x.text = set("text:p", "text:h")
	out := &textBuf{max: lim.MaxText}
	if err := x.walk(f.Name, b, out); err != nil {
		return "", err
	}
	if f := parts["meta.xml"]; f != nil {
		if b, err := readPart(f, 1<<20); err == nil {
			doc.Created, doc.Modified = xmlDates(b, "meta:creation-date", "dc:date")
		}
	}
	return out.b.String(), nil
}

// xmlDates reads two W3C date-time elements of a properties part.
func xmlDates(part []byte, created, modified string) (c, m time.Time) {
	d := xml.NewDecoder(bytes.NewReader(part))
	d.Strict = false
	cur := ""
	for i := 0; i < 10_000; i++ {
		tok, err := d.RawToken()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			cur = qname(t.Name)
		case xml.EndElement:
			cur = ""
		case xml.CharData:
			switch cur {
			case created:
				c = parseW3C(string(t))
			case modified:
				m = parseW3C(string(t))
			}
		}
	}
	return c, m
}

// parseW3C reads "2024-04-08T03:15:00Z", with or without a zone or
// fraction; a time without a zone is taken as UTC.
func parseW3C(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}
