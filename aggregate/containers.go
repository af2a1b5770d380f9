package aggregate

import (
	"errors"
	"fmt"
	"path"
	"strings"
	"time"

	"tonghop/aggregate/archive"
	"tonghop/aggregate/gate"
	"tonghop/aggregate/mail"
	"tonghop/templates"
)

// Mails and archives hold the files units send. A mail saved from the
// mailbox (.eml, .msg) or an archive (.zip, .rar, .7z, Outlook's
// winmail.dat) is read as the files inside it: one report
// per attachment or entry, each named "<container> › <name>", and each
// attachment of a mail carries the mail (date, sender, subject), whose date
// is when the unit sent it.

// containerSep joins a container's name and the name of a file inside it.
const containerSep = " › "

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
// returns the files inside c, each named by its path inside c and taken
// out within b, or why c cannot be opened, in Vietnamese. With an error,
// the members returned are read as well (the files before an archive's
// bound). A member the unpacker could not read is returned with broken
// set, and the others are read. A new format plugs in as one unpacker
// registered by its kind in NewReader.
type unpacker func(c blob, b *archive.Budget) ([]member, error)

// member is one file inside a container, as its unpacker found it.
type member struct {
	name    string // its path inside the container
	data    []byte
	modTime time.Time // zero: the container's
	mail    *MailInfo // set by a mail's unpacker
	broken  string    // why it could not be read; data is then nil
}

// newBudget is the budget of one input file's archives.
func (rr *Reader) newBudget() *archive.Budget {
	return archive.NewBudget(archive.Limits{MaxFiles: gate.MaxMembers, MaxTotal: gate.MaxMembersSize, MaxFile: gate.MaxFileSize, MaxTime: rr.budget}, time.Now())
}

// nothingInside is an unpacker's answer for a container with no file to
// read: it is listed, skipped, with the note.
type nothingInside struct {
	note string
	mail *MailInfo // the container's own mail, when it is one
}

func (e nothingInside) Error() string { return e.note }

// unpack reads one file's content: read's reports of the file, or, when it
// is a container, of the files inside it, in order, with a report for the
// container itself when it cannot be opened or holds nothing to read. A
// container nested deeper than gate.MaxNesting, or one past b's bounds, ends
// the input: the container that met it says so, once.
func (rr *Reader) unpack(f blob, depth int, b *archive.Budget, read func(blob) []*Report) []*Report {
	f.kind = gate.Classify(f.data)
	open := rr.unpackers[f.kind]
	if open == nil {
		return read(f)
	}
	self := f.report()
	self.Mail = f.mail
	if depth >= gate.MaxNesting {
		// No unit nests its report this deep; an archive that does is
		// built to (42.zip).
		b.Stop(archive.ErrTooDeep)
		return []*Report{rr.unreadable(rejected(self, archiveMessage(f.kind, archive.ErrTooDeep)), f.mail)}
	}
	members, err := open(f, b)
	var out []*Report
	for _, m := range members {
		if b.Err() != nil && err == nil {
			return out // a container inside spent the budget and said so
		}
		inner := blob{name: f.name + containerSep + m.name, data: m.data, modTime: m.modTime, mail: f.mail}
		if inner.modTime.IsZero() {
			inner.modTime = f.modTime
		}
		if m.mail != nil {
			inner.mail = m.mail
		}
		if m.broken != "" {
			out = append(out, rr.unreadable(rejected(inner.report(), m.broken), inner.mail))
			continue
		}
		out = append(out, rr.unpack(inner, depth+1, b, read)...)
	}
	var empty nothingInside
	switch {
	case errors.As(err, &empty):
		if empty.mail != nil {
			self.Mail = empty.mail
		}
		return append(out, skippedFile(self, empty.note))
	case err != nil:
		return append(out, rr.unreadable(rejected(self, err.Error()), f.mail))
	case len(out) == 0:
		return []*Report{skippedFile(self, "tệp nén không có tệp nào: bỏ qua")}
	}
	return out
}

// unreadable gives a file that could not be read the unit its name, or
// its mail, says it is from.
func (rr *Reader) unreadable(r *Report, via *MailInfo) *Report {
	rr.attribute(r)
	rr.fromMail(r, via)
	return r
}

// MailInfo is the mail a report came attached to.
type MailInfo struct {
	File string    // the mail file, as found
	Date time.Time // when it reached the mailbox, else when it was sent
	// DateSent is set when Date is the mail's own Date header (what the
	// sender's computer wrote), the mail saying nothing of its arrival.
	DateSent bool
	// Original is when the unit sent the mail this one forwards, as the
	// forward says (mail.Mail.Original); zero when not a forward.
	Original time.Time
	From     mail.Address // the sender
	Subject  string
	// Unit is the unit the sender is: by the unit's email in the campaign,
	// else by the sender's name, else by the unit's name signed at the end
	// of the mail (Signed); nil when none says.
	Unit   *templates.Unit
	Signed bool
}

