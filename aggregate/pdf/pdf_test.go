package pdf

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"tonghop/aggregate"
	"tonghop/aggregate/summary"
	"tonghop/templates"
	"tonghop/templates/vn"
)

var update = flag.Bool("update", false, "rewrite the golden text of the PDF summary in testdata/pdf")

// bannerMissing are the units of the letter's footnote 2: they have a web
// portal but had not placed the banner.
var bannerMissing = map[string]bool{
	"SBN07": true, "SBN04": true, "SBN09": true,
	"UBH-663": true, "UBH-666": true, "UBH-661": true, "UBH-662": true,
}

// pdfSampleResult builds a realistic merge of the default campaign from
// reports made in code: most units on time, some late, a few missing, one
// with an error; values varied but deterministic. The merge itself computes
// statuses, summaries, districts and lists.
func pdfSampleResult(t testing.TB) *aggregate.Result {
	t.Helper()
	c, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	var reports []*aggregate.Report
	for i := range c.Units {
		u := &c.Units[i]
		special := !bannerMissing[u.Code]
		if special && i%19 == 4 {
			continue // has not reported
		}
		r := pdfSampleReport(c, u, i)
		r.File.SHA256 = fmt.Sprintf("%064x", i+1)
		r.Reporter.Date = time.Date(2024, 3, 20+i%15, 0, 0, 0, 0, time.UTC)
		switch {
		case special && i%13 == 6:
			r.Reporter.Date = time.Date(2024, 4, 5+i%3, 0, 0, 0, 0, time.UTC)
		case special && i == 40:
			r.Issues = append(r.Issues, aggregate.Issue{File: r.File.Path, Sheet: templates.SheetReport, Cell: "D26", Unit: u.Code, Indicator: "C2",
				Severity: templates.SeverityError, Msg: "C2 = 75 lớn hơn C1 = 40"})
		}
		reports = append(reports, r)
	}
	return aggregate.MergeReports(c, reports, aggregate.MergeOptions{AsOf: time.Date(2024, 4, 5, 0, 0, 0, 0, time.UTC)})
}

// pdfSampleReport fills the form of unit u with values derived from i.
func pdfSampleReport(c *templates.Campaign, u *templates.Unit, i int) *aggregate.Report {
	r := &aggregate.Report{Unit: u, Values: map[string]aggregate.Value{}}
	r.File.Path = fmt.Sprintf("BC %s.xlsx", u.Code)
	for _, ind := range c.IndicatorsFor(u.Group) {
		v := aggregate.Value{Type: ind.Type}
		n := float64((i*37+len(ind.ID)*11+int(ind.ID[len(ind.ID)-1]))%90 + 1)
		switch ind.Type {
		case templates.TypeYesNo:
			v.Bool = true
			switch {
			case ind.ID == "A1":
				v.Bool = i%23 != 9 || bannerMissing[u.Code]
			case ind.ID == "A2":
				v.Bool = !bannerMissing[u.Code] && i%23 != 9
			case ind.ID == "B2":
				v.Bool = i%17 != 3
			}
		case templates.TypeWhole:
			v.Num = n
			switch ind.ID {
			case "C1":
				v.Num = 20 + n*3
				if u.Group == "UBH" {
					v.Num = 1250 + n
				}
			case "C2":
				v.Num = 10 + n*2
				if i%11 == 2 {
					v.Num = 5
				}
			}
		case templates.TypeNumber:
			v.Num = n*12 + 0.5
		case templates.TypeDate:
			v.Date = time.Date(2023, 12, 1+i%28, 0, 0, 0, 0, time.UTC)
		case templates.TypeText:
			v.Text = "Đã triển khai theo kế hoạch."
		}
		r.Values[ind.ID] = v
	}
	r.Reporter = aggregate.Reporter{Name: "Nguyễn Văn A"}
	return r
}

