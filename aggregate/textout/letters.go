package textout

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"tonghop/aggregate"
	"tonghop/aggregate/summary"
	"tonghop/templates"
	"tonghop/templates/atomicfile"
	"tonghop/templates/vn"
)

// The parts every letter to a unit shares: the Department as a sentence
// names it, when to send again, and the closing with whom to call, the
// place and date, and the sender.

// ReminderDir is the folder, inside the output folder, of the reminder
// letters to units that have not reported.
const ReminderDir = "nhac-bao-cao"

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

// resendWhen is when a unit is asked to send: "trước ngày 05/04/2024"
// before the deadline, "sớm (hạn … đã qua)" after it.
func resendWhen(s *summary.Summary) string {
	c := s.Campaign
	switch {
	case c.DataDeadline.IsZero():
		return "sớm"
	case s.BeforeDeadline:
		return deadlinePhrase(c)
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

// remindable are the units that have not reported and are not written to
// about a file they sent that could not be used: that letter already asks
// them to send again.
func remindable(s *summary.Summary) []*aggregate.UnitResult {
	told := map[string]bool{}
	for _, fb := range s.Feedback {
		told[fb.Unit.Code] = true
	}
	var out []*aggregate.UnitResult
	for _, ur := range s.Missing {
		if !told[ur.Unit.Code] {
			out = append(out, ur)
		}
	}
	return out
}

// WriteReminders writes nhac-bao-cao/<code>_<slug>.txt, a reminder to every
// unit that has not reported (but not to one told in its feedback letter
// that its file could not be used), and returns the paths written, in
// registry order. It removes nothing: the reminders of an earlier run that
// are no longer due are removed by atomicfile.Set, which removes only what
// the last run's manifest lists.
func WriteReminders(s *summary.Summary, dir string, template func(*templates.Unit) string) ([]string, error) {
	var letters []letter
	for _, ur := range remindable(s) {
		letters = append(letters, letter{ur.Unit, ReminderText(s, ur.Unit, template(ur.Unit))})
	}
	return writeLetters(dir, letters)
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
	var paths []string
	for _, l := range letters {
		path := filepath.Join(dir, feedbackName(l.unit))
		if err := atomicfile.Write(path, func(w io.Writer) error {
			_, err := io.WriteString(w, "\uFEFF"+strings.ReplaceAll(vn.Safe(l.text), "\n", "\r\n"))
			return err
		}); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}
