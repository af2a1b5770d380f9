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
