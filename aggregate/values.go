package aggregate

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"tonghop/aggregate/legacy"
	"tonghop/templates"
)

// Coercion says how a typed value was obtained from the text of a cell.
type Coercion int

// Coercions.
const (
	Exact   Coercion = iota // the text was the value ("12", "Có", "15/12/2023")
	Coerced                 // understood, but not written as the form asks: a warning showing the original
)

// String names the coercion (for tests and logs).
func (c Coercion) String() string {
	if c == Exact {
		return "Exact"
	}
	return "Coerced"
}

// cleanCell trims a cell's text — including no-break and zero-width spaces
// that come with copy-paste from web pages — and puts it in NFC.
func cleanCell(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u00a0', '\u2007', '\u202f', '\u2009', '\u200a', '\u3000':
			return ' '
		case '\u200b', '\u200c', '\u200d', '\ufeff', '\u00ad':
			return -1
		}
		return r
	}, s)
	return norm.NFC.String(strings.TrimSpace(s))
}

// quote shows a cell's original text in a message, shortened when long.
func quote(s string) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return "“" + s + "”"
}

// zeroWords are the ways of writing "none" where a count is asked.
var zeroWords = map[string]bool{
	"khong": true, "khong co": true, "ko": true, "ko co": true, "k co": true,
	"chua co": true, "khong co gi": true, "chua": true, "-": true, "--": true,
	"–": true, "—": true, "khong phat sinh": true,
}

// parseNumber reads a number typed as text: "12", " 12 ", "1.234"
// (Vietnamese thousands dot, 1234), "1,234" (1234 when the comma groups
// thousands), "12,5" (decimal comma, 12.5), "1.234,5", "12 bài" (a
// trailing unit word is dropped, Coerced), "không", "không có" (0, Coerced),
// "-5". Digit grouping and a decimal point are Coerced too, so that the
// warning shows how an ambiguous text was read. whole rejects fractions.
// Bounds are checked elsewhere. The error is a Vietnamese message quoting
// the text.
func parseNumber(s string, whole bool) (float64, Coercion, error) {
	orig := s
	s = cleanCell(s)
	if s == "" {
		return 0, Exact, fmt.Errorf("ô trống, không có số")
	}
	if zeroWords[templates.Fold(s)] {
		return 0, Coerced, nil
	}
	how := Exact
	neg := false
	switch {
	case strings.HasPrefix(s, "-"), strings.HasPrefix(s, "−"), strings.HasPrefix(s, "–"):
		neg = true
		_, n := utf8.DecodeRuneInString(s)
		s = strings.TrimSpace(s[n:])
	case strings.HasPrefix(s, "+"):
		s = strings.TrimSpace(s[1:])
		how = Coerced
	}
	// Split the numeric head from a trailing unit word ("12 bài", "30phút").
	end := 0
	for end < len(s) {
		c := s[end]
		if c >= '0' && c <= '9' || c == '.' || c == ',' {
			end++
			continue
		}
		// A space inside the number is a thousands group ("1 234") only when
		// a digit follows it.
		if c == ' ' && end > 0 && end+1 < len(s) && s[end+1] >= '0' && s[end+1] <= '9' {
			end++
			continue
		}
		break
	}
	head, tail := s[:end], strings.TrimSpace(s[end:])
	if h := strings.TrimRight(head, ".,"); h != head && len(head)-len(h) == 1 && tail == "" {
		head, how = h, Coerced // "5." at the end of a sentence
	}
	if head == "" || !hasDigit(head) {
		return 0, Exact, fmt.Errorf("%s không phải là số", quote(orig))
	}
	mult := 1.0
	if tail != "" {
		if !isUnitWord(tail) {
			return 0, Exact, fmt.Errorf("%s không phải là số", quote(orig))
		}
		how = Coerced
		// "3 triệu lượt" is 3.000.000: a multiplier written out is never
		// dropped with the unit word.
		if w := strings.Fields(templates.Fold(tail)); len(w) > 0 && w[0] != "tr" && w[0] != "k" {
			if m, ok := moneyWords[strings.TrimRight(w[0], ".,")]; ok {
				mult = m
			}
		}
	}
	f, grouped, dot, err := parseDigits(head)
	if err != nil {
		return 0, Exact, fmt.Errorf("%s không phải là số: %v", quote(orig), err)
	}
	if mult != 1 {
		f = math.Round(f*mult*1e6) / 1e6 // 1,2 × 10⁶ in binary
	}
	if grouped || dot {
		how = Coerced
	}
	if neg {
		f = -f
	}
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, Exact, fmt.Errorf("%s không phải là số", quote(orig))
	}
	if whole && f != math.Trunc(f) {
		return 0, Exact, fmt.Errorf("%s không phải là số nguyên: chỉ tiêu này chỉ nhận số nguyên", quote(orig))
	}
	if f == 0 {
		f = 0 // no negative zero
	}
	return f, how, nil
}

