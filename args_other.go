//go:build !windows

package main

import (
	"io"
	"os"
)

// commandLine returns the program's arguments: a Unix shell has split and
// expanded them already.
func commandLine(io.Writer) []string { return os.Args[1:] }
