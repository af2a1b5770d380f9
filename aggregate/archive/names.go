package archive

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// Archives made on Windows without UTF-8 (the zip folders of Explorer, old
// WinZip and WinRAR, Outlook's winmail.dat) store names in the computer's
// OEM code page: 1258 on a Vietnamese Windows, 437 on an English one.

// decodeName turns a name stored as raw bytes into text: UTF-8 when it is
// valid UTF-8, else Windows-1258 when that gives Vietnamese letters, else
// code page 437. The result is NFC.
func decodeName(raw string) string {
	if utf8.ValidString(raw) {
		return norm.NFC.String(raw)
	}
	if s, err := charmap.Windows1258.NewDecoder().String(raw); err == nil {
		if s = norm.NFC.String(s); vietnameseText(s) {
			return s
		}
	}
	s, _ := charmap.CodePage437.NewDecoder().String(raw)
	return norm.NFC.String(s)
}

// vietnameseText reports whether every letter of s outside ASCII is one
// of the Vietnamese alphabet: a Latin letter with Vietnamese marks, or đ.
func vietnameseText(s string) bool {
	for _, r := range s {
		if r < utf8.RuneSelf || r == 'đ' || r == 'Đ' {
			continue
		}
		d := norm.NFD.String(string(r))
		if d[0] >= utf8.RuneSelf || strings.IndexByte("aeiouyAEIOUY", d[0]) < 0 {
			return false
		}
		for _, m := range d[1:] {
			if !strings.ContainsRune(vietnameseMarks, m) {
				return false
			}
		}
	}
	return true
}

// vietnameseMarks are the combining marks of Vietnamese letters: grave,
// acute, circumflex, tilde, breve, hook above, horn, dot below.
const vietnameseMarks = "\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323"
