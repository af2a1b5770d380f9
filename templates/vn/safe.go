package vn

import (
	"io"
	"strings"
	"unicode/utf8"
)

// Text from the files units send (cell values, file, sheet and unit names)
// reaches the console, the letters, the workbook and the PDF. A control
// character there can clear the officer's screen or retitle the window
// (ESC sequences), and a bidirectional override can make "35" read as "53"
// or hide part of a line. Safe and SafeLine make such text harmless; every
// writer passes file text through them at its entry point.

// Safe removes from s the C0 and C1 control characters other than tab and
// line feed (a carriage return too: line ends are the writer's business),
// the bidirectional embedding, override, isolate and mark characters, and
// the non-characters U+FFFE and U+FFFF; it turns the Unicode line and
// paragraph separators into line feeds and invalid UTF-8 into U+FFFD.
// Text with none of these is returned as it is, without copying.
func Safe(s string) string { return clean(s, '\n') }

// SafeLine is Safe for text shown on one line: tabs and line breaks
// become spaces, so a value cannot forge a line of its own.
func SafeLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' {
			return ' '
		}
		return r
	}, clean(s, ' '))
}

// clean is Safe with the line separators turned into sep.
func clean(s string, sep rune) string {
	if isPlain(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n':
			return r
		case r < 0x20 || r >= 0x7F && r <= 0x9F:
			return -1
		case r == 0x061C || r == 0x200E || r == 0x200F || r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069:
			return -1
		case r == 0x2028 || r == 0x2029:
			return sep
		case r == 0xFFFE || r == 0xFFFF:
			return -1
		}
		return r
	}, s)
}

// isPlain reports whether s is printable ASCII with tabs and line feeds,
// the common case, which needs no change.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\t' && c != '\n') || c >= 0x7F {
			return false
		}
	}
	return true
}

// SafeWriter returns a writer that passes everything written through
// Safe before w: the console and the letters, whose text mixes our words
// with file text, are written through it. A UTF-8 sequence split between
// two writes is held until its end arrives (one left incomplete at the
// very end is dropped: it was invalid).
func SafeWriter(w io.Writer) io.Writer { return &safeWriter{w: w} }

type safeWriter struct {
	w    io.Writer
	tail []byte // the start of a UTF-8 sequence cut by the last write
}

func (s *safeWriter) Write(p []byte) (int, error) {
	buf := append(s.tail, p...)
	cut := len(buf)
	// Hold back an incomplete sequence at the end (at most 3 bytes).
	for i := len(buf) - 1; i >= 0 && i >= len(buf)-3; i-- {
		if utf8.RuneStart(buf[i]) {
			if !utf8.FullRune(buf[i:]) {
				cut = i
			}
			break
		}
	}
	s.tail = append([]byte(nil), buf[cut:]...)
	if _, err := io.WriteString(s.w, Safe(string(buf[:cut]))); err != nil {
		return 0, err
	}
	return len(p), nil
}
