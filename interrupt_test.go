package main

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"tonghop/templates/atomicfile"
)

// TestInterruptReleasesLock runs this test binary again as a run holding
// an output folder's lock, stops it with Ctrl-C (SIGINT) and checks that
// the lock is gone and the exit code is 2. Windows cannot send a console
// its Ctrl-C from Go; the close event takes the same path (SIGTERM).
func TestInterruptReleasesLock(t *testing.T) {
	if dir := os.Getenv("TONGHOP_TEST_HOLD_LOCK"); dir != "" {
		if _, err := atomicfile.Lock(dir, time.Now()); err != nil {
			os.Exit(3)
		}
		releaseOnInterrupt(os.Stderr)
		os.Stdout.WriteString("ready\n")
		time.Sleep(time.Minute)
		os.Exit(4)
	}
	if runtime.GOOS == "windows" {
		t.Skip("no Ctrl-C to send from Go on Windows")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestInterruptReleasesLock$")
	cmd.Env = append(os.Environ(), "TONGHOP_TEST_HOLD_LOCK="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if line, _ := bufio.NewReader(out).ReadString('\n'); line != "ready\n" {
		cmd.Process.Kill()
		t.Fatalf("helper said %q", line)
	}
	if _, err := os.Stat(filepath.Join(dir, atomicfile.LockName)); err != nil {
		t.Fatalf("no lock while running: %v", err)
	}
	cmd.Process.Signal(os.Interrupt)
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitFatal {
		t.Fatalf("helper ended with %v, want exit code %d", err, exitFatal)
	}
	if _, err := os.Stat(filepath.Join(dir, atomicfile.LockName)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("lock after Ctrl-C: %v", err)
	}
}
