package textout

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"tonghop/aggregate"
	"tonghop/aggregate/aggregatetest"
	"tonghop/aggregate/summary"
	"tonghop/templates"
	"tonghop/templates/testenv"
)

// letterCampaign is the default campaign with a contact person and phone.
func letterCampaign(t *testing.T) *templates.Campaign {
	c := aggregatetest.Campaign(t)
	c.ContactPerson = "Trần Thị Hoa"
	c.ContactPhone = "0261 3544 123"
	return c
}

// letterSummary merges, as of asOf, a report with errors (TU05: a banner
// date outside the period, stored as the serial 44912), one with a
// warning only, counted on time (TU01), and a locked file (SBN01).
func letterSummary(t *testing.T, c *templates.Campaign, asOf [3]int) *summary.Summary {
	bad := aggregatetest.UnitReport(t, c, "TU05", "thu/tu05.xlsx", map[string]any{"A1": true, "A2": true,
		"A3": aggregatetest.Day(2022, 12, 17), "C1": 10, "C2": 12})
	bad.Reporter.Date = aggregatetest.Day(2024, 4, 1)
	a3, _ := bad.Values.Get("A3")
	a3.Raw = "44912"
	bad.Values.Set("A3", a3)
	bad.Issues = aggregate.Issues{
		{Sheet: templates.SheetReport, Cell: "D11", Indicator: "A3", Severity: templates.SeverityError,
			Msg: "ngày đặt banner 17/12/2022 nằm ngoài khoảng 16/08/2023 – 31/01/2024"},
		{Sheet: templates.SheetReport, Cell: "D20", Indicator: "C2", Severity: templates.SeverityError,
			Msg: "C2 = 12 lớn hơn C1 = 10: số người thay khung ảnh đại diện không thể vượt tổng số cán bộ"},
	}
	warned := aggregatetest.UnitReport(t, c, "TU01", "tu01.xlsx", map[string]any{"A1": true, "A5": 900})
	warned.Reporter.Date = aggregatetest.Day(2024, 4, 1)
	warned.Issues = aggregate.Issues{{Sheet: templates.SheetReport, Cell: "D13", Indicator: "A5", Severity: templates.SeverityWarning,
		Msg: "A5 = 900 cao bất thường so với các đơn vị cùng nhóm"}}
	locked := &aggregate.Report{File: aggregate.FileInfo{Path: "sbn01.xlsx", SHA256: "x"}, Unit: c.Unit("SBN01"), State: aggregate.StateRejected,
		Issues: aggregate.Issues{{Severity: templates.SeverityError, Msg: "tệp được đặt mật khẩu"}}}
	res := aggregate.MergeReports(c, []*aggregate.Report{bad, warned, locked},
		aggregate.MergeOptions{AsOf: aggregatetest.Day(asOf[0], asOf[1], asOf[2])})
	return summary.Of(res)
}

// TestLettersGolden compares every kind of letter, in full, with
// testdata/letters: errors, warnings only, an unusable file, a reminder,
// before and after the deadline.
func TestLettersGolden(t *testing.T) {
	c := letterCampaign(t)
	got := map[string]string{}
	for _, when := range []struct {
		name string
		day  [3]int
	}{{"truoc-han", [3]int{2024, 4, 3}}, {"sau-han", [3]int{2024, 4, 10}}} {
		s := letterSummary(t, c, when.day)
		var codes []string
		for _, fb := range s.Feedback {
			codes = append(codes, fb.Unit.Code)
			got["phan-hoi-"+fb.Unit.Code+"-"+when.name] = feedbackText(s, fb)
		}
		if want := []string{"TU01", "TU05", "SBN01"}; !reflect.DeepEqual(codes, want) {
			t.Fatalf("%s: feedback to %v, want %v", when.name, codes, want)
		}
		got["nhac-TU03-"+when.name] = ReminderText(s, c.Unit("TU03"), templates.FileName(c.Unit("TU03")))
	}
	for name, text := range got {
		t.Run(name, func(t *testing.T) {
			testenv.Golden(t, filepath.Join("testdata", "letters", name+".txt"), []byte(text))
			for _, bad := range []string{"Chúng tôi", "44912", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"} {
				if strings.Contains(text, bad) {
					t.Errorf("letter says %q", bad)
				}
			}
		})
	}
}

// TestWriteReminders writes one letter per unit that has not reported. A
// reminder of an earlier run, and the officer's own file, are left alone:
// atomicfile.Set removes what the last run's manifest lists, nothing else.
func TestWriteReminders(t *testing.T) {
	c := letterCampaign(t)
	s := letterSummary(t, c, [3]int{2024, 4, 10})
	dir := filepath.Join(t.TempDir(), ReminderDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"TU01_Van-phong-Tinh-uy.txt", "ghi-chu.txt"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("cũ"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	paths, err := WriteReminders(s, dir, func(u *templates.Unit) string { return templates.FileName(u) })
	if err != nil {
		t.Fatal(err)
	}
	// 130 units; TU01, TU05 and SBN01 sent something, SBN01 a file that
	// could not be used: it counts as missing but is told so in its
	// feedback letter, not reminded.
	if len(paths) != 127 || len(s.Missing) != 128 {
		t.Fatalf("%d reminders for %d missing units", len(paths), len(s.Missing))
	}
	if _, err := os.Stat(filepath.Join(dir, "SBN01_Van-phong-UBND-tinh.txt")); !os.IsNotExist(err) {
		t.Errorf("SBN01 reminded besides its feedback: %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "TU01_Van-phong-Tinh-uy.txt")); err != nil || string(b) != "cũ" {
		t.Errorf("a reminder WriteReminders did not write was touched: %q, %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "ghi-chu.txt")); err != nil {
		t.Errorf("the officer's file: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "TU03_Ban-Tuyen-giao-Tinh-uy.txt"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("testdata", "letters", "nhac-TU03-sau-han.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.ReplaceAll(strings.TrimPrefix(string(b), "\uFEFF"), "\r\n", "\n"); got != string(want) {
		t.Errorf("TU03's reminder file differs from its golden letter:\n%s", got)
	}
}
