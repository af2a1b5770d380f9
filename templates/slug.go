package templates

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// maxSlug bounds a slug so that file names stay well within what Windows,
// mail clients and zip tools accept.
const maxSlug = 80

// Slug returns an ASCII form of a Vietnamese name for file names:
// diacritics stripped, đ made d, apostrophes dropped, every other run of
// characters that are not ASCII letters or digits made one "-".
// "UBND xã Đắk Wil" gives "UBND-xa-Dak-Wil", "Đắk R’Moan" gives "Dak-RMoan".
func Slug(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	dash := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ':
			r = 'd'
		case r == 'Đ':
			r = 'D'
		case r == '\'' || r == '’' || r == '‘' || r == 'ʼ' || r == '`' || r == '´' || r == '′':
			continue
		}
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	out := b.String()
	if len(out) > maxSlug {
		out = out[:maxSlug]
		if i := strings.LastIndexByte(out, '-'); i > maxSlug/2 {
			out = out[:i]
		}
		out = strings.TrimRight(out, "-")
	}
	return out
}

// FileName returns the name of the unit's report workbook,
// "<code>_<slug of the name>.xlsx": "UBX-24643_UBND-xa-Dak-Wil.xlsx".
func FileName(u *Unit) string {
	slug := Slug(u.Name)
	if slug == "" {
		return u.Code + ".xlsx"
	}
	return u.Code + "_" + slug + ".xlsx"
}
