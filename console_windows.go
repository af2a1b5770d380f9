package main

import (
	"io"
	"os"

	"golang.org/x/sys/windows"
	"golang.org/x/text/encoding/charmap"
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

// codePages are the console code pages written; any other gets UTF-8.
var codePages = map[uint32]*charmap.Charmap{
	437: charmap.CodePage437, 850: charmap.CodePage850, 852: charmap.CodePage852,
	855: charmap.CodePage855, 858: charmap.CodePage858, 866: charmap.CodePage866,
	874: charmap.Windows874, 1250: charmap.Windows1250, 1251: charmap.Windows1251,
	1252: charmap.Windows1252, 1253: charmap.Windows1253, 1254: charmap.Windows1254,
	1255: charmap.Windows1255, 1256: charmap.Windows1256, 1257: charmap.Windows1257,
	1258: charmap.Windows1258,
}
