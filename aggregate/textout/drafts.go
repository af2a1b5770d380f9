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
// (X-Unsent: 1), one per unit, addressed from the campaign's unit emails. A
// unit without an email gets no draft and is listed instead: a draft with
// no recipient would go nowhere.

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

// writeDraft writes one draft atomically.
func writeDraft(path string, d mail.Draft) error {
	var b bytes.Buffer
	if err := mail.WriteDraft(&b, d); err != nil {
		return fmt.Errorf("soạn thư %s: %w", path, err)
	}
	return atomicfile.Write(path, func(w io.Writer) error { _, err := w.Write(b.Bytes()); return err })
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

// WriteInvitations writes, for each generated template, a draft to its
// unit with the template attached, into dir. It returns the drafts written
// and the units left without one for want of an email.
func WriteInvitations(c *templates.Campaign, files []templates.GeneratedFile, dir string, date time.Time) (written []string, noEmail []*templates.Unit, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, fmt.Errorf("tạo thư mục %s: %w", dir, err)
	}
	for _, f := range files {
		if strings.TrimSpace(f.Unit.Email) == "" {
			noEmail = append(noEmail, f.Unit)
			continue
		}
		data, err := os.ReadFile(f.Path)
		if err != nil {
			return written, noEmail, fmt.Errorf("đọc biểu mẫu %s: %w", f.Path, err)
		}
		body := fmt.Sprintf("Kính gửi: %s\n\n%s đề nghị quý cơ quan, đơn vị điền số liệu vào biểu mẫu đính kèm (tệp %s) về %s, lưu lại và gửi lại bằng thư điện tử %s.\n",
			f.Unit.Name, bodyName(c), filepath.Base(f.Path), vn.LowerFirst(c.Title), deadlinePhrase(c))
		body += closing(&summary.Summary{Campaign: c, Date: aggregate.Day(date)})
		d := mail.Draft{From: sender(c), To: []mail.Address{{Name: f.Unit.Name, Email: f.Unit.Email}},
			Subject: fmt.Sprintf("%s – biểu mẫu báo cáo của %s", c.Subject, f.Unit.Name), Body: body,
			Attachments: []mail.Attachment{{Name: filepath.Base(f.Path), Data: data}}, Date: date}
		path := filepath.Join(dir, draftName(f.Unit))
		if err := writeDraft(path, d); err != nil {
			return written, noEmail, err
		}
		written = append(written, path)
	}
	return written, noEmail, nil
}

// deadlinePhrase is "trước ngày 05/04/2024", or "" without a deadline.
func deadlinePhrase(c *templates.Campaign) string {
	if c.DataDeadline.IsZero() {
		return ""
	}
	return "trước ngày " + vn.Date(c.DataDeadline)
}

// WriteDrafts writes the merge's draft mails into dir: a reminder, with
// the unit's template attached again, to every unit that has not reported
// (template makes it), and the feedback letter to every unit s.Feedback
// names. It returns the drafts written and the units left without one for
// want of an email.
func WriteDrafts(s *summary.Summary, dir string, template func(*templates.Unit) (name string, data []byte, err error)) (written []string, noEmail []*templates.Unit, err error) {
	c := s.Campaign
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, fmt.Errorf("tạo thư mục %s: %w", dir, err)
	}
	add := func(u *templates.Unit, subject, body string, atts []mail.Attachment) error {
		if strings.TrimSpace(u.Email) == "" {
			noEmail = append(noEmail, u)
			return nil
		}
		d := mail.Draft{From: sender(c), To: []mail.Address{{Name: u.Name, Email: u.Email}}, Subject: subject, Body: body, Attachments: atts, Date: s.AsOf}
		path := filepath.Join(dir, draftName(u))
		if err := writeDraft(path, d); err != nil {
			return err
		}
		written = append(written, path)
		return nil
	}
	for _, ur := range remindable(s) {
		name, data, err := template(ur.Unit)
		if err != nil {
			return written, noEmail, err
		}
		if err := add(ur.Unit, "Nhắc gửi báo cáo: "+c.Subject, ReminderText(s, ur.Unit, name),
			[]mail.Attachment{{Name: name, Data: data}}); err != nil {
			return written, noEmail, err
		}
	}
	for _, fb := range s.Feedback {
		if err := add(fb.Unit, "Phản hồi báo cáo: "+c.Subject, feedbackText(s, fb), nil); err != nil {
			return written, noEmail, err
		}
	}
	return written, noEmail, nil
}

// ReminderText is the letter to a unit that has not reported; attachment
// names its template.
func ReminderText(s *summary.Summary, u *templates.Unit, attachment string) string {
	c := s.Campaign
	body := bodyName(c)
	var b strings.Builder
	fmt.Fprintf(&b, "Kính gửi: %s\n\n", u.Name)
	if s.BeforeDeadline || c.DataDeadline.IsZero() {
		fmt.Fprintf(&b, "Đến ngày %s, %s chưa nhận được %s của quý cơ quan, đơn vị.", vn.Date(s.Date), body, c.ReportName())
		if !c.DataDeadline.IsZero() {
			fmt.Fprintf(&b, " Hạn gửi số liệu là %s.", deadlinePhrase(c))
		}
		b.WriteString("\n\n")
	} else {
		fmt.Fprintf(&b, "Đến ngày %s, %s chưa nhận được %s của quý cơ quan, đơn vị; hạn gửi số liệu (%s) đã qua.\n\n", vn.Date(s.Date), body, c.ReportName(), deadlinePhrase(c))
	}
	when := resendWhen(s)
	if !s.BeforeDeadline {
		when = "sớm" // the paragraph above said the deadline has passed
	}
	fmt.Fprintf(&b, "%s đề nghị quý cơ quan, đơn vị điền số liệu vào biểu mẫu gửi kèm (tệp %s), lưu lại và gửi lại %s. Nếu đã gửi, đề nghị kiểm tra lại thư đã gửi (địa chỉ nhận, tệp đính kèm).\n", body, attachment, when)
	b.WriteString(closing(s))
	return b.String()
}
