package pdf

import (
	"strings"
	"testing"
	"time"
)

// TestWrapTextKeepsFileTextOnThePage wraps a text answer as a unit might
// send it: a long unbroken run (a pasted link) with control and
// bidi-override characters. Every line fits the width, and none of those
// characters is left.
func TestWrapTextKeepsFileTextOnThePage(t *testing.T) {
	l := newLayout(time.Date(2024, 4, 15, 0, 0, 0, 0, time.UTC))
	text := "Xem \x1b[2Jtại https://" + strings.Repeat("dak-nong.gov.vn/", 60) + " \u202Eđã đăng\u202C 35 tin."
	const size, w = 13, 80.0
	lines := l.breakLines(l.words([]textRun{{text: text}}, size), w, w, size)
	if len(lines) < 10 {
		t.Fatalf("%d lines, want the link cut over many", len(lines))
	}
	l.font("", size)
	var all strings.Builder
	for i, ln := range lines {
		var parts []string
		for _, wd := range ln {
			parts = append(parts, wd.text())
		}
		s := strings.Join(parts, " ")
		if lw := l.f.GetStringWidth(s); lw > w+1e-6 {
			t.Errorf("line %d is %.1f mm wide, more than %.0f: %q", i, lw, w, s)
		}
		all.WriteString(s)
	}
	if strings.ContainsAny(all.String(), "\x1b\u202E\u202C") {
		t.Errorf("control or bidi characters left: %q", all.String())
	}
	// Nothing lost but the unsafe characters (and the spaces between lines).
	want := strings.ReplaceAll("Xem [2Jtại https://"+strings.Repeat("dak-nong.gov.vn/", 60)+" đã đăng 35 tin.", " ", "")
	if got := strings.ReplaceAll(all.String(), " ", ""); got != want {
		t.Errorf("text %q, want %q", got, want)
	}
}
