// Package legacy detects and converts Vietnamese text typed in the legacy
// TCVN3 (ABC) and VNI font encodings, which look like "§¾k N«ng" once
// read as Unicode. It knows nothing of the rest of tonghop.
package legacy

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Encoding is a pre-Unicode Vietnamese encoding whose bytes ended up shown as
// Latin-1 characters: text typed for the TCVN3 (ABC) fonts ".VnTime" gives
// "§¾k N«ng", for the VNI fonts "Ñaék Noâng", both meaning "Đắk Nông".
type Encoding int

// Encoding encodings.
const (
	None Encoding = iota
	TCVN3
	VNI
)

// String names the encoding as Vietnamese users know it.
func (l Encoding) String() string {
	switch l {
	case TCVN3:
		return "TCVN3 (ABC)"
	case VNI:
		return "VNI"
	}
	return "Unicode"
}

// tcvn3 maps the TCVN3 (VN3) code points, read as Latin-1, to Unicode. VN3
// has only lower-case accented letters; the capitals come from ".VnTimeH"
// fonts that draw the same codes in upper case.
var tcvn3 = map[rune]rune{
	0xA1: 'Ă', 0xA2: 'Â', 0xA3: 'Ê', 0xA4: 'Ô', 0xA5: 'Ơ', 0xA6: 'Ư', 0xA7: 'Đ',
	0xA8: 'ă', 0xA9: 'â', 0xAA: 'ê', 0xAB: 'ô', 0xAC: 'ơ', 0xAD: 'ư', 0xAE: 'đ',
	0xB5: 'à', 0xB6: 'ả', 0xB7: 'ã', 0xB8: 'á', 0xB9: 'ạ',
	0xBB: 'ằ', 0xBC: 'ẳ', 0xBD: 'ẵ', 0xBE: 'ắ', 0xC6: 'ặ',
	0xC7: 'ầ', 0xC8: 'ẩ', 0xC9: 'ẫ', 0xCA: 'ấ', 0xCB: 'ậ',
	0xCC: 'è', 0xCE: 'ẻ', 0xCF: 'ẽ', 0xD0: 'é', 0xD1: 'ẹ',
	0xD2: 'ề', 0xD3: 'ể', 0xD4: 'ễ', 0xD5: 'ế', 0xD6: 'ệ',
	0xD7: 'ì', 0xD8: 'ỉ', 0xDC: 'ĩ', 0xDD: 'í', 0xDE: 'ị',
	0xDF: 'ò', 0xE1: 'ỏ', 0xE2: 'õ', 0xE3: 'ó', 0xE4: 'ọ',
	0xE5: 'ồ', 0xE6: 'ổ', 0xE7: 'ỗ', 0xE8: 'ố', 0xE9: 'ộ',
	0xEA: 'ờ', 0xEB: 'ở', 0xEC: 'ỡ', 0xED: 'ớ', 0xEE: 'ợ',
	0xEF: 'ù', 0xF1: 'ủ', 0xF2: 'ũ', 0xF3: 'ú', 0xF4: 'ụ',
	0xF5: 'ừ', 0xF6: 'ử', 0xF7: 'ữ', 0xF8: 'ứ', 0xF9: 'ự',
	0xFA: 'ỳ', 0xFB: 'ỷ', 0xFC: 'ỹ', 0xFD: 'ý', 0xFE: 'ỵ',
}

// VNI writes a vowel as its base letter followed by mark characters, and a
// few letters as one character of their own.
var (
	vniLetter = map[rune]rune{
		'Ñ': 'Đ', 'ñ': 'đ', 'Ô': 'Ơ', 'ô': 'ơ', 'Ö': 'Ư', 'ö': 'ư',
		'Í': 'Í', 'í': 'í', 'Ì': 'Ì', 'ì': 'ì', 'Æ': 'Ỉ', 'æ': 'ỉ',
		'Ó': 'Ĩ', 'ó': 'ĩ', 'Ò': 'Ị', 'ò': 'ị', 'Î': 'Ỵ', 'î': 'ỵ',
	}
	// vniMark gives the combining marks of a VNI mark character (upper
	// and lower case alike): a quality mark, a tone mark, or both.
	vniMark = map[rune]string{
		'ù': "\u0301", 'ø': "\u0300", 'û': "\u0309", 'õ': "\u0303", 'ï': "\u0323",
		'â': "\u0302", 'á': "\u0302\u0301", 'à': "\u0302\u0300", 'å': "\u0302\u0309", 'ã': "\u0302\u0303", 'ä': "\u0302\u0323",
		'ê': "\u0306", 'é': "\u0306\u0301", 'è': "\u0306\u0300", 'ú': "\u0306\u0309", 'ü': "\u0306\u0303", 'ë': "\u0306\u0323",
	}
)

