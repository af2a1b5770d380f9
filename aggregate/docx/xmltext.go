package docx

import (
	"math"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// escape makes s fit for XML character data and attribute values: NFC,
// markup characters escaped, invalid UTF-8 replaced by U+FFFD, and the
// characters XML 1.0 forbids (control characters, U+FFFE, U+FFFF) and the
// bidirectional overrides removed.
// Tabs and line breaks are removed too: runs turn them into <w:tab/> and
// <w:br/> before escaping.
func escape(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0, r == 0xfffe, r == 0xffff:
			// Control characters, including C1, which Word rejects too.
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			// Bidirectional overrides and isolates: text from a unit's
			// file must not reorder the report around it.
		case r >= 0xd800 && r < 0xe000:
			b.WriteRune(0xfffd)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mmTwips converts millimetres to twentieths of a point, clamped to
// [0, 31680] (22 inches, the largest page Word accepts).
func mmTwips(mm float64) int {
	return clampRound(mm*1440/25.4, 0, 31680)
}

// ptTwips converts points to twentieths of a point, clamped as mmTwips.
func ptTwips(pt float64) int { return clampRound(pt*20, 0, 31680) }

// halfPoints converts a font size in points to Word's half points, or
// returns def (already in half points) for a size out of range.
func halfPoints(size float64, def int) int {
	if !(size >= 1 && size <= 1638) {
		return def
	}
	return int(math.Round(size * 2))
}

func clampRound(v float64, lo, hi int) int {
	if !(v > float64(lo)) { // NaN too
		return lo
	}
	if v > float64(hi) {
		return hi
	}
	return int(math.Round(v))
}

func itoa(n int) string { return strconv.Itoa(n) }
