package samples

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"tonghop/aggregate"
	"tonghop/aggregate/previous"
	"tonghop/aggregate/summary"
	wb "tonghop/aggregate/workbook"
	"tonghop/templates"
)

// TestHaiCapRounds runs the sample campaign's next quarter, as an officer
// does: the third quarter merged and its tong-hop.xlsx kept; the campaign
// rolled to the fourth (templates.NextPeriod, written and read back as
// init --ky-moi does), one unit dropped and one added; every unit fills
// the new form with the figures of gia-tri.csv except two that send their
// third-quarter file again; the fourth quarter merged against the third
// (merge --ky-truoc). The comparison's figures are recomputed from
// gia-tri.csv, not taken from either summary.
func TestHaiCapRounds(t *testing.T) {
	c, err := templates.Load(filepath.Join(haiCap, "chien-dich"))
	if err != nil {
		t.Fatal(err)
	}
	order, vals := haiCapValues(t)
	dir := t.TempDir()

	// The third quarter, merged and written.
	q3in, err := aggregate.Collect(filepath.Join(haiCap, Dir), "")
	if err != nil {
		t.Fatal(err)
	}
	asOf, _ := time.Parse("2006-01-02", haiCapAsOf)
	q3 := summary.Of(q3in.Merge(c, aggregate.MergeOptions{AsOf: asOf, Root: filepath.Join(haiCap, Dir)}))
	prevPath := filepath.Join(dir, "quy-3", "tong-hop.xlsx")
	if err := os.MkdirAll(filepath.Dir(prevPath), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := wb.Write(q3, prevPath); err != nil {
		t.Fatal(err)
	}

	// The fourth quarter's campaign: a unit that reported in the third
	// quarter leaves (merged into another), a new commune comes.
	next, _, err := templates.NextPeriod(c)
	if err != nil {
		t.Fatal(err)
	}
	removed := order[len(order)-1]
	var units []templates.Unit
	for _, u := range next.Units {
		if u.Code != removed {
			units = append(units, u)
		}
	}
	units = append(units, templates.Unit{Code: "X99", Name: "UBND xã Tân Mới", Group: c.Unit("X01").Group})
	next.Units = units
	q4Campaign := filepath.Join(dir, "quy-4", templates.CampaignFile)
	if err := os.MkdirAll(filepath.Dir(q4Campaign), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := templates.WriteCampaign(next, q4Campaign); err != nil {
		t.Fatal(err)
	}
	q4, err := templates.Load(q4Campaign)
	if err != nil {
		t.Fatal(err)
	}
	if q4.ID != "lam-dong-cds-2025-q4" || q4.PreviousID != c.ID || !strings.Contains(q4.Title, "quý IV năm 2025") {
		t.Fatalf("next period: %s (previous %s), %q", q4.ID, q4.PreviousID, q4.Title)
	}

	// Returns: two units send last quarter's file again.
	resent := []string{order[0], order[5]}
	var filled []string
	for _, code := range order {
		if code != removed && !slices.Contains(resent, code) {
			filled = append(filled, code)
		}
	}
	in := filepath.Join(dir, "quy-4", Dir)
	writeReturns(t, q4, filled, vals, in, time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC))
	for _, code := range resent {
		name := c.Unit(code).Name + ".xlsx"
		data, err := os.ReadFile(filepath.Join(haiCap, Dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(in, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	q4in, err := aggregate.Collect(in, "")
	if err != nil {
		t.Fatal(err)
	}
	res := q4in.Merge(q4, aggregate.MergeOptions{AsOf: time.Date(2026, 1, 12, 0, 0, 0, 0, time.UTC), Root: in})
	s := summary.Of(res)
	p, err := previous.Read(prevPath)
	if err != nil {
		t.Fatal(err)
	}
	s.ComparePrevious(p)

	// A unit that sent last quarter's form reported: it is told which
	// form to use and is never "chưa báo cáo".
	for _, code := range resent {
		ur := res.Units[indexOf(res.Units, code)]
		if ur.Status != aggregate.StatusInvalid || ur.Report == nil || !hasIssue(ur.Report.Issues, "đã gửi biểu mẫu kỳ trước") {
			t.Errorf("%s sent last quarter's form: status %s, issues %v", code, ur.Status.Label(), ur.Report)
		}
	}
	if got, want := s.Province.Missing, len(q4.Units)-len(filled)-len(resent); got != want {
		t.Errorf("%d units missing, want %d (those that did not report last quarter, and the new commune)", got, want)
	}

	// Units added and removed, by code.
	var added, gone []string
	for _, u := range s.Previous.Added {
		added = append(added, u.Code)
	}
	for _, u := range s.Previous.Removed {
		gone = append(gone, u.Code)
	}
	if !slices.Equal(added, []string{"X99"}) || !slices.Equal(gone, []string{removed}) {
		t.Errorf("added %v, removed %v; want [X99], [%s]", added, gone, removed)
	}

	// Every indicator's figure then and now, recomputed.
	before, now := haiCapTotals(t, c, order, vals), haiCapTotals(t, q4, filled, vals)
	seen := 0
	for _, ch := range s.Previous.Changes {
		id := ch.Indicator.ID
		seen++
		for _, x := range []struct {
			what      string
			got, want float64
		}{{"then", ch.Before, before[id]}, {"now", ch.Now, now[id]}} {
			if math.Abs(x.got-x.want) > 1e-6*math.Max(1, math.Abs(x.want)) {
				t.Errorf("%s %s: %v, want %v", id, x.what, x.got, x.want)
			}
		}
	}
	if seen != len(before) {
		t.Errorf("%d indicators compared, want %d (every numeric and yes/no one)", seen, len(before))
	}

	// The comparison's columns in the workbook of this quarter.
	out := filepath.Join(dir, "quy-4", "tong-hop.xlsx")
	if err := wb.Write(s, out); err != nil {
		t.Fatal(err)
	}
	p4, err := previous.Read(out)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range now {
		if got := p4.Totals[id]; math.Abs(got-want) > 1e-6*math.Max(1, math.Abs(want)) {
			t.Errorf("%s in this quarter's workbook: %v, want %v", id, got, want)
		}
	}
}

func hasIssue(is aggregate.Issues, text string) bool {
	for _, i := range is {
		if strings.Contains(i.Msg, text) {
			return true
		}
	}
	return false
}
