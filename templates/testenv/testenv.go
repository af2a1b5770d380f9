// Package testenv is what the tests of every package share: the -update
// flag that rewrites golden files, the comparison with a golden file, and
// the one decision whether a test that needs an external application
// (LibreOffice, poppler, qpdf, Gnumeric, Dovecot, python3 with openpyxl or
// python-docx, 7z, wine) runs, skips or fails.
//
// It sits under templates so that the tests of every package may import it
// (templates never imports aggregate); only tests import it. Every test
// binary that imports it accepts -update, so `go test ./... -update` works.
package testenv

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files and committed fixtures in testdata")

// Update reports whether the run was asked to rewrite golden files
// (go test -update).
func Update() bool { return *update }

// Required reports whether TONGHOP_REQUIRE_APPS=1 makes a missing
// application a failure instead of a skip (CI sets it).
func Required() bool { return os.Getenv("TONGHOP_REQUIRE_APPS") == "1" }

// NeedApp returns the path of the program name, or skips the test: always
// under -short (a test that runs another application is never part of the
// daily loop), and when the program is missing. With TONGHOP_REQUIRE_APPS=1
// a missing program fails the test instead.
func NeedApp(tb testing.TB, name string) string {
	tb.Helper()
	skipShort(tb, name)
	p, err := exec.LookPath(name)
	if err != nil {
		missing(tb, name, err)
	}
	return p
}

// HasApp is NeedApp for a test with a part that runs without the program:
// false under -short or when the program is missing (a failure with
// TONGHOP_REQUIRE_APPS=1, as for NeedApp), true when the test may run it.
func HasApp(tb testing.TB, name string) bool {
	tb.Helper()
	if testing.Short() {
		return false
	}
	_, err := exec.LookPath(name)
	if err != nil && Required() {
		tb.Fatalf("%s is required (TONGHOP_REQUIRE_APPS=1) but missing: %v", name, err)
	}
	return err == nil
}

// NeedPython returns a python3 that imports every one of modules, under the
// rules of NeedApp. PATH's python3 is tried first, then the system's: a
// pyenv shim may come first on PATH without the distribution's modules
// (python3-openpyxl, python3-docx).
func NeedPython(tb testing.TB, modules ...string) string {
	tb.Helper()
	what := "python3 with " + strings.Join(modules, ", ")
	skipShort(tb, what)
	err := exec.ErrNotFound
	for _, cand := range []string{"python3", "/usr/bin/python3"} {
		p, lerr := exec.LookPath(cand)
		if lerr != nil {
			continue
		}
		if err = exec.Command(p, "-c", "import "+strings.Join(modules, ", ")).Run(); err == nil {
			return p
		}
	}
	missing(tb, what, err)
	return ""
}

func skipShort(tb testing.TB, what string) {
	tb.Helper()
	if testing.Short() {
		tb.Skipf("needs %s: skipped under -short", what)
	}
}

func missing(tb testing.TB, what string, err error) {
	tb.Helper()
	if Required() {
		tb.Fatalf("%s is required (TONGHOP_REQUIRE_APPS=1) but missing: %v", what, err)
	}
	tb.Skipf("%s is not installed", what)
}

// timeout bounds one run of an external application: LibreOffice's first
// start in a fresh profile takes seconds, a hung one must not hold the test
// binary until its own timeout.
const timeout = 3 * time.Minute

// Command returns a command running the program name (NeedApp) with args,
// killed after a few minutes.
func Command(tb testing.TB, name string, args ...string) *exec.Cmd {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	tb.Cleanup(cancel)
	return exec.CommandContext(ctx, NeedApp(tb, name), args...)
}

// Office returns a command running LibreOffice headless with args, in a
// profile of its own (two instances sharing one profile block each other)
// under the test's temporary folder.
func Office(tb testing.TB, args ...string) *exec.Cmd {
	tb.Helper()
	profile := tb.TempDir()
	cmd := Command(tb, "soffice", append([]string{"-env:UserInstallation=file://" + filepath.ToSlash(profile),
		"--headless", "--norestore"}, args...)...)
	cmd.Env = append(os.Environ(), "HOME="+profile)
	return cmd
}

// Run runs cmd and returns its standard output, failing the test with the
// command line and everything it printed when it fails.
func Run(tb testing.TB, cmd *exec.Cmd) string {
	tb.Helper()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		tb.Fatalf("%s: %v\n%s%s", strings.Join(cmd.Args, " "), err, out.String(), errb.String())
	}
	return out.String()
}

// Convert has LibreOffice convert file to format ("xlsx", "pdf", or with a
// filter: "xlsx:Calc MS Excel 2007 XML") in outDir, with extra options
// before the file (an --infilter), and returns the path of the result.
func Convert(tb testing.TB, file, format, outDir string, extra ...string) string {
	tb.Helper()
	args := append([]string{"--convert-to", format, "--outdir", outDir}, extra...)
	printed := Run(tb, Office(tb, append(args, file)...))
	ext, _, _ := strings.Cut(format, ":")
	res := filepath.Join(outDir, strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))+"."+ext)
	if _, err := os.Stat(res); err != nil {
		tb.Fatalf("LibreOffice wrote no %s: %s", res, printed)
	}
	return res
}

// Golden compares got with the golden file path, after writing got there
// under -update. A difference names the file, the first line that differs
// and how to rewrite it.
func Golden(tb testing.TB, path string, got []byte) {
	tb.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		tb.Fatalf("%v (go test -update writes it)", err)
	}
	if err != nil {
		tb.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		tb.Errorf("%s", differs(path, got, want))
	}
}

// differs says where got first leaves the golden file.
func differs(path string, got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl || i >= len(g) || i >= len(w) {
			return fmt.Sprintf("output differs from %s at line %d (go test -update rewrites it; review with git diff):\n got %q\nwant %q", path, i+1, gl, wl)
		}
	}
	return fmt.Sprintf("output differs from %s (go test -update rewrites it)", path)
}
