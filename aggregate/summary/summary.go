// Package summary computes, once, every figure the outputs show: the
// reporting state and the totals by group, by district with its communes
// and for the province, the rates with their denominators, the yes/no
// indicators on their conditional denominators (derived from the campaign's
// rules and required-when) with the units behind every gap, the ratio pairs,
// the named lists, the late and missing units, the text answers grouped by
// similarity, the issue counts, the
// feedback each unit gets, and the counts of a check. It sits between the
// merge result and the writers (files → reports → result → summary →
// writers): it imports aggregate and templates, and the writers only lay out
// what it computed.
package summary

import (
	"time"

	"tonghop/aggregate"
	"tonghop/templates"
)

// Total is one indicator over a set of counted reports, the reports
// outside its scope left out.
type Total struct {
	Sum      float64 // numeric indicators
	Yes      int     // yes/no indicators: how many said Có
	Answered int     // how many counted reports gave a value
	// Weight and Weighted are, for an average weighted by another
	// indicator, the sum of the weights and of each value times its
	// weight, over the reports that gave both.
	Weight, Weighted float64
}

// Figure is the one figure the indicator's total method makes of the
// values: their sum, their average, their average weighted by the
// indicator's Weight; false when the method makes none (no total, or an
// average of nothing).
func (t Total) Figure(ind *templates.Indicator) (float64, bool) {
	switch ind.Method() {
	case templates.TotalSum:
		return t.Sum, true
	case templates.TotalAverage:
		if t.Answered == 0 {
			return 0, false
		}
		return t.Sum / float64(t.Answered), true
	case templates.TotalWeighted:
		if t.Weight == 0 {
			return 0, false
		}
		return t.Weighted / t.Weight, true
	}
	return 0, false
}

// Add adds the totals of another set of reports (a group's into a part's).
func (t *Total) Add(x Total) {
	t.Sum += x.Sum
	t.Yes += x.Yes
	t.Answered += x.Answered
	t.Weight += x.Weight
	t.Weighted += x.Weighted
}

// Rate is a share with its denominator, so that an output can print
// "5/7 đơn vị" as well as a percentage.
type Rate struct {
	Part, Whole int
}

// Tally is the reporting state and totals of a set of units (a group, a
// district with its communes, or the province).
type Tally struct {
	Expected int // units expected to report
	Received int // units that sent a report (valid or not)
	Valid    int // units counted in the totals (on time + late)
	Invalid  int // with errors, or sent only a file that could not be read
	OnTime   int
	Late     int
	Missing  int              // incl. not yet due
	Totals   map[string]Total // by indicator id, over counted reports
}

// Plus is the tally of two disjoint sets of units (groups of a part of
// the report's appendix): every count and total added.
func (t Tally) Plus(o Tally) Tally {
	sum := Tally{Expected: t.Expected + o.Expected, Received: t.Received + o.Received, Valid: t.Valid + o.Valid,
		Invalid: t.Invalid + o.Invalid, OnTime: t.OnTime + o.OnTime, Late: t.Late + o.Late, Missing: t.Missing + o.Missing,
		Totals: map[string]Total{}}
	for _, m := range []map[string]Total{t.Totals, o.Totals} {
		for id, x := range m {
			y := sum.Totals[id]
			y.Add(x)
			sum.Totals[id] = y
		}
	}
	return sum
}

// ReportingRate is the share of expected units that sent a report.
func (t Tally) ReportingRate() Rate { return Rate{Part: t.Received, Whole: t.Expected} }

// GroupResult is a group's tally, with its units in registry order.
type GroupResult struct {
	Group *templates.Group
	Units []*aggregate.UnitResult
	// Missing are the units of the group that have not reported (missing
	// or not yet due), in registry order.
	Missing []*aggregate.UnitResult
	Tally
}

// DistrictResult is a district: its own report and its communes', rolled up.
type DistrictResult struct {
	District *aggregate.UnitResult   // the district unit itself
	Children []*aggregate.UnitResult // its communes, in registry order
	Tally                            // the district and its communes together
}