func hasDigit(s string) bool {
	return strings.ContainsAny(s, "0123456789")
}

// isUnitWord reports whether the text after a number is a unit of measure
// or a short remark made of letters ("bài", "tin, bài", "người", "(tin)").
func isUnitWord(s string) bool {
	letters := 0
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
			letters++
		case r == ' ' || r == ',' || r == '.' || r == '(' || r == ')' || r == '/' || r == '-':
		default:
			return false
		}
	}
	return letters > 0 && len([]rune(s)) <= 30
}

// parseDigits reads digits with thousands groups and a decimal separator.
// grouped says thousands separators were seen, dot that a decimal point
// (not comma) was used.
func parseDigits(s string) (f float64, grouped, dot bool, err error) {
	dots, commas, spaces := strings.Count(s, "."), strings.Count(s, ","), strings.Count(s, " ")
	intPart, frac := s, ""
	var group string // the thousands separator, "" when none
	switch {
	case spaces > 0:
		group = " "
		if dots+commas > 1 || (dots == 1 && commas == 1) {
			return 0, false, false, fmt.Errorf("dấu phân cách lẫn lộn")
		}
		if i := strings.IndexAny(s, ".,"); i >= 0 {
			intPart, frac = s[:i], s[i+1:]
			dot = s[i] == '.'
		}
	case dots > 0 && commas > 0:
		// The one that comes last is the decimal separator.
		li, lc := strings.LastIndex(s, "."), strings.LastIndex(s, ",")
		if li > lc {
			if dots != 1 {
				return 0, false, false, fmt.Errorf("dấu phân cách lẫn lộn")
			}
			group, dot = ",", true
			intPart, frac = s[:li], s[li+1:]
		} else {
			if commas != 1 {
				return 0, false, false, fmt.Errorf("dấu phân cách lẫn lộn")
			}
			group = "."
			intPart, frac = s[:lc], s[lc+1:]
		}
	case dots > 1:
		group = "."
	case commas > 1:
		group = ","
	case dots == 1 || commas == 1:
		sep := "."
		if commas == 1 {
			sep = ","
		}
		i := strings.Index(s, sep)
		before, after := s[:i], s[i+1:]
		if len(after) == 3 && len(before) >= 1 && len(before) <= 3 && before[0] != '0' {
			// "1.234" and "1,234" group thousands: a Vietnamese decimal
			// comma with exactly three decimals is rare in counts.
			group = sep
		} else {
			intPart, frac = before, after
			dot = sep == "."
		}
	}
	if group != "" {
		parts := strings.Split(intPart, group)
		if len(parts[0]) < 1 || len(parts[0]) > 3 {
			return 0, false, false, fmt.Errorf("nhóm chữ số hàng nghìn sai")
		}
		for _, p := range parts[1:] {
			if len(p) != 3 {
				return 0, false, false, fmt.Errorf("nhóm chữ số hàng nghìn sai")
			}
		}
		intPart = strings.Join(parts, "")
		grouped = true
	}
	if intPart == "" || strings.Trim(intPart, "0123456789") != "" ||
		strings.Trim(frac, "0123456789") != "" || (frac == "" && s != intPart && !grouped) {
		return 0, false, false, fmt.Errorf("dấu phân cách sai chỗ")
	}
	num := intPart
	if frac != "" {
		num += "." + frac
	}
	f, err = strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, false, false, fmt.Errorf("số quá lớn")
	}
	return f, grouped, dot, nil
}

