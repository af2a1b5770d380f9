//go:build !unix

package infile

import "os"

// openFlags: Windows has no FIFO to block an open; Open checks the type of
// what it opened.
const openFlags = os.O_RDONLY
