package textout

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"tonghop/aggregate"
	"tonghop/aggregate/aggregatetest"
	"tonghop/aggregate/gate"
	"tonghop/aggregate/summary"
	"tonghop/templates"
)

func TestWriteFeedback(t *testing.T) {
	c := aggregatetest.Campaign(t)
	bad := aggregatetest.UnitReport(t, c, "TU05", "thu/tu05.xlsx", map[string]any{"A1": true, "C1": 10, "C2": 12})
	bad.Reporter.Date = aggregatetest.Day(2024, 4, 1)
	bad.Issues = aggregate.Issues{{Sheet: templates.SheetReport, Cell: "D20", Indicator: "C2", Severity: templates.SeverityError,
		Msg: "C2 = 12 lớn hơn C1 = 10: số người thay khung ảnh đại diện không thể vượt tổng số cán bộ"}}
	warned := aggregatetest.UnitReport(t, c, "TU01", "tu01.xlsx", map[string]any{"A1": true, "A5": 900})
	warned.Reporter.Date = aggregatetest.Day(2024, 4, 1)
	warned.Issues = aggregate.Issues{{Sheet: templates.SheetReport, Cell: "D9", Indicator: "A5", Severity: templates.SeverityWarning, Msg: "A5 = 900 cao bất thường"}}
	clean := aggregatetest.UnitReport(t, c, "TU02", "tu02.xlsx", map[string]any{"A1": true})
	locked := &aggregate.Report{File: aggregate.FileInfo{Path: "sbn01.xlsx", SHA256: "x"}, Unit: c.Unit("SBN01"), State: aggregate.StateRejected,
		Issues: aggregate.Issues{{Severity: templates.SeverityError, Msg: gate.MsgWrongPass}}}
	unknown := &aggregate.Report{File: aggregate.FileInfo{Path: "la.xlsx", SHA256: "y"}, State: aggregate.StateRejected,
		Issues: aggregate.Issues{{Severity: templates.SeverityError, Msg: "không phải biểu mẫu"}}}
	res := aggregate.MergeReports(c, []*aggregate.Report{bad, warned, clean, locked, unknown}, nil, aggregate.MergeOptions{AsOf: aggregatetest.Day(2024, 4, 10)})

	dir := filepath.Join(t.TempDir(), "phan-hoi")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// Feedback of an earlier run, for a unit that has fixed its report,
	// and a file the officer put there: WriteFeedback removes neither
	// (atomicfile.Set removes what the last run's manifest lists).
	for _, n := range []string{"TU02_Ban-To-chuc-Tinh-uy.txt", "ghi-chu.txt"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("cũ"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	paths, err := WriteFeedback(&Letters{Summary: summary.Of(res)}, dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range paths {
		names = append(names, filepath.Base(p))
	}
	want := []string{"TU01_Van-phong-Tinh-uy.txt", "TU05_Uy-ban-Kiem-tra-Tinh-uy.txt", "SBN01_Van-phong-UBND-tinh.txt"}
	if !reflect.DeepEqual(names, want) {
		t.Fatalf("written %q, want %q", names, want)
	}
	assertOnly(t, dir, "SBN01_Van-phong-UBND-tinh.txt", "TU01_Van-phong-Tinh-uy.txt", "TU02_Ban-To-chuc-Tinh-uy.txt", "TU05_Uy-ban-Kiem-tra-Tinh-uy.txt", "ghi-chu.txt")

	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return strings.ReplaceAll(strings.TrimPrefix(string(b), "\uFEFF"), "\r\n", "\n")
	}
	cases := []struct {
		file string
		want []string
	}{
		{"TU05_Uy-ban-Kiem-tra-Tinh-uy.txt", []string{
			"Kính gửi: Ủy ban Kiểm tra Tỉnh ủy",
			"tệp “tu05.xlsx”",
			"còn 01 lỗi nên chưa được đưa vào số liệu tổng hợp",
			"1. Ô D20, trang “Báo cáo”, chỉ tiêu C2 “" + c.Indicator("C2").Label + "”: C2 = 12 lớn hơn C1 = 10",
			"Giá trị đang ghi: 12.",
			"Yêu cầu: số nguyên, từ 0 trở lên (đơn vị tính: người)",
		}},
		{"TU01_Van-phong-Tinh-uy.txt", []string{
			"số liệu đã được đưa vào tổng hợp",
			"CẦN KIỂM TRA LẠI",
			"A5 = 900 cao bất thường",
			"Giá trị đang ghi: 900.",
		}},
		{"SBN01_Van-phong-UBND-tinh.txt", []string{
			"tệp “sbn01.xlsx”",
			// The cause only: what to do next is the officer's (--mat-khau).
			"không sử dụng được tệp này: " + gate.Cause(gate.MsgWrongPass) + ".",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			text := read(tc.file)
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("missing %q in\n%s", w, text)
				}
			}
			if strings.Contains(text, "--") {
				t.Errorf("the letter names an option of tonghop:\n%s", text)
			}
			if !strings.Contains(text, c.Contact) {
				t.Errorf("no contact in\n%s", text)
			}
		})
	}
}

