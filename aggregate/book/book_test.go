package book

import (
	"testing"

	_ "tonghop/templates/testenv" // the flags every package's tests accept (go test ./... -update)
)

func TestRefs(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Ref
		ok   bool
	}{
		{"A1", Ref{1, 1}, true},
		{"D12", Ref{12, 4}, true},
		{"$AB$3", Ref{3, 28}, true},
		{"xfd1048576", Ref{1048576, 16384}, true},
		{"XFE1", Ref{}, false},
		{"A1048577", Ref{}, false},
		{"A0", Ref{}, false},
		{"ABCD1", Ref{}, false},
		{"12", Ref{}, false},
		{"D", Ref{}, false},
		{"D1x", Ref{}, false},
	} {
		got, ok := ParseRef(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseRef(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
		if ok && got.String() != tc.in && "$"+got.String() != tc.in {
			if got.String() != map[string]string{"$AB$3": "AB3", "xfd1048576": "XFD1048576"}[tc.in] {
				t.Errorf("%v.String() = %q", got, got.String())
			}
		}
	}
}

func FuzzParseRef(f *testing.F) {
	for _, s := range []string{"A1", "$D$12", "XFD1048576", "", "ZZZZ9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, ok := ParseRef(s)
		if !ok {
			return
		}
		back, ok2 := ParseRef(r.String())
		if !ok2 || back != r {
			t.Fatalf("%q -> %v -> %q -> %v", s, r, r.String(), back)
		}
	})
}
