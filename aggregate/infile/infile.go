// Package infile opens the files tonghop reads from folders it did not make
// — the reports folder of merge and check, fetch's mail folder, a file named
// on the command line — so that no file can block or flood the run. It is
// the one place such files are opened; it knows nothing of the rest of the
// program.
//
// A file is opened without blocking (O_NONBLOCK on unix: opening a FIFO
// does not wait for a writer, and reading a kernel file that never has data
// fails at once instead of waiting), only a regular file is read (fstat on
// the handle, not a stat of the name, which a link swapped in between could
// change; on Windows the same check of the opened handle's type; a kernel
// file that the system can wait on and that has no data is not one), its bytes
// are read through a limit (a file that grows while it is read fails
// instead of being read on), and opening and reading must end within a
// deadline (a disk or network share that stops answering).
package infile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"
)

// Deadline is how long opening and reading one file may take. A local file
// of the largest size allowed is read in well under a second.
const Deadline = 10 * time.Second

// Why a file was not read, besides the system's own errors.
var (
	ErrNotRegular = errors.New("không phải tệp thông thường (ống dẫn, thiết bị…)")
	ErrIsDir      = errors.New("đây là thư mục, không phải tệp")
	ErrTimeout    = fmt.Errorf("đọc tệp quá %d giây mà chưa xong (ổ đĩa hoặc thư mục mạng không trả lời?)", int(Deadline/time.Second))
)

// TooLargeError is the error for a file of more than the limit's bytes;
// Size is its size, or the bytes read when it grew while being read.
type TooLargeError struct{ Size, Limit int64 }

func (e TooLargeError) Error() string {
	return fmt.Sprintf("tệp quá lớn (%d byte, tối đa %d byte)", e.Size, e.Limit)
}

// Open opens path for reading without blocking and returns it with its
// information, or ErrIsDir or ErrNotRegular (with the information) when
// it is not a regular file.
func Open(path string) (*os.File, fs.FileInfo, error) {
	f, err := os.OpenFile(path, openFlags, 0)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	switch {
	case err != nil:
		f.Close()
		return nil, nil, err
	case info.IsDir():
		f.Close()
		return nil, info, ErrIsDir
	case !info.Mode().IsRegular() || neverReady(f):
		f.Close()
		return nil, info, ErrNotRegular
	}
	return f, info, nil
}

// neverReady reports whether f is a "regular" file that the system can
// wait on and that has no data now: a kernel's (/proc/kmsg polls readable,
// then waits for the kernel's next message), not a report. A regular file
// on a disk cannot be waited on (setting a read deadline fails). One that
// can (a network folder mounted through FUSE) and has data is read as any
// other, within the deadline set here.
func neverReady(f *os.File) bool {
	if f.SetReadDeadline(time.Now().Add(Deadline)) != nil {
		return false
	}
	return wouldBlock(f)
}

// Read reads the regular file at path, at most limit bytes, within
// Deadline. info is set whenever the file could be opened.
func Read(path string, limit int64) (data []byte, info fs.FileInfo, err error) {
	return within(Deadline, func() ([]byte, fs.FileInfo, error) { return read(path, limit) })
}

// Head reads at most n bytes from the start of the regular file at path,
// within Deadline: enough to tell what a file is.
func Head(path string, n int) ([]byte, error) {
	data, _, err := within(Deadline, func() ([]byte, fs.FileInfo, error) {
		f, info, err := Open(path)
		if err != nil {
			return nil, info, err
		}
		defer f.Close()
		b := make([]byte, n)
		k, err := io.ReadFull(source(f), b)
		if err == io.ErrUnexpectedEOF || err == io.EOF {
			err = nil
		}
		return b[:k], info, err
	})
	return data, err
}

func read(path string, limit int64) ([]byte, fs.FileInfo, error) {
	f, info, err := Open(path)
	if err != nil {
		return nil, info, err
	}
	defer f.Close()
	if info.Size() > limit {
		return nil, info, TooLargeError{info.Size(), limit}
	}
	data, err := readUpTo(source(f), info.Size(), limit)
	return data, info, err
}

// within runs do and returns its result, or ErrTimeout when it has not
// ended after d. A read blocked in the system cannot be stopped: it ends
// in the background and closes its file, its result dropped.
func within(d time.Duration, do func() ([]byte, fs.FileInfo, error)) ([]byte, fs.FileInfo, error) {
	type result struct {
		data []byte
		info fs.FileInfo
		err  error
	}
	done := make(chan result, 1) // buffered: a late read never blocks
	go func() {
		data, info, err := do()
		done <- result{data, info, err}
	}()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.data, r.info, r.err
	case <-timer.C:
		return nil, nil, ErrTimeout
	}
}

// readUpTo reads r to its end, expecting about hint bytes, and fails with
// a TooLargeError as soon as more than limit bytes come: memory is bounded
// by limit whatever r does.
func readUpTo(r io.Reader, hint, limit int64) ([]byte, error) {
	// Read one byte more than allowed to see growth.
	data := make([]byte, 0, min(max(hint, 512), limit)+1)
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
			return nil, TooLargeError{int64(len(data)), limit}
		}
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
	}
}
