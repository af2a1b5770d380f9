package xls

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"tonghop/aggregate/book"
	"tonghop/templates/testenv"
)

const (
	hint = ": mở bằng Excel hoặc LibreOffice, lưu lại dạng .xlsx rồi gửi lại"
	over = " — không phải biểu mẫu báo cáo bình thường, đề nghị đơn vị gửi lại đúng biểu mẫu"
)

// oneSheet is a workbook with the extra globals given and one sheet "S"
// holding the records given.
func oneSheet(extra biff, records biff) []byte {
	globals := biff(nil).rec(recBOF, bof(5)).rec(recBoundSheet, boundSheet("S", 0))
	globals = append(globals, extra...)
	globals = globals.rec(recEOF)
	sheet := biff(nil).rec(recBOF, bof(0x10))
	sheet = append(sheet, records...)
	return workbook(globals, sheet.rec(recEOF))
}

// TestHostile feeds damaged and malicious files: each gives its exact error,
// within bounded allocation, and never a panic. (One table, so one long
// function.)
func TestHostile(t *testing.T) {
	fixture, err := os.ReadFile("testdata/filled-libreoffice.xls")
	if err != nil {
		t.Fatal(err)
	}
	xlsx, err := os.ReadFile("testdata/filled.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	var endless biff
	for i := 0; i < 4097; i++ {
		endless = endless.rec(recContinue)
	}
	var toEnd biff
	for i := 0; i < 10; i++ {
		toEnd = toEnd.rec(recContinue, []byte{0}, make([]byte, 100))
	}
	lying := append(biff(nil).rec(recBOF, bof(5)), 0x85, 0, 0xFF, 0xFF, 1, 2, 3)
	for _, tc := range []struct {
		name   string
		data   []byte
		lim    Limits
		is     error // errors.Is, nil for a *LimitError
		msg    string
		budget uint64 // bytes allocated at most
	}{
		{"not OLE", []byte("Xin chào"), Limits{}, ErrNotXLS, "tệp không phải bảng tính Excel 97–2003 (.xls)", 64 << 10},
		{"empty", nil, Limits{}, ErrNotXLS, "tệp không phải bảng tính Excel 97–2003 (.xls)", 64 << 10},
		{"an .xlsx", xlsx, Limits{}, ErrNotXLS, "tệp không phải bảng tính Excel 97–2003 (.xls)", 64 << 10},
		{"truncated OLE", fixture[:len(fixture)/2], Limits{}, ErrBroken,
			"tệp .xls bị hỏng, không đọc được (cấu trúc tệp OLE hỏng hoặc bị cắt cụt)" + hint, 1 << 20},
		{"OLE header only", fixture[:512], Limits{}, ErrBroken,
			"tệp .xls bị hỏng, không đọc được (cấu trúc tệp OLE hỏng hoặc bị cắt cụt)" + hint, 1 << 20},
		{"no Workbook stream", cfbNamed(t, "WordDocument", oneSheet(nil, nil)), Limits{}, ErrNotXLS,
			"tệp không phải bảng tính Excel 97–2003 (.xls)", 1 << 20},
		{"record length past the stream end", cfb(t, lying), Limits{}, ErrBroken,
			"tệp .xls bị hỏng, không đọc được (bản ghi BIFF dài quá cuối luồng dữ liệu)" + hint, 1 << 20},
		{"SST count 2^31", cfb(t, oneSheet(biff(nil).rec(recSST, u32(1<<31), u32(1<<31)), nil)), Limits{}, nil,
			"tệp .xls vượt giới hạn: số chuỗi dùng chung (SST) quá 200000" + over, 1 << 20},
		{"SST count beyond its strings", cfb(t, oneSheet(biff(nil).rec(recSST, u32(100), u32(100), u16(1), []byte{0, 'a'}), nil)), Limits{}, ErrBroken,
			"tệp .xls bị hỏng, không đọc được (bản ghi BIFF ngắn hơn nội dung nó khai báo)" + hint, 1 << 20},
		{"CONTINUE chain that never ends", cfb(t, oneSheet(append(biff(nil).rec(recSST, u32(1), u32(1)), endless...), nil)), Limits{}, nil,
			"tệp .xls vượt giới hạn: số bản ghi CONTINUE nối tiếp một bản ghi quá 4096" + over, 1 << 20},
		{"CONTINUE chain running to the stream end", cfb(t, append(biff(nil).rec(recBOF, bof(5)).rec(recSST, u32(1), u32(1), u16(30000), []byte{0}), toEnd...)), Limits{}, ErrBroken,
			"tệp .xls bị hỏng, không đọc được (bản ghi BIFF ngắn hơn nội dung nó khai báo)" + hint, 1 << 20},
		{"SST string too long", cfb(t, oneSheet(biff(nil).rec(recSST, u32(1), u32(1), u16(40000), []byte{0}), nil)), Limits{}, nil,
			"tệp .xls vượt giới hạn: độ dài một chuỗi (ký tự) quá 32767" + over, 1 << 20},
		{"encrypted", cfb(t, oneSheet(biff(nil).rec(recFilePass, u16(1)), nil)), Limits{}, ErrEncrypted,
			"tệp Excel được đặt mật khẩu mở tệp, không đọc được: đề nghị đơn vị bỏ mật khẩu rồi gửi lại", 1 << 20},
		{"encrypted .xlsx", cfbNamed(t, "EncryptedPackage", make([]byte, 100)), Limits{}, ErrEncrypted,
			"tệp Excel được đặt mật khẩu mở tệp, không đọc được: đề nghị đơn vị bỏ mật khẩu rồi gửi lại", 1 << 20},
		{"BIFF5", cfb(t, biff(nil).rec(recBOF, u16(0x0500), u16(5)).rec(recEOF)), Limits{}, ErrOldFormat,
			"tệp .xls định dạng quá cũ (Excel 5.0/95), không đọc được: mở bằng Excel hoặc LibreOffice, lưu lại dạng .xlsx rồi gửi lại", 1 << 20},
		{"no BOF", cfb(t, biff(nil).rec(recEOF)), Limits{}, ErrBroken,
			"tệp .xls bị hỏng, không đọc được (luồng Workbook không bắt đầu bằng bản ghi BOF)" + hint, 1 << 20},
		{"string index beyond the SST", cfb(t, oneSheet(nil, biff(nil).rec(recLabelSST, cell(0, 0), u32(7)))), Limits{}, ErrBroken,
			"tệp .xls bị hỏng, không đọc được (chỉ số chuỗi dùng chung ngoài bảng SST, trang tính “S”, ô A1)" + hint, 1 << 20},
		{"short cell record", cfb(t, oneSheet(nil, biff(nil).rec(recNumber, cell(3, 3)))), Limits{}, ErrBroken,
			"tệp .xls bị hỏng, không đọc được (bản ghi BIFF ngắn hơn nội dung nó khai báo, trang tính “S”)" + hint, 1 << 20},
		{"too many cells", cfb(t, oneSheet(nil, biff(nil).rec(recMulRK, u16(0), u16(0), u16(15), u32(6), u16(15), u32(6), u16(15), u32(6), u16(2)))), Limits{MaxCells: 2}, nil,
			"tệp .xls vượt giới hạn: số ô có dữ liệu quá 2 ở trang tính “S”, ô C1" + over, 1 << 20},
		{"sheet beyond the stream", cfb(t, biff(nil).rec(recBOF, bof(5)).rec(recBoundSheet, cat(u32(1<<24), []byte{0, 0, 1, 0}, []byte("S"))).rec(recEOF)), Limits{}, ErrBroken,
			"tệp .xls bị hỏng, không đọc được (vị trí trang tính nằm ngoài luồng dữ liệu, trang tính “S”)" + hint, 1 << 20},
		{"sheets sharing one substream", cfb(t, overlapping()), Limits{}, ErrBroken,
			"tệp .xls bị hỏng, không đọc được (các trang tính chồng lên nhau trong luồng dữ liệu, trang tính “S”)" + hint, 1 << 20},
		{"too many sheets", cfb(t, oneSheet(biff(nil).rec(recBoundSheet, boundSheet("T", 0)), nil)), Limits{MaxSheets: 1}, nil,
			"tệp .xls vượt giới hạn: số trang tính quá 1" + over, 1 << 20},
		{"too many names", cfb(t, oneSheet(biff(nil).rec(recName, nameRec("A", 0, false, nil)).rec(recName, nameRec("B", 0, false, nil)), nil)), Limits{MaxNames: 1}, nil,
			"tệp .xls vượt giới hạn: số tên (defined name) quá 1" + over, 1 << 20},
		{"stream too big", cfb(t, oneSheet(nil, nil)), Limits{MaxStreamSize: 1000}, nil,
			"tệp .xls vượt giới hạn: dung lượng luồng Workbook (byte) quá 1000" + over, 1 << 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			n := testenv.Allocated(func() { _, err = Read(tc.data, tc.lim) })
			if err == nil {
				t.Fatal("no error")
			}
			if err.Error() != tc.msg {
				t.Errorf("error\n%s\nwant\n%s", err, tc.msg)
			}
			var le *LimitError
			if tc.is != nil && !errors.Is(err, tc.is) || tc.is == nil && !errors.As(err, &le) {
				t.Errorf("error %T %v is not %v", err, err, tc.is)
			}
			if n > tc.budget {
				t.Errorf("allocated %d bytes; want at most %d", n, tc.budget)
			}
		})
	}
}

