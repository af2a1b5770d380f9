package xlsx

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The parts of a workbook are read whole (each is bounded by
// Limits.MaxPartSize) and tokenized by the scanner below, written for this
// reader: byte searches over the part instead of encoding/xml's
// rune-at-a-time reads, and no allocation per token. It accepts what
// encoding/xml's strict RawToken accepts and no more — checked by the
// differential fuzz target against encoding/xml — and refuses what the XML
// standard refuses where RawToken does not look: an end tag that does not
// match its start tag, an end tag that closes nothing, an element left open
// at the end, an XML declaration that is not one (anywhere but at the
// start, or declaring an encoding other than UTF-8, however it is spaced),
// and DTDs; and it bounds the nesting depth. It also refuses names outside
// ASCII, which XML allows but no workbook uses.

// tokKind is the kind of a token.
type tokKind uint8

const (
	tokStart tokKind = iota + 1 // <name attr="…"> (and <name/>, followed by its end)
	tokEnd                      // </name>
	tokText                     // character data, CDATA included, entities decoded
	tokOther                    // a comment or a processing instruction
)

// token is one token of a part. Its slices point into the part or into the
// decoder's scratch space: valid until the following call to next.
type token struct {
	kind         tokKind
	space, local []byte // the element's prefix and local name
	attrs        []attrib
	text         []byte
}

// attrib is one attribute of a start tag.
type attrib struct {
	space, local, value []byte
	from, to            int // where a decoded value is in the scratch space, while the tag is read
}

// is reports whether the token is an element (start or end) of that local
// name, whatever its prefix.
func (t *token) is(local string) bool { return string(t.local) == local }

// attr returns the value of the attribute with the local name, any prefix.
func (t *token) attr(local string) ([]byte, bool) {
	for i := range t.attrs {
		if string(t.attrs[i].local) == local {
			return t.attrs[i].value, true
		}
	}
	return nil, false
}

// decoder walks the tokens of one part.
type decoder struct {
	part     string
	sheet    string // the sheet the part holds, for errors
	depth    int
	maxDepth int

	data    []byte // the whole part
	pos     int
	open    [][]byte // the names, as written, of the elements open
	tok     token
	closing bool   // the last start tag was <name/>: its end comes next
	scratch []byte // decoded attribute values and text of the token
}

func newDecoder(data []byte, part string, maxDepth int) *decoder {
	return &decoder{data: data, part: part, maxDepth: maxDepth}
}

// setSheet names the sheet the part holds, for errors.
func (d *decoder) setSheet(name string) { d.sheet = name }

// next returns the next token; io.EOF at a proper end of the part.
func (d *decoder) next() (*token, error) {
	if d.closing {
		d.closing = false
		d.depth--
		d.open = d.open[:len(d.open)-1]
		return d.set(tokEnd, d.tok.space, d.tok.local, nil), nil
	}
	if d.pos >= len(d.data) {
		if d.depth != 0 {
			return nil, d.truncated()
		}
		return nil, io.EOF
	}
	if d.data[d.pos] != '<' {
		return d.charData()
	}
	rest := d.data[d.pos:]
	switch {
	case len(rest) > 1 && rest[1] == '/':
		return d.endTag()
	case len(rest) > 1 && rest[1] == '?':
		return d.procInst()
	case bytes.HasPrefix(rest, []byte("<!--")):
		return d.comment()
	case bytes.HasPrefix(rest, []byte("<![CDATA[")):
		return d.cdata()
	case len(rest) > 1 && rest[1] == '!':
		return nil, d.broken("có khai báo DTD/thực thể (<!…>), không được phép trong tệp .xlsx")
	}
	return d.startTag()
}

// set makes the decoder's one token this one, without attributes.
func (d *decoder) set(kind tokKind, space, local, text []byte) *token {
	t := &d.tok
	t.kind, t.space, t.local, t.attrs, t.text = kind, space, local, t.attrs[:0], text
	return t
}

func (d *decoder) broken(detail string) error {
	return &brokenError{part: d.part, sheet: d.sheet, detail: detail}
}

// syntax is the error of XML that does not read, with its line.
func (d *decoder) syntax() error {
	return d.broken(fmt.Sprintf("XML sai cú pháp ở dòng %d", d.line()))
}

// line is the line the decoder is at, for errors.
func (d *decoder) line() int {
	return 1 + bytes.Count(d.data[:min(d.pos, len(d.data))], []byte("\n"))
}

// charData reads text up to the next tag.
func (d *decoder) charData() (*token, error) {
	raw := d.data[d.pos:]
	if i := bytes.IndexByte(raw, '<'); i >= 0 {
		raw = raw[:i]
	}
	text, ok := d.decode(raw, true)
	if !ok || bytes.Contains(raw, []byte("]]>")) {
		return nil, d.syntax()
	}
	d.pos += len(raw)
	return d.set(tokText, nil, nil, text), nil
}

// cdata reads a <![CDATA[…]]> section as text, taken as written.
func (d *decoder) cdata() (*token, error) {
	const open = len("<![CDATA[")
	body := d.data[d.pos+open:]
	i := bytes.Index(body, []byte("]]>"))
	if i < 0 {
		return nil, d.truncated()
	}
	text, ok := d.decode(body[:i], false)
	if !ok {
		return nil, d.syntax()
	}
	d.pos += open + i + 3
	return d.set(tokText, nil, nil, text), nil
}

// truncated is the error of markup that never ends: the part was cut
// short.
func (d *decoder) truncated() error {
	return d.broken("phần XML bị cắt ngang (thiếu thẻ đóng)")
}

// comment skips <!-- … -->; "--" inside is not XML.
func (d *decoder) comment() (*token, error) {
	body := d.data[d.pos+4:]
	i := bytes.Index(body, []byte("--"))
	if i < 0 || i+2 >= len(body) {
		return nil, d.truncated()
	}
	if body[i+2] != '>' {
		return nil, d.syntax()
	}
	d.pos += 4 + i + 3
	return d.set(tokOther, nil, nil, nil), nil
}

// procInst reads <?target …?>. A target "xml", in any case, is the XML
// declaration: only at the very start of the part (after a byte order
// mark), and then exactly as the standard writes it (XMLDecl): version
// 1.0, then optionally the encoding, which must be UTF-8, and standalone,
// each "name = 'value'" with any spacing. encoding/xml reads only
// "encoding=" directly followed by a quote, so it would take
// encoding = "UTF-16" for no encoding at all.
func (d *decoder) procInst() (*token, error) {
	body := d.data[d.pos+2:]
	i := bytes.Index(body, []byte("?>"))
	if i < 0 {
		return nil, d.truncated()
	}
	inner := body[:i]
	n := nameLen(inner)
	if n == 0 {
		return nil, d.syntax()
	}
	if n == 3 && bytes.EqualFold(inner[:n], []byte("xml")) {
		if d.pos != 0 && !(d.pos == 3 && bytes.HasPrefix(d.data, []byte("\uFEFF"))) {
			return nil, d.broken(fmt.Sprintf("khai báo XML (<?xml …?>) chỉ được ở đầu phần, không ở dòng %d", d.line()))
		}
		if detail := xmlDecl(inner[n:]); detail != "" {
			return nil, d.broken(detail)
		}
	}
	d.pos += 2 + i + 2
	return d.set(tokOther, nil, nil, nil), nil
}

// xmlDecl checks what follows "<?xml" in the XML declaration against the
// standard's XMLDecl production; "" when it is one this reader reads, else
// why not, in Vietnamese.
func xmlDecl(b []byte) string {
	const bad = "khai báo XML (<?xml …?>) sai cú pháp"
	order := [...]string{"version", "encoding", "standalone"}
	next := 0 // index in order of the first parameter still allowed
	for {
		p := skipSpace(b, 0)
		if p == len(b) {
			if next == 0 {
				return bad + " (thiếu version)"
			}
			return ""
		}
		if p == 0 {
			return bad // a parameter must follow white space
		}
		b = b[p:]
		k := nameLen(b)
		name := string(b[:k])
		i := next
		for i < len(order) && order[i] != name {
			i++
		}
		switch {
		case k == 0 || i == len(order):
			return bad
		case next == 0 && i != 0:
			return bad + " (thiếu version)"
		}
		next = i + 1
		p = skipSpace(b, k)
		if p == len(b) || b[p] != '=' {
			return bad
		}
		p = skipSpace(b, p+1)
		if p == len(b) || b[p] != '"' && b[p] != '\'' {
			return bad
		}
		end := bytes.IndexByte(b[p+1:], b[p])
		if end < 0 {
			return bad
		}
		v := string(b[p+1 : p+1+end])
		b = b[p+1+end+1:]
		switch {
		case name == "version" && v != "1.0":
			return bad + " (chỉ đọc được XML 1.0, tệp khai báo “" + clip(v) + "”)"
		case name == "encoding" && !encName(v):
			return bad
		case name == "encoding" && !strings.EqualFold(v, "utf-8"):
			return "bảng mã " + clip(v) + " không được hỗ trợ (chỉ UTF-8)"
		case name == "standalone" && v != "yes" && v != "no":
			return bad
		}
	}
}

// encName reports whether s is an encoding's name as XML writes one
// (EncName): a letter, then letters, digits, ".", "_" or "-".
func encName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !letter && (i == 0 || !('0' <= c && c <= '9' || c == '.' || c == '_' || c == '-')) {
			return false
		}
	}
	return s != ""
}

