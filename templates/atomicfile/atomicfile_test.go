package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"

	_ "tonghop/templates/testenv" // the flags every package's tests accept (go test ./... -update)
)

func TestWriteAtomic(t *testing.T) {
	t.Run("writes and replaces", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "a.txt")
		for _, want := range []string{"một", "hai"} {
			if err := Write(path, func(w io.Writer) error {
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
		err := Write(path, func(w io.Writer) error {
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
		dir := filepath.Join(t.TempDir(), "khong-co")
		err := Write(filepath.Join(dir, "a.txt"), func(io.Writer) error { return nil })
		want := "không tạo được tệp tạm trong thư mục " + dir + ": thư mục không còn nữa"
		if err == nil || err.Error() != want {
			t.Fatalf("got %v, want %q", err, want)
		}
	})
	// The disk fills up while the workbook is written: the message says
	// so, the previous file stays, no temporary file is left.
	t.Run("disk full mid-way", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "tong-hop.xlsx")
		if err := os.WriteFile(path, []byte("cũ"), 0o644); err != nil {
			t.Fatal(err)
		}
		err := Write(path, func(w io.Writer) error {
			io.WriteString(w, "nửa chừng")
			return &os.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}
		})
		want := "không ghi được " + path + ": ổ đĩa đã đầy"
		if err == nil || err.Error() != want {
			t.Fatalf("got %v, want %q", err, want)
		}
		if got, _ := os.ReadFile(path); string(got) != "cũ" {
			t.Fatalf("previous file changed: %q", got)
		}
		assertOnly(t, dir, "tong-hop.xlsx")
	})
	// A file open for reading elsewhere (a viewer on Linux or macOS) is
	// replaced: the reader keeps the old content, the path has the new.
	t.Run("open elsewhere", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "tong-hop.xlsx")
		if err := os.WriteFile(path, []byte("cũ"), 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := Write(path, func(w io.Writer) error {
			_, err := io.WriteString(w, "mới")
			return err
		}); err != nil {
			if runtime.GOOS == "windows" {
				t.Skip("Windows refuses to replace an open file:", err)
			}
			t.Fatal(err)
		}
		old, _ := io.ReadAll(f)
		got, _ := os.ReadFile(path)
		if string(old) != "cũ" || string(got) != "mới" {
			t.Fatalf("reader sees %q, path holds %q", old, got)
		}
	})
	// The rename itself fails (here: a folder has the output's name; on
	// Windows also a file open in Excel): the message names the file and
	// says what to do; nothing is left behind.
	t.Run("rename fails", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "tong-hop.xlsx")
		if err := os.Mkdir(path, 0o755); err != nil {
			t.Fatal(err)
		}
		err := Write(path, func(w io.Writer) error {
			_, err := io.WriteString(w, "mới")
			return err
		})
		want := "không thay được tệp " + path + ": đã có một thư mục trùng tên; hãy đổi tên hoặc chuyển thư mục đó đi rồi chạy lại"
		if err == nil || err.Error() != want {
			t.Fatalf("got %v, want %q", err, want)
		}
		assertOnly(t, dir, "tong-hop.xlsx")
	})
	// A run killed while writing left its temporary files; the next write
	// of the same output removes them, and leaves others' files alone.
	t.Run("stale temporary files", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "tong-hop.xlsx")
		for _, n := range []string{".tong-hop.xlsx.123.tmp", ".tong-hop.xlsx.4567.tmp", ".bao-cao-tong-hop.pdf.9.tmp", ".tong-hop.xlsx.abc.tmp", "ghi-chu.txt"} {
			if err := os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := Write(path, func(w io.Writer) error { return nil }); err != nil {
			t.Fatal(err)
		}
		assertOnly(t, dir, ".bao-cao-tong-hop.pdf.9.tmp", ".tong-hop.xlsx.abc.tmp", "ghi-chu.txt", "tong-hop.xlsx")
	})
}

