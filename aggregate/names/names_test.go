package names

import (
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"tonghop/aggregate/legacy"
	"tonghop/templates"

	_ "tonghop/templates/testenv" // the flags every package's tests accept (go test ./... -update)
)

func defaultMatcher(t testing.TB) (*templates.Campaign, *Matcher) {
	t.Helper()
	c, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	return c, NewMatcher(c)
}

// codes lists the units of matches.
func codes(ms []Match) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Unit.Code)
	}
	return out
}

// TestMatchOwnName: every unit's own name, in NFC and NFD, finds it alone
// with score 1.
func TestMatchOwnName(t *testing.T) {
	c, m := defaultMatcher(t)
	for i := range c.Units {
		u := &c.Units[i]
		t.Run(u.Code, func(t *testing.T) {
			for _, name := range []string{u.Name, norm.NFD.String(u.Name)} {
				ms := m.MatchName(name)
				best, amb := Decide(ms)
				if best == nil || best.Unit != u || best.Score != 1 || best.How != HowName {
					t.Fatalf("MatchName(%q) = %v (ambiguous %v), want %s with score 1", name, ms, codes(amb), u.Code)
				}
			}
		})
	}
}

// TestMatchLegacyName: every unit's name typed in TCVN3 or VNI finds it.
func TestMatchLegacyName(t *testing.T) {
	c, m := defaultMatcher(t)
	for i := range c.Units {
		u := &c.Units[i]
		for enc, f := range map[string]func(string) string{"TCVN3": legacy.EncodeTCVN3, "VNI": legacy.EncodeVNI} {
			t.Run(u.Code+"/"+enc, func(t *testing.T) {
				name := f(u.Name)
				best, amb := Decide(m.MatchName(name))
				if best == nil || best.Unit != u || best.Score != 1 {
					t.Fatalf("MatchName(%q) = %+v (ambiguous %v), want %s", name, best, codes(amb), u.Code)
				}
			})
		}
	}
}

// sharedAliases are the aliases that name more than one unit: "Đắk Mil" is
// the township, the district and the district's Party committee.
var sharedAliases = map[string][]string{
	"Đắk Mil": {"UBX-24664", "UBH-663"},
}

// TestMatchAlias: every alias finds its unit alone with score 1, unless it
// is genuinely shared, when Decide reports the ambiguity.
func TestMatchAlias(t *testing.T) {
	c, m := defaultMatcher(t)
	for i := range c.Units {
		u := &c.Units[i]
		for _, a := range u.Aliases {
			t.Run(u.Code+"/"+a, func(t *testing.T) {
				ms := m.MatchName(a)
				best, amb := Decide(ms)
				if want, shared := sharedAliases[a]; shared {
					if best != nil || !reflect.DeepEqual(codes(amb), want) {
						t.Fatalf("MatchName(%q): best %v, ambiguous %v; want ambiguous %v", a, best, codes(amb), want)
					}
					return
				}
				how := HowAlias
				if reflect.DeepEqual(canonTokens(a), canonTokens(u.Name)) {
					how = HowName // "Tạp chí Nậm Nung" folds like the name
				}
				if best == nil || best.Unit != u || best.Score != 1 || best.How != how {
					t.Fatalf("MatchName(%q) = %+v (ambiguous %v), want %s by alias with score 1", a, ms, codes(amb), u.Code)
				}
			})
		}
	}
}