// endTag reads </name>.
func (d *decoder) endTag() (*token, error) {
	p := d.pos + 2
	n := nameLen(d.data[p:])
	if n == 0 {
		return nil, d.noName()
	}
	space, local, ok := splitName(d.data[p : p+n])
	if !ok {
		return nil, d.syntax()
	}
	p = skipSpace(d.data, p+n)
	if p >= len(d.data) {
		return nil, d.truncated()
	}
	if d.data[p] != '>' {
		return nil, d.syntax()
	}
	name := d.data[d.pos+2 : d.pos+2+n]
	if len(d.open) == 0 {
		return nil, d.broken(fmt.Sprintf("thẻ đóng </%s> thừa (dòng %d)", clip(string(name)), d.line()))
	}
	if top := d.open[len(d.open)-1]; !bytes.Equal(top, name) {
		return nil, d.broken(fmt.Sprintf("thẻ đóng </%s> không khớp thẻ mở <%s> (dòng %d)", clip(string(name)), clip(string(top)), d.line()))
	}
	d.open = d.open[:len(d.open)-1]
	d.pos = p + 1
	d.depth--
	return d.set(tokEnd, space, local, nil), nil
}

// noName is the error of a tag whose name is missing: the part ends
// there, or the markup is wrong.
func (d *decoder) noName() error {
	if d.pos+2 >= len(d.data) {
		return d.truncated()
	}
	return d.syntax()
}

