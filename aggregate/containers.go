package aggregate

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"time"

	"tonghop/aggregate/gate"
	"tonghop/aggregate/mail"
	"tonghop/templates"
)

// Mails and archives hold the files units send. A mail saved from the
// mailbox (.eml, .msg) or a .zip is read as the files inside it: one report
// per attachment or entry, each named "<container> › <name>", and each
// attachment of a mail carries the mail (date, sender, subject), whose date
// is when the unit sent it.

// containerSep joins a container's name and the name of a file inside it.
const containerSep = " › "

// Bounds of what one container may expand to, whatever its format. The
// time a container and everything in it may take is the file's
// (Reader.budget).
const (
	maxNesting      = 3                   // a zip in a mail in a zip
	maxMembers      = 200                 // files read from one container
	maxContainerSum = gate.UnzipSizeLimit // bytes of all of them, unpacked
)

// blob is one file's content with what is known of where it came from:
// a file of the input folder, or a file inside a container.
type blob struct {
	name    string // the path as shown: "<container> › <member>" inside one
	data    []byte
	kind    gate.Kind // by content, told once
	modTime time.Time // the file system's time, or the archive entry's
	mail    *MailInfo // the mail it came attached to; nil when none
}

// report is an empty report of the file.
func (f blob) report() *Report {
	return &Report{File: FileInfo{Path: f.name, Size: int64(len(f.data)), SHA256: sha(f.data), ModTime: f.modTime}}
}

// An unpacker opens one container format (a mail, an archive): it
// returns the files inside c, each named by its path inside c and read
// through lim, or why c cannot be opened, in Vietnamese. With an error, the
// members returned are read as well (the files before an archive's
// bound). A member the unpacker could not read is returned with broken
// set, and the others are read. A new format plugs in as one unpacker
// registered by its kind in NewReader.
type unpacker func(c blob, lim *memberLimit) ([]member, error)

// member is one file inside a container, as its unpacker found it.
type member struct {
	name    string // its path inside the container
	data    []byte
	modTime time.Time // zero: the container's
	mail    *MailInfo // set by a mail's unpacker
	broken  string    // why it could not be read; data is then nil
}

// memberLimit bounds what one container expands to: the count of its
// files and the bytes read from them.
type memberLimit struct {
	n     int
	total int64
}

// admit counts one more member named name; ok is false for an entry that
// is no file a unit sent (a folder, a hidden file, macOS metadata), err
// set past maxMembers.
func (l *memberLimit) admit(name string) (ok bool, err error) {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	if strings.HasSuffix(name, "/") || strings.HasPrefix(base, ".") || strings.HasPrefix(name, "__MACOSX/") {
		return false, nil
	}
	if l.n++; l.n > maxMembers {
		return false, errTooMany
	}
	return true, nil
}

// read reads one member's bytes within the bounds: errTooBig (the
// container is over them) or the reader's own error (the member is
// broken).
func (l *memberLimit) read(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, gate.MaxFileSize+1))
	l.total += int64(len(b))
	switch {
	case err != nil:
		return nil, err
	case len(b) > gate.MaxFileSize || l.total > maxContainerSum:
		return nil, errTooBig
	}
	return b, nil
}

var (
	errTooMany = fmt.Errorf("tệp nén có quá nhiều tệp (hơn %d): chỉ đọc %d tệp đầu — đề nghị đơn vị gửi riêng từng báo cáo", maxMembers, maxMembers)
	errTooBig  = fmt.Errorf("tệp nén giải nén quá lớn (giới hạn %s): không mở, đề nghị đơn vị gửi riêng từng báo cáo", gate.ByteSize(maxContainerSum))
)

// nothingInside is an unpacker's answer for a container with no file to
// read: it is listed, skipped, with the note.
type nothingInside struct {
	note string
	mail *MailInfo // the container's own mail, when it is one
}

func (e nothingInside) Error() string { return e.note }