// ParseYesNo reads a yes/no answer typed as text. "Có" and "Không" in any
// case, NFC or NFD, with spaces around, are Exact; "có", "CO", "x", "yes",
// "1", "true", "đã", "rồi" (true) and "K", "ko", "no", "0", "false", "chưa"
// (false) are Coerced. Anything else is a Vietnamese error.
func ParseYesNo(s string) (bool, Coercion, error) {
	c := strings.Join(strings.Fields(strings.ToLower(cleanCell(s))), " ")
	c = strings.TrimRight(c, ".!;")
	if c == "" {
		return false, Exact, fmt.Errorf("ô trống, cần ghi “Có” hoặc “Không”")
	}
	if v, how, ok := yesNoWord(c); ok {
		return v, how, nil
	}
	// "Cã", "Kh«ng" (TCVN3), "Coù", "Khoâng" (VNI): too short to detect
	// the encoding, but unmistakable here.
	if legacy.HasLegacyChar(c) {
		for _, l := range []legacy.Encoding{legacy.TCVN3, legacy.VNI} {
			if v, _, ok := yesNoWord(strings.ToLower(legacy.Convert(c, l))); ok {
				return v, Coerced, nil
			}
		}
	}
	return false, Exact, fmt.Errorf("%s không phải là “Có” hoặc “Không”", quote(s))
}

// yesNoWord reads a cleaned, lower-case yes/no answer.
func yesNoWord(c string) (v bool, how Coercion, ok bool) {
	switch c {
	case "có":
		return true, Exact, true
	case "không":
		return false, Exact, true
	}
	switch templates.Fold(c) {
	case "co", "c", "x", "v", "yes", "y", "1", "true", "da", "roi", "da co", "co roi", "da dat",
		"da thay", "dung", "✓", "✔", "☑", "☒", "ok":
		return true, Coerced, true
	case "khong", "k", "ko", "kh", "no", "n", "0", "false", "chua", "chua co", "khong co", "sai",
		"chua dat", "chua thay", "✗", "✘", "☐":
		return false, Coerced, true
	}
	return false, Exact, false
}

// ParseDate reads a date typed as text, day first as Vietnamese write it:
// "05/4/2024", "5-4-2024", "05.04.2024" and "2024-04-05" are Exact;
// "5/4/24" (two-digit year), "ngày 5 tháng 4 năm 2024" and a date followed
// by a time of day are Coerced. A date that does not exist (31/02/2024) is
// an error. Excel serial numbers are not handled here: the reader knows
// when a cell is numeric and uses vn.SerialDate. The result is at
// midnight UTC.
//
// It is long because it tries, in order, every way a date is typed.
func ParseDate(s string) (time.Time, Coercion, error) {
	c := cleanCell(s)
	if c == "" {
		return time.Time{}, Exact, fmt.Errorf("ô trống, không có ngày")
	}
	f := templates.Fold(c)
	how := Exact
	// A time of day after the date, as spreadsheet exports write it.
	if i := strings.IndexAny(f, " t"); i > 0 && strings.Contains(f[i:], ":") && !strings.Contains(f, "ngay") {
		if rest := strings.TrimLeft(f[i:], " t"); isClock(rest) {
			f, how = f[:i], Coerced
		}
	}
	var nums []string
	var seps []string
	words := false
	cur := ""
	sep := ""
	for _, r := range f {
		if r >= '0' && r <= '9' {
			if cur == "" && len(nums) > 0 {
				seps = append(seps, sep)
			}
			cur += string(r)
			sep = ""
			continue
		}
		if cur != "" {
			nums = append(nums, cur)
			cur = ""
		}
		if r != ' ' {
			sep += string(r)
		}
		if unicode.IsLetter(r) {
			words = true
		}
	}
	if cur != "" {
		nums = append(nums, cur)
	}
	bad := fmt.Errorf("%s không phải là ngày (cần ghi ngày/tháng/năm, ví dụ 05/04/2024)", quote(s))
	if len(nums) != 3 {
		return time.Time{}, Exact, bad
	}
	var d, m, y string
	switch {
	case words:
		// "ngày 5 tháng 4 năm 2024", possibly after a place ("Đắk Nông, ngày …").
		i := strings.Index(f, "ngay")
		g := f
		if i >= 0 {
			g = f[i+len("ngay"):]
		}
		var dd, mm, yy int
		if n, _ := fmt.Sscanf(strings.TrimSpace(g), "%d thang %d nam %d", &dd, &mm, &yy); n != 3 {
			return time.Time{}, Exact, bad
		}
		d, m, y = nums[0], nums[1], nums[2]
		how = Coerced
	case len(nums[0]) == 4 && seps[0] == "-" && seps[1] == "-":
		y, m, d = nums[0], nums[1], nums[2]
		if len(m) != 2 || len(d) != 2 {
			how = Coerced
		}
	default:
		if seps[0] != seps[1] || !(seps[0] == "/" || seps[0] == "-" || seps[0] == ".") {
			return time.Time{}, Exact, bad
		}
		d, m, y = nums[0], nums[1], nums[2]
		if len(d) > 2 || len(m) > 2 {
			return time.Time{}, Exact, bad
		}
	}
	switch len(y) {
	case 4:
	case 2:
		y = "20" + y
		how = Coerced
	default:
		return time.Time{}, Exact, bad
	}
	di, _ := strconv.Atoi(d)
	mi, _ := strconv.Atoi(m)
	yi, _ := strconv.Atoi(y)
	if mi < 1 || mi > 12 {
		if di >= 1 && di <= 12 && mi <= 31 {
			return time.Time{}, Exact, fmt.Errorf("%s: không có tháng %d — ngày phải ghi trước tháng (ngày/tháng/năm)", quote(s), mi)
		}
		return time.Time{}, Exact, fmt.Errorf("%s: không có tháng %d", quote(s), mi)
	}
	t := time.Date(yi, time.Month(mi), di, 0, 0, 0, 0, time.UTC)
	if di < 1 || t.Day() != di {
		return time.Time{}, Exact, fmt.Errorf("%s: không có ngày %d/%d/%d", quote(s), di, mi, yi)
	}
	return t, how, nil
}