// startTag reads <name attr="value" …> or <name …/>.
func (d *decoder) startTag() (*token, error) {
	data := d.data
	p := d.pos + 1
	n := nameLen(data[p:])
	if n == 0 {
		return nil, d.noName()
	}
	t := &d.tok
	var ok bool
	if t.space, t.local, ok = splitName(data[p : p+n]); !ok {
		return nil, d.syntax()
	}
	d.open = append(d.open, data[p:p+n])
	p += n
	t.kind, t.attrs, t.text = tokStart, t.attrs[:0], nil
	d.scratch = d.scratch[:0]
	for {
		q := skipSpace(data, p)
		if q >= len(data) {
			return nil, d.truncated()
		}
		switch data[q] {
		case '>':
			d.pos = q + 1
			return d.opened(t, false)
		case '/':
			if q+1 >= len(data) {
				return nil, d.truncated()
			}
			if data[q+1] != '>' {
				return nil, d.syntax()
			}
			d.pos = q + 2
			return d.opened(t, true)
		}
		p = q
		n := nameLen(data[p:])
		if n == 0 {
			if p+1 >= len(data) {
				return nil, d.truncated()
			}
			return nil, d.syntax()
		}
		var a attrib
		if a.space, a.local, ok = splitName(data[p : p+n]); !ok {
			return nil, d.syntax()
		}
		p = skipSpace(data, p+n)
		if p >= len(data) {
			return nil, d.truncated()
		}
		if data[p] != '=' {
			return nil, d.syntax()
		}
		p = skipSpace(data, p+1)
		if p >= len(data) {
			return nil, d.truncated()
		}
		quote := data[p]
		if quote != '"' && quote != '\'' {
			return nil, d.syntax()
		}
		end := bytes.IndexByte(data[p+1:], quote)
		if end < 0 {
			return nil, d.truncated()
		}
		raw := data[p+1 : p+1+end]
		if bytes.IndexByte(raw, '<') >= 0 || !validChars(raw) {
			return nil, d.syntax()
		}
		a.value = raw
		if bytes.IndexByte(raw, '&') >= 0 || bytes.IndexByte(raw, '\r') >= 0 {
			// Decoded after the tag is read: the scratch space may move
			// while it grows, so the value is kept as offsets till then.
			from := len(d.scratch)
			if d.scratch, ok = appendDecoded(d.scratch, raw, true); !ok {
				return nil, d.syntax()
			}
			a.value, a.from, a.to = nil, from, len(d.scratch)
		}
		t.attrs = append(t.attrs, a)
		p += 1 + end + 1
	}
}

// opened counts the element just started against the depth limit.
func (d *decoder) opened(t *token, empty bool) (*token, error) {
	for i := range t.attrs {
		if a := &t.attrs[i]; a.value == nil {
			a.value = d.scratch[a.from:a.to:a.to]
		}
	}
	d.depth++
	if d.depth > d.maxDepth {
		return nil, &LimitError{Part: d.part, Sheet: d.sheet, What: WhatDepth, Limit: int64(d.maxDepth)}
	}
	d.closing = empty
	return t, nil
}

