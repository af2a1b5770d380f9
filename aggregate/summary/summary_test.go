package summary_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"tonghop/aggregate"
	"tonghop/aggregate/aggregatetest"
	"tonghop/aggregate/summary"
	"tonghop/templates"
)

func checkTotal(t *testing.T, totals map[string]summary.Total, id string, want summary.Total) {
	t.Helper()
	if got := totals[id]; got != want {
		t.Errorf("total %s = %+v, want %+v", id, got, want)
	}
}

func codes(us []*aggregate.UnitResult) []string {
	var out []string
	for _, u := range us {
		out = append(out, u.Unit.Code)
	}
	return out
}

func TestOf(t *testing.T) {
	res := aggregatetest.Sample(t)
	c := res.Campaign
	s := summary.Of(res)

	t.Run("group totals", func(t *testing.T) {
		g := s.Groups[0]
		if g.Group.Code != "TU" {
			t.Fatalf("first group %s", g.Group.Code)
		}
		want := summary.Tally{Expected: 6, Received: 5, Valid: 4, Invalid: 1, OnTime: 2, Late: 2, Missing: 1}
		got := g.Tally
		got.Totals = nil
		if !reflect.DeepEqual(got, want) {
			t.Errorf("TU tally %+v, want %+v", got, want)
		}
		// TU01 + TU02 + TU03 (newer) + TU04; not TU05, not the superseded file.
		checkTotal(t, g.Totals, "A5", summary.Total{Sum: 3 + 2 + 7 + 0, Answered: 4})
		checkTotal(t, g.Totals, "C1", summary.Total{Sum: 20 + 10 + 30 + 5, Answered: 4})
		// A2 is asked of units with a website (scope A1): the unit
		// without one is not counted.
		checkTotal(t, g.Totals, "A2", summary.Total{Yes: 2, Answered: 3})
		checkTotal(t, g.Totals, "A1", summary.Total{Yes: 3, Answered: 4})
		checkTotal(t, g.Totals, "B1", summary.Total{})
		if r := g.ReportingRate(); r != (summary.Rate{Part: 5, Whole: 6}) {
			t.Errorf("TU reporting rate %+v", r)
		}
		if got := codes(g.Units); len(got) != 6 || got[0] != "TU01" {
			t.Errorf("TU units %q", got)
		}
		if got := codes(g.Missing); !reflect.DeepEqual(got, []string{"TU06"}) {
			t.Errorf("TU missing %q", got)
		}
	})
	t.Run("district rolls up its communes", func(t *testing.T) {
		var d *summary.DistrictResult
		for i := range s.Districts {
			if s.Districts[i].District.Unit.Code == "UBH-660" {
				d = &s.Districts[i]
			}
		}
		if d == nil {
			t.Fatal("no district UBH-660")
		}
		if len(d.Children) != len(c.Children("UBH-660")) {
			t.Errorf("%d communes, want %d", len(d.Children), len(c.Children("UBH-660")))
		}
		if d.Expected != 1+len(c.Children("UBH-660")) || d.Valid != 2 {
			t.Errorf("expected %d valid %d", d.Expected, d.Valid)
		}
		checkTotal(t, d.Totals, "D2", summary.Total{Sum: 42.75, Answered: 2})
		checkTotal(t, d.Totals, "C2", summary.Total{Sum: 85, Answered: 2})
		if len(s.Districts) != len(c.UnitsOf("UBH")) {
			t.Errorf("%d districts", len(s.Districts))
		}
	})
	t.Run("province", func(t *testing.T) {
		p := s.Province
		if p.Expected != len(c.Units) || p.Valid != 6 || p.Invalid != 1 || p.Received != 7 || p.Missing != len(c.Units)-7 {
			t.Errorf("province %+v", p)
		}
		checkTotal(t, p.Totals, "C1", summary.Total{Sum: 65 + 120, Answered: 6})
	})
	t.Run("lists", func(t *testing.T) {
		got := map[string][]string{}
		inds := map[string][]string{}
		for _, l := range s.Lists {
			got[l.List.ID] = codes(l.Units)
			for _, ind := range l.Indicators {
				inds[l.List.ID] = append(inds[l.List.ID], ind.ID)
			}
		}
		// A1 && !A2: TU01 only (TU04 has no website, TU05 is not counted).
		if !reflect.DeepEqual(got["CHUA_BANNER"], []string{"TU01"}) {
			t.Errorf("CHUA_BANNER %v", got["CHUA_BANNER"])
		}
		// C2 < C1/2: TU02 (2 of 10), TU04 (0 of 5), UBX-24611 (5 of 20).
		if !reflect.DeepEqual(got["CHUA_KHUNG_ANH"], []string{"TU02", "TU04", "UBX-24611"}) {
			t.Errorf("CHUA_KHUNG_ANH %v", got["CHUA_KHUNG_ANH"])
		}
		if !reflect.DeepEqual(inds["CHUA_BANNER"], []string{"A1", "A2"}) {
			t.Errorf("CHUA_BANNER reads %v", inds["CHUA_BANNER"])
		}
	})
	t.Run("late", func(t *testing.T) {
		type late struct {
			code, day string
			days      int
			basis     string
		}
		var got []late
		for _, l := range s.Late {
			got = append(got, late{l.Unit.Code, l.Day.Format("2006-01-02"), l.DaysLate, l.Basis})
		}
		want := []late{
			// The deadline day itself is one day late.
			{"TU02", "2024-04-05", 1, "ngày báo cáo ghi trong tệp"},
			// Saved 18:00 UTC on the 4th: the 5th in Vietnam.
			{"TU04", "2024-04-05", 1, "thời điểm lưu bảng tính"},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("late %+v, want %+v", got, want)
		}
	})
	t.Run("missing and invalid", func(t *testing.T) {
		if len(s.Missing) != s.Province.Missing || s.Missing[0].Unit.Code != "TU06" {
			t.Errorf("%d missing, first %s", len(s.Missing), s.Missing[0].Unit.Code)
		}
		if got := codes(s.Invalid); !reflect.DeepEqual(got, []string{"TU05"}) {
			t.Errorf("invalid %q", got)
		}
		if s.BeforeDeadline {
			t.Error("10/4 is after the deadline")
		}
	})
	t.Run("units", func(t *testing.T) {
		for _, u := range s.Units {
			switch u.Unit.Code {
			case "TU05":
				if u.Errors != 1 || u.Warnings != 0 || u.Day.Format("2006-01-02") != "2024-04-01" {
					t.Errorf("TU05 %d errors %d warnings, day %v", u.Errors, u.Warnings, u.Day)
				}
			case "TU06":
				if !u.Day.IsZero() || u.Errors != 0 {
					t.Errorf("TU06 %+v", u)
				}
			}
		}
		if len(s.Units) != len(c.Units) {
			t.Errorf("%d units", len(s.Units))
		}
	})
	t.Run("important", func(t *testing.T) {
		if len(s.Important) != 2 || s.Important[0].File != "hong.xlsx" || s.Important[0].Unit != nil ||
			s.Important[1].Unit.Code != "TU05" || s.Important[1].Issue.Cell != "DC2" {
			t.Errorf("important %+v", s.Important)
		}
	})
	t.Run("feedback", func(t *testing.T) {
		var got []string
		for _, fb := range s.Feedback {
			got = append(got, fb.Unit.Code)
		}
		if !reflect.DeepEqual(got, []string{"TU05"}) || len(s.Feedback[0].Errors) != 1 || len(s.Feedback[0].Warnings) != 0 {
			t.Errorf("feedback %q", got)
		}
	})
	t.Run("not yet due", func(t *testing.T) {
		s := summary.Of(aggregate.MergeReports(c, nil, nil, aggregate.MergeOptions{AsOf: aggregatetest.Day(2024, 4, 4)}))
		if s.Province.Missing != len(c.Units) || len(s.Missing) != len(c.Units) || !s.BeforeDeadline {
			t.Errorf("missing %d, before deadline %v", s.Province.Missing, s.BeforeDeadline)
		}
	})
}

