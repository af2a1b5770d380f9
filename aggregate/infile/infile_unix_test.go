//go:build unix

package infile

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestSpecialFilesNeverBlock: a FIFO with no writer (directly, or through
// a link named like a report), a character device and a kernel file that
// never has data each answer at once, unread.
func TestSpecialFilesNeverBlock(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "thu.eml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("mkfifo:", err)
	}
	link := filepath.Join(dir, "bao-cao.xlsx")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	devLink := filepath.Join(dir, "bao-cao.pdf")
	os.Symlink("/dev/zero", devLink)
	for _, p := range []string{fifo, link, devLink} {
		if _, _, err := Read(p, 1<<20); !errors.Is(err, ErrNotRegular) {
			t.Errorf("%s: %v, want ErrNotRegular", filepath.Base(p), err)
		}
		if _, err := Head(p, 8); !errors.Is(err, ErrNotRegular) {
			t.Errorf("%s head: %v, want ErrNotRegular", filepath.Base(p), err)
		}
	}
	// /proc/kmsg is a "regular" file whose read waits for the kernel's
	// next message: opened without blocking, it answers at once (EAGAIN,
	// or no permission).
	if _, err := os.Lstat("/proc/kmsg"); err == nil {
		kmsg := filepath.Join(dir, "kmsg.eml")
		os.Symlink("/proc/kmsg", kmsg)
		if _, _, err := Read(kmsg, 1<<20); err == nil || err == ErrTimeout {
			t.Errorf("/proc/kmsg: %v, want an error at once", err)
		}
	}
}