func TestMatchName(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		best      string   // the unit Decide accepts, "" for none
		how       string   // its evidence
		ambiguous []string // when best is "": the candidates Decide lists
	}{
		{"full name", "UBND xã Đắk Wil", "UBX-24643", HowName, nil},
		{"UBND written out, Đăk", "Ủy ban nhân dân xã Đăk Wil", "UBX-24643", HowName, nil},
		{"no diacritics lower case", "xa dak wil", "UBX-24643", HowPlace, nil},
		{"level only", "Xã Đắk Wil", "UBX-24643", HowPlace, nil},
		{"upper case", "UBND XÃ ĐẮK WIL", "UBX-24643", HowName, nil},
		{"NFD", norm.NFD.String("UBND xã Đắk Wil"), "UBX-24643", HowName, nil},
		{"extra spaces", "  UBND   xã  Đắk Wil ", "UBX-24643", HowName, nil},
		{"TCVN3", "UBND x· §¾k Wil", "UBX-24643", HowName, nil},
		{"VNI", "UBND xaõ Ñaék Wil", "UBX-24643", HowName, nil},
		{"label and district", "Đơn vị: UBND xã Đắk Wil, huyện Cư Jút", "UBX-24643", HowName, nil},
		{"full-width colon", "Tên đơn vị：UBND xã Đắk Wil", "UBX-24643", HowName, nil},
		{"TCVN3 agency", "Së Y tÕ", "SBN16", HowName, nil},
		{"code in the cell", "UBX-24643", "UBX-24643", HowCode, nil},
		{"curly apostrophe", "UBND xã Đắk R’Moan", "UBX-24618", HowName, nil},
		{"no apostrophe", "UBND xã Đắk Rmoan", "UBX-24618", HowName, nil},
		{"apostrophe as space", "UBND huyện Đắk R Lấp", "UBH-666", HowName, nil},
		{"thi tran abbreviated", "UBND TT Ea T'Ling", "UBX-24640", HowName, nil},
		{"TP abbreviated", "UBND TP. Gia Nghĩa", "UBH-660", HowName, nil},
		{"TP without UBND", "TP Gia Nghĩa", "UBH-660", HowPlace, nil},
		{"district People's Committee", "UBND huyện Đắk Mil", "UBH-663", HowName, nil},
		{"district Party committee", "Huyện ủy Đắk Mil", "DU-663", HowName, nil},
		{"district without UBND is the People's Committee", "Huyện Đắk Mil", "UBH-663", HowPlace, nil},
		{"township", "UBND thị trấn Đắk Mil", "UBX-24664", HowName, nil},
		{"city Party committee", "Thành ủy Gia Nghĩa", "DU-660", HowName, nil},
		{"place alone is ambiguous", "Đắk Mil", "", "", []string{"UBX-24664", "UBH-663"}},
		{"UBND without level is ambiguous", "UBND Đắk Mil", "", "", []string{"UBH-663", "UBX-24664"}},
		{"no such commune", "UBND xã Đắk Mil", "", "", []string{"UBX-24664", "UBX-24643", "UBX-24718", "UBH-663"}},
		{"near spelling is not enough alone", "UBND xã Đắk Wiil", "", "", []string{"UBX-24643"}},
		{"department abbreviation", "Sở VHTTDL", "SBN13", HowName, nil},
		{"department with province", "Sở Văn hóa, Thể thao và Du lịch tỉnh Đắk Nông", "SBN13", HowName, nil},
		{"ampersand", "Sở TT&TT", "SBN11", HowName, nil},
		{"ampersand words", "Sở Thông tin & Truyền thông", "SBN11", HowName, nil},
		{"province qualifier", "Công an tỉnh Đắk Nông", "LLVT02", HowName, nil},
		{"military abbreviation", "Bộ CHQS tỉnh", "LLVT01", HowName, nil},
		{"industrial zones", "Ban QL các KCN tỉnh", "SBN20", HowName, nil},
		{"Front", "Ủy ban MTTQ Việt Nam tỉnh Đắk Nông", "CTXH01", HowName, nil},
		{"newspaper", "Báo Đắk Nông", "BC01", HowName, nil},
		{"radio abbreviation", "Đài PT-TH Đắk Nông", "BC02", HowName, nil},
		{"magazine as in the letter", "Tạp chí Nậm Nung", "BC03", HowName, nil},
		{"commune shares a name with the magazine", "Nâm Nung", "UBX-24703", HowPlace, nil},
		{"near neighbours stay apart", "UBND xã Quảng Tân", "UBX-24748", HowName, nil},
		{"diacritics are no typo", "Sở Tài chinh", "SBN05", HowName, nil},
		{"typo in an agency name", "Sở Tư phác", "", "", []string{"SBN03"}},
		{"province itself", "UBND tỉnh", "", "", nil},
		{"empty", "", "", "", nil},
		{"nonsense", "Báo cáo tổng hợp", "", "", nil},
	}
	_, m := defaultMatcher(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := m.MatchName(tt.text)
			best, amb := Decide(ms)
			if tt.best != "" {
				if best == nil || best.Unit.Code != tt.best || best.How != tt.how {
					t.Fatalf("MatchName(%q) = %+v; want %s by %q", tt.text, ms, tt.best, tt.how)
				}
				return
			}
			if best != nil || !reflect.DeepEqual(codes(amb), tt.ambiguous) {
				t.Fatalf("MatchName(%q): best %+v, ambiguous %v; want ambiguous %v", tt.text, best, codes(amb), tt.ambiguous)
			}
		})
	}
}

