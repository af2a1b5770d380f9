package aggregate

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"tonghop/templates"
)

// encodeTCVN3 writes Unicode Vietnamese as text typed for a TCVN3 (ABC)
// font shows in Unicode: capitals that VN3 lacks are written with the
// lower-case code, as ".VnTimeH" fonts have them.
func encodeTCVN3(s string) string {
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

// encodeVNI writes Unicode Vietnamese as text typed for a VNI font shows in
// Unicode.
func encodeVNI(s string) string {
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

func TestEncoders(t *testing.T) {
	if got := encodeTCVN3("Đắk Nông"); got != "§¾k N«ng" {
		t.Errorf("encodeTCVN3 = %q", got)
	}
	if got := encodeVNI("Đắk Nông"); got != "Ñaék Noâng" {
		t.Errorf("encodeVNI = %q", got)
	}
}

func TestDetectAndConvertLegacy(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Legacy
		out  string
	}{
		{"tcvn3 province", "§¾k N«ng", LegacyTCVN3, "Đắk Nông"},
		{"tcvn3 commune", "UBND x· §¾k Wil", LegacyTCVN3, "UBND xã Đắk Wil"},
		{"tcvn3 apostrophe", "UBND huyÖn §¾k R'LÊp", LegacyTCVN3, "UBND huyện Đắk R'Lấp"},
		{"tcvn3 soft hyphen u horn", "Tr\u00adêng", LegacyTCVN3, "Trường"},
		{"tcvn3 capitals of a VnTimeH font", "§¾K N«NG", LegacyTCVN3, "ĐẮK NÔNG"},
		{"tcvn3 sentence", "Së Th«ng tin vµ TruyÒn th«ng", LegacyTCVN3, "Sở Thông tin và Truyền thông"},
		{"tcvn3 short word undecidable", "Cã", LegacyNone, "Cã"},
		{"tcvn3 no", "Kh«ng", LegacyTCVN3, "Không"},
		{"vni yes", "Coù", LegacyVNI, "Có"},
		{"undecidable pair: TCVN3 stays", "Chö Knia", LegacyTCVN3, "Chử Knia"},
		{"rare letters decide for VNI", "Nguyeãn", LegacyVNI, "Nguyễn"},
		{"tcvn3 soft hyphen word", "L\u00adu VT", LegacyTCVN3, "Lưu VT"},
		{"vni province", "Ñaék Noâng", LegacyVNI, "Đắk Nông"},
		{"vni capitals", "ÑAÉK NOÂNG", LegacyVNI, "ĐẮK NÔNG"},
		{"vni commune", "UBND xaõ Ñaék Wil", LegacyVNI, "UBND xã Đắk Wil"},
		{"vni u horn o horn", "Tröôøng", LegacyVNI, "Trường"},
		{"vni only Vietnamese letters", "Baùo caùo", LegacyVNI, "Báo cáo"},
		{"unicode", "UBND xã Đắk Wil", LegacyNone, "UBND xã Đắk Wil"},
		{"unicode nfd", norm.NFD.String("UBND xã Đắk Wil"), LegacyNone, "UBND xã Đắk Wil"},
		{"unicode Latin-1 letters only", "Hoàng Văn Tú", LegacyNone, "Hoàng Văn Tú"},
		{"unicode no Vietnamese-only letter", "Có", LegacyNone, "Có"},
		{"english", "Report for the province", LegacyNone, "Report for the province"},
		{"german name", "Müller", LegacyNone, "Müller"},
		{"french word", "façade", LegacyNone, "façade"},
		{"copyright", "© 2024 Sở TT&TT", LegacyNone, "© 2024 Sở TT&TT"},
		{"guillemets", "«Báo cáo»", LegacyNone, "«Báo cáo»"},
		{"degrees", "25°C", LegacyNone, "25°C"},
		{"email", "vanthu@daknong.gov.vn", LegacyNone, "vanthu@daknong.gov.vn"},
		{"number", "1.234,5", LegacyNone, "1.234,5"},
		{"empty", "", LegacyNone, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DetectLegacy(tt.in)
			if got != tt.want {
				t.Fatalf("DetectLegacy(%q) = %v, want %v", tt.in, got, tt.want)
			}
			out := ConvertLegacy(tt.in, got)
			if out != tt.out {
				t.Errorf("ConvertLegacy(%q, %v) = %q, want %q", tt.in, got, out, tt.out)
			}
			if !utf8.ValidString(out) || !norm.NFC.IsNormalString(out) {
				t.Errorf("output %q is not valid NFC", out)
			}
		})
	}
}

func TestLegacyString(t *testing.T) {
	for l, want := range map[Legacy]string{LegacyNone: "Unicode", LegacyTCVN3: "TCVN3 (ABC)", LegacyVNI: "VNI"} {
		if l.String() != want {
			t.Errorf("%d.String() = %q, want %q", l, l.String(), want)
		}
	}
}

