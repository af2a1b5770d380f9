// Package names matches the names units write (in a cell, in a file name)
// to the campaign's units: after Unicode normalisation, case, diacritics,
// apostrophes, abbreviations and legacy encodings are folded, with a
// certainty and the ambiguous candidates. It knows nothing of reports.
package names

import (
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"tonghop/aggregate/legacy"
	"tonghop/templates"
)

// Evidence wording of a Match.
const (
	HowName     = "tên trùng khớp"
	HowAlias    = "tên khác (bí danh) trùng khớp"
	HowNear     = "tên gần đúng"
	HowFileName = "tên tệp chứa tên đơn vị"
	HowFileCode = "mã đơn vị trong tên tệp"
	HowCode     = "mã đơn vị trùng khớp"
	HowPlace    = "tên địa danh trùng khớp" // the place matched, the kind of body not written in full
)

// Thresholds of Decide: a best match is accepted when it scores at least
// MatchThreshold and no other candidate comes within MatchMargin of it.
const (
	MatchThreshold = 0.8
	MatchMargin    = 0.2
	// matchFloor is the lowest score worth showing as a candidate.
	matchFloor = 0.5
)

// Matcher finds units of a campaign by their name as typed in a cell or a
// file name, after NFC normalisation, case folding, diacritic-insensitive
// comparison and apostrophe folding (templates.Fold), legacy TCVN3/VNI
// conversion, and understanding of the Vietnamese prefixes ("UBND" =
// "Ủy ban nhân dân", "xã", "phường", "thị trấn", "huyện", "thành phố"/"TP",
// "Huyện ủy", "Thành ủy") and common abbreviations of agency names.
type Matcher struct {
	units      []*matchUnit
	byCore     map[string][]*matchUnit // compact place → administrative units
	byText     map[string][]textKey    // canonical full text → units (names and aliases)
	byStripped map[string][]*matchUnit // text without the province qualifier → other bodies
	byCode     map[string]*matchUnit   // compact lower-case code → unit
	byGSO      map[string]*matchUnit   // 5-digit commune code → unit
	maxSpan    int                     // longest key in tokens, for file names
	// indexed remembers MatchNameIndexed's answers, up to rememberMax
	// texts: the same headings recur in every file of a campaign.
	indexed    sync.Map
	indexedLen atomic.Int64
}

// rememberMax bounds what MatchNameIndexed remembers, so that files full
// of distinct texts cannot grow it without end.
const rememberMax = 2000

type matchUnit struct {
	unit  *templates.Unit
	order int
	kind  kind
	cores map[string]bool // compact places (administrative units)
	texts []string        // canonical names and aliases, name first
	fuzzy []string        // compact texts without the province qualifier
	// marked holds the same keys as texts, cores and fuzzy with their
	// diacritics kept, to prefer the unit whose name was typed exactly.
	marked map[string]bool
	folded map[string]bool // the keys of marked, folded
}

type textKey struct {
	mu    *matchUnit
	alias bool
}

// kind is the kind of body an administrative name starts with: the
// organisation (People's Committee or Party committee) and the level.
type kind struct {
	org   string // "ubnd", "uy" (huyện ủy, thành ủy) or ""
	level string // "xa", "phuong", "tt", "huyen", "tp" or ""
}

func (k kind) admin() bool { return k.org != "" || k.level != "" }

// tier groups the levels: communes, wards and townships against districts
// and cities.
func tier(level string) int {
	switch level {
	case "xa", "phuong", "tt":
		return 1
	case "huyen", "tp":
		return 2
	}
	return 0
}

// kindFactor says how well the kind written in a query (q) fits a unit's
// kind (u). A party committee always writes its "ủy", so a query without
// it fits a People's Committee better.
func kindFactor(q, u kind) float64 {
	f := 1.0
	switch {
	case q.org == u.org:
	case q.org == "" && u.org == "uy":
		f = 0.7
	case q.org == "":
		if q.level == "" {
			f = 0.85
		} else {
			f = 0.95
		}
	default:
		f = 0.6
	}
	switch {
	case q.level == u.level:
	case q.level == "":
		if q.org != "" {
			f *= 0.9
		}
	case tier(q.level) == tier(u.level):
		f *= 0.7
	default:
		f *= 0.55
	}
	return f
}

