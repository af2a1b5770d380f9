package aggregate_test

import (
	"testing"

	"tonghop/aggregate"
	"tonghop/aggregate/aggregatetest"
	"tonghop/aggregate/textout"
	"tonghop/aggregate/workbook"
)

// init connects the end-to-end tests of package aggregate to the writers
// (see export_test.go).
func init() {
	aggregate.WriteWorkbook = workbook.Write
	aggregate.WriteFeedback = textout.WriteFeedback
	aggregate.WriteCheck = textout.WriteCheck
	aggregate.WriteCheckJSON = textout.WriteCheckJSON
	aggregate.FeedbackDir = textout.FeedbackDir
	aggregate.SheetFiles = workbook.SheetFiles
	aggregate.SheetDetail = workbook.SheetDetail
	aggregate.LibreOfficeResave = aggregatetest.LibreOfficeResave
	aggregate.WorkbookContent = aggregatetest.WorkbookContent
	aggregate.CheckSummaryFormulas = func(t *testing.T, res *aggregate.Result, converted string) {
		aggregatetest.CheckSummaryFormulas(t, res, converted, workbook.SheetSummary)
	}
	aggregate.CheckDistrictFormulas = func(t *testing.T, res *aggregate.Result, converted string) {
		aggregatetest.CheckDistrictFormulas(t, res, converted, workbook.SheetDistricts)
	}
}
