package aggregate

import (
	"testing"
	"time"

	"tonghop/aggregate/aggregatetest/returned"
	"tonghop/templates"
)

// TestMergeKeepsFileRecordOnly: a superseded file and a byte-identical copy
// keep only their file record after the merge (values, issues, identity and
// reporter dropped), while the superseded file's issues stay listed in the
// result and the report in use keeps everything.
func TestMergeKeepsFileRecordOnly(t *testing.T) {
	c := returned.Campaign(t)
	vals := map[string]any{"A1": true, "A2": false, "A5": 3, "C1": 20, "C2": 15}
	old := unitReport(t, c, "TU03", "tu03 (1).xlsx", vals)
	old.File.Saved = time.Date(2024, 3, 10, 8, 0, 0, 0, time.UTC)
	old.Evidence = "mã đơn vị trong tệp"
	old.Reporter = Reporter{Name: "Nguyễn Văn An", Date: returned.Day(2024, 3, 10)}
	old.Issues = Issues{{Sheet: templates.SheetReport, Cell: "D20", Indicator: "A5", Severity: templates.SeverityWarning, Msg: "A5 cao bất thường"}}
	cur := unitReport(t, c, "TU03", "tu03.xlsx", vals)
	cur.File.Saved = time.Date(2024, 3, 20, 8, 0, 0, 0, time.UTC)
	cur.Reporter = Reporter{Name: "Trần Thị Bình", Date: returned.Day(2024, 3, 20)}
	cp := *cur
	cp.File.Path = "z/tu03.xlsx"
	cp.Values = valuesOf(map[string]Value{"A1": {Type: templates.TypeYesNo, Bool: true}})

	res := MergeReports(c, []*Report{old, cur, &cp}, nil, MergeOptions{AsOf: returned.Day(2024, 4, 10)})

	byPath := map[string]FileOutcome{}
	for _, o := range res.Files {
		byPath[o.Report.File.Path] = o
	}
	for path, use := range map[string]Use{"tu03 (1).xlsx": UseSuperseded, "z/tu03.xlsx": UseDuplicate} {
		o := byPath[path]
		r := o.Report
		if o.Use != use {
			t.Fatalf("%s: use %s, want %s", path, o.Use.Label(), use.Label())
		}
		if r.Values.form != nil || r.Values.cells != nil || r.Issues != nil || r.Identity != (templates.Identity{}) || r.Reporter != (Reporter{}) {
			t.Errorf("%s keeps more than its file record: %d values, %d issues, identity %+v, reporter %+v", path, r.Values.Len(), len(r.Issues), r.Identity, r.Reporter)
		}
		if r.Unit == nil || r.Unit.Code != "TU03" || r.File.Path != path || r.File.SHA256 != "sha-tu03.xlsx" && use == UseDuplicate {
			t.Errorf("%s: file record lost: unit %v, file %+v", path, r.Unit, r.File)
		}
	}
	if got := byPath["tu03 (1).xlsx"].Report.Evidence; got != "mã đơn vị trong tệp" {
		t.Errorf("evidence %q dropped", got)
	}
	if len(res.Issues) != 1 || res.Issues[0].File != "tu03 (1).xlsx" || res.Issues[0].Msg != "A5 cao bất thường" || res.Issues[0].Unit != "TU03" {
		t.Errorf("issues %+v, want the superseded file's warning", res.Issues)
	}
	used := byPath["tu03.xlsx"]
	if used.Use != UseUsed || used.Report.Values.Len() != len(c.IndicatorsFor("TU")) || used.Report.Reporter.Name != "Trần Thị Bình" || used.Report.Identity.Unit != "TU03" {
		t.Errorf("the report in use lost something: %s, %d values, reporter %+v, identity %+v", used.Use.Label(), used.Report.Values.Len(), used.Report.Reporter, used.Report.Identity)
	}
}

// TestIdenticalFilesOfTwoUnits: byte-identical files count as one only when
// they were sent for the same unit. Two attachments that both arrived
// empty, named for two units, are each unit's unreadable file: neither unit
// is "chưa báo cáo".
func TestIdenticalFilesOfTwoUnits(t *testing.T) {
	c := returned.Campaign(t)
	empty := func(path, unit string) *Report {
		r := &Report{State: StateRejected, Attributed: c.Unit(unit)}
		r.File.Path, r.File.SHA256 = path, "sha-empty"
		r.Issues = Issues{{Severity: templates.SeverityError, Msg: "tệp rỗng (0 byte)"}}
		return r
	}
	res := MergeReports(c, []*Report{empty("tu01.xlsx", "TU01"), empty("tu02.xlsx", "TU02"), empty("z/tu01.xlsx", "TU01")}, nil,
		MergeOptions{AsOf: returned.Day(2024, 4, 10)})
	for _, o := range res.Files {
		want := UseRejected
		if o.Report.File.Path == "z/tu01.xlsx" {
			want = UseDuplicate
		}
		if o.Use != want {
			t.Errorf("%s: %s, want %s", o.Report.File.Path, o.Use.Label(), want.Label())
		}
	}
	for _, ur := range res.Units {
		if (ur.Unit.Code == "TU01" || ur.Unit.Code == "TU02") && ur.Status != StatusUnreadable {
			t.Errorf("%s: %s, want %s", ur.Unit.Code, ur.Status.Label(), StatusUnreadable.Label())
		}
	}
}
