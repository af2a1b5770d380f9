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
)

// officeConvert has LibreOffice convert src into dir with a filter.
func officeConvert(t *testing.T, dir, src, filter, ext string) string {
	t.Helper()
	profile := "file://" + filepath.ToSlash(filepath.Join(dir, "lo-profile"))
	run(t, dir, "soffice", "-env:UserInstallation="+profile, "--headless", "--norestore", "--convert-to", filter, "--outdir", dir, src)
	out := filepath.Join(dir, "bao-cao-tong-hop."+ext)
	if _, err := os.Stat(out); err != nil {
		t.Fatalf("LibreOffice wrote no %s: %v", out, err)
	}
	return out
}

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
	needApps(t, "soffice", "pdfinfo")
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
		out := officeConvert(t, dir, src, "txt:Text (encoded):UTF8", "txt")
		got, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		got = bytes.ReplaceAll(bytes.TrimPrefix(got, []byte("\ufeff")), []byte("\r\n"), []byte("\n"))
		reporttest.Reconcile(t, reporttest.Flatten(string(got)), s)
		golden := filepath.Join("testdata", "bao-cao-tong-hop.txt")
		if *update {
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./aggregate/docx -run TestMergeReport -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("LibreOffice text differs from %s (run with -update and review the diff)", golden)
		}
	})
	t.Run("pages", func(t *testing.T) {
		office := officeConvert(t, dir, src, "pdf", "pdf")
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
