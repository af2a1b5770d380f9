//go:build !linux

package atomicfile

// flushFiles flushes the files one by one: there is no portable call that
// flushes a whole file system, and on Windows a folder cannot be flushed.
// The flushes still come together at the end, after every file is written.
func flushFiles(dir string, files []batchFile) error { return syncEach(files) }