// ListResult is a non-compliance list, the units on it (counted reports
// only) and the indicators its condition reads, in campaign order: the
// figures shown beside each unit.
type ListResult struct {
	List       *templates.List
	Units      []*aggregate.UnitResult
	Indicators []*templates.Indicator
}

// Unit is an expected unit as the outputs show it.
type Unit struct {
	*aggregate.UnitResult
	// Day is the calendar day in Vietnam the report counts as sent, zero
	// when none.
	Day time.Time
	// Errors and Warnings count the issues of the report in use.
	Errors, Warnings int
}

// Late is a unit that reported on or after the deadline.
type Late struct {
	*aggregate.UnitResult
	Day      time.Time // the day the report counts as sent
	DaysLate int       // a report on the deadline day is one day late
	Basis    string    // Vietnamese: what the submitted date was taken from
}

// TextAnswer is one counted report's answer to a text indicator.
type TextAnswer struct {
	Unit *aggregate.UnitResult
	Text string
}

// Summary is everything an output says about a merge.
type Summary struct {
	Campaign *templates.Campaign
	AsOf     time.Time // as the merge took it
	// Date is the report's date: the calendar day of AsOf in Vietnam.
	Date time.Time
	// BeforeDeadline is whether Date is before the data deadline: units
	// without a report are not late yet.
	BeforeDeadline bool

	Units     []Unit // every expected unit, registry order
	Files     []aggregate.FileOutcome
	Issues    aggregate.Issues
	Groups    []GroupResult // campaign group order
	Districts []DistrictResult
	Province  Tally
	Lists     []ListResult // campaign list order

	Late    []Late                  // registry order
	Missing []*aggregate.UnitResult // missing or not yet due, registry order
	Invalid []*aggregate.UnitResult // a report with errors or only an unreadable file, registry order
	// Texts are the answers to each text indicator, by indicator id, over
	// counted reports, in registry order.
	Texts map[string][]TextAnswer
	// TextResults are the answers of each text indicator grouped by
	// similarity, campaign order.
	TextResults []TextResult
	// YesNo are the yes/no indicators on their conditional denominators,
	// campaign order.
	YesNo []YesNo
	// Ratios are the campaign's ratio pairs, campaign order.
	Ratios []RatioResult
	// Important are the problems the officer must act on first, most
	// urgent first: files that could not be used, then the errors that
	// keep a report out of the totals.
	Important []Problem
	// Feedback are the units to write back to, in registry order.
	Feedback []Feedback
	// Written are the written reports: every unit that owes one and every
	// unit that sent one, registry order; WrittenOwed counts those owed
	// and WrittenMissing names those owed and not sent (missing or not
	// yet due).
	Written        []Written
	WrittenOwed    int
	WrittenMissing []*templates.Unit
	// Previous compares with the previous period (merge --ky-truoc); nil
	// without one.
	Previous *Previous
}

// Written is a unit's written report as the outputs show it.
type Written struct {
	aggregate.WrittenResult
	Day time.Time // the day it counts as sent, zero when none
}

// Problem is one of the important issues: a file that could not be used
// (Unit nil, Reason set), or an error of a unit's report.
type Problem struct {
	File   string
	Reason string
	Unit   *templates.Unit
	Issue  aggregate.Issue
}

// Feedback is what one unit is told: the report used (or the file
// rejected) and its issues, split into errors and warnings.
type Feedback struct {
	Unit     *templates.Unit
	Report   *aggregate.Report
	Rejected bool   // the unit's file could not be used at all
	Reason   string // why, when rejected
	// Elsewhere is the unit whose file the letter is about, when it is
	// another unit's file that bears this unit's name or figures.
	Elsewhere *templates.Unit
	Status    aggregate.Status
	Errors    aggregate.Issues
	Warnings  aggregate.Issues
	// Saved says when the file was saved ("lưu lúc …"), "" when unknown.
	Saved string
}