// corpus returns real Vietnamese texts of the campaign: every unit name and
// alias, indicator label, section title and help, and each line of the
// official letter.
func corpus(t *testing.T) []string {
	t.Helper()
	c, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, u := range c.Units {
		out = append(out, u.Name)
		out = append(out, u.Aliases...)
	}
	for _, ind := range c.Indicators {
		out = append(out, ind.Label, ind.SectionTitle, ind.Help)
	}
	for _, r := range c.Rules {
		out = append(out, r.Message)
	}
	out = append(out, c.Title, c.Subject, c.Basis)
	// Sentences of the kind units write in the free-text answers.
	out = append(out,
		"Đơn vị đã triển khai đầy đủ các nội dung tuyên truyền theo hướng dẫn.",
		"Khó khăn: kinh phí hạn chế, nhân lực làm công tác truyền thông còn thiếu, chưa được đào tạo chuyên sâu.",
		"Đề nghị Sở Thông tin và Truyền thông tiếp tục hỗ trợ, cung cấp tài liệu, hình ảnh tuyên truyền.",
		"Người báo cáo: Nguyễn Thị Hương, chuyên viên Văn phòng HĐND và UBND huyện, điện thoại 0912 345 678.",
		"Phường Nghĩa Đức, thị xã Gia Nghĩa; xã Quảng Khê, huyện Đắk Glong; thị trấn Ea T'Ling, huyện Cư Jút.",
		"Kỷ niệm 20 năm Ngày tái lập tỉnh (01/01/2004 - 01/01/2024), chào mừng Đại hội Đảng bộ các cấp.",
	)
	// The official letter, where the shared folder is at hand.
	if f, err := os.Open("../../shared/seed/000_554863623f09e294.txt"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			out = append(out, sc.Text())
		}
	}
	var res []string
	for _, s := range out {
		if strings.TrimSpace(s) != "" {
			res = append(res, s)
		}
	}
	return res
}

// TestLegacyCorpus: no real text is taken for legacy; each text typed in
// TCVN3 or VNI is recognised and converted back.
func TestLegacyCorpus(t *testing.T) {
	for i, s := range corpus(t) {
		s = norm.NFC.String(s)
		name := s
		if len(name) > 40 {
			name = name[:40]
		}
		t.Run(name, func(t *testing.T) {
			if l := DetectLegacy(s); l != LegacyNone {
				t.Errorf("%d: DetectLegacy(%q) = %v on Unicode text", i, s, l)
			}
			if l := DetectLegacy(norm.NFD.String(s)); l != LegacyNone {
				t.Errorf("%d: DetectLegacy(NFD %q) = %v on Unicode text", i, s, l)
			}
			if !representable(s) {
				return
			}
			if enc := encodeVNI(s); enc != s {
				l := DetectLegacy(enc)
				switch {
				case l == LegacyNone && undecidable(s, encodeVNI):
					t.Logf("undecidable: %q (VNI %q)", s, enc)
				case l == LegacyTCVN3 && templates.Fold(ConvertLegacy(enc, l)) == templates.Fold(s):
					// "Chö" is VNI "Chư" or TCVN3 "Chử": both read
					// plausibly and fold alike, so names still match.
					t.Logf("ambiguous: %q (VNI %q) read as TCVN3 %q", s, enc, ConvertLegacy(enc, l))
				case l != LegacyVNI:
					t.Errorf("DetectLegacy(VNI %q) = %v", enc, l)
				default:
					if got := ConvertLegacy(enc, l); got != s {
						t.Errorf("ConvertLegacy(VNI %q) = %q, want %q", enc, got, s)
					}
				}
			}
			if enc := encodeTCVN3(s); enc != s {
				if l := DetectLegacy(enc); l == LegacyNone && undecidable(s, encodeTCVN3) {
					t.Logf("undecidable: %q (TCVN3 %q)", s, enc)
				} else if l != LegacyTCVN3 {
					t.Errorf("DetectLegacy(TCVN3 %q) = %v", enc, l)
				} else if got := ConvertLegacy(enc, l); strings.ToLower(got) != strings.ToLower(s) {
					t.Errorf("ConvertLegacy(TCVN3 %q) = %q, want %q", enc, got, s)
				}
			}
		})
	}
}

// undecidable reports whether no word an encoding changes in s becomes
// less Vietnamese by it: ethnic-minority names ("Eapô") are no regular
// syllables before or after, "Số" in VNI is "Soá", a syllable too. Nothing
// then tells the legacy text from a Unicode one.
func undecidable(s string, enc func(string) string) bool {
	for _, w := range strings.Fields(s) {
		if e := enc(w); e != w && syllables(e) < syllables(w) {
			return false
		}
	}
	return true
}

// representable reports whether s survives a legacy encoding: a Latin-1
// sign such as "¹" is a letter code there ("¹" is TCVN3's "ạ").
func representable(s string) bool {
	for _, r := range s {
		if foreign(r) {
			return false
		}
	}
	return true
}
