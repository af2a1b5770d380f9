package vn

import (
	"bytes"
	"strings"
	"testing"

	_ "tonghop/templates/testenv" // the flags every package's tests accept (go test ./... -update)
)

func TestSafe(t *testing.T) {
	cases := []struct{ name, in, safe, line string }{
		{"plain", "Sở Nội vụ: 35 tin, bài", "Sở Nội vụ: 35 tin, bài", "Sở Nội vụ: 35 tin, bài"},
		{"clear screen and title", "A\x1b[2J\x1b]0;hacked\x07B", "A[2J]0;hackedB", "A[2J]0;hackedB"},
		{"C1 CSI", "x\u009b31my", "x31my", "x31my"},
		{"carriage return", "tốt\r\nxấu\rlắm", "tốt\nxấulắm", "tốt xấulắm"},
		{"tab and newline", "a\tb\nc", "a\tb\nc", "a b c"},
		{"bidi override", "số \u202E53\u202C người", "số 53 người", "số 53 người"},
		{"bidi isolates and marks", "\u2066a\u2069\u200Eb\u200F\u061Cc", "abc", "abc"},
		{"line separators", "a\u2028b\u2029c", "a\nb\nc", "a b c"},
		{"invalid UTF-8 and non-characters", "a\xffb\uFFFEc", "a\uFFFDbc", "a\uFFFDbc"},
		{"NUL and DEL", "a\x00b\x7fc", "abc", "abc"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Safe(tc.in); got != tc.safe {
				t.Errorf("Safe(%q) = %q, want %q", tc.in, got, tc.safe)
			}
			if got := SafeLine(tc.in); got != tc.line {
				t.Errorf("SafeLine(%q) = %q, want %q", tc.in, got, tc.line)
			}
		})
	}
}

func TestSafeWriterSplitSequences(t *testing.T) {
	in := []byte("Đắk \u202Eđơn\u202C vị\x1b[2J\u009b xong\n")
	// Every split point, including inside multi-byte sequences.
	for i := 0; i <= len(in); i++ {
		var b bytes.Buffer
		w := SafeWriter(&b)
		if n, err := w.Write(in[:i]); err != nil || n != i {
			t.Fatalf("Write = %d, %v", n, err)
		}
		if n, err := w.Write(in[i:]); err != nil || n != len(in)-i {
			t.Fatalf("Write = %d, %v", n, err)
		}
		if want := "Đắk đơn vị[2J xong\n"; b.String() != want {
			t.Fatalf("split at %d: %q, want %q", i, b.String(), want)
		}
	}
}

func TestSafePlainAllocatesNothing(t *testing.T) {
	s := "Sở Thông tin và Truyền thông: 1.234 tin, bài"
	if n := testing.AllocsPerRun(100, func() { Safe(s) }); n != 0 {
		t.Fatalf("Safe of clean text allocates %v times", n)
	}
}

// FuzzSafe: Safe leaves no control or bidi-override character but tab and
// line feed, is idempotent, and SafeLine leaves no line break.
func FuzzSafe(f *testing.F) {
	f.Add("A\x1b[2J\u202E35\r\n\u2028")
	f.Fuzz(func(t *testing.T, s string) {
		out := Safe(s)
		for _, r := range out {
			if r < 0x20 && r != '\t' && r != '\n' || r >= 0x7F && r <= 0x9F || r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F || r == 0x061C {
				t.Fatalf("Safe(%q) = %q keeps %U", s, out, r)
			}
		}
		if Safe(out) != out {
			t.Fatalf("Safe is not idempotent on %q", s)
		}
		if line := SafeLine(s); strings.ContainsAny(line, "\n\t\r") {
			t.Fatalf("SafeLine(%q) = %q", s, line)
		}
	})
}