// isClock reports whether s is a time of day, "10:30", "00:00:00", "0:00:00.000z".
func isClock(s string) bool {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "z"))
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(s, "am"), "pm"))
	if s == "" {
		return false
	}
	colons := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r == '.':
		case r == ':':
			colons++
		default:
			return false
		}
	}
	return colons >= 1 && colons <= 2
}

// Money multipliers as units write them, folded: "3 tỷ", "500 triệu",
// "3tr", "20 nghìn".
var moneyWords = map[string]float64{
	"ty": 1e9, "ti": 1e9,
	"trieu": 1e6, "tr": 1e6,
	"nghin": 1e3, "ngan": 1e3, "k": 1e3,
}

// currencyWords may end an amount in đồng: "12 triệu đồng", "500.000 đ".
var currencyWords = map[string]bool{"dong": true, "d": true, "vnd": true, "vnđ": true}

// parseMoney reads an amount of money in đồng typed as text, as people
// write it: "3 tỷ" (3.000.000.000), "2 tỷ 500 triệu", "1,2 tỷ", "500
// triệu", "3tr", "12 triệu đồng", "1.200.000.000", "1.200.000.000 đồng".
// Every amount written otherwise than as its plain digits is Coerced, so
// that the warning shows the amount understood. Multipliers must come in
// decreasing order, each after its own number; what could be read two ways
// ("3 tỷ 5": 3,5 tỷ or 3 tỷ 5 đồng?) is an error, never a guess. The
// result is a whole number of đồng.
func parseMoney(s string) (float64, Coercion, error) {
	orig := s
	c := cleanCell(s)
	if c == "" {
		return 0, Exact, fmt.Errorf("ô trống, không có số tiền")
	}
	if zeroWords[templates.Fold(c)] {
		return 0, Coerced, nil
	}
	// Split into number and word tokens: "2tỷ500tr" → 2, tỷ, 500, tr.
	type token struct {
		text string
		num  bool
	}
	var toks []token
	f := templates.Fold(c)
	for i := 0; i < len(f); {
		r := f[i]
		switch {
		case r >= '0' && r <= '9':
			j := i
			for j < len(f) && (f[j] >= '0' && f[j] <= '9' || f[j] == '.' || f[j] == ',' ||
				f[j] == ' ' && j+1 < len(f) && f[j+1] >= '0' && f[j+1] <= '9' && j > i) {
				j++
			}
			// "3 tỷ, 500 triệu": a comma after a number is a pause.
			toks = append(toks, token{strings.TrimRight(f[i:j], ".,"), true})
			i = j
		case r == ' ' || r == ',' || r == '.' || r == '-' && i > 0:
			i++
		default:
			j := i
			for j < len(f) && !(f[j] >= '0' && f[j] <= '9') && f[j] != ' ' && f[j] != ',' {
				j++
			}
			toks = append(toks, token{strings.TrimRight(f[i:j], "."), false})
			i = j
		}
	}
	bad := func(why string) (float64, Coercion, error) {
		return 0, Exact, fmt.Errorf("%s không phải là số tiền%s", quote(orig), why)
	}
	if len(toks) == 0 || !toks[0].num {
		if strings.HasPrefix(c, "-") || strings.HasPrefix(c, "−") {
			return bad(": số tiền không thể âm")
		}
		return bad("")
	}
	// A currency word may end the amount.
	if last := toks[len(toks)-1]; !last.num && currencyWords[last.text] {
		toks = toks[:len(toks)-1]
	}
	if len(toks) == 1 {
		n, how, err := parseNumber(toks[0].text, false)
		if err != nil {
			return bad("")
		}
		if n != math.Trunc(n) {
			return bad(": số tiền tính bằng đồng phải là số nguyên (hoặc ghi kèm tỷ, triệu, nghìn)")
		}
		if toks[0].text != c {
			how = Coerced
		}
		return n, how, nil
	}
	total, prev := 0.0, math.Inf(1)
	for i := 0; i < len(toks); i += 2 {
		if !toks[i].num || i+1 >= len(toks) || toks[i+1].num {
			return bad(": sau mỗi số phải có tỷ, triệu hoặc nghìn (viết 3 tỷ 500 triệu, hoặc ghi đủ chữ số)")
		}
		mult, ok := moneyWords[toks[i+1].text]
		if !ok {
			return bad(fmt.Sprintf(": không hiểu %q (chỉ dùng tỷ, triệu, nghìn, đồng)", toks[i+1].text))
		}
		if mult >= prev {
			return bad(": tỷ, triệu, nghìn phải theo thứ tự từ lớn đến nhỏ")
		}
		n, _, err := parseNumber(toks[i].text, false)
		if err != nil {
			return bad("")
		}
		if i > 0 && n >= prev/mult {
			return bad(fmt.Sprintf(": %s %s không nhỏ hơn 1 %s đứng trước", toks[i].text, toks[i+1].text, toks[i-1].text))
		}
		total += n * mult
		prev = mult
	}
	total = math.Round(total*1e3) / 1e3 // 1,2 × 10⁹ in binary
	if total != math.Trunc(total) {
		return bad(": không ra số đồng nguyên")
	}
	return total, Coerced, nil
}