// NewMatcher indexes the units of a campaign with their names and aliases.
func NewMatcher(c *templates.Campaign) *Matcher {
	m := &Matcher{
		byCore:     map[string][]*matchUnit{},
		byText:     map[string][]textKey{},
		byStripped: map[string][]*matchUnit{},
		byCode:     map[string]*matchUnit{},
		byGSO:      map[string]*matchUnit{},
	}
	for i := range c.Units {
		u := &c.Units[i]
		mu := &matchUnit{unit: u, order: i, cores: map[string]bool{}, marked: map[string]bool{}, folded: map[string]bool{}}
		nameToks := canonTokens(u.Name)
		mu.kind, _ = parseKind(nameToks)
		for j, s := range append([]string{u.Name}, u.Aliases...) {
			toks, marks := canonPairs(s)
			if len(toks) == 0 {
				continue
			}
			text := strings.Join(toks, " ")
			mu.texts = append(mu.texts, text)
			addKeys(mu.marked, markedKeys(toks, marks))
			addKeys(mu.folded, markedKeys(toks, toks))
			if st := stripProvince(text); !mu.kind.admin() && !containsUnit(m.byStripped[st], mu) {
				m.byStripped[st] = append(m.byStripped[st], mu)
				mu.fuzzy = append(mu.fuzzy, compact(strings.Fields(st)))
			}
			m.byText[text] = append(m.byText[text], textKey{mu, j > 0})
			if len(toks) > m.maxSpan {
				m.maxSpan = len(toks)
			}
			if mu.kind.admin() {
				_, core := parseKind(toks)
				if c := compact(core); c != "" {
					if !mu.cores[c] {
						m.byCore[c] = append(m.byCore[c], mu)
					}
					mu.cores[c] = true
					if len(core) > m.maxSpan {
						m.maxSpan = len(core)
					}
				}
			}
		}
		m.byCode[compact(canonTokens(u.Code))] = mu
		if len(u.GSOCode) == 5 {
			m.byGSO[u.GSOCode] = mu
		}
		m.units = append(m.units, mu)
	}
	return m
}

// Match is a candidate unit for a name.
type Match struct {
	Unit  *templates.Unit
	Score float64 // 0..1, 1 = exact after folding
	How   string  // Vietnamese evidence: "tên trùng khớp", "tên khác (bí danh) trùng khớp", "tên gần đúng", …
}

// MatchName matches the text of a unit-name cell ("UBND xã Đắk Wil",
// "Ủy ban nhân dân xã Đăk Wil", "xa dak wil", or the same in TCVN3 or VNI)
// against the units' names and aliases. It returns the plausible
// candidates, best first, and nil when there is none; Decide tells whether
// the best is clear.
func (m *Matcher) MatchName(text string) []Match {
	return m.matchText(text, true)
}

// MatchNameIndexed is MatchName without the near matches (a misspelt
// place or name, scored 0.9 and under), which compare the text with every
// unit: only what the indexes give (a name, an alias, a code, a place). It
// is for scanning many cells of a file for other units' names, where only
// a score of 0.95 and over counts and a near match over every unit for
// every cell would cost the merge of a thousand files a minute.
func (m *Matcher) MatchNameIndexed(text string) []Match {
	if v, ok := m.indexed.Load(text); ok {
		return v.([]Match)
	}
	ms := m.matchText(text, false)
	if m.indexedLen.Load() < rememberMax {
		if _, had := m.indexed.LoadOrStore(text, ms); !had {
			m.indexedLen.Add(1)
		}
	}
	return ms
}

// matchText decodes legacy encodings and matches; near matches only when
// near is set.
func (m *Matcher) matchText(text string, near bool) []Match {
	if l := legacy.Detect(text); l != legacy.None {
		return m.matchName(legacy.Convert(text, l), near)
	}
	ms := m.matchName(text, near)
	if len(ms) == 0 && legacy.HasLegacyChar(text) {
		// Too short to tell the encoding ("Së Y tÕ"): try both tables.
		for _, l := range []legacy.Encoding{legacy.TCVN3, legacy.VNI} {
			if ms = m.matchName(legacy.Convert(text, l), near); len(ms) > 0 {
				return ms
			}
		}
	}
	return ms
}

