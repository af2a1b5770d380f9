package templates

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"tonghop/templates/vn"
)

// NextPeriod returns the campaign of the period after c's, for reports
// that recur (monthly, quarterly, yearly): the same units, indicators and
// rules; the dates moved by the period's length (whole months when the
// period runs from the first of a month to the last of one, else days),
// the deadlines kept as many days after the period's end; the period's
// label advanced in the ID, the title, the subject and the opening
// sentence ("quý III năm 2025" → "quý IV năm 2025", "tháng 9/2025" →
// "tháng 10/2025", "2025-q3" → "2025-q4"); PreviousID set to c's ID so
// that a form of c's period sent back is recognised. notes say, in
// Vietnamese, what changed, for the officer to check.
func NextPeriod(c *Campaign) (next *Campaign, notes []string, err error) {
	if c.PeriodStart.IsZero() || c.PeriodEnd.IsZero() {
		return nil, nil, fmt.Errorf("chiến dịch %s chưa ghi ngày bắt đầu và ngày kết thúc đợt: không tính được kỳ sau", c.ID)
	}
	n := *c
	months := wholeMonths(c.PeriodStart, c.PeriodEnd)
	var length string
	if months > 0 {
		n.PeriodStart = c.PeriodStart.AddDate(0, months, 0)
		n.PeriodEnd = n.PeriodStart.AddDate(0, months, -1)
		length = fmt.Sprintf("%d tháng", months)
	} else {
		days := int(c.PeriodEnd.Sub(c.PeriodStart).Hours()/24+0.5) + 1
		n.PeriodStart = c.PeriodStart.AddDate(0, 0, days)
		n.PeriodEnd = c.PeriodEnd.AddDate(0, 0, days)
		length = fmt.Sprintf("%d ngày", days)
	}
	// Deadlines stay as many days after the period's end.
	shift := func(t time.Time) time.Time {
		if t.IsZero() {
			return t
		}
		return n.PeriodEnd.AddDate(0, 0, int(t.Sub(c.PeriodEnd).Hours()/24+0.5))
	}
	n.DataDeadline, n.WrittenDeadline = shift(c.DataDeadline), shift(c.WrittenDeadline)
	notes = append(notes, fmt.Sprintf("Kỳ dài %s: kỳ mới từ %s đến %s, hạn nộp số liệu trước ngày %s", length, vn.Date(n.PeriodStart), vn.Date(n.PeriodEnd), vn.Date(n.DataDeadline)))

	adv := periodAdvance{from: c.PeriodStart, to: n.PeriodStart, months: months}
	n.ID = adv.id(c.ID)
	n.PreviousID = c.ID
	notes = append(notes, fmt.Sprintf("Mã chiến dịch: %s → %s (mã kỳ trước %s được ghi vào khóa ma_ky_truoc)", c.ID, n.ID, c.ID))
	for _, f := range []struct {
		what string
		s    *string
	}{{"Tên", &n.Title}, {"Trích yếu", &n.Subject}, {"Câu mở đầu", &n.Basis}} {
		old := *f.s
		*f.s = adv.text(old)
		if *f.s != old {
			notes = append(notes, fmt.Sprintf("%s: %s", f.what, *f.s))
		} else if old != "" {
			notes = append(notes, fmt.Sprintf("%s không có nhãn kỳ nào để đổi, giữ nguyên — kiểm tra lại: %s", f.what, old))
		}
	}
	// The lookup maps point into c's slices, which n shares and never
	// changes.
	return &n, notes, nil
}

// wholeMonths is the number of months from start to end when the period
// runs from the first day of a month to the last day of a month, else 0.
func wholeMonths(start, end time.Time) int {
	after := end.AddDate(0, 0, 1)
	if start.Day() != 1 || after.Day() != 1 {
		return 0
	}
	m := (after.Year()-start.Year())*12 + int(after.Month()) - int(start.Month())
	return max(m, 0)
}

// periodAdvance rewrites the labels of the period starting at from into
// those of the period starting at to.
type periodAdvance struct {
	from, to time.Time
	months   int // the period's length in months, 0 when counted in days
}

var (
	reQuarter  = regexp.MustCompile(`(?i)(quý\s+)(IV|III|II|I|[1-4])(\s*(?:năm\s+|/\s*))(\d{4})`)
	reMonth    = regexp.MustCompile(`(?i)(tháng\s+)(\d{1,2})(\s*(?:năm\s+|/\s*))(\d{4})`)
	reHalf     = regexp.MustCompile(`(?i)(6 tháng\s+)(đầu|cuối)(\s+năm\s+)(\d{4})`)
	reYear     = regexp.MustCompile(`(?i)(năm\s+)(\d{4})`)
	reIDQ      = regexp.MustCompile(`(?i)(\d{4})([-_.]?)(q|quy)([1-4])\b`)
	reIDQFirst = regexp.MustCompile(`(?i)\b(q|quy)([1-4])([-_.]?)(\d{4})`)
	reIDMonth  = regexp.MustCompile(`(\d{4})([-_.])(\d{1,2})\b`)
	reIDYear   = regexp.MustCompile(`\b(\d{4})\b`)
	romans     = []string{"I", "II", "III", "IV"}
)

