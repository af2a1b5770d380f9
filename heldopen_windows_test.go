package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/windows"
)

// TestOutputHeldOpen (Windows only: the sharing modes are Windows') holds the previous tong-hop.xlsx open as Excel does
// (others may read it, not write or delete it) and merges into its folder:
// the merge names the file and Excel, keeps the old outputs, and exits 2.
// A read-only previous output is told apart: closing nothing would mend it.
func TestOutputHeldOpen(t *testing.T) {
	in := t.TempDir()
	samples, err := filepath.Glob(filepath.Join("samples", "bao-cao", "*.xlsx"))
	if err != nil || len(samples) < 3 {
		t.Fatalf("samples: %v %v", samples, err)
	}
	for _, s := range samples[:3] { // a small merge: what matters is the output
		b, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(in, filepath.Base(s)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name string
		hold func(path string) (release func())
		want string
	}{
		{"open in Excel", func(path string) func() {
			p, _ := windows.UTF16PtrFromString(path)
			h, err := windows.CreateFile(p, windows.GENERIC_READ, windows.FILE_SHARE_READ, nil, windows.OPEN_EXISTING, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			return func() { windows.CloseHandle(h) }
		}, "tệp đang mở trong Excel; hãy đóng tệp rồi chạy lại"},
		{"read-only", func(path string) func() {
			if err := os.Chmod(path, 0o444); err != nil {
				t.Fatal(err)
			}
			return func() { os.Chmod(path, 0o644) }
		}, "tệp được đặt chỉ đọc (Read-only)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "read-only" && underWine() {
				// Wine replaces a read-only file; Windows refuses (access
				// denied), which is what this case tells apart.
				t.Skip("Wine replaces a read-only file")
			}
			out := t.TempDir()
			book := filepath.Join(out, "tong-hop.xlsx")
			if err := os.WriteFile(book, []byte("kết quả cũ"), 0o644); err != nil {
				t.Fatal(err)
			}
			release := tc.hold(book)
			var stdout, stderr bytes.Buffer
			code := run([]string{"merge", in, "--out", out, "--as-of", "2024-04-15"}, &stdout, &stderr)
			release()
			if code != exitFatal || !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("exit %d, stderr lacks %q:\n%s", code, tc.want, stderr.String())
			}
			if b, _ := os.ReadFile(book); string(b) != "kết quả cũ" {
				t.Errorf("the old output changed (%d bytes now)", len(b))
			}
		})
	}
}

// underWine reports whether the test runs under Wine, whose ntdll has
// wine_get_version.
func underWine() bool {
	return windows.NewLazySystemDLL("ntdll.dll").NewProc("wine_get_version").Find() == nil
}