// matchName: It is long because it tries the matching strategies in order of certainty.
func (m *Matcher) matchName(text string, near bool) []Match {
	// "Đơn vị: UBND xã Đắk Wil" — the label is not part of the name.
	if i := strings.LastIndexAny(text, ":："); i >= 0 {
		_, n := utf8.DecodeRuneInString(text[i:])
		if rest := text[i+n:]; strings.TrimSpace(rest) != "" {
			text = rest
		}
	}
	toks, marks := canonPairs(text)
	if len(toks) == 0 {
		return nil
	}
	full := strings.Join(toks, " ")
	if mu := m.byCode[compact(toks)]; mu != nil {
		// The cell holds the unit's code ("UBX-24643").
		return []Match{{Unit: mu.unit, Score: 1, How: HowCode}}
	}
	best := map[*matchUnit]Match{}
	add := func(mu *matchUnit, score float64, how string) {
		if score < matchFloor {
			return
		}
		if old, ok := best[mu]; !ok || score > old.Score {
			best[mu] = Match{Unit: mu.unit, Score: score, How: how}
		}
	}
	// Exactly a name or an alias.
	for _, k := range m.byText[full] {
		if k.alias {
			add(k.mu, 1, HowAlias)
		} else {
			add(k.mu, 1, HowName)
		}
	}
	qk, core := parseKind(toks)
	// Administrative units by their place.
	if qc := compact(core); qc != "" {
		for _, mu := range m.byCore[qc] {
			f := kindFactor(qk, mu.kind)
			how := HowName
			if f < 1 {
				how = HowPlace
			}
			add(mu, f, how)
		}
		if near && (len(best) == 0 || maxScore(best) < 0.9) {
			for _, mu := range m.units {
				if !mu.kind.admin() {
					continue
				}
				sim := 0.0
				for c := range mu.cores {
					if s := similarity(qc, c); s > sim {
						sim = s
					}
				}
				if sim >= 0.8 {
					add(mu, (0.6+0.3*(sim-0.8)/0.2)*kindFactor(qk, mu.kind), HowNear)
				}
			}
		}
	}
	// Other bodies by their whole name, the province qualifier aside.
	if !qk.admin() || len(best) == 0 {
		sq := stripProvince(full)
		for _, mu := range m.byStripped[sq] {
			add(mu, 0.95, HowName)
		}
		if near && maxScore(best) < 0.9 {
			cq := compact(strings.Fields(sq))
			for _, mu := range m.units {
				if mu.kind.admin() {
					continue
				}
				sim := 0.0
				for _, c := range mu.fuzzy {
					if s := similarity(cq, c); s > sim {
						sim = s
					}
				}
				if sim >= 0.85 {
					add(mu, 0.6+0.3*(sim-0.85)/0.15, HowNear)
				}
			}
		}
	}
	preferMarked(best, toks, marks)
	return sortMatches(m, best)
}

// preferMarked lowers, among units whose names differ only by their
// diacritics ("Phú Mỹ" and "Phù Mỹ"), those whose name does not carry the
// diacritics as typed, so that a name typed exactly is never ambiguous. A
// name typed without diacritics, or with others than every candidate's,
// stays ambiguous: nothing tells which unit was meant.
func preferMarked(best map[*matchUnit]Match, toks, marks []string) {
	if len(best) < 2 {
		return
	}
	folded := markedKeys(toks, toks)
	typed := markedKeys(toks, marks)
	exact := func(mu *matchUnit) bool {
		for k := range typed {
			if mu.marked[k] {
				return true
			}
		}
		return false
	}
	sameFolded := func(mu *matchUnit) bool {
		for k := range folded {
			if mu.folded[k] {
				return true
			}
		}
		return false
	}
	var exacts []*matchUnit
	for mu := range best {
		if exact(mu) {
			exacts = append(exacts, mu)
		}
	}
	if len(exacts) == 0 || len(exacts) == len(best) {
		return
	}
	for mu, mt := range best {
		if exact(mu) || !sameFolded(mu) {
			continue
		}
		if mt.Score -= MatchMargin + 0.05; mt.Score < matchFloor {
			delete(best, mu)
		} else {
			best[mu] = mt
		}
	}
}