func TestMatchFileName(t *testing.T) {
	tests := []struct {
		name      string
		file      string
		best      string
		how       string
		ambiguous []string
	}{
		{"code wins", "UBX-24643_UBND-xa-Dak-Wil.xlsx", "UBX-24643", HowFileCode, nil},
		{"code without dash", "ubx24643.xlsx", "UBX-24643", HowFileCode, nil},
		{"code of a department", "TU03 bao cao.xlsx", "TU03", HowFileCode, nil},
		{"commune GSO code", "24643.xlsx", "UBX-24643", HowFileCode, nil},
		{"folder and Windows path", `C:\Users\x\Downloads\UBND xã Đắk Wil.xlsx`, "UBX-24643", HowFileName, nil},
		{"NFD name", norm.NFD.String("UBND xã Đắk Wil.xlsx"), "UBX-24643", HowFileName, nil},
		{"place alone is ambiguous", "BC 20 nam - Dak Mil (final) (1).xlsx", "", "", []string{"UBX-24664", "UBH-663"}},
		{"tt says township", "tt Dak Mil.xlsx", "UBX-24664", HowFileName, nil},
		{"Party committee", "huyen uy dak mil.xls", "DU-663", HowFileName, nil},
		{"agency words", "bao cao so noi vu.xlsx", "SBN02", HowFileName, nil},
		{"radio", "Bao cao Dai PTTH Dak Nong.xlsx", "BC02", HowFileName, nil},
		{"newspaper, not the word báo cáo", "Bao Dak Nong - bao cao.xlsx", "BC01", HowFileName, nil},
		{"commune with its district", "UBND xa Dak Wil - huyen Cu Jut.xlsx", "UBX-24643", HowFileName, nil},
		{"district alone", "Bao cao UBND huyen Cu Jut.xlsx", "UBH-662", HowFileName, nil},
		{"joined words", "UBND_xa_DakWil.xlsx", "UBX-24643", HowFileName, nil},
		{"nothing", "Bao cao.xlsx", "", "", nil},
		{"lock file name", "~$Bao cao.xlsx", "", "", nil},
	}
	_, m := defaultMatcher(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := m.MatchFileName(tt.file)
			best, amb := Decide(ms)
			if tt.best != "" {
				if best == nil || best.Unit.Code != tt.best || best.How != tt.how {
					t.Fatalf("MatchFileName(%q) = %+v; want %s by %q", tt.file, ms, tt.best, tt.how)
				}
				if best.Score >= 1 {
					t.Errorf("file-name evidence scored %v, want < 1", best.Score)
				}
				return
			}
			if best != nil || !reflect.DeepEqual(codes(amb), tt.ambiguous) {
				t.Fatalf("MatchFileName(%q): best %+v, ambiguous %v; want ambiguous %v", tt.file, best, codes(amb), tt.ambiguous)
			}
		})
	}
}

