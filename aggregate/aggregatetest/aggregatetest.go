// Package aggregatetest builds merge results for the tests of the packages
// that lay a result out (summary, workbook, pdf, textout): reports made in
// code, the way the reader would return them, merged by
// aggregate.MergeReports. Like net/http/httptest, it is imported by tests
// only. The workbooks units send back are built by its sub-package
// returned, which package aggregate's own tests can import too.
package aggregatetest

import (
	"testing"
	"time"

	"tonghop/aggregate"
	"tonghop/aggregate/aggregatetest/returned"
	"tonghop/templates"
)

// Campaign is the default campaign (returned.Campaign).
func Campaign(t testing.TB) *templates.Campaign {
	t.Helper()
	return returned.Campaign(t)
}

// Day is a calendar day, as campaign dates are kept (returned.Day).
func Day(y, m, d int) time.Time { return returned.Day(y, m, d) }

// UnitReport builds a report as the reader would return it for the unit,
// with the values given as Go values (bool, int, float64, time.Time,
// string) by indicator id.
func UnitReport(t testing.TB, c *templates.Campaign, code, path string, vals map[string]any) *aggregate.Report {
	t.Helper()
	u := c.Unit(code)
	if u == nil {
		t.Fatalf("no unit %s", code)
	}
	r := &aggregate.Report{
		File:     aggregate.FileInfo{Path: path, Size: 1000, SHA256: "sha-" + path, ModTime: Day(2024, 3, 1)},
		Identity: c.IdentityOf(u),
		Unit:     u,
	}
	inds := c.IndicatorsFor(u.Group)
	r.Values = aggregate.NewValues(inds)
	for _, ind := range inds {
		v := aggregate.Value{Type: ind.Type, Empty: true, Sheet: templates.SheetReport, Cell: "D" + ind.ID}
		if x, ok := vals[ind.ID]; ok {
			v.Empty = false
			switch x := x.(type) {
			case bool:
				v.Bool = x
			case int:
				v.Num = float64(x)
			case float64:
				v.Num = x
			case time.Time:
				v.Date = x
			case string:
				v.Text = x
			}
			v.Raw = v.String()
		}
		r.Values.Set(ind.ID, v)
	}
	return r
}

// Sample merges reports made in code: on time, late, resubmitted,
// byte-identical copy, invalid, unreadable, a district and a commune, and
// a lock file skipped before reading.
func Sample(t testing.TB) *aggregate.Result {
	t.Helper()
	c := Campaign(t)
	full := func(a1, a2 bool, a5, c1, c2 int) map[string]any {
		return map[string]any{"A1": a1, "A2": a2, "A5": a5, "C1": c1, "C2": c2}
	}

	onTime := UnitReport(t, c, "TU01", "a/tu01.xlsx", full(true, false, 3, 20, 15))
	onTime.Reporter.Date = Day(2024, 4, 1)

	late := UnitReport(t, c, "TU02", "tu02.xlsx", full(true, true, 2, 10, 2))
	late.Reporter.Date = Day(2024, 4, 5) // the deadline day itself is late

	// TU03 sent twice: the newer workbook wins even though its file is older.
	old := UnitReport(t, c, "TU03", "tu03 (1).xlsx", full(true, true, 100, 30, 30))
	old.File.Saved = time.Date(2024, 3, 10, 8, 0, 0, 0, time.UTC)
	old.File.ModTime = Day(2024, 4, 2)
	cur := UnitReport(t, c, "TU03", "tu03.xlsx", full(true, true, 7, 30, 29))
	cur.File.Saved = time.Date(2024, 3, 20, 8, 0, 0, 0, time.UTC)
	cur.File.ModTime = Day(2024, 3, 21)

	// TU04's file, and a byte-identical copy of it.
	orig := UnitReport(t, c, "TU04", "tu04.xlsx", full(false, false, 0, 5, 0))
	orig.File.Saved = time.Date(2024, 4, 4, 18, 0, 0, 0, time.UTC) // 05/4 01:00 in Vietnam: late
	cp := *orig
	cp.File.Path = "z/copy of tu04.xlsx"
	cp.Issues = nil

	// TU05 with an error: kept out of the totals.
	bad := UnitReport(t, c, "TU05", "tu05.xlsx", full(true, true, 50, 10, 12))
	bad.Reporter.Date = Day(2024, 4, 1)
	bad.Issues = aggregate.Issues{{Sheet: templates.SheetReport, Cell: "DC2", Indicator: "C2", Severity: templates.SeverityError, Msg: "C2 lớn hơn C1"}}

	// A file nobody could read.
	broken := &aggregate.Report{File: aggregate.FileInfo{Path: "hong.xlsx", SHA256: "sha-hong"}, State: aggregate.StateRejected,
		Issues: aggregate.Issues{{Severity: templates.SeverityError, Msg: "tệp không phải là bảng tính Excel"}}}

	// A district and one of its communes.
	dist := UnitReport(t, c, "UBH-660", "ubh660.xlsx", map[string]any{"A1": true, "A2": true, "C1": 100, "C2": 80, "D1": 10, "D2": 30.5})
	dist.Reporter.Date = Day(2024, 3, 30)
	commune := UnitReport(t, c, "UBX-24611", "ubx24611.xlsx", map[string]any{"A1": false, "A2": false, "C1": 20, "C2": 5, "D1": 4, "D2": 12.25})
	commune.Reporter.Date = Day(2024, 3, 30)

	reports := []*aggregate.Report{onTime, late, old, cur, orig, &cp, bad, broken, dist, commune}
	skipped := []aggregate.FileOutcome{{Report: &aggregate.Report{File: aggregate.FileInfo{Path: "~$tu01.xlsx"}, State: aggregate.StateSkipped}, Use: aggregate.UseRejected, Reason: "tệp khóa"}}
	return aggregate.MergeReports(c, reports, skipped, aggregate.MergeOptions{AsOf: Day(2024, 4, 10)})
}
