package aggregate

import (
	"testing"

	"tonghop/templates"
)

func defaultMatcher(t testing.TB) (*templates.Campaign, *Matcher) {
	t.Helper()
	c, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	return c, NewMatcher(c)
}

// TestMatchOwnName: every unit's own name finds it alone, with score 1.
func TestMatchOwnName(t *testing.T) {
	c, m := defaultMatcher(t)
	for i := range c.Units {
		u := &c.Units[i]
		t.Run(u.Code, func(t *testing.T) {
			ms := m.MatchName(u.Name)
			best, amb := Decide(ms)
			if best == nil || best.Unit != u || best.Score != 1 || best.How != HowName {
				t.Fatalf("MatchName(%q) = %v (ambiguous %v), want %s with score 1", u.Name, ms, amb, u.Code)
			}
		})
	}
}
