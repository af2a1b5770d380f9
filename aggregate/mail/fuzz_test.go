package mail

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FuzzParse feeds Parse mutations of the fixtures and of hostile shapes,
// with small limits, and checks that it never panics and never returns more
// than the limits allow.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "eml", "*.eml"))
	files = append(files, filepath.Join("testdata", "outlook-mscfb.msg"), filepath.Join("testdata", "draft.eml"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(buildMsg(testMsg{subject: "Báo cáo", senderName: "Xã", attachments: []testAttach{
		{name: "a.xlsx", data: []byte("PK")},
		{embedded: &testMsg{subject: "Fwd", attachments: []testAttach{{name: "b.xlsx", data: []byte("PK")}}}},
	}}))
	f.Add(manyParts(50))
	f.Add(deepMail(20))
	f.Add([]byte("Content-Type: message/rfc822\r\n\r\nContent-Type: message/rfc822\r\n\r\nSubject: x\r\n\r\n"))
	recoverPanics = false
	defer func() { recoverPanics = true }()
	lim := Limits{MaxSize: 4 << 20, MaxAttachments: 20, MaxParts: 200, MaxDepth: 8, MaxHeaderBytes: 16 << 10}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Parse("fuzz.eml", data, lim)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			if !utf8.ValidString(err.Error()) {
				t.Fatalf("invalid UTF-8 in %q", err.Error())
			}
			return
		}
		if len(m.Attachments) > lim.MaxAttachments {
			t.Fatalf("%d attachments", len(m.Attachments))
		}
		total := 0
		for _, a := range m.Attachments {
			total += len(a.Data)
			if a.Name == "" || strings.ContainsAny(a.Name, "/\\") || !norm.NFC.IsNormalString(a.Name) {
				t.Fatalf("attachment name %q", a.Name)
			}
		}
		if int64(total) > lim.MaxSize {
			t.Fatalf("%d attachment bytes", total)
		}
	})
}

// FuzzSafeFileName checks the promises of SafeFileName on any text a mail
// subject or sender can carry.
func FuzzSafeFileName(f *testing.F) {
	for _, s := range []string{"Báo cáo: 20 năm?", "CON", "com1.txt", " . ", "a\x00b", strings.Repeat("ắ", 60)} {
		f.Add(s, 40)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		if max < 8 || max > 300 {
			return
		}
		got := SafeFileName(s, max)
		if got == "" || len(got) > max+1 || !utf8.ValidString(got) && utf8.ValidString(s) {
			t.Fatalf("SafeFileName(%q, %d) = %q", s, max, got)
		}
		if strings.ContainsAny(got, "<>:\"/\\|?*\x00\r\n\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f") || strings.HasSuffix(got, ".") || strings.HasSuffix(got, " ") {
			t.Fatalf("SafeFileName(%q, %d) = %q", s, max, got)
		}
	})
}
