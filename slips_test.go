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

// TestMailWithoutAttachment: a mail that came without its attachment is a
// thing to do — it reaches merge's "Cần xử lý", from a unit known by its
// address or from a stranger, and the unit is not told it sent nothing.
func TestMailWithoutAttachment(t *testing.T) {
	t.Parallel()
	in := t.TempDir()
	copySamples(t, in, "BC Tam Thang.xlsx")
	for name, from := range map[string]string{
		"xa.eml": "=?UTF-8?Q?UBND_x=C3=A3_=C4=90=E1=BA=AFk_Sin?= <ubnd@daksin.gov.vn>",
		"la.eml": "Nguyen Van A <nva@gmail.com>",
	} {
		eml := "Received: by mail.daknong.gov.vn; Mon, 08 Apr 2024 09:05:00 +0700\r\nFrom: " + from +
			"\r\nTo: stttt@daknong.gov.vn\r\nSubject: Bao cao 20 nam\r\nDate: Mon, 08 Apr 2024 09:00:00 +0700\r\n" +
			"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nKính gửi Sở, đơn vị gửi báo cáo.\r\n"
		if err := os.WriteFile(filepath.Join(in, name), []byte(eml), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	campaign := editedCampaign(t, t.TempDir(), "Chiến dịch của các mẫu") // 8 units: 5 reminders, not 127
	run([]string{"merge", in, "--campaign", campaign, "--out", t.TempDir(), "--as-of", "2024-04-15"}, &stdout, &stderr)
	out := stdout.String()
	_, todo, ok := strings.Cut(out, "Cần xử lý:")
	if !ok {
		t.Fatalf("no “Cần xử lý”:\n%s%s", out, stderr.String())
	}
	todo, _, _ = strings.Cut(todo, "\n\n")
	// Each mail on a line of its own, whatever the date's style.
	for _, want := range [][2]string{
		{"UBX-24760 UBND xã Đắk Sin: thư của UBND xã Đắk Sin <ubnd@daksin.gov.vn> (", "không có tệp đính kèm"},
		{"thư của Nguyen Van A <nva@gmail.com> (", "không có tệp đính kèm"},
	} {
		found := false
		for _, line := range strings.Split(todo, "\n") {
			found = found || strings.Contains(line, want[0]) && strings.Contains(line, want[1])
		}
		if !found {
			t.Errorf("“Cần xử lý” lacks %q … %q:\n%s", want[0], want[1], todo)
		}
	}
}
