package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"tonghop/templates/testenv"
)

// TestHelp compares each command's --help with testdata/help/<command>.txt
// (tonghop.txt for tonghop --help); go test . -update rewrites them.
func TestHelp(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		// codes are the exit codes the help must document.
		codes []string
	}{
		{"tonghop", []string{"--help"}, nil},
		{"init", []string{"init", "--help"}, []string{"  0  ", "  2  "}},
		{"generate", []string{"generate", "--help"}, []string{"  0  ", "  2  "}},
		{"check", []string{"check", "--help"}, []string{"  0  ", "  1  ", "  2  "}},
		{"merge", []string{"merge", "--help"}, []string{"  0  ", "  1  ", "  2  "}},
		{"fetch", []string{"fetch", "--help"}, []string{"  0  ", "  1  ", "  2  "}},
		{"version", []string{"version", "--help"}, []string{"  0  "}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(tc.args, &stdout, &stderr); code != exitOK {
				t.Fatalf("exit code %d\n%s", code, stderr.String())
			}
			// Defaults such as output\bieu-mau are written with the
			// system's separator; the golden files with "/".
			got := filepath.ToSlash(stdout.String())
			testenv.Golden(t, filepath.Join("testdata", "help", tc.name+".txt"), []byte(got))
			// Each command documents its own codes, and only those.
			if tc.codes != nil {
				_, codes, ok := strings.Cut(got, "Mã thoát:\n")
				if !ok {
					t.Fatal("no exit codes")
				}
				var lines []string
				for _, l := range strings.Split(strings.TrimRight(codes, "\n"), "\n") {
					lines = append(lines, l[:5])
				}
				if strings.Join(lines, "|") != strings.Join(tc.codes, "|") {
					t.Errorf("exit codes %q, want %q", lines, tc.codes)
				}
			}
		})
	}
}

func TestWelcome(t *testing.T) {
	for _, tc := range []struct {
		name        string
		interactive bool
		stdin       string
		wantPrompt  bool
		wantLeft    string // what welcome left unread on stdin
	}{
		{"double-click: waits for Enter", true, "\n", true, ""},
		{"script: does not wait", false, "\nsau", false, "\nsau"},
		{"console closed: no wait forever", true, "", true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			stdin := strings.NewReader(tc.stdin)
			if code := welcome(stdin, tc.interactive, &out); code != exitFatal {
				t.Errorf("exit code %d, want %d", code, exitFatal)
			}
			want := welcomeText
			if tc.wantPrompt {
				want += "\nNhấn Enter để đóng cửa sổ…"
			}
			if out.String() != want {
				t.Errorf("output:\n%s\nwant:\n%s", out.String(), want)
			}
			rest := make([]byte, 16)
			n, _ := stdin.Read(rest)
			if string(rest[:n]) != tc.wantLeft {
				t.Errorf("left on stdin %q, want %q", rest[:n], tc.wantLeft)
			}
		})
	}
}

func TestDroppedOut(t *testing.T) {
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.VolumeName(cwd) + string(filepath.Separator)
	for _, tc := range []struct{ folder, want string }{
		{filepath.Join(root, "tmp", "bao-cao"), filepath.Join(root, "tmp", "bao-cao-ket-qua")},
		{filepath.Join(root, "tmp", "bao-cao") + string(filepath.Separator), filepath.Join(root, "tmp", "bao-cao-ket-qua")},
		{"bao-cao", filepath.Join(cwd, "bao-cao-ket-qua")},
		{filepath.Join("..", "Báo cáo đợt 1"), filepath.Join(filepath.Dir(cwd), "Báo cáo đợt 1-ket-qua")},
		{root, filepath.Join(root, "tonghop-ket-qua")},
	} {
		t.Run(tc.folder, func(t *testing.T) {
			got, err := droppedOut(tc.folder)
			if err != nil || got != tc.want {
				t.Errorf("droppedOut(%q) = %q, %v; want %q", tc.folder, got, err, tc.want)
			}
		})
	}
}

// TestRunDropped drops a folder of reports given by a relative path, as
// Explorer may start tonghop in a folder of its choosing: the outputs land
// beside the dropped folder, the full path is printed, and the window waits.
func TestRunDropped(t *testing.T) {
	if testing.Short() {
		t.Skip("merges reports")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "bao cao")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	samples, err := filepath.Glob(filepath.Join("samples", "bao-cao", "*.xlsx"))
	if err != nil || len(samples) < 3 {
		t.Fatalf("samples: %v %v", samples, err)
	}
	for _, s := range samples[:3] {
		b, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(in, filepath.Base(s)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	code := runDropped([]string{"bao cao"}, strings.NewReader("\n"), true, &stdout, &stderr)
	if code != exitInvalid { // three reports of 130 units: most are missing
		t.Errorf("exit code %d, want %d\n%s%s", code, exitInvalid, stdout.String(), stderr.String())
	}
	out := filepath.Join(dir, "bao cao-ket-qua")
	for _, f := range []string{"tong-hop.xlsx", "bao-cao-tong-hop.pdf"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s: %v", f, err)
		}
	}
	got := stdout.String()
	for _, want := range []string{
		"Tổng hợp thư mục bao cao\nKết quả ghi vào thư mục: " + out + "\n",
		"\nKết quả nằm trong thư mục: " + out + "\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q\n%s", want, got)
		}
	}
	if !strings.HasSuffix(got, "\nNhấn Enter để đóng cửa sổ…") {
		t.Errorf("output does not end with the Enter prompt:\n%s", got[max(0, len(got)-200):])
	}
}

// TestGenerateNoEmail: generate warns, on one line, about the units the
// mail-merge list cannot reach.
func TestGenerateNoEmail(t *testing.T) {
	out := filepath.Join(t.TempDir(), "bieu-mau")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"generate", "--out", out, "--unit", "TU01,BC02"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit code %d\n%s", code, stderr.String())
	}
	want := "Cảnh báo: 2/2 đơn vị chưa có email (TU01, BC02). Điền cột Email của trang “Đơn vị” trong tệp chiến dịch (tạo bằng tonghop init), lưu lại rồi chạy lại lệnh.\n"
	if stderr.String() != want {
		t.Errorf("stderr %q\nwant   %q", stderr.String(), want)
	}
}
