package aggregate

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"

	"tonghop/aggregate/aggregatetest/returned"
	"tonghop/aggregate/archive/archivetest"
	"tonghop/aggregate/gate"
	"tonghop/templates"
	"tonghop/templates/testenv"
	"tonghop/templates/vn"
)

// Hostile and broken input: every kind of file a folder of returned reports
// may hold, each with the exact message the officer reads. Big inputs (zip
// bombs, giant sheets) are generated (archivetest, returned), never
// committed.

// TestHostileWorkbooks: broken and strange workbooks, each read with its
// exact issues (as issueLines) and, for the giant ones, bounded memory.
func TestHostileWorkbooks(t *testing.T) {
	c := returned.Campaign(t)
	sheet := returned.ReportSheetPart(t, c)
	clean := returned.Clean(t, c)
	const lastCell = `<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>cuối</t></is></c></row></sheetData>`
	tests := []struct {
		name     string
		file     string
		data     func(t *testing.T) []byte
		unit     string // "" when rejected
		values   map[string]any
		issues   []string
		maxAlloc uint64 // bytes allocated while reading, 0: not measured
	}{
		{name: "xlsm with a VBA project", file: "bc.xlsm", data: func(t *testing.T) []byte { return returned.XLSM(t, returned.Clean(t, c)) },
			unit: "UBX-24611", values: map[string]any{"C1": 40.0, "F1": "Đã triển khai đầy đủ."}},
		{name: "malformed report sheet", data: func(t *testing.T) []byte {
			return archivetest.Rewrite(t, clean, func(n string, b []byte) []byte {
				if n == sheet {
					return b[:len(b)/2]
				}
				return b
			})
		}, issues: []string{"Lỗi|Báo cáo|||" + returned.MsgMalformedReport}},
		{name: "duplicate sheet names", data: func(t *testing.T) []byte {
			return archivetest.EditPart(t, clean, "xl/workbook.xml", `name="Hướng dẫn"`, `name="BÁO CÁO"`)
		}, issues: []string{"Lỗi|Báo cáo|||" + returned.MsgDuplicateSheet}},
		{name: "workbook part cut short", data: func(t *testing.T) []byte {
			return archivetest.Rewrite(t, clean, func(n string, b []byte) []byte {
				if n == "xl/workbook.xml" {
					return b[:len(b)/2]
				}
				return b
			})
		}, issues: []string{"Lỗi||||" + "tệp .xlsx hỏng, phần xl/workbook.xml: phần XML bị cắt ngang (thiếu thẻ đóng) — mở bằng Excel hoặc LibreOffice (chương trình sẽ đề nghị sửa tệp), lưu lại rồi gửi lại; nếu không mở được, đề nghị đơn vị gửi lại"}},
		{name: "package relationships missing", data: func(t *testing.T) []byte {
			return archivetest.Rewrite(t, clean, func(n string, b []byte) []byte {
				if n == "_rels/.rels" {
					return nil
				}
				return b
			})
		}, unit: "UBX-24611", values: map[string]any{"C1": 40.0}},
		{name: "styles cut short", data: func(t *testing.T) []byte {
			return archivetest.Rewrite(t, clean, func(n string, b []byte) []byte {
				if n == "xl/styles.xml" {
					return b[:len(b)/2]
				}
				return b
			})
		}, unit: "UBX-24611", values: map[string]any{"C1": 40.0}},
		{name: "document properties cut short", data: func(t *testing.T) []byte {
			return archivetest.Rewrite(t, clean, func(n string, b []byte) []byte {
				if n == "docProps/custom.xml" || n == "docProps/core.xml" {
					return b[:len(b)/2]
				}
				return b
			})
			// The identity is also in the hidden sheet and the code cell.
		}, unit: "UBX-24611", values: map[string]any{"C1": 40.0}},
		{name: "malformed identity sheet", data: func(t *testing.T) []byte {
			return archivetest.Rewrite(t, clean, func(n string, b []byte) []byte {
				if n == "xl/worksheets/sheet3.xml" {
					return []byte("<worksheet><sheetData><row")
				}
				return b
			})
			// The identity is also in the document properties and the code cell.
		}, unit: "UBX-24611", values: map[string]any{"C1": 40.0}},
		{name: "report sheet deleted", data: func(t *testing.T) []byte {
			return returned.Form(t, c, "UBX-24611", returned.CleanValues(), func(f *excelize.File) {
				if err := f.UnprotectWorkbook(); err != nil {
					t.Fatal(err)
				}
				if err := f.DeleteSheet(templates.SheetReport); err != nil {
					t.Fatal(err)
				}
			})
		}, unit: "UBX-24611", issues: []string{"Lỗi||||" + returned.MsgNoReportSheet}},
		{name: "defined names pointing nowhere", data: func(t *testing.T) []byte {
			return archivetest.EditPart(t, clean, "xl/workbook.xml", `(<definedName name="CT_[^"]*"[^>]*>)[^<]*`, "${1}#REF!")
		}, unit: "UBX-24611", values: map[string]any{"A1": true, "C1": 40.0, "D2": 120.5},
			issues: []string{"Cảnh báo|Báo cáo|||tệp không còn tên vùng CT_… dùng được (bị xóa, hoặc trỏ tới trang không còn; có thể biểu mẫu được gõ lại hoặc xuất từ Google Sheets): đã đọc 21 chỉ tiêu theo mã ở cột A, giá trị ở cột D — kiểm tra lại các số đọc được"}},
		{name: "reporter name pointing nowhere", data: func(t *testing.T) []byte {
			return archivetest.EditPart(t, clean, "xl/workbook.xml", `(<definedName name="NBC_HO_TEN"[^>]*>)[^<]*`, "${1}'Báo cáo'!#REF!")
		}, unit: "UBX-24611", values: map[string]any{"C1": 40.0}},
		{name: "input cell merged under its label", data: func(t *testing.T) []byte {
			return returned.Form(t, c, "UBX-24611", returned.CleanValues(), func(f *excelize.File) {
				if err := f.MergeCell(templates.SheetReport, "C25", "D25"); err != nil {
					t.Fatal(err)
				}
			})
		}, unit: "UBX-24611", values: map[string]any{"C1": nil, "C2": 35.0},
			issues: []string{"Lỗi|Báo cáo|D25|C1|C1: ô D25 nằm trong vùng gộp ô C25:D25, Excel chỉ giữ giá trị của ô đầu C25 nên giá trị nhập ở D25 bị che mất — bỏ gộp ô (Unmerge) và nhập lại giá trị vào ô D25"}},
		{name: "input cell heading a merged area", data: func(t *testing.T) []byte {
			return returned.Form(t, c, "UBX-24611", returned.CleanValues(), func(f *excelize.File) {
				if err := f.MergeCell(templates.SheetReport, "D34", "F34"); err != nil {
					t.Fatal(err)
				}
			})
		}, unit: "UBX-24611", values: map[string]any{"F1": "Đã triển khai đầy đủ."}},
		{name: "error values in inputs", data: func(t *testing.T) []byte {
			b := archivetest.EditPart(t, clean, sheet, `<c r="D16"([^>]*)><v>[^<]*</v></c>`, `<c r="D16"$1 t="e"><v>#REF!</v></c>`)
			return archivetest.EditPart(t, b, sheet, `<c r="D17"([^>]*)><v>[^<]*</v></c>`, `<c r="D17"$1 t="e"><f>A5/0</f><v>#DIV/0!</v></c>`)
		}, unit: "UBX-24611", values: map[string]any{"A5": nil, "A6": nil, "A7": 3.0},
			issues: []string{
				"Lỗi|Báo cáo|D16|A5|A5: ô chứa giá trị lỗi #REF! — nhập lại giá trị",
				"Lỗi|Báo cáo|D17|A6|A6: công thức =A5/0 cho kết quả lỗi #DIV/0! — sửa công thức hoặc nhập thẳng giá trị",
			}},
		{name: "formula without cached value, 1904 dates", data: func(t *testing.T) []byte {
			vals := returned.CleanValues()
			vals["A3"] = vn.Serial(returned.Day(2023, 12, 15)) - 1462
			vals[templates.NameReportDate] = vn.Serial(returned.Day(2024, 3, 20)) - 1462
			return returned.Form(t, c, "UBX-24611", vals, func(f *excelize.File) {
				yes := true
				if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
					t.Fatal(err)
				}
				sh, cell := returned.NameCell(t, f, "CT_B3")
				f.SetCellValue(sh, cell, nil)
				if err := f.SetCellFormula(sh, cell, "SUM(10,10)"); err != nil {
					t.Fatal(err)
				}
			})
		}, unit: "UBX-24611", values: map[string]any{"A3": returned.Day(2023, 12, 15), "B3": 20.0},
			issues: []string{"Cảnh báo|Báo cáo|D22|B3|B3 là công thức =SUM(10,10) chưa có kết quả lưu sẵn; đã tự tính được “20” — mở tệp bằng Excel, lưu lại để chắc chắn"}},
		{name: "a cell at XFD1048576", data: func(t *testing.T) []byte {
			return archivetest.EditPart(t, clean, sheet, `</sheetData>`, lastCell)
		}, unit: "UBX-24611", values: map[string]any{"C1": 40.0}, maxAlloc: 128 << 20}, // excelize indexes all 1,048,576 rows: 84 MB
		{name: "a cell at XFD1048576, names lost", data: func(t *testing.T) []byte {
			b := archivetest.EditPart(t, clean, sheet, `</sheetData>`, lastCell)
			return archivetest.EditPart(t, b, "xl/workbook.xml", `<definedName name="CT_[^"]*"[^>]*>[^<]*</definedName>`, "")
		}, unit: "UBX-24611", values: map[string]any{"C1": 40.0}, maxAlloc: 512 << 20, // and writes them back out for the row search: 252 MB (more under -race)
			issues: []string{"Cảnh báo|Báo cáo|||tệp không còn tên vùng CT_… dùng được (bị xóa, hoặc trỏ tới trang không còn; có thể biểu mẫu được gõ lại hoặc xuất từ Google Sheets): đã đọc 21 chỉ tiêu theo mã ở cột A, giá trị ở cột D — kiểm tra lại các số đọc được"}},
		{name: "a million rows", data: func(t *testing.T) []byte { return returned.MillionRows(t, c) }, maxAlloc: 256 << 20,
			issues: []string{"Lỗi|Báo cáo|||tệp có trang tính “Báo cáo” (xl/worksheets/sheet2.xml) quá lớn khi giải nén (hơn 4 MB): không phải báo cáo bình thường, có thể là tệp độc hại — không mở, đề nghị đơn vị gửi lại đúng biểu mẫu"}},
		{name: "200 MB of shared strings", data: func(t *testing.T) []byte {
			return archivetest.BigPart(t, "xl/sharedStrings.xml", 200<<20, "<si><t>Đắk Nông</t></si>")
		}, maxAlloc: 64 << 20, issues: []string{"Lỗi||||" + returned.MsgBomb200}},
		{name: "shared strings over the part limit", data: func(t *testing.T) []byte {
			return archivetest.BigPart(t, "xl/sharedStrings.xml", 5<<20, "<si><t>Đắk Nông</t></si>")
		}, maxAlloc: 64 << 20, issues: []string{"Lỗi||||tệp có phần xl/sharedStrings.xml quá lớn khi giải nén (hơn 4 MB): không phải báo cáo bình thường, có thể là tệp độc hại — không mở, đề nghị đơn vị gửi lại đúng biểu mẫu"}},
		{name: "zip bomb lying about its size", data: func(t *testing.T) []byte { return archivetest.LyingPart(t, clean, sheet) }, maxAlloc: 64 << 20, issues: []string{"Lỗi||||" + gate.MsgTruncated}},
		{name: "rows reaching column XFD", data: func(t *testing.T) []byte {
			var rows bytes.Buffer
			for r := 100; r < 1100; r++ {
				fmt.Fprintf(&rows, `<row r="%d"><c r="XFD%d"><v>1</v></c></row>`, r, r)
			}
			return archivetest.EditPart(t, clean, sheet, `</sheetData>`, rows.String()+`</sheetData>`)
		}, maxAlloc: 64 << 20, issues: []string{"Lỗi|Báo cáo|||tệp có trang tính “Báo cáo” (xl/worksheets/sheet2.xml) quá nhiều ô khi mở ra (hơn 250.000, ô xa nhất XFD100): có thể có dữ liệu gõ nhầm ở rất xa vùng biểu mẫu, hoặc là tệp độc hại — mở bằng Excel, xóa các cột, dòng thừa bên phải và bên dưới biểu mẫu, lưu lại rồi gửi lại"}},
		{name: "rows reaching column XFD, prefixed and escaped", data: func(t *testing.T) []byte {
			var rows bytes.Buffer
			for r := 100; r < 1100; r++ {
				fmt.Fprintf(&rows, `<x:row xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r = '%d'><x:c r='&#88;FD%d'/></x:row>`, r, r)
			}
			return archivetest.EditPart(t, clean, sheet, `</sheetData>`, rows.String()+`</sheetData>`)
		}, maxAlloc: 64 << 20, issues: []string{"Lỗi|Báo cáo|||tệp có trang tính “Báo cáo” (xl/worksheets/sheet2.xml) quá nhiều ô khi mở ra (hơn 250.000, ô xa nhất XFD100): có thể có dữ liệu gõ nhầm ở rất xa vùng biểu mẫu, hoặc là tệp độc hại — mở bằng Excel, xóa các cột, dòng thừa bên phải và bên dưới biểu mẫu, lưu lại rồi gửi lại"}},
		{name: "too many parts", data: func(t *testing.T) []byte { return archivetest.ManyParts(5000) }, issues: []string{"Lỗi||||" + returned.MsgManyParts}},
	}
	rr := NewReader(c, ReadOptions{}) // one reader for every file, as a merge reads them
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.data(t)
			file := tc.file
			if file == "" {
				file = "bc.xlsx"
			}
			var r *Report
			alloc := testenv.Allocated(func() { r = rr.readData(file, data) })
			checkReport(t, r, tc.unit, tc.unit == "", tc.values, tc.issues)
			if tc.maxAlloc > 0 && alloc > tc.maxAlloc {
				t.Errorf("allocated %d MB reading, want at most %d MB", alloc>>20, tc.maxAlloc>>20)
			}
		})
	}
}