func TestDecide(t *testing.T) {
	a, b := &templates.Unit{Code: "A"}, &templates.Unit{Code: "B"}
	tests := []struct {
		name      string
		ms        []Match
		best      string
		ambiguous []string
	}{
		{"none", nil, "", nil},
		{"one clear", []Match{{Unit: a, Score: 1}}, "A", nil},
		{"clear margin", []Match{{Unit: a, Score: 1}, {Unit: b, Score: 0.79}}, "A", nil},
		{"close second", []Match{{Unit: a, Score: 1}, {Unit: b, Score: 0.85}}, "", []string{"A", "B"}},
		{"weak first", []Match{{Unit: a, Score: 0.7}}, "", []string{"A"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			best, amb := Decide(tt.ms)
			got := ""
			if best != nil {
				got = best.Unit.Code
			}
			if got != tt.best || !reflect.DeepEqual(codes(amb), tt.ambiguous) {
				t.Fatalf("Decide = %q, %v; want %q, %v", got, codes(amb), tt.best, tt.ambiguous)
			}
		})
	}
}

func BenchmarkMatchName(b *testing.B) {
	c, m := defaultMatcher(b)
	b.ResetTimer()
	for b.Loop() {
		for i := range c.Units {
			m.MatchName(c.Units[i].Name)
		}
	}
}

func BenchmarkMatchFileName(b *testing.B) {
	c, m := defaultMatcher(b)
	names := make([]string, len(c.Units))
	for i := range c.Units {
		names[i] = "BC 20 nam - " + templates.Fold(c.Units[i].Name) + " (final) (1).xlsx"
	}
	b.ResetTimer()
	for b.Loop() {
		for _, n := range names {
			m.MatchFileName(n)
		}
	}
}

func FuzzMatchName(f *testing.F) {
	for _, s := range []string{"UBND xã Đắk Wil", "Đắk Mil", "UBND x· §¾k Wil", "Sở VHTTDL", "BC 20 nam - Dak Mil (final) (1).xlsx", "UBX-24643_UBND-xa-Dak-Wil.xlsx", "Đơn vị: Huyện ủy Đắk Mil", ""} {
		f.Add(s)
	}
	c, err := templates.Default()
	if err != nil {
		f.Fatal(err)
	}
	m := NewMatcher(c)
	f.Fuzz(func(t *testing.T, s string) {
		for _, ms := range [][]Match{m.MatchName(s), m.MatchFileName(s)} {
			for i, x := range ms {
				if x.Unit == nil || x.Score < matchFloor || x.Score > 1 || x.How == "" {
					t.Fatalf("%q: bad match %+v", s, x)
				}
				if i > 0 && x.Score > ms[i-1].Score {
					t.Fatalf("%q: matches not best first: %+v", s, ms)
				}
			}
			best, amb := Decide(ms)
			if best != nil && len(amb) > 0 || len(ms) > 0 && best == nil && len(amb) == 0 {
				t.Fatalf("%q: Decide = %v, %v", s, best, amb)
			}
		}
	})
}