// TestNameSheetOutOfRange: a name pointing to a sheet that does not exist
// reads as "#REF!" (or, local to such a sheet, is dropped); the file still
// reads.
func TestNameSheetOutOfRange(t *testing.T) {
	extra := biff(nil).rec(recSupBook, u16(1), u16(0x0401)).
		rec(recExternSheet, u16(2), u16(0), u16(0), u16(0), u16(0), u16(9), u16(9)).
		rec(recName, nameRec("OK", 0, false, ref3d(0, 0, 0))).
		rec(recName, nameRec("SHEET9", 0, false, ref3d(1, 0, 0))).
		rec(recName, nameRec("XTI9", 0, false, ref3d(9, 0, 0))).
		rec(recName, nameRec("AREA_XTI", 0, false, area3d(65535, 0, 1, 0, 1))).
		rec(recName, nameRec("LOCAL9", 9, false, ref3d(0, 0, 0))).
		rec(recName, nameRec("CUT", 0, false, []byte{0x3A, 0}))
	b, err := Read(cfb(t, oneSheet(extra, nil)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []book.Name{{Name: "OK", RefersTo: "S!$A$1"}, {Name: "SHEET9", RefersTo: "#REF!"}, {Name: "XTI9", RefersTo: "#REF!"},
		{Name: "AREA_XTI", RefersTo: "#REF!"}, {Name: "CUT", RefersTo: ""}}
	if len(b.Names) != len(want) {
		t.Fatalf("names = %v; want %v", b.Names, want)
	}
	for i := range want {
		if b.Names[i] != want[i] {
			t.Errorf("name %d = %+v; want %+v", i, b.Names[i], want[i])
		}
	}
}

// TestEncryptedXLSX: an .xlsx saved with a password (here by excelize, with
// ECMA-376 agile encryption) is an OLE file; it reads as ErrEncrypted, not
// as "not an .xls".
func TestEncryptedXLSX(t *testing.T) {
	f := excelize.NewFile()
	path := filepath.Join(t.TempDir(), "mat-khau.xlsx")
	if err := f.SaveAs(path, excelize.Options{Password: "abc"}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Read(data, Limits{}); !errors.Is(err, ErrEncrypted) {
		t.Errorf("error %v; want ErrEncrypted", err)
	}
}

// overlapping is a workbook whose 200 sheets all point to one substream of
// 2,000 records.
func overlapping() []byte {
	globals := biff(nil).rec(recBOF, bof(5))
	for i := 0; i < 200; i++ {
		globals = globals.rec(recBoundSheet, boundSheet("S", 0))
	}
	globals = globals.rec(recEOF)
	sheet := biff(nil).rec(recBOF, bof(0x10))
	for i := 0; i < 2000; i++ {
		sheet = sheet.rec(0x0201, cell(i, 0)) // BLANK
	}
	sheet = sheet.rec(recEOF)
	out := append(append([]byte(nil), globals...), sheet...)
	for pos := 0; pos+4 <= len(globals); {
		n := int(binary.LittleEndian.Uint16(globals[pos+2:]))
		if binary.LittleEndian.Uint16(globals[pos:]) == recBoundSheet {
			binary.LittleEndian.PutUint32(out[pos+4:], uint32(len(globals)))
		}
		pos += 4 + n
	}
	return out
}
