package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// Batch writes many files into one folder with the guarantee of Write —
// no file is ever half-written under its own name, even after a power cut —
// at the cost of one flush to disk for the whole batch instead of one per
// file (and one folder listing instead of one per file). Write puts each
// file's content in its temporary file; Commit flushes the temporary files
// to disk, renames them into place and flushes the folder. Until Commit,
// the previous files stay as they were. Write may be called from several
// goroutines at once.
//
// Writing a thousand templates one Write at a time spent more time in the
// file system (a flush and a folder listing per file, which also serialise
// the writers on the file system's journal) than in building them.
type Batch struct {
	dir   string
	stale map[string][]string // target name → stale temporary files found at the start

	mu   sync.Mutex
	done []batchFile
}

type batchFile struct{ tmp, path string }

// NewBatch starts a batch of files written into dir, which must exist.
// It lists the folder once to find the temporary files an interrupted run
// left; each is removed when its target is written.
func NewBatch(dir string) *Batch {
	if dir == "" {
		dir = "."
	}
	b := &Batch{dir: dir, stale: map[string][]string{}}
	if ents, err := os.ReadDir(dir); err == nil {
		for _, e := range ents {
			n := e.Name()
			if !e.Type().IsRegular() || !IsTempName(n, "") {
				continue
			}
			target := strings.TrimPrefix(n[:strings.LastIndexByte(n[:len(n)-len(".tmp")], '.')], ".")
			b.stale[target] = append(b.stale[target], n)
		}
	}
	return b
}

// Write writes the file named base (no folder) through write into its
// temporary file. The file takes its place at Commit.
func (b *Batch) Write(base string, write func(io.Writer) error) (err error) {
	path := filepath.Join(b.dir, base)
	b.mu.Lock()
	stale := b.stale[base]
	delete(b.stale, base)
	b.mu.Unlock()
	for _, n := range stale {
		os.Remove(filepath.Join(b.dir, n))
	}
	tmp, err := os.CreateTemp(b.dir, "."+base+".*.tmp")
	if err != nil {
		if errors.Is(err, fs.ErrPermission) {
			return fmt.Errorf("không có quyền ghi vào thư mục %s", filepath.Clean(b.dir))
		}
		return fmt.Errorf("không tạo được tệp tạm trong thư mục %s: %s", filepath.Clean(b.dir), fsReason(err, runtime.GOOS))
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = write(tmp); err != nil {
		return fmt.Errorf("không ghi được %s: %s", path, fsReason(err, runtime.GOOS))
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("không ghi được %s: %s", path, fsReason(err, runtime.GOOS))
	}
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("không ghi được %s: %s", path, fsReason(err, runtime.GOOS))
	}
	b.mu.Lock()
	b.done = append(b.done, batchFile{tmp: tmp.Name(), path: path})
	b.mu.Unlock()
	return nil
}

// Commit flushes every file written to disk, renames each into place and
// flushes the folder. On the first failure the files not yet renamed are
// removed; the ones already renamed are whole.
func (b *Batch) Commit() error {
	b.mu.Lock()
	done := b.done
	b.done = nil
	b.mu.Unlock()
	if err := flushFiles(b.dir, done); err != nil {
		removeTemps(done)
		return err
	}
	for i, f := range done {
		if err := os.Rename(f.tmp, f.path); err != nil {
			removeTemps(done[i:])
			return renameError(f.path, err, runtime.GOOS)
		}
	}
	syncDir(b.dir)
	return nil
}

// Abort removes the temporary files written; the previous files stay.
func (b *Batch) Abort() {
	b.mu.Lock()
	done := b.done
	b.done = nil
	b.mu.Unlock()
	removeTemps(done)
}

func removeTemps(fs []batchFile) {
	for _, f := range fs {
		os.Remove(f.tmp)
	}
}

// syncEach flushes the files one by one: reopened for writing, which
// Windows needs to flush a file.
func syncEach(files []batchFile) error {
	for _, f := range files {
		h, err := os.OpenFile(f.tmp, os.O_WRONLY, 0)
		if err == nil {
			err = h.Sync()
			if cerr := h.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			return fmt.Errorf("không ghi được %s: %s", f.path, fsReason(err, runtime.GOOS))
		}
	}
	return nil
}
