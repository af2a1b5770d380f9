//go:build !windows

package atomicfile

import (
	"errors"
	"syscall"
)

// processAliveUnix asks the system whether pid exists (signal 0 checks
// without sending anything; EPERM means it exists under another user).
func processAliveUnix(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

func processAliveWindows(int) bool { return true }
