// Package atomicfile writes output files whole or not at all, and says in
// Vietnamese why a write failed. Every command that writes a file (init,
// generate, merge) goes through it. It imports nothing of the project.
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
	"syscall"
)

// Outputs are written whole or not at all. Each file is written to a
// temporary file in its own folder, named ".<name>.<digits>.tmp" (hidden,
// and never read by Collect, which skips hidden files and the output
// folder), then renamed over the previous one. A run killed mid-way leaves
// the previous file as it was, and at most that one temporary file, which
// the next run removes before it writes the same output.

// PrepareDir makes an output folder ready before a command reads
// anything, so that a folder that cannot be written is reported at once:
// it creates the folder (and its missing parents), checks that a file can
// be written into it, and removes the temporary files that an interrupted
// run left in it and in the sub-folders named.
func PrepareDir(dir string, subdirs ...string) error {
	if err := makeDir(dir); err != nil {
		return err
	}
	RemoveStaleTemps(dir, ProbeName)
	probe, err := os.CreateTemp(dir, "."+ProbeName+".*.tmp")
	if err != nil {
		return &OutDirError{Dir: dir, Op: "không ghi được vào thư mục kết quả", Reason: fsReason(err, runtime.GOOS)}
	}
	probe.Close()
	os.Remove(probe.Name())
	for _, sub := range subdirs {
		// Never through a link: it could lead into a unit's folder.
		if st, err := os.Lstat(filepath.Join(dir, sub)); err == nil && st.IsDir() {
			RemoveStaleTemps(filepath.Join(dir, sub), "")
		}
	}
	return nil
}

// ProbeName is the file PrepareDir writes and removes to check the
// output folder.
const ProbeName = "tonghop-kiem-tra"

// Write writes a file through write into a temporary file in the
// target's folder and renames it into place, so that an interrupted run
// leaves the previous output whole. The folder must exist.
func Write(path string, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	RemoveStaleTemps(dir, base)
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		if errors.Is(err, fs.ErrPermission) {
			return fmt.Errorf("không có quyền ghi vào thư mục %s", filepath.Clean(dir))
		}
		return fmt.Errorf("không tạo được tệp tạm trong thư mục %s: %s", filepath.Clean(dir), fsReason(err, runtime.GOOS))
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
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("không ghi được %s: %s", path, fsReason(err, runtime.GOOS))
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("không ghi được %s: %s", path, fsReason(err, runtime.GOOS))
	}
	// CreateTemp makes the file readable by its owner only; outputs are
	// ordinary documents.
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("không ghi được %s: %s", path, fsReason(err, runtime.GOOS))
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return renameError(path, err, runtime.GOOS)
	}
	syncDir(dir)
	return nil
}

// RemoveStaleTemps removes from dir the temporary files Write names
// ".<target>.<digits>.tmp", for the given target or, when target is "",
// for any target. They are left only when a run was killed while writing;
// a failed write removes its own.
func RemoveStaleTemps(dir, target string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if n := e.Name(); e.Type().IsRegular() && IsTempName(n, target) {
			os.Remove(filepath.Join(dir, n))
		}
	}
}

