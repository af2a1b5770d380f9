package aggregate_test

import (
	"reflect"
	"testing"

	"tonghop/aggregate"
	"tonghop/aggregate/aggregatetest/returned"
	"tonghop/aggregate/summary"
)

// TestMergeManyFiles merges 200 workbooks on 8 workers — run under -race by
// CI — and checks that the result is the one a single worker gives.
func TestMergeManyFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: generates and merges 200 workbooks")
	}
	c := returned.Campaign(t)
	paths, err := returned.Generate(c, t.TempDir(), 200)
	if err != nil {
		t.Fatal(err)
	}
	var calls int
	last := 0
	opts := aggregate.MergeOptions{AsOf: returned.Day(2024, 4, 15), Workers: 8, Progress: func(done, total int) {
		calls++ // called under Merge's lock
		if done != last+1 || total != len(paths) {
			t.Errorf("progress %d/%d after %d", done, total, last)
		}
		last = done
	}}
	many := aggregate.Input{Paths: paths}.Merge(c, opts)
	if calls != len(paths) {
		t.Errorf("progress called %d times", calls)
	}
	one := aggregate.Input{Paths: paths}.Merge(c, aggregate.MergeOptions{AsOf: returned.Day(2024, 4, 15), Workers: 1})
	if len(many.Files) != len(paths) {
		t.Fatalf("%d files in the result, want %d", len(many.Files), len(paths))
	}
	for i := range many.Files {
		a, b := many.Files[i], one.Files[i]
		if a.Report.File.Path != b.Report.File.Path || a.Use != b.Use || a.Reason != b.Reason {
			t.Errorf("file %d: %s %v %q with 8 workers, %s %v %q with one", i, a.Report.File.Path, a.Use, a.Reason, b.Report.File.Path, b.Use, b.Reason)
		}
	}
	pm, po := summary.Of(many).Province, summary.Of(one).Province
	if !reflect.DeepEqual(pm.Totals, po.Totals) || pm.Valid != po.Valid {
		t.Errorf("province totals differ: %+v vs %+v", pm, po)
	}
	if pm.Received != len(c.Units) {
		t.Errorf("%d units received, want %d", pm.Received, len(c.Units))
	}
	if len(many.Issues) != len(one.Issues) {
		t.Errorf("%d issues with 8 workers, %d with one", len(many.Issues), len(one.Issues))
	}
}
