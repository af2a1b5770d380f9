package written

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"tonghop/templates/testenv"

	"golang.org/x/text/unicode/norm"
)

var (
	wantIssuer  = []string{"UBND HUYỆN ĐẮK MIL", "PHÒNG VĂN HÓA VÀ THÔNG TIN"}
	wantSubject = "Kết quả tuyên truyền Kỷ niệm 20 năm Ngày tái lập tỉnh Đắk Nông"
	wantDate    = time.Date(2024, 4, 8, 0, 0, 0, 0, time.UTC)
	created     = time.Date(2024, 4, 8, 9, 30, 0, 0, time.UTC)
	modified    = time.Date(2024, 4, 8, 10, 15, 0, 0, time.UTC)
)

// The lines of the fixture as a word processor keeps them: one per
// paragraph, the title block's left cell before its right one.
var wantParagraphs = []string{
	"UBND HUYỆN ĐẮK MIL", "PHÒNG VĂN HÓA VÀ THÔNG TIN",
	"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
	"Số: 45/BC-VHTT", "Đắk Mil, ngày 08 tháng 4 năm 2024",
	"BÁO CÁO", wantSubject,
	"Kính gửi: Sở Thông tin và Truyền thông tỉnh Đắk Nông.",
	"Thực hiện Công văn số 554/STTTT-TTBCXB của Sở Thông tin và Truyền thông, Phòng Văn hóa và Thông tin huyện Đắk Mil báo cáo kết quả như sau:",
	"I. KẾT QUẢ THỰC HIỆN",
	"Đã đặt banner tuyên truyền trên Cổng thông tin điện tử huyện từ ngày 15/12/2023; đăng tải 12 tin, bài về thành tựu sau 20 năm tái lập tỉnh.",
	"II. KHÓ KHĂN, VƯỚNG MẮC",
	"Hệ thống truyền thanh cơ sở ở một số xã đã xuống cấp.",
}

// The lines of the fixture's PDF: rows of the page, the title block's two
// columns side by side, paragraphs wrapped as LibreOffice laid them out.
var wantPDFLines = []string{
	"UBND HUYỆN ĐẮK MIL", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
	"PHÒNG VĂN HÓA VÀ THÔNG TIN", "Độc lập - Tự do - Hạnh phúc",
	"Số: 45/BC-VHTT", "Đắk Mil, ngày 08 tháng 4 năm 2024",
	"BÁO CÁO", wantSubject,
	"Kính gửi: Sở Thông tin và Truyền thông tỉnh Đắk Nông.",
	"Thực hiện Công văn số 554/STTTT-TTBCXB của Sở Thông tin và Truyền thông, Phòng Văn",
	"hóa và Thông tin huyện Đắk Mil báo cáo kết quả như sau:",
	"I. KẾT QUẢ THỰC HIỆN",
	"Đã đặt banner tuyên truyền trên Cổng thông tin điện tử huyện từ ngày 15/12/2023; đăng tải 12",
	"tin, bài về thành tựu sau 20 năm tái lập tỉnh.",
	"II. KHÓ KHĂN, VƯỚNG MẮC",
	"Hệ thống truyền thanh cơ sở ở một số xã đã xuống cấp.",
}

// checkFixture compares a read fixture with what it must say.
func checkFixture(t *testing.T, format string, d *Doc) {
	t.Helper()
	want := Doc{Format: format, Issuer: wantIssuer, Number: "45/BC-VHTT", Kind: "BÁO CÁO", Subject: wantSubject, Place: "Đắk Mil", Date: wantDate}
	switch format {
	case "docx", "odt", "doc":
		want.Created, want.Modified = created, modified
	case "pdf":
		if d.Created.IsZero() {
			t.Errorf("pdf: no CreationDate")
		}
		want.Created = d.Created // the conversion's time
	}
	wantLines := wantParagraphs
	if format == "pdf" {
		wantLines = wantPDFLines
	}
	if !reflect.DeepEqual(d.Lines, wantLines) {
		t.Errorf("%s lines:\n got %q\nwant %q", format, d.Lines, wantLines)
	}
	got := *d
	got.Text, got.Lines = "", nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %+v\nwant %+v", format, got, want)
	}
	if !norm.NFC.IsNormalString(d.Text) {
		t.Errorf("%s: text not NFC", format)
	}
}

func TestReadFixtures(t *testing.T) {
	for _, format := range []string{"docx", "odt", "pdf", "doc"} {
		t.Run(format, func(t *testing.T) {
			b, err := os.ReadFile("testdata/bao-cao." + format)
			if err != nil {
				t.Fatal(err)
			}
			if !Looks("bao-cao."+format, b) {
				t.Errorf("Looks: false")
			}
			d, err := Read("bao-cao."+format, b, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			checkFixture(t, format, d)
		})
	}
}

// TestFixturesRegenerate converts the fixture's source with LibreOffice
// again and checks that what is read is still the same.
func TestFixturesRegenerate(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("testdata/bao-cao.html")
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "bao-cao.html")
	if err := os.WriteFile(in, src, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"docx", "odt", "pdf", "doc"} {
		b, err := os.ReadFile(testenv.Convert(t, in, format, dir, "--infilter=HTML (StarWriter)"))
		if err != nil {
			t.Fatal(err)
		}
		d, err := Read("bao-cao."+format, b, Limits{})
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		checkFixture(t, format, d)
	}
}

