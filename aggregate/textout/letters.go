package textout

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"tonghop/aggregate"
	"tonghop/aggregate/summary"
	"tonghop/templates"
	"tonghop/templates/atomicfile"
	"tonghop/templates/vn"
)

// The parts every letter to a unit shares: the Department as a sentence
// names it, when to send, and the closing with whom to call, the place and
// date, and the sender.

// ReminderDir is the folder, inside the output folder, of the reminder
// letters to units that have not reported their figures or owe a written
// report.
const ReminderDir = "nhac-bao-cao"

// Letters is what the letters to units are written from: the summary, and
// the new deadline the officer set for what is still owed.
type Letters struct {
	*summary.Summary
	// NewDeadline is the day before which the letters ask units to send
	// what they still owe (--han-moi), zero when the officer set none:
	// the letters then give the campaign's deadline while it is ahead,
	// and no date ("sớm") once it has passed — never a day gone by.
	NewDeadline time.Time
}

// CheckNewDeadline refuses a new deadline that is not after the day of
// the letters (asOf's day in Vietnam): a letter must never ask for
// something before a day already gone.
func CheckNewDeadline(newDeadline, asOf time.Time) error {
	if d := aggregate.Day(asOf); !d.Before(newDeadline) {
		return fmt.Errorf("hạn mới %s không sau ngày của thư (%s): thư sẽ đề nghị gửi trước một ngày đã qua; hãy ghi một ngày sau %s",
			vn.Date(newDeadline), vn.Date(d), vn.Date(d))
	}
	return nil
}

// due is the day before which units are asked to send what the deadline
// was for: the new deadline when set, else the deadline while it is
// ahead; zero when there is none.
func (l *Letters) due(deadline time.Time) time.Time {
	switch {
	case !l.NewDeadline.IsZero():
		return l.NewDeadline
	case !deadline.IsZero() && l.Date.Before(deadline):
		return deadline
	}
	return time.Time{}
}

// when is "trước ngày 20/4/2024" for what the deadline was for, "sớm"
// when no day is due.
func (l *Letters) when(deadline time.Time) string {
	if d := l.due(deadline); !d.IsZero() {
		return "trước ngày " + vn.Date(d)
	}
	return "sớm"
}

// DeadlineNote says in the console what day the letters give, and how to
// set another.
func (l *Letters) DeadlineNote() string {
	c := l.Campaign
	switch {
	case !l.NewDeadline.IsZero():
		return fmt.Sprintf("Thư nhắc và thư phản hồi đề nghị đơn vị gửi (lại) trước ngày %s (hạn mới, --han-moi).", vn.Date(l.NewDeadline))
	case !c.DataDeadline.IsZero() && l.Date.Before(c.DataDeadline):
		return fmt.Sprintf("Thư nhắc và thư phản hồi đề nghị đơn vị gửi trước ngày %s (hạn gửi số liệu); đặt hạn khác bằng --han-moi NGÀY.", vn.Date(c.DataDeadline))
	}
	return "Hạn gửi số liệu đã qua: thư nhắc và thư phản hồi đề nghị đơn vị gửi “sớm”, không ghi ngày; để ghi hạn mới, chạy lại với --han-moi NGÀY."
}

// bodyName is the issuing body as running text names it: "Sở Thông tin và
// Truyền thông". The campaign keeps it in capitals for the header
// ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG"), whose proper casing cannot be derived
// (Nghị định 30 capitalises some words of a name and not others), so it is
// taken from the contact office's name when that contains it, and
// otherwise only the first letter is kept upper-case.
func bodyName(c *templates.Campaign) string {
	upper := strings.TrimSpace(c.IssuingBody)
	if upper == "" {
		return "Cơ quan tổng hợp"
	}
	lower := strings.ToLower(upper)
	// Lower-casing keeps every Vietnamese letter's byte length, so an
	// index found in the lowered contact is an index in the contact.
	if contact := c.Contact; len(strings.ToLower(contact)) == len(contact) {
		if i := strings.Index(strings.ToLower(contact), lower); i >= 0 {
			return vn.Capitalize(contact[i : i+len(lower)])
		}
	}
	return vn.Capitalize(lower)
}

