package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"tonghop/templates/atomicfile"
)

// releaseOnInterrupt makes a run stopped by Ctrl-C, or by its console
// window closed (Windows sends the close as SIGTERM to a program that asks
// for it, and waits a few seconds), release the output folder's lock
// before it ends, so that the next run is not refused. What the run had
// staged is cleared by the next one; the previous outputs stay as they
// were.
func releaseOnInterrupt(stderr io.Writer) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-c
		atomicfile.ReleaseLocks()
		fmt.Fprintln(stderr, "\ntonghop: đã dừng giữa chừng; kết quả cũ (nếu có) được giữ nguyên.")
		os.Exit(exitFatal)
	}()
}
