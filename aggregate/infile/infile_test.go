package infile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	_ "tonghop/templates/testenv" // the flags every package's tests accept (go test ./... -update)
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "bao-cao.xlsx")
	os.WriteFile(small, []byte("PK\x03\x04 dữ liệu"), 0o644)
	big := filepath.Join(dir, "lon.xlsx")
	f, _ := os.Create(big)
	f.Truncate(1 << 30) // sparse: no disk used
	f.Close()
	for _, tc := range []struct {
		name, path string
		want       string
		err        error
	}{
		{"regular", small, "PK\x03\x04 dữ liệu", nil},
		{"folder", dir, "", ErrIsDir},
		{"too large", big, "", TooLargeError{1 << 30, 1 << 20}},
		{"missing", filepath.Join(dir, "khong-co.xlsx"), "", fs.ErrNotExist},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data, _, err := Read(tc.path, 1<<20)
			if !errors.Is(err, tc.err) || string(data) != tc.want {
				t.Fatalf("got %q, %v; want %q, %v", data, err, tc.want, tc.err)
			}
		})
	}
	if head, err := Head(small, 4); err != nil || string(head) != "PK\x03\x04" {
		t.Errorf("head %q, %v", head, err)
	}
	if head, err := Head(small, 100); err != nil || string(head) != "PK\x03\x04 dữ liệu" {
		t.Errorf("head of a short file %q, %v", head, err)
	}
}

// growing gives bytes for ever, like a file that grows while it is read.
type growing struct{ n int64 }

func (g *growing) Read(p []byte) (int, error) {
	g.n += int64(len(p))
	return len(p), nil
}

// TestReadUpToGrowth: a file that grows while read fails once past the
// limit, having read at most limit+1 bytes and allocated about three
// times the limit, whatever size it first gave.
func TestReadUpToGrowth(t *testing.T) {
	const limit = 1 << 20
	for _, hint := range []int64{0, 1000, 1 << 30} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		g := &growing{}
		_, err := readUpTo(g, hint, limit)
		runtime.ReadMemStats(&after)
		var big TooLargeError
		if !errors.As(err, &big) || big.Size != limit+1 || g.n > limit+1 {
			t.Errorf("hint %d: %v after %d bytes", hint, err, g.n)
		}
		if got := after.TotalAlloc - before.TotalAlloc; got > 3*limit+64<<10 {
			t.Errorf("hint %d: allocated %d bytes reading past a limit of %d", hint, got, limit)
		}
	}
	data, err := readUpTo(io.LimitReader(&growing{}, limit), limit, limit)
	if err != nil || len(data) != limit {
		t.Fatalf("a file of exactly the limit: %d bytes, %v", len(data), err)
	}
}

// TestWithinDeadline: an open or a read that never ends (a share that
// stopped answering) gives ErrTimeout after the deadline, not a hang.
func TestWithinDeadline(t *testing.T) {
	never := make(chan struct{})
	defer close(never)
	_, _, err := within(10*time.Millisecond, func() ([]byte, fs.FileInfo, error) {
		<-never
		return nil, nil, nil
	})
	if err != ErrTimeout || !strings.Contains(err.Error(), "không trả lời") {
		t.Fatalf("got %v", err)
	}
}
