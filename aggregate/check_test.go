package aggregate

import (
	"strings"
	"testing"

	"tonghop/aggregate/aggregatetest/returned"
	"tonghop/templates"
	"tonghop/templates/vn"
)

func TestCheckExitCode(t *testing.T) {
	ok := &Report{}
	warn := &Report{Issues: Issues{{Severity: "canh_bao"}}}
	bad := &Report{Issues: Issues{{Severity: "loi"}}}
	unreadable := &Report{State: StateRejected, Issues: Issues{{Severity: "loi"}}}
	lock := &Report{State: StateSkipped, Issues: Issues{{Severity: "canh_bao"}}}
	tests := []struct {
		name    string
		reports []*Report
		want    int
	}{
		{"clean", []*Report{ok}, CheckOK},
		{"warnings only", []*Report{ok, warn}, CheckOK},
		{"an error", []*Report{ok, bad}, CheckErrors},
		{"one unreadable among others", []*Report{ok, unreadable}, CheckErrors},
		{"nothing readable", []*Report{unreadable}, CheckUnreadable},
		{"only a lock file", []*Report{lock}, CheckUnreadable},
		{"nothing at all", nil, CheckUnreadable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := CheckExitCode(tc.reports); got != tc.want {
				t.Errorf("got %d, want %d", got, tc.want)
			}
		})
	}
}

// TestCheckLate: a report dated on the deadline day is told it will count
// as late, by a warning on its report-date cell; one dated the day before
// is not.
func TestCheckLate(t *testing.T) {
	c := returned.Campaign(t)
	dir := t.TempDir()
	late := returned.CleanValues()
	late[templates.NameReportDate] = vn.Serial(returned.Day(2024, 4, 5))
	returned.Save(t, c, "UBX-24611", late, nil, dir, "a-muon.xlsx")
	onTime := returned.CleanValues()
	onTime[templates.NameReportDate] = vn.Serial(returned.Day(2024, 4, 4))
	returned.Save(t, c, "UBX-24612", onTime, nil, dir, "b-dung-han.xlsx")
	reports := CheckPaths(c, []string{dir}, ReadOptions{}, 0)
	if len(reports) != 2 {
		t.Fatalf("%d reports", len(reports))
	}
	sheet, cell := reports[0].Reporter.DateSheet, reports[0].Reporter.DateCell
	want := []string{"Cảnh báo|" + sheet + "|" + cell + "||báo cáo nộp muộn 1 ngày: ngày báo cáo ghi trong tệp là 05/4/2024, hạn nộp số liệu là trước ngày 05/4/2024; khi tổng hợp sẽ tính là nộp muộn (số liệu vẫn được tính)"}
	if got := issueLines(reports[0].Issues); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("late report: %q, want %q", got, want)
	}
	if got := issueLines(reports[1].Issues); len(got) != 0 {
		t.Errorf("report on time: %q", got)
	}
	if CheckExitCode(reports) != CheckOK {
		t.Errorf("a late report is a warning, exit %d", CheckExitCode(reports))
	}
}
