package written

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifregular"
)

// TestFPDFType0 reads a report written by fpdf, the project's own PDF
// library: UTF-8 fonts embedded as Type0/Identity-H with two-byte codes
// and CID widths, unlike LibreOffice's one-byte TrueType subsets.
func TestFPDFType0(t *testing.T) {
	p := fpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes("serif", "", liberationserifregular.TTF)
	p.AddUTF8FontFromBytes("serif", "B", liberationserifbold.TTF)
	when := time.Date(2024, 4, 9, 8, 0, 0, 0, time.UTC)
	p.SetCreationDate(when)
	p.SetModificationDate(when)
	p.AddPage()
	cell := func(x, y, w float64, style, s string) {
		p.SetFont("serif", style, 13)
		p.SetXY(x, y)
		p.CellFormat(w, 6, s, "", 0, "C", false, 0, "")
	}
	cell(30, 20, 70, "", "HUYỆN ỦY CƯ JÚT")
	cell(30, 26, 70, "B", "BAN TUYÊN GIÁO")
	cell(100, 20, 90, "B", "ĐẢNG CỘNG SẢN VIỆT NAM")
	cell(30, 34, 70, "", "Số 12-BC/BTGHU")
	cell(100, 34, 90, "", "Cư Jút, ngày 03 tháng 4 năm 2024")
	cell(30, 46, 160, "B", "BÁO CÁO")
	cell(30, 52, 160, "B", "Kết quả tuyên truyền kỷ niệm 20 năm Ngày tái lập tỉnh")
	p.SetFont("serif", "", 13)
	p.SetXY(30, 64)
	p.MultiCell(160, 6, "Thực hiện Công văn số 554/STTTT-TTBCXB, Ban Tuyên giáo Huyện ủy báo cáo như sau.", "", "J", false)
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	d, err := Read("bao-cao-fpdf.pdf", buf.Bytes(), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	wantLines := []string{
		"HUYỆN ỦY CƯ JÚT", "ĐẢNG CỘNG SẢN VIỆT NAM", "BAN TUYÊN GIÁO",
		"Số 12-BC/BTGHU", "Cư Jút, ngày 03 tháng 4 năm 2024",
		"BÁO CÁO", "Kết quả tuyên truyền kỷ niệm 20 năm Ngày tái lập tỉnh",
		"Thực hiện Công văn số 554/STTTT-TTBCXB, Ban Tuyên giáo Huyện ủy báo cáo", "như sau.",
	}
	if !reflect.DeepEqual(d.Lines, wantLines) {
		t.Errorf("lines:\n got %q\nwant %q", d.Lines, wantLines)
	}
	got := *d
	got.Text, got.Lines = "", nil
	want := Doc{Format: "pdf", Issuer: []string{"HUYỆN ỦY CƯ JÚT", "BAN TUYÊN GIÁO"}, Number: "12-BC/BTGHU", Kind: "BÁO CÁO",
		Subject: "Kết quả tuyên truyền kỷ niệm 20 năm Ngày tái lập tỉnh", Place: "Cư Jút", Date: time.Date(2024, 4, 3, 0, 0, 0, 0, time.UTC),
		Created: when, Modified: when}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("\n got %+v\nwant %+v", got, want)
	}
}
