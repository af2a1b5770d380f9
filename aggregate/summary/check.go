package summary

import (
	"tonghop/aggregate"
	"tonghop/templates"
)

// CheckCounts summarises the reports of a check (tonghop kiem-tra): the
// last line of the text output and the "summary" of the JSON.
type CheckCounts struct {
	Files      int `json:"files"`
	Clean      int `json:"clean"`       // read, no errors
	WithErrors int `json:"with_errors"` // read, with errors
	Unreadable int `json:"unreadable"`  // rejected, not skipped
	Skipped    int `json:"skipped"`     // lock files and the like
	Errors     int `json:"errors"`
	Warnings   int `json:"warnings"`
}

// Check counts the reports of a check.
func Check(reports []*aggregate.Report) CheckCounts {
	var n CheckCounts
	for _, r := range reports {
		n.Files++
		switch {
		case r.State == aggregate.StateSkipped:
			n.Skipped++
		case r.State == aggregate.StateRejected:
			n.Unreadable++
		case r.HasErrors():
			n.WithErrors++
		default:
			n.Clean++
		}
		for _, i := range r.Issues {
			if i.Severity == templates.SeverityError {
				n.Errors++
			} else {
				n.Warnings++
			}
		}
	}
	return n
}
