package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// TestSplitCommandLine: Windows' rules for a command line, and the repair
// of a quoted folder ending in a backslash, which those rules read as a
// quote inside the argument.
func TestSplitCommandLine(t *testing.T) {
	for _, tc := range []struct {
		name, line     string
		want, repaired []string
	}{
		{"plain", `tonghop.exe merge D:\nhan-ve --out X`, []string{"merge", `D:\nhan-ve`, "--out", "X"}, nil},
		{"quoted program", `"C:\Program Files\tonghop.exe" check "D:\báo cáo\a.xlsx"`, []string{"check", `D:\báo cáo\a.xlsx`}, nil},
		{"trailing backslash", `tonghop merge "D:\nhan-ve\" --out X`, []string{"merge", `D:\nhan-ve\`, "--out", "X"}, []string{`D:\nhan-ve\`}},
		{"trailing backslash then quoted", `tonghop merge "D:\nhan ve\" --out "E:\kết quả\"`, []string{"merge", `D:\nhan ve\`, "--out", `E:\kết quả\`}, []string{`D:\nhan ve\`, `E:\kết quả\`}},
		{"drive root", `tonghop "D:\"`, []string{`D:\`}, []string{`D:\`}},
		{"escaped quote inside", `tonghop check --subject "a \"b\" c"`, []string{"check", "--subject", `a "b" c`}, nil},
		{"doubled backslashes before quote", `tonghop "D:\x\\" y`, []string{`D:\x\`, "y"}, nil},
		{"backslashes not before a quote", `tonghop a\\b c\`, []string{`a\\b`, `c\`}, nil},
		{"double double quote", `tonghop "a""b"`, []string{`a"b`}, nil},
		{"tabs", "tonghop\tcheck\t\tx", []string{"check", "x"}, nil},
		{"no arguments", `"tonghop.exe"`, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, repaired := splitCommandLine(tc.line)
			if !reflect.DeepEqual(got, tc.want) || !reflect.DeepEqual(repaired, tc.repaired) {
				t.Errorf("splitCommandLine(%s)\n= %q, repaired %q\nwant %q, repaired %q", tc.line, got, repaired, tc.want, tc.repaired)
			}
		})
	}
}

func TestWildcard(t *testing.T) {
	for _, tc := range []struct {
		pattern, name string
		fold, want    bool
	}{
		{"*.xlsx", "a.xlsx", false, true},
		{"*.xlsx", "A.XLSX", false, false},
		{"*.xlsx", "A.XLSX", true, true},
		{"*.XLSX", "báo cáo.xlsx", true, true},
		{"B?02*", "BC02_So.xlsx", false, true},
		{"B?02*", "BC2_So.xlsx", false, false},
		{"*", "", false, true},
		{"a*b*c", "aXbYbZc", false, true},
		{"a*b*c", "aXbYbZ", false, false},
		{"[1]*.xlsx", "[1] bao cao.xlsx", false, true}, // [ is not special on Windows
		{"đ?n*", "đơn vị", false, true},
	} {
		if got := wildcard(tc.pattern, tc.name, tc.fold); got != tc.want {
			t.Errorf("wildcard(%q, %q, %v) = %v, want %v", tc.pattern, tc.name, tc.fold, got, tc.want)
		}
	}
}

// TestExpandPatterns: the patterns cmd leaves for the program, expanded
// as a shell would, case-insensitively on Windows, and a pattern matching
// nothing named in Vietnamese.
func TestExpandPatterns(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"a.xlsx", "B.XLSX", "c.pdf", ".an.xlsx", filepath.Join("sub", "d.xlsx"), filepath.Join("sub2", "e.xlsx")} {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	for _, tc := range []struct {
		name string
		args []string
		goos string
		want []string
		err  string
	}{
		{"windows folds case", []string{"*.xlsx"}, "windows", []string{"B.XLSX", "a.xlsx"}, ""},
		{"unix keeps case", []string{"*.xlsx"}, "linux", []string{"a.xlsx"}, ""},
		{"folders in the pattern", []string{filepath.Join("sub*", "*.xlsx")}, "windows", []string{filepath.Join("sub", "d.xlsx"), filepath.Join("sub2", "e.xlsx")}, ""},
		{"absolute", []string{filepath.Join(dir, "?.pdf")}, "windows", []string{filepath.Join(dir, "c.pdf")}, ""},
		{"plain words kept", []string{"a.xlsx", "khong-co.xlsx"}, "windows", []string{"a.xlsx", "khong-co.xlsx"}, ""},
		{"no match", []string{"*.ods"}, "windows", nil, `không có tệp hay thư mục nào khớp mẫu "*.ods" (trong thư mục ` + dir + ")"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := expandPatterns(tc.args, tc.goos)
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("err %v, want %s", err, tc.err)
				}
				return
			}
			sort.Strings(tc.want) // as the system's separator sorts
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("expandPatterns(%q) = %q, %v; want %q", tc.args, got, err, tc.want)
			}
		})
	}
}

