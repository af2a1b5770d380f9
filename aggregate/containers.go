package aggregate

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"path"
	"strings"
	"time"

	"tonghop/aggregate/gate"
	"tonghop/aggregate/mail"
	"tonghop/aggregate/names"
	"tonghop/templates"
)

// Mails and archives hold the files units send. A mail saved from the
// mailbox (.eml, .msg) or a .zip is read as the files inside it: one report
// per attachment or entry, each named "<container> › <name>", and each
// attachment of a mail carries the mail (date, sender, subject), whose date
// is when the unit sent it.

// containerSep joins a container's name and the name of a file inside it.
const containerSep = " › "

// Bounds of what one container may expand to.
const (
	maxNesting      = 3   // a zip in a mail in a zip
	maxZipEntries   = 200 // files read from one archive
	maxContainerSum = gate.UnzipSizeLimit
)

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

// expand reads one file's content: the report it is, or the reports of the
// files inside it when it is a mail or an archive.
func (rr *Reader) expand(name string, data []byte, modTime time.Time, depth int, via *MailInfo) []*Report {
	kind := gate.Classify(data)
	if depth < maxNesting {
		switch kind {
		case gate.Mail, gate.MSG:
			return rr.expandMail(name, data, modTime, depth)
		case gate.Zip:
			return rr.expandZip(name, data, modTime, depth, via)
		}
	}
	switch kind {
	case gate.Text:
		if rows := rr.formRows(data, kind); rows != nil {
			return rr.formReports(name, data, rows, modTime, via, rr.now())
		}
	}
	r := rr.bytesOf(name, data, kind)
	r.File.ModTime = modTime
	if kind == gate.XLSX && r.Rejected && !r.Skipped && r.Unit == nil {
		// No template identity, no unit name: perhaps the online form's
		// responses downloaded as a workbook.
		if rows := rr.formRows(data, kind); rows != nil {
			return rr.formReports(name, data, rows, modTime, via, rr.now())
		}
	}
	if via != nil {
		rr.fromMail(r, via)
	}
	return []*Report{r}
}

// expandMail reads a mail's attachments. A mail that cannot be parsed, or
// has no attachment, is itself listed.
func (rr *Reader) expandMail(name string, data []byte, modTime time.Time, depth int) []*Report {
	m, err := mail.Parse(name, data, mail.Limits{MaxSize: gate.MaxFileSize})
	self := &Report{File: FileInfo{Path: name, Size: int64(len(data)), ModTime: modTime, SHA256: sha(data)}}
	if err != nil {
		return []*Report{rejected(self, fmt.Sprintf("thư điện tử không đọc được: %v", err))}
	}
	info := &MailInfo{File: name, Date: m.Received, From: m.From, Subject: m.Subject}
	if info.Date.IsZero() {
		info.Date = m.Date
	}
	info.Unit = rr.senderUnit(m.From)
	self.Mail = info
	if len(m.Attachments) == 0 {
		self.Rejected, self.Skipped = true, true
		self.Issues = Issues{{File: name, Severity: templates.SeverityWarning,
			Msg: fmt.Sprintf("thư của %s (%s, “%s”) không có tệp đính kèm: không có báo cáo để đọc — nếu đơn vị quên đính kèm, đề nghị gửi lại", m.From, info.Date.In(vnZone).Format("15:04 02/01/2006"), m.Subject)}}
		return []*Report{self}
	}
	var out []*Report
	for _, a := range m.Attachments {
		out = append(out, rr.expand(name+containerSep+a.Name, a.Data, modTime, depth+1, info)...)
	}
	return out
}

// expandZip reads an archive's files, within bounds.
func (rr *Reader) expandZip(name string, data []byte, modTime time.Time, depth int, via *MailInfo) []*Report {
	self := &Report{File: FileInfo{Path: name, Size: int64(len(data)), ModTime: modTime, SHA256: sha(data)}, Mail: via}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return []*Report{rejected(self, gate.MsgTruncated)}
	}
	var out []*Report
	var total int64
	n := 0
	for _, f := range zr.File {
		base := path.Base(strings.ReplaceAll(f.Name, "\\", "/"))
		if strings.HasSuffix(f.Name, "/") || strings.HasPrefix(base, ".") || strings.HasPrefix(f.Name, "__MACOSX/") {
			continue
		}
		if n++; n > maxZipEntries {
			return append(out, rejected(self, fmt.Sprintf("tệp nén có quá nhiều tệp (hơn %d): chỉ đọc %d tệp đầu — đề nghị đơn vị gửi riêng từng báo cáo", maxZipEntries, maxZipEntries)))
		}
		rc, err := f.Open()
		if err != nil {
			out = append(out, rejected(&Report{File: FileInfo{Path: name + containerSep + f.Name}}, gate.MsgTruncated))
			continue
		}
		b, err := io.ReadAll(io.LimitReader(rc, gate.MaxFileSize+1))
		rc.Close()
		total += int64(len(b))
		switch {
		case err != nil:
			out = append(out, rejected(&Report{File: FileInfo{Path: name + containerSep + f.Name}}, gate.MsgTruncated))
			continue
		case len(b) > gate.MaxFileSize || total > maxContainerSum:
			return append(out, rejected(self, fmt.Sprintf("tệp nén giải nén quá lớn (giới hạn %s): không mở, đề nghị đơn vị gửi riêng từng báo cáo", gate.ByteSize(maxContainerSum))))
		}
		out = append(out, rr.expand(name+containerSep+f.Name, b, f.Modified, depth+1, via)...)
	}
	if len(out) == 0 {
		self.Rejected, self.Skipped = true, true
		self.Issues = Issues{{File: name, Severity: templates.SeverityWarning, Msg: "tệp nén không có tệp nào: bỏ qua"}}
		return []*Report{self}
	}
	return out
}

// fromMail ties a report read from an attachment to its mail: the sender
// is evidence of the unit, and a sender that names another unit than the
// file is flagged.
func (rr *Reader) fromMail(r *Report, m *MailInfo) {
	r.Mail = m
	switch {
	case m.Unit == nil:
	case r.Unit != nil && r.Unit.Code != m.Unit.Code:
		r.Issues = append(r.Issues, Issue{File: r.File.Path, Unit: r.Unit.Code, Severity: templates.SeverityWarning,
			Msg: fmt.Sprintf("thư gửi từ %s, địa chỉ của %s, nhưng tệp đính kèm là báo cáo của %s: kiểm tra đơn vị nào đã gửi", m.From, unitLabel(m.Unit), unitLabel(r.Unit))})
	case r.Unit == nil && r.Rejected && !r.Skipped && r.Attributed == nil:
		r.Attributed = m.Unit
		r.Evidence = fmt.Sprintf("không đọc được tệp; thư gửi từ %s, địa chỉ của %s", m.From, unitLabel(m.Unit))
	}
}

// senderUnit is the unit a mail's sender is: the unit whose email in the
// campaign is the sender's address, else the unit the sender's display
// name names clearly.
func (rr *Reader) senderUnit(from mail.Address) *templates.Unit {
	if u := rr.byEmail[strings.ToLower(strings.TrimSpace(from.Email))]; u != nil {
		return u
	}
	if from.Name == "" {
		return nil
	}
	best, _ := names.Decide(rr.m.MatchName(from.Name))
	if best == nil || best.Score < attributeScore {
		return nil
	}
	return best.Unit
}
