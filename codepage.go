package main

import (
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// Output redirected in cmd (> ket-qua.txt, | more, | findstr) is read by
// Windows' console tools in the console's code page, not as UTF-8: type,
// more and findstr show UTF-8 as "Tá»‡p", with or without a byte order
// mark (which they print as "∩╗┐" or "ï»¿"). So redirected output is
// written in that code page — on a Vietnamese Windows 1258, which Notepad
// also reads right, since there the ANSI code page is 1258 as well. A
// console itself gets UTF-16 from Go and needs none of this; code page
// 65001 (chcp 65001) gets UTF-8 unchanged; JSON (check --json) stays UTF-8,
// as programs read it.

// encodeText writes s in the code page cp. A letter the code page lacks is
// written as its base letter with the marks the code page has: code page
// 1258 holds "ệ" as "ê" and a combining dot below, as Windows writes
// Vietnamese in it; code page 437 has "ê" and no dot below, so "ệ" loses
// only that mark, and "đ" becomes "d": text without some diacritics, still
// read, rather than question marks.
func encodeText(cp *charmap.Charmap, s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range norm.NFC.String(s) {
		if b, ok := cp.EncodeRune(r); ok {
			out = append(out, b)
			continue
		}
		if alt, ok := plainPunct[r]; ok {
			out = append(out, encodeText(cp, alt)...)
			continue
		}
		if r >= 0x2500 && r <= 0x257F { // box drawing: the check's tables
			out = append(out, boxChar(r))
			continue
		}
		parts := []rune(norm.NFD.String(string(r)))
		// Each mark composed into the base where the code page has the
		// result ("e" and a circumflex: "ê"), the others kept to follow.
		base, rest := parts[0], []rune(nil)
		for _, m := range parts[1:] {
			c := []rune(norm.NFC.String(string([]rune{base, m})))
			if _, ok := cp.EncodeRune(c[0]); len(c) == 1 && ok {
				base = c[0]
			} else {
				rest = append(rest, m)
			}
		}
		switch base {
		case 'đ':
			base = 'd'
		case 'Đ':
			base = 'D'
		}
		if b, ok := cp.EncodeRune(base); ok {
			out = append(out, b)
		} else {
			out = append(out, '?')
		}
		for _, m := range rest {
			if b, ok := cp.EncodeRune(m); ok {
				out = append(out, b)
			}
		}
	}
	return out
}

// plainPunct stands in for the punctuation and rules a code page may lack.
var plainPunct = map[rune]string{
	'—': "-", '–': "-", '…': "...",
	'“': `"`, '”': `"`, '‘': "'", '’': "'", '«': `"`, '»': `"`, '•': "*", '→': "->",
}

// boxChar draws a box-drawing character with -, | and +.
func boxChar(r rune) byte {
	switch r {
	case '─', '━', '┄', '┅', '┈', '┉', '╌', '╍', '═':
		return '-'
	case '│', '┃', '┆', '┇', '┊', '┋', '╎', '╏', '║':
		return '|'
	}
	return '+'
}

// codePageWriter writes UTF-8 text to w in a code page, holding back the
// start of a character split between two writes.
type codePageWriter struct {
	w     io.Writer
	cp    *charmap.Charmap
	carry []byte
}

func (c *codePageWriter) Write(p []byte) (int, error) {
	b := append(c.carry, p...)
	// Hold back an incomplete character at the end (at most 3 bytes).
	cut := len(b)
	for i := len(b) - 1; i >= 0 && i >= len(b)-3; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				cut = i
			}
			break
		}
	}
	c.carry = append([]byte(nil), b[cut:]...)
	if _, err := c.w.Write(encodeText(c.cp, string(b[:cut]))); err != nil {
		return 0, err
	}
	return len(p), nil
}
