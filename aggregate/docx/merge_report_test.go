package docx

// The real consolidated report: `tonghop merge samples` as of 15/4/2024,
// built by package report and written here and by package pdf. LibreOffice
// converts the .docx to text (golden file, every count reconciled with the
// summary and the names) and to PDF (a page count within one of the PDF
// writer's).

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"tonghop/aggregate/pdf"
	"tonghop/aggregate/report"
	"tonghop/aggregate/report/reporttest"
	"tonghop/templates/testenv"
)

func pageCount(t *testing.T, dir, path string) int {
	t.Helper()
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(run(t, dir, "pdfinfo", path))
	if m == nil {
		t.Fatalf("pdfinfo %s: no page count", path)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func TestMergeReport(t *testing.T) {
	testenv.NeedApp(t, "soffice")
	s := reporttest.Samples(t)
	doc, err := report.Build(s, report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "bao-cao-tong-hop.docx")
	var buf bytes.Buffer
	if err := Write(&buf, doc, Meta{Title: report.Title(s), Author: s.Campaign.IssuingBody, Created: s.AsOf}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(src, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("text", func(t *testing.T) {
		out := testenv.Convert(t, src, "txt:Text (encoded):UTF8", dir)
		got, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		got = bytes.ReplaceAll(bytes.TrimPrefix(got, []byte("\ufeff")), []byte("\r\n"), []byte("\n"))
		reporttest.Reconcile(t, reporttest.Flatten(string(got)), s)
		testenv.Golden(t, filepath.Join("testdata", "bao-cao-tong-hop.txt"), got)
	})
	t.Run("pages", func(t *testing.T) {
		office := testenv.Convert(t, src, "pdf", dir)
		ours := filepath.Join(dir, "ours.pdf")
		if err := pdf.WriteFile(ours, doc, pdf.Meta{Created: s.AsOf}); err != nil {
			t.Fatal(err)
		}
		a, b := pageCount(t, dir, office), pageCount(t, dir, ours)
		if a < b-1 || a > b+1 {
			t.Errorf("LibreOffice lays the .docx out on %d pages, the PDF writer on %d: want within one", a, b)
		}
	})
}
