package pdf

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"tonghop/aggregate"
	"tonghop/aggregate/document"
	"tonghop/aggregate/report"
	"tonghop/aggregate/report/reporttest"
	"tonghop/aggregate/summary"
	"tonghop/templates"
	"tonghop/templates/testenv"
)

// sample is the summary of `tonghop merge samples` as of 15/4/2024,
// merged once for all tests (reporttest.Samples).
func sample(t testing.TB) *summary.Summary { return reporttest.Samples(t) }

// writeSample writes the sample report to a new file and returns its path.
func writeSample(t testing.TB, opts report.Options) string {
	t.Helper()
	s := sample(t)
	doc, err := report.Build(s, opts)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "bao-cao-tong-hop.pdf")
	if err := WriteFile(path, doc, Meta{Title: report.Title(s), Author: s.Campaign.IssuingBody, Created: s.AsOf}); err != nil {
		t.Fatal(err)
	}
	return path
}
func TestWritePDFReproducible(t *testing.T) {
	a, b := writeSample(t, report.Options{}), writeSample(t, report.Options{})
	x, _ := os.ReadFile(a)
	y, _ := os.ReadFile(b)
	if !bytes.HasPrefix(x, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", x[:min(len(x), 20)])
	}
	if !bytes.Equal(x, y) {
		t.Error("the same result written twice gives different bytes")
	}
	if !bytes.Contains(x, []byte("D:20240415000000")) {
		t.Error("creation date is not the as-of date")
	}
	entries, _ := os.ReadDir(filepath.Dir(a))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestWritePDFErrors(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := Write(&buf, nil, Meta{}); err == nil {
		t.Error("want an error for no document")
	}
	bad := &document.Doc{Sections: []document.Section{{Blocks: []document.Block{
		document.Table{Widths: []float64{1}, Rows: []document.Row{{Cells: []document.Cell{{}, {}}}}},
	}}}}
	if err := Write(&buf, bad, Meta{}); err == nil || !strings.Contains(err.Error(), "dòng 1") {
		t.Errorf("err = %v, want one naming the row with too many cells", err)
	}
	doc, err := report.Build(sample(t), report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(filepath.Join(dir, "no", "such", "x.pdf"), doc, Meta{}); err == nil {
		t.Error("want an error for a folder that does not exist")
	}
}

func TestWritePDFSparse(t *testing.T) {
	c, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	bare := *c
	bare.SignerTitle, bare.SignerName, bare.Recipients, bare.Proposals, bare.Basis = nil, "", nil, "", ""
	tests := []struct {
		name string
		res  *aggregate.Result
	}{
		{"nobody reported", func() *aggregate.Result {
			res := &aggregate.Result{Campaign: c, AsOf: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)}
			for i := range c.Units {
				res.Units = append(res.Units, &aggregate.UnitResult{Unit: &c.Units[i], Status: aggregate.StatusNotYetDue})
			}
			return res
		}()},
		{"no units, no lists, no signer", &aggregate.Result{Campaign: &bare, AsOf: time.Date(2024, 4, 5, 0, 0, 0, 0, time.UTC)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := report.Build(summary.Of(tt.res), report.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := Write(&buf, doc, Meta{}); err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) || !bytes.Contains(buf.Bytes(), []byte("%%EOF")) {
				t.Error("not a complete PDF")
			}
		})
	}
}

// pdfRunApp runs an installed program (testenv.NeedApp) and returns what
// it printed.
func pdfRunApp(t *testing.T, name string, args ...string) string {
	t.Helper()
	return testenv.Run(t, testenv.Command(t, name, args...))
}

// pdfText extracts the text of a PDF with pdftotext in a mode ("-layout"
// or "-raw"), each line trimmed and its runs of spaces made one, empty
// lines dropped; a line with a form feed alone separates the pages.
func pdfText(t *testing.T, path, mode string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out.txt")
	pdfRunApp(t, "pdftotext", mode, "-enc", "UTF-8", path, out)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	space := regexp.MustCompile(`[ \t]+`)
	var pages []string
	for _, page := range strings.Split(strings.TrimRight(string(b), "\f\n"), "\f") {
		var lines []string
		for _, ln := range strings.Split(page, "\n") {
			if ln = strings.TrimSpace(space.ReplaceAllString(ln, " ")); ln != "" {
				lines = append(lines, ln)
			}
		}
		pages = append(pages, strings.Join(lines, "\n")+"\n")
	}
	return strings.Join(pages, "\f\n")
}

func TestPDFContent(t *testing.T) {
	testenv.NeedApp(t, "pdftotext")
	s := sample(t)
	path := writeSample(t, report.Options{})
	text := pdfText(t, path, "-layout")
	if !norm.NFC.IsNormalString(text) {
		t.Error("extracted text is not NFC")
	}
	// Reading order (-raw) keeps a name that wraps inside a table cell
	// together.
	all := reporttest.Flatten(pdfText(t, path, "-raw"))

	t.Run("form", func(t *testing.T) {
		last := -1
		for _, want := range []string{
			"UBND TỈNH ĐẮK NÔNG", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "Số: /BC-STTTT",
			"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Đắk Nông, ngày tháng 4 năm 2024", "BÁO CÁO",
			"Kết quả tuyên truyền Kỷ niệm 20 năm Ngày tái lập tỉnh Đắk Nông (01/01/2004 - 01/01/2024)",
			"Kính gửi: Ủy ban nhân dân tỉnh Đắk Nông.", "I. TÌNH HÌNH", "Tính đến ngày 15/4/2024", "II. KẾT QUẢ", "III. CÁC CƠ QUAN", "IV. CÁC CƠ QUAN", "V. Ý KIẾN CỦA CÁC CƠ QUAN",
			"1. Đánh giá chung", "2. Khó khăn, vướng mắc", "3. Đề xuất, kiến nghị", "VI. ĐỀ XUẤT, KIẾN NGHỊ",
			"Nơi nhận: - Như trên; - Ban Giám đốc; - Văn phòng Sở; - Trung tâm DLCN&TT (th/h); - Lưu: VT, TTBCXB. KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Hoàng Mạnh Thắng",
			"Phụ lục I", "(Kèm theo Báo cáo số /BC-STTTT ngày /4/2024)", "Phụ lục II", "Phụ lục III", "Phụ lục IV",
		} {
			i := strings.Index(all, want)
			if i < 0 {
				t.Errorf("missing %q", want)
				continue
			}
			if i < last {
				t.Errorf("%q out of order", want)
			}
			last = i
		}
		if strings.Contains(all, "UBND tỉnh (b/c)") {
			t.Error("Nơi nhận lists the addressee again as a copy")
		}
	})
	t.Run("reconcile", func(t *testing.T) { reporttest.Reconcile(t, all, s) })
	t.Run("page numbers", func(t *testing.T) {
		// The body is numbered from its second page; each appendix from 1
		// again, its first page without a number.
		pages := strings.Split(text, "\f\n")
		want := 1
		for i, p := range pages {
			first, _, _ := strings.Cut(p, "\n")
			if strings.HasPrefix(first, "Phụ lục ") {
				want = 1
			}
			switch {
			case (i == 0 || want == 1) && strings.Trim(first, "0123456789") == "":
				t.Errorf("page %d: a first page carries the number %q", i+1, first)
			case i > 0 && want > 1 && first != fmt.Sprint(want):
				t.Errorf("page %d starts with %q, want %d", i+1, first, want)
			}
			want++
		}
	})
	t.Run("golden", func(t *testing.T) {
		testenv.Golden(t, filepath.Join("testdata", "pdf", "bao-cao-tong-hop.txt"), []byte(text))
	})
}

func TestPDFSignDateAndConclusion(t *testing.T) {
	testenv.NeedApp(t, "pdftotext")
	concl := norm.NFD.String("Đề nghị UBND tỉnh biểu dương các đơn vị thực hiện tốt.\nĐề nghị Sở Xây dựng khẩn trương đặt banner.")
	path := writeSample(t, report.Options{Conclusion: concl, SignDate: time.Date(2024, 4, 8, 0, 0, 0, 0, time.UTC)})
	all := reporttest.Flatten(pdfText(t, path, "-raw"))
	for _, want := range []string{"Đắk Nông, ngày 08 tháng 4 năm 2024", "(Kèm theo Báo cáo số /BC-STTTT ngày 08/4/2024)",
		"Tính đến ngày 15/4/2024", "Đề nghị UBND tỉnh biểu dương các đơn vị thực hiện tốt.", "Đề nghị Sở Xây dựng khẩn trương đặt banner."} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q", want)
		}
	}
	if strings.Contains(all, "hoàn thành việc báo cáo kết quả tuyên truyền theo đề nghị") {
		t.Error("campaign proposals still printed although a conclusion was given")
	}
}

