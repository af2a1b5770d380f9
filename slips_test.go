package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSlips runs the slips an officer makes and checks each is answered
// in Vietnamese with what to do, exit 2, and nothing in English.
func TestSlips(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "trong")
	file := filepath.Join(dir, "tep.txt")
	os.Mkdir(empty, 0o755)
	os.Mkdir(filepath.Join(empty, "con"), 0o755)
	os.WriteFile(file, []byte("x"), 0o644)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"check of an empty folder says where it looked",
			[]string{"check", empty},
			"tonghop check: không có tệp nào để kiểm tra trong " + empty + " (đã tìm cả thư mục con). Hãy chọn thư mục chứa các tệp báo cáo đơn vị gửi về"},
		{"generate into a file",
			[]string{"generate", "--unit", "TU01", "--out", file},
			"tonghop generate: không dùng được thư mục kết quả " + file + ": đó là một tệp, không phải thư mục; hãy chọn thư mục khác (--out)"},
		{"generate below a file",
			[]string{"generate", "--unit", "TU01", "--out", filepath.Join(file, "bm")},
			"một phần của đường dẫn là tệp, không phải thư mục"},
		{"fetch into a file, told before the mailbox is opened",
			[]string{"fetch", "--imap", "imaps://a@127.0.0.1:1/INBOX", "--out", file},
			"tonghop fetch: không dùng được thư mục kết quả " + file + ": đó là một tệp, không phải thư mục"},
		{"init over a folder",
			[]string{"init", "--out", empty},
			"tệp chiến dịch phải có đuôi .xlsx"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tc.args, &stdout, &stderr)
			out := stdout.String() + stderr.String()
			if code != exitFatal || !strings.Contains(out, tc.want) {
				t.Errorf("exit %d, want 2 and %q\n%s", code, tc.want, out)
			}
			for _, en := range []string{"not a directory", "no such file", "mkdir "} {
				if strings.Contains(out, en) {
					t.Errorf("English system text %q:\n%s", en, out)
				}
			}
		})
	}
}
