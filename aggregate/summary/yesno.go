package summary

import (
	"tonghop/aggregate"
	"tonghop/templates"
)

// YesNo is a yes/no indicator over the counted reports, on its
// denominator: the units in its scope (the campaign's "Thuộc diện khi",
// A1 for the banner link: only units with a website are asked). Rules only
// validate; they never narrow a denominator. Every count has its names:
// Yes, Gap, Outside and Unknown partition the counted reports of the
// groups the indicator applies to.
type YesNo struct {
	Indicator *templates.Indicator
	// Condition is the indicator's scope, "" when it applies to every
	// unit of its groups, and then the denominator is every unit that
	// answered.
	Condition string
	// ConditionVars are the names Condition reads.
	ConditionVars []string
	// Eligible are in the scope (or answered, without one).
	Eligible []*aggregate.UnitResult
	// Yes answered Có among Eligible; Gap are the other Eligible units
	// (Không, or no answer although in the scope).
	Yes, Gap []*aggregate.UnitResult
	// Outside are not in the scope (A1 = Không): "không thuộc diện";
	// Unknown left a value the scope reads empty, or, without a scope,
	// gave no answer.
	Outside, Unknown []*aggregate.UnitResult
}

// Rate is Yes over Eligible.
func (y *YesNo) Rate() Rate { return Rate{Part: len(y.Yes), Whole: len(y.Eligible)} }

// In is the rate within one group.
func (y *YesNo) In(group string) Rate {
	var r Rate
	for _, u := range y.Eligible {
		if u.Unit.Group == group {
			r.Whole++
		}
	}
	for _, u := range y.Yes {
		if u.Unit.Group == group {
			r.Part++
		}
	}
	return r
}

// InUnits is the rate over a set of units (a district and its communes).
func (y *YesNo) InUnits(units []*aggregate.UnitResult) Rate {
	in := map[*aggregate.UnitResult]bool{}
	for _, u := range units {
		in[u] = true
	}
	var r Rate
	for _, u := range y.Eligible {
		if in[u] {
			r.Whole++
		}
	}
	for _, u := range y.Yes {
		if in[u] {
			r.Part++
		}
	}
	return r
}

// yesNos computes every yes/no indicator on its scope, in campaign order.
func (s *Summary) yesNos(res *aggregate.Result) {
	c := res.Campaign
	for i := range c.Indicators {
		ind := &c.Indicators[i]
		if ind.Type != templates.TypeYesNo {
			continue
		}
		y := YesNo{Indicator: ind, Condition: ind.Scope, ConditionVars: ind.ScopeVars()}
		for _, ur := range res.Units {
			if !ur.Status.Counted() || !ind.AppliesTo(ur.Unit.Group) {
				continue
			}
			v, answered := ur.Report.Values.Get(ind.ID)
			answered = answered && !v.Empty
			sc, err := c.InScope(ind, ur.Report.Vals())
			switch {
			case err != nil || sc == templates.ScopeUnknown || (y.Condition == "" && !answered):
				y.Unknown = append(y.Unknown, ur)
			case sc == templates.OutOfScope:
				y.Outside = append(y.Outside, ur)
			case answered && v.Bool:
				y.Eligible = append(y.Eligible, ur)
				y.Yes = append(y.Yes, ur)
			default:
				y.Eligible = append(y.Eligible, ur)
				y.Gap = append(y.Gap, ur)
			}
		}
		s.YesNo = append(s.YesNo, y)
	}
}

// RatioResult is a ratio pair over the counted reports that gave both
// figures.
type RatioResult struct {
	Ratio *templates.Ratio
	// Num and Den are the totals of the two figures over Units.
	Num, Den float64
	Units    int
	// ByGroup holds the same by group code.
	ByGroup map[string]RatioTotals
	// ByUnit holds each counted unit's two figures, for the units that
	// gave both.
	ByUnit map[*aggregate.UnitResult]RatioTotals
}

// Over is the ratio's totals over some units (a district and its
// communes, a part of the report's appendix), in their order.
func (rr *RatioResult) Over(units []*aggregate.UnitResult) RatioTotals {
	var t RatioTotals
	for _, u := range units {
		if x, ok := rr.ByUnit[u]; ok {
			t.Num += x.Num
			t.Den += x.Den
			t.Units++
		}
	}
	return t
}

// RatioTotals are the two totals of a ratio over some units.
type RatioTotals struct {
	Num, Den float64
	Units    int
}

// ratios computes each ratio pair of the campaign.
func (s *Summary) ratios(res *aggregate.Result) {
	c := res.Campaign
	for i := range c.Ratios {
		r := &c.Ratios[i]
		rr := RatioResult{Ratio: r, ByGroup: map[string]RatioTotals{}, ByUnit: map[*aggregate.UnitResult]RatioTotals{}}
		for _, ur := range res.Units {
			if !ur.Status.Counted() {
				continue
			}
			n, okN := ur.Report.Values.Get(r.Numerator)
			d, okD := ur.Report.Values.Get(r.Denominator)
			if !okN || !okD || n.Empty || d.Empty {
				continue
			}
			rr.ByUnit[ur] = RatioTotals{Num: n.Num, Den: d.Num, Units: 1}
			rr.Num += n.Num
			rr.Den += d.Num
			rr.Units++
			g := rr.ByGroup[ur.Unit.Group]
			g.Num += n.Num
			g.Den += d.Num
			g.Units++
			rr.ByGroup[ur.Unit.Group] = g
		}
		s.Ratios = append(s.Ratios, rr)
	}
}