// vniMarkOf returns the combining marks of r as a VNI mark, in either case.
func vniMarkOf(r rune) (string, bool) {
	m, ok := vniMark[unicode.ToLower(r)]
	return m, ok
}

// isQuality reports whether the marks carry a quality mark (circumflex or
// breve), which fits only some vowels.
func qualityFits(base rune, marks string) bool {
	b := unicode.ToLower(base)
	switch {
	case strings.Contains(marks, "\u0302"):
		return b == 'a' || b == 'e' || b == 'o'
	case strings.Contains(marks, "\u0306"):
		return b == 'a'
	}
	return true
}

func isVowel(r rune) bool {
	switch unicode.ToLower(r) {
	case 'a', 'e', 'i', 'o', 'u', 'y', 'ơ', 'ư':
		return true
	}
	return false
}

// ConvertLegacy converts text in a legacy encoding to Unicode NFC, best
// effort: characters outside the encoding's table are kept. TCVN3 words
// whose plain letters are all capitals (typed for a ".VnTimeH" font) get
// their accented letters in upper case too.
func Convert(s string, l Encoding) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	switch l {
	case TCVN3:
		return norm.NFC.String(convertTCVN3(s))
	case VNI:
		return norm.NFC.String(convertVNI(s))
	}
	return norm.NFC.String(s)
}

