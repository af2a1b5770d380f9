//go:build !windows

package main

import (
	"io"
	"os"
)

// textOutput returns f: a Unix terminal, file or pipe takes UTF-8.
func textOutput(f *os.File) io.Writer { return f }
