package written

import (
	"regexp"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// titleScan is how many leading lines may hold the title block; a báo
// cáo's kind line comes within the first dozen.
const titleScan = 40

// kinds are the document kinds a title block names on a line of its own,
// by their folded form.
var kinds = map[string]string{
	"bao cao":      "BÁO CÁO",
	"cong van":     "CÔNG VĂN",
	"ke hoach":     "KẾ HOẠCH",
	"to trinh":     "TỜ TRÌNH",
	"thong bao":    "THÔNG BÁO",
	"quyet dinh":   "QUYẾT ĐỊNH",
	"chuong trinh": "CHƯƠNG TRÌNH",
	"huong dan":    "HƯỚNG DẪN",
}

var (
	reNumber = regexp.MustCompile(`^(?i)số\s*[:.]?\s*(.*)$`)
	reDate   = regexp.MustCompile(`(?i)^(.*?)[,\s]*ngày\s*(\d{0,2})\s*tháng\s*(\d{0,2})\s*năm\s*(\d{4})`)
	reVv     = regexp.MustCompile(`^(?i)v/v\s*[:.]?\s*(.*)$`)
	reRule   = regexp.MustCompile(`^[-_=*.\s]+$`)
)

// parseTitle fills the title block's fields from Lines. The lines may come
// in any interleaving of the block's two columns (a PDF's rows mix them),
// so each field is recognised by its own shape, not by position.
func (d *Doc) parseTitle() {
	n := min(len(d.Lines), titleScan)
	kind := -1
	for i := 0; i < n; i++ {
		if k, ok := kinds[fold(d.Lines[i])]; ok && isUpper(d.Lines[i]) {
			kind, d.Kind = i, k
			break
		}
	}
	head := n
	if kind >= 0 {
		head = kind
		d.Subject = subject(d.Lines[kind+1 : min(len(d.Lines), kind+3)])
	}
	for i := 0; i < head; i++ {
		l := d.Lines[i]
		f := fold(l)
		switch {
		case d.Number == "" && reNumber.MatchString(l) && !strings.HasPrefix(f, "so lieu"):
			d.Number = strings.ReplaceAll(reNumber.FindStringSubmatch(l)[1], " ", "")
		case reDate.MatchString(l):
			if d.Date.IsZero() && d.Place == "" {
				d.Place, d.Date = dateline(l)
			}
		case reVv.MatchString(l):
			if d.Subject == "" {
				d.Subject = reVv.FindStringSubmatch(l)[1]
				if d.Kind == "" {
					d.Kind = "CÔNG VĂN"
				}
			}
		case strings.Contains(f, "cong hoa xa hoi chu nghia"), strings.Contains(f, "doc lap") && strings.Contains(f, "tu do"),
			f == "dang cong san viet nam", reRule.MatchString(l):
		case isUpper(l) && len(d.Issuer) < 4 && d.Number == "":
			d.Issuer = append(d.Issuer, l)
		}
	}
}

// subject is the line under the kind, joined with the next when the
// first was wrapped (no closing punctuation, the next starts in lower
// case).
func subject(lines []string) string {
	if len(lines) == 0 || strings.HasPrefix(fold(lines[0]), "kinh gui") {
		return ""
	}
	s := lines[0]
	if len(lines) > 1 && !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, ":") {
		if r := []rune(lines[1]); len(r) > 0 && unicode.IsLower(r[0]) {
			s += " " + lines[1]
		}
	}
	return s
}

// dateline reads "Đắk Mil, ngày 08 tháng 4 năm 2024"; the day and month
// may be blank (a draft), and the date is then zero.
func dateline(l string) (string, time.Time) {
	m := reDate.FindStringSubmatch(l)
	place := strings.TrimSpace(strings.TrimRight(m[1], ", "))
	day, month, year := atoi(m[2]), atoi(m[3]), atoi(m[4])
	if day < 1 || month < 1 || month > 12 || year < 1900 {
		return place, time.Time{}
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day {
		return place, time.Time{}
	}
	return place, t
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// isUpper reports whether a line is written in capitals: it has letters
// and none of them is lower case.
func isUpper(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters > 1
}

// fold lowers, strips diacritics (đ to d) and punctuation, and joins words
// with one space: "BÁO CÁO" gives "bao cao".
func fold(s string) string {
	var b strings.Builder
	sep := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			sep = b.Len() > 0
			continue
		}
		if sep {
			b.WriteByte(' ')
			sep = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