func convertTCVN3(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	for _, w := range splitKeep(s) {
		upper, lower := 0, 0
		for _, r := range w {
			if r < 0x80 && unicode.IsUpper(r) {
				upper++
			} else if r < 0x80 && unicode.IsLower(r) {
				lower++
			}
		}
		// Capitals after the first letter: the word was typed for a
		// ".VnTimeH" font, whose lower-case codes show as capitals.
		_, first := utf8.DecodeRuneInString(w)
		caps := lower == 0 && (upper >= 2 || upper == 1 && !unicode.IsUpper(rune(w[0])) || upper == 1 && first < len(w) && strings.IndexFunc(w[first:], unicode.IsUpper) >= 0)
		for _, r := range w {
			if u, ok := tcvn3[r]; ok {
				if caps {
					u = unicode.ToUpper(u)
				}
				b.WriteRune(u)
				continue
			}
			if r == 0xA0 {
				r = ' '
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// splitKeep splits s into words and the separators between them, keeping
// everything: joining the parts gives s back.
func splitKeep(s string) []string {
	var parts []string
	start := 0
	inWord := false
	for i, r := range s {
		w := !unicode.IsSpace(r) && r != 0xA0
		if i > 0 && w != inWord {
			parts = append(parts, s[start:i])
			start = i
		}
		inWord = w
	}
	if start < len(s) {
		parts = append(parts, s[start:])
	}
	return parts
}

func convertVNI(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		base, isLetter := vniLetter[r]
		if !isLetter {
			base = r
		}
		b.WriteRune(base)
		if !isVowel(base) && !(isLetter && base != 'Đ' && base != 'đ') {
			continue
		}
		// Marks after a vowel: at most a quality mark and a tone.
		marks := ""
		for i+1 < len(rs) {
			m, ok := vniMarkOf(rs[i+1])
			if !ok || !qualityFits(base, marks+m) || strings.Count(marks+m, "")-1 > 2 ||
				hasTone(marks) && hasTone(m) || hasQuality(marks) && hasQuality(m) ||
				hasTone(m) && toned(base) {
				break
			}
			marks += m
			i++
		}
		b.WriteString(marks)
	}
	return b.String()
}

func hasTone(m string) bool { return strings.ContainsAny(m, "\u0300\u0301\u0303\u0309\u0323") }

func hasQuality(m string) bool { return strings.ContainsAny(m, "\u0302\u0306") }

// toned reports whether a letter already carries a tone (the VNI letters
// for í, ì, ỉ, ĩ, ị, ỵ).
func toned(r rune) bool {
	return hasTone(norm.NFD.String(string(r)))
}

// vietnameseOnly reports whether r exists only in Unicode Vietnamese, never
// in text of a legacy encoding read as Latin-1.
func vietnameseOnly(r rune) bool {
	switch {
	case r == 'Ă' || r == 'ă' || r == 'Đ' || r == 'đ' || r == 'Ĩ' || r == 'ĩ' || r == 'Ũ' || r == 'ũ' ||
		r == 'Ơ' || r == 'ơ' || r == 'Ư' || r == 'ư':
		return true
	case r >= 0x1EA0 && r <= 0x1EF9:
		return true
	case r >= 0x0300 && r <= 0x0323:
		return true
	}
	return false
}

// foreign reports whether r is a Latin-1 character that Vietnamese text in
// Unicode does not use: a sign of a legacy encoding.
func foreign(r rune) bool {
	if r < 0xA1 || r > 0xFF {
		return false
	}
	switch unicode.ToLower(r) {
	case 'à', 'á', 'â', 'ã', 'è', 'é', 'ê', 'ì', 'í', 'ò', 'ó', 'ô', 'õ', 'ù', 'ú', 'ý':
		return false
	}
	return true
}

// DetectLegacy says whether s looks like Vietnamese typed in a legacy
// encoding. It converts s with each table and keeps the one whose changed
// words become plausible Vietnamese syllables where they were not, so real
// Unicode Vietnamese, English, numbers and e-mail addresses stay
// None. Short texts may be undecidable ("Cã" could be a Unicode
// word); ParseYesNo and the matcher try the tables themselves.
func Detect(s string) Encoding {
	for _, r := range s {
		if vietnameseOnly(r) {
			return None
		}
	}
	if !HasLegacyChar(s) {
		return None
	}
	words := strings.Fields(norm.NFC.String(s))
	best, bestScore := None, 0
	for _, l := range []Encoding{TCVN3, VNI} {
		score := 0
		for _, w := range words {
			out := Convert(w, l)
			if out == w {
				continue
			}
			score += 2*(syllables(out)-syllables(w)) - foreignLeft(out)
		}
		// On a tie TCVN3, the encoding of government offices, stays unless
		// the VNI reading has fewer rare letters or VNI's marks after vowels.
		if score > bestScore || score > 0 && score == bestScore &&
			(rarity(s, l) < rarity(s, best) || rarity(s, l) == rarity(s, best) && vniShape(s) > 0) {
			best, bestScore = l, score
		}
	}
	return best
}

// rareLetters are letters seldom written in Vietnamese, used to choose
// between two readings that are both plausible.
const rareLetters = "ẳẵẻẽỗỡũữỷỹẫ"

func rarity(s string, l Encoding) int {
	n := 0
	for _, r := range strings.ToLower(Convert(s, l)) {
		if strings.ContainsRune(rareLetters, r) {
			n++
		}
	}
	return n
}

func foreignLeft(s string) int {
	n := 0
	for _, r := range s {
		if foreign(r) {
			n++
		}
	}
	return n
}

// hasLegacyChar reports whether s has a Latin-1 character beyond ASCII, the
// range every legacy text shows in.
func HasLegacyChar(s string) bool {
	for _, r := range s {
		if r >= 0xA0 && r <= 0xFF {
			return true
		}
	}
	return false
}

// syllables sums syllable over the syllables of a word (split at
// apostrophes and hyphens): plausible ones count 1, impossible ones -1.
func syllables(w string) int {
	score := 0
	for _, syl := range strings.FieldsFunc(w, func(r rune) bool {
		// The soft hyphen is TCVN3's ư: part of the word.
		return !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) && !unicode.IsDigit(r) && r != 0xAD
	}) {
		if !strings.ContainsAny(syl, "0123456789") {
			score += syllable(syl)
		}
	}
	return score
}

// vniShape counts mark characters that follow a vowel, as VNI writes them.
func vniShape(s string) int {
	n := 0
	prev := rune(0)
	for _, r := range s {
		if _, ok := vniMarkOf(r); ok && isVowel(prev) {
			n++
		}
		prev = r
	}
	return n
}

// tonePos gives, for each vowel group of Vietnamese (quality marks kept,
// tones dropped), the vowels that may carry the tone: bit i for vowel i.
// Groups that take the tone either way (hóa/hoá) allow both.
var tonePos = map[string]uint8{}

func init() {
	for spec, pos := range map[string]uint8{
		"a ă â e ê i o ô ơ u ư y":                               1,
		"ai ao au ay âu ây eo êu ia iu oi ôi ơi ui ưa ưi ưu ua": 1,
		"iê uô ươ yê oă uâ uơ":                                  2,
		"oa oe uy ea oo ie uo":                                  3,
		"oai oay uây uôi ươi ươu iêu yêu oeo uyu":               2,
		"uyê": 4,
		"uya": 7,
	} {
		for _, n := range strings.Fields(spec) {
			tonePos[n] = pos
		}
	}
}

// syllable returns 1 for a plausible Vietnamese syllable (lenient with the
// initials and finals of ethnic-minority place names: Krông, Đắk, Wil), -1
// for an impossible one (two vowel groups, two tones, a tone on the wrong
// vowel, "ngh" before a, "nh" after o), 0 for a word without vowels.
//
// It is long because it is a table of the syllable shapes of Vietnamese, case by case.
func syllable(w string) int {
	d := []rune(norm.NFD.String(strings.ToLower(w)))
	// "qu" and "gi" before a vowel are initials: their u and i are no vowel.
	start := 0
	if len(d) > 2 && d[0] == 'q' && d[1] == 'u' {
		start = 2
	} else if len(d) > 2 && d[0] == 'g' && d[1] == 'i' && isPlainVowel(d[2]) {
		start = 2
	}
	var onset, nucleus, coda []rune
	tone, toneAt, vowels := rune(0), -1, 0
	for i := start; i < len(d); i++ {
		r := d[i]
		switch {
		case isPlainVowel(r):
			if len(coda) > 0 {
				return -1 // a second vowel group
			}
			vowels++
			// Its marks follow in any order (NFD puts the dot below first).
			var quality rune
			for i+1 < len(d) && unicode.Is(unicode.Mn, d[i+1]) {
				i++
				switch m := d[i]; m {
				case '\u0302', '\u0306', '\u031b':
					if quality != 0 {
						return -1
					}
					quality = m
				case '\u0300', '\u0301', '\u0303', '\u0309', '\u0323':
					if tone != 0 {
						return -1
					}
					tone, toneAt = m, vowels-1
				default:
					return -1
				}
			}
			nucleus = append(nucleus, r)
			if quality != 0 {
				nucleus = append(nucleus, quality)
			}
		case unicode.IsLetter(r):
			if len(nucleus) == 0 {
				onset = append(onset, r)
			} else {
				coda = append(coda, r)
			}
		default:
			return -1
		}
	}
	if len(nucleus) == 0 {
		if tone != 0 {
			return -1
		}
		return 0
	}
	if start == 2 {
		onset = append(d[:1:1], d[1])
	}
	n := norm.NFC.String(string(nucleus))
	pos, ok := tonePos[n]
	if !ok {
		return -1
	}
	c := string(coda)
	if len(coda) > 0 && (n == "oa" || n == "oe" || n == "uy") {
		pos = 2
	}
	if tone != 0 && pos&(1<<toneAt) == 0 {
		return -1
	}
	switch c {
	case "", "c", "ch", "m", "n", "ng", "nh", "p", "t", "k", "h", "l", "r", "s", "j", "w", "i":
	default:
		return -1
	}
	if (c == "p" || c == "t" || c == "c" || c == "ch" || c == "k") && tone != 0 && tone != '\u0301' && tone != '\u0323' {
		return -1
	}
	last := []rune(n)[len([]rune(n))-1]
	if (c == "nh" || c == "ch") && !strings.ContainsRune("aêiy", last) && n != "uê" {
		return -1
	}
	if (c == "ng" || c == "c") && (n == "i" || n == "y" || n == "ê" || n == "uy" || n == "uê") {
		return -1
	}
	first := []rune(n)[0]
	switch string(onset) {
	case "k", "gh", "ngh":
		if !strings.ContainsRune("ieêy", first) {
			return -1
		}
	case "c", "ng":
		if strings.ContainsRune("ieê", first) {
			return -1
		}
	case "g":
		if strings.ContainsRune("eê", first) {
			return -1
		}
	}
	return 1
}

func isPlainVowel(r rune) bool { return strings.ContainsRune("aeiouy", r) }

// EncodeTCVN3 writes Unicode Vietnamese as text typed for a TCVN3 (ABC)
// font shows in Unicode: capitals that VN3 lacks are written with the
// lower-case code, as ".VnTimeH" fonts have them.
func EncodeTCVN3(s string) string {
	inv := map[rune]rune{}
	for k, v := range tcvn3 {
		inv[v] = k
	}
	var b strings.Builder
	for _, r := range norm.NFC.String(s) {
		if c, ok := inv[r]; ok {
			b.WriteRune(c)
		} else if c, ok := inv[unicode.ToLower(r)]; ok && r > 0x7F {
			b.WriteRune(c)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// EncodeVNI writes Unicode Vietnamese as text typed for a VNI font shows in
// Unicode.
func EncodeVNI(s string) string {
	tone := map[rune]rune{'\u0301': 'ù', '\u0300': 'ø', '\u0309': 'û', '\u0303': 'õ', '\u0323': 'ï'}
	circ := map[rune]rune{0: 'â', '\u0301': 'á', '\u0300': 'à', '\u0309': 'å', '\u0303': 'ã', '\u0323': 'ä'}
	breve := map[rune]rune{0: 'ê', '\u0301': 'é', '\u0300': 'è', '\u0309': 'ú', '\u0303': 'ü', '\u0323': 'ë'}
	iTone := map[rune]rune{'\u0301': 'í', '\u0300': 'ì', '\u0309': 'æ', '\u0303': 'ó', '\u0323': 'ò'}
	var b strings.Builder
	for _, r := range norm.NFC.String(s) {
		if r == 'Đ' {
			b.WriteRune('Ñ')
			continue
		}
		if r == 'đ' {
			b.WriteRune('ñ')
			continue
		}
		d := []rune(norm.NFD.String(string(r)))
		if len(d) == 1 || !unicode.IsLetter(d[0]) {
			b.WriteRune(r)
			continue
		}
		base, up := unicode.ToLower(d[0]), unicode.IsUpper(d[0])
		var q, t rune
		for _, m := range d[1:] {
			if m == '\u0302' || m == '\u0306' || m == '\u031b' {
				q = m
			} else {
				t = m
			}
		}
		caseOf := func(c rune) rune {
			if up {
				return unicode.ToUpper(c)
			}
			return c
		}
		switch {
		case base == 'i' && t != 0:
			b.WriteRune(caseOf(iTone[t]))
			continue
		case base == 'y' && t == '\u0323':
			b.WriteRune(caseOf('î'))
			continue
		case q == '\u031b' && base == 'o':
			b.WriteRune(caseOf('ô'))
		case q == '\u031b' && base == 'u':
			b.WriteRune(caseOf('ö'))
		default:
			b.WriteRune(caseOf(base))
		}
		switch q {
		case '\u0302':
			b.WriteRune(caseOf(circ[t]))
			continue
		case '\u0306':
			b.WriteRune(caseOf(breve[t]))
			continue
		}
		if t != 0 {
			b.WriteRune(caseOf(tone[t]))
		}
	}
	return b.String()
}