// senderWords says how the mail names its unit, for the evidence.
func (m *MailInfo) senderWords() string {
	if m.Signed {
		return fmt.Sprintf("thư gửi từ %s, cuối thư ký tên %s", m.From, unitLabel(m.Unit))
	}
	return fmt.Sprintf("thư gửi từ %s, địa chỉ của %s", m.From, unitLabel(m.Unit))
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
func (rr *Reader) unmail(c blob, _ *archive.Budget) ([]member, error) {
	m, err := mail.Parse(c.name, c.data, mail.Limits{MaxSize: gate.MaxFileSize})
	if err != nil {
		return nil, fmt.Errorf("thư điện tử không đọc được: %v", err)
	}
	info := &MailInfo{File: c.name, Date: m.Received, From: m.From, Subject: m.Subject}
	if info.Date.IsZero() {
		info.Date, info.DateSent = m.Date, true
	}
	// A forward's original date counts, unless it is later than the
	// forward itself (a wrong clock, or not the unit's mail).
	if o := m.Original.Date; !o.IsZero() && (info.Date.IsZero() || !o.After(info.Date)) {
		info.Original = o
	}
	info.Unit = rr.senderUnit(m.From)
	if info.Unit == nil && !info.Original.IsZero() {
		// Forwarded by someone who is not a unit: the original's sender.
		info.Unit = rr.senderUnit(m.Original.From)
	}
	if info.Unit == nil {
		info.Unit = rr.signedUnit(m.Signature)
		info.Signed = info.Unit != nil
	}
	if len(m.Attachments) == 0 {
		return nil, nothingInside{mail: info, note: fmt.Sprintf("thư của %s (%s, “%s”) không có tệp đính kèm: không có báo cáo để đọc — nếu đơn vị quên đính kèm, đề nghị gửi lại", m.From, info.Date.In(vnZone).Format("15:04 02/01/2006"), m.Subject)}
	}
	out := make([]member, len(m.Attachments))
	for i, a := range m.Attachments {
		out[i] = member{name: a.Name, data: a.Data, mail: info}
	}
	return out, nil
}

// unarchive opens an archive (.zip, .rar, .7z, winmail.dat) with the
// passwords given (--mat-khau). A file that cannot be taken out (its
// password not given) is a broken member under its own name, so that the
// name can still tell whose it is.
func (rr *Reader) unarchive(c blob, b *archive.Budget) ([]member, error) {
	format := archive.Detect(c.data)
	files, err := archive.Unpack(format, c.data, rr.opts.Passwords, b)
	out := make([]member, len(files))
	for i, f := range files {
		out[i] = member{name: f.Name, data: f.Data, modTime: f.Modified}
		if f.Err != nil {
			out[i].broken = archiveMessage(c.kind, f.Err)
		}
	}
	if err != nil {
		return out, errors.New(archiveMessage(c.kind, err))
	}
	return out, nil
}

// archiveMessage says why an archive of kind k, or a file in it, could
// not be read, and what to do.
func archiveMessage(k gate.Kind, err error) string {
	switch {
	case errors.Is(err, archive.ErrEncrypted):
		return fmt.Sprintf("tệp nén %s được đặt mật khẩu — chạy lại với --mat-khau (hỏi đơn vị mật khẩu), hoặc đề nghị đơn vị gửi bản không đặt mật khẩu", k)
	case errors.Is(err, archive.ErrWrongPassword):
		return fmt.Sprintf("tệp nén %s được đặt mật khẩu, các mật khẩu đưa vào không mở được — chạy lại với --mat-khau đúng (hỏi lại đơn vị mật khẩu), hoặc đề nghị gửi bản không đặt mật khẩu", k)
	case errors.Is(err, archive.ErrTooMany):
		return fmt.Sprintf("tệp nén có quá nhiều tệp (hơn %d, kể cả các tệp nén lồng bên trong): chỉ đọc %d tệp đầu — đề nghị đơn vị gửi riêng từng báo cáo", gate.MaxMembers, gate.MaxMembers)
	case errors.Is(err, archive.ErrTooLarge):
		return fmt.Sprintf("tệp nén giải nén quá lớn (giới hạn %s một tệp, %s cả tệp nén), không mở — đề nghị đơn vị gửi riêng từng báo cáo", gate.ByteSize(gate.MaxFileSize), gate.ByteSize(gate.MaxMembersSize))
	case errors.Is(err, archive.ErrTooDeep):
		return fmt.Sprintf("tệp nén hoặc thư lồng nhau quá %d lớp (có thể là tệp độc hại): không mở — đề nghị đơn vị gửi thẳng tệp báo cáo", gate.MaxNesting)
	case errors.Is(err, archive.ErrTimeout):
		return "giải nén quá lâu: không đọc hết — đề nghị đơn vị gửi riêng từng báo cáo"
	case errors.Is(err, archive.ErrMultiVolume):
		return fmt.Sprintf("tệp nén %s chia thành nhiều phần (part1, part2…) mà mới có một phần — đề nghị đơn vị gửi lại thành một tệp", k)
	case errors.Is(err, archive.ErrUnsupported):
		return fmt.Sprintf("tệp nén %s dùng cách nén chưa hỗ trợ — đề nghị đơn vị nén lại dạng .zip thông thường hoặc gửi thẳng tệp báo cáo", k)
	}
	return fmt.Sprintf("tệp nén %s bị hỏng hoặc tải về chưa hết — tải lại tệp đính kèm từ thư điện tử; nếu vẫn lỗi, đề nghị đơn vị gửi lại", k)
}
