package textout

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"tonghop/aggregate"
	"tonghop/aggregate/mail"
	"tonghop/aggregate/summary"
	"tonghop/templates"
	"tonghop/templates/atomicfile"
	"tonghop/templates/vn"
)

// Draft mails: ready-to-send .eml files that open in Outlook or Thunderbird
// (X-Unsent: 1), one per unit, addressed to the campaign's emails of the
// unit, else to the email its reporter wrote in its own file. A unit
// without either gets no draft and is listed instead: a draft with no
// recipient would go nowhere.

// DraftDir is the folder of the merge's draft mails, inside the output
// folder; InvitationDir the folder of generate's.
const (
	DraftDir      = "thu-nhap"
	InvitationDir = "thu-gui-bieu-mau"
)

// sender is the Department as the drafts' From names it.
func sender(c *templates.Campaign) mail.Address {
	return mail.Address{Name: bodyName(c), Email: c.ContactEmail}
}

// draftName is "<code>_<slug>.eml".
func draftName(u *templates.Unit) string {
	return strings.TrimSuffix(feedbackName(u), ".txt") + ".eml"
}

// draftDay dates a draft of the letters of a day (a calendar day, as
// aggregate.Day keeps it) at 08:00 on the province's clock (+07:00): its
// Date header then says the day the letter says, not 00:00 UTC.
func draftDay(day time.Time) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), 8, 0, 0, 0, aggregate.InVietnam(day).Location())
}

// writeDraft writes one draft, named name, into batch (the drafts of a run
// are flushed to disk once, as the letters are).
func writeDraft(batch *atomicfile.Batch, name string, d mail.Draft) error {
	var b bytes.Buffer
	if err := mail.WriteDraft(&b, d); err != nil {
		return fmt.Errorf("soạn thư %s: %w", name, err)
	}
	return batch.Write(name, func(w io.Writer) error { _, err := w.Write(b.Bytes()); return err })
}

// contactLines is how the Department can be reached, one line each.
func contactLines(c *templates.Campaign) string {
	var lines []string
	if c.ContactPerson != "" {
		lines = append(lines, "Người liên hệ: "+c.ContactPerson)
	}
	if c.Contact != "" {
		lines = append(lines, "Đơn vị đầu mối: "+c.Contact)
	}
	if c.ContactPhone != "" {
		lines = append(lines, "Điện thoại: "+c.ContactPhone)
	}
	if c.ContactEmail != "" {
		lines = append(lines, "Thư điện tử nhận báo cáo: "+c.ContactEmail)
	}
	return strings.Join(lines, "\n")
}

// campaignRecipients are the unit's addresses in the campaign: its Email
// cell may hold several (templates.Unit.Addresses).
func campaignRecipients(u *templates.Unit) []mail.Address {
	var out []mail.Address
	for _, e := range u.Addresses() {
		out = append(out, mail.Address{Name: u.Name, Email: e})
	}
	return out
}

// WriteInvitations writes, for each generated template, a draft to its
// unit with the template attached, into dir. It returns the drafts written
// and the units left without one for want of an email.
func WriteInvitations(c *templates.Campaign, files []templates.GeneratedFile, dir string, date time.Time) (written []string, noEmail []*templates.Unit, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, fmt.Errorf("tạo thư mục %s: %w", dir, err)
	}
	batch := atomicfile.NewBatch(dir)
	defer batch.Abort() // after Commit, nothing is left to remove
	// The deadline while it is ahead, else "sớm": never a day gone by.
	l := &Letters{Summary: &summary.Summary{Campaign: c, Date: aggregate.Day(date)}}
	for _, f := range files {
		to := campaignRecipients(f.Unit)
		if len(to) == 0 {
			noEmail = append(noEmail, f.Unit)
			continue
		}
		data, err := os.ReadFile(f.Path)
		if err != nil {
			return written, noEmail, fmt.Errorf("đọc biểu mẫu %s: %w", f.Path, err)
		}
		body := fmt.Sprintf("Kính gửi: %s\n\n%s đề nghị quý cơ quan, đơn vị điền số liệu vào biểu mẫu đính kèm (tệp %s) về %s, lưu lại và gửi lại bằng thư điện tử %s.\n",
			f.Unit.Name, bodyName(c), filepath.Base(f.Path), vn.LowerFirst(c.Title), l.when(c.DataDeadline))
		body += closing(l.Summary)
		d := mail.Draft{From: sender(c), To: to,
			Subject: fmt.Sprintf("%s – biểu mẫu báo cáo của %s", c.Subject, f.Unit.Name), Body: body,
			Attachments: []mail.Attachment{{Name: filepath.Base(f.Path), Data: data}}, Date: aggregate.InVietnam(date)}
		if err := writeDraft(batch, draftName(f.Unit), d); err != nil {
			return nil, noEmail, err
		}
		written = append(written, filepath.Join(dir, draftName(f.Unit)))
	}
	if err := batch.Commit(); err != nil {
		return nil, noEmail, err
	}
	return written, noEmail, nil
}

// deadlinePhrase is "trước ngày 05/4/2024", or "" without a deadline.
func deadlinePhrase(c *templates.Campaign) string {
	if c.DataDeadline.IsZero() {
		return ""
	}
	return "trước ngày " + vn.Date(c.DataDeadline)
}

// Drafts is what WriteDrafts did: the drafts written, the units addressed
// at an email found in their own file (the campaign has none for them),
// and the units left without a draft for want of any email.
type Drafts struct {
	Written  []string
	Fallback []Fallback
	NoEmail  []*templates.Unit
}

