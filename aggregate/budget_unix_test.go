//go:build !windows

package aggregate

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"tonghop/aggregate/gate"
	"tonghop/templates"
)

// TestFileNeverOpensSpecialFiles names to the reader a FIFO (directly and
// through a link, the way a link could be swapped in after Collect
// looked), a folder and a file over the size limit: each gives its
// report at once, and nothing blocks.
func TestFileNeverOpensSpecialFiles(t *testing.T) {
	c, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "bao-cao.xlsx")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("mkfifo:", err)
	}
	link := filepath.Join(dir, "lien-ket.xlsx")
	os.Symlink(fifo, link)
	big := filepath.Join(dir, "lon.xlsx")
	f, _ := os.Create(big)
	f.Truncate(gate.MaxFileSize + 1) // sparse: no disk used
	f.Close()
	rr := NewReader(c, ReadOptions{})
	cases := []struct {
		path, msg      string
		rejected, skip bool
	}{
		{fifo, "không phải tệp thông thường (ống dẫn, thiết bị…), bỏ qua", true, true},
		{link, "không phải tệp thông thường (ống dẫn, thiết bị…), bỏ qua", true, true},
		{dir, "đây là thư mục, không phải tệp", true, false},
		{big, tooLarge(gate.MaxFileSize + 1), true, false},
		{filepath.Join(dir, "khong-co.xlsx"), "không mở được tệp: không có tệp này", true, false},
	}
	for _, tc := range cases {
		r := rr.readPath(tc.path)[0]
		if r.Rejected != tc.rejected || r.Skipped != tc.skip || len(r.Issues) != 1 || r.Issues[0].Msg != tc.msg {
			t.Errorf("%s: rejected %v skipped %v issues %+v, want the message %q", filepath.Base(tc.path), r.Rejected, r.Skipped, r.Issues, tc.msg)
		}
	}
}