func containsUnit(mus []*matchUnit, mu *matchUnit) bool {
	for _, x := range mus {
		if x == mu {
			return true
		}
	}
	return false
}

func maxScore(ms map[*matchUnit]Match) float64 {
	max := 0.0
	for _, m := range ms {
		if m.Score > max {
			max = m.Score
		}
	}
	return max
}

func sortMatches(m *Matcher, best map[*matchUnit]Match) []Match {
	if len(best) == 0 {
		return nil
	}
	order := map[*templates.Unit]int{}
	out := make([]Match, 0, len(best))
	for mu, mt := range best {
		order[mu.unit] = mu.order
		out = append(out, mt)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return order[out[i].Unit] < order[out[j].Unit]
	})
	return out
}

// MatchFileName matches a file name ("BC 20 nam - Dak Mil (final) (1).xlsx",
// "UBX-24643_UBND-xa-Dak-Wil.xlsx", names in NFD): a unit code in it wins;
// else the unit names and aliases contained in the folded name, longest
// first. File-name evidence never scores 1.
func (m *Matcher) MatchFileName(name string) []Match {
	base := filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	base = strings.TrimSuffix(base, filepath.Ext(base))
	if l := legacy.Detect(base); l != legacy.None {
		base = legacy.Convert(base, l)
	}
	toks := canonTokens(base)
	best := map[*matchUnit]Match{}
	add := func(mu *matchUnit, score float64, how string) {
		if score < matchFloor {
			return
		}
		if old, ok := best[mu]; !ok || score > old.Score {
			best[mu] = Match{Unit: mu.unit, Score: score, How: how}
		}
	}
	// Codes: "UBX-24643", "ubx24643", "TU01", and 5-digit commune codes.
	for i := range toks {
		for n := 1; n <= 2 && i+n <= len(toks); n++ {
			if mu := m.byCode[compact(toks[i:i+n])]; mu != nil {
				add(mu, 0.99, HowFileCode)
			}
		}
		if mu := m.byGSO[toks[i]]; mu != nil {
			add(mu, 0.95, HowFileCode)
		}
	}
	if len(best) > 0 {
		return sortMatches(m, best)
	}
	var spans []span
	for i := range toks {
		for j := i + 1; j <= len(toks) && j-i <= m.maxSpan; j++ {
			w := toks[i:j]
			for _, k := range m.byText[strings.Join(w, " ")] {
				if !k.mu.kind.admin() || j-i >= 2 {
					add(k.mu, 0.95, HowFileName)
					spans = append(spans, span{i, j, k.mu})
				}
			}
			for _, mu := range m.byCore[compact(w)] {
				pre, _ := parseKind(append(prefixTokens(toks[:i]), w...))
				add(mu, 0.95*kindFactor(pre, mu.kind), HowFileName)
				spans = append(spans, span{i, j, mu})
			}
		}
	}
	// A commune named with its district: the district is context
	// ("UBND xa Dak Wil - huyen Cu Jut"), as is the district's Party
	// committee.
	for mu := range best {
		if p := mu.unit.Parent; p != "" {
			for other := range best {
				if (other.unit.Code == p || other.unit.GSOCode != "" && other.unit.GSOCode == gsoOf(m, p)) &&
					disjoint(spans, mu, other) {
					delete(best, other)
				}
			}
		}
	}
	// Longest first: a name inside a longer matched name is not evidence.
	for _, s := range spans {
		for _, l := range spans {
			if l.mu != s.mu && l.i <= s.i && s.j <= l.j && l.j-l.i > s.j-s.i {
				if _, ok := best[s.mu]; ok && !coversAny(spans, s.mu, l) {
					delete(best, s.mu)
				}
			}
		}
	}
	return sortMatches(m, best)
}