// TestMatchDiacritics: units whose names differ only by their diacritics
// (communes "Phú Mỹ" and "Phù Mỹ", wards "Tân Hưng" and "Tân Hùng",
// agencies "Trung tâm An Phú" and "Trung tâm Ân Phú") are told apart by a
// name typed exactly, in either Unicode form and with the tone mark in the
// old or new place; typed without diacritics, or with others, the name
// stays ambiguous.
func TestMatchDiacritics(t *testing.T) {
	c := &templates.Campaign{Units: []templates.Unit{
		{Code: "X1", Name: "UBND xã Phú Mỹ"},
		{Code: "X2", Name: "UBND xã Phù Mỹ"},
		{Code: "P1", Name: "UBND phường Tân Hưng"},
		{Code: "P2", Name: "UBND phường Tân Hùng", Aliases: []string{"Phường Tân Hùng Đông"}},
		{Code: "H1", Name: "UBND xã Hòa Thuận"},
		{Code: "H2", Name: "UBND xã Hoa Thuận"},
		{Code: "B1", Name: "Trung tâm An Phú"},
		{Code: "B2", Name: "Trung tâm Ân Phú"},
	}}
	m := NewMatcher(c)
	tests := []struct {
		name      string
		text      string
		best      string   // the unit Decide accepts, "" for none
		ambiguous []string // when best is "": the candidates Decide lists
	}{
		{"full name", "UBND xã Phú Mỹ", "X1", nil},
		{"full name, other tone", "UBND xã Phù Mỹ", "X2", nil},
		{"NFD", norm.NFD.String("UBND xã Phù Mỹ"), "X2", nil},
		{"upper case", "UBND XÃ PHÚ MỸ", "X1", nil},
		{"UBND written out", "Ủy ban nhân dân xã Phú Mỹ", "X1", nil},
		{"place only", "Phù Mỹ", "X2", nil},
		{"level and place", "xã Phú Mỹ", "X1", nil},
		{"label before the name", "Đơn vị: UBND xã Phù Mỹ", "X2", nil},
		{"no diacritics", "UBND xa Phu My", "", []string{"X1", "X2"}},
		{"other diacritics", "UBND xã Phũ Mỹ", "", []string{"X1", "X2"}},
		{"half the diacritics", "UBND xã Phu Mỹ", "", []string{"X1", "X2"}},
		{"ward", "UBND phường Tân Hùng", "P2", nil},
		{"ward, other one", "Phường Tân Hưng", "P1", nil},
		{"alias", "Phường Tân Hùng Đông", "P2", nil},
		{"old tone placement", "UBND xã Hoà Thuận", "H1", nil},
		{"no tone", "UBND xã Hoa Thuận", "H2", nil},
		{"tone mark in NFD, old place", norm.NFD.String("Xã Hoà Thuận"), "H1", nil},
		{"agency", "Trung tâm Ân Phú", "B2", nil},
		{"agency, other one", "TRUNG TÂM AN PHÚ", "B1", nil},
		{"agency without diacritics", "Trung tam An Phu", "", []string{"B1", "B2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := m.MatchName(tt.text)
			best, amb := Decide(ms)
			if tt.best != "" {
				if best == nil || best.Unit.Code != tt.best {
					t.Fatalf("MatchName(%q) = %+v; want %s", tt.text, ms, tt.best)
				}
				return
			}
			if best != nil || !reflect.DeepEqual(codes(amb), tt.ambiguous) {
				t.Fatalf("MatchName(%q): best %+v, ambiguous %v; want ambiguous %v", tt.text, best, codes(amb), tt.ambiguous)
			}
		})
	}
}

// TestMatchNameIndexed: without near matches, every text that MatchName
// decides with a score of 0.95 or more is decided the same (the units'
// names, in legacy encodings too, codes, places, names without the
// province), and a misspelt name, which only a near match finds, is not.
func TestMatchNameIndexed(t *testing.T) {
	c, m := defaultMatcher(t)
	var texts []string
	for i := range c.Units {
		u := &c.Units[i]
		texts = append(texts, u.Name, u.Code, templates.Fold(u.Name), strings.TrimSuffix(u.Name, " tỉnh"))
	}
	texts = append(texts, "Đắk Mil", "xã Đắk Sắk", "Sở Y tế", "Së Y tÕ", "Ban Dân vận", "Tổng số cán bộ")
	decided := 0
	for _, text := range texts {
		full, _ := Decide(m.MatchName(text))
		indexed, _ := Decide(m.MatchNameIndexed(text))
		if full == nil || full.Score < 0.95 {
			if indexed != nil && indexed.Score >= 0.95 {
				t.Errorf("%q: indexed %s (%.2f) where MatchName decides nothing at 0.95", text, indexed.Unit.Code, indexed.Score)
			}
			continue
		}
		decided++
		if indexed == nil || indexed.Unit != full.Unit || indexed.Score != full.Score {
			t.Errorf("%q: MatchName %s (%.2f), indexed %v", text, full.Unit.Code, full.Score, indexed)
		}
	}
	if decided < len(c.Units) {
		t.Errorf("only %d texts decided of %d units", decided, len(c.Units))
	}
	const misspelt = "UBND xã Đắk Wiil"
	if ms := m.MatchName(misspelt); len(ms) == 0 || ms[0].How != HowNear {
		t.Errorf("MatchName(%q) = %v, want a near match", misspelt, ms)
	}
	if ms := m.MatchNameIndexed(misspelt); len(ms) > 0 {
		t.Errorf("MatchNameIndexed(%q) = %v, want none", misspelt, ms)
	}
}
