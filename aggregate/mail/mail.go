// Package mail reads the mails units send their reports with (.eml files
// and Outlook .msg files) into a Mail with its attachments, writes draft
// mails (.eml) for the officer to send, and fetches a mail folder over IMAP
// into .eml files. It sits before the reader in the flow: the attachments it
// returns are the files the reader opens, and a mail's Date tells when the
// unit sent its report.
//
// Every input is untrusted: sizes, counts and nesting are bounded by Limits,
// and failures are *Error values with Vietnamese texts.
package mail

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"tonghop/aggregate/gate"
)

// Address is a mailbox: a display name and an address.
type Address struct {
	Name, Email string
}

// String formats a like a mail header does: "Name <email>".
func (a Address) String() string {
	switch {
	case a.Name == "":
		return a.Email
	case a.Email == "":
		return a.Name
	}
	return a.Name + " <" + a.Email + ">"
}

// Attachment is one attached file: its name as the sender gave it (NFC)
// and its bytes.
type Attachment struct {
	Name string
	Data []byte
}

// Mail is what Parse reads from a mail file.
type Mail struct {
	Date        time.Time // the Date header (.eml) or the submit time (.msg): when the unit sent it
	Received    time.Time // when the receiving server got it (topmost Received header, .msg delivery time); zero if unknown
	From        Address
	Subject     string
	MessageID   string // without angle brackets
	Attachments []Attachment
	// Original is the mail this one forwards, as the forward says: its
	// date is when the unit sent it (zero when not a forward, or when the
	// forward does not say). See forward.go.
	Original Original
	// Signature is the last lines of the mail's own text (.eml), where a
	// sender signs with the unit's name: at most maxSignature lines, each
	// trimmed and at most 200 bytes, last line last; quoted or forwarded
	// text below it is not part of it.
	Signature []string
}

// maxSignature is how many closing lines of a mail's text are its
// signature.
const maxSignature = 8

// signature returns the closing lines of a mail's text: above a quoted
// or forwarded block when there is one.
func signature(text string) []string {
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		t := strings.TrimSpace(strings.TrimSuffix(l, "\r"))
		if strings.HasPrefix(t, ">") || startsHeader(t, "from", "từ") || strings.Contains(t, "Original Message") || strings.Contains(t, "Forwarded message") || strings.Contains(t, "Thư đã chuyển tiếp") {
			break
		}
		if len(t) > 200 {
			t = strings.ToValidUTF8(t[:200], "")
		}
		if t = cleanText(t); t != "" {
			lines = append(lines, t)
		}
	}
	if len(lines) > maxSignature {
		lines = lines[len(lines)-maxSignature:]
	}
	return lines
}

// Limits bound what one mail file may make Parse do. A zero field takes
// its value from the limits policy (package gate).
type Limits struct {
	MaxSize        int64 // bytes of the whole file
	MaxAttachments int   // attachments kept
	MaxParts       int   // MIME parts (or .msg attachments) visited
	MaxDepth       int   // nesting of multiparts and forwarded mails
	MaxHeaderBytes int64 // bytes of one header block
}

// withDefaults fills the zero fields of l from the limits policy
// (package gate).
func (l Limits) withDefaults() Limits {
	l.MaxSize = gate.Bound(l.MaxSize, gate.MailMaxSize)
	l.MaxAttachments = gate.Bound(l.MaxAttachments, gate.MailMaxAttachments)
	l.MaxParts = gate.Bound(l.MaxParts, gate.MailMaxParts)
	l.MaxDepth = gate.Bound(l.MaxDepth, gate.MailMaxDepth)
	l.MaxHeaderBytes = gate.Bound(l.MaxHeaderBytes, gate.MailMaxHeaderBytes)
	return l
}

// The kinds of Error, for errors.Is.
var (
	ErrTooLarge       = errors.New("thư quá lớn")
	ErrTooManyParts   = errors.New("thư có quá nhiều phần")
	ErrTooDeep        = errors.New("thư lồng nhau quá sâu")
	ErrHeaderTooLarge = errors.New("phần đầu thư quá lớn")
	ErrMalformed      = errors.New("thư hỏng hoặc không đúng định dạng")
	ErrNotMail        = errors.New("không phải tệp thư (.eml hoặc .msg)")
)

// Error is a failure to read one mail file. Its text is Vietnamese and
// names the file; errors.Is(err, ErrTooLarge) and the like tell the kind.
type Error struct {
	File   string // the name given to Parse
	Kind   error  // one of the Err… values above
	Detail string // Vietnamese, may be empty
}

func (e *Error) Error() string {
	s := fmt.Sprintf("%s: %v", e.File, e.Kind)
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	return s
}

// Unwrap returns the kind.
func (e *Error) Unwrap() error { return e.Kind }

// recoverPanics is turned off by the fuzz test, which must see panics.
var recoverPanics = true

// Parse reads one mail file: Outlook .msg when the data is a compound file
// (whatever the name says), else an RFC 5322 .eml. name is used only in
// messages. It never keeps a reference to data.
func Parse(name string, data []byte, lim Limits) (m *Mail, err error) {
	lim = lim.withDefaults()
	if int64(len(data)) > lim.MaxSize {
		return nil, &Error{File: name, Kind: ErrTooLarge,
			Detail: fmt.Sprintf("%d byte, tối đa %d", len(data), lim.MaxSize)}
	}
	defer func() {
		// A last resort: the parsers below check their input, but a
		// library bug must not take the whole merge down.
		if !recoverPanics {
			return
		}
		if r := recover(); r != nil {
			m, err = nil, &Error{File: name, Kind: ErrMalformed, Detail: fmt.Sprint(r)}
		}
	}()
	if gate.MagicOf(data) == gate.OLEMagic {
		return parseMsg(name, data, lim)
	}
	if strings.EqualFold(filepath.Ext(name), ".msg") {
		return nil, &Error{File: name, Kind: ErrNotMail, Detail: "tệp .msg không phải tệp Outlook"}
	}
	return parseEML(name, data, lim)
}
