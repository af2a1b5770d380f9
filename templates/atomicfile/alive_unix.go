//go:build !windows

package atomicfile

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// processAlive asks the system whether process pid of this machine still
// runs (signal 0 checks without sending anything; EPERM means it exists
// under another user).
func processAlive(pid int) bool {
	if pid == os.Getpid() {
		return true
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// processStart returns when process pid started, as an opaque word that
// differs between two processes given the same number: on Linux the start
// time in clock ticks since boot (field 22 of /proc/PID/stat, counted after
// the command name, which may hold blanks and parentheses); "" where the
// system does not tell.
func processStart(pid int) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return ""
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return ""
	}
	f := strings.Fields(s[i+1:]) // field 3 onwards
	if len(f) < 20 {
		return ""
	}
	return f[19]
}
