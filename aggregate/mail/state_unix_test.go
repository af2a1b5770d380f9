//go:build unix

package mail

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestLoadStateSkipsFIFOs: a FIFO named like a mail, or in the state
// file's place, is skipped instead of blocking fetch (no writer ever opens
// them); the regular mail beside them is still known by its hash.
func TestLoadStateSkipsFIFOs(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"kẹt.eml", StateFile} {
		if err := syscall.Mkfifo(filepath.Join(dir, name), 0o644); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
	}
	mail := []byte("From: a@b.vn\r\nSubject: x\r\n\r\nbody\r\n")
	if err := os.WriteFile(filepath.Join(dir, "thật.eml"), mail, 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan *state, 1)
	go func() {
		st, err := loadState(dir)
		if err != nil {
			t.Error(err)
		}
		done <- st
	}()
	select {
	case st := <-done:
		if st == nil {
			return
		}
		if len(st.Hashes) != 1 || st.Hashes[contentHash(mail)] != "thật.eml" {
			t.Errorf("hashes %v, want only thật.eml", st.Hashes)
		}
		// Writing the state replaces the FIFO with a file.
		if err := st.write(dir); err != nil {
			t.Fatal(err)
		}
		if info, err := os.Lstat(filepath.Join(dir, StateFile)); err != nil || !info.Mode().IsRegular() {
			t.Errorf("state file after write: %v, %v", info, err)
		}
	case <-time.After(30 * time.Second): // a safety net only: a FIFO blocks for ever
		t.Fatal("loadState blocked on a FIFO")
	}
}