func TestTexts(t *testing.T) {
	c := aggregatetest.Campaign(t)
	a := aggregatetest.UnitReport(t, c, "TU01", "a.xlsx", map[string]any{"A1": true, "F1": "Đã triển khai."})
	a.Reporter.Date = aggregatetest.Day(2024, 4, 1)
	b := aggregatetest.UnitReport(t, c, "TU02", "b.xlsx", map[string]any{"A1": true, "F1": "Không tính: có lỗi."})
	b.Reporter.Date = aggregatetest.Day(2024, 4, 1)
	b.Issues = aggregate.Issues{{Severity: templates.SeverityError, Indicator: "A1", Msg: "lỗi"}}
	s := summary.Of(aggregate.MergeReports(c, []*aggregate.Report{a, b}, nil, aggregate.MergeOptions{AsOf: aggregatetest.Day(2024, 4, 10)}))
	got := s.Texts["F1"]
	if len(got) != 1 || got[0].Unit.Unit.Code != "TU01" || got[0].Text != "Đã triển khai." {
		t.Errorf("F1 answers %+v", got)
	}
	if len(s.Texts["F2"]) != 0 {
		t.Errorf("F2 answers %+v", s.Texts["F2"])
	}
}

func TestCheck(t *testing.T) {
	reports := []*aggregate.Report{
		{},
		{Issues: aggregate.Issues{{Severity: templates.SeverityWarning}}},
		{Issues: aggregate.Issues{{Severity: templates.SeverityError}, {Severity: templates.SeverityWarning}}},
		{State: aggregate.StateRejected, Issues: aggregate.Issues{{Severity: templates.SeverityError}}},
		{State: aggregate.StateSkipped},
	}
	want := summary.CheckCounts{Files: 5, Clean: 2, WithErrors: 1, Unreadable: 1, Skipped: 1, Errors: 2, Warnings: 2}
	if got := summary.Check(reports); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

// A file carrying unit A's identity under a name that clearly names unit
// B, kept from replacing A's own report, is a conflict both units are told
// of, each in its own words.
func TestConflictTellsBothUnits(t *testing.T) {
	c := aggregatetest.Campaign(t)
	own := aggregatetest.UnitReport(t, c, "SBN09", "SBN09.xlsx", map[string]any{"A1": true})
	own.File.Saved = aggregatetest.Day(2024, 3, 20)
	copied := aggregatetest.UnitReport(t, c, "SBN09", "Bao cao So Thong tin.xlsx", map[string]any{"A1": true})
	copied.File.Saved = aggregatetest.Day(2024, 3, 28)
	copied.Conflict = c.Unit("SBN10")
	s := summary.Of(aggregate.MergeReports(c, []*aggregate.Report{own, copied}, nil, aggregate.MergeOptions{AsOf: aggregatetest.Day(2024, 4, 10)}))
	told := map[string]string{}
	for _, fb := range s.Feedback {
		told[fb.Unit.Code] = fb.Reason
	}
	// The form's unit is told of the conflict; the unit the file names is
	// told the file bears its name on another unit's form.
	for code, want := range map[string]string{"SBN09": "xung đột nhận diện", "SBN10": "mang tên đơn vị nhưng là biểu mẫu của Sở Xây dựng"} {
		if !strings.Contains(told[code], want) {
			t.Errorf("%s told %q, want %q", code, told[code], want)
		}
	}
}

// TestLateFormBasis: a late answer of the online form is listed with the
// form's timestamp as its basis, never the file's time (the summary once
// had its own copy of the derivation, without the form).
func TestLateFormBasis(t *testing.T) {
	c := aggregatetest.Campaign(t)
	r := aggregatetest.UnitReport(t, c, "TU02", "tra-loi.csv › dòng 2", map[string]any{"A1": true, "A2": true, "C1": 10, "C2": 2, "D1": 1, "D2": 2.5})
	r.Channel, r.Sent = aggregate.ChannelForm, aggregatetest.Day(2024, 4, 6).Add(3*time.Hour)
	r.File.ModTime = aggregatetest.Day(2024, 4, 7)
	s := summary.Of(aggregate.MergeReports(c, []*aggregate.Report{r}, nil, aggregate.MergeOptions{AsOf: aggregatetest.Day(2024, 4, 10)}))
	if len(s.Late) != 1 || s.Late[0].Basis != "thời điểm gửi câu trả lời biểu mẫu trực tuyến" || !s.Late[0].Day.Equal(aggregatetest.Day(2024, 4, 6)) {
		t.Fatalf("late %+v", s.Late)
	}
}

// TestPartTotals: the figures of a part of the report's appendix come from
// the summary: the groups' tallies added make the province's, and a
// ratio over every unit is the province's ratio.
func TestPartTotals(t *testing.T) {
	s := summary.Of(aggregatetest.Sample(t))
	var all summary.Tally
	var units []*aggregate.UnitResult
	for _, g := range s.Groups {
		all = all.Plus(g.Tally)
		units = append(units, g.Units...)
	}
	if all.Expected != s.Province.Expected || all.Valid != s.Province.Valid || !reflect.DeepEqual(all.Totals, s.Province.Totals) {
		t.Errorf("groups added %+v, province %+v", all, s.Province)
	}
	for _, rr := range s.Ratios {
		if got := rr.Over(units); got.Num != rr.Num || got.Den != rr.Den || got.Units != rr.Units || got.Units != len(rr.ByUnit) {
			t.Errorf("%s over every unit %+v, want %v/%v of %d", rr.Ratio.ID, got, rr.Num, rr.Den, rr.Units)
		}
	}
}
