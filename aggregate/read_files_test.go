package aggregate

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"tonghop/aggregate/aggregatetest/returned"
	"tonghop/aggregate/archive/archivetest"
	"tonghop/aggregate/gate"
	"tonghop/templates/testenv"
)

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "read", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestReadBadFiles: every kind of file that is not a usable workbook gets
// its own message, naming the file, saying what to do.
func TestReadBadFiles(t *testing.T) {
	c := returned.Campaign(t)
	clean := returned.Clean(t, c)
	encrypted := returned.Clean(t, c, excelize.Options{Password: "bí mật"})
	tests := []struct {
		name    string
		file    string
		data    []byte
		opts    ReadOptions
		skipped bool
		unit    string
		issue   string // the only issue, "" when none
	}{
		{"empty", "bc.xlsx", nil, ReadOptions{}, false, "",
			"tệp rỗng (0 byte) — có thể tải tệp đính kèm chưa xong: tải lại từ thư điện tử; nếu vẫn rỗng, đề nghị đơn vị gửi lại"},
		{"truncated", "bc.xlsx", clean[:len(clean)/2], ReadOptions{}, false, "", gate.MsgTruncated},
		{"few bytes", "bc.xlsx", []byte("PK\x03"), ReadOptions{}, false, "", gate.MsgTruncated},
		{"pdf", "bc.xlsx", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj"), ReadOptions{}, false, "",
			"tệp văn bản (báo cáo bằng văn bản?) không đọc được: tệp PDF hỏng hoặc bị cắt cụt — nếu đây là báo cáo bằng văn bản của đơn vị, đề nghị gửi lại tệp .docx hoặc .pdf"},
		{"csv", "go-lai.csv", fixture(t, "go-lai.csv"), ReadOptions{}, false, "",
			"tệp văn bản/CSV, không phải .xlsx: tệp CSV mất biểu mẫu (tên vùng, mã đơn vị) nên không đọc chắc chắn được — " + gate.MsgSaveAsXLSX},
		{"csv named xlsx", "bc.xlsx", []byte("ma,gia_tri\nC1,40\n"), ReadOptions{}, false, "",
			"tệp văn bản/CSV, không phải .xlsx: tệp CSV mất biểu mẫu (tên vùng, mã đơn vị) nên không đọc chắc chắn được — " + gate.MsgSaveAsXLSX},
		{"html saved as xls", "bc.xls", []byte("<html><body><table><tr><td>C1</td></tr></table></body></html>"), ReadOptions{}, false, "",
			"tệp trang web (HTML) mang đuôi bảng tính, không phải .xlsx" + gate.Advice + gate.MsgSaveAsXLSX},
		{"xml spreadsheet 2003", "bc.xml", []byte(`<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>`), ReadOptions{}, false, "",
			"tệp Bảng tính XML 2003, không phải .xlsx" + gate.Advice + gate.MsgSaveAsXLSX},
		{"binary junk", "bc.xlsx", []byte{0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x10, 0x80, 0x81}, ReadOptions{}, false, "", gate.MsgNotWorkbook},
		// .xls and .ods are read like .xlsx: the blank template saved by
		// LibreOffice is identified and found unfilled.
		{"xls by LibreOffice", "bieu-mau.xls", fixture(t, "bieu-mau.xls"), ReadOptions{}, false, "UBX-24611", "biểu mẫu chưa được điền: cả 21 chỉ tiêu đều trống — có thể đơn vị gửi nhầm biểu mẫu trống; đề nghị gửi lại bản đã điền"},
		{"xls named xlsx", "bieu-mau.xlsx", fixture(t, "bieu-mau.xls"), ReadOptions{}, false, "UBX-24611", "biểu mẫu chưa được điền: cả 21 chỉ tiêu đều trống — có thể đơn vị gửi nhầm biểu mẫu trống; đề nghị gửi lại bản đã điền"},
		{"ods by LibreOffice", "bieu-mau.ods", fixture(t, "bieu-mau.ods"), ReadOptions{}, false, "UBX-24611", "biểu mẫu chưa được điền: cả 21 chỉ tiêu đều trống — có thể đơn vị gửi nhầm biểu mẫu trống; đề nghị gửi lại bản đã điền"},
		{"odt", "bc.odt", archivetest.Zip(t, "mimetype", "application/vnd.oasis.opendocument.text", "content.xml", "<x/>"), ReadOptions{}, false, "",
			"báo cáo bằng văn bản (.odt) không xác định được đơn vị: không thấy tên cơ quan ban hành trong văn bản, tên tệp cũng không khớp — đổi tên tệp theo tên đơn vị rồi chạy lại"},
		{"docx", "bc.docx", archivetest.Zip(t, "[Content_Types].xml", "<x/>", "word/document.xml", "<x/>"), ReadOptions{}, false, "",
			"báo cáo bằng văn bản (.docx) không xác định được đơn vị: không thấy tên cơ quan ban hành trong văn bản, tên tệp cũng không khớp — đổi tên tệp theo tên đơn vị rồi chạy lại"},
		{"plain zip", "bc.zip", archivetest.Zip(t, "bao-cao/bc.xlsx", "x"), ReadOptions{}, false, "",
			"tệp nén .zip, không phải bảng tính .xlsx — giải nén và kiểm tra lại tệp bên trong, hoặc đề nghị đơn vị gửi lại tệp .xlsx"},
		{"encrypted without password", "bc.xlsx", encrypted, ReadOptions{}, false, "", gate.MsgEncrypted},
		{"encrypted, wrong password", "bc.xlsx", encrypted, ReadOptions{Passwords: []string{"sai"}}, false, "", gate.MsgWrongPass},
		{"encrypted, right password", "bc.xlsx", encrypted, ReadOptions{Passwords: []string{"bí mật"}}, false, "UBX-24611", ""},
		{"password on a plain file", "bc.xlsx", clean, ReadOptions{Passwords: []string{"bí mật"}}, false, "UBX-24611", ""},
		{"Excel lock file", "~$bc.xlsx", []byte("\x0bNguyen Van A"), ReadOptions{}, true, "",
			"tệp khóa tạm của Excel/WPS (có người đang mở báo cáo), bỏ qua"},
		{"LibreOffice lock file", ".~lock.bc.xlsx#", []byte("A,host,user,27.11.2023 10:00,file:///x;"), ReadOptions{}, true, "",
			"tệp khóa tạm của LibreOffice (có người đang mở báo cáo), bỏ qua"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			name := filepath.Join("thu-muc", tc.file)
			r := readBytes(c, name, tc.data, tc.opts)
			if r == nil {
				t.Fatal("nil report")
			}
			state := StateIdentified
			switch {
			case tc.skipped:
				state = StateSkipped
			case tc.unit == "":
				state = StateRejected
			}
			if r.State != state {
				t.Errorf("state %v, want %v", r.State, state)
			}
			if got := r.Unit; (got == nil) != (tc.unit == "") || got != nil && got.Code != tc.unit {
				t.Errorf("unit %v, want %q", got, tc.unit)
			}
			var want []string
			if tc.issue != "" {
				sev := "Lỗi"
				if tc.skipped {
					sev = "Cảnh báo"
				}
				want = []string{sev + "||||" + tc.issue}
			}
			got := issueLines(r.Issues)
			if len(got) != len(want) || len(want) > 0 && got[0] != want[0] {
				t.Errorf("issues\n got %q\nwant %q", got, want)
			}
			for _, i := range r.Issues {
				if i.File != name {
					t.Errorf("issue names file %q, want %q", i.File, name)
				}
			}
			if r.File.Path != name || r.File.Size != int64(len(tc.data)) || len(r.File.SHA256) != 64 {
				t.Errorf("file info %+v", r.File)
			}
		})
	}
}

