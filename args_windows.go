package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"

	"golang.org/x/sys/windows"
)

// commandLine returns the program's arguments. When one holds a quote,
// the command line is read again with the repair of splitCommandLine (a
// quoted folder ending in a backslash), and each repaired argument is
// noted on stderr.
func commandLine(stderr io.Writer) []string {
	args := os.Args[1:]
	quote := false
	for _, a := range args {
		quote = quote || strings.Contains(a, `"`)
	}
	if !quote {
		return args
	}
	fixed, repaired := splitCommandLine(windows.UTF16PtrToString(syscall.GetCommandLine()))
	if len(repaired) == 0 {
		return args
	}
	for _, r := range repaired {
		fmt.Fprintln(stderr, repairNote(r))
	}
	return fixed
}

// repairNote tells the officer how an argument ending in \" was read.
func repairNote(arg string) string {
	return fmt.Sprintf("Lưu ý: đường dẫn %s kết thúc bằng dấu \\ ngay trước dấu \" đóng; Windows đọc cặp \\\" là dấu \" nằm trong tên và nối cả phần sau vào đường dẫn. Đã hiểu là %s.", quoted(arg+`"`), quoted(arg))
}