func TestRenameError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tong-hop.xlsx")
	pdf := filepath.Join(filepath.Dir(path), "bao-cao-tong-hop.pdf")
	readOnly := filepath.Join(filepath.Dir(path), "chi-doc.xlsx")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(readOnly, nil, 0o444); err != nil {
		t.Fatal(err)
	}
	link := func(errno syscall.Errno) error {
		return &os.LinkError{Op: "rename", Old: path + ".1.tmp", New: path, Err: errno}
	}
	for _, tc := range []struct {
		name, path, goos string
		err              error
		want             string
	}{
		// Access denied on a file this process may write: the folder's
		// permissions or a program holding the file; the sharing
		// violation of a held file is tested on Windows (and Wine).
		{"windows: access denied, file writable", path, "windows", link(5),
			"không thay được tệp " + path + ": không có quyền thay tệp trong thư mục này, hoặc tệp đang mở trong Excel; hãy đóng tệp rồi chạy lại, hoặc ghi kết quả nơi khác"},
		{"windows: access denied, read-only file", readOnly, "windows", link(5),
			"không thay được tệp " + readOnly + ": tệp được đặt chỉ đọc (Read-only); hãy bỏ thuộc tính đó (chuột phải vào tệp → Properties) rồi chạy lại, hoặc ghi kết quả nơi khác"},
		{"windows: sharing violation", path, "windows", link(32),
			"không thay được tệp " + path + ": tệp đang mở trong Excel; hãy đóng tệp rồi chạy lại"},
		{"windows: PDF open in a reader", pdf, "windows", link(33),
			"không thay được tệp " + pdf + ": tệp đang mở trong trình đọc PDF; hãy đóng tệp rồi chạy lại"},
		{"windows: disk full", path, "windows", link(112),
			"không thay được tệp " + path + ": ổ đĩa đã đầy; nếu tệp đang mở trong Excel, hãy đóng tệp rồi chạy lại"},
		{"linux: errno 5 is an I/O error", path, "linux", link(syscall.EIO),
			"không thay được tệp " + path + ": " + syscall.EIO.Error() + "; nếu tệp đang mở trong Excel, hãy đóng tệp rồi chạy lại"},
		{"permission", path, "linux", link(syscall.EACCES),
			"không thay được tệp " + path + ": không có quyền ghi; nếu tệp đang mở trong Excel, hãy đóng tệp rồi chạy lại"},
		{"read-only disk", path, "linux", link(syscall.EROFS),
			"không thay được tệp " + path + ": ổ đĩa chỉ cho đọc (không ghi được); nếu tệp đang mở trong Excel, hãy đóng tệp rồi chạy lại"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := renameError(tc.path, tc.err, tc.goos).Error(); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestIsTempName(t *testing.T) {
	for _, tc := range []struct {
		name, target string
		want         bool
	}{
		{".tong-hop.xlsx.123.tmp", "tong-hop.xlsx", true},
		{".tong-hop.xlsx.123.tmp", "", true},
		{".tong-hop.xlsx.123.tmp", "bao-cao-tong-hop.pdf", false},
		{".UBX-1_UBND-xa-A.txt.4294967295.tmp", "", true},
		{"tong-hop.xlsx.123.tmp", "", false},
		{".tong-hop.xlsx.12a.tmp", "", false},
		{".tong-hop.xlsx..tmp", "", false},
		{"..1.tmp", "", false},
		{".123.tmp", "", false},
		{".tong-hop.xlsx.123.tmp.bak", "", false},
		{".~lock.tong-hop.xlsx#", "", false},
	} {
		t.Run(tc.name+"/"+tc.target, func(t *testing.T) {
			if got := IsTempName(tc.name, tc.target); got != tc.want {
				t.Errorf("IsTempName(%q, %q) = %v", tc.name, tc.target, got)
			}
		})
	}
}

func TestPrepareOutDir(t *testing.T) {
	t.Run("creates missing folders", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "a", "b", "ket-qua")
		if err := PrepareDir(dir); err != nil {
			t.Fatal(err)
		}
		assertOnly(t, dir)
	})
	// The officer typed the name of a file as --out.
	t.Run("folder is a file", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "ket-qua")
		if err := os.WriteFile(dir, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		want := "không dùng được thư mục kết quả " + dir + ": đó là một tệp, không phải thư mục; hãy chọn thư mục khác (--out)"
		if err := PrepareDir(dir); err == nil || err.Error() != want {
			t.Fatalf("got %v, want %q", err, want)
		}
	})
	// A folder that cannot be created: a file stands where a parent folder
	// should be (a mistyped path, a removed drive mapped as a file).
	t.Run("parent is a file", func(t *testing.T) {
		parent := filepath.Join(t.TempDir(), "tai-lieu.docx")
		if err := os.WriteFile(parent, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(parent, "ket-qua")
		want := "không tạo được thư mục kết quả " + dir + ": một phần của đường dẫn là tệp, không phải thư mục; hãy chọn thư mục khác (--out)"
		if err := PrepareDir(dir); err == nil || err.Error() != want {
			t.Fatalf("got %v, want %q", err, want)
		}
	})
	t.Run("removes stale temporary feedback", func(t *testing.T) {
		dir := t.TempDir()
		fb := filepath.Join(dir, "phan-hoi")
		if err := os.Mkdir(fb, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, n := range []string{".UBX-1_UBND-xa-A.txt.123.tmp", "UBX-1_UBND-xa-A.txt", "thu.txt"} {
			if err := os.WriteFile(filepath.Join(fb, n), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, "."+ProbeName+".55.tmp"), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := PrepareDir(dir, "phan-hoi"); err != nil {
			t.Fatal(err)
		}
		assertOnly(t, dir, "phan-hoi")
		assertOnly(t, fb, "UBX-1_UBND-xa-A.txt", "thu.txt")
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

// TestReasonWindows: the Windows system errors an officer meets are worded
// in Vietnamese, access denied apart from a file held open; elsewhere the
// same numbers mean other things.
func TestReasonWindows(t *testing.T) {
	for _, tc := range []struct {
		errno syscall.Errno
		goos  string
		want  string
	}{
		{123, "windows", "tên tệp, thư mục hoặc đường dẫn không hợp lệ (có ký tự \\ / : * ? \" < > | sai chỗ)"},
		{32, "windows", "tệp đang được chương trình khác mở"},
		{5, "windows", "không có quyền truy cập (tệp, thư mục chỉ đọc hoặc bị Windows chặn quyền)"},
		{112, "windows", "ổ đĩa đã đầy"},
		{21, "windows", "ổ đĩa chưa sẵn sàng (USB, thẻ nhớ đã rút hoặc chưa cắm)"},
		{206, "windows", "tên tệp hoặc đường dẫn quá dài"},
		{syscall.ENOSPC, "linux", "ổ đĩa đã đầy"},
	} {
		err := &fs.PathError{Op: "open", Path: "x", Err: tc.errno}
		if got := fsReason(err, tc.goos); got != tc.want {
			t.Errorf("fsReason(%d, %s) = %q, want %q", tc.errno, tc.goos, got, tc.want)
		}
	}
}