// TestReadFileErrors: problems of the file system, and size limits.
func TestReadFileErrors(t *testing.T) {
	c := returned.Campaign(t)
	dir := t.TempDir()
	big := filepath.Join(dir, "lon.xlsx")
	if err := os.WriteFile(big, make([]byte, gate.MaxFileSize+1), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, path, issue string }{
		{"missing", filepath.Join(dir, "khong-co.xlsx"), "không mở được tệp: không có tệp này"},
		{"folder", dir, "đây là thư mục, không phải tệp"},
		{"too big", big, "tệp quá lớn (32,0 MB; giới hạn 32,0 MB): báo cáo đơn vị chỉ cần vài chục KB — xóa ảnh dán vào bảng tính hoặc gửi lại đúng tệp biểu mẫu"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := readFile(c, tc.path, ReadOptions{})
			got := issueLines(r.Issues)
			if r.State == StateIdentified || len(got) != 1 || got[0] != "Lỗi||||"+tc.issue {
				t.Errorf("state %v, issues %q", r.State, got)
			}
		})
	}
}

// TestReadZipBomb: a part that unpacks far beyond any report is refused
// TestReadZipBomb: a sheet of 65 MB of zeros, compressed to a few
// hundred KB, is refused at the part limit while it is inflated; the same
// part listed by no sheet is never inflated at all.
func TestReadZipBomb(t *testing.T) {
	c := returned.Campaign(t)
	bomb := func(workbook string) []byte {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		for name, body := range map[string]string{"[Content_Types].xml": "<x/>", "xl/workbook.xml": workbook,
			"xl/_rels/workbook.xml.rels": `<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>`} {
			w, _ := zw.Create(name)
			w.Write([]byte(body))
		}
		archivetest.AddDeflated(t, zw, "xl/worksheets/sheet1.xml", -1, archivetest.Piece{Data: make([]byte, 1<<20), N: (gate.UnzipSizeLimit >> 20) + 1})
		zw.Close()
		return b.Bytes()
	}
	for _, tc := range []struct{ name, workbook, want string }{
		{"listed", `<workbook xmlns:r="r"><sheets><sheet name="Báo cáo" r:id="rId1"/></sheets></workbook>`,
			"Lỗi|Báo cáo|||tệp có trang tính “Báo cáo” (xl/worksheets/sheet1.xml) quá lớn khi giải nén (hơn 4 MB): không phải báo cáo bình thường, có thể là tệp độc hại — không mở, đề nghị đơn vị gửi lại đúng biểu mẫu"},
		{"unlisted", "<workbook/>",
			"Lỗi||||không xác định được đơn vị: tệp không có thông tin nhận dạng của biểu mẫu (trang ẩn, thuộc tính tệp, ô mã đơn vị) — có thể được gõ lại hoặc xuất từ Google Sheets; không có tên đơn vị trong tệp, tên tệp cũng không khớp — đề nghị đơn vị điền vào đúng biểu mẫu đã gửi"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := bomb(tc.workbook)
			var r *Report
			alloc := testenv.Allocated(func() { r = readBytes(c, "bom.xlsx", data, ReadOptions{}) })
			if got := issueLines(r.Issues); r.State == StateIdentified || len(got) != 1 || got[0] != tc.want {
				t.Errorf("issues %q", got)
			}
			if alloc > 16<<20 {
				t.Errorf("reading allocated %d MB", alloc>>20)
			}
		})
	}
}

