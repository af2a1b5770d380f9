package templates

import (
	"reflect"
	"testing"
)

// TestUnitEmails reads Email cells as officers type them: one address or
// several separated by ";" (Outlook) or ",", with or without a name.
func TestUnitEmails(t *testing.T) {
	tests := []struct {
		cell string
		want []string // the unit's Addresses
		bad  int      // how many problems
	}{
		{"", nil, 0},
		{"vp@daknong.gov.vn", []string{"vp@daknong.gov.vn"}, 0},
		{"  vp@daknong.gov.vn  ", []string{"vp@daknong.gov.vn"}, 0},
		{"a@b.vn; c@d.vn", []string{"a@b.vn", "c@d.vn"}, 0},
		{"a@b.vn, c@d.vn;", []string{"a@b.vn", "c@d.vn"}, 0},
		{"Văn phòng <vp@x.gov.vn>; ttt@x.gov.vn", []string{"vp@x.gov.vn", "ttt@x.gov.vn"}, 0},
		{`"Lê, Văn A" <a@b.vn>`, []string{"a@b.vn"}, 0},
		{"not-an-email", nil, 1},
		{"a@b.vn c@d.vn", nil, 1},
		{"a@localhost", nil, 1},
		{"a@b.vn; không có", []string{"a@b.vn"}, 1},
		{"a@@b.vn", nil, 1},
	}
	for _, tc := range tests {
		t.Run(tc.cell, func(t *testing.T) {
			c := &Campaign{Units: []Unit{{Code: "U1", Email: tc.cell}}}
			k := &checker{c: c, source: func(t *table) string { return t.sheet }}
			k.emails()
			if got := c.Units[0].Addresses(); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Addresses %q, want %q", got, tc.want)
			}
			if len(k.probs) != tc.bad {
				t.Errorf("problems %v, want %d", k.probs, tc.bad)
			}
		})
	}
}

func FuzzSplitAddresses(f *testing.F) {
	f.Add(`"Lê, A" <a@b.vn>; c@d.vn, x`)
	f.Fuzz(func(t *testing.T, cell string) {
		for _, p := range splitAddresses(cell) {
			if p == "" {
				t.Errorf("empty part of %q", cell)
			}
			parseAddress(p)
		}
	})
}
