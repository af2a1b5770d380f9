package aggregate

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"tonghop/templates/vn"
)

// groupThousands writes the whole part of a non-negative number with dots
// between thousands and a decimal comma, the Vietnamese way: 1.234.567,5.
func groupThousands(f float64) string {
	s := plainNumber(f)
	whole, frac, hasFrac := strings.Cut(s, ",")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteString("," + frac)
	}
	return b.String()
}

// plainNumber writes a number with a decimal comma and no grouping, the
// plainest writing a unit can type.
func plainNumber(f float64) string {
	return strings.Replace(strconv.FormatFloat(f, 'f', -1, 64), ".", ",", 1)
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"12", " 12 ", "1.234", "1,234", "12,5", "1.234,5", "12 bài", "không có", "-5", "1 234", "0,123", "5.", "", "−", "1e3"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, whole bool) {
		v, how, err := parseNumber(s, whole)
		if err != nil {
			if v != 0 || err.Error() == "" {
				t.Fatalf("parseNumber(%q) = %v with error %v", s, v, err)
			}
			return
		}
		if math.IsInf(v, 0) || math.IsNaN(v) {
			t.Fatalf("parseNumber(%q) = %v", s, v)
		}
		if whole && v != math.Trunc(v) {
			t.Fatalf("parseNumber(%q, whole) = %v, a fraction", s, v)
		}
		if how != Exact && how != Coerced {
			t.Fatalf("parseNumber(%q) coercion %d", s, how)
		}
		// A number read back from its own writing is the same number, and
		// exact; but "1,234" is read as a thousands group, the one plain
		// writing that means something else.
		out := plainNumber(v)
		if ambiguousComma(out) {
			return
		}
		if back, how2, err := parseNumber(out, whole); err != nil || back != v || how2 != Exact {
			t.Fatalf("parseNumber(%q) = %v; written %q reads back as %v, %v, %v", s, v, out, back, how2, err)
		}
	})
}

// ambiguousComma reports whether a number written with a decimal comma
// looks like a thousands group: 1 to 3 digits, not 0, then 3 decimals.
func ambiguousComma(s string) bool {
	whole, frac, ok := strings.Cut(strings.TrimPrefix(s, "-"), ",")
	return ok && len(frac) == 3 && len(whole) <= 3 && whole != "0"
}

func FuzzNumberRoundTrip(f *testing.F) {
	f.Add(int64(1234567), uint16(5))
	f.Add(int64(-12), uint16(0))
	f.Fuzz(func(t *testing.T, n int64, frac uint16) {
		if n > 1<<50 || n < -(1<<50) {
			return
		}
		v := float64(n) + float64(frac%1000)/1000
		if n < 0 {
			v = float64(n) - float64(frac%1000)/1000
		}
		s := groupThousands(math.Abs(v))
		if v < 0 {
			s = "-" + s
		}
		if ambiguousComma(s) {
			return // "12,016" reads as twelve thousand and sixteen, by design
		}
		got, _, err := parseNumber(s, false)
		if err != nil || got != v {
			t.Fatalf("parseNumber(%q) = %v, %v; want %v", s, got, err, v)
		}
	})
}

func FuzzParseYesNo(f *testing.F) {
	for _, s := range []string{"Có", "có", "CO", "x", "Không", "K", "yes", "1", "0", "Cã", "Kh«ng", "Coù", "", "có lẽ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, how, err := ParseYesNo(s)
		if err != nil {
			return
		}
		if how == Exact {
			c := strings.ToLower(strings.Join(strings.Fields(norm.NFC.String(s)), " "))
			if c != "có" && c != "không" && strings.TrimRight(c, ".!;") != "có" && strings.TrimRight(c, ".!;") != "không" {
				t.Fatalf("ParseYesNo(%q) = %v, Exact", s, v)
			}
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"05/4/2024", "5-4-2024", "05.04.2024", "2024-04-05", "5/4/24", "ngày 5 tháng 4 năm 2024", "31/02/2024", "2024-04-05T00:00:00Z", "05/04/2024 10:30", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, _, err := ParseDate(s)
		if err != nil {
			return
		}
		if d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 {
			t.Fatalf("ParseDate(%q) = %v, not midnight UTC", s, d)
		}
		// The date written back dd/mm/yyyy reads as itself, exactly.
		out := vn.Date(d)
		if back, how, err := ParseDate(out); err != nil || !back.Equal(d) || how != Exact {
			t.Fatalf("ParseDate(%q) = %v; %q reads back as %v, %v, %v", s, d, out, back, how, err)
		}
	})
}
