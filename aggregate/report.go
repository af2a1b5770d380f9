// Package aggregate reads what units send back, identifies and validates
// it, and merges it: files → reports → result. It is the second stage of
// the data flow, driven by the campaign model of package templates; the
// summary (package summary) and the writers (workbook, pdf, docx, textout)
// come after it and are imported only by main.
//
// The files, in the order of the flow: collect.go walks the input folder;
// reader.go is the Reader, one per run, whose readPath reads one file top
// to bottom, each step in its own file: budget.go bounds the file's size
// and time, containers.go unpacks mails and archives into the files inside
// (one unpacker per format), channels.go reads the online form's exports
// and written reports, open.go turns a workbook of any format into a
// book.Book, read.go reads its cells, identify.go finds its unit,
// values.go coerces what was typed (row.go keeps it as a compact row),
// validate.go checks it against the campaign; merge.go decides what each
// file is used for and each unit's status (result.go). The leaves gate,
// names, legacy, book, xlsx, ods, xls, mail, written and formexport
// know nothing of reports.
package aggregate

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"

	"tonghop/templates"
)

// Value is one input cell as read and understood.
type Value struct {
	Type  templates.Type // the indicator's type
	Empty bool           // nothing usable in the cell
	Bool  bool
	Num   float64
	Date  time.Time
	Text  string
	Raw   string // the cell's content as found, for messages
	Sheet string
	Cell  string // "D12"
}

// Any returns the value for expressions: nil when empty, else bool, float64,
// time.Time or string by type.
func (v Value) Any() any {
	if v.Empty {
		return nil
	}
	switch {
	case v.Type == templates.TypeYesNo:
		return v.Bool
	case v.Type.Numeric():
		return v.Num
	case v.Type == templates.TypeDate:
		return v.Date
	}
	return v.Text
}

// String writes the value the Vietnamese way, "" when empty.
func (v Value) String() string {
	if v.Empty {
		return ""
	}
	return templates.FormatValue(v.Any())
}

// Reporter is the reporter block of a report.
type Reporter struct {
	Name, Title, Phone, Email string
	Date                      time.Time // zero when not given
	DateSheet, DateCell       string    // where the date was read, for issues
}

// FileInfo describes one file seen in the input.
type FileInfo struct {
	Path    string // as found, relative to the input folder where there is one
	Size    int64
	SHA256  string
	ModTime time.Time // the file system's time
	Saved   time.Time // the workbook's own last-saved time; zero if unknown
}

// Report is what one returned file says, read against the campaign.
type Report struct {
	File     FileInfo
	Identity templates.Identity // as found in the workbook; fields may be empty
	Unit     *templates.Unit    // the unit identified, nil when none
	Evidence string             // Vietnamese: how the unit was identified and how sure
	Values   Values             // the indicators of the unit's form
	Reporter Reporter
	Issues   Issues
	// State is what reading made of the file; set only by rejected and
	// skippedFile.
	State State
	// Mail is the mail the file came attached to; nil for a file saved on
	// its own.
	Mail *MailInfo
	// Channel is how the submission came: the template, the online form,
	// or a written report.
	Channel Channel
	// Sent is when the submission says it was sent, when its channel says
	// so: an online form response's timestamp, a written report's date
	// line. Zero otherwise. A mail's time comes first (Mail.Date).
	Sent time.Time
	// Written is what a written report says of itself; nil for figures.
	Written *WrittenInfo
	// Attributed is the unit a rejected file is attributed to by its file
	// name: the unit sent something, though nothing could be read, so it
	// is not "chưa báo cáo" and is asked to send again. Evidence says how.
	Attributed *templates.Unit
	// Conflict is another unit that other evidence names: the identity in
	// the file says Unit, its file name clearly names Conflict. Such a file
	// never pushes aside Unit's own report silently; both units are told.
	Conflict *templates.Unit
	// Carries are other units whose figures the file holds too (a
	// district's file with columns, rows or sheets for its communes):
	// they are not reminded that nothing arrived (UnitResult.Note).
	Carries []*templates.Unit
}

// sender is the unit the file was sent for: the one read from it, else the
// one its name (or mail) attributes it to; nil when neither says.
func (r *Report) sender() *templates.Unit {
	if r.Unit != nil {
		return r.Unit
	}
	return r.Attributed
}

// State is what reading made of a file.
type State int

// States of a report.
const (
	// StateIdentified: the file was read and its unit told (Unit is set);
	// its Issues may still hold errors that keep it out of the totals.
	StateIdentified State = iota
	// StateRejected: nothing usable could be read (not a workbook,
	// encrypted, another campaign, unit unknown); Issues say why, and
	// Attributed may say whose file it is.
	StateRejected
	// StateSkipped: the file is no report at all (an office suite's lock
	// file, one of tonghop's own outputs, a container with nothing
	// inside): its Issues hold only a warning, and it never fails a run.
	StateSkipped
)

// Basis is what a report's submission time was taken from.
type Basis int

// Bases of a submission time, strongest first.
const (
	BasisNone       Basis = iota // nothing says when
	BasisMail                    // the mail reached the mailbox (Received, IMAP INTERNALDATE, .msg delivery)
	BasisMailSent                // the mail's Date: when the sender's program says it sent it
	BasisForwarded               // the original's date, in a forwarded mail
	BasisForm                    // the online form's timestamp of the response
	BasisLetterDate              // the date line of a written report
	BasisReportDate              // the report date typed in the template
	BasisSaved                   // the workbook's own saved time
	BasisFileTime                // the file system's time
)

// Label names the basis in Vietnamese, as a list's "căn cứ" column says it.
func (b Basis) Label() string {
	switch b {
	case BasisMail:
		return "thời điểm thư đến hộp thư"
	case BasisMailSent:
		return "thời điểm gửi ghi trong thư"
	case BasisForwarded:
		return "ngày gửi của thư gốc (thư chuyển tiếp)"
	case BasisForm:
		return "thời điểm gửi câu trả lời biểu mẫu trực tuyến"
	case BasisLetterDate:
		return "ngày ghi trên báo cáo bằng văn bản"
	case BasisReportDate:
		return "ngày báo cáo ghi trong tệp"
	case BasisSaved:
		return "thời điểm lưu bảng tính"
	case BasisFileTime:
		return "thời điểm sửa tệp"
	}
	return "không rõ thời điểm gửi"
}

// Submission is when a report counts as sent, and what that was taken
// from.
type Submission struct {
	Time  time.Time
	Basis Basis
}

// Day is the calendar day of the submission in Vietnam; zero when none.
func (s Submission) Day() time.Time { return day(s.Time) }

// late reports whether the submission is known and on or after deadline.
func (s Submission) late(deadline time.Time) bool {
	d := s.Day()
	return !d.IsZero() && !d.Before(deadline)
}

// Submission is when the report counts as sent, the one place it is
// derived: the mail's time (a deadline means when it reached the
// Department), else the time its channel gives (an online form's
// timestamp, a written report's date line), else the report date typed in
// it, else the workbook's saved time, else the file's time.
func (r *Report) Submission() Submission {
	switch {
	case r.Mail != nil && !r.Mail.Original.IsZero():
		return Submission{r.Mail.Original, BasisForwarded}
	case r.Mail != nil && !r.Mail.Date.IsZero() && r.Mail.DateSent:
		return Submission{r.Mail.Date, BasisMailSent}
	case r.Mail != nil && !r.Mail.Date.IsZero():
		return Submission{r.Mail.Date, BasisMail}
	case !r.Sent.IsZero() && r.Channel == ChannelWritten:
		return Submission{r.Sent, BasisLetterDate}
	case !r.Sent.IsZero():
		return Submission{r.Sent, BasisForm}
	case !r.Reporter.Date.IsZero():
		return Submission{r.Reporter.Date, BasisReportDate}
	case !r.File.Saved.IsZero():
		return Submission{r.File.Saved, BasisSaved}
	case !r.File.ModTime.IsZero():
		return Submission{r.File.ModTime, BasisFileTime}
	}
	return Submission{}
}

