package docx

// Checks through other applications: LibreOffice converts the report to PDF
// and text, poppler reads the PDF, python-docx reads the package back. They
// skip under -short and when the application is missing, and fail when it
// is missing and TONGHOP_REQUIRE_APPS=1 (CI).

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// needApps skips the test under -short or when a program is missing, and
// fails when it is missing and TONGHOP_REQUIRE_APPS=1.
func needApps(t *testing.T, progs ...string) {
	t.Helper()
	if testing.Short() {
		t.Skip("needs external applications; skipped under -short")
	}
	for _, p := range progs {
		if _, err := exec.LookPath(p); err != nil {
			if os.Getenv("TONGHOP_REQUIRE_APPS") == "1" {
				t.Fatalf("%s is required (TONGHOP_REQUIRE_APPS=1) but missing: %v", p, err)
			}
			t.Skipf("%s not installed", p)
		}
	}
}

func run(t *testing.T, dir string, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, out.String(), errb.String())
	}
	return out.String()
}

// convert writes the sample report to dir and has LibreOffice convert it.
func convert(t *testing.T, dir, filter string) string {
	t.Helper()
	src := filepath.Join(dir, "bao-cao.docx")
	if _, err := os.Stat(src); err != nil {
		if err := os.WriteFile(src, write(t, sampleReport(t)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	profile := "file://" + filepath.ToSlash(filepath.Join(dir, "lo-profile"))
	run(t, dir, "soffice", "-env:UserInstallation="+profile, "--headless", "--norestore", "--convert-to", filter, "--outdir", dir, src)
	ext, _, _ := strings.Cut(filter, ":")
	out := filepath.Join(dir, "bao-cao."+ext)
	if _, err := os.Stat(out); err != nil {
		t.Fatalf("LibreOffice wrote no %s: %v", out, err)
	}
	return out
}

// TestLibreOfficePDF checks the pages LibreOffice lays out: two portrait
// pages of report, landscape appendix pages, page numbers from page 2 and
// again from the appendix's second page.
func TestLibreOfficePDF(t *testing.T) {
	needApps(t, "soffice", "pdfinfo", "pdftotext")
	dir := t.TempDir()
	pdf := convert(t, dir, "pdf")
	info := run(t, dir, "pdfinfo", "-f", "1", "-l", "100", pdf)
	var orient []string
	for _, m := range regexp.MustCompile(`Page +\d+ size: +([\d.]+) x ([\d.]+) pts`).FindAllStringSubmatch(info, -1) {
		w, _ := strconv.ParseFloat(m[1], 64)
		h, _ := strconv.ParseFloat(m[2], 64)
		if w < h {
			orient = append(orient, "P")
		} else {
			orient = append(orient, "L")
		}
	}
	if got := strings.Join(orient, ""); got != "PPLLLLL" {
		t.Errorf("page orientations = %s, want PPLLLLL (2 portrait, 5 landscape)", got)
	}
	// The first text line of each page: its number, or the page's first
	// line where it shows none.
	want := []string{"UBND TỈNH ĐẮK NÔNG", "2", "Phụ lục", "2", "3", "4", "5"}
	for i, w := range want {
		page := itoa(i + 1)
		txt := run(t, dir, "pdftotext", "-layout", "-f", page, "-l", page, pdf, "-")
		first := ""
		for _, ln := range strings.Split(txt, "\n") {
			if s := strings.TrimSpace(ln); s != "" {
				first = s
				break
			}
		}
		if !strings.HasPrefix(first, w) {
			t.Errorf("page %d starts with %q, want %q", i+1, first, w)
		}
	}
}

// TestLibreOfficeText compares LibreOffice's text export of the report
// with testdata/report.txt: every paragraph and cell, in order. Run with
// -update to rewrite it, and review the diff.
func TestLibreOfficeText(t *testing.T) {
	needApps(t, "soffice")
	dir := t.TempDir()
	out := convert(t, dir, "txt:Text (encoded):UTF8")
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got = bytes.ReplaceAll(bytes.TrimPrefix(got, []byte("\ufeff")), []byte("\r\n"), []byte("\n"))
	golden := filepath.Join("testdata", "report.txt")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("LibreOffice text differs from %s (run with -update and review the diff)", golden)
	}
	// Every paragraph and cell of the document is in the export.
	for _, p := range wantParagraphs(sampleReport(t)) {
		for _, ln := range strings.Split(p, "\n") {
			if ln = strings.TrimSpace(strings.ReplaceAll(ln, "\t", " ")); ln != "" && !bytes.Contains(bytes.ReplaceAll(got, []byte("\t"), []byte(" ")), []byte(ln)) {
				t.Errorf("text export lacks %q", ln)
			}
		}
	}
}

// TestPythonDocx reads the package back with python-docx, a reader written
// independently of Word and LibreOffice.
func TestPythonDocx(t *testing.T) {
	needApps(t, "python3")
	// The distribution's python3 (apt's python3-docx) may sit behind
	// another one on PATH (pyenv).
	py := ""
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(p, "-c", "import docx").Run() == nil {
			py = p
			break
		}
	}
	if py == "" {
		if os.Getenv("TONGHOP_REQUIRE_APPS") == "1" {
			t.Fatal("python3-docx is required (TONGHOP_REQUIRE_APPS=1) but missing")
		}
		t.Skip("python3-docx not installed")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "bao-cao.docx")
	if err := os.WriteFile(src, write(t, sampleReport(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	got := run(t, dir, py, filepath.Join(mustAbs(t, "testdata"), "readback.py"), src)
	// 23 body paragraphs: 17 of the report, the subject's rule, the empty
	// one carrying the first section's properties, 4 of the appendix.
	want := `sections 2
section 1 portrait 210.0x297.0 top 20.0 bottom 20.0 left 30.0 right 15.0 title_page True
section 2 landscape 297.0x210.0 top 20.0 bottom 20.0 left 30.0 right 15.0 title_page True
tables 4
table 1 rows 1 cols 2
table 2 rows 11 cols 8
table 3 rows 1 cols 2
table 4 rows 150 cols 10
paragraphs 23
style Normal Times New Roman 14.0
`
	if got != want {
		t.Errorf("python-docx read:\n%s\nwant:\n%s", got, want)
	}
}

func mustAbs(t *testing.T, p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