// disjoint reports whether the names of a and b were found in different
// places of a file name.
func disjoint(spans []span, a, b *matchUnit) bool {
	for _, x := range spans {
		for _, y := range spans {
			if x.mu == a && y.mu == b && x.i < y.j && y.i < x.j {
				return false
			}
		}
	}
	return true
}

// gsoOf returns the statistics-office code of the unit with the code.
func gsoOf(m *Matcher, code string) string {
	if mu := m.byCode[compact(canonTokens(code))]; mu != nil {
		return mu.unit.GSOCode
	}
	return ""
}

// span is where a unit's name was found in the words of a file name.
type span struct {
	i, j int
	mu   *matchUnit
}

// coversAny reports whether mu has a span not inside l.
func coversAny(spans []span, mu *matchUnit, l span) bool {
	for _, s := range spans {
		if s.mu == mu && !(l.i <= s.i && s.j <= l.j) {
			return true
		}
	}
	return false
}

// prefixTokens returns the words just before a place in a file name that
// may say its kind ("ubnd", "xa", "huyen uy"), at most three.
func prefixTokens(toks []string) []string {
	n := 0
	for i := len(toks) - 1; i >= 0 && n < 3; i-- {
		switch toks[i] {
		case "ubnd", "xa", "phuong", "tt", "huyen", "tp", "uy", "thanh":
			n++
			continue
		}
		break
	}
	return toks[len(toks)-n:]
}

// Decide reads the candidates of MatchName or MatchFileName: best is the
// unit when the first candidate scores at least MatchThreshold and the
// next is more than MatchMargin below it. Otherwise best is nil and
// ambiguous lists the candidates that could be meant (those within
// MatchMargin of the first, or all when the first is weak), for an error
// that names them. Both are empty when there is no candidate.
func Decide(ms []Match) (best *Match, ambiguous []Match) {
	if len(ms) == 0 {
		return nil, nil
	}
	top := ms[0]
	if top.Score < MatchThreshold {
		return nil, ms
	}
	for _, m := range ms[1:] {
		if top.Score-m.Score < MatchMargin {
			ambiguous = append(ambiguous, m)
		}
	}
	if len(ambiguous) == 0 {
		return &ms[0], nil
	}
	return nil, append([]Match{top}, ambiguous...)
}

// abbreviations rewrites phrases of agency names to one short form, so that
// "Ủy ban nhân dân" and "UBND", or "Sở Văn hóa, Thể thao và Du lịch" and
// "Sở VHTTDL" compare equal. Keys and values are folded words; "và" is
// dropped before.
var abbreviations = []struct{ long, short []string }{
	{strings.Fields("uy ban nhan dan"), []string{"ubnd"}},
	{strings.Fields("hoi dong nhan dan"), []string{"hdnd"}},
	{strings.Fields("thanh pho"), []string{"tp"}},
	{strings.Fields("thi tran"), []string{"tt"}},
	{strings.Fields("thi xa"), []string{"tx"}},
	{strings.Fields("doan dai bieu quoc hoi"), []string{"doan", "dbqh"}},
	{strings.Fields("dai bieu quoc hoi"), []string{"dbqh"}},
	{strings.Fields("mat tran to quoc"), []string{"mttq"}},
	{strings.Fields("phat thanh truyen hinh"), []string{"ptth"}},
	{strings.Fields("pt th"), []string{"ptth"}},
	{strings.Fields("khu cong nghiep"), []string{"kcn"}},
	{strings.Fields("van hoa the thao du lich"), []string{"vhttdl"}},
	{strings.Fields("vh tt dl"), []string{"vhttdl"}},
	{strings.Fields("lao dong thuong binh xa hoi"), []string{"ldtbxh"}},
	{strings.Fields("ld tb xh"), []string{"ldtbxh"}},
	{strings.Fields("ke hoach dau tu"), []string{"khdt"}},
	{strings.Fields("kh dt"), []string{"khdt"}},
	{strings.Fields("tai nguyen moi truong"), []string{"tnmt"}},
	{strings.Fields("tn mt"), []string{"tnmt"}},
	{strings.Fields("giao duc dao tao"), []string{"gddt"}},
	{strings.Fields("gd dt"), []string{"gddt"}},
	{strings.Fields("khoa hoc cong nghe"), []string{"khcn"}},
	{strings.Fields("kh cn"), []string{"khcn"}},
	{strings.Fields("giao thong van tai"), []string{"gtvt"}},
	{strings.Fields("nong nghiep phat trien nong thon"), []string{"nnptnt"}},
	{strings.Fields("nn ptnt"), []string{"nnptnt"}},
	{strings.Fields("thong tin truyen thong"), []string{"tttt"}},
	{strings.Fields("tt tt"), []string{"tttt"}},
	{strings.Fields("bo chi huy"), []string{"bch"}},
	{strings.Fields("quan su"), []string{"qs"}},
	{strings.Fields("bien phong"), []string{"bp"}},
	{strings.Fields("bo doi bp"), []string{"bdbp"}},
	{strings.Fields("viet nam"), []string{"vn"}},
	{strings.Fields("cong thuong"), []string{"ct"}},
	{strings.Fields("ban quan ly"), []string{"bql"}},
	{strings.Fields("ban ql"), []string{"bql"}},
	{strings.Fields("bchqs"), []string{"bch", "qs"}},
	{strings.Fields("chqs"), []string{"bch", "qs"}},
	{strings.Fields("bo bch"), []string{"bch"}},
	{strings.Fields("lien doan lao dong"), []string{"ldld"}},
	{strings.Fields("ld ld"), []string{"ldld"}},
	{strings.Fields("hoi lien hiep phu nu"), []string{"hlhpn"}},
	{strings.Fields("hoi lhpn"), []string{"hlhpn"}},
	{strings.Fields("hoi ccb"), []string{"hoi", "cuu", "chien", "binh"}},
	{strings.Fields("ubmttq"), []string{"uy", "ban", "mttq"}},
	{strings.Fields("ub mttq"), []string{"uy", "ban", "mttq"}},
}

