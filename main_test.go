package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"tonghop/templates/atomicfile"
)

// TestCases runs every folder of testdata/cases as an end-to-end case:
//
//	args      the command line, one argument per line; $IN is the case's
//	          input/ folder, $OUT a fresh temporary folder
//	code      the expected exit code (0 when absent)
//	want.txt  lines that must each appear in stdout+stderr
//	files     paths (relative to $OUT) that must exist afterwards
//	short-skip  why the case is left out of -short: which cases stand for
//	          it there (the full run keeps every case)
func TestCases(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "cases", "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatal("no cases in testdata/cases")
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			if why, err := os.ReadFile(filepath.Join(dir, "short-skip")); err == nil && testing.Short() {
				t.Skipf("under -short: %s", strings.TrimSpace(string(why)))
			}
			t.Parallel() // each case has its own $OUT; run() keeps no state between runs
			out := t.TempDir()
			in, _ := filepath.Abs(filepath.Join(dir, "input"))
			var args []string
			for _, line := range readLines(t, filepath.Join(dir, "args")) {
				line = strings.ReplaceAll(line, "$IN", in)
				line = strings.ReplaceAll(line, "$OUT", out)
				args = append(args, line)
			}
			wantCode := 0
			if b, err := os.ReadFile(filepath.Join(dir, "code")); err == nil {
				wantCode, err = strconv.Atoi(strings.TrimSpace(string(b)))
				if err != nil {
					t.Fatalf("code: %v", err)
				}
			}
			var stdout, stderr bytes.Buffer
			code := run(args, &stdout, &stderr)
			all := stdout.String() + stderr.String()
			slashed := all
			if runtime.GOOS == "windows" {
				// want.txt names files with "/"; Windows prints "\"
				// (JSON escapes keep theirs: both forms are looked in).
				slashed = strings.ReplaceAll(all, `\`, "/")
				out = filepath.ToSlash(out)
			}
			if code != wantCode {
				t.Errorf("exit code %d, want %d\n%s", code, wantCode, all)
			}
			for _, want := range readLines(t, filepath.Join(dir, "want.txt")) {
				want = strings.ReplaceAll(want, "$OUT", out)
				if !strings.Contains(all, want) && !strings.Contains(slashed, want) {
					t.Errorf("output lacks %q\n--- output ---\n%s", want, all)
				}
			}
			for _, f := range readLines(t, filepath.Join(dir, "files")) {
				if _, err := os.Stat(filepath.Join(out, f)); err != nil {
					t.Errorf("missing output %s: %v", f, err)
				}
			}
		})
	}
}

// readLines returns the non-empty lines of a file, none when it is absent.
func readLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) != "" {
			out = append(out, line)
		}
	}
	return out
}

// TestMergeOutputFolder runs merge the way issue 16 attacks its output
// folder: a second run while one holds the folder, and a letters' folder
// replaced by a link into a unit's folder. Each exits 2 with its message,
// leaves the previous outputs and the inputs byte-identical, and touches
// no file it did not write.
func TestMergeOutputFolder(t *testing.T) {
	t.Parallel()
	in, out := t.TempDir(), t.TempDir()
	for _, n := range []string{"BC 20 nam - So Noi vu.xlsx", "BC 20 nam - xa Dak Sin.xlsx", "BC Tam Thang.xlsx"} {
		b, err := os.ReadFile(filepath.Join("samples", "bao-cao", n))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(in, n), b, 0o644)
	}
	// The campaign of the three samples' units: the output folder is what
	// is attacked, and the built-in campaign's 127 reminders would each be
	// synced to disk in every run.
	campaign := editedCampaign(t, t.TempDir(), "Chiến dịch của ba mẫu")
	merge := func() (int, string) {
		var stdout, stderr bytes.Buffer
		code := run([]string{"merge", in, "--campaign", campaign, "--out", out, "--as-of", "2024-04-15"}, &stdout, &stderr)
		return code, stderr.String()
	}
	if code, errs := merge(); code != exitInvalid {
		t.Fatalf("first merge: exit %d\n%s", code, errs)
	}
	letters, _ := filepath.Glob(filepath.Join(out, "phan-hoi", "*.txt"))
	if len(letters) == 0 {
		t.Fatal("the first merge wrote no letter")
	}
	inputs, outputs := snapshot(t, in), snapshot(t, out)

	unlock, err := atomicfile.Lock(out, time.Date(2024, 4, 15, 8, 5, 0, 0, time.Local))
	if err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	code, errs := merge()
	unlock()
	want := "tonghop merge: thư mục kết quả " + out + " đang được một lần chạy khác của tonghop sử dụng (tiến trình " +
		strconv.Itoa(os.Getpid()) + " trên máy " + host + ", bắt đầu lúc 08:05 ngày 15/4/2024); hãy đợi lần chạy đó kết thúc rồi chạy lại, hoặc ghi kết quả nơi khác (--out). Nếu chắc chắn không còn lần chạy nào, hãy xóa tệp " +
		filepath.Join(out, atomicfile.LockName) + "\n"
	if code != exitFatal || errs != want {
		t.Errorf("merge while locked: exit %d, stderr\n%s\nwant exit 2 and\n%s", code, errs, want)
	}
	sameSnapshot(t, "inputs", snapshot(t, in), inputs)
	sameSnapshot(t, "outputs", snapshot(t, out), outputs)

	// A run whose PDF cannot be put in place (a folder took its name)
	// after the workbook and the letters are ready: nothing is replaced,
	// so the workbook does not stand beside the old PDF.
	os.WriteFile(filepath.Join(in, "BC Tam Thang - da sua.xlsx"), []byte("PK\x03\x04 hỏng"), 0o644)
	inputs = snapshot(t, in)
	pdfPath := filepath.Join(out, "bao-cao-tong-hop.pdf")
	oldPDF, _ := os.ReadFile(pdfPath)
	os.Remove(pdfPath)
	os.MkdirAll(filepath.Join(pdfPath, "x"), 0o755)
	delete(outputs, "bao-cao-tong-hop.pdf")
	code, errs = merge()
	want = "tonghop merge: không thay được tệp " + pdfPath + ": đã có một thư mục trùng tên; hãy đổi tên hoặc chuyển thư mục đó đi rồi chạy lại\n" +
		"Kết quả cũ trong thư mục " + out + " được giữ nguyên: không tệp nào được thay hay xóa.\n"
	if code != exitFatal || errs != want {
		t.Errorf("merge with the PDF's name taken: exit %d, stderr\n%s\nwant exit 2 and\n%s", code, errs, want)
	}
	sameSnapshot(t, "inputs", snapshot(t, in), inputs)
	sameSnapshot(t, "outputs", snapshot(t, out), outputs)
	os.RemoveAll(pdfPath)
	os.WriteFile(pdfPath, oldPDF, 0o644)

	if runtime.GOOS == "windows" {
		return
	}
	// The letters' folder becomes a link to a folder holding a unit's
	// file named like a letter.
	unit := t.TempDir()
	os.WriteFile(filepath.Join(unit, filepath.Base(letters[0])), []byte("của đơn vị"), 0o644)
	os.RemoveAll(filepath.Join(out, "phan-hoi"))
	if err := os.Symlink(unit, filepath.Join(out, "phan-hoi")); err != nil {
		t.Fatal(err)
	}
	outputs = snapshot(t, out)
	units := snapshot(t, unit)
	code, errs = merge()
	want = "tonghop merge: không ghi được vào " + filepath.Join(out, "phan-hoi") + ": đó là một liên kết (shortcut) hoặc một tệp, không phải thư mục; tonghop không ghi và không xóa qua liên kết, hãy xóa hoặc đổi tên nó rồi chạy lại\n" +
		"Kết quả cũ trong thư mục " + out + " được giữ nguyên: không tệp nào được thay hay xóa.\n"
	if code != exitFatal || errs != want {
		t.Errorf("merge into a linked letters' folder: exit %d, stderr\n%s\nwant exit 2 and\n%s", code, errs, want)
	}
	sameSnapshot(t, "inputs", snapshot(t, in), inputs)
	sameSnapshot(t, "outputs", snapshot(t, out), outputs)
	sameSnapshot(t, "the unit's folder", snapshot(t, unit), units)
}

// snapshot maps every file under dir (links not followed) to its bytes.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.Type()&os.ModeSymlink != 0 {
			target, _ := os.Readlink(p)
			got[rel] = "-> " + target
		} else if d.Type().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			got[rel] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func sameSnapshot(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d files, want %d", what, len(got), len(want))
	}
	for name, b := range want {
		if got[name] != b {
			t.Errorf("%s: %s changed", what, name)
		}
	}
}
