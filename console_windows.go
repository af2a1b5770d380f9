package main

import (
	"io"
	"os"

	"golang.org/x/sys/windows"
)

// textOutput returns f as the program writes text to it: f itself when it
// is a console or the code page is UTF-8 (or one codePages does not
// hold), else a writer in the console's code page, or without a console
// the OEM code page console tools use (see codepage.go).
func textOutput(f *os.File) io.Writer {
	var mode uint32
	if windows.GetConsoleMode(windows.Handle(f.Fd()), &mode) == nil {
		return f
	}
	cp, _ := windows.GetConsoleOutputCP()
	if cp == 0 {
		cp = getOEMCP()
	}
	if m, ok := codePages[cp]; ok {
		return &codePageWriter{w: f, cp: m}
	}
	return f
}

var procGetOEMCP = windows.NewLazySystemDLL("kernel32.dll").NewProc("GetOEMCP")

// getOEMCP returns the system's OEM code page, which x/sys does not wrap.
func getOEMCP() uint32 {
	cp, _, _ := procGetOEMCP.Call()
	return uint32(cp)
}
