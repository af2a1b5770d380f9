package mail

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	netmail "net/mail"
	"strings"
	"time"

	"tonghop/templates/vn"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // windows-1258, iso-8859-1, … for bodies and RFC 2047 words
	gomail "github.com/emersion/go-message/mail"
	"github.com/emersion/go-message/textproto"
	"golang.org/x/text/unicode/norm"
)

// emlParser walks one .eml file's MIME tree, counting what Limits bound.
type emlParser struct {
	name  string
	lim   Limits
	parts int
	bytes int64 // attachment bytes kept so far
	atts  []Attachment

	inner    int      // depth of message/rfc822 parts around the part walked
	text     string   // the first text/plain part of the mail itself (not of a forwarded one)
	attached Original // the first forwarded mail attached whole
	fwd      bool     // the subject marks a forward
}

func parseEML(name string, data []byte, lim Limits) (*Mail, error) {
	p := &emlParser{name: name, lim: lim}
	e, err := p.readEntity(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	h := gomail.Header{Header: e.Header}
	if !h.Has("From") && !h.Has("Date") && !h.Has("Subject") && !h.Has("Message-Id") && !h.Has("Content-Type") {
		return nil, &Error{File: name, Kind: ErrNotMail, Detail: "không có các trường From, Date, Subject"}
	}
	m := &Mail{From: fromAddress(h)}
	m.Date, _ = h.Date() // a missing or unreadable date stays zero: the caller decides
	m.Received = receivedDate(h)
	m.Subject, _ = h.Subject()
	m.Subject = cleanText(m.Subject)
	p.fwd = forwardSubject(m.Subject)
	if id, err := h.MessageID(); err == nil {
		m.MessageID = id
	} else {
		m.MessageID = strings.Trim(strings.TrimSpace(h.Get("Message-Id")), "<>")
	}
	if err := p.walk(e, 0); err != nil {
		return nil, err
	}
	m.Attachments = p.atts
	m.Signature = signature(p.text)
	m.Original = p.attached
	if m.Original.Date.IsZero() && p.text != "" {
		loc := time.Local
		if !m.Date.IsZero() {
			loc = m.Date.Location()
		}
		m.Original = quotedOriginal(p.text, p.fwd, loc)
	}
	return m, nil
}

// receivedDate reads the date of the topmost Received field, the one the
// last server (the recipient's) added on arrival.
func receivedDate(h gomail.Header) time.Time {
	f := h.FieldsByKey("Received")
	if !f.Next() {
		return time.Time{}
	}
	v := f.Value()
	i := strings.LastIndexByte(v, ';')
	if i < 0 {
		return time.Time{}
	}
	t, err := netmail.ParseDate(strings.TrimSpace(v[i+1:]))
	if err != nil {
		return time.Time{}
	}
	return t
}

// fromAddress reads the first From address; a From that is not a valid
// address list (raw 8-bit names, missing brackets) keeps its decoded text
// as the name.
func fromAddress(h gomail.Header) Address {
	if list, err := h.AddressList("From"); err == nil && len(list) > 0 {
		return Address{Name: cleanText(list[0].Name), Email: list[0].Address}
	}
	raw, _ := h.Text("From")
	raw = cleanText(raw)
	if i, j := strings.LastIndexByte(raw, '<'), strings.LastIndexByte(raw, '>'); i >= 0 && j > i {
		return Address{Name: strings.Trim(strings.TrimSpace(raw[:i]), `"`), Email: strings.TrimSpace(raw[i+1 : j])}
	}
	if strings.Contains(raw, "@") && !strings.Contains(raw, " ") {
		return Address{Email: raw}
	}
	return Address{Name: raw}
}

// readEntity reads one header block and wraps the body in its decoders.
// Unknown charsets and transfer encodings are not fatal: the body is then
// read as it is.
func (p *emlParser) readEntity(r io.Reader) (*message.Entity, error) {
	e, err := message.ReadWithOptions(r, &message.ReadOptions{MaxHeaderBytes: p.lim.MaxHeaderBytes})
	if err == nil || (e != nil && (message.IsUnknownCharset(err) || message.IsUnknownEncoding(err))) {
		return e, nil
	}
	if strings.Contains(err.Error(), "header exceeds maximum size") {
		return nil, &Error{File: p.name, Kind: ErrHeaderTooLarge, Detail: fmt.Sprintf("tối đa %d byte", p.lim.MaxHeaderBytes)}
	}
	return nil, &Error{File: p.name, Kind: ErrMalformed, Detail: "không đọc được phần đầu thư"}
}

// walk visits e and its descendants depth-first, keeping attachments in
// document order. Forwarded mails (message/rfc822) are walked too.
func (p *emlParser) walk(e *message.Entity, depth int) error {
	if depth > p.lim.MaxDepth {
		return &Error{File: p.name, Kind: ErrTooDeep, Detail: fmt.Sprintf("quá %d cấp", p.lim.MaxDepth)}
	}
	p.parts++
	if p.parts > p.lim.MaxParts {
		return &Error{File: p.name, Kind: ErrTooManyParts, Detail: fmt.Sprintf("quá %d phần", p.lim.MaxParts)}
	}
	if mediaType, params, _ := e.Header.ContentType(); strings.HasPrefix(strings.ToLower(mediaType), "multipart/") {
		// textproto's reader rather than e.MultipartReader, so that each
		// part's header can be adjusted before go-message decodes it.
		mr := textproto.NewMultipartReader(e.Body, params["boundary"])
		for {
			raw, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return &Error{File: p.name, Kind: ErrMalformed, Detail: "thư bị cắt cụt hoặc hỏng cấu trúc MIME"}
			}
			part, err := message.New(keepCharset(message.Header{Header: raw.Header}), raw)
			if err != nil && !(message.IsUnknownCharset(err) || message.IsUnknownEncoding(err)) {
				return &Error{File: p.name, Kind: ErrMalformed, Detail: "thư hỏng cấu trúc MIME"}
			}
			if err := p.walk(part, depth+1); err != nil {
				return err
			}
		}
	}
	mediaType, _, _ := e.Header.ContentType()
	mediaType = strings.ToLower(mediaType)
	if mediaType == "message/rfc822" || mediaType == "message/global" {
		inner, err := p.readEntity(e.Body)
		if err != nil {
			return err
		}
		before := len(p.atts)
		p.inner++
		err = p.walk(inner, depth+1)
		p.inner--
		// The first mail attached whole is the forwarded original when the
		// subject says so, or when the reports came in it.
		if h := (gomail.Header{Header: inner.Header}); err == nil && p.attached.Date.IsZero() && (p.fwd || len(p.atts) > before) {
			if d, derr := h.Date(); derr == nil {
				p.attached = Original{Date: d, From: fromAddress(h), Via: ViaAttached}
			}
		}
		return err
	}
	name, ok := attachmentName(e.Header, mediaType, len(p.atts)+1)
	if !ok {
		if mediaType == "text/plain" && p.inner == 0 && p.text == "" {
			// The body text, for a forward quoted in it: 256 KiB is
			// far more than the lines after a forward marker need.
			b, _ := io.ReadAll(io.LimitReader(e.Body, 256<<10))
			p.text = string(b)
		}
		return nil
	}
	return p.keep(name, e.Body)
}

