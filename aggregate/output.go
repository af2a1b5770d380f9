package aggregate

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// writeAtomic writes a file through write into a temporary file in the
// target's folder and renames it into place, so that an interrupted run
// leaves the previous output whole. The folder must exist.
func writeAtomic(path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("không tạo được tệp tạm trong thư mục %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = write(tmp); err != nil {
		return fmt.Errorf("ghi %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("ghi %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("ghi %s: %w", path, err)
	}
	// CreateTemp makes the file readable by its owner only; outputs are
	// ordinary documents.
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("ghi %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("ghi %s: %w", path, err)
	}
	return nil
}
