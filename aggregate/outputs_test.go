package aggregate_test

import (
	"testing"

	"tonghop/aggregate"
	"tonghop/aggregate/aggregatetest"
	"tonghop/aggregate/summary"
	"tonghop/aggregate/textout"
	"tonghop/aggregate/workbook"
)

// init connects the end-to-end tests of package aggregate to the summary
// and the writers (see export_test.go).
func init() {
	aggregate.WriteWorkbook = func(res *aggregate.Result, path string) error {
		return workbook.Write(summary.Of(res), path)
	}
	aggregate.WriteFeedback = func(res *aggregate.Result, dir string) ([]string, error) {
		return textout.WriteFeedback(&textout.Letters{Summary: summary.Of(res)}, dir)
	}
	aggregate.WriteCheck = textout.WriteCheck
	aggregate.WriteCheckJSON = textout.WriteCheckJSON
	aggregate.FeedbackDir = textout.FeedbackDir
	aggregate.SheetFiles = workbook.SheetFiles
	aggregate.SheetDetail = workbook.SheetDetail
	aggregate.LibreOfficeResave = aggregatetest.LibreOfficeResave
	aggregate.WorkbookContent = aggregatetest.WorkbookContent
	aggregate.CheckSummaryFormulas = func(t *testing.T, res *aggregate.Result, converted string) {
		aggregatetest.CheckSummaryFormulas(t, summary.Of(res), converted, workbook.SheetSummary)
	}
	aggregate.CheckDistrictFormulas = func(t *testing.T, res *aggregate.Result, converted string) {
		aggregatetest.CheckDistrictFormulas(t, summary.Of(res), converted, workbook.SheetDistricts)
	}
	aggregate.Summarize = view
}

// view copies the figures of summary.Of into the merge tests' view.
func view(res *aggregate.Result) *aggregate.SummaryView {
	s := summary.Of(res)
	tally := func(t summary.Tally) aggregate.Summary {
		out := aggregate.Summary{Expected: t.Expected, Received: t.Received, Valid: t.Valid, Invalid: t.Invalid,
			OnTime: t.OnTime, Late: t.Late, Missing: t.Missing}
		if t.Totals != nil {
			out.Totals = map[string]aggregate.Total{}
			for id, x := range t.Totals {
				out.Totals[id] = aggregate.Total(x)
			}
		}
		return out
	}
	v := &aggregate.SummaryView{Province: tally(s.Province)}
	for _, g := range s.Groups {
		v.Groups = append(v.Groups, aggregate.GroupResult{Group: g.Group, Summary: tally(g.Tally)})
	}
	for _, d := range s.Districts {
		v.Districts = append(v.Districts, aggregate.DistrictResult{District: d.District, Children: d.Children, Summary: tally(d.Tally)})
	}
	for _, l := range s.Lists {
		v.Lists = append(v.Lists, aggregate.ListResult{List: l.List, Units: l.Units})
	}
	return v
}