// resendWhen is when a unit is asked to send its figures (again): "trước
// ngày 05/4/2024" while a day is due, "sớm (hạn … đã qua)" after the
// deadline without a new one.
func (l *Letters) resendWhen() string {
	c := l.Campaign
	if !l.due(c.DataDeadline).IsZero() || c.DataDeadline.IsZero() {
		return l.when(c.DataDeadline)
	}
	return "sớm (hạn gửi số liệu " + deadlinePhrase(c) + " đã qua)"
}

// closing ends a letter: whom to contact, the courtesy, the place and
// date, and the sender (the office, else the body).
func closing(s *summary.Summary) string {
	c := s.Campaign
	var b strings.Builder
	if l := contactLines(c); l != "" {
		fmt.Fprintf(&b, "\nMọi vướng mắc xin liên hệ:\n%s\n", l)
	}
	b.WriteString("\nTrân trọng./.\n\n")
	b.WriteString(vn.DateLine(c.Place, s.Date) + "\n")
	if c.Contact != "" {
		b.WriteString(c.Contact + "\n")
	} else {
		b.WriteString(bodyName(c) + "\n")
	}
	return b.String()
}

// reminder is a unit to remind, and of what.
type reminder struct {
	unit    *templates.Unit
	figures bool // has not sent its figures
	written bool // owes a written report not received
}

// reminders are, in registry order, the units to remind: those that have
// not reported their figures, and those that owe a written report not
// received — but not a unit that gets a feedback letter: that letter
// asks it to send again, and says what it owes.
func (l *Letters) reminders() []reminder {
	told := map[string]bool{}
	for _, fb := range l.Feedback {
		told[fb.Unit.Code] = true
	}
	missing := map[string]bool{}
	for _, ur := range l.Missing {
		missing[ur.Unit.Code] = true
	}
	owed := l.owesWritten()
	var out []reminder
	for _, u := range l.Units {
		code := u.Unit.Code
		if told[code] || !missing[code] && !owed[code] {
			continue
		}
		out = append(out, reminder{unit: u.Unit, figures: missing[code], written: owed[code]})
	}
	return out
}

// writtenReceived is the written report received from a unit, nil when
// none.
func (l *Letters) writtenReceived(u *templates.Unit) *aggregate.Report {
	for _, w := range l.Written {
		if w.Unit == u && w.Report != nil {
			return w.Report
		}
	}
	return nil
}

// owesWritten are the units, by code, that owe a written report not
// received.
func (l *Letters) owesWritten() map[string]bool {
	owed := map[string]bool{}
	for _, u := range l.WrittenMissing {
		owed[u.Code] = true
	}
	return owed
}

// writtenParagraph asks for the written report not received, worded "theo
// hồ sơ nhận được": it may have come through the document system, which
// this folder does not hold.
func (l *Letters) writtenParagraph() string {
	c := l.Campaign
	body := bodyName(c)
	deadline := ""
	switch {
	case c.WrittenDeadline.IsZero():
	case l.Date.Before(c.WrittenDeadline):
		deadline = fmt.Sprintf(" (hạn gửi trước ngày %s)", vn.Date(c.WrittenDeadline))
	default:
		deadline = fmt.Sprintf("; hạn gửi (trước ngày %s) đã qua", vn.Date(c.WrittenDeadline))
	}
	return fmt.Sprintf("Theo hồ sơ nhận được đến ngày %s, %s chưa nhận được báo cáo bằng văn bản về %s của quý cơ quan, đơn vị%s. "+
		"%s đề nghị quý cơ quan, đơn vị gửi báo cáo bằng văn bản %s; nếu đã gửi qua hệ thống văn bản thì xin bỏ qua nội dung này.\n",
		vn.Date(l.Date), body, vn.LowerFirst(c.Title), deadline, body, l.when(c.WrittenDeadline))
}

