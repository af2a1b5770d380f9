package written

import (
	"encoding/hex"
	"io"
	"sort"
	"strings"
	"unicode/utf16"

	"github.com/ledongthuc/pdf"

	"tonghop/aggregate/gate"
)

// The library's ToUnicode decoder adds a code's offset in a bfrange to the
// last byte of the destination only, without carry: fpdf's identity range
// <0000> <FFFF> <0000> (the project's own PDF library) turns "Ệ" (1EC6)
// into "Æ" (00C6). It also searches every entry for every glyph. This
// reader parses the CMap's bfchar and bfrange sections itself, with
// proper arithmetic, a map and a sorted range list.

// toUnicode maps a font's codes to text.
type toUnicode struct {
	width  int // bytes per code: 1 or 2
	chars  map[uint32]string
	ranges []cmapRange // sorted by lo
}

type cmapRange struct {
	lo, hi uint32
	dst    []uint16 // UTF-16 of lo's text; later codes add to its last unit
	array  []string // or one text per code
}

// maxCMapEntries bounds the entries kept from one CMap.
const maxCMapEntries = gate.WrittenMaxCMapEntries

// readToUnicode parses a font's ToUnicode stream (already measured by
// cmapSizes); nil when the font has none or it has no usable entry.
func readToUnicode(v pdf.Value) *toUnicode {
	if v.Kind() != pdf.Stream {
		return nil
	}
	rc := v.Reader()
	b, err := io.ReadAll(io.LimitReader(rc, maxCMap+1))
	rc.Close()
	if err != nil || len(b) > maxCMap {
		return nil
	}
	return parseToUnicode(b)
}

// parseToUnicode parses a CMap's text.
func parseToUnicode(b []byte) *toUnicode {
	m := &toUnicode{width: 1, chars: map[uint32]string{}}
	toks := cmapTokens(string(b))
	section := ""
	var args []string
	entries := 0
	for _, t := range toks {
		switch t {
		case "beginbfchar", "beginbfrange", "begincodespacerange":
			section, args = t, args[:0]
			continue
		case "endbfchar", "endbfrange", "endcodespacerange":
			section = ""
			continue
		}
		if section == "" || entries >= maxCMapEntries {
			continue
		}
		args = append(args, t)
		switch {
		case section == "beginbfchar" && len(args) == 2:
			if code, n, ok := hexCode(args[0]); ok {
				m.width = max(m.width, n)
				m.chars[code] = hexText(args[1])
				entries++
			}
			args = args[:0]
		case section == "beginbfrange" && len(args) >= 3 && (args[2] != "[" || args[len(args)-1] == "]"):
			m.addRange(args)
			entries++
			args = args[:0]
		case section == "begincodespacerange" && len(args) == 2:
			if _, n, ok := hexCode(args[0]); ok {
				m.width = max(m.width, n)
			}
			args = args[:0]
		}
	}
	sort.Slice(m.ranges, func(i, j int) bool { return m.ranges[i].lo < m.ranges[j].lo })
	if len(m.chars) == 0 && len(m.ranges) == 0 {
		return nil
	}
	return m
}

// addRange adds "<lo> <hi> <dst>" or "<lo> <hi> [ <d1> <d2> … ]".
func (m *toUnicode) addRange(args []string) {
	lo, n, ok1 := hexCode(args[0])
	hi, _, ok2 := hexCode(args[1])
	if !ok1 || !ok2 || hi < lo {
		return
	}
	m.width = max(m.width, n)
	r := cmapRange{lo: lo, hi: hi}
	if args[2] == "[" {
		for _, a := range args[3 : len(args)-1] {
			r.array = append(r.array, hexText(a))
		}
	} else {
		b, err := hex.DecodeString(strings.Trim(args[2], "<>"))
		if err != nil || len(b) < 2 {
			return
		}
		for i := 0; i+1 < len(b); i += 2 {
			r.dst = append(r.dst, uint16(b[i])<<8|uint16(b[i+1]))
		}
	}
	m.ranges = append(m.ranges, r)
}

// decode maps a shown string's codes to text; an unmapped code gives
// nothing.
func (m *toUnicode) decode(raw string) string {
	var b strings.Builder
	for i := 0; i+m.width <= len(raw); i += m.width {
		code := uint32(0)
		for k := 0; k < m.width; k++ {
			code = code<<8 | uint32(raw[i+k])
		}
		if s, ok := m.chars[code]; ok {
			b.WriteString(s)
			continue
		}
		j := sort.Search(len(m.ranges), func(j int) bool { return m.ranges[j].lo > code }) - 1
		if j < 0 || code > m.ranges[j].hi {
			continue
		}
		r := m.ranges[j]
		off := code - r.lo
		switch {
		case r.array != nil:
			if int(off) < len(r.array) {
				b.WriteString(r.array[off])
			}
		case len(r.dst) > 0:
			last := uint32(r.dst[len(r.dst)-1]) + off
			if len(r.dst) == 1 {
				if last <= 0x10FFFF {
					b.WriteRune(rune(last))
				}
				continue
			}
			u := append([]uint16(nil), r.dst...)
			u[len(u)-1] = uint16(last)
			b.WriteString(string(utf16.Decode(u)))
		}
	}
	return b.String()
}

// hexCode reads "<1EC6>" as a code and its byte length.
func hexCode(t string) (uint32, int, bool) {
	if !strings.HasPrefix(t, "<") {
		return 0, 0, false
	}
	b, err := hex.DecodeString(strings.Trim(t, "<>"))
	if err != nil || len(b) == 0 || len(b) > 4 {
		return 0, 0, false
	}
	code := uint32(0)
	for _, c := range b {
		code = code<<8 | uint32(c)
	}
	return code, len(b), true
}

// hexText reads "<0041>" as UTF-16BE text.
func hexText(t string) string {
	b, err := hex.DecodeString(strings.Trim(t, "<>"))
	if err != nil {
		return ""
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return string(utf16.Decode(u))
}

// cmapTokens splits a CMap into hex strings, brackets and words; comments,
// names' slashes and literal strings are dropped.
func cmapTokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '%':
			for i < len(s) && s[i] != '\n' && s[i] != '\r' {
				i++
			}
		case c == '<' && i+1 < len(s) && s[i+1] == '<', c == '>' && i+1 < len(s) && s[i+1] == '>':
			i += 2
		case c == '<':
			j := strings.IndexByte(s[i:], '>')
			if j < 0 {
				return out
			}
			out = append(out, strings.Join(strings.Fields(s[i:i+j+1]), ""))
			i += j + 1
		case c == '[' || c == ']':
			out = append(out, string(c))
			i++
		case c == '(':
			j := strings.IndexByte(s[i:], ')')
			if j < 0 {
				return out
			}
			i += j + 1
		case c <= ' ' || c == '/' || c == '{' || c == '}':
			i++
		default:
			j := i
			for j < len(s) && s[j] > ' ' && !strings.ContainsRune("<>[]()/%{}", rune(s[j])) {
				j++
			}
			if j == i { // a stray '>' or ')'
				i++
				continue
			}
			out = append(out, s[i:j])
			i = j
		}
	}
	return out
}
