package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

func TestBatch(t *testing.T) {
	writeString := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	t.Run("files appear at commit, previous ones until then", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "b.xlsx"), []byte("cũ"), 0o644); err != nil {
			t.Fatal(err)
		}
		// Temporary files an interrupted run left: removed when their
		// target is written; another's stays until its own run.
		for _, n := range []string{".b.xlsx.123.tmp", ".c.xlsx.9.tmp"} {
			if err := os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		b := NewBatch(dir)
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				name := fmt.Sprintf("u%02d.xlsx", i)
				if i == 0 {
					name = "b.xlsx"
				}
				if err := b.Write(name, writeString("mới "+name)); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if got, _ := os.ReadFile(filepath.Join(dir, "b.xlsx")); string(got) != "cũ" {
			t.Fatalf("before commit b.xlsx = %q, want the previous file", got)
		}
		if _, err := os.Stat(filepath.Join(dir, "u01.xlsx")); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("u01.xlsx before commit: %v", err)
		}
		if err := b.Commit(); err != nil {
			t.Fatal(err)
		}
		want := []string{".c.xlsx.9.tmp", "b.xlsx"}
		for i := 1; i < 20; i++ {
			want = append(want, fmt.Sprintf("u%02d.xlsx", i))
		}
		assertOnly(t, dir, want...)
		for _, n := range want[1:] {
			got, err := os.ReadFile(filepath.Join(dir, n))
			if err != nil || string(got) != "mới "+n {
				t.Errorf("%s = %q, %v", n, got, err)
			}
			// Windows has no permission bits: every writable file is 0666.
			if st, err := os.Stat(filepath.Join(dir, n)); err != nil || (st.Mode().Perm() != 0o644 && runtime.GOOS != "windows") {
				t.Errorf("%s: mode %v, %v", n, st.Mode(), err)
			}
		}
	})
	t.Run("failed write leaves nothing", func(t *testing.T) {
		dir := t.TempDir()
		b := NewBatch(dir)
		err := b.Write("a.xlsx", func(w io.Writer) error {
			io.WriteString(w, "nửa chừng")
			return errors.New("hỏng")
		})
		want := "không ghi được " + filepath.Join(dir, "a.xlsx") + ": hỏng"
		if err == nil || err.Error() != want {
			t.Fatalf("got %v, want %q", err, want)
		}
		if err := b.Commit(); err != nil {
			t.Fatal(err)
		}
		assertOnly(t, dir)
	})
	t.Run("abort keeps the previous files", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "a.xlsx"), []byte("cũ"), 0o644); err != nil {
			t.Fatal(err)
		}
		b := NewBatch(dir)
		for _, n := range []string{"a.xlsx", "b.xlsx"} {
			if err := b.Write(n, writeString("mới")); err != nil {
				t.Fatal(err)
			}
		}
		b.Abort()
		assertOnly(t, dir, "a.xlsx")
		if got, _ := os.ReadFile(filepath.Join(dir, "a.xlsx")); string(got) != "cũ" {
			t.Fatalf("a.xlsx = %q", got)
		}
	})
	t.Run("missing folder", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "khong-co")
		err := NewBatch(dir).Write("a.xlsx", writeString(""))
		want := "không tạo được tệp tạm trong thư mục " + dir + ": thư mục không còn nữa"
		if err == nil || err.Error() != want {
			t.Fatalf("got %v, want %q", err, want)
		}
	})
	t.Run("target is a folder", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.Mkdir(filepath.Join(dir, "a.xlsx"), 0o755); err != nil {
			t.Fatal(err)
		}
		b := NewBatch(dir)
		for _, n := range []string{"a.xlsx", "b.xlsx"} {
			if err := b.Write(n, writeString("mới")); err != nil {
				t.Fatal(err)
			}
		}
		err := b.Commit()
		want := "không thay được tệp " + filepath.Join(dir, "a.xlsx") + ": đã có một thư mục trùng tên; hãy đổi tên hoặc chuyển thư mục đó đi rồi chạy lại"
		if err == nil || err.Error() != want {
			t.Fatalf("got %v, want %q", err, want)
		}
		assertOnly(t, dir, "a.xlsx")
	})
}