// TestReadRetypedByLibreOffice: a form re-typed as CSV and converted to
// .xlsx by LibreOffice (testdata/read/go-lai.csv → go-lai-libreoffice.xlsx):
// no identity, no defined names; the unit is found by its name, the values
// by the ids in column A.
func TestReadRetypedByLibreOffice(t *testing.T) {
	c := returned.Campaign(t)
	path := filepath.Join("testdata", "read", "go-lai-libreoffice.xlsx")
	r := readFile(c, path, ReadOptions{})
	want := map[string]any{
		"A1": true, "A2": true, "A3": returned.Day(2023, 12, 15), "A4": true,
		"A5": 12.0, "A6": 5.0, "A7": 3.0, "B1": 2.0, "B2": true, "B3": 20.0, "B4": 7.0,
		"C1": 40.0, "C2": 35.0, "D1": 15.0, "D2": 120.5, "D3": 1.0, "D4": 30.0, "D5": 12.0,
		"F1": "Đã triển khai đầy đủ.", "F2": nil, "F3": "Không",
	}
	checkReport(t, r, "UBX-24611", false, want, []string{
		"Cảnh báo|go-lai|||tệp không còn tên vùng CT_… dùng được (bị xóa, hoặc trỏ tới trang không còn; có thể biểu mẫu được gõ lại hoặc xuất từ Google Sheets): đã đọc 21 chỉ tiêu theo mã ở cột A, giá trị ở cột D — kiểm tra lại các số đọc được",
		"Cảnh báo|go-lai|B2||tệp không có thông tin nhận dạng của biểu mẫu (trang ẩn, thuộc tính tệp, ô mã đơn vị) — có thể được gõ lại hoặc xuất từ Google Sheets: đã xác định là UBND phường Nghĩa Đức (UBX-24611) theo tên đơn vị ghi ở ô B2 “UBND phường Nghĩa Đức” (tên trùng khớp, chắc chắn, 100%) — kiểm tra lại",
	})
}
