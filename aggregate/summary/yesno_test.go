package summary_test

import (
	"reflect"
	"testing"
	"time"

	"tonghop/aggregate"
	"tonghop/aggregate/summary"
	"tonghop/templates"
)

// yesNoResult has six counted SBN units with A1/A2/B1/B2/C1/C2 as given
// (nil: no answer), one invalid unit and one missing.
func yesNoResult(t *testing.T, ratios []templates.Ratio, vals []map[string]any) *aggregate.Result {
	t.Helper()
	c, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	cc := *c
	cc.Ratios = ratios
	res := &aggregate.Result{Campaign: &cc, AsOf: time.Date(2024, 4, 15, 0, 0, 0, 0, time.UTC)}
	sbn := cc.UnitsOf("SBN")
	for i, u := range sbn[:len(vals)+2] {
		ur := &aggregate.UnitResult{Unit: u, Status: aggregate.StatusMissing}
		if i < len(vals)+1 {
			r := &aggregate.Report{Unit: u, Values: aggregate.NewValues(cc.IndicatorsFor(u.Group))}
			ur.Report, ur.Status = r, aggregate.StatusOnTime
			if i == len(vals) {
				ur.Status = aggregate.StatusInvalid
			} else {
				for id, v := range vals[i] {
					switch x := v.(type) {
					case bool:
						r.Values.Set(id, aggregate.Value{Type: templates.TypeYesNo, Bool: x})
					case float64:
						r.Values.Set(id, aggregate.Value{Type: templates.TypeWhole, Num: x})
					}
				}
			}
		}
		res.Units = append(res.Units, ur)
	}
	return res
}

func TestYesNoConditions(t *testing.T) {
	res := yesNoResult(t, []templates.Ratio{{ID: "TL", Numerator: "C2", Denominator: "C1"}}, []map[string]any{
		{"A1": true, "A2": true, "B1": 2.0, "B2": true, "C1": 10.0, "C2": 8.0},
		{"A1": true, "A2": false, "B1": 0.0, "C1": 20.0, "C2": 20.0},
		{"A1": false, "A2": false, "B1": 1.0, "B2": false, "C1": 5.0},
		{"A2": false, "B1": 3.0, "B2": true},
		{"A1": true, "B1": 1.0, "B2": true, "C1": 10.0, "C2": 2.0},
	})
	s := summary.Of(res)
	by := map[string]summary.YesNo{}
	for _, y := range s.YesNo {
		by[y.Indicator.ID] = y
	}
	sbn := func(us []*aggregate.UnitResult) []string { return codes(us) }
	u := func(i ...int) []string {
		var out []string
		for _, k := range i {
			out = append(out, res.Units[k].Unit.Code)
		}
		return out
	}
	tests := []struct {
		id                               string
		scope                            string
		yes, gap, outside, unknown, elig []string
	}{
		// A1 has no condition: every answer counts, no answer is unknown.
		{"A1", "", u(0, 1, 4), u(2), nil, u(3), u(0, 1, 2, 4)},
		// A2 is asked of units with a website (scope A1): unit 2 (A1 Không) is outside, unit 3 (A1
		// empty) unknown, unit 4 (A1 Có, A2 empty) a gap.
		{"A2", "A1", u(0), u(1, 4), u(2), u(3), u(0, 1, 4)},
		// B2 is asked of units with a social-media page (B1 > 0): unit 1
		// (B1 = 0) is outside.
		{"B2", "B1 > 0", u(0, 3, 4), u(2), u(1), nil, u(0, 2, 3, 4)},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			y := by[tt.id]
			got := [][]string{sbn(y.Yes), sbn(y.Gap), sbn(y.Outside), sbn(y.Unknown), sbn(y.Eligible)}
			want := [][]string{tt.yes, tt.gap, tt.outside, tt.unknown, tt.elig}
			if y.Condition != tt.scope || !reflect.DeepEqual(got, want) {
				t.Errorf("scope %q yes/gap/outside/unknown/eligible %v, want %q %v", y.Condition, got, tt.scope, want)
			}
			if r := y.Rate(); r.Part != len(tt.yes) || r.Whole != len(tt.elig) {
				t.Errorf("rate %+v", r)
			}
			if r := y.In("SBN"); r != y.Rate() {
				t.Errorf("SBN rate %+v, want %+v", r, y.Rate())
			}
			if r := y.In("TU"); r != (summary.Rate{}) {
				t.Errorf("TU rate %+v, want none", r)
			}
		})
	}
	// A rule only validates: "Khi A2, Phải A1" (R2) does not make A1 the
	// scope of A2 once the scope is gone.
	t.Run("rule is not a scope", func(t *testing.T) {
		cc := *res.Campaign
		cc.Indicators = append([]templates.Indicator(nil), cc.Indicators...)
		for i := range cc.Indicators {
			if cc.Indicators[i].ID == "A2" {
				cc.Indicators[i].Scope = ""
			}
		}
		res2 := *res
		res2.Campaign = &cc
		for _, y := range summary.Of(&res2).YesNo {
			if y.Indicator.ID == "A2" && (y.Condition != "" || len(y.Outside) != 0 || !reflect.DeepEqual(sbn(y.Eligible), u(0, 1, 2, 3))) {
				t.Errorf("A2 without a scope: condition %q, outside %v, eligible %v", y.Condition, sbn(y.Outside), sbn(y.Eligible))
			}
		}
	})
	t.Run("ratio", func(t *testing.T) {
		// Units 0, 1 and 4 gave C1 and C2; unit 2 only C1.
		r := s.Ratios[0]
		if r.Num != 30 || r.Den != 40 || r.Units != 3 || r.ByGroup["SBN"] != (summary.RatioTotals{Num: 30, Den: 40, Units: 3}) {
			t.Errorf("ratio %+v", r)
		}
	})
}

func TestTextResults(t *testing.T) {
	res := yesNoResult(t, nil, []map[string]any{{}, {}, {}, {}, {}})
	texts := []string{
		"Kinh phí dành cho công tác tuyên truyền còn hạn chế.",
		"Không",
		"Kinh phí cho công tác tuyên truyền còn hạn chế",
		"Đơn vị chưa có cán bộ chuyên trách công nghệ thông tin",
		"",
	}
	for i, tx := range texts {
		if tx != "" {
			res.Units[i].Report.Values.Set("F2", aggregate.Value{Type: templates.TypeText, Text: tx})
		}
	}
	s := summary.Of(res)
	var tr *summary.TextResult
	for i := range s.TextResults {
		if s.TextResults[i].Indicator.ID == "F2" {
			tr = &s.TextResults[i]
		}
	}
	if tr == nil || len(s.TextResults) != 3 {
		t.Fatalf("text results %+v", s.TextResults)
	}
	if tr.Answered() != 4 || len(tr.Blank) != 1 || len(tr.Groups) != 2 {
		t.Fatalf("answered %d, blank %d, groups %d", tr.Answered(), len(tr.Blank), len(tr.Groups))
	}
	g := tr.Groups[0]
	if got := codes(g.Units()); !reflect.DeepEqual(got, []string{res.Units[0].Unit.Code, res.Units[2].Unit.Code}) {
		t.Errorf("first group %v", got)
	}
	if tr.GroupOf[res.Units[1].Unit.Code] != -1 || tr.GroupOf[res.Units[3].Unit.Code] != 1 || tr.GroupOf[res.Units[0].Unit.Code] != 0 {
		t.Errorf("GroupOf %v", tr.GroupOf)
	}
}
