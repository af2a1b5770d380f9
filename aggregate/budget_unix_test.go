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
		path, msg string
		state     State
	}{
		{fifo, "không phải tệp thông thường (ống dẫn, thiết bị…), bỏ qua", StateSkipped},
		{link, "không phải tệp thông thường (ống dẫn, thiết bị…), bỏ qua", StateSkipped},
		{dir, "đây là thư mục, không phải tệp", StateRejected},
		{big, tooLarge(gate.MaxFileSize + 1), StateRejected},
		{filepath.Join(dir, "khong-co.xlsx"), "không mở được tệp: không có tệp này", StateRejected},
	}
	for _, tc := range cases {
		r := rr.readPath(tc.path)[0]
		if r.State != tc.state || len(r.Issues) != 1 || r.Issues[0].Msg != tc.msg {
			t.Errorf("%s: state %v issues %+v, want %v and the message %q", filepath.Base(tc.path), r.State, r.Issues, tc.state, tc.msg)
		}
	}
}
