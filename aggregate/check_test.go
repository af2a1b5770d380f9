package aggregate

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tonghop/templates"
	"tonghop/templates/vn"
)

// TestCheckPaths: a folder with a clean report, a report with an error, a
// lock file and a stray CSV, plus a path that does not exist.
func TestCheckPaths(t *testing.T) {
	c := rdCampaign(t)
	dir := t.TempDir()
	workbook(t, c, "UBX-24611", cleanValues(), nil, dir, "a-sach.xlsx")
	vals := cleanValues()
	vals["C2"] = 45
	workbook(t, c, "UBX-24612", vals, nil, dir, "b-loi.xlsx")
	for name, content := range map[string]string{"~$a-sach.xlsx": "x", "ghi-chu.txt": "a,b\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	missing := filepath.Join(dir, "khong-co.xlsx")
	reports := CheckPaths(c, []string{dir, missing}, ReadOptions{}, 0)
	type row struct {
		base              string
		unit              string
		rejected, skipped bool
		errors            int
	}
	var got []row
	for _, r := range reports {
		x := row{base: filepath.Base(r.File.Path), rejected: r.State != StateIdentified, skipped: r.State == StateSkipped}
		if r.Unit != nil {
			x.unit = r.Unit.Code
		}
		for _, i := range r.Issues {
			if i.Severity == "loi" {
				x.errors++
			}
		}
		got = append(got, x)
	}
	want := []row{
		{"a-sach.xlsx", "UBX-24611", false, false, 0},
		{"b-loi.xlsx", "UBX-24612", false, false, 1},
		{"ghi-chu.txt", "", true, true, 0},
		{"~$a-sach.xlsx", "", true, true, 0},
		{"khong-co.xlsx", "", true, false, 1},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	// Skipped files come after the files read, each group sorted.
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("report %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if code := CheckExitCode(reports); code != CheckErrors {
		t.Errorf("exit code %d", code)
	}
	var b bytes.Buffer
	if err := WriteCheck(&b, c, reports); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		"Đơn vị: UBND phường Nghĩa Thành (UBX-24612) — UBND các xã, phường, thị trấn",
		"C2 = 45 lớn hơn C1 = 40",
		"Bỏ qua (không phải báo cáo).",
		"Tổng cộng 5 tệp: 1 không có lỗi, 1 có lỗi, 1 không đọc được, 2 bỏ qua; 2 lỗi, 2 cảnh báo.",
	} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("output lacks %q:\n%s", s, b.String())
		}
	}
	b.Reset()
	if err := WriteCheckJSON(&b, c, reports); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Files []struct {
			Unit *struct {
				Code string `json:"code"`
			} `json:"unit"`
		} `json:"files"`
		Summary struct {
			Files int `json:"files"`
		} `json:"summary"`
		ExitCode int `json:"exit_code"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.ExitCode != CheckErrors || doc.Summary.Files != 5 || len(doc.Files) != 5 || doc.Files[1].Unit.Code != "UBX-24612" {
		t.Errorf("json %+v", doc)
	}
}

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
	c := rdCampaign(t)
	dir := t.TempDir()
	late := cleanValues()
	late[templates.NameReportDate] = vn.Serial(rdDate(2024, 4, 5))
	workbook(t, c, "UBX-24611", late, nil, dir, "a-muon.xlsx")
	onTime := cleanValues()
	onTime[templates.NameReportDate] = vn.Serial(rdDate(2024, 4, 4))
	workbook(t, c, "UBX-24612", onTime, nil, dir, "b-dung-han.xlsx")
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
