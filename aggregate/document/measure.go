package document

import (
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// EstimateWidth estimates the width in mm of text set on one line in Times
// New Roman (or the metric-compatible Liberation Serif) at size points,
// from coarse classes of letter widths; it is within about a tenth of the
// real width for Vietnamese text. Writers without font metrics use it to
// size a Rule of unit OfText, and builders to size table columns to their
// content.
func EstimateWidth(text string, size float64, bold bool) float64 {
	em := 0.0
	for _, r := range norm.NFD.String(text) {
		em += runeWidth(r, bold)
	}
	return em * size * 25.4 / 72
}

// runeWidth is a letter's advance width in em, after Times New Roman's
// metrics rounded to a few classes; combining marks take no room.
func runeWidth(r rune, bold bool) float64 {
	switch {
	case unicode.Is(unicode.Mn, r):
		return 0
	case r == ' ':
		return 0.25
	case r == 'i' || r == 'j' || r == 'l' || r == 't' || r == '.' || r == ',' || r == ';' || r == ':' || r == '\'' || r == '’' || r == '|' || r == '!':
		return 0.28
	case r == 'f' || r == 'r' || r == '-' || r == '(' || r == ')' || r == '/' || r == 'I' || r == 's':
		return 0.36
	case r == 'm' || r == 'M' || r == 'W':
		return 0.85
	case r == 'w':
		return 0.72
	case r >= '0' && r <= '9':
		return 0.5
	case unicode.IsUpper(r):
		if bold {
			return 0.74
		}
		return 0.69
	case unicode.IsLower(r):
		if bold {
			return 0.52
		}
		return 0.48
	}
	return 0.5
}
