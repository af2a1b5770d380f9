package templates

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NFC returns s trimmed and in Unicode normal form C, the form every text of
// the campaign and of a read report is kept in.
func NFC(s string) string {
	return norm.NFC.String(strings.TrimSpace(s))
}

// Fold reduces a Vietnamese name for comparison: Unicode-normalised, case
// folded, without diacritics (đ becomes d), apostrophe variants made one,
// runs of white space made one space. "UBND xã Đắk R’Moan" and
// "ubnd xa dak r'moan" fold alike.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case r == '’' || r == '‘' || r == '`' || r == '´' || r == 'ʼ' || r == '′':
			r = '\''
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// foldKey folds s and joins its letters and digits with "_": "Số nguyên",
// "so nguyen" and "so_nguyen" all give "so_nguyen". Column headers and
// drop-down choices of the campaign workbook are compared this way.
func foldKey(s string) string {
	var b strings.Builder
	sep := false
	for _, r := range Fold(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if sep && b.Len() > 0 {
				b.WriteByte('_')
			}
			sep = false
			b.WriteRune(r)
			continue
		}
		sep = true
	}
	return b.String()
}
