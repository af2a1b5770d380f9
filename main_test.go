package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestCases runs every folder of testdata/cases as an end-to-end case:
//
//	args      the command line, one argument per line; $IN is the case's
//	          input/ folder, $OUT a fresh temporary folder
//	code      the expected exit code (0 when absent)
//	want.txt  lines that must each appear in stdout+stderr
//	files     paths (relative to $OUT) that must exist afterwards
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
			if code != wantCode {
				t.Errorf("exit code %d, want %d\n%s", code, wantCode, all)
			}
			for _, want := range readLines(t, filepath.Join(dir, "want.txt")) {
				want = strings.ReplaceAll(want, "$OUT", out)
				if !strings.Contains(all, want) {
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
