package summary

import (
	"strings"

	"tonghop/aggregate/previous"
	"tonghop/templates"
)

// Previous compares this period with the previous one (merge --ky-truoc):
// the units by their code, and the whole's figure of each indicator.
type Previous struct {
	Path  string // the previous period's tong-hop.xlsx
	Title string // its first line
	// Added are the units expected now that the previous period did not
	// have; Removed the previous period's units no longer expected. Both
	// in their own order.
	Added   []*templates.Unit
	Removed []previous.Unit
	// Changes are, in campaign order, the indicators with a total figure
	// both then and now.
	Changes []Change
}

// Change is an indicator's whole figure in the previous period and now.
type Change struct {
	Indicator *templates.Indicator
	Before    float64
	Now       float64
}

// Delta is the change from the previous period: Now − Before.
func (c Change) Delta() float64 { return c.Now - c.Before }

// ComparePrevious sets s.Previous from the previous period's workbook.
// Yes/no indicators compare their count of Có; text, date and choice
// indicators, and those without a total, have no figure to compare.
func (s *Summary) ComparePrevious(p *previous.Period) {
	cmp := &Previous{Path: p.Path, Title: p.Title}
	known := map[string]bool{}
	for _, pu := range p.Units {
		known[strings.ToUpper(pu.Code)] = true
	}
	expected := map[string]bool{}
	for i := range s.Campaign.Units {
		u := &s.Campaign.Units[i]
		expected[strings.ToUpper(u.Code)] = true
		if !known[strings.ToUpper(u.Code)] {
			cmp.Added = append(cmp.Added, u)
		}
	}
	for _, pu := range p.Units {
		if !expected[strings.ToUpper(pu.Code)] {
			cmp.Removed = append(cmp.Removed, pu)
		}
	}
	for i := range s.Campaign.Indicators {
		ind := &s.Campaign.Indicators[i]
		before, ok := p.Totals[ind.ID]
		if !ok {
			continue
		}
		t := s.Province.Totals[ind.ID]
		now, ok := t.Figure(ind)
		if ind.Type == templates.TypeYesNo {
			now = float64(t.Yes)
		}
		if !ok {
			continue
		}
		cmp.Changes = append(cmp.Changes, Change{Indicator: ind, Before: before, Now: now})
	}
	s.Previous = cmp
}

// Change returns the comparison of an indicator, false when it has none.
func (p *Previous) Change(id string) (Change, bool) {
	if p == nil {
		return Change{}, false
	}
	for _, c := range p.Changes {
		if c.Indicator.ID == id {
			return c, true
		}
	}
	return Change{}, false
}