// parsePercent reads a percentage typed as text: "85,5%", "85,5 %" and
// "85,5" are 85,5 (the text with its sign Exact, a bare number Coerced so
// that the warning says it was taken as a percent).
func parsePercent(s string) (float64, Coercion, error) {
	c := cleanCell(s)
	how := Coerced
	if t, ok := strings.CutSuffix(c, "%"); ok {
		c, how = strings.TrimSpace(t), Exact
	}
	if c == "" {
		return 0, Exact, fmt.Errorf("%s không phải là tỷ lệ phần trăm", quote(s))
	}
	n, h, err := parseNumber(c, false)
	if err != nil {
		return 0, Exact, fmt.Errorf("%s không phải là tỷ lệ phần trăm (ghi ví dụ 85,5%%)", quote(s))
	}
	if h != Exact {
		how = Coerced
	}
	return n, how, nil
}

// matchChoice finds the choice a text answers: the choice as written
// (Exact), else the one it folds to (Coerced: "kha" for "Khá").
func matchChoice(s string, choices []string) (string, Coercion, error) {
	c := cleanCell(s)
	for _, ch := range choices {
		if c == ch {
			return ch, Exact, nil
		}
	}
	for _, ch := range choices {
		if templates.Fold(c) == templates.Fold(ch) {
			return ch, Coerced, nil
		}
	}
	return "", Exact, fmt.Errorf("%s không có trong danh sách lựa chọn (%s)", quote(s), strings.Join(choices, "; "))
}
