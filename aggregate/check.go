package aggregate

import (
	"os"

	"tonghop/templates"
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
		files, skipped, err := Collect(p, "")
		if err != nil {
			r := &Report{File: FileInfo{Path: p}}
			jobs = append(jobs, job{path: p, done: rejected(r, err.Error())})
			continue
		}
		for _, f := range files {
			jobs = append(jobs, job{path: f})
		}
		for _, s := range skipped {
			r := s.Report
			r.Rejected, r.Skipped = true, true
			r.Issues = Issues{{File: r.File.Path, Severity: templates.SeverityWarning, Msg: s.Reason}}
			jobs = append(jobs, job{path: r.File.Path, done: r})
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
	CrossCheck(c, distinct)
	return reports
}

// CheckExitCode is the exit code of a check over these reports.
func CheckExitCode(reports []*Report) int {
	read, errs := 0, false
	for _, r := range reports {
		if !r.Rejected {
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
