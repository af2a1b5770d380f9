package isolate

import (
	"errors"
	"strings"
	"testing"
	"time"

	_ "tonghop/templates/testenv" // the flags every package's tests accept (go test ./... -update)
)

// The jobs a worker of this test binary runs: each registered here is
// served by the child process before any test starts.
func init() {
	Register("test.echo", func(in []byte) ([]byte, error) { return append([]byte("echo:"), in...), nil })
	Register("test.fail", func(in []byte) ([]byte, error) { return nil, errors.New("tệp hỏng") })
	Register("test.stack", func(in []byte) ([]byte, error) { return nil, errors.New(strings.Repeat("x", recurse(0))) })
	Register("test.huge", func(in []byte) ([]byte, error) {
		// What a PDF predictor's /Columns 1099511627775 asks of the library.
		b := make([]byte, 1<<40)
		return b[:1], nil
	})
	Register("test.hog", func(in []byte) ([]byte, error) {
		var keep [][]byte
		for {
			b := make([]byte, 8<<20)
			for i := 0; i < len(b); i += 4096 {
				b[i] = 1 // touch each page: held, not only reserved
			}
			//lint:ignore SA4010 held on purpose: the job must pass its memory cap
			keep = append(keep, b)
		}
	})
	Register("test.loop", func(in []byte) ([]byte, error) {
		for {
			time.Sleep(time.Millisecond)
		}
	})
	Register("test.flood", func(in []byte) ([]byte, error) { return make([]byte, 3<<20), nil })
}

//go:noinline
func recurse(n int) int {
	var pad [256]byte
	pad[n%256] = byte(n)
	//lint:ignore SA5007 the stack overflow is what the test isolates
	return recurse(n+1) + int(pad[0])
}

func TestRun(t *testing.T) {
	// The time limit is far above what each case takes, even on a loaded
	// machine: only test.loop may reach it (it has its own).
	lim := Limits{Memory: 64 << 20, Time: 20 * time.Second, Output: 1 << 20}
	cases := []struct {
		job, want string
		crashed   bool
	}{
		{"test.echo", "echo:dữ liệu", false},
		{"test.fail", "tệp hỏng", false},
		{"test.stack", "cấu trúc tệp lặp lại hoặc lồng nhau vô hạn (tràn ngăn xếp khi đọc)", true},
		{"test.huge", "đọc tệp đòi quá nhiều bộ nhớ (hơn 64 MB)", true},
		{"test.hog", "đọc tệp đòi quá nhiều bộ nhớ (hơn 64 MB)", true},
		{"test.loop", "đọc quá 0,5 giây nên đã dừng", true},
		{"test.flood", "kết quả đọc quá lớn (hơn 1 MB)", true},
	}
	for _, tc := range cases {
		t.Run(tc.job, func(t *testing.T) {
			t.Parallel()
			lim := lim
			if tc.job == "test.loop" {
				lim.Time = time.Second / 2
			}
			out, err := Run(tc.job, []byte("dữ liệu"), lim)
			if err == nil {
				if string(out) != tc.want {
					t.Fatalf("got %q, want %q", out, tc.want)
				}
				return
			}
			var f *Failure
			if !errors.As(err, &f) || f.Reason != tc.want || f.Crashed != tc.crashed {
				t.Fatalf("got %v (%+v), want %q crashed %v", err, f, tc.want, tc.crashed)
			}
		})
	}
}

func TestRunUnknownJob(t *testing.T) {
	if _, err := Run("test.none", nil, Limits{}); err == nil {
		t.Fatal("an unregistered job ran")
	}
}
