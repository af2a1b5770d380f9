package legacy

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"tonghop/templates"

	_ "tonghop/templates/testenv" // the flags every package's tests accept (go test ./... -update)
)

func TestEncoders(t *testing.T) {
	if got := EncodeTCVN3("Đắk Nông"); got != "§¾k N«ng" {
		t.Errorf("EncodeTCVN3 = %q", got)
	}
	if got := EncodeVNI("Đắk Nông"); got != "Ñaék Noâng" {
		t.Errorf("EncodeVNI = %q", got)
	}
}

func TestDetectAndConvertLegacy(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Encoding
		out  string
	}{
		{"tcvn3 province", "§¾k N«ng", TCVN3, "Đắk Nông"},
		{"tcvn3 commune", "UBND x· §¾k Wil", TCVN3, "UBND xã Đắk Wil"},
		{"tcvn3 apostrophe", "UBND huyÖn §¾k R'LÊp", TCVN3, "UBND huyện Đắk R'Lấp"},
		{"tcvn3 soft hyphen u horn", "Tr\u00adêng", TCVN3, "Trường"},
		{"tcvn3 capitals of a VnTimeH font", "§¾K N«NG", TCVN3, "ĐẮK NÔNG"},
		{"tcvn3 sentence", "Së Th«ng tin vµ TruyÒn th«ng", TCVN3, "Sở Thông tin và Truyền thông"},
		{"tcvn3 short word undecidable", "Cã", None, "Cã"},
		{"tcvn3 no", "Kh«ng", TCVN3, "Không"},
		{"vni yes", "Coù", VNI, "Có"},
		{"undecidable pair: TCVN3 stays", "Chö Knia", TCVN3, "Chử Knia"},
		{"rare letters decide for VNI", "Nguyeãn", VNI, "Nguyễn"},
		{"tcvn3 soft hyphen word", "L\u00adu VT", TCVN3, "Lưu VT"},
		{"vni province", "Ñaék Noâng", VNI, "Đắk Nông"},
		{"vni capitals", "ÑAÉK NOÂNG", VNI, "ĐẮK NÔNG"},
		{"vni commune", "UBND xaõ Ñaék Wil", VNI, "UBND xã Đắk Wil"},
		{"vni u horn o horn", "Tröôøng", VNI, "Trường"},
		{"vni only Vietnamese letters", "Baùo caùo", VNI, "Báo cáo"},
		{"unicode", "UBND xã Đắk Wil", None, "UBND xã Đắk Wil"},
		{"unicode nfd", norm.NFD.String("UBND xã Đắk Wil"), None, "UBND xã Đắk Wil"},
		{"unicode Latin-1 letters only", "Hoàng Văn Tú", None, "Hoàng Văn Tú"},
		{"unicode no Vietnamese-only letter", "Có", None, "Có"},
		{"english", "Report for the province", None, "Report for the province"},
		{"german name", "Müller", None, "Müller"},
		{"french word", "façade", None, "façade"},
		{"copyright", "© 2024 Sở TT&TT", None, "© 2024 Sở TT&TT"},
		{"guillemets", "«Báo cáo»", None, "«Báo cáo»"},
		{"degrees", "25°C", None, "25°C"},
		{"email", "vanthu@daknong.gov.vn", None, "vanthu@daknong.gov.vn"},
		{"number", "1.234,5", None, "1.234,5"},
		{"empty", "", None, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Detect(tt.in)
			if got != tt.want {
				t.Fatalf("Detect(%q) = %v, want %v", tt.in, got, tt.want)
			}
			out := Convert(tt.in, got)
			if out != tt.out {
				t.Errorf("Convert(%q, %v) = %q, want %q", tt.in, got, out, tt.out)
			}
			if !utf8.ValidString(out) || !norm.NFC.IsNormalString(out) {
				t.Errorf("output %q is not valid NFC", out)
			}
		})
	}
}

func TestLegacyString(t *testing.T) {
	for l, want := range map[Encoding]string{None: "Unicode", TCVN3: "TCVN3 (ABC)", VNI: "VNI"} {
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
			if l := Detect(s); l != None {
				t.Errorf("%d: Detect(%q) = %v on Unicode text", i, s, l)
			}
			if l := Detect(norm.NFD.String(s)); l != None {
				t.Errorf("%d: Detect(NFD %q) = %v on Unicode text", i, s, l)
			}
			if !representable(s) {
				return
			}
			if enc := EncodeVNI(s); enc != s {
				l := Detect(enc)
				switch {
				case l == None && undecidable(s, EncodeVNI):
					t.Logf("undecidable: %q (VNI %q)", s, enc)
				case l == TCVN3 && templates.Fold(Convert(enc, l)) == templates.Fold(s):
					// "Chö" is VNI "Chư" or TCVN3 "Chử": both read
					// plausibly and fold alike, so names still match.
					t.Logf("ambiguous: %q (VNI %q) read as TCVN3 %q", s, enc, Convert(enc, l))
				case l != VNI:
					t.Errorf("Detect(VNI %q) = %v", enc, l)
				default:
					if got := Convert(enc, l); got != s {
						t.Errorf("Convert(VNI %q) = %q, want %q", enc, got, s)
					}
				}
			}
			if enc := EncodeTCVN3(s); enc != s {
				if l := Detect(enc); l == None && undecidable(s, EncodeTCVN3) {
					t.Logf("undecidable: %q (TCVN3 %q)", s, enc)
				} else if l != TCVN3 {
					t.Errorf("Detect(TCVN3 %q) = %v", enc, l)
				} else if got := Convert(enc, l); !strings.EqualFold(got, s) {
					t.Errorf("Convert(TCVN3 %q) = %q, want %q", enc, got, s)
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

func FuzzLegacy(f *testing.F) {
	for _, s := range []string{"§¾k N«ng", "Ñaék Noâng", "UBND xã Đắk Wil", "Tr\u00adêng", "Baùo caùo", "Müller", "\xff\xfe", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l := Detect(s)
		if l != None && l != TCVN3 && l != VNI {
			t.Fatalf("Detect(%q) = %d", s, l)
		}
		for _, l := range []Encoding{None, TCVN3, VNI} {
			out := Convert(s, l)
			if !utf8.ValidString(out) || !norm.NFC.IsNormalString(out) {
				t.Fatalf("Convert(%q, %v) = %q, not valid NFC", s, l, out)
			}
		}
		// Real Unicode Vietnamese is never taken for legacy.
		for _, r := range s {
			if vietnameseOnly(r) && l != None {
				t.Fatalf("Detect(%q) = %v on Unicode Vietnamese", s, l)
			}
		}
	})
}
