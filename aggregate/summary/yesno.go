package summary

import (
	"strings"

	"tonghop/aggregate"
	"tonghop/templates"
)

// YesNo is a yes/no indicator over the counted reports, on its conditional
// denominator: the units for which a Có is meaningful. The condition comes
// from the campaign's rules, never from the indicator's id: a rule whose
// condition is the indicator itself ("when A2, must A1") says that a Có
// needs the rule's requirement, so only the units meeting it are asked.
// Every count has its names: Yes, Gap, Outside and Unknown partition the
// counted reports of the groups the indicator applies to.
type YesNo struct {
	Indicator *templates.Indicator
	// Rule is the rule that gives the condition, nil when none does.
	Rule *templates.Rule
	// Condition is the expression a unit must meet to be asked: the
	// rule's requirement, else the indicator's required-when; "" when
	// neither, and then the denominator is every unit that answered.
	Condition string
	// ConditionVars are the names Condition reads.
	ConditionVars []string
	// Eligible meet the condition (or answered, without one).
	Eligible []*aggregate.UnitResult
	// Yes answered Có among Eligible; Gap are the other Eligible units
	// (Không, or no answer although the condition holds).
	Yes, Gap []*aggregate.UnitResult
	// Outside do not meet the condition (A1 = Không); Unknown left a
	// value the condition reads empty, or, without a condition, gave no
	// answer.
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

// conditionRule returns the rule whose condition is exactly the yes/no
// indicator, so that its requirement is the indicator's precondition.
func conditionRule(c *templates.Campaign, ind *templates.Indicator) *templates.Rule {
	for i := range c.Rules {
		r := &c.Rules[i]
		if r.Severity != templates.SeverityError || strings.TrimSpace(r.When) != ind.ID {
			continue
		}
		if wv := r.WhenVars(); len(wv) != 1 || wv[0] != ind.ID {
			continue
		}
		if mv := r.MustVars(); len(mv) == 0 || contains(mv, ind.ID) {
			continue
		}
		return r
	}
	return nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// yesNos computes every yes/no indicator on its conditional denominator,
// in campaign order.
func (s *Summary) yesNos(res *aggregate.Result) {
	c := res.Campaign
	for i := range c.Indicators {
		ind := &c.Indicators[i]
		if ind.Type != templates.TypeYesNo {
			continue
		}
		y := YesNo{Indicator: ind, Rule: conditionRule(c, ind)}
		switch {
		case y.Rule != nil:
			y.Condition, y.ConditionVars = y.Rule.Must, y.Rule.MustVars()
		case strings.TrimSpace(ind.RequiredWhen) != "":
			y.Condition, y.ConditionVars = ind.RequiredWhen, ind.RequiredWhenVars()
		}
		for _, ur := range res.Units {
			if !ur.Status.Counted() || !ind.AppliesTo(ur.Unit.Group) {
				continue
			}
			v, answered := ur.Report.Values.Get(ind.ID)
			answered = answered && !v.Empty
			switch cond := y.condition(c, ur); {
			case cond == condUnknown || (y.Condition == "" && !answered):
				y.Unknown = append(y.Unknown, ur)
			case cond == condFails:
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

type condState int

const (
	condHolds condState = iota
	condFails
	condUnknown
)

// condition evaluates the rule's requirement for a unit, as if it had
// answered Có (so that the rule applies), or the indicator's required-when.
func (y *YesNo) condition(c *templates.Campaign, ur *aggregate.UnitResult) condState {
	if y.Condition == "" {
		return condHolds
	}
	vals := ur.Report.Vals()
	if y.Rule == nil {
		// An empty indicator the condition reads leaves it unknown.
		for _, n := range y.ConditionVars {
			if v, ok := vals[n]; (!ok || v == nil) && c.Indicator(n) != nil {
				return condUnknown
			}
		}
		// The required-when expression alone: an indicator marked
		// required as well is still meaningful only when it holds.
		ind := *y.Indicator
		ind.Required = false
		req, err := c.RequiredNow(&ind, vals)
		switch {
		case err != nil:
			return condUnknown
		case req:
			return condHolds
		}
		return condFails
	}
	vals[y.Indicator.ID] = true
	holds, applies, err := c.Check(y.Rule, vals)
	switch {
	case err != nil || !applies:
		return condUnknown
	case holds:
		return condHolds
	}
	return condFails
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
		rr := RatioResult{Ratio: r, ByGroup: map[string]RatioTotals{}}
		for _, ur := range res.Units {
			if !ur.Status.Counted() {
				continue
			}
			n, okN := ur.Report.Values.Get(r.Numerator)
			d, okD := ur.Report.Values.Get(r.Denominator)
			if !okN || !okD || n.Empty || d.Empty {
				continue
			}
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
