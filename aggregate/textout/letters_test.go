package textout

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"tonghop/aggregate"
	"tonghop/aggregate/aggregatetest"
	"tonghop/aggregate/summary"
	"tonghop/templates"
	"tonghop/templates/testenv"
	"tonghop/templates/vn"
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
// warning only, counted on time (TU01), a locked file (SBN01), and a clean
// report from BC01, which still owes a written report; TU02 and TU03 have
// sent nothing, and TU03 owes a written report too.
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
	press := aggregatetest.UnitReport(t, c, "BC01", "bc01.xlsx", map[string]any{"A1": true})
	press.Reporter.Date = aggregatetest.Day(2024, 4, 1)
	res := aggregate.MergeReports(c, []*aggregate.Report{bad, warned, locked, press}, nil,
		aggregate.MergeOptions{AsOf: aggregatetest.Day(asOf[0], asOf[1], asOf[2])})
	return summary.Of(res)
}

// requested finds each day a letter asks for, "trước ngày 20/4/2024", and
// whether the letter says that day has passed ("… đã qua").
var requested = regexp.MustCompile(`trước ngày (\d{2})/(\d{1,2})/(\d{4})(\)? đã qua)?`)

// TestLettersGolden compares every kind of letter, in full, with
// testdata/letters: errors, warnings only, an unusable file, a reminder of
// the figures, of the written report, of both; before the deadlines,
// after them, and after them with a new deadline (--han-moi). No letter
// asks for a day that has passed.
func TestLettersGolden(t *testing.T) {
	c := letterCampaign(t)
	got := map[string]string{}
	for _, when := range []struct {
		name        string
		day         [3]int
		newDeadline time.Time
	}{
		{"truoc-han", [3]int{2024, 4, 3}, time.Time{}},
		{"sau-han", [3]int{2024, 4, 12}, time.Time{}},
		{"han-moi", [3]int{2024, 4, 12}, aggregatetest.Day(2024, 4, 20)},
	} {
		l := &Letters{Summary: letterSummary(t, c, when.day), NewDeadline: when.newDeadline}
		var codes []string
		for _, fb := range l.Feedback {
			codes = append(codes, fb.Unit.Code)
			got["phan-hoi-"+fb.Unit.Code+"-"+when.name] = l.feedbackText(fb)
		}
		if want := []string{"TU01", "TU05", "SBN01"}; !reflect.DeepEqual(codes, want) {
			t.Fatalf("%s: feedback to %v, want %v", when.name, codes, want)
		}
		reminded := map[string]reminder{}
		for _, r := range l.reminders() {
			reminded[r.unit.Code] = r
		}
		for code, want := range map[string]reminder{
			"TU02": {unit: c.Unit("TU02"), figures: true},
			"TU03": {unit: c.Unit("TU03"), figures: true, written: true},
			"BC01": {unit: c.Unit("BC01"), written: true},
			"BC02": {unit: c.Unit("BC02"), figures: true, written: true},
		} {
			if reminded[code] != want {
				t.Errorf("%s: %s reminded as %+v, want %+v", when.name, code, reminded[code], want)
			}
		}
		for _, code := range []string{"TU01", "TU05", "SBN01"} {
			if _, ok := reminded[code]; ok {
				t.Errorf("%s: %s reminded besides its feedback letter", when.name, code)
			}
		}
		for _, code := range []string{"TU02", "TU03", "BC01"} {
			got["nhac-"+code+"-"+when.name] = l.reminderText(reminded[code], templates.FileName(c.Unit(code)))
		}
	}
	for name, text := range got {
		t.Run(name, func(t *testing.T) {
			testenv.Golden(t, filepath.Join("testdata", "letters", name+".txt"), []byte(text))
			for _, bad := range []string{"Chúng tôi", "44912", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "/04/"} {
				if strings.Contains(text, bad) {
					t.Errorf("letter says %q", bad)
				}
			}
			day := aggregatetest.Day(2024, 4, 3)
			if !strings.HasSuffix(name, "truoc-han") {
				day = aggregatetest.Day(2024, 4, 12)
			}
			for _, m := range requested.FindAllStringSubmatch(text, -1) {
				d, _ := strconv.Atoi(m[1])
				mo, _ := strconv.Atoi(m[2])
				y, _ := strconv.Atoi(m[3])
				if asked := aggregatetest.Day(y, mo, d); m[4] == "" && !asked.After(day) {
					t.Errorf("the letter of %s asks for %q, a day gone", vn.Date(day), m[0])
				}
			}
			if strings.Contains(text, "văn bản") && !strings.Contains(text, "nếu đã gửi qua hệ thống văn bản thì xin bỏ qua") {
				t.Errorf("a written report asked for without “nếu đã gửi qua hệ thống văn bản thì xin bỏ qua”")
			}
		})
	}
}

