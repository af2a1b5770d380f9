package docx

// Checks through other applications: LibreOffice converts the report to PDF
// and text, poppler reads the PDF, python-docx reads the package back. They
// need their application as testenv.NeedApp says (skipped under -short).

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"tonghop/templates/testenv"
)

// run runs an installed program (testenv.NeedApp) in dir and returns its
// standard output.
func run(t *testing.T, dir string, name string, args ...string) string {
	t.Helper()
	cmd := testenv.Command(t, name, args...)
	cmd.Dir = dir
	return testenv.Run(t, cmd)
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
	return testenv.Convert(t, src, filter, dir)
}

// TestLibreOfficePDF checks the pages LibreOffice lays out: two portrait
// pages of report, landscape appendix pages, page numbers from page 2 and
// again from the appendix's second page.
func TestLibreOfficePDF(t *testing.T) {
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
	dir := t.TempDir()
	out := convert(t, dir, "txt:Text (encoded):UTF8")
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got = bytes.ReplaceAll(bytes.TrimPrefix(got, []byte("\ufeff")), []byte("\r\n"), []byte("\n"))
	testenv.Golden(t, filepath.Join("testdata", "report.txt"), got)
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
	py := testenv.NeedPython(t, "docx")
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