func TestLooks(t *testing.T) {
	for _, tc := range []struct {
		file string
		want bool
	}{
		{"bao-cao.docx", true},
		{"bao-cao.odt", true},
		{"bao-cao.pdf", true},
		{"bao-cao.doc", true},
		{"bang.xlsx", false},
		{"bang.ods", false},
		{"bang.xls", false},
		{"bao-cao.html", false},
	} {
		b, err := os.ReadFile("testdata/" + tc.file)
		if err != nil {
			t.Fatal(err)
		}
		if got := Looks(tc.file, b); got != tc.want {
			t.Errorf("Looks(%s) = %v", tc.file, got)
		}
	}
	for _, b := range [][]byte{nil, []byte("PK\x03\x04"), []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), []byte("%PDF")} {
		if Looks("x", b) {
			t.Errorf("Looks(%q) = true", b)
		}
	}
}

func TestParseTitle(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines string
		want  Doc
	}{
		{"draft with blanks", "UBND TỈNH ĐẮK NÔNG\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG\nSố:      /BC-STTTT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nĐắk Nông, ngày      tháng 4 năm 2024\nBÁO CÁO\nKết quả tuyên truyền\nKính gửi: Ủy ban nhân dân tỉnh Đắk Nông.",
			Doc{Issuer: []string{"UBND TỈNH ĐẮK NÔNG", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"}, Number: "/BC-STTTT", Kind: "BÁO CÁO", Subject: "Kết quả tuyên truyền", Place: "Đắk Nông"}},
		{"party committee", "ĐẢNG BỘ TỈNH ĐẮK NÔNG\nHUYỆN ỦY CƯ JÚT\n*\nSố 120-BC/HU\nĐẢNG CỘNG SẢN VIỆT NAM\nCư Jút, ngày 5 tháng 4 năm 2024\nBÁO CÁO\nkết quả công tác tuyên truyền\nkỷ niệm 20 năm tái lập tỉnh\n-----",
			Doc{Issuer: []string{"ĐẢNG BỘ TỈNH ĐẮK NÔNG", "HUYỆN ỦY CƯ JÚT"}, Number: "120-BC/HU", Kind: "BÁO CÁO", Subject: "kết quả công tác tuyên truyền kỷ niệm 20 năm tái lập tỉnh", Place: "Cư Jút", Date: time.Date(2024, 4, 5, 0, 0, 0, 0, time.UTC)}},
		{"công văn", "BAN TUYÊN GIÁO\nSố: 88/CV-BTG\nV/v báo cáo kết quả tuyên truyền\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nGia Nghĩa, ngày 09 tháng 04 năm 2024\nKính gửi: Sở Thông tin và Truyền thông",
			Doc{Issuer: []string{"BAN TUYÊN GIÁO"}, Number: "88/CV-BTG", Kind: "CÔNG VĂN", Subject: "báo cáo kết quả tuyên truyền", Place: "Gia Nghĩa", Date: time.Date(2024, 4, 9, 0, 0, 0, 0, time.UTC)}},
		{"impossible date, NFD", norm.NFD.String("BÁO ĐẮK NÔNG\nĐắk Nông, ngày 31 tháng 4 năm 2024\nBÁO CÁO\nTổng kết."),
			Doc{Issuer: []string{"BÁO ĐẮK NÔNG"}, Kind: "BÁO CÁO", Subject: "Tổng kết.", Place: "Đắk Nông"}},
		{"no title block", "Kính gửi anh chị\nđây là thư", Doc{}},
		{"empty", "", Doc{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := &Doc{}
			_, d.Lines = clean(tc.lines, 1<<20)
			d.parseTitle()
			d.Lines = nil
			if !reflect.DeepEqual(*d, tc.want) {
				t.Errorf("got  %+v\nwant %+v", *d, tc.want)
			}
		})
	}
}

func TestPDFDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"D:20240408101500+07'00'", time.Date(2024, 4, 8, 3, 15, 0, 0, time.UTC)},
		{"D:20240408101500Z", time.Date(2024, 4, 8, 10, 15, 0, 0, time.UTC)},
		{"D:2024040810", time.Date(2024, 4, 8, 10, 0, 0, 0, time.UTC)},
		{"D:2024", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"hôm qua", time.Time{}},
		{"D:20241308", time.Time{}},
	} {
		if got := pdfDate(tc.in); !got.Equal(tc.want) {
			t.Errorf("pdfDate(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestCleanBounds(t *testing.T) {
	text, lines := clean("  Đắk   Mil \n\n\t x"+strings.Repeat("ắ", 10), 5) // cuts inside ắ
	if text != "  Đ" || !reflect.DeepEqual(lines, []string{"Đ"}) {
		t.Errorf("clean = %q, %q", text, lines)
	}
}

func BenchmarkRead(b *testing.B) {
	for _, format := range []string{"docx", "odt", "pdf", "doc"} {
		data, err := os.ReadFile("testdata/bao-cao." + format)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(format, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				if _, err := Read("x", data, Limits{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestScanHasNoText: a scanned report saved as PDF (a page image, made by
// rendering bao-cao.pdf with pdftoppm and wrapping the JPEG with
// Ghostscript's viewjpeg.ps) reads without error, as a document with no
// text at all, so that the caller can say it was sent but cannot be read.
func TestScanHasNoText(t *testing.T) {
	b, err := os.ReadFile("testdata/ban-quet.pdf")
	if err != nil {
		t.Fatal(err)
	}
	d, err := Read("ban-quet.pdf", b, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if !d.NoText || d.Format != "pdf" || len(d.Issuer) != 0 {
		t.Errorf("NoText %v, format %q, issuer %q", d.NoText, d.Format, d.Issuer)
	}
	text, err := os.ReadFile("testdata/bao-cao.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if d, err := Read("bao-cao.pdf", text, Limits{}); err != nil || d.NoText {
		t.Errorf("bao-cao.pdf: NoText %v, %v", d != nil && d.NoText, err)
	}
}