// canonTokens folds s and splits it into words, apostrophes dropped inside
// words ("R'Lấp" → "rlap"), "và"/"&" dropped and abbreviations applied.
func canonTokens(s string) []string {
	toks, _ := canonPairs(s)
	return toks
}

// canonPairs returns the words of canonTokens and, word for word, the same
// words with their diacritics kept (lower case, the tone mark written
// after the word so that "hòa" and "hoà" compare equal); an abbreviation
// applied replaces both.
func canonPairs(s string) (toks, marks []string) {
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			raw := cur.String()
			toks = append(toks, templates.Fold(raw))
			marks = append(marks, toneLast(raw))
			cur.Reset()
		}
	}
	for _, r := range norm.NFD.String(s) {
		switch {
		case r == '\'' || r == '’' || r == '‘' || r == '`' || r == '´' || r == 'ʼ' || r == '′':
			// R'Lấp, N'Drót: the apostrophe joins the syllables.
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) && cur.Len() > 0:
			cur.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	n := 0
	for i, t := range toks {
		if t != "va" && t != "cac" {
			toks[n], marks[n] = t, marks[i]
			n++
		}
	}
	toks, marks = toks[:n], marks[:n]
	// Rewrite until nothing changes: "Bộ CHQS" becomes "bo bch qs", then "bch qs".
	for pass := 0; pass < 3; pass++ {
		var res, resMarks []string
		changed := false
		for i := 0; i < len(toks); {
			matched := false
			for _, a := range abbreviations {
				if hasPrefix(toks[i:], a.long) {
					res = append(res, a.short...)
					resMarks = append(resMarks, a.short...)
					i += len(a.long)
					matched = true
					changed = changed || !equalWords(a.long, a.short)
					break
				}
			}
			if !matched {
				res = append(res, toks[i])
				resMarks = append(resMarks, marks[i])
				i++
			}
		}
		toks, marks = res, resMarks
		if !changed {
			break
		}
	}
	return toks, marks
}