func TestExpectation(t *testing.T) {
	c := aggregatetest.Campaign(t)
	cases := map[string]string{
		"A1": "chọn Có hoặc Không; bắt buộc nhập",
		"A3": "ngày/tháng/năm, từ 16/8/2023 đến 31/01/2024; bắt buộc khi đã đặt banner tuyên truyền Kỷ niệm 20 năm Ngày tái lập tỉnh (A2 = Có)",
		"C2": "số nguyên, từ 0 trở lên (đơn vị tính: người); bắt buộc nhập",
		"F1": "nội dung bằng chữ, không quá 2.000 ký tự",
	}
	for id, want := range cases {
		t.Run(id, func(t *testing.T) {
			if got := expectation(c, c.Indicator(id)); got != want {
				t.Errorf("expectation(%s) = %q, want %q", id, got, want)
			}
		})
	}
}

// TestRuleRequirement: an issue raised by a rule says in the letter what
// that rule requires, not what the cell it points to accepts (C2 = 72 is a
// whole number from 0 up, and still breaks C2 <= C1).
func TestRuleRequirement(t *testing.T) {
	c := aggregatetest.Campaign(t)
	r := aggregatetest.UnitReport(t, c, "TU02", "tu02.xlsx", map[string]any{"C1": 27, "C2": 72})
	cases := []struct {
		issue aggregate.Issue
		want  string
	}{
		{aggregate.Issue{Cell: "D26", Indicator: "C2", Rule: "R1", Severity: templates.SeverityError, Msg: "C2 = 72 lớn hơn C1 = 27"},
			"Yêu cầu: C2 ≤ C1 (C2 là “" + c.Indicator("C2").Label + "”; C1 là “" + c.Indicator("C1").Label + "”)."},
		{aggregate.Issue{Cell: "D14", Indicator: "A3", Rule: "R6", Severity: templates.SeverityWarning, Msg: "A2 = Không nhưng A3 có ngày"},
			"Yêu cầu: khi A2 = Không (“" + c.Indicator("A2").Label + "”) thì A3 để trống (“" + c.Indicator("A3").Label + "”)."},
		{aggregate.Issue{Cell: "D26", Indicator: "C2", Severity: templates.SeverityError, Msg: "C2 = -1 là số âm"},
			"Yêu cầu: " + expectation(c, c.Indicator("C2")) + "."},
	}
	for _, tc := range cases {
		var b strings.Builder
		writeIssues(&b, c, r, aggregate.Issues{tc.issue})
		if !strings.Contains(b.String(), "\n   "+tc.want+"\n") {
			t.Errorf("rule %q: letter says\n%s\nwant the line %q", tc.issue.Rule, b.String(), tc.want)
		}
	}
}

// assertOnly fails unless dir holds exactly names, in order.
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if len(got) != len(names) {
		t.Fatalf("folder holds %q, want %q", got, names)
	}
	for i := range names {
		if got[i] != names[i] {
			t.Fatalf("folder holds %q, want %q", got, names)
		}
	}
}
