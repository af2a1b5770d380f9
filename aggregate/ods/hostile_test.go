package ods

import (
	"errors"
	"os"
	"strings"
	"testing"
	"tonghop/templates/testenv"
)

const (
	manifestEncrypted = `<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">` +
		`<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>` +
		`<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="1200">` +
		`<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"><manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="x"/>` +
		`</manifest:encryption-data></manifest:file-entry></manifest:manifest>`
	hint = ": mở bằng LibreOffice, lưu lại rồi gửi lại"
	over = " — không phải biểu mẫu báo cáo bình thường, đề nghị đơn vị gửi lại đúng biểu mẫu"
)

// TestHostile feeds damaged and malicious files: each gives its exact error,
// within bounded allocation, and never a panic.
func TestHostile(t *testing.T) {
	fixture, err := os.ReadFile("testdata/filled-libreoffice.ods")
	if err != nil {
		t.Fatal(err)
	}
	xlsx, err := os.ReadFile("testdata/filled.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	deep := strings.Repeat("<text:span>", 300) + strings.Repeat("</text:span>", 300)
	for _, tc := range []struct {
		name   string
		data   []byte
		lim    Limits
		is     error // errors.Is, nil for a *LimitError
		msg    string
		budget uint64 // bytes allocated at most
	}{
		{"not a zip", []byte("Xin chào, đây không phải bảng tính"), Limits{}, ErrNotODS,
			"tệp không phải bảng tính OpenDocument (.ods)", 64 << 10},
		{"empty", nil, Limits{}, ErrNotODS, "tệp không phải bảng tính OpenDocument (.ods)", 64 << 10},
		{"truncated zip", fixture[:len(fixture)/2], Limits{}, ErrBroken,
			"tệp .ods bị hỏng, không đọc được (tệp nén: tệp nén zip bị cắt cụt hoặc hỏng)" + hint, 1 << 20},
		{"an .xlsx", xlsx, Limits{}, ErrNotODS, "tệp không phải bảng tính OpenDocument (.ods)", 1 << 20},
		{"an .odt", makeZip(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": contentXML("")}),
			Limits{}, ErrNotODS, "tệp không phải bảng tính OpenDocument (.ods)", 1 << 20},
		{"encrypted", makeZip(t, map[string]string{"mimetype": mimeODS, "content.xml": "\x8f\x01binary", "META-INF/manifest.xml": manifestEncrypted}),
			Limits{}, ErrEncrypted, "tệp .ods được đặt mật khẩu, không đọc được: đề nghị đơn vị bỏ mật khẩu (Tệp > Thuộc tính > Bảo mật) rồi gửi lại", 1 << 20},
		{"too many entries", makeZip(t, map[string]string{"mimetype": mimeODS, "content.xml": "", "a": "", "b": ""}), Limits{MaxEntries: 3}, nil,
			"tệp .ods vượt giới hạn: số mục trong tệp nén quá 3" + over, 1 << 20},
		{"repeated-columns bomb", odsTable(t, `<table:table-row><table:table-cell table:number-columns-repeated="1000000" office:value-type="float" office:value="1"/></table:table-row>`),
			Limits{}, nil, "tệp .ods vượt giới hạn: số ô có dữ liệu (kể cả ô lặp lại) quá 200000 trong content.xml, trang tính “S”, ô A1" + over, 1 << 20},
		{"repeated-rows bomb", odsTable(t, `<table:table-row table:number-rows-repeated="1000000"><table:table-cell/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>`),
			Limits{}, nil, "tệp .ods vượt giới hạn: số ô có dữ liệu (kể cả ô lặp lại) quá 200000 trong content.xml, trang tính “S”, ô B1" + over, 1 << 20},
		{"rows times columns bomb", odsTable(t, `<table:table-row table:number-rows-repeated="1000"><table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1"/></table:table-row>`),
			Limits{}, nil, "tệp .ods vượt giới hạn: số ô có dữ liệu (kể cả ô lặp lại) quá 200000 trong content.xml, trang tính “S”, ô A1" + over, 1 << 20},
		{"cell beyond the last column", odsTable(t, `<table:table-row><table:table-cell table:number-columns-repeated="16384"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row>`),
			Limits{}, nil, "tệp .ods vượt giới hạn: vị trí ô có dữ liệu quá 1048576 trong content.xml, trang tính “S”, ô XFE1" + over, 1 << 20},
		{"deep nesting", odsTable(t, `<table:table-row><table:table-cell office:value-type="string"><text:p>`+deep+`</text:p></table:table-cell></table:table-row>`),
			Limits{}, nil, "tệp .ods vượt giới hạn: độ sâu lồng nhau của XML quá 256 trong content.xml" + over, 1 << 20},
		{"huge part", odsOf(t, contentXML(strings.Repeat(" ", 2<<20))), Limits{MaxPartSize: 1 << 20}, nil,
			"tệp .ods vượt giới hạn: dung lượng giải nén (byte) quá 1048576 trong content.xml" + over, 8 << 20},
		{"huge total", makeZip(t, map[string]string{"mimetype": mimeODS, "content.xml": contentXML(strings.Repeat(" ", 600<<10)), "meta.xml": strings.Repeat(" ", 600<<10)}),
			Limits{MaxTotalSize: 1 << 20}, nil, "tệp .ods vượt giới hạn: tổng dung lượng giải nén (byte) quá 1048576 trong meta.xml" + over, 8 << 20},
		{"long text", odsTable(t, `<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="2000000000"/></text:p></table:table-cell></table:table-row>`),
			Limits{}, nil, "tệp .ods vượt giới hạn: độ dài nội dung một ô (byte) quá 32767 trong content.xml, trang tính “S”, ô A1" + over, 1 << 20},
		{"entity declaration", odsOf(t, `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaa">]>`+contentXML("")[len(`<?xml version="1.0" encoding="UTF-8"?>`):]),
			Limits{}, ErrBroken, "tệp .ods bị hỏng, không đọc được (content.xml: có khai báo DTD/thực thể (<!DOCTYPE …>), không được phép)" + hint, 1 << 20},
		{"undeclared entity", odsTable(t, `<table:table-row><table:table-cell office:value-type="string"><text:p>&a;</text:p></table:table-cell></table:table-row>`),
			Limits{}, ErrBroken, "tệp .ods bị hỏng, không đọc được (content.xml: XML sai cú pháp ở dòng 1)" + hint, 1 << 20},
		{"truncated content.xml", odsOf(t, contentXML(`<table:table table:name="S"><table:table-row><table:table-cell office:value-type="string"><text:p>abc`)),
			Limits{}, ErrBroken, "tệp .ods bị hỏng, không đọc được (content.xml: XML sai cú pháp ở dòng 1)" + hint, 1 << 20},
		{"cut inside a cell", odsOf(t, contentXML("")[:strings.Index(contentXML(""), "<office:body>")]+`<office:body><office:spreadsheet><table:table table:name="S"><table:table-row><table:table-cell><text:p>abc`),
			Limits{}, ErrBroken, "tệp .ods bị hỏng, không đọc được (content.xml: XML sai cú pháp ở dòng 1)" + hint, 1 << 20},
		{"too many sheets", odsOf(t, contentXML(strings.Repeat(`<table:table table:name="S"/>`, 3))), Limits{MaxSheets: 2}, nil,
			"tệp .ods vượt giới hạn: số trang tính quá 2 trong content.xml" + over, 1 << 20},
		{"too many names", odsOf(t, contentXML(`<table:named-expressions>`+strings.Repeat(`<table:named-range table:name="n" table:cell-range-address="$S.$A$1"/>`, 3)+`</table:named-expressions>`)),
			Limits{MaxNames: 2}, nil, "tệp .ods vượt giới hạn: số tên vùng (named range) quá 2 trong content.xml" + over, 1 << 20},
		{"no content.xml", makeZip(t, map[string]string{"mimetype": mimeODS}), Limits{}, ErrNotODS,
			"tệp không phải bảng tính OpenDocument (.ods)", 1 << 20},
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

// TestEmptyRepeatsCostNothing: LibreOffice writes the empty rest of every
// sheet as repeated rows and columns; reading them allocates nothing per
// repeat.
func TestEmptyRepeatsCostNothing(t *testing.T) {
	data := odsTable(t, strings.Repeat(`<table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="1000000000"/></table:table-row>`, 100))
	var err error
	if n := testenv.Allocated(func() { _, err = Read(data, Limits{}) }); n > 1<<20 {
		t.Errorf("allocated %d bytes", n)
	}
	if err != nil {
		t.Fatal(err)
	}
}
