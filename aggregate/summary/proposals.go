package summary

import (
	"sort"
	"strings"

	"tonghop/templates"
)

// Shortfall is a rate below full that the report's proposals name: a
// yes/no indicator's Có over the units in its scope, or a ratio pair.
type Shortfall struct {
	Indicator *templates.Indicator // the yes/no indicator, nil for a ratio
	Ratio     *templates.Ratio     // the ratio pair, nil for an indicator
	Part      float64
	Whole     float64
}

// Share is the shortfall as a fraction of one.
func (f Shortfall) Share() float64 { return f.Part / f.Whole }

// Shortfalls are the yes/no indicators and ratio pairs not at 100 %,
// lowest first (campaign order among equals), at most n. An indicator
// that is another's scope ("has a website") is a condition, not something
// asked to be done, and is left out.
func (s *Summary) Shortfalls(n int) []Shortfall {
	scope := map[string]bool{}
	for i := range s.YesNo {
		for _, v := range s.YesNo[i].ConditionVars {
			scope[v] = true
		}
	}
	var out []Shortfall
	for i := range s.YesNo {
		y := &s.YesNo[i]
		if r := y.Rate(); r.Whole > 0 && r.Part < r.Whole && !scope[y.Indicator.ID] {
			out = append(out, Shortfall{Indicator: y.Indicator, Part: float64(r.Part), Whole: float64(r.Whole)})
		}
	}
	for i := range s.Ratios {
		r := &s.Ratios[i]
		if r.Den > 0 && r.Num < r.Den {
			out = append(out, Shortfall{Ratio: r.Ratio, Part: r.Num, Whole: r.Den})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Share() < out[j].Share() })
	return out[:min(n, len(out))]
}

// proposalWords are the words by which a campaign's text indicator asks
// for the units' proposals ("Đề xuất, kiến nghị"; "Khó khăn, vướng mắc,
// đề xuất"). The campaign has no column that marks that indicator: its
// label is what the officer wrote to ask for proposals.
var proposalWords = []string{"đề xuất", "kiến nghị", "đề nghị"}

// Proposals are the grouped answers of the text indicators that ask for
// proposals, campaign order: what the Department's own proposals take up.
func (s *Summary) Proposals() []*TextResult {
	var out []*TextResult
	for i := range s.TextResults {
		label := strings.ToLower(templates.NFC(s.TextResults[i].Indicator.Label))
		for _, w := range proposalWords {
			if strings.Contains(label, w) {
				out = append(out, &s.TextResults[i])
				break
			}
		}
	}
	return out
}
