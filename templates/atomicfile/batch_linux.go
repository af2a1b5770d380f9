package atomicfile

import (
	"os"

	"golang.org/x/sys/unix"
)

// flushFiles flushes the file system that holds dir once (syncfs), which
// covers every file of the batch in one journal commit; when that fails it
// flushes the files one by one.
func flushFiles(dir string, files []batchFile) error {
	if len(files) == 0 {
		return nil
	}
	if d, err := os.Open(dir); err == nil {
		err = unix.Syncfs(int(d.Fd()))
		d.Close()
		if err == nil {
			return nil
		}
	}
	return syncEach(files)
}

// startFlush starts writing the file to disk without waiting for it: the
// disk then works while the next files are built, and the flush of Commit
// has little left to wait for (it was most of a batch's time on one core,
// and the same on two).
func startFlush(f *os.File) {
	_ = unix.SyncFileRange(int(f.Fd()), 0, 0, unix.SYNC_FILE_RANGE_WRITE)
}