// TestCheckNewDeadline refuses a new deadline on or before the letters'
// day in Vietnam.
func TestCheckNewDeadline(t *testing.T) {
	asOf := time.Date(2024, 4, 11, 18, 0, 0, 0, time.UTC) // 12/4 01:00 in Vietnam
	for _, tc := range []struct {
		due  time.Time
		fail bool
	}{
		{aggregatetest.Day(2024, 4, 10), true},
		{aggregatetest.Day(2024, 4, 12), true},
		{aggregatetest.Day(2024, 4, 13), false},
	} {
		err := CheckNewDeadline(tc.due, asOf)
		if (err != nil) != tc.fail {
			t.Errorf("CheckNewDeadline(%s) = %v", vn.Date(tc.due), err)
		}
		if err != nil && !strings.Contains(err.Error(), "12/4/2024") {
			t.Errorf("the message does not say the letters' day: %v", err)
		}
	}
}

// TestWriteReminders writes one letter per unit that has not reported. A
// reminder of an earlier run, and the officer's own file, are left alone:
// atomicfile.Set removes what the last run's manifest lists, nothing else.
func TestWriteReminders(t *testing.T) {
	t.Parallel() // 127 letters, each synced to disk: the waits overlap the other tests'
	c := letterCampaign(t)
	s := letterSummary(t, c, [3]int{2024, 4, 12})
	dir := filepath.Join(t.TempDir(), ReminderDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"TU01_Van-phong-Tinh-uy.txt", "ghi-chu.txt"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("cũ"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	paths, err := WriteReminders(&Letters{Summary: s}, dir, func(u *templates.Unit) string { return templates.FileName(u) })
	if err != nil {
		t.Fatal(err)
	}
	// 130 units; TU01, TU05, SBN01 and BC01 sent something, SBN01 a file
	// that could not be used: it is told so in its feedback letter, not
	// reminded. BC01 owes a written report: reminded of it.
	if len(paths) != 127 || len(s.Missing) != 127 {
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

// TestReminderSaysWrittenReceived: a unit that sent its written report but
// not its figures is reminded of the figures only, and told that the
// written report arrived — never that nothing did (issue 23).
func TestReminderSaysWrittenReceived(t *testing.T) {
	t.Parallel() // 129 letters, each synced to disk
	c := letterCampaign(t)
	w := &aggregate.Report{File: aggregate.FileInfo{Path: "thu/bc-ban-tuyen-giao.docx", SHA256: "w"}, Unit: c.Unit("TU03"),
		Channel: aggregate.ChannelWritten, Written: &aggregate.WrittenInfo{Format: "docx", Kind: "BÁO CÁO"}, Sent: aggregatetest.Day(2024, 4, 2)}
	s := summary.Of(aggregate.MergeReports(c, []*aggregate.Report{w}, nil, aggregate.MergeOptions{AsOf: aggregatetest.Day(2024, 4, 12)}))
	dir := filepath.Join(t.TempDir(), ReminderDir)
	if _, err := WriteReminders(&Letters{Summary: s}, dir, func(u *templates.Unit) string { return templates.FileName(u) }); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "TU03_Ban-Tuyen-giao-Tinh-uy.txt"))
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	if !strings.Contains(got, "đã nhận báo cáo bằng văn bản của quý cơ quan, đơn vị (tệp “bc-ban-tuyen-giao.docx”)") ||
		!strings.Contains(got, "chưa nhận được số liệu theo biểu mẫu") || strings.Contains(got, "chưa nhận được báo cáo bằng văn bản") {
		t.Errorf("TU03's reminder:\n%s", got)
	}
}