func TestDateLine(t *testing.T) {
	tests := []struct {
		name, place string
		date        time.Time
		want        string
	}{
		{"day and month without zero", "Đắk Nông", time.Date(2024, 4, 15, 0, 0, 0, 0, time.UTC), "Đắk Nông, ngày 15 tháng 4 năm 2024"},
		{"day below ten", "Đắk Nông", time.Date(2024, 4, 5, 0, 0, 0, 0, time.UTC), "Đắk Nông, ngày 05 tháng 4 năm 2024"},
		{"January", "Đắk Nông", time.Date(2024, 1, 31, 0, 0, 0, 0, time.UTC), "Đắk Nông, ngày 31 tháng 01 năm 2024"},
		{"February", "Đắk Nông", time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC), "Đắk Nông, ngày 01 tháng 02 năm 2024"},
		{"March", "Hà Nội", time.Date(2024, 3, 9, 0, 0, 0, 0, time.UTC), "Hà Nội, ngày 09 tháng 3 năm 2024"},
		{"December", "Đắk Nông", time.Date(2023, 12, 10, 0, 0, 0, 0, time.UTC), "Đắk Nông, ngày 10 tháng 12 năm 2023"},
		{"no place", "", time.Date(2023, 11, 1, 0, 0, 0, 0, time.UTC), "ngày 01 tháng 11 năm 2023"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := vn.DateLine(tt.place, tt.date); got != tt.want {
				t.Errorf("dateLine = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestShortDate(t *testing.T) {
	tests := []struct {
		name string
		date time.Time
		want string
	}{
		{"deadline", time.Date(2024, 4, 5, 0, 0, 0, 0, time.UTC), "05/4/2024"},
		{"period start", time.Date(2023, 12, 15, 0, 0, 0, 0, time.UTC), "15/12/2023"},
		{"January", time.Date(2004, 1, 1, 0, 0, 0, 0, time.UTC), "01/01/2004"},
		{"plan", time.Date(2023, 8, 16, 0, 0, 0, 0, time.UTC), "16/8/2023"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := vn.ShortDate(tt.date); got != tt.want {
				t.Errorf("shortDate = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		name string
		in   float64
		want string
	}{
		{"zero", 0, "0"},
		{"small", 7, "7"},
		{"hundreds", 999, "999"},
		{"thousand", 1000, "1.000"},
		{"thousands", 1234, "1.234"},
		{"millions", 1234567, "1.234.567"},
		{"decimal comma", 12.5, "12,5"},
		{"thousands and decimals", 1234.75, "1.234,75"},
		{"rounded to two decimals", 2.0 / 3, "0,67"},
		{"float noise", 0.1 + 0.2, "0,3"},
		{"negative", -4321.5, "-4.321,5"},
		{"negative rounding to zero", -0.001, "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := vn.Round(tt.in, 2); got != tt.want {
				t.Errorf("vn.Round(%v, 2) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFormatCountAndPercent(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"count below ten", vn.Count(7), "07"},
		{"count ten", vn.Count(10), "10"},
		{"count thousands", vn.Count(10600), "10.600"},
		{"percent", vn.Percent(float64(120), float64(130)), "92,3%"},
		{"percent whole", vn.Percent(float64(130), float64(130)), "100%"},
		{"percent of nothing", vn.Percent(float64(0), float64(0)), "0%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

func TestWritePDFReproducible(t *testing.T) {
	res := pdfSampleResult(t)
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.pdf"), filepath.Join(dir, "b.pdf")
	if err := Write(summary.Of(res), a, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := Write(summary.Of(pdfSampleResult(t)), b, Options{}); err != nil {
		t.Fatal(err)
	}
	x, _ := os.ReadFile(a)
	y, _ := os.ReadFile(b)
	if !bytes.HasPrefix(x, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", x[:min(len(x), 20)])
	}
	if !bytes.Equal(x, y) {
		t.Error("the same result written twice gives different bytes")
	}
	if !bytes.Contains(x, []byte("D:20240405000000")) {
		t.Error("creation date is not the as-of date")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestWritePDFErrors(t *testing.T) {
	dir := t.TempDir()
	t.Run("no result", func(t *testing.T) {
		if err := Write(summary.Of(&aggregate.Result{}), filepath.Join(dir, "x.pdf"), Options{}); err == nil {
			t.Error("want an error for a result without campaign")
		}
	})
	t.Run("missing folder", func(t *testing.T) {
		err := Write(summary.Of(pdfSampleResult(t)), filepath.Join(dir, "no", "such", "x.pdf"), Options{})
		if err == nil {
			t.Error("want an error for a folder that does not exist")
		}
	})
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
			var buf bytes.Buffer
			if err := render(summary.Of(tt.res), Options{}, &buf); err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) || !bytes.Contains(buf.Bytes(), []byte("%%EOF")) {
				t.Error("not a complete PDF")
			}
		})
	}
}

func TestReadConclusion(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		content []byte
		want    string
		wantErr string
	}{
		{"NFD with BOM and CRLF", []byte("\ufeff" + norm.NFD.String("Đề nghị UBND tỉnh chỉ đạo.\r\nĐoạn hai.\r\n")), "Đề nghị UBND tỉnh chỉ đạo.\nĐoạn hai.", ""},
		{"empty", []byte(" \n"), "", "tệp rỗng"},
		{"not UTF-8", []byte{0xa7, 0xbe, 'k'}, "", "UTF-8"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(dir, fmt.Sprintf("kl%d.txt", i))
			if err := os.WriteFile(p, tt.content, 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := ReadConclusion(p)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), p) {
					t.Errorf("err = %v, want one naming the file and %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	if _, err := ReadConclusion(filepath.Join(dir, "none.txt")); err == nil {
		t.Error("want an error for a missing file")
	}
}

// pdfNeedApp returns the path of an external program, skipping the test when
// it is missing unless TONGHOP_REQUIRE_APPS=1.
func pdfNeedApp(t *testing.T, name string) string {
	t.Helper()
	if testing.Short() {
		t.Skipf("%s: skipped with -short", name)
	}
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("TONGHOP_REQUIRE_APPS") == "1" {
			t.Fatalf("%s is required (TONGHOP_REQUIRE_APPS=1) but not found", name)
		}
		t.Skipf("%s not installed", name)
	}
	return p
}

func pdfRunApp(t *testing.T, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, pdfNeedApp(t, name), args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
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

// pdfFlat joins extracted text into one line without the page numbers (the
// first line of every page but the first), for phrases that may wrap or
// run across a page break.
func pdfFlat(s string) string {
	pages := strings.Split(s, "\f\n")
	for i := 1; i < len(pages); i++ {
		if first, rest, ok := strings.Cut(pages[i], "\n"); ok && strings.Trim(first, "0123456789") == "" {
			pages[i] = rest
		}
	}
	return strings.Join(strings.Fields(strings.Join(pages, "\n")), " ")
}

func TestPDFContent(t *testing.T) {
	pdfNeedApp(t, "pdftotext")
	sum := summary.Of(pdfSampleResult(t))
	path := filepath.Join(t.TempDir(), "bao-cao-tong-hop.pdf")
	if err := Write(sum, path, Options{}); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, path, "-layout")
	if !norm.NFC.IsNormalString(text) {
		t.Error("extracted text is not NFC")
	}
	// Reading order (-raw) keeps a name that wraps inside a table cell
	// together.
	all := pdfFlat(pdfText(t, path, "-raw"))
	if !strings.Contains(pdfFlat(text), "Đắk Nông, ngày 05 tháng 4 năm 2024") {
		t.Error("layout text misses the date line")
	}

	t.Run("header", func(t *testing.T) {
		for _, want := range []string{
			"UBND TỈNH ĐẮK NÔNG", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "Số: /BC-STTTT",
			"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
			"Đắk Nông, ngày 05 tháng 4 năm 2024", "BÁO CÁO",
			"Kết quả tuyên truyền Kỷ niệm 20 năm Ngày tái lập tỉnh Đắk Nông (01/01/2004 - 01/01/2024)",
		} {
			if !strings.Contains(all, want) {
				t.Errorf("missing %q", want)
			}
		}
	})
	t.Run("parts", func(t *testing.T) {
		last := -1
		for _, want := range []string{"I. TÌNH HÌNH", "II. KẾT QUẢ", "III. CÁC CƠ QUAN", "IV. CÁC CƠ QUAN", "V. ĐỀ XUẤT", "Nơi nhận:", "Phụ lục"} {
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
	})
	t.Run("numbers", func(t *testing.T) {
		p := sum.Province
		want := fmt.Sprintf("có %d/%d đơn vị đã gửi báo cáo", p.Received, p.Expected)
		if !strings.Contains(all, want) {
			t.Errorf("missing %q", want)
		}
		for _, ind := range sum.Campaign.Indicators {
			if !summed(&ind) {
				continue
			}
			w := ind.Label + ": " + totalText(&ind, p.Totals[ind.ID], true)
			if !strings.Contains(all, w) {
				t.Errorf("missing province total %q", w)
			}
		}
		if tot := p.Totals["C1"].Sum; tot < 1000 {
			t.Fatalf("sample C1 total %v too small to test thousands", tot)
		} else if !strings.Contains(all, vn.Round(tot, 2)+" người") {
			t.Errorf("missing C1 total %q", vn.Round(tot, 2))
		}
	})
	t.Run("lists", func(t *testing.T) {
		banner := "Sở Kế hoạch và Đầu tư; Sở Nông nghiệp và Phát triển nông thôn; Sở Xây dựng; UBND huyện Đắk Glong; UBND huyện Cư Jút; UBND huyện Đắk Mil; UBND huyện Đắk R'Lấp"
		if !strings.Contains(all, banner) {
			t.Errorf("missing the banner list %q", banner)
		}
		for _, lr := range sum.Lists {
			if len(lr.Units) == 0 {
				t.Errorf("sample list %s is empty", lr.List.ID)
			}
			for _, u := range lr.Units {
				if !strings.Contains(all, u.Unit.Name) {
					t.Errorf("list %s: missing %q", lr.List.ID, u.Unit.Name)
				}
			}
		}
	})
	t.Run("not reported", func(t *testing.T) {
		n := 0
		for _, u := range sum.Units {
			if u.Status == aggregate.StatusMissing {
				n++
				if !strings.Contains(all, u.Unit.Name) {
					t.Errorf("missing unit not named: %q", u.Unit.Name)
				}
			}
		}
		if n == 0 {
			t.Fatal("sample has no missing unit")
		}
	})
	t.Run("closing", func(t *testing.T) {
		for _, want := range []string{"- Như trên;", "- UBND tỉnh (b/c);", "- Lưu: VT, TTBCXB.", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Hoàng Mạnh Thắng"} {
			if !strings.Contains(all, want) {
				t.Errorf("missing %q", want)
			}
		}
	})
	t.Run("appendix", func(t *testing.T) {
		i := strings.Index(all, "Phụ lục")
		if i < 0 {
			t.Fatal("no appendix")
		}
		app := all[i:]
		for _, u := range sum.Units {
			if !strings.Contains(app, u.Unit.Name) {
				t.Errorf("appendix misses %q", u.Unit.Name)
			}
		}
		if !strings.Contains(app, "TỔNG CỘNG TOÀN TỈNH") {
			t.Error("appendix misses the province total")
		}
		// The header row is repeated on every appendix page.
		pages := strings.Split(text[strings.Index(text, "Phụ lục"):], "\f\n")
		if len(pages) < 2 {
			t.Fatalf("appendix on %d page(s), want several", len(pages))
		}
		for i, p := range pages {
			if !strings.Contains(p, "TT Cơ quan, đơn vị, địa phương Tình trạng A1 A2") {
				t.Errorf("appendix page %d has no header row", i+1)
			}
		}
	})
	t.Run("golden", func(t *testing.T) {
		golden := filepath.Join("testdata", "pdf", "bao-cao-tong-hop.txt")
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./aggregate/pdf -run TestPDFContent -update)", err)
		}
		if string(want) != text {
			t.Errorf("extracted text differs from %s (run with -update and review git diff)\n%s", golden, pdfFirstDiff(string(want), text))
		}
	})
}

// pdfFirstDiff shows the first line where two texts differ.
func pdfFirstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, x, y)
		}
	}
	return ""
}

func TestPDFPageNumbers(t *testing.T) {
	pdfNeedApp(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "r.pdf")
	if err := Write(summary.Of(pdfSampleResult(t)), path, Options{}); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, path, "-layout")
	pages := strings.Split(text, "\f\n")
	if len(pages) < 4 {
		t.Fatalf("%d pages, want at least 4", len(pages))
	}
	if first := strings.SplitN(strings.TrimSpace(pages[0]), "\n", 2)[0]; first == "1" {
		t.Error("page 1 carries a number")
	}
	for i, p := range pages[1:] {
		first := strings.SplitN(strings.TrimSpace(p), "\n", 2)[0]
		if want := fmt.Sprint(i + 2); first != want {
			t.Errorf("page %d starts with %q, want its number", i+2, first)
		}
	}
}

func TestPDFConclusion(t *testing.T) {
	pdfNeedApp(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "r.pdf")
	concl := norm.NFD.String("Đề nghị UBND tỉnh biểu dương các đơn vị thực hiện tốt.\nĐề nghị Sở Xây dựng khẩn trương đặt banner.")
	if err := Write(summary.Of(pdfSampleResult(t)), path, Options{Conclusion: concl}); err != nil {
		t.Fatal(err)
	}
	all := pdfFlat(pdfText(t, path, "-raw"))
	if !strings.Contains(all, "Đề nghị UBND tỉnh biểu dương các đơn vị thực hiện tốt.") ||
		!strings.Contains(all, "Đề nghị Sở Xây dựng khẩn trương đặt banner.") {
		t.Error("conclusion text not in part V")
	}
	if strings.Contains(all, "hoàn thành việc báo cáo kết quả tuyên truyền theo đề nghị") {
		t.Error("campaign proposals still printed although a conclusion was given")
	}
}

func TestPDFChecks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.pdf")
	if err := Write(summary.Of(pdfSampleResult(t)), path, Options{}); err != nil {
		t.Fatal(err)
	}
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
	res := pdfSampleResult(b)
	path := filepath.Join(b.TempDir(), "r.pdf")
	for b.Loop() {
		if err := Write(summary.Of(res), path, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestPDFDateInVietnam(t *testing.T) {
	pdfNeedApp(t, "pdftotext")
	res := pdfSampleResult(t)
	// 20:00 UTC on the 4th is 03:00 on the 5th in Vietnam.
	res.AsOf = time.Date(2024, 4, 4, 20, 0, 0, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "r.pdf")
	if err := Write(summary.Of(res), path, Options{}); err != nil {
		t.Fatal(err)
	}
	all := pdfFlat(pdfText(t, path, "-raw"))
	for _, want := range []string{"Đắk Nông, ngày 05 tháng 4 năm 2024", "Tính đến ngày 05/4/2024", "ngày 05/4/2024)"} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q", want)
		}
	}
}