// unpack reads one file's content: read's reports of the file, or, when it
// is a container within maxNesting, of the files inside it, in order, with
// a report for the container itself when it cannot be opened or holds
// nothing to read.
func (rr *Reader) unpack(f blob, depth int, read func(blob) []*Report) []*Report {
	f.kind = gate.Classify(f.data)
	open := rr.unpackers[f.kind]
	if open == nil || depth >= maxNesting {
		return read(f)
	}
	members, err := open(f, &memberLimit{})
	var out []*Report
	for _, m := range members {
		inner := blob{name: f.name + containerSep + m.name, data: m.data, modTime: m.modTime, mail: f.mail}
		if inner.modTime.IsZero() {
			inner.modTime = f.modTime
		}
		if m.mail != nil {
			inner.mail = m.mail
		}
		if m.broken != "" {
			out = append(out, rejected(&Report{File: FileInfo{Path: inner.name}}, m.broken))
			continue
		}
		out = append(out, rr.unpack(inner, depth+1, read)...)
	}
	self := f.report()
	self.Mail = f.mail
	var empty nothingInside
	switch {
	case errors.As(err, &empty):
		if empty.mail != nil {
			self.Mail = empty.mail
		}
		return append(out, skippedFile(self, empty.note))
	case err != nil:
		return append(out, rejected(self, err.Error()))
	case len(out) == 0:
		return []*Report{skippedFile(self, "tệp nén không có tệp nào: bỏ qua")}
	}
	return out
}

// MailInfo is the mail a report came attached to.
type MailInfo struct {
	File    string       // the mail file, as found
	Date    time.Time    // when it reached the mailbox, else when it was sent
	From    mail.Address // the sender
	Subject string
	// Unit is the unit the sender is: by the unit's email in the campaign,
	// else by the sender's name; nil when neither says.
	Unit *templates.Unit
}

// fileBase is the name a file was given by whoever made it: for a file
// inside a mail or an archive, its own name, not the container's.
func fileBase(p string) string {
	if i := strings.LastIndex(p, containerSep); i >= 0 {
		p = p[i+len(containerSep):]
	}
	return path.Base(strings.ReplaceAll(p, "\\", "/"))
}

// unmail opens a mail: its attachments, each carrying the mail (date,
// sender, subject), whose date is when the unit sent it.
func (rr *Reader) unmail(c blob, _ *memberLimit) ([]member, error) {
	m, err := mail.Parse(c.name, c.data, mail.Limits{MaxSize: gate.MaxFileSize})
	if err != nil {
		return nil, fmt.Errorf("thư điện tử không đọc được: %v", err)
	}
	info := &MailInfo{File: c.name, Date: m.Received, From: m.From, Subject: m.Subject}
	if info.Date.IsZero() {
		info.Date = m.Date
	}
	info.Unit = rr.senderUnit(m.From)
	if len(m.Attachments) == 0 {
		return nil, nothingInside{mail: info, note: fmt.Sprintf("thư của %s (%s, “%s”) không có tệp đính kèm: không có báo cáo để đọc — nếu đơn vị quên đính kèm, đề nghị gửi lại", m.From, info.Date.In(vnZone).Format("15:04 02/01/2006"), m.Subject)}
	}
	out := make([]member, len(m.Attachments))
	for i, a := range m.Attachments {
		out[i] = member{name: a.Name, data: a.Data, mail: info}
	}
	return out, nil
}

// unzip opens a .zip archive.
func unzip(c blob, lim *memberLimit) ([]member, error) {
	zr, err := zip.NewReader(bytes.NewReader(c.data), int64(len(c.data)))
	if err != nil {
		return nil, errors.New(gate.MsgTruncated)
	}
	var out []member
	for _, f := range zr.File {
		if ok, err := lim.admit(f.Name); err != nil {
			return out, err
		} else if !ok {
			continue
		}
		m := member{name: f.Name, modTime: f.Modified}
		rc, err := f.Open()
		if err == nil {
			m.data, err = lim.read(rc)
			rc.Close()
		}
		switch {
		case err == errTooBig:
			return out, err
		case err != nil:
			m.broken = gate.MsgTruncated
		}
		out = append(out, m)
	}
	return out, nil
}