// WriteReminders writes nhac-bao-cao/<code>_<slug>.txt, a reminder to every
// unit that has not reported its figures or owes a written report (but not
// to one written to in its feedback letter, which says both), and returns
// the paths written, in registry order. It removes nothing: the reminders
// of an earlier run that are no longer due are removed by atomicfile.Set,
// which removes only what the last run's manifest lists.
func WriteReminders(l *Letters, dir string, template func(*templates.Unit) string) ([]string, error) {
	var letters []letter
	for _, r := range l.reminders() {
		attachment := ""
		if r.figures {
			attachment = template(r.unit)
		}
		letters = append(letters, letter{r.unit, l.reminderText(r, attachment)})
	}
	return writeLetters(dir, letters)
}

// reminderText is the letter to a unit that has not reported its figures
// (attachment names the template sent with it) or owes a written report.
func (l *Letters) reminderText(r reminder, attachment string) string {
	c := l.Campaign
	body := bodyName(c)
	var b strings.Builder
	fmt.Fprintf(&b, "Kính gửi: %s\n\n", r.unit.Name)
	if r.figures {
		if w := l.writtenReceived(r.unit); w != nil {
			// The unit sent its written report, not its figures: the
			// letter says what arrived before what is still owed.
			fmt.Fprintf(&b, "%s đã nhận báo cáo bằng văn bản của quý cơ quan, đơn vị (tệp “%s”). ", body, filepath.Base(w.File.Path))
			fmt.Fprintf(&b, "Đến ngày %s, %s chưa nhận được số liệu theo biểu mẫu của %s", vn.Date(l.Date), body, c.ReportName())
		} else {
			fmt.Fprintf(&b, "Đến ngày %s, %s chưa nhận được %s của quý cơ quan, đơn vị", vn.Date(l.Date), body, c.ReportName())
		}
		switch {
		case c.DataDeadline.IsZero():
			b.WriteString(".")
		case l.BeforeDeadline:
			fmt.Fprintf(&b, ". Hạn gửi số liệu là %s.", deadlinePhrase(c))
		default:
			fmt.Fprintf(&b, "; hạn gửi số liệu (%s) đã qua.", deadlinePhrase(c))
		}
		fmt.Fprintf(&b, "\n\n%s đề nghị quý cơ quan, đơn vị điền số liệu vào biểu mẫu gửi kèm (tệp %s), lưu lại và gửi lại %s. Nếu đã gửi, đề nghị kiểm tra lại thư đã gửi (địa chỉ nhận, tệp đính kèm).\n",
			body, attachment, l.when(c.DataDeadline))
	}
	if r.written {
		if r.figures {
			b.WriteString("\n")
		}
		b.WriteString(l.writtenParagraph())
	}
	b.WriteString(closing(l.Summary))
	return b.String()
}

// letter is one letter to a unit.
type letter struct {
	unit *templates.Unit
	text string
}

// writeLetters writes each letter as dir/<code>_<slug>.txt — UTF-8 with a
// BOM and CRLF line ends, so that Notepad shows it right, and without
// control or bidi-override characters from a unit's file — and returns the
// paths written.
func writeLetters(dir string, letters []letter) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("tạo thư mục %s: %w", dir, err)
	}
	// One batch, one flush to disk: a reminder to each of 10,000 units
	// written one atomicfile.Write at a time (a flush and a folder
	// listing each) took 40 s.
	batch := atomicfile.NewBatch(dir)
	var paths []string
	for _, l := range letters {
		name := feedbackName(l.unit)
		if err := batch.Write(name, func(w io.Writer) error {
			_, err := io.WriteString(w, "\uFEFF"+strings.ReplaceAll(vn.Safe(l.text), "\n", "\r\n"))
			return err
		}); err != nil {
			batch.Abort()
			return nil, err
		}
		paths = append(paths, filepath.Join(dir, name))
	}
	if err := batch.Commit(); err != nil {
		return nil, err
	}
	return paths, nil
}