// keep reads one attachment's decoded bytes within the limits.
func (p *emlParser) keep(name string, body io.Reader) error {
	if len(p.atts) >= p.lim.MaxAttachments {
		return &Error{File: p.name, Kind: ErrTooManyParts, Detail: fmt.Sprintf("quá %d tệp đính kèm", p.lim.MaxAttachments)}
	}
	room := p.lim.MaxSize - p.bytes
	data, err := io.ReadAll(io.LimitReader(body, room+1))
	if err != nil {
		return &Error{File: p.name, Kind: ErrMalformed, Detail: fmt.Sprintf("tệp đính kèm %q hỏng", name)}
	}
	if int64(len(data)) > room {
		return &Error{File: p.name, Kind: ErrTooLarge, Detail: fmt.Sprintf("tệp đính kèm %q vượt giới hạn %d byte", name, p.lim.MaxSize)}
	}
	p.bytes += int64(len(data))
	p.atts = append(p.atts, Attachment{Name: name, Data: data})
	return nil
}

// keepCharset drops the charset of a text part that carries a file name,
// so that an attached .csv or .txt keeps its bytes as sent instead of
// being converted to UTF-8.
func keepCharset(h message.Header) message.Header {
	mediaType, params, err := h.ContentType()
	if err != nil || params["charset"] == "" || !strings.HasPrefix(strings.ToLower(mediaType), "text/") {
		return h
	}
	if name, _ := attachmentName(h, mediaType, 0); name == "" {
		return h
	}
	h = h.Copy()
	delete(params, "charset")
	h.SetContentType(mediaType, params)
	return h
}

// attachmentName says whether a leaf part is an attachment and under which
// name: a part marked "attachment", or any part (inline too) that carries
// a file name. RFC 2231 (filename*=utf-8”) and RFC 2047 (=?utf-8?b?…?=)
// names are decoded by go-message; the name is reduced to its last path
// element. n numbers an attachment that has no name.
func attachmentName(h message.Header, mediaType string, n int) (string, bool) {
	ah := gomail.AttachmentHeader{Header: h}
	name, _ := ah.Filename()
	if name == "" {
		// Filename gives up on the Content-Type name when the disposition
		// is unreadable; look at it on its own.
		_, params, _ := h.ContentType()
		name = params["name"]
	}
	name = baseName(cleanText(name))
	disp, _, _ := h.ContentDisposition()
	if name == "" {
		if !strings.EqualFold(disp, "attachment") {
			return "", false
		}
		name = fmt.Sprintf("tệp đính kèm %d%s", n, extensionFor(mediaType))
	}
	return name, true
}

// baseName drops any directory a sender's file name carries, with either
// separator, so that "..\..\x.xlsx" cannot point outside a folder.
func baseName(s string) string {
	if i := strings.LastIndexAny(s, `/\`); i >= 0 {
		s = s[i+1:]
	}
	s = strings.TrimSpace(s)
	if s == "." || s == ".." {
		return ""
	}
	return s
}

// cleanText returns s in NFC on one line, without the control and
// bidirectional-override characters vn.SafeLine removes (a header may carry
// raw CR, LF or NUL through an encoded word, and a right-to-left override
// in a name can make "báo cáo\u202Excod.exe" read as "báo cáo exe.docx").
// Every name Parse and Fetch take from a mail (sender, subject, attachment
// names, the names of saved mails) passes through it.
func cleanText(s string) string {
	return norm.NFC.String(strings.TrimSpace(vn.SafeLine(strings.ReplaceAll(s, "\r", " "))))
}

// extensionFor gives a nameless attachment the extension of its type, from
// a fixed table so that the result does not depend on the machine.
func extensionFor(mediaType string) string {
	switch mediaType {
	case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
		return ".xlsx"
	case "application/vnd.ms-excel":
		return ".xls"
	case "application/vnd.oasis.opendocument.spreadsheet":
		return ".ods"
	case "application/pdf":
		return ".pdf"
	case "application/zip", "application/x-zip-compressed":
		return ".zip"
	case "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
		return ".docx"
	case "application/msword":
		return ".doc"
	case "text/csv":
		return ".csv"
	}
	return ".bin"
}
