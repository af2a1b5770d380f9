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

// tooLarge says that a file is over MaxFileSize, and what to do.
func tooLarge(n int64) string {
	return fmt.Sprintf("tệp quá lớn (%s; giới hạn %s): báo cáo đơn vị chỉ cần vài chục KB — xóa ảnh dán vào bảng tính hoặc gửi lại đúng tệp biểu mẫu",
		gate.ByteSize(n), gate.ByteSize(gate.MaxFileSize))
}

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

// load reads a file's bytes within the size limit, or returns the report
// saying why it cannot.
func load(path string) ([]byte, os.FileInfo, *Report) {
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
		return nil, nil, skippedFile(r, err.Error())
	case st == nil:
		return nil, nil, rejected(r, fmt.Sprintf("không mở được tệp: %v", osErr(err)))
	}
	return nil, nil, rejected(r, fmt.Sprintf("không đọc được tệp: %v", osErr(err)))
}

// overBudget says that a file took too long to read.
func overBudget(d time.Duration) string {
	return fmt.Sprintf("đọc tệp quá %d giây nên đã bỏ qua: tệp có cấu trúc bất thường (có thể bị hỏng hoặc được tạo để gây hại) — đề nghị đơn vị mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại", int(d/time.Second))
}

func osErr(err error) string {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "không có tệp này"
	case errors.Is(err, os.ErrPermission):
		return "không có quyền đọc"
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
