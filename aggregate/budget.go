package aggregate

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"syscall"
	"time"

	"tonghop/aggregate/gate"
)

// Every file gets a budget. Its bytes are read through a limit (a file
// that grows while it is read is cut off, not read to its end), only a
// regular file is read at all (a pipe or a device reached through a link
// would block or never end), and reading it must finish within
// FileTimeBudget: a file that does not is reported and the run goes on.

// FileTimeBudget is how long one file may take to read, identify and
// validate. A report of a few hundred KB takes well under a second; the
// budget is generous for a slow office PC and short enough that a hostile
// file cannot hold up a merge of 130 units.
const FileTimeBudget = 20 * time.Second

// errNotRegular and tooLargeError say why readBounded gave up.
var errNotRegular = errors.New("không phải tệp thông thường (ống dẫn, thiết bị…), bỏ qua")

type tooLargeError struct{ size int64 }

func (e tooLargeError) Error() string { return tooLarge(e.size) }

// openFlags opens without blocking on a FIFO (a FIFO reached by a link
// swapped in after Collect looked). Windows has no FIFOs to block on and
// ignores the flag.
var openFlags = func() int {
	if runtime.GOOS == "windows" {
		return os.O_RDONLY
	}
	return os.O_RDONLY | syscall.O_NONBLOCK
}()

// readBounded reads the regular file at path, at most limit bytes. It opens
// the file first and checks what it opened (fstat on the handle, not a
// stat of the name, which a link swapped in between could change), and
// reads through a limit, so a file that grows past limit while it is read
// fails instead of being read on. info is set whenever the file could be
// opened.
func readBounded(path string, limit int64) (data []byte, info os.FileInfo, err error) {
	f, err := os.OpenFile(path, openFlags, 0)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	info, err = f.Stat()
	switch {
	case err != nil:
		return nil, nil, err
	case info.IsDir():
		return nil, info, errIsDir
	case !info.Mode().IsRegular():
		return nil, info, errNotRegular
	case info.Size() > limit:
		return nil, info, tooLargeError{info.Size()}
	}
	data, err = readUpTo(f, info.Size(), limit)
	return data, info, err
}

// readUpTo reads r to its end, expecting about hint bytes, and fails with
// a tooLargeError as soon as more than limit bytes come: memory is bounded
// by limit whatever r does.
func readUpTo(r io.Reader, hint, limit int64) ([]byte, error) {
	// Read one byte more than allowed to see growth.
	data := make([]byte, 0, min(hint, limit)+1)
	for {
		if len(data) == cap(data) {
			// Grow by doubling, never past limit+1: at most about three times
			// the limit allocated in all.
			grown := make([]byte, len(data), min(2*int64(cap(data)), limit+1))
			copy(grown, data)
			data = grown
		}
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if int64(len(data)) > limit {
			return nil, tooLargeError{int64(len(data))}
		}
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

var errIsDir = errors.New("đây là thư mục, không phải tệp")

// withinBudget runs read and returns its report, or the report of
// onTimeout when read has not finished within d. The read cannot be
// stopped from outside (the format libraries take no context): it goes on
// in the background and its report is dropped, while the run goes on with
// the next file.
func withinBudget[T any](d time.Duration, read func() T, onTimeout func() T) T {
	done := make(chan T, 1) // buffered: a late read never blocks
	go func() { done <- read() }()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case r := <-done:
		return r
	case <-timer.C:
		return onTimeout()
	}
}

// fileBounded is Reader.File from the point the file is opened: read
// within the size limit and the time budget.
func (rr *Reader) fileBounded(path string) *Report {
	return rr.fileWithin(path, FileTimeBudget)
}

func (rr *Reader) fileWithin(path string, budget time.Duration) *Report {
	data, st, r := rr.loadBounded(path)
	if r != nil {
		return r
	}
	return withinBudget(budget, func() *Report {
		r := rr.Bytes(path, data)
		r.File.ModTime = st.ModTime()
		return r
	}, func() *Report {
		r := &Report{File: FileInfo{Path: path, Size: st.Size(), ModTime: st.ModTime()}}
		return rejected(r, overBudget(budget))
	})
}

// inputsWithin is Reader.Inputs within the size limit and the time
// budget: a mail or an archive and everything inside it share the budget.
func (rr *Reader) inputsWithin(path string, budget time.Duration) []*Report {
	data, st, r := rr.loadBounded(path)
	if r != nil {
		return []*Report{r}
	}
	return withinBudget(budget, func() []*Report {
		return rr.expand(path, data, st.ModTime(), 0, nil)
	}, func() []*Report {
		r := &Report{File: FileInfo{Path: path, Size: st.Size(), ModTime: st.ModTime()}}
		return []*Report{rejected(r, overBudget(budget))}
	})
}

// loadBounded reads a file's bytes within the size limit, or returns the
// report saying why it cannot.
func (rr *Reader) loadBounded(path string) ([]byte, os.FileInfo, *Report) {
	if skip := lockFileReason(path); skip != "" {
		return nil, nil, skipped(path, skip)
	}
	data, st, err := readBounded(path, gate.MaxFileSize)
	if err == nil {
		return data, st, nil
	}
	r := &Report{File: FileInfo{Path: path}}
	if st != nil {
		r.File.Size, r.File.ModTime = st.Size(), st.ModTime()
	}
	var big tooLargeError
	switch {
	case errors.As(err, &big):
		r.File.Size = max(r.File.Size, big.size)
		return nil, nil, rejected(r, big.Error())
	case err == errIsDir:
		return nil, nil, rejected(r, err.Error())
	case err == errNotRegular:
		s := skipped(path, err.Error())
		s.File = r.File
		return nil, nil, s
	case st == nil:
		return nil, nil, rejected(r, fmt.Sprintf("không mở được tệp: %v", osErr(err)))
	}
	return nil, nil, rejected(r, fmt.Sprintf("không đọc được tệp: %v", osErr(err)))
}

// overBudget says that a file took too long to read.
func overBudget(d time.Duration) string {
	return fmt.Sprintf("đọc tệp quá %d giây nên đã bỏ qua: tệp có cấu trúc bất thường (có thể bị hỏng hoặc được tạo để gây hại) — đề nghị đơn vị mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại", int(d/time.Second))
}
