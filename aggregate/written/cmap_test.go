package written

import "testing"

func TestToUnicode(t *testing.T) {
	const cm = `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CMapName /Adobe-Identity-UCS def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
2 beginbfchar
<0003> <0020>
<0104> <00440301> % a base letter and a combining mark
endbfchar
3 beginbfrange
<1E00> <1EFF> <1E00>
<0041> <0043> [<0061> <0062> <0063>]
<0200> <02FF> <00C0>
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end`
	m := parseToUnicode([]byte(cm))
	if m == nil || m.width != 2 {
		t.Fatalf("cmap %+v", m)
	}
	for _, tc := range []struct {
		raw, want string
	}{
		{"\x1e\xc6", "Ệ"},             // carry past the last byte's range: 1E00+C6
		{"\x02\x05", "Å"},             // 00C0+5
		{"\x00\x41\x00\x43", "ac"},    // array
		{"\x00\x03", " "},             // bfchar
		{"\x01\x04", "D\u0301"},       // multi-unit destination
		{"\x09\x99\x1e\x00\x01", "Ḁ"}, // unmapped code, then a trailing odd byte
		{"", ""},
	} {
		if got := m.decode(tc.raw); got != tc.want {
			t.Errorf("decode(%q) = %q, want %q", tc.raw, got, tc.want)
		}
	}
	if parseToUnicode([]byte("garbage <zz> [ ( ")) != nil {
		t.Error("garbage parsed")
	}
}

func FuzzToUnicode(f *testing.F) {
	f.Add([]byte("1 beginbfrange <00> <FF> [<0041> <0042>] endbfrange 1 beginbfchar <01> <1EC6> endbfchar"), "\x01\x02")
	f.Fuzz(func(t *testing.T, cm []byte, raw string) {
		if m := parseToUnicode(cm); m != nil {
			m.decode(raw)
		}
	})
}