// nameLen is the length of the XML name at the start of b: ASCII letters,
// digits, "_", ":", "." and "-", not starting with a digit, "." or "-".
// Names with other characters are valid XML but never in a workbook: they
// make the part refused here (the excelize way decides).
func nameLen(b []byte) int {
	if len(b) == 0 || !nameStart[b[0]] {
		return 0
	}
	i := 1
	for i < len(b) && nameByte[b[i]] {
		i++
	}
	if i < len(b) && b[i] >= utf8.RuneSelf {
		return 0
	}
	return i
}

var nameStart, nameByte [256]bool

func init() {
	for c := 0; c < 256; c++ {
		b := byte(c)
		letter := 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || b == '_' || b == ':'
		nameStart[c] = letter
		nameByte[c] = letter || '0' <= b && b <= '9' || b == '.' || b == '-'
	}
}

// splitName splits prefix:local as encoding/xml does: no prefix when the
// colon starts or ends the name, an error for two colons.
func splitName(name []byte) (space, local []byte, ok bool) {
	i := bytes.IndexByte(name, ':')
	if i < 0 {
		return nil, name, true
	}
	if bytes.IndexByte(name[i+1:], ':') >= 0 {
		return nil, nil, false
	}
	if i == 0 || i == len(name)-1 {
		return nil, name, true
	}
	return name[:i], name[i+1:], true
}

func skipSpace(b []byte, p int) int {
	for p < len(b) {
		switch b[p] {
		case ' ', '\t', '\r', '\n':
			p++
		default:
			return p
		}
	}
	return p
}

// decode returns raw as text: entities decoded when entities is set, line
// ends normalised ("\r\n" and "\r" become "\n"), every character checked
// to be one XML allows. raw itself is returned when nothing changes.
func (d *decoder) decode(raw []byte, entities bool) ([]byte, bool) {
	if !validChars(raw) {
		return nil, false
	}
	if (!entities || bytes.IndexByte(raw, '&') < 0) && bytes.IndexByte(raw, '\r') < 0 {
		return raw, true
	}
	var ok bool
	d.scratch, ok = appendDecoded(d.scratch[:0], raw, entities)
	return d.scratch, ok
}

// appendDecoded appends raw, checked already, decoded as decode says.
func appendDecoded(out, raw []byte, entities bool) ([]byte, bool) {
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '\r':
			out = append(out, '\n')
			i++
			if i < len(raw) && raw[i] == '\n' {
				i++
			}
		case c == '&' && entities:
			j := bytes.IndexByte(raw[i:], ';')
			if j < 0 {
				return out, false
			}
			r, ok := entity(raw[i+1 : i+j])
			if !ok {
				return out, false
			}
			out = utf8.AppendRune(out, r)
			i += j + 1
		default:
			out = append(out, c)
			i++
		}
	}
	return out, true
}

// entity decodes the name of &name; — the five predefined entities and
// character references — as encoding/xml does in strict mode.
func entity(name []byte) (rune, bool) {
	switch string(name) {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "apos":
		return '\'', true
	case "quot":
		return '"', true
	}
	if len(name) < 2 || name[0] != '#' {
		return 0, false
	}
	digits, base := name[1:], 10
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	// As encoding/xml: any number of digits up to the largest rune; a
	// surrogate stands for U+FFFD; then the character must be one XML
	// allows.
	n, err := strconv.ParseUint(string(digits), base, 64)
	if err != nil || n > unicode.MaxRune {
		return 0, false
	}
	r := rune(n)
	if 0xD800 <= r && r <= 0xDFFF {
		r = utf8.RuneError
	}
	return r, inCharacterRange(r)
}

// validChars reports whether b is UTF-8 made only of characters XML 1.0
// allows.
func validChars(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 || !inCharacterRange(r) {
			return false
		}
		i += size
	}
	return true
}

// inCharacterRange is XML 1.0's Char production.
func inCharacterRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// text collects the character data up to the end of the element just
// started, its children's included, and returns it with that end consumed.
func (d *decoder) text(buf []byte) ([]byte, error) {
	start := d.depth
	for {
		t, err := d.next()
		if err != nil {
			if err == io.EOF {
				err = d.truncated()
			}
			return buf, err
		}
		switch t.kind {
		case tokText:
			buf = append(buf, t.text...)
		case tokEnd:
			if d.depth < start {
				return buf, nil
			}
		}
	}
}
