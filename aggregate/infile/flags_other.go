//go:build !unix

package infile

import (
	"io"
	"os"
)

// openFlags: Windows has no FIFO to block an open; Open checks the type of
// what it opened.
const openFlags = os.O_RDONLY

// wouldBlock: only unix has files that poll readable and never have data.
func wouldBlock(f *os.File) bool { return false }

// source: a file is read as it is.
func source(f *os.File) io.Reader { return f }