// Vals returns the report's values for expressions.
func (r *Report) Vals() templates.Values {
	vals := templates.Values{}
	for id, v := range r.Values.All() {
		vals[id] = v.Any()
	}
	if !r.Reporter.Date.IsZero() {
		vals[templates.VarReportDate] = r.Reporter.Date
	}
	return vals
}

// HasErrors reports whether any issue of the report is an error.
func (r *Report) HasErrors() bool { return r.Issues.HasErrors() }

// Issue is one thing wrong or doubtful in a returned file.
type Issue struct {
	File      string // path of the file
	Sheet     string
	Cell      string // "D12", or "" when not about one cell
	Unit      string // unit code, or ""
	Indicator string // indicator id, or ""
	Severity  templates.Severity
	Msg       string // Vietnamese, naming the values
	// Rule is the ID of the campaign rule the issue came from; "" for an
	// issue about the cell itself (its type, bounds, being required), so
	// that a letter says what that rule requires rather than what the
	// cell accepts.
	Rule string
	// Superseded is set on the issues of a file whose report is not in
	// use (the unit sent a newer one): they are listed for the officer,
	// marked so, and never sent to the unit.
	Superseded bool
}

func (i Issue) String() string {
	var where []string
	if i.Sheet != "" {
		where = append(where, "trang "+i.Sheet)
	}
	if i.Cell != "" {
		where = append(where, "ô "+i.Cell)
	}
	loc := i.File
	if len(where) > 0 {
		loc += " (" + strings.Join(where, ", ") + ")"
	}
	return fmt.Sprintf("%s: %s: %s", loc, i.Severity.Label(), i.Msg)
}

// Issues is a list of issues, like go/scanner.ErrorList.
type Issues []Issue

// Sort orders issues by file, then errors before warnings, then sheet, cell.
func (is Issues) Sort() {
	sort.SliceStable(is, func(a, b int) bool {
		x, y := is[a], is[b]
		if x.File != y.File {
			return x.File < y.File
		}
		if x.Severity != y.Severity {
			return x.Severity == templates.SeverityError
		}
		if x.Sheet != y.Sheet {
			return x.Sheet < y.Sheet
		}
		return cellLess(x.Cell, y.Cell)
	})
}

// cellLess orders cell references by row, then column.
func cellLess(a, b string) bool {
	split := func(s string) (string, int) {
		i := strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' })
		if i < 0 {
			return s, 0
		}
		n := 0
		fmt.Sscan(s[i:], &n)
		return s[:i], n
	}
	ca, ra := split(a)
	cb, rb := split(b)
	if ra != rb {
		return ra < rb
	}
	if len(ca) != len(cb) {
		return len(ca) < len(cb)
	}
	return ca < cb
}

// HasErrors reports whether any issue is an error.
func (is Issues) HasErrors() bool {
	for _, i := range is {
		if i.Severity == templates.SeverityError {
			return true
		}
	}
	return false
}

func (is Issues) Error() string {
	lines := make([]string, len(is))
	for i, x := range is {
		lines[i] = x.String()
	}
	return strings.Join(lines, "\n")
}

// Err returns the issues as an error, nil when there are none.
func (is Issues) Err() error {
	if len(is) == 0 {
		return nil
	}
	return is
}

// rejected marks the report as unusable with an error saying why: what is
// wrong, then gate.Advice and what to do (see gate.Cause).
func rejected(r *Report, msg string) *Report {
	r.State = StateRejected
	r.Issues = append(r.Issues, Issue{File: r.File.Path, Severity: templates.SeverityError, Msg: msg})
	return r
}

// skippedFile marks a report as a file skipped with a note (a warning,
// never a failure of the run).
func skippedFile(r *Report, note string) *Report {
	r.State, r.Unit, r.Values, r.Written = StateSkipped, nil, Values{}, nil
	r.Issues = Issues{{File: r.File.Path, Severity: templates.SeverityWarning, Msg: note}}
	return r
}

// sha is the hex SHA-256 of a file's bytes: byte-identical copies are told
// by it.
func sha(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