func TestPDFChecks(t *testing.T) {
	path := writeSample(t, report.Options{})
	t.Run("qpdf check", func(t *testing.T) {
		out := pdfRunApp(t, "qpdf", "--check", path)
		if !strings.Contains(out, "No syntax or stream encoding errors") {
			t.Errorf("qpdf --check:\n%s", out)
		}
	})
	t.Run("fonts embedded", func(t *testing.T) {
		out := pdfRunApp(t, "pdffonts", path)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) < 3 {
			t.Fatalf("no fonts:\n%s", out)
		}
		styles := map[string]bool{}
		for _, ln := range lines[2:] {
			f := strings.Fields(ln)
			if len(f) < 7 || f[len(f)-5] != "yes" {
				t.Errorf("font not embedded: %s", ln)
			}
			name := strings.ToLower(f[0])
			if i := strings.Index(name, "liberationserif"); i >= 0 {
				styles[name[i+len("liberationserif"):]] = true
			}
		}
		if !styles[""] || !styles["b"] || !styles["i"] || !styles["bi"] {
			t.Errorf("want the four Liberation Serif styles, got %v:\n%s", styles, out)
		}
	})
	t.Run("page sizes", func(t *testing.T) {
		out := pdfRunApp(t, "pdfinfo", "-f", "1", "-l", "99", path)
		portrait := strings.Count(out, "595.28 x 841.89 pts (A4)")
		landscape := strings.Count(out, "841.89 x 595.28 pts (A4)")
		if portrait == 0 || landscape == 0 {
			t.Errorf("want A4 portrait and landscape pages:\n%s", out)
		}
	})
}

func BenchmarkWritePDF(b *testing.B) {
	s := sample(b)
	doc, err := report.Build(s, report.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		var buf bytes.Buffer
		if err := Write(&buf, doc, Meta{Created: s.AsOf}); err != nil {
			b.Fatal(err)
		}
	}
}
