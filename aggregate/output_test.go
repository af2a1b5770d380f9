package aggregate

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteAtomic(t *testing.T) {
	t.Run("writes and replaces", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "a.txt")
		for _, want := range []string{"một", "hai"} {
			if err := writeAtomic(path, func(w io.Writer) error {
				_, err := io.WriteString(w, want)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(path)
			if err != nil || string(got) != want {
				t.Fatalf("got %q, %v; want %q", got, err, want)
			}
		}
		assertOnly(t, dir, "a.txt")
	})
	t.Run("failed write keeps the previous file", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "a.txt")
		if err := os.WriteFile(path, []byte("cũ"), 0o644); err != nil {
			t.Fatal(err)
		}
		err := writeAtomic(path, func(w io.Writer) error {
			io.WriteString(w, "nửa chừng")
			return errors.New("hỏng")
		})
		if err == nil {
			t.Fatal("no error")
		}
		got, _ := os.ReadFile(path)
		if string(got) != "cũ" {
			t.Fatalf("previous file changed: %q", got)
		}
		assertOnly(t, dir, "a.txt")
	})
	t.Run("missing folder", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "khong-co", "a.txt")
		if err := writeAtomic(path, func(io.Writer) error { return nil }); err == nil {
			t.Fatal("no error")
		}
	})
}

// assertOnly fails unless dir holds exactly the names.
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if len(got) != len(names) {
		t.Fatalf("folder holds %q, want %q", got, names)
	}
	for i := range names {
		if got[i] != names[i] {
			t.Fatalf("folder holds %q, want %q", got, names)
		}
	}
}
