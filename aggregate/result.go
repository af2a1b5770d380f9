package aggregate

import (
	"time"

	"tonghop/templates"
)

// Status is where a unit stands in the campaign.
type Status int

// Statuses, in the order the outputs list them.
const (
	StatusOnTime     Status = iota // a valid report, submitted before the deadline
	StatusLate                     // a valid report, submitted on or after the deadline
	StatusInvalid                  // a report with errors, kept out of the totals
	StatusUnreadable               // sent something that could not be read at all
	StatusMissing                  // no report, and the deadline has passed
	StatusNotYetDue                // no report yet, before the deadline
)

// Label returns the Vietnamese word for the status.
func (s Status) Label() string {
	switch s {
	case StatusOnTime:
		return "đúng hạn"
	case StatusLate:
		return "muộn"
	case StatusInvalid:
		return "có lỗi"
	case StatusUnreadable:
		return "đã gửi, không đọc được"
	case StatusMissing:
		return "chưa báo cáo"
	case StatusNotYetDue:
		return "chưa đến hạn"
	}
	return "?"
}

// Counted reports whether a unit with this status is in the totals.
func (s Status) Counted() bool { return s == StatusOnTime || s == StatusLate }

// UnitResult is one expected unit's place in the merge.
type UnitResult struct {
	Unit      *templates.Unit
	Status    Status
	Report    *Report    // the report used (also for StatusInvalid; for StatusUnreadable the newest file attributed to the unit), nil when none
	Submitted Submission // when the report counts as sent; zero when none
	// Note, for StatusUnreadable, says in Vietnamese what arrived when it
	// is not a file of the unit's that could not be read: a scan of its
	// report, a file named for it but filled in another unit's form, or
	// another unit's file that carries its figures. Such a unit is never
	// "chưa báo cáo"; the console and its letter say this.
	Note string
	// Elsewhere, with such a Note, is the unit whose file it is (the
	// form's unit, or the unit whose file carries this one's figures).
	Elsewhere *templates.Unit
}

// WrittenStatus is where a unit stands with its written report.
type WrittenStatus int

// Statuses of a written report.
const (
	WrittenOnTime      WrittenStatus = iota // sent before the written-report deadline
	WrittenLate                             // sent on or after it
	WrittenMissing                          // owed, not sent, and the deadline has passed
	WrittenNotYetDue                        // owed, not sent yet, before the deadline
	WrittenNotRequired                      // sent, though the campaign does not ask it of the unit
)

// Label returns the Vietnamese words for the status.
func (s WrittenStatus) Label() string {
	switch s {
	case WrittenOnTime:
		return "đã gửi đúng hạn"
	case WrittenLate:
		return "gửi muộn"
	case WrittenMissing:
		return "chưa gửi"
	case WrittenNotYetDue:
		return "chưa gửi (chưa đến hạn)"
	case WrittenNotRequired:
		return "đã gửi (không bắt buộc)"
	}
	return "?"
}

// WrittenResult is a unit's written report: every unit that owes one, and
// every unit that sent one.
type WrittenResult struct {
	Unit      *templates.Unit
	Required  bool       // the campaign asks this unit for a written report
	Report    *Report    // the newest written report of the unit, nil when none
	Submitted Submission // when it counts as sent; zero when none
	Status    WrittenStatus
}

// Use says what the merge did with a file.
type Use int

// Uses of a file.
const (
	UseUsed       Use = iota // the unit's report
	UseSuperseded            // an older report of a unit that sent a newer one
	UseDuplicate             // a byte-identical copy of another file
	UseRejected              // unreadable or unidentifiable
)

// Label returns the Vietnamese word for the use.
func (u Use) Label() string {
	switch u {
	case UseUsed:
		return "được dùng"
	case UseSuperseded:
		return "bị thay thế"
	case UseDuplicate:
		return "bản trùng"
	case UseRejected:
		return "bị loại"
	}
	return "?"
}

// FileOutcome is one file seen in the input folder and what became of it.
type FileOutcome struct {
	Report *Report
	Use    Use
	Reason string // Vietnamese, why superseded, duplicate or rejected
}

// Result is everything a merge decided: what each file is used for and
// each unit's status. Package summary computes from it every figure the
// outputs show.
type Result struct {
	Campaign *templates.Campaign
	AsOf     time.Time
	Units    []*UnitResult // every expected unit, registry order
	Files    []FileOutcome // every file seen, sorted by path
	Issues   Issues        // every issue of every file, sorted
	// Written are the units' written reports, registry order: every unit
	// that owes one and every unit that sent one.
	Written []WrittenResult
}

// Day returns the calendar day of t in Vietnam, as midnight UTC: the day a
// report counts as sent, and the date an output is dated.
func Day(t time.Time) time.Time { return day(t) }

// InVietnam returns t on the clock of the province, the way the outputs
// show a moment (saved times are kept in UTC by office suites).
func InVietnam(t time.Time) time.Time { return t.In(vnZone) }

// SavedLabel says when a report's file was last saved ("lưu lúc 15:04
// 02/01/2006"), from the workbook's own time, else the file's.
func SavedLabel(r *Report) string { return savedLabel(r) }