// toneLast lower-cases a word (NFD) and moves its tone mark to the end:
// "Hoà" and "Hòa" both give "hoa" followed by the grave accent, while
// "Phú" and "Phù", or "Đắk" and "Đăk", stay apart.
func toneLast(word string) string {
	var b strings.Builder
	var tone rune
	for _, r := range word {
		switch r {
		case '\u0300', '\u0301', '\u0303', '\u0309', '\u0323':
			tone = r
			continue
		case '\u0340', '\u0341': // deprecated grave and acute tone marks
			tone = r - 0x40
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	out := norm.NFC.String(b.String())
	if tone != 0 {
		out += string(tone)
	}
	return out
}

// markedKeys returns the keys a name is matched exactly by, built from
// words (marks: the same words with or without diacritics): the whole
// name, an administrative unit's place (or the whole of another name, a
// place written alone), and another body's name without the province
// qualifier.
func markedKeys(toks, marks []string) map[string]bool {
	keys := map[string]bool{"name " + strings.Join(marks, " "): true}
	if k, i, j := parseKindSpan(toks); k.admin() {
		keys["place "+compact(marks[i:j])] = true
	} else {
		// A place written alone ("Phù Mỹ") or another body's name.
		keys["place "+compact(marks)] = true
		n := len(strings.Fields(stripProvince(strings.Join(toks, " "))))
		keys["body "+strings.Join(marks[:n], " ")] = true
	}
	return keys
}

// addKeys adds the keys of from to to.
func addKeys(to, from map[string]bool) {
	for k := range from {
		to[k] = true
	}
}

func equalWords(a, b []string) bool {
	return len(a) == len(b) && hasPrefix(a, b)
}

func hasPrefix(toks, p []string) bool {
	if len(toks) < len(p) {
		return false
	}
	for i := range p {
		if toks[i] != p[i] {
			return false
		}
	}
	return true
}

// levelWord maps a word at the head of an administrative name to its level.
var levelWord = map[string]string{
	"xa": "xa", "x": "xa", "phuong": "phuong", "p": "phuong", "tt": "tt",
	"huyen": "huyen", "h": "huyen", "tp": "tp",
}

// parseKind splits canonical words into the kind of body they start with
// and the place after it: "ubnd xa dak wil" → {ubnd xa}, [dak wil];
// "huyen uy dak mil" → {uy huyen}, [dak mil]. A name that is no
// administrative name gives an empty kind and all its words. The place
// stops at a further level word ("…, huyện Cư Jút").
func parseKind(toks []string) (kind, []string) {
	k, i, j := parseKindSpan(toks)
	return k, toks[i:j]
}

// parseKindSpan is parseKind giving the place as toks[i:j].
func parseKindSpan(toks []string) (k kind, i, j int) {
	if i < len(toks) && toks[i] == "ubnd" {
		k.org = "ubnd"
		i++
	}
	if i < len(toks)-1 {
		if l, ok := levelWord[toks[i]]; ok {
			k.level = l
			i++
			if k.org == "" && i < len(toks)-1 && toks[i] == "uy" && (l == "huyen" || l == "tp") {
				k.org = "uy"
				i++
			}
		} else if toks[i] == "thanh" && toks[i+1] == "uy" && k.org == "" && i+2 < len(toks) {
			k = kind{org: "uy", level: "tp"}
			i += 2
		}
	}
	if !k.admin() {
		return k, 0, len(toks)
	}
	for j = i; j < len(toks); j++ {
		if t := toks[j]; j > i && (levelWord[t] != "" && len(t) > 1 || t == "tinh") {
			break
		}
	}
	return k, i, j
}

// stripProvince drops a trailing "tỉnh", "tỉnh Đắk Nông" or "Đắk Nông"
// qualifier from a canonical name.
func stripProvince(s string) string {
	s = strings.TrimSuffix(s, " dak nong")
	s = strings.TrimSuffix(s, " tinh")
	return s
}

// compact joins words without spaces: "Đắk R'Lấp", "Đắk Rlấp" and "Dak R Lap"
// become alike.
func compact(toks []string) string { return strings.Join(toks, "") }

// similarity is 1 minus the edit distance relative to the longer string.
func similarity(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	n := max(len(ra), len(rb))
	if n == 0 {
		return 1
	}
	if d := len(ra) - len(rb); d*5 > n || -d*5 > n {
		return 0 // lengths too far apart for a near spelling; skip the work
	}
	return 1 - float64(levenshtein(ra, rb))/float64(n)
}

func levenshtein(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
