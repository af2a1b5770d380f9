//go:build unix

package infile

import (
	"io"
	"os"
	"syscall"
	"time"
)

// openFlags opens without blocking: a FIFO does not wait for a writer, and
// a file that never has data answers a read at once.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK

// wouldBlock reports whether a read of f, opened without blocking, would
// wait: the read is tried once, raw, its bytes put back by seeking to the
// start (Open has read nothing before).
func wouldBlock(f *os.File) bool {
	rc, err := f.SyscallConn()
	if err != nil {
		return false
	}
	var buf [1]byte
	var rerr error
	rc.Read(func(fd uintptr) bool {
		_, rerr = syscall.Read(int(fd), buf[:])
		return true // never wait: the answer is whether it would
	})
	f.Seek(0, io.SeekStart)
	return rerr == syscall.EAGAIN
}

// source is what f is read through: f itself for a file on a disk; for a
// regular file the system can wait on, reads that never wait, a read that
// would failing with ErrNotRegular (a kernel file that had some data and
// then waits for more is no report either).
func source(f *os.File) io.Reader {
	if f.SetReadDeadline(time.Now().Add(Deadline)) != nil {
		return f
	}
	rc, err := f.SyscallConn()
	if err != nil {
		return f
	}
	return &noWait{rc}
}

type noWait struct{ rc syscall.RawConn }

func (r *noWait) Read(p []byte) (n int, err error) {
	r.rc.Read(func(fd uintptr) bool {
		n, err = syscall.Read(int(fd), p)
		return true
	})
	switch {
	case err == syscall.EAGAIN:
		return 0, ErrNotRegular
	case err == syscall.EINTR:
		return 0, nil // tried again by the caller
	case err != nil:
		return 0, err
	case n == 0 && len(p) > 0:
		return 0, io.EOF
	}
	return n, nil
}
