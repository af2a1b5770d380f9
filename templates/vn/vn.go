// Package vn writes numbers, counts, rates and dates the Vietnamese way, for
// every output of tonghop: the templates, the messages, the workbook, the
// report and the letters. One home, so that an officer never reads "1340" in
// one place and "1.340" in another. It imports nothing of the project.
package vn

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Number writes a number with its thousands grouped by dots and a decimal
// comma, keeping every decimal it has: 1234567 → "1.234.567", 12.5 → "12,5",
// 3.001 → "3,001". Use it where the exact value matters (a value quoted
// back to the unit); Round for figures.
func Number(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "–"
	}
	return group(strconv.FormatFloat(f, 'f', -1, 64))
}

// Round writes a figure rounded to at most decimals places, without
// trailing zeros: Round(12.345, 2) → "12,35", Round(1234, 2) → "1.234".
func Round(f float64, decimals int) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "–"
	}
	p := math.Pow(10, float64(decimals))
	f = math.Round(f*p) / p
	if f == 0 {
		f = 0 // no "-0"
	}
	return group(strconv.FormatFloat(f, 'f', -1, 64))
}

// group puts the dots and the comma into a number formatted by strconv.
func group(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg && (strings.Trim(intPart, "0") != "" || strings.Trim(frac, "0") != "") {
		b.WriteByte('-')
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteByte(',')
		b.WriteString(frac)
	}
	return b.String()
}

// Int writes a whole number: 1234 → "1.234".
func Int(n int) string { return group(strconv.Itoa(n)) }

// Count writes a count in running text as official letters do: below ten
// with a leading zero ("07 đơn vị").
func Count(n int) string {
	if n >= 0 && n < 10 {
		return fmt.Sprintf("%02d", n)
	}
	return Int(n)
}

// Percent writes part/whole as a percentage: Percent(12, 13) → "92,3 %";
// "0,0 %" when whole is 0. See Pct.
func Percent(part, whole float64) string {
	if whole == 0 {
		return Pct(0)
	}
	return Pct(part * 100 / whole)
}

// Pct writes a value that is already a percentage (89.5 for 89,5 %) the one
// way every output of tonghop writes one: one decimal, always, then a
// no-break space and the sign: Pct(89.5) → "89,5 %", Pct(100) → "100,0 %".
// The space is the Vietnamese (and ISO 31-0) typography; no-break so that
// a line never ends between the figure and its sign.
func Pct(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	s := strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64)
	if s == "-0.0" {
		s = "0.0"
	}
	return group(s) + "\u00a0%"
}

// Date writes a date the way state documents write one (Nghị định
// 30/2020/NĐ-CP): the day with two digits, the month with two only for
// January and February: "05/4/2024", "15/12/2023", "01/01/2004". Every
// output of tonghop writes dates with it: the report, the workbook's text,
// the letters, the messages.
func Date(t time.Time) string {
	return fmt.Sprintf("%02d/%s/%d", t.Day(), Month(t.Month()), t.Year())
}

// Month writes a month number as the date line of a state document does:
// "01", "02", then "3" to "12" (Nghị định 30/2020/NĐ-CP).
func Month(m time.Month) string {
	if m <= 2 {
		return fmt.Sprintf("%02d", int(m))
	}
	return strconv.Itoa(int(m))
}

// DateLine writes the place and date line of a state document: "Đắk Nông,
// ngày 05 tháng 4 năm 2024"; without the place when place is "".
func DateLine(place string, t time.Time) string {
	s := fmt.Sprintf("ngày %02d tháng %s năm %d", t.Day(), Month(t.Month()), t.Year())
	if place == "" {
		return s
	}
	return place + ", " + s
}

// LowerFirst lowers the first letter: "Kết quả …" → "kết quả …". Proper
// nouns later keep their capitals, and so does an abbreviation at the start
// ("UBND các xã").
func LowerFirst(s string) string {
	s = strings.TrimSpace(s)
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	if r2, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(r2) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// Capitalize raises the first letter.
func Capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
