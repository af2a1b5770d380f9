//go:build unix

package infile

import (
	"os"
	"syscall"
)

// openFlags opens without blocking: a FIFO does not wait for a writer, and
// a file that never has data answers a read at once.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK
