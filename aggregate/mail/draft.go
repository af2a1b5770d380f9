package mail

import (
	"bufio"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-message"
	gomail "github.com/emersion/go-message/mail"
	"github.com/emersion/go-message/textproto"
	"golang.org/x/text/unicode/norm"
)

// Draft is a mail for the officer to send: WriteDraft writes it as an .eml
// that Outlook and Thunderbird open as an unsent message.
type Draft struct {
	From        Address
	To          []Address
	Subject     string
	Body        string // plain text
	Attachments []Attachment
	Date        time.Time // zero: no Date header, and random Message-ID and boundary
}

// WriteDraft writes d as an RFC 5322 message in UTF-8: a quoted-printable
// text part and one base64 part per attachment, named both ways mail
// clients read (Content-Type name in RFC 2047, Content-Disposition filename
// in RFC 2231), with "X-Unsent: 1" so that Outlook opens it ready to send.
// When d.Date is set, the Message-ID and the MIME boundary derive from the
// content, so the same draft gives the same bytes.
func WriteDraft(w io.Writer, d Draft) error {
	var h gomail.Header
	params := map[string]string{}
	if !d.Date.IsZero() {
		params["boundary"] = draftBoundary(d)
	}
	h.SetContentType("multipart/mixed", params)
	h.Set("X-Unsent", "1")
	h.SetSubject(norm.NFC.String(d.Subject))
	h.SetAddressList("To", addressList(d.To))
	h.SetAddressList("From", addressList([]Address{d.From}))
	if !d.Date.IsZero() {
		h.SetDate(d.Date)
		h.Set("Message-Id", "<"+draftID(d)+">")
	} else if err := h.GenerateMessageID(); err != nil {
		return fmt.Errorf("tạo Message-ID: %w", err)
	}
	mw, err := message.CreateWriter(w, h.Header)
	if err != nil {
		return fmt.Errorf("ghi thư nháp: %w", err)
	}
	var th message.Header
	th.SetContentType("text/plain", map[string]string{"charset": "utf-8"})
	th.Set("Content-Transfer-Encoding", "quoted-printable")
	if err := writePart(mw, th, []byte(norm.NFC.String(d.Body))); err != nil {
		return err
	}
	for _, a := range d.Attachments {
		name := norm.NFC.String(a.Name)
		ah, err := attachmentHeader(name)
		if err != nil {
			return err
		}
		if err := writePart(mw, ah, a.Data); err != nil {
			return err
		}
	}
	if err := mw.Close(); err != nil {
		return fmt.Errorf("ghi thư nháp: %w", err)
	}
	return nil
}

func writePart(mw *message.Writer, h message.Header, data []byte) error {
	pw, err := mw.CreatePart(h)
	if err == nil {
		_, err = pw.Write(data)
	}
	if err == nil {
		err = pw.Close()
	}
	if err != nil {
		return fmt.Errorf("ghi thư nháp: %w", err)
	}
	return nil
}

func addressList(as []Address) []*gomail.Address {
	out := make([]*gomail.Address, 0, len(as))
	for _, a := range as {
		out = append(out, &gomail.Address{Name: norm.NFC.String(a.Name), Address: a.Email})
	}
	return out
}

// rfc2231 formats a parameter as RFC 2231 percent-encoded UTF-8, split
// into continuations (name*0*=…; name*1*=…) so that no line grows past
// what the header folder can break.
func rfc2231(param, value string) string {
	const chunk = 50
	var parts []string
	var b strings.Builder
	for _, r := range value {
		var enc string
		if r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-._~", r)) {
			enc = string(r)
		} else {
			for _, c := range []byte(string(r)) {
				enc += fmt.Sprintf("%%%02X", c)
			}
		}
		if b.Len()+len(enc) > chunk {
			parts = append(parts, b.String())
			b.Reset()
		}
		b.WriteString(enc)
	}
	parts = append(parts, b.String())
	if len(parts) == 1 {
		return param + "*=utf-8''" + parts[0]
	}
	out := make([]string, len(parts))
	for i, p := range parts {
		if i == 0 {
			p = "utf-8''" + p
		}
		out[i] = fmt.Sprintf("%s*%d*=%s", param, i, p)
	}
	return strings.Join(out, ";\r\n ")
}

// attachmentHeader writes an attachment's header fields folded by hand
// and reads them back: go-message keeps the bytes of a header it read, but
// folds the fields it formats only at spaces, which gives lines of hundreds
// of bytes for long encoded names.
func attachmentHeader(name string) (message.Header, error) {
	text := "Content-Type: " + contentType(name) + ";\r\n name=\"" + encodedWords(name) + "\"\r\n" +
		"Content-Disposition: attachment;\r\n " + rfc2231("filename", name) + "\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\n"
	h, err := textproto.ReadHeader(bufio.NewReader(strings.NewReader(text)))
	if err != nil {
		return message.Header{}, fmt.Errorf("ghi thư nháp: tên tệp %q: %w", name, err)
	}
	return message.Header{Header: h}, nil
}

// encodedWords is name as RFC 2047 base64 words of at most 30 bytes of
// UTF-8 each (one folded line each), the form Outlook reads from a
// Content-Type name parameter.
func encodedWords(name string) string {
	var words []string
	var chunk []byte
	flush := func() {
		if len(chunk) > 0 {
			words = append(words, "=?utf-8?b?"+base64.StdEncoding.EncodeToString(chunk)+"?=")
			chunk = chunk[:0]
		}
	}
	for _, r := range name {
		if len(chunk)+utf8.RuneLen(r) > 30 {
			flush()
		}
		chunk = utf8.AppendRune(chunk, r)
	}
	flush()
	return strings.Join(words, "\r\n ")
}

// contentType gives an attachment the type Outlook and Excel expect for
// its extension.
func contentType(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case ".xls":
		return "application/vnd.ms-excel"
	case ".ods":
		return "application/vnd.oasis.opendocument.spreadsheet"
	case ".pdf":
		return "application/pdf"
	case ".docx":
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case ".zip":
		return "application/zip"
	case ".csv":
		return "text/csv"
	}
	return "application/octet-stream"
}

// draftHash digests everything a draft shows, so that two different
// drafts never share a Message-ID or a boundary.
func draftHash(d Draft) []byte {
	h := sha256.New()
	field := func(s string) {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		io.WriteString(h, s)
	}
	field(d.Date.UTC().Format(time.RFC3339Nano))
	field(d.From.String())
	for _, a := range d.To {
		field(a.String())
	}
	field(d.Subject)
	field(d.Body)
	for _, a := range d.Attachments {
		field(a.Name)
		field(string(a.Data))
	}
	return h.Sum(nil)
}

// draftBoundary starts with "=_", which neither base64 nor quoted-printable
// output can contain, so no part can end the multipart early.
func draftBoundary(d Draft) string {
	return "=_tonghop_" + hex.EncodeToString(draftHash(d)[:16])
}

func draftID(d Draft) string {
	domain := "tonghop.invalid"
	if i := strings.LastIndexByte(d.From.Email, '@'); i >= 0 && i+1 < len(d.From.Email) {
		domain = d.From.Email[i+1:]
	}
	return hex.EncodeToString(draftHash(d)[16:]) + "@" + domain
}