// Fallback is a unit whose draft went to the addresses its own file gave.
type Fallback struct {
	Unit  *templates.Unit
	Email string // "; " between addresses
	From  string // Vietnamese: where the address was found
}

// Notes are the console's lines about the drafts: each address taken from
// a unit's own file, and how many units got no draft.
func (d Drafts) Notes() []string {
	var out []string
	for _, f := range d.Fallback {
		out = append(out, fmt.Sprintf("Thư nháp cho %s %s: chiến dịch chưa có email của đơn vị, dùng %s: %s.", f.Unit.Code, f.Unit.Name, f.From, f.Email))
	}
	if len(d.NoEmail) > 0 {
		out = append(out, fmt.Sprintf("Lưu ý: %d đơn vị cần nhắc hoặc phản hồi nhưng chưa có email trong chiến dịch (và tệp của đơn vị không ghi email), nên không soạn thư nháp (điền cột Email của trang “Đơn vị” trong tệp chiến dịch).", len(d.NoEmail)))
	}
	return out
}

// fileRecipients are the addresses a unit's own submission gives, for a
// unit the campaign has no email of: those its reporter wrote in the
// report in use, else the address its mail came from; nil when neither
// holds an address. A reporter's cell is read as the campaign's Email
// cell is (templates.Unit.Addresses: ";" or ",", net/mail, a domain with
// a dot), so that what a unit typed is never trusted more.
func fileRecipients(ur *aggregate.UnitResult) (emails []string, from string) {
	if ur == nil || ur.Report == nil {
		return nil, ""
	}
	r := ur.Report
	if e := (&templates.Unit{Email: r.Reporter.Email}).Addresses(); len(e) > 0 {
		return e, "email người báo cáo ghi trong tệp"
	}
	if r.Mail != nil {
		if e := (&templates.Unit{Email: r.Mail.From.Email}).Addresses(); len(e) > 0 {
			return e, "địa chỉ đơn vị đã gửi thư báo cáo"
		}
	}
	return nil, ""
}

// WriteDrafts writes the merge's draft mails into dir, one per unit: the
// feedback letter to every unit s.Feedback names, and a reminder to every
// other unit that has not reported its figures (with its template,
// template makes it, attached again) or owes a written report. Each
// subject says what the unit must do.
func WriteDrafts(l *Letters, dir string, template func(*templates.Unit) (name string, data []byte, err error)) (Drafts, error) {
	c := l.Campaign
	var out Drafts
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return out, fmt.Errorf("tạo thư mục %s: %w", dir, err)
	}
	batch := atomicfile.NewBatch(dir)
	defer batch.Abort() // after Commit, nothing is left to remove
	byCode := map[string]*aggregate.UnitResult{}
	for _, u := range l.Units {
		byCode[u.Unit.Code] = u.UnitResult
	}
	add := func(u *templates.Unit, subject, body string, atts []mail.Attachment) error {
		to := campaignRecipients(u)
		if len(to) == 0 {
			emails, from := fileRecipients(byCode[u.Code])
			if len(emails) == 0 {
				out.NoEmail = append(out.NoEmail, u)
				return nil
			}
			for _, e := range emails {
				to = append(to, mail.Address{Name: u.Name, Email: e})
			}
			out.Fallback = append(out.Fallback, Fallback{Unit: u, Email: strings.Join(emails, "; "), From: from})
		}
		d := mail.Draft{From: sender(c), To: to, Subject: subject + ": " + c.Subject, Body: body, Attachments: atts, Date: draftDay(l.Date)}
		if err := writeDraft(batch, draftName(u), d); err != nil {
			return err
		}
		out.Written = append(out.Written, filepath.Join(dir, draftName(u)))
		return nil
	}
	for _, r := range l.reminders() {
		var atts []mail.Attachment
		name := ""
		if r.figures {
			n, data, err := template(r.unit)
			if err != nil {
				return out, err
			}
			name, atts = n, []mail.Attachment{{Name: n, Data: data}}
		}
		if err := add(r.unit, reminderSubject(r), l.reminderText(r, name), atts); err != nil {
			return out, err
		}
	}
	for _, fb := range l.Feedback {
		if err := add(fb.Unit, feedbackSubject(fb), l.feedbackText(fb), nil); err != nil {
			return out, err
		}
	}
	return out, batch.Commit()
}

// reminderSubject says what a reminded unit must send.
func reminderSubject(r reminder) string {
	switch {
	case r.figures && r.written:
		return "Chưa nhận được báo cáo số liệu và báo cáo bằng văn bản, đề nghị gửi"
	case r.figures:
		return "Chưa nhận được báo cáo, đề nghị gửi"
	}
	return "Chưa nhận được báo cáo bằng văn bản (nếu đã gửi qua hệ thống văn bản xin bỏ qua)"
}

// feedbackSubject says whether the unit must send again: a file that
// could not be used, a report with errors, or warnings to check only.
func feedbackSubject(fb summary.Feedback) string {
	switch {
	case fb.Rejected:
		return "Đã nhận nhưng không sử dụng được tệp, đề nghị gửi lại bằng biểu mẫu Excel (.xlsx)"
	case fb.Status == aggregate.StatusInvalid:
		return fmt.Sprintf("Báo cáo có %s lỗi, đề nghị sửa và gửi lại", vn.Count(len(fb.Errors)))
	}
	return fmt.Sprintf("Đề nghị kiểm tra %s điểm (không phải gửi lại nếu số liệu đúng)", vn.Count(len(fb.Warnings)))
}
