package aggregate

import (
	"io"
	"testing"

	"tonghop/templates"
)

// The end-to-end tests of this package (read, merge, then write the
// outputs) reach the writers through these hooks: the writers import this
// package, so its own tests cannot import them. outputs_test.go (package
// aggregate_test, in the same test binary) sets them in its init.
var (
	WriteWorkbook  func(res *Result, path string) error
	WriteFeedback  func(res *Result, dir string) ([]string, error)
	WriteCheck     func(w io.Writer, c *templates.Campaign, reports []*Report) error
	WriteCheckJSON func(w io.Writer, c *templates.Campaign, reports []*Report) error

	FeedbackDir, SheetFiles, SheetDetail string

	LibreOfficeResave     func(t *testing.T, path string) string
	WorkbookContent       func(t *testing.T, path string) string
	CheckSummaryFormulas  func(t *testing.T, res *Result, converted string)
	CheckDistrictFormulas func(t *testing.T, res *Result, converted string)
)

func libreOfficeResave(t *testing.T, path string) string { return LibreOfficeResave(t, path) }
func workbookContent(t *testing.T, path string) string   { return WorkbookContent(t, path) }
func checkSummaryFormulas(t *testing.T, res *Result, converted string) {
	CheckSummaryFormulas(t, res, converted)
}
func checkDistrictFormulas(t *testing.T, res *Result, converted string) {
	CheckDistrictFormulas(t, res, converted)
}

// The merge's own tests check the figures of package summary through this
// view of summary.Of (the types as they were when the merge computed them):
// Summarize is set by outputs_test.go.
type (
	Total struct {
		Sum              float64
		Yes, Answered    int
		Weight, Weighted float64
	}
	Summary struct {
		Expected, Received, Valid, Invalid, OnTime, Late, Missing int
		Totals                                                    map[string]Total
	}
	GroupResult struct {
		Group *templates.Group
		Summary
	}
	DistrictResult struct {
		District *UnitResult
		Children []*UnitResult
		Summary
	}
	ListResult struct {
		List  *templates.List
		Units []*UnitResult
	}
	SummaryView struct {
		Groups    []GroupResult
		Districts []DistrictResult
		Province  Summary
		Lists     []ListResult
	}
)

var Summarize func(res *Result) *SummaryView

func summarize(res *Result) *SummaryView { return Summarize(res) }
