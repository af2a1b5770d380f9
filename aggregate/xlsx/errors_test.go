package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// bigZip is a workbook whose sheet is padded with a comment of n bytes.
func bigSheet(t testing.TB, n int) []byte {
	return oneSheet(t, `<!--`+strings.Repeat("x", n)+`-->`, "")
}

// TestErrors checks the kind and the exact officer's text of every error
// (one long table: a case per error, a line or two each).
func TestErrors(t *testing.T) {
	ole := append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), make([]byte, 600)...)
	encrypted := append(append([]byte{}, ole...), oleEncryptionInfo...)
	wbTwo := workbookXML(`<sheet name="Báo cáo" sheetId="1" r:id="rId1"/><sheet name="Phụ lục" sheetId="2" r:id="rId2"/>`, "")
	rels1 := relsXML(`<Relationship Id="rId1" Type="` + relWS + `" Target="worksheets/sheet1.xml"/>`)
	rels2 := relsXML(`<Relationship Id="rId1" Type="` + relWS + `" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="` + relWS + `" Target="worksheets/sheet2.xml"/>`)
	valid := oneSheet(t, `<row r="1"><c r="A1"><v>1</v></c></row>`, "")
	for _, tc := range []struct {
		name string
		data []byte
		lim  Limits
		kind error
		msg  string
	}{
		{"empty", nil, Limits{}, ErrNotXLSX, "tệp không phải bảng tính .xlsx (tệp rỗng)"},
		{"text", []byte("Mã,Tên\nBC01,Báo Đắk Nông\n"), Limits{}, ErrNotXLSX, "tệp không phải bảng tính .xlsx"},
		{"xls", ole, Limits{}, ErrNotXLSX, "tệp không phải bảng tính .xlsx (tệp Office đời cũ, có thể là .xls hoặc .doc)"},
		{"encrypted", encrypted, Limits{}, ErrEncrypted, "tệp .xlsx được đặt mật khẩu (đã mã hóa): cần mật khẩu để mở"},
		{"zip without a workbook", mkzip(t, "word/document.xml", "<w/>"), Limits{}, ErrNotXLSX,
			"tệp không phải bảng tính .xlsx (tệp nén không có xl/workbook.xml)"},
		{"cut short", valid[:len(valid)/2], Limits{}, ErrBroken,
			"tệp .xlsx hỏng: tệp nén bị cắt ngang hoặc hỏng — mở bằng Excel hoặc LibreOffice (chương trình sẽ đề nghị sửa tệp), lưu lại rồi gửi lại; nếu không mở được, đề nghị đơn vị gửi lại"},
		{"missing sheet part", mkzip(t, "xl/workbook.xml", wbTwo, "xl/_rels/workbook.xml.rels", rels2, "xl/worksheets/sheet1.xml", sheetXML("")), Limits{}, ErrBroken,
			"tệp .xlsx hỏng, trang tính “Phụ lục” (xl/worksheets/sheet2.xml): thiếu phần chứa trang tính trong tệp nén — mở bằng Excel hoặc LibreOffice (chương trình sẽ đề nghị sửa tệp), lưu lại rồi gửi lại; nếu không mở được, đề nghị đơn vị gửi lại"},
		{"missing relationship", mkzip(t, "xl/workbook.xml", wbTwo, "xl/_rels/workbook.xml.rels", rels1, "xl/worksheets/sheet1.xml", sheetXML("")), Limits{}, ErrBroken,
			"tệp .xlsx hỏng, trang tính “Phụ lục” (xl/_rels/workbook.xml.rels): không tìm thấy liên kết tới trang tính (rId2) — mở bằng Excel hoặc LibreOffice (chương trình sẽ đề nghị sửa tệp), lưu lại rồi gửi lại; nếu không mở được, đề nghị đơn vị gửi lại"},
		{"shared string out of range", oneSheet(t, `<row r="12"><c r="D12" t="s"><v>5</v></c></row>`, `<si><t>a</t></si>`), Limits{}, ErrBroken,
			"tệp .xlsx hỏng, trang tính “Báo cáo” (xl/worksheets/sheet1.xml), ô D12: ô trỏ tới chuỗi dùng chung số “5”, bảng chuỗi chỉ có 1 chuỗi — mở bằng Excel hoặc LibreOffice (chương trình sẽ đề nghị sửa tệp), lưu lại rồi gửi lại; nếu không mở được, đề nghị đơn vị gửi lại"},
		{"cell beyond XFD", oneSheet(t, `<row r="1"><c r="XFE1"><v>1</v></c></row>`, ""), Limits{}, ErrBroken,
			"tệp .xlsx hỏng, trang tính “Báo cáo” (xl/worksheets/sheet1.xml), ô XFE1: địa chỉ ô không hợp lệ hoặc vượt quá ô XFD1048576 — mở bằng Excel hoặc LibreOffice (chương trình sẽ đề nghị sửa tệp), lưu lại rồi gửi lại; nếu không mở được, đề nghị đơn vị gửi lại"},
		{"row beyond 1048576", oneSheet(t, `<row r="1048577"><c><v>1</v></c></row>`, ""), Limits{}, ErrBroken,
			"tệp .xlsx hỏng, trang tính “Báo cáo” (xl/worksheets/sheet1.xml): số dòng “1048577” không hợp lệ (phải từ 1 đến 1048576) — mở bằng Excel hoặc LibreOffice (chương trình sẽ đề nghị sửa tệp), lưu lại rồi gửi lại; nếu không mở được, đề nghị đơn vị gửi lại"},
		{"cells without r past XFD", oneSheet(t, `<row r="2"><c r="XFD2"/><c><v>1</v></c></row>`, ""), Limits{}, ErrBroken,
			"tệp .xlsx hỏng, trang tính “Báo cáo” (xl/worksheets/sheet1.xml): dòng 2 có ô vượt quá cột XFD — mở bằng Excel hoặc LibreOffice (chương trình sẽ đề nghị sửa tệp), lưu lại rồi gửi lại; nếu không mở được, đề nghị đơn vị gửi lại"},
		{"DTD", mkzip(t, "xl/workbook.xml", `<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]><workbook/>`), Limits{}, ErrBroken,
			"tệp .xlsx hỏng, phần xl/workbook.xml: có khai báo DTD/thực thể (<!…>), không được phép trong tệp .xlsx — mở bằng Excel hoặc LibreOffice (chương trình sẽ đề nghị sửa tệp), lưu lại rồi gửi lại; nếu không mở được, đề nghị đơn vị gửi lại"},
		{"unknown entity", oneSheet(t, `<row r="1"><c r="A1" t="inlineStr"><is><t>&lol;</t></is></c></row>`, ""), Limits{}, ErrBroken,
			"tệp .xlsx hỏng, trang tính “Báo cáo” (xl/worksheets/sheet1.xml): XML sai cú pháp ở dòng 1 — mở bằng Excel hoặc LibreOffice (chương trình sẽ đề nghị sửa tệp), lưu lại rồi gửi lại; nếu không mở được, đề nghị đơn vị gửi lại"},
		{"XML cut short", mkzip(t, "xl/workbook.xml", `<workbook><sheets>`), Limits{}, ErrBroken,
			"tệp .xlsx hỏng, phần xl/workbook.xml: phần XML bị cắt ngang (thiếu thẻ đóng) — mở bằng Excel hoặc LibreOffice (chương trình sẽ đề nghị sửa tệp), lưu lại rồi gửi lại; nếu không mở được, đề nghị đơn vị gửi lại"},
		{"stray end tag", mkzip(t, "xl/workbook.xml", `<workbook></workbook></sheets>`), Limits{}, ErrBroken,
			"tệp .xlsx hỏng, phần xl/workbook.xml: thẻ đóng </sheets> thừa (dòng 1) — mở bằng Excel hoặc LibreOffice (chương trình sẽ đề nghị sửa tệp), lưu lại rồi gửi lại; nếu không mở được, đề nghị đơn vị gửi lại"},
		{"duplicate parts", mkzip(t, "xl/workbook.xml", "<workbook/>", "XL/Workbook.xml", "<workbook/>"), Limits{}, ErrBroken,
			"tệp .xlsx hỏng, phần XL/Workbook.xml: tệp nén có hai thành phần cùng tên — mở bằng Excel hoặc LibreOffice (chương trình sẽ đề nghị sửa tệp), lưu lại rồi gửi lại; nếu không mở được, đề nghị đơn vị gửi lại"},
		{"too many entries", valid, Limits{MaxEntries: 3}, ErrTooLarge,
			"tệp có quá nhiều thành phần (hơn 3): không phải báo cáo bình thường, có thể là tệp độc hại — không mở, đề nghị đơn vị gửi lại đúng biểu mẫu"},
		{"too many entries, from the directory record", mkzip(t, make([]string, 2*20)...), Limits{MaxEntries: 19}, ErrTooLarge,
			"tệp có quá nhiều thành phần (hơn 19): không phải báo cáo bình thường, có thể là tệp độc hại — không mở, đề nghị đơn vị gửi lại đúng biểu mẫu"},
		{"part too large", bigSheet(t, 5<<20), Limits{}, ErrTooLarge,
			"tệp có trang tính “Báo cáo” (xl/worksheets/sheet1.xml) quá lớn khi giải nén (hơn 4 MB): không phải báo cáo bình thường, có thể là tệp độc hại — không mở, đề nghị đơn vị gửi lại đúng biểu mẫu"},
		{"total too large", bigSheet(t, 3000), Limits{MaxTotalSize: 2000}, ErrTooLarge,
			"tệp giải nén quá lớn (hơn 1 KB, dừng ở trang tính “Báo cáo” (xl/worksheets/sheet1.xml)): không phải báo cáo bình thường, có thể là tệp độc hại — không mở, đề nghị đơn vị gửi lại đúng biểu mẫu"},
		{"too many cells", oneSheet(t, `<row r="1"><c r="A1"/><c r="B1"/><c r="C1"/></row>`, ""), Limits{MaxCells: 2}, ErrTooLarge,
			"tệp có trang tính “Báo cáo” (xl/worksheets/sheet1.xml) quá nhiều ô khi mở ra (hơn 2, ô xa nhất B1): có thể có dữ liệu gõ nhầm ở rất xa vùng biểu mẫu, hoặc là tệp độc hại — mở bằng Excel, xóa các cột, dòng thừa bên phải và bên dưới biểu mẫu, lưu lại rồi gửi lại"},
		{"too many cells in the book", mkzip(t, "xl/workbook.xml", wbTwo, "xl/_rels/workbook.xml.rels", rels2,
			"xl/worksheets/sheet1.xml", sheetXML(`<row><c/><c/></row>`), "xl/worksheets/sheet2.xml", sheetXML(`<row><c/><c/></row>`)),
			Limits{MaxCells: 2, MaxBookCells: 3}, ErrTooLarge,
			"tệp có tổng cộng quá nhiều ô (hơn 3, dừng ở trang tính “Phụ lục” (xl/worksheets/sheet2.xml)): không phải báo cáo bình thường, có thể là tệp độc hại — không mở, đề nghị đơn vị gửi lại đúng biểu mẫu"},
		{"two sheets on one part", mkzip(t, "xl/workbook.xml", wbTwo, "xl/_rels/workbook.xml.rels",
			relsXML(`<Relationship Id="rId1" Type="`+relWS+`" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="`+relWS+`" Target="/xl/worksheets/Sheet1.xml"/>`),
			"xl/worksheets/sheet1.xml", sheetXML("")), Limits{}, ErrBroken,
			"tệp .xlsx hỏng, trang tính “Phụ lục” (xl/worksheets/sheet1.xml): một thành phần được dùng hai lần (hai trang tính trỏ cùng một phần) — mở bằng Excel hoặc LibreOffice (chương trình sẽ đề nghị sửa tệp), lưu lại rồi gửi lại; nếu không mở được, đề nghị đơn vị gửi lại"},
		{"a sheet on the shared strings", mkzip(t, "xl/workbook.xml", workbookXML(`<sheet name="Báo cáo" sheetId="1" r:id="rId1"/>`, ""), "xl/_rels/workbook.xml.rels",
			relsXML(`<Relationship Id="rId1" Type="`+relWS+`" Target="sharedStrings.xml"/>`), "xl/sharedStrings.xml", `<sst/>`), Limits{}, ErrBroken,
			"tệp .xlsx hỏng, trang tính “Báo cáo” (xl/sharedStrings.xml): một thành phần được dùng hai lần (hai trang tính trỏ cùng một phần) — mở bằng Excel hoặc LibreOffice (chương trình sẽ đề nghị sửa tệp), lưu lại rồi gửi lại; nếu không mở được, đề nghị đơn vị gửi lại"},
		{"too deep", oneSheet(t, strings.Repeat("<a>", 70)+strings.Repeat("</a>", 70), ""), Limits{}, ErrTooLarge,
			"tệp có trang tính “Báo cáo” (xl/worksheets/sheet1.xml) lồng phần tử XML quá sâu (hơn 64 cấp): không phải báo cáo bình thường, có thể là tệp độc hại — không mở, đề nghị đơn vị gửi lại đúng biểu mẫu"},
		{"too many strings", oneSheet(t, "", `<si><t>a</t></si><si><t>b</t></si>`), Limits{MaxStrings: 1}, ErrTooLarge,
			"tệp có quá nhiều chuỗi chữ dùng chung (hơn 1, phần xl/sharedStrings.xml): không phải báo cáo bình thường, có thể là tệp độc hại — không mở, đề nghị đơn vị gửi lại đúng biểu mẫu"},
		{"too many names", mkzip(t, "xl/workbook.xml", workbookXML("", `<definedName name="a">1</definedName><definedName name="b">2</definedName>`)), Limits{MaxNames: 1}, ErrTooLarge,
			"tệp có quá nhiều tên vùng (hơn 1, phần xl/workbook.xml): không phải báo cáo bình thường, có thể là tệp độc hại — không mở, đề nghị đơn vị gửi lại đúng biểu mẫu"},
		{"too many sheets", mkzip(t, "xl/workbook.xml", wbTwo), Limits{MaxSheets: 1}, ErrTooLarge,
			"tệp có quá nhiều trang tính (hơn 1): không phải báo cáo bình thường, có thể là tệp độc hại — không mở, đề nghị đơn vị gửi lại đúng biểu mẫu"},
		{"too many relationships", mkzip(t, "xl/workbook.xml", wbTwo, "xl/_rels/workbook.xml.rels", rels2), Limits{MaxRels: 1}, ErrTooLarge,
			"tệp có quá nhiều liên kết giữa các thành phần (hơn 1, phần xl/_rels/workbook.xml.rels): không phải báo cáo bình thường, có thể là tệp độc hại — không mở, đề nghị đơn vị gửi lại đúng biểu mẫu"},
		{"too many merges", mkzip(t, "xl/workbook.xml", wbTwo, "xl/_rels/workbook.xml.rels", rels2,
			"xl/worksheets/sheet1.xml", sheetXML(""), "xl/worksheets/sheet2.xml", `<worksheet><mergeCells><mergeCell ref="A1:B1"/><mergeCell ref="A2:B2"/></mergeCells></worksheet>`),
			Limits{MaxMerges: 1}, ErrTooLarge,
			"tệp có trang tính “Phụ lục” (xl/worksheets/sheet2.xml) quá nhiều vùng gộp ô (hơn 1): không phải báo cáo bình thường, có thể là tệp độc hại — không mở, đề nghị đơn vị gửi lại đúng biểu mẫu"},
		{"too many properties", mkzip(t, "xl/workbook.xml", workbookXML("", ""), "docProps/custom.xml", `<Properties><property name="a"><lpwstr>1</lpwstr></property><property name="a"><lpwstr>2</lpwstr></property></Properties>`),
			Limits{MaxProps: 1}, ErrTooLarge,
			"tệp có quá nhiều thuộc tính tùy chỉnh (hơn 1, phần docProps/custom.xml): không phải báo cáo bình thường, có thể là tệp độc hại — không mở, đề nghị đơn vị gửi lại đúng biểu mẫu"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := Read(tc.data, tc.lim)
			msg := ""
			switch {
			case err != nil && b != nil:
				t.Fatalf("got a book and %v", err)
			case err != nil:
				if !errors.Is(err, tc.kind) {
					t.Errorf("error %v is not %v", err, tc.kind)
				}
				msg = err.Error()
			default:
				// A sheet that stops reading part way is kept, with why.
				for _, s := range b.Sheets {
					msg += s.Broken
				}
				if msg == "" || tc.kind != ErrBroken {
					t.Fatalf("got a book, no sheet broken, want %v", tc.kind)
				}
			}
			if msg != tc.msg {
				t.Errorf("message\n got %s\nwant %s", msg, tc.msg)
			}
		})
	}
}