func quarterOf(t time.Time) int { return (int(t.Month())-1)/3 + 1 }

// text advances the period labels of a sentence.
func (a periodAdvance) text(s string) string {
	switch a.months {
	case 3:
		return reQuarter.ReplaceAllStringFunc(s, func(m string) string {
			p := reQuarter.FindStringSubmatch(m)
			q, roman := romanOrDigit(p[2])
			y, _ := strconv.Atoi(p[4])
			if q != quarterOf(a.from) || y != a.from.Year() {
				return m // another period named in passing
			}
			nq := strconv.Itoa(quarterOf(a.to))
			if roman {
				nq = romans[quarterOf(a.to)-1]
			}
			return p[1] + nq + p[3] + strconv.Itoa(a.to.Year())
		})
	case 1:
		return reMonth.ReplaceAllStringFunc(s, func(m string) string {
			p := reMonth.FindStringSubmatch(m)
			mo, _ := strconv.Atoi(p[2])
			y, _ := strconv.Atoi(p[4])
			if mo != int(a.from.Month()) || y != a.from.Year() {
				return m
			}
			nm := strconv.Itoa(int(a.to.Month()))
			if p[2][0] == '0' && len(nm) == 1 {
				nm = "0" + nm
			}
			return p[1] + nm + p[3] + strconv.Itoa(a.to.Year())
		})
	case 6:
		return reHalf.ReplaceAllStringFunc(s, func(m string) string {
			p := reHalf.FindStringSubmatch(m)
			y, _ := strconv.Atoi(p[4])
			if y != a.from.Year() {
				return m
			}
			half := "đầu"
			if a.to.Month() > 6 {
				half = "cuối"
			}
			return p[1] + keepCase(p[2], half) + p[3] + strconv.Itoa(a.to.Year())
		})
	case 12:
		return reYear.ReplaceAllStringFunc(s, func(m string) string {
			p := reYear.FindStringSubmatch(m)
			if y, _ := strconv.Atoi(p[2]); y != a.from.Year() {
				return m
			}
			return p[1] + strconv.Itoa(a.to.Year())
		})
	}
	return s
}

// id advances the period in a campaign ID ("…-2025-q3", "…-2025-09",
// "…-2025"); an ID without one gets the new period's start appended, so
// that the two periods' forms never share an ID.
func (a periodAdvance) id(id string) string {
	out := id
	switch a.months {
	case 3:
		out = reIDQ.ReplaceAllStringFunc(id, func(m string) string {
			p := reIDQ.FindStringSubmatch(m)
			if y, _ := strconv.Atoi(p[1]); y != a.from.Year() || p[4] != strconv.Itoa(quarterOf(a.from)) {
				return m
			}
			return strconv.Itoa(a.to.Year()) + p[2] + p[3] + strconv.Itoa(quarterOf(a.to))
		})
		if out == id {
			out = reIDQFirst.ReplaceAllStringFunc(id, func(m string) string {
				p := reIDQFirst.FindStringSubmatch(m)
				if y, _ := strconv.Atoi(p[4]); y != a.from.Year() || p[2] != strconv.Itoa(quarterOf(a.from)) {
					return m
				}
				return p[1] + strconv.Itoa(quarterOf(a.to)) + p[3] + strconv.Itoa(a.to.Year())
			})
		}
	case 1:
		out = reIDMonth.ReplaceAllStringFunc(id, func(m string) string {
			p := reIDMonth.FindStringSubmatch(m)
			y, _ := strconv.Atoi(p[1])
			mo, _ := strconv.Atoi(p[3])
			if y != a.from.Year() || mo != int(a.from.Month()) {
				return m
			}
			nm := strconv.Itoa(int(a.to.Month()))
			if len(p[3]) == 2 && len(nm) == 1 {
				nm = "0" + nm
			}
			return strconv.Itoa(a.to.Year()) + p[2] + nm
		})
	case 12:
		out = reIDYear.ReplaceAllStringFunc(id, func(m string) string {
			if y, _ := strconv.Atoi(m); y != a.from.Year() {
				return m
			}
			return strconv.Itoa(a.to.Year())
		})
	}
	if out == id {
		old := "-" + a.from.Format("2006-01-02")
		out = strings.TrimSuffix(id, old) + "-" + a.to.Format("2006-01-02")
	}
	return out
}

// romanOrDigit reads a quarter written "III" or "3".
func romanOrDigit(s string) (q int, roman bool) {
	for i, r := range romans {
		if strings.EqualFold(s, r) {
			return i + 1, true
		}
	}
	q, _ = strconv.Atoi(s)
	return q, false
}

// keepCase writes word with the case of like's first letter.
func keepCase(like, word string) string {
	if r, _ := utf8.DecodeRuneInString(like); unicode.IsUpper(r) {
		return vn.Capitalize(word)
	}
	return word
}