// isTempName reports whether name is ".<target>.<digits>.tmp", with any
// non-empty target when target is "".
func IsTempName(name, target string) bool {
	rest, ok := strings.CutPrefix(name, ".")
	if !ok {
		return false
	}
	rest, ok = strings.CutSuffix(rest, ".tmp")
	if !ok {
		return false
	}
	i := strings.LastIndexByte(rest, '.')
	if i <= 0 || i == len(rest)-1 {
		return false
	}
	for _, r := range rest[i+1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return target == "" || rest[:i] == target
}

// OutDirError says that the output folder cannot be made or written; its
// message advises another folder (--out). A caller that gave no --out (a
// folder dropped onto tonghop.exe) words its own advice from Op, Dir and
// Reason.
type OutDirError struct {
	Dir    string // the output folder
	Op     string // what failed: "không ghi được vào thư mục kết quả", …
	Reason string // why, in Vietnamese (Reason)
}

func (e *OutDirError) Error() string {
	return fmt.Sprintf("%s %s: %s; hãy chọn thư mục khác (--out)", e.Op, e.Dir, e.Reason)
}

// renameError explains why the finished temporary file could not replace
// path. On Windows a file open in Excel (or a PDF open in a reader) cannot
// be replaced: the rename fails with a sharing violation or with "access
// denied", and the officer has to close it and run again. "Access denied"
// is also what a read-only file or a missing permission gives, which
// closing nothing mends: deniedReason tells them apart. goos is
// runtime.GOOS, a parameter so that the Windows messages are tested
// everywhere.
func renameError(path string, err error, goos string) error {
	if st, serr := os.Stat(path); serr == nil && st.IsDir() {
		return fmt.Errorf("không thay được tệp %s: đã có một thư mục trùng tên; hãy đổi tên hoặc chuyển thư mục đó đi rồi chạy lại", path)
	}
	var errno syscall.Errno
	if goos == "windows" && errors.As(err, &errno) {
		switch errno {
		case winSharingViolation, winLockViolation:
			return fmt.Errorf("không thay được tệp %s: tệp đang mở trong %s; hãy đóng tệp rồi chạy lại", path, openedIn(path))
		case winAccessDenied:
			return fmt.Errorf("không thay được tệp %s: %s", path, deniedReason(path))
		}
	}
	return fmt.Errorf("không thay được tệp %s: %s; nếu tệp đang mở trong %s, hãy đóng tệp rồi chạy lại", path, fsReason(err, goos), openedIn(path))
}

// deniedReason says why Windows denied replacing the file at path, asking
// the file itself: opened for writing, a file held open by Excel gives a
// sharing violation, a read-only or forbidden one "access denied" again.
func deniedReason(path string) string {
	st, err := os.Stat(path)
	if err == nil && st.Mode().Perm()&0o200 == 0 {
		return "tệp được đặt chỉ đọc (Read-only); hãy bỏ thuộc tính đó (chuột phải vào tệp → Properties) rồi chạy lại, hoặc ghi kết quả nơi khác"
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err == nil {
		f.Close()
		return fmt.Sprintf("không có quyền thay tệp trong thư mục này, hoặc tệp đang mở trong %s; hãy đóng tệp rồi chạy lại, hoặc ghi kết quả nơi khác", openedIn(path))
	}
	var errno syscall.Errno
	if errors.As(err, &errno) && (errno == winSharingViolation || errno == winLockViolation) {
		return fmt.Sprintf("tệp đang mở trong %s; hãy đóng tệp rồi chạy lại", openedIn(path))
	}
	if errors.Is(err, fs.ErrPermission) {
		return "không có quyền ghi vào tệp này (quyền truy cập của Windows, không phải do tệp đang mở); hãy ghi kết quả nơi khác, hoặc nhờ người quản trị máy cấp quyền"
	}
	return fmt.Sprintf("không có quyền thay tệp, hoặc tệp đang mở trong %s; hãy đóng tệp rồi chạy lại", openedIn(path))
}

// openedIn names the program an output is most likely open in.
func openedIn(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx":
		return "Excel"
	case ".pdf":
		return "trình đọc PDF"
	case ".docx":
		return "Word"
	}
	return "chương trình khác"
}

// Windows system error codes (winerror.h) met when reading reports and
// writing outputs; the syscall package names only some of them on Windows,
// and none elsewhere.
const (
	winAccessDenied     syscall.Errno = 5
	winSharingViolation syscall.Errno = 32
	winLockViolation    syscall.Errno = 33
	winHandleDiskFull   syscall.Errno = 39
	winDiskFull         syscall.Errno = 112
)

// winReasons words the Windows system errors an officer meets, which Go
// gives in English ("Invalid name.", "The process cannot access the
// file…"). The one place they are worded: Reason reads it for every
// file operation, reading and writing. A file or path not found is
// fs.ErrNotExist on every system and worded with it.
var winReasons = map[syscall.Errno]string{
	winAccessDenied:     "không có quyền truy cập (tệp, thư mục chỉ đọc hoặc bị Windows chặn quyền)",
	15:                  "không có ổ đĩa này",
	19:                  "ổ đĩa đang bị khóa chống ghi",
	21:                  "ổ đĩa chưa sẵn sàng (USB, thẻ nhớ đã rút hoặc chưa cắm)",
	23:                  "lỗi dữ liệu trên ổ đĩa (ổ hỏng, hãy chép tệp sang ổ khác)",
	winSharingViolation: "tệp đang được chương trình khác mở",
	winLockViolation:    "tệp đang được chương trình khác mở",
	winHandleDiskFull:   "ổ đĩa đã đầy",
	53:                  "không tìm thấy máy tính chia sẻ trên mạng",
	59:                  "lỗi mạng khi đọc, ghi tệp",
	64:                  "mất kết nối tới thư mục dùng chung trên mạng",
	67:                  "không tìm thấy thư mục dùng chung trên mạng",
	80:                  "tệp đã có",
	winDiskFull:         "ổ đĩa đã đầy",
	123:                 "tên tệp, thư mục hoặc đường dẫn không hợp lệ (có ký tự \\ / : * ? \" < > | sai chỗ)",
	145:                 "thư mục không trống",
	183:                 "tệp hoặc thư mục đã có",
	206:                 "tên tệp hoặc đường dẫn quá dài",
	225:                 "phần mềm diệt virus đã chặn tệp (có thể tệp nhiễm virus)",
	267:                 "tên thư mục không hợp lệ",
	1920:                "Windows không cho đọc tệp này",
}

// Reason says in Vietnamese why a file operation failed.
func Reason(err error) string { return fsReason(err, runtime.GOOS) }

// fsReason is Reason on the system goos (see renameError).
func fsReason(err error, goos string) string {
	var errno syscall.Errno
	if goos == "windows" && errors.As(err, &errno) {
		if r, ok := winReasons[errno]; ok {
			return r
		}
	}
	switch {
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return "ổ đĩa đã đầy"
	case errors.Is(err, syscall.EFBIG):
		return "tệp vượt quá giới hạn kích thước hệ thống cho phép"
	case errors.Is(err, syscall.EROFS):
		return "ổ đĩa chỉ cho đọc (không ghi được)"
	case errors.Is(err, syscall.ENOTDIR):
		return "một phần của đường dẫn là tệp, không phải thư mục"
	case errors.Is(err, syscall.ENAMETOOLONG):
		return "đường dẫn quá dài"
	case errors.Is(err, fs.ErrPermission):
		return "không có quyền ghi"
	case errors.Is(err, fs.ErrNotExist):
		return "thư mục không còn nữa"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err.Error()
	}
	return err.Error()
}

// syncDir flushes a folder's entries after a rename, so that the new file
// survives a power cut as well. Windows cannot open folders this way; a
// failure costs only that durability.
func syncDir(dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