// TestErrorKinds: the kinds nest as the caller relies on.
func TestErrorKinds(t *testing.T) {
	if !errors.Is(ErrEncrypted, ErrNotXLSX) {
		t.Error("ErrEncrypted is not ErrNotXLSX")
	}
	for _, e := range []error{ErrNotXLSX, ErrTooLarge, ErrBroken} {
		if errors.Is(e, ErrEncrypted) {
			t.Errorf("%v is ErrEncrypted", e)
		}
	}
	var le *LimitError
	_, err := Read(oneSheet(t, `<row><c/><c/></row>`, ""), Limits{MaxCells: 1})
	if !errors.As(err, &le) || le.What != WhatCells || le.Limit != 1 || le.Sheet != "Báo cáo" || le.Part != "xl/worksheets/sheet1.xml" {
		t.Errorf("got %#v", err)
	}
}

// TestLyingSize: a part whose header declares fewer bytes than it inflates
// to is refused by the size actually inflated, never buffered past it.
func TestLyingSize(t *testing.T) {
	body := []byte(sheetXML(`<!--` + strings.Repeat("x", 6<<20) + `-->`))
	for _, declared := range []uint64{100, 1 << 40} {
		var comp bytes.Buffer
		zw := zip.NewWriter(&comp)
		for _, p := range [][2]string{
			{"xl/workbook.xml", workbookXML(`<sheet name="Báo cáo" sheetId="1" r:id="rId1"/>`, "")},
			{"xl/_rels/workbook.xml.rels", relsXML(`<Relationship Id="rId1" Type="` + relWS + `" Target="worksheets/sheet1.xml"/>`)},
		} {
			w, _ := zw.Create(p[0])
			w.Write([]byte(p[1]))
		}
		// Deflate the body with a regular writer, then copy it raw under a
		// header that lies about its size.
		var tmp bytes.Buffer
		tz := zip.NewWriter(&tmp)
		w, _ := tz.Create("x")
		w.Write(body)
		tz.Close()
		tr, _ := zip.NewReader(bytes.NewReader(tmp.Bytes()), int64(tmp.Len()))
		raw, err := tr.File[0].OpenRaw()
		if err != nil {
			t.Fatal(err)
		}
		compressed, err := io.ReadAll(raw)
		if err != nil {
			t.Fatal(err)
		}
		fh := tr.File[0].FileHeader
		fh.Name = "xl/worksheets/sheet1.xml"
		fh.UncompressedSize64 = declared
		rw, err := zw.CreateRaw(&fh)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := rw.Write(compressed); err != nil {
			t.Fatal(err)
		}
		zw.Close()
		_, err = Read(comp.Bytes(), Limits{})
		if declared == 100 && !errors.Is(err, ErrBroken) || declared > 100 && !errors.Is(err, ErrTooLarge) {
			t.Errorf("declared %d: %v", declared, err)
		}
	}
}

func TestEOCDEntries(t *testing.T) {
	z := mkzip(t, "a", "1", "b", "2", "c", "3")
	for _, tc := range []struct {
		name string
		data []byte
		n    int
		ok   bool
	}{
		{"three entries", z, 3, true},
		{"with a comment after", append(append([]byte{}, z...), "comment"...), 3, true},
		{"no record", z[:len(z)-22], 0, false},
		{"record cut short", z[:len(z)-5], 0, false},
		{"zip64 count", append(append([]byte{}, z[:len(z)-12]...), 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 0xFFFF, false},
		{"empty", nil, 0, false},
	} {
		n, ok := eocdEntries(tc.data)
		if n != tc.n || ok != tc.ok {
			t.Errorf("%s: %d, %v; want %d, %v", tc.name, n, ok, tc.n, tc.ok)
		}
	}
}