// TestWindowsHelpWord: "tonghop /?" and "tonghop check /?" are help, as
// Windows programs answer them.
func TestWindowsHelpWord(t *testing.T) {
	for _, args := range [][]string{{"/?"}, {"check", "/?"}, {"merge", "-?"}} {
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != exitOK || !strings.Contains(stdout.String(), "Cách dùng") {
			t.Errorf("run(%q) = %d\n%s%s", args, code, stdout.String(), stderr.String())
		}
	}
}

// TestUnknownWordQuoted: what the officer typed is shown as typed, its
// backslashes single.
func TestUnknownWordQuoted(t *testing.T) {
	for _, tc := range []struct{ arg, want string }{
		{`Z:\khong\co`, `tonghop: không có tệp hay thư mục "Z:\khong\co"`},
		{"tonghp", `tonghop: không có lệnh "tonghp"`},
	} {
		var stdout, stderr bytes.Buffer
		if code := run([]string{tc.arg}, &stdout, &stderr); code != exitFatal || !strings.HasPrefix(stderr.String(), tc.want+"\n") {
			t.Errorf("run(%q) = %d, stderr %q, want prefix %q", tc.arg, code, stderr.String(), tc.want)
		}
	}
}

// TestDroppedFiles: files, or several items, dropped onto tonghop.exe are
// checked together in the window, which waits for Enter; nothing is
// written.
func TestDroppedFiles(t *testing.T) {
	samples, err := filepath.Glob(filepath.Join("samples", "bao-cao", "*.xlsx"))
	if err != nil || len(samples) < 2 {
		t.Fatalf("samples: %v %v", samples, err)
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		name  string
		items []string
		what  string
	}{
		{"one workbook", samples[:1], "Kiểm tra 1 tệp được thả"},
		{"two workbooks", samples[:2], "Kiểm tra 2 tệp được thả"},
		{"a file and a folder", []string{samples[0], dir}, "Kiểm tra 1 tệp và 1 thư mục được thả"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := runDropped(tc.items, strings.NewReader("\n"), true, &stdout, &stderr)
			got := stdout.String()
			if code == exitFatal || !strings.HasPrefix(got, tc.what) || !strings.HasSuffix(got, "Nhấn Enter để đóng cửa sổ…") {
				t.Errorf("exit %d\n%s%s", code, got, stderr.String())
			}
			for _, s := range tc.items[:1] {
				if !strings.Contains(got, filepath.Base(s)) {
					t.Errorf("output does not name %s:\n%s", s, got)
				}
			}
		})
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("a check wrote %d entries", len(ents))
	}
}

// TestDropAdvice: a drop cannot give --out, so its errors about the
// output folder advise what a drop can do; the merge command's keep --out.
func TestDropAdvice(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "ket-qua")
	if err := os.WriteFile(out, nil, 0o644); err != nil { // a file where the folder goes
		t.Fatal(err)
	}
	for _, tc := range []struct {
		dropped bool
		want    string
		notWant string
	}{
		{false, "(--out)", "kéo thả"},
		{true, "rồi kéo thả bản chép", "--out"},
	} {
		_, err := beginOutputs(out, dir, tc.dropped)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), tc.notWant) {
			t.Errorf("dropped=%v: %v; want %q, not %q", tc.dropped, err, tc.want, tc.notWant)
		}
	}
}
