package aggregate

import (
	"fmt"
	"os"

	"tonghop/templates"
	"tonghop/templates/vn"
)

// The check command: an officer checking returned files, or a unit checking
// its own before sending. It reads each file named (folders are walked as the
// merge walks them), and prints the unit found, the values read and every
// issue, as tables or as JSON.

// Exit codes of the check command.
const (
	CheckOK         = 0 // no errors (warnings may be shown)
	CheckErrors     = 1 // at least one error
	CheckUnreadable = 2 // nothing could be read
)

// CheckPaths reads every file named in paths, walking folders with Collect,
// at most workers files at a time (0: one per CPU). Reports come back in the
// order of paths, folders sorted; a path that does not exist gives a rejected
// report, so every argument is answered. Cross-report warnings (outliers)
// are added when a group has enough reports.
func CheckPaths(c *templates.Campaign, paths []string, opts ReadOptions, workers int) []*Report {
	type job struct {
		path string
		done *Report // already decided (skipped by Collect, missing)
	}
	var jobs []job
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil || !st.IsDir() {
			jobs = append(jobs, job{path: p})
			continue
		}
		in, err := Collect(p, "")
		if err != nil {
			r := &Report{File: FileInfo{Path: p}}
			jobs = append(jobs, job{path: p, done: rejected(r, err.Error())})
			continue
		}
		for _, f := range in.Paths {
			jobs = append(jobs, job{path: f})
		}
		for _, s := range in.Skipped {
			jobs = append(jobs, job{path: s.Report.File.Path, done: s.Report})
		}
	}
	var todo []string
	for _, j := range jobs {
		if j.done == nil {
			todo = append(todo, j.path)
		}
	}
	read := NewReader(c, opts).readEach(todo, workers, nil)
	var reports []*Report
	for _, j := range jobs {
		if j.done != nil {
			reports = append(reports, j.done)
			continue
		}
		reports = append(reports, read[0]...)
		read = read[1:]
	}
	// Byte-identical copies would weigh twice in a group's median.
	seen := map[string]bool{}
	var distinct []*Report
	for _, r := range reports {
		if r.File.SHA256 != "" && !seen[r.File.SHA256] {
			seen[r.File.SHA256] = true
			distinct = append(distinct, r)
		}
	}
	crossCheckGroups(c, distinct)
	for _, r := range reports {
		if is, ok := lateIssue(c, r); ok {
			r.Issues = append(r.Issues, is)
		}
	}
	return reports
}

// lateIssue is the warning that a report would count as late in the
// merge: sent (by the merge's reckoning, submitted) on or after the data
// deadline. A warning, not an error: a late report is still counted. The
// file system's time alone decides nothing here: copying a file, or
// checking it today, changes it.
func lateIssue(c *templates.Campaign, r *Report) (Issue, bool) {
	deadline, what, counted := c.DataDeadline, "hạn nộp số liệu", "khi tổng hợp sẽ tính là nộp muộn (số liệu vẫn được tính)"
	if r.State != StateIdentified {
		return Issue{}, false
	}
	if r.Channel == ChannelWritten {
		// A written report has its own deadline, and only units that owe
		// one are late with it.
		if !c.OwesWrittenReport(r.Unit) {
			return Issue{}, false
		}
		deadline, what, counted = c.WrittenDeadline, "hạn gửi báo cáo bằng văn bản", "khi tổng hợp sẽ tính là gửi muộn"
	}
	sub := r.Submission()
	if r.State != StateIdentified || deadline.IsZero() || sub.Basis == BasisFileTime || !sub.late(deadline) {
		return Issue{}, false
	}
	d := sub.Day()
	is := Issue{File: r.File.Path, Unit: r.Unit.Code, Severity: templates.SeverityWarning}
	at := sub.Time.In(vnZone).Format("15:04 02/01/2006")
	var basis string
	switch sub.Basis {
	case BasisMail:
		basis = "thư đến hộp thư lúc " + at
	case BasisMailSent:
		basis = "thư ghi gửi lúc " + at
	case BasisForwarded:
		basis = "thư gốc (được chuyển tiếp) gửi lúc " + at
	case BasisForm, BasisLetterDate:
		basis = "gửi lúc " + at
	case BasisReportDate:
		basis = "ngày báo cáo ghi trong tệp là " + vn.Date(d)
		is.Sheet, is.Cell = r.Reporter.DateSheet, r.Reporter.DateCell
	default:
		basis = "tệp lưu lúc " + at
	}
	days := int(d.Sub(deadline).Hours()/24) + 1
	is.Msg = fmt.Sprintf("báo cáo nộp muộn %d ngày: %s, %s là trước ngày %s; %s",
		days, basis, what, vn.Date(deadline), counted)
	return is, true
}

// CheckExitCode is the exit code of a check over these reports.
func CheckExitCode(reports []*Report) int {
	read, errs := 0, false
	for _, r := range reports {
		if r.State == StateIdentified {
			read++
		}
		if r.HasErrors() {
			errs = true
		}
	}
	switch {
	case read == 0:
		return CheckUnreadable
	case errs:
		return CheckErrors
	}
	return CheckOK
}
