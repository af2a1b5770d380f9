package aggregate

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/xuri/excelize/v2"

	"tonghop/templates"
)

// Hostile and broken input: every kind of file a folder of returned reports
// may hold, each with the exact message the officer reads. Big inputs (zip
// bombs, giant sheets) are generated here, never committed.

// rewriteZip copies a zip archive, letting edit change (or, returning nil,
// drop) each part.
func rewriteZip(t testing.TB, data []byte, edit func(name string, b []byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if b = edit(f.Name, b); b == nil {
			continue
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// editPart rewrites one part of a workbook with a regular expression.
func editPart(t testing.TB, data []byte, part, re, repl string) []byte {
	t.Helper()
	found := false
	out := rewriteZip(t, data, func(name string, b []byte) []byte {
		if name != part {
			return b
		}
		rx := regexp.MustCompile(re)
		if !rx.Match(b) {
			t.Fatalf("%s: no match for %s", part, re)
		}
		found = true
		return rx.ReplaceAll(b, []byte(repl))
	})
	if !found {
		t.Fatalf("no part %s", part)
	}
	return out
}

// reportSheetPart is the part of the report sheet in a generated template.
func reportSheetPart(t testing.TB, c *templates.Campaign) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(cleanBytes(t, c)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for i, s := range f.GetSheetList() {
		if s == templates.SheetReport {
			return fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)
		}
	}
	t.Fatal("no report sheet")
	return ""
}

// filled is a template of the unit filled with cleanValues (UBX forms) or
// the unit's figures, changed by edit, as bytes.
func filled(t testing.TB, c *templates.Campaign, code string, vals map[string]any, edit func(f *excelize.File), opts ...excelize.Options) []byte {
	t.Helper()
	f, err := c.Template(c.Unit(code))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	conv := map[string]any{}
	for k, v := range vals {
		if b, ok := v.(bool); ok {
			v = "Không"
			if b {
				v = "Có"
			}
		}
		conv[k] = v
	}
	fill(t, f, conv)
	if edit != nil {
		edit(f)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	if len(opts) == 0 {
		return buf.Bytes()
	}
	// Encryption happens on SaveAs only.
	g, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	path := t.TempDir() + "/x.xlsx"
	if err := g.SaveAs(path, opts...); err != nil {
		t.Fatal(err)
	}
	return readAll(t, path)
}

// bigZip is a workbook-looking archive whose part name holds size bytes of
// repeated text, written in the deflate stream without ever being held in
// memory.
func bigZip(t testing.TB, name string, size int64, unit string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for _, p := range [][2]string{{"[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`}, {"xl/workbook.xml", "<workbook/>"}} {
		w, _ := zw.Create(p[0])
		w.Write([]byte(p[1]))
	}
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte(unit), 64<<10/len(unit)+1)
	for n := int64(0); n < size; n += int64(len(chunk)) {
		if _, err := w.Write(chunk[:min(int64(len(chunk)), size-n)]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// lyingZip is an archive whose sheet part declares 1 KB unpacked and holds
// 100 MB: a bomb that fools a check of the declared sizes.
func lyingZip(t testing.TB, workbook []byte, part string) []byte {
	t.Helper()
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestSpeed)
	chunk := bytes.Repeat([]byte("<x/>"), 1<<18)
	crc := crc32.NewIEEE()
	root := []byte(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	fw.Write(root)
	crc.Write(root)
	for i := 0; i < 100; i++ {
		fw.Write(chunk)
		crc.Write(chunk)
	}
	fw.Close()
	zr, err := zip.NewReader(bytes.NewReader(workbook), int64(len(workbook)))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range zr.File {
		if f.Name == part {
			w, err := zw.CreateRaw(&zip.FileHeader{Name: part, Method: zip.Deflate,
				CRC32: crc.Sum32(), CompressedSize64: uint64(comp.Len()), UncompressedSize64: 1024})
			if err != nil {
				t.Fatal(err)
			}
			w.Write(comp.Bytes())
			continue
		}
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	zw.Close()
	return b.Bytes()
}

// manyParts is an archive of n tiny parts.
func manyParts(t testing.TB, n int) []byte {
	t.Helper()
	files := []string{"[Content_Types].xml", "<x/>", "xl/workbook.xml", "<x/>"}
	for i := 0; i < n; i++ {
		files = append(files, fmt.Sprintf("xl/media/image%d.png", i), "x")
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i := 0; i+1 < len(files); i += 2 {
		w, _ := zw.Create(files[i])
		w.Write([]byte(files[i+1]))
	}
	zw.Close()
	return b.Bytes()
}

// millionRows is a filled template whose report sheet has a million more
// rows under the form (about 45 MB of XML).
func millionRows(t testing.TB, c *templates.Campaign) []byte {
	t.Helper()
	part := reportSheetPart(t, c)
	return rewriteZip(t, cleanBytes(t, c), func(name string, b []byte) []byte {
		if name != part {
			return b
		}
		i := bytes.Index(b, []byte("</sheetData>"))
		var sb bytes.Buffer
		sb.Write(b[:i])
		for r := 100; r < 100+1000000; r++ {
			fmt.Fprintf(&sb, `<row r="%d"><c r="A%d"><v>%d</v></c></row>`, r, r, r)
		}
		sb.Write(b[i:])
		return sb.Bytes()
	})
}

// vbaProject is the smallest part excelize accepts as a VBA project: an
// OLE2 compound file header. Nothing in it is ever run, nor even read.
func vbaProject() []byte {
	return append([]byte(oleMagic), make([]byte, 504)...)
}

// xlsmReport is a filled template saved as a macro-enabled workbook.
func xlsmReport(t testing.TB, c *templates.Campaign) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(cleanBytes(t, c)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.AddVBAProject(vbaProject()); err != nil {
		t.Fatal(err)
	}
	path := t.TempDir() + "/bc.xlsm"
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return readAll(t, path)
}

func readAll(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Messages of the hostile cases, shared with the corpus test.
var (
	msgMalformedReport = "trang “Báo cáo” bị hỏng, không đọc được (nội dung XML sai): mở tệp bằng Excel (Excel sẽ đề nghị sửa tệp), lưu lại rồi gửi lại; nếu vẫn lỗi, đề nghị đơn vị gửi lại"
	msgDuplicateSheet  = "tệp có hai trang cùng tên “Báo cáo” (Excel không cho phép, tệp đã bị sửa bằng công cụ khác hoặc bị hỏng): không biết phải đọc trang nào — mở tệp bằng Excel, lưu lại rồi gửi lại, hoặc đề nghị đơn vị gửi lại"
	msgNoReportSheet   = "không tìm thấy chỉ tiêu nào của biểu mẫu: không có trang “Báo cáo” (bị xóa hoặc đổi tên) và không trang nào có dòng ghi mã chỉ tiêu ở cột A — đề nghị đơn vị điền lại vào biểu mẫu gốc đã gửi"
	msgBomb200         = "tệp giải nén quá lớn (200,0 MB; giới hạn 64,0 MB): không phải báo cáo bình thường, có thể là tệp độc hại — không mở, đề nghị đơn vị gửi lại đúng biểu mẫu"
	msgManyParts       = "tệp có quá nhiều thành phần (5002; giới hạn 5000): không phải báo cáo bình thường, có thể là tệp độc hại — không mở, đề nghị đơn vị gửi lại đúng biểu mẫu"
)

// TestHostileWorkbooks: broken and strange workbooks, each read with its
// exact issues (as issueLines) and, for the giant ones, bounded memory.
func TestHostileWorkbooks(t *testing.T) {
	c := rdCampaign(t)
	sheet := reportSheetPart(t, c)
	clean := cleanBytes(t, c)
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
		{name: "xlsm with a VBA project", file: "bc.xlsm", data: func(t *testing.T) []byte { return xlsmReport(t, c) },
			unit: "UBX-24611", values: map[string]any{"C1": 40.0, "F1": "Đã triển khai đầy đủ."}},
		{name: "malformed report sheet", data: func(t *testing.T) []byte {
			return rewriteZip(t, clean, func(n string, b []byte) []byte {
				if n == sheet {
					return b[:len(b)/2]
				}
				return b
			})
		}, issues: []string{"Lỗi|Báo cáo|||" + msgMalformedReport}},
		{name: "duplicate sheet names", data: func(t *testing.T) []byte {
			return editPart(t, clean, "xl/workbook.xml", `name="Hướng dẫn"`, `name="BÁO CÁO"`)
		}, issues: []string{"Lỗi|Báo cáo|||" + msgDuplicateSheet}},
		{name: "workbook part cut short", data: func(t *testing.T) []byte {
			return rewriteZip(t, clean, func(n string, b []byte) []byte {
				if n == "xl/workbook.xml" {
					return b[:len(b)/2]
				}
				return b
			})
		}, issues: []string{"Lỗi||||" + msgBrokenPart}},
		{name: "package relationships missing", data: func(t *testing.T) []byte {
			return rewriteZip(t, clean, func(n string, b []byte) []byte {
				if n == "_rels/.rels" {
					return nil
				}
				return b
			})
		}, issues: []string{"Lỗi||||" + msgBrokenPart}},
		{name: "styles cut short", data: func(t *testing.T) []byte {
			return rewriteZip(t, clean, func(n string, b []byte) []byte {
				if n == "xl/styles.xml" {
					return b[:len(b)/2]
				}
				return b
			})
		}, issues: []string{"Lỗi||||" + msgBrokenPart}},
		{name: "document properties cut short", data: func(t *testing.T) []byte {
			return rewriteZip(t, clean, func(n string, b []byte) []byte {
				if n == "docProps/custom.xml" || n == "docProps/core.xml" {
					return b[:len(b)/2]
				}
				return b
			})
			// The identity is also in the hidden sheet and the code cell.
		}, unit: "UBX-24611", values: map[string]any{"C1": 40.0}},
		{name: "malformed identity sheet", data: func(t *testing.T) []byte {
			return rewriteZip(t, clean, func(n string, b []byte) []byte {
				if n == "xl/worksheets/sheet3.xml" {
					return []byte("<worksheet><sheetData><row")
				}
				return b
			})
			// The identity is also in the document properties and the code cell.
		}, unit: "UBX-24611", values: map[string]any{"C1": 40.0}},
		{name: "report sheet deleted", data: func(t *testing.T) []byte {
			return filled(t, c, "UBX-24611", cleanValues(), func(f *excelize.File) {
				if err := f.UnprotectWorkbook(); err != nil {
					t.Fatal(err)
				}
				if err := f.DeleteSheet(templates.SheetReport); err != nil {
					t.Fatal(err)
				}
			})
		}, unit: "UBX-24611", issues: []string{"Lỗi||||" + msgNoReportSheet}},
		{name: "defined names pointing nowhere", data: func(t *testing.T) []byte {
			return editPart(t, clean, "xl/workbook.xml", `(<definedName name="CT_[^"]*"[^>]*>)[^<]*`, "${1}#REF!")
		}, unit: "UBX-24611", values: map[string]any{"A1": true, "C1": 40.0, "D2": 120.5},
			issues: []string{"Cảnh báo|Báo cáo|||tệp không còn tên vùng CT_… dùng được (bị xóa, hoặc trỏ tới trang không còn; có thể biểu mẫu được gõ lại hoặc xuất từ Google Sheets): đã đọc 21 chỉ tiêu theo mã ở cột A, giá trị ở cột D — kiểm tra lại các số đọc được"}},
		{name: "reporter name pointing nowhere", data: func(t *testing.T) []byte {
			return editPart(t, clean, "xl/workbook.xml", `(<definedName name="NBC_HO_TEN"[^>]*>)[^<]*`, "${1}'Báo cáo'!#REF!")
		}, unit: "UBX-24611", values: map[string]any{"C1": 40.0}},
		{name: "input cell merged under its label", data: func(t *testing.T) []byte {
			return filled(t, c, "UBX-24611", cleanValues(), func(f *excelize.File) {
				if err := f.MergeCell(templates.SheetReport, "C25", "D25"); err != nil {
					t.Fatal(err)
				}
			})
		}, unit: "UBX-24611", values: map[string]any{"C1": nil, "C2": 35.0},
			issues: []string{"Lỗi|Báo cáo|D25|C1|C1: ô D25 nằm trong vùng gộp ô C25:D25, Excel chỉ giữ giá trị của ô đầu C25 nên giá trị nhập ở D25 bị che mất — bỏ gộp ô (Unmerge) và nhập lại giá trị vào ô D25"}},
		{name: "input cell heading a merged area", data: func(t *testing.T) []byte {
			return filled(t, c, "UBX-24611", cleanValues(), func(f *excelize.File) {
				if err := f.MergeCell(templates.SheetReport, "D34", "F34"); err != nil {
					t.Fatal(err)
				}
			})
		}, unit: "UBX-24611", values: map[string]any{"F1": "Đã triển khai đầy đủ."}},
		{name: "error values in inputs", data: func(t *testing.T) []byte {
			b := editPart(t, clean, sheet, `<c r="D16"([^>]*)><v>[^<]*</v></c>`, `<c r="D16"$1 t="e"><v>#REF!</v></c>`)
			return editPart(t, b, sheet, `<c r="D17"([^>]*)><v>[^<]*</v></c>`, `<c r="D17"$1 t="e"><f>A5/0</f><v>#DIV/0!</v></c>`)
		}, unit: "UBX-24611", values: map[string]any{"A5": nil, "A6": nil, "A7": 3.0},
			issues: []string{
				"Lỗi|Báo cáo|D16|A5|A5: ô chứa giá trị lỗi #REF! — nhập lại giá trị",
				"Lỗi|Báo cáo|D17|A6|A6: công thức =A5/0 cho kết quả lỗi #DIV/0! — sửa công thức hoặc nhập thẳng giá trị",
			}},
		{name: "formula without cached value, 1904 dates", data: func(t *testing.T) []byte {
			vals := cleanValues()
			vals["A3"] = templates.DateToSerial(rdDate(2023, 12, 15)) - 1462
			vals[templates.NameReportDate] = templates.DateToSerial(rdDate(2024, 3, 20)) - 1462
			return filled(t, c, "UBX-24611", vals, func(f *excelize.File) {
				yes := true
				if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
					t.Fatal(err)
				}
				sh, cell := nameCell(t, f, "CT_B3")
				f.SetCellValue(sh, cell, nil)
				if err := f.SetCellFormula(sh, cell, "SUM(10,10)"); err != nil {
					t.Fatal(err)
				}
			})
		}, unit: "UBX-24611", values: map[string]any{"A3": rdDate(2023, 12, 15), "B3": 20.0},
			issues: []string{"Cảnh báo|Báo cáo|D22|B3|B3 là công thức =SUM(10,10) chưa có kết quả lưu sẵn; đã tự tính được “20” — mở tệp bằng Excel, lưu lại để chắc chắn"}},
		{name: "a cell at XFD1048576", data: func(t *testing.T) []byte {
			return editPart(t, clean, sheet, `</sheetData>`, lastCell)
		}, unit: "UBX-24611", values: map[string]any{"C1": 40.0}, maxAlloc: 128 << 20}, // excelize indexes all 1,048,576 rows: 84 MB
		{name: "a cell at XFD1048576, names lost", data: func(t *testing.T) []byte {
			b := editPart(t, clean, sheet, `</sheetData>`, lastCell)
			return editPart(t, b, "xl/workbook.xml", `<definedName name="CT_[^"]*"[^>]*>[^<]*</definedName>`, "")
		}, unit: "UBX-24611", values: map[string]any{"C1": 40.0}, maxAlloc: 512 << 20, // and writes them back out for the row search: 252 MB (more under -race)
			issues: []string{"Cảnh báo|Báo cáo|||tệp không còn tên vùng CT_… dùng được (bị xóa, hoặc trỏ tới trang không còn; có thể biểu mẫu được gõ lại hoặc xuất từ Google Sheets): đã đọc 21 chỉ tiêu theo mã ở cột A, giá trị ở cột D — kiểm tra lại các số đọc được"}},
		{name: "a million rows", data: func(t *testing.T) []byte { return millionRows(t, c) }, maxAlloc: 256 << 20,
			issues: []string{"Lỗi||||tệp có trang tính xl/worksheets/sheet2.xml quá lớn khi giải nén (51,2 MB; giới hạn 4,0 MB): báo cáo bình thường chỉ vài chục KB — có thể trang tính bị dán quá nhiều dữ liệu hoặc là tệp độc hại; không mở, đề nghị đơn vị gửi lại đúng biểu mẫu"}},
		{name: "200 MB of shared strings", data: func(t *testing.T) []byte {
			return bigZip(t, "xl/sharedStrings.xml", 200<<20, "<si><t>Đắk Nông</t></si>")
		}, maxAlloc: 64 << 20, issues: []string{"Lỗi||||" + msgBomb200}},
		{name: "shared strings over the part limit", data: func(t *testing.T) []byte {
			return bigZip(t, "xl/sharedStrings.xml", 5<<20, "<si><t>Đắk Nông</t></si>")
		}, maxAlloc: 64 << 20, issues: []string{"Lỗi||||tệp có bảng chữ dùng chung xl/sharedStrings.xml quá lớn khi giải nén (5,0 MB; giới hạn 4,0 MB): báo cáo bình thường chỉ vài chục KB — có thể trang tính bị dán quá nhiều dữ liệu hoặc là tệp độc hại; không mở, đề nghị đơn vị gửi lại đúng biểu mẫu"}},
		{name: "zip bomb lying about its size", data: func(t *testing.T) []byte { return lyingZip(t, clean, sheet) }, maxAlloc: 64 << 20, issues: []string{"Lỗi||||" + msgTruncated}},
		{name: "rows reaching column XFD", data: func(t *testing.T) []byte {
			var rows bytes.Buffer
			for r := 100; r < 1100; r++ {
				fmt.Fprintf(&rows, `<row r="%d"><c r="XFD%d"><v>1</v></c></row>`, r, r)
			}
			return editPart(t, clean, sheet, `</sheetData>`, rows.String()+`</sheetData>`)
		}, maxAlloc: 64 << 20, issues: []string{"Lỗi||||tệp có trang tính quá nhiều ô khi mở ra (16.384.210 ô; giới hạn 250.000), ô xa nhất XFD100: có thể có dữ liệu gõ nhầm ở rất xa vùng biểu mẫu, hoặc là tệp độc hại — mở bằng Excel, xóa các cột, dòng thừa bên phải và bên dưới biểu mẫu, lưu lại rồi gửi lại"}},
		{name: "rows reaching column XFD, prefixed and escaped", data: func(t *testing.T) []byte {
			var rows bytes.Buffer
			for r := 100; r < 1100; r++ {
				fmt.Fprintf(&rows, `<x:row xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r = '%d'><x:c r='&#88;FD%d'/></x:row>`, r, r)
			}
			return editPart(t, clean, sheet, `</sheetData>`, rows.String()+`</sheetData>`)
		}, maxAlloc: 64 << 20, issues: []string{"Lỗi||||tệp có trang tính quá nhiều ô khi mở ra (16.384.210 ô; giới hạn 250.000), ô xa nhất XFD100: có thể có dữ liệu gõ nhầm ở rất xa vùng biểu mẫu, hoặc là tệp độc hại — mở bằng Excel, xóa các cột, dòng thừa bên phải và bên dưới biểu mẫu, lưu lại rồi gửi lại"}},
		{name: "too many parts", data: func(t *testing.T) []byte { return manyParts(t, 5000) }, issues: []string{"Lỗi||||" + msgManyParts}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.data(t)
			file := tc.file
			if file == "" {
				file = "bc.xlsx"
			}
			var m0, m1 runtime.MemStats
			runtime.ReadMemStats(&m0)
			r := ReadBytes(c, file, data, ReadOptions{})
			runtime.ReadMemStats(&m1)
			checkReport(t, r, tc.unit, tc.unit == "", tc.values, tc.issues)
			if alloc := m1.TotalAlloc - m0.TotalAlloc; tc.maxAlloc > 0 && alloc > tc.maxAlloc {
				t.Errorf("allocated %d MB reading, want at most %d MB", alloc>>20, tc.maxAlloc>>20)
			}
		})
	}
}

// corpusFile is one file of the hostile corpus.
type corpusFile struct {
	path   string         // slash-separated, relative to the input folder
	data   []byte         // nil for links and pipes
	link   string         // a symbolic link to this target
	pipe   bool           // a named pipe
	use    string         // expected Use.Label in "Tệp nguồn"
	reason string         // expected "Lý do" in "Tệp nguồn"
	unit   string         // the unit of a report that is read
	vals   map[string]any // the figures put in a report counted
	status Status         // the unit's expected status
	issue  string         // an expected error of a report used but invalid
}

// inputState is what must not change in an input: content, time and mode
// (for a link, its target).
type inputState struct {
	sha, link string
	mode      os.FileMode
	mod       time.Time
}

// snapshot records the state of every entry under dirs, without following
// links, without opening pipes, skipping skip (the output folder).
func snapshot(t *testing.T, skip string, dirs ...string) map[string]inputState {
	t.Helper()
	out := map[string]inputState{}
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if p == skip {
				return filepath.SkipDir
			}
			info, err := os.Lstat(p)
			if err != nil {
				return err
			}
			st := inputState{mode: info.Mode(), mod: info.ModTime()}
			switch {
			case info.Mode()&os.ModeSymlink != 0:
				st.link, err = os.Readlink(p)
			case info.Mode().IsRegular():
				var b []byte
				b, err = os.ReadFile(p)
				sum := sha256.Sum256(b)
				st.sha = hex.EncodeToString(sum[:])
			}
			out[p] = st
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// answers converts figures to the values read back (Value.Any).
func answers(vals map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range vals {
		if strings.HasPrefix(k, "NBC_") {
			continue
		}
		switch x := v.(type) {
		case int:
			v = float64(x)
		case string:
			if x == "" {
				v = nil
			}
		}
		out[k] = v
	}
	return out
}

// TestHostileCorpusLosesNothing merges the whole bad-input corpus mixed
// with good reports, in a folder that also holds the output folder: no
// input changes, every good report is counted with its exact values, every
// bad file is listed in "Tệp nguồn" with its reason, and text typed to look
// like a formula stays text in every output.
func TestHostileCorpusLosesNothing(t *testing.T) {
	c := rdCampaign(t)
	base := t.TempDir()
	root := filepath.Join(base, "Báo cáo về")
	outside := filepath.Join(base, "nơi khác")
	out := filepath.Join(root, "ket-qua")
	clean := cleanBytes(t, c)
	sheet := reportSheetPart(t, c)

	const (
		evilLink  = `=HYPERLINK("http://x.example","bấm vào")`
		evilAt    = "@SUM(1+1)"
		evilMinus = "-1+1"
		evilPlus  = "+84 912 345 678"
	)
	report := func(code string, k int, edit func(v map[string]any)) map[string]any {
		v := figures(c, code, k)
		v[templates.NameReporterName] = "Nguyễn Văn A"
		v[templates.NameReportDate] = ymd(2024, 4, 1)
		if edit != nil {
			edit(v)
		}
		return v
	}
	good := func(path, code string, k int, edit func(v map[string]any)) corpusFile {
		v := report(code, k, edit)
		return corpusFile{path: path, data: filled(t, c, code, v, nil), use: "được dùng", unit: code, vals: v, status: StatusOnTime}
	}
	bad := func(path string, data []byte, reason string) corpusFile {
		return corpusFile{path: path, data: data, use: "bị loại", reason: reason}
	}
	// Folders nested past Windows' 260 characters.
	long := strings.Repeat("thư mục lồng nhau rất dài/", 12) + "báo cáo xã có tên rất dài.xlsx"
	evil := good("Văn phòng Tỉnh ủy.xlsx", "TU01", 1, func(v map[string]any) {
		v["F1"], v["F2"], v["F3"] = evilLink, evilAt, evilMinus
		v[templates.NameReporterName] = evilPlus
	})
	macro := good("co-macro.xlsm", "TU03", 3, nil)
	{
		f, err := excelize.OpenReader(bytes.NewReader(macro.data))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.AddVBAProject(vbaProject()); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(t.TempDir(), "x.xlsm")
		if err := f.SaveAs(p); err != nil {
			t.Fatal(err)
		}
		f.Close()
		macro.data = readAll(t, p)
	}
	noSheet := report("TU05", 5, nil)
	merged := report("TU06", 6, nil)
	typedLink := report("SBN04", 4, func(v map[string]any) { v["C1"] = evilLink })
	files := []corpusFile{
		evil,
		macro,
		good(norm.NFC.String("Ban Tổ chức - NFC.xlsx"), "TU02", 2, nil),
		good(norm.NFD.String("Sở Nội vụ - NFD.xlsx"), "SBN02", 7, nil),
		good("thư mục có  dấu cách/ BC   có dấu cách .xlsx", "UBH-660", 8, nil),
		good(long, "UBX-24611", 9, nil),
		good("a:b.xlsx", "BC01", 10, nil),
		good("con.xlsx", "UBX-24612", 11, nil),
		good("nop lan cuoi.", "SBN01", 12, nil), // trailing dot, no extension
		{path: "lien-ket.xlsx", link: filepath.Join(outside, "SBN03.xlsx")},
		{path: "thu-muc-lien-ket", link: filepath.Join(outside, "thu-muc")},
		{path: "vong", link: ".", use: "bị loại", reason: "liên kết trỏ về thư mục đã đọc (vòng lặp), bỏ qua"},
		{path: "lien-ket-hong.xlsx", link: filepath.Join(outside, "khong-co.xlsx"), use: "bị loại", reason: "liên kết hỏng hoặc không đọc được tệp"},
		bad("rong.xlsx", []byte{}, "tệp rỗng (0 byte): có thể tải tệp đính kèm chưa xong — tải lại từ thư điện tử; nếu vẫn rỗng, đề nghị đơn vị gửi lại"),
		bad("van-ban.xlsx", []byte("Kính gửi Sở Thông tin và Truyền thông,\nĐơn vị xin gửi báo cáo.\n"), "tệp văn bản/CSV, không phải .xlsx: tệp CSV mất biểu mẫu (tên vùng, mã đơn vị) nên không đọc chắc chắn được — "+msgSaveAsXLSX),
		bad("cong-van.xlsx", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n"), "tệp PDF: không đọc được số liệu từ PDF. Nếu đây là báo cáo bằng văn bản thì lưu riêng; số liệu cần gửi bằng biểu mẫu Excel (.xlsx) đã gửi"),
		bad("cat-ngang.xlsx", clean[:len(clean)/2], msgTruncated),
		bad("nen.xlsx", zipOf(t, "bao-cao/bc.xlsx", "x"), "tệp nén .zip, không phải bảng tính .xlsx: giải nén và kiểm tra lại tệp bên trong, hoặc đề nghị đơn vị gửi lại tệp .xlsx"),
		bad("cu.xls", fixture(t, "bieu-mau.xls"), "tệp .xls (Excel 97-2003), không đọc được: "+msgSaveAsXLSX),
		bad("bang-tinh.ods", fixture(t, "bieu-mau.ods"), "tệp .ods (LibreOffice/OpenOffice): mở bằng LibreOffice/Excel và lưu lại dạng .xlsx (Lưu thành → “Excel 2007-365 (.xlsx)”) rồi gửi lại"),
		bad("danh-sach.csv", fixture(t, "go-lai.csv"), "không phải tệp bảng tính (.csv), bỏ qua"),
		bad("mat-khau.xlsx", filled(t, c, "TU04", report("TU04", 4, nil), nil, excelize.Options{Password: "DakNong2024"}), msgEncrypted),
		bad("bom.xlsx", bigZip(t, "xl/sharedStrings.xml", 200<<20, "<si><t>Đắk Nông</t></si>"), msgBomb200),
		bad("trieu-dong.xlsx", millionRows(t, c), "tệp có trang tính xl/worksheets/sheet2.xml quá lớn khi giải nén (51,2 MB; giới hạn 4,0 MB): báo cáo bình thường chỉ vài chục KB — có thể trang tính bị dán quá nhiều dữ liệu hoặc là tệp độc hại; không mở, đề nghị đơn vị gửi lại đúng biểu mẫu"),
		bad("gia-kich-thuoc.xlsx", lyingZip(t, clean, sheet), msgTruncated),
		bad("nhieu-phan.xlsx", manyParts(t, 5000), msgManyParts),
		bad("xml-hong.xlsx", rewriteZip(t, clean, func(n string, b []byte) []byte {
			if n == sheet {
				return b[:len(b)/2]
			}
			return b
		}), msgMalformedReport),
		bad("trung-ten.xlsx", editPart(t, clean, "xl/workbook.xml", `name="Hướng dẫn"`, `name="BÁO CÁO"`), msgDuplicateSheet),
		bad("~$Văn phòng Tỉnh ủy.xlsx", []byte("\x0bNguyen Van A"), "tệp khóa tạm của Excel/WPS (có người đang mở báo cáo), bỏ qua"),
		{path: "khong-bao-cao.xlsx", data: filled(t, c, "TU05", noSheet, func(f *excelize.File) {
			f.UnprotectWorkbook()
			if err := f.DeleteSheet(templates.SheetReport); err != nil {
				t.Fatal(err)
			}
		}), use: "được dùng", unit: "TU05", status: StatusInvalid, issue: msgNoReportSheet},
		{path: "gop-o.xlsx", data: filled(t, c, "TU06", merged, func(f *excelize.File) {
			sh, cell := nameCell(t, f, "CT_C1")
			if err := f.MergeCell(sh, "C"+cell[1:], cell); err != nil {
				t.Fatal(err)
			}
		}), use: "được dùng", unit: "TU06", status: StatusInvalid},
		{path: "go-cong-thuc.xlsx", data: filled(t, c, "SBN04", typedLink, nil), use: "được dùng", unit: "SBN04", status: StatusInvalid,
			issue: "C1: “" + evilLink + "” không phải là số — chỉ nhập số"},
	}
	if _, err := exec.LookPath("mkfifo"); err == nil {
		files = append(files, corpusFile{path: "ong-dan.xlsx", pipe: true, use: "bị loại", reason: "không phải tệp thông thường (ống dẫn, thiết bị…), bỏ qua"})
	}
	// Link targets, outside the input folder.
	linked := []corpusFile{
		good("lien-ket.xlsx", "SBN03", 13, nil),
		good("thu-muc-lien-ket/Sở Tư pháp.xlsx", "SBN05", 14, nil),
	}
	write := func(p string, b []byte) {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(outside, "SBN03.xlsx"), linked[0].data)
	write(filepath.Join(outside, "thu-muc", "Sở Tư pháp.xlsx"), linked[1].data)
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f.path))
		switch {
		case f.link != "":
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(f.link, p); err != nil {
				t.Skipf("no symbolic links here: %v", err)
			}
		case f.pipe:
			if err := exec.Command("mkfifo", p).Run(); err != nil {
				t.Fatal(err)
			}
		default:
			write(p, f.data)
		}
	}
	if len(root)+1+len(long) <= 260 {
		t.Fatalf("long path only %d characters", len(root)+1+len(long))
	}
	// The previous outputs, inside the input folder: never read.
	write(filepath.Join(out, "tong-hop.xlsx"), clean)
	write(filepath.Join(out, "phan-hoi", "TU01_x.txt"), []byte("cũ"))
	files = append(files[:9], append(linked, files[9:]...)...)
	files = slices.DeleteFunc(files, func(f corpusFile) bool { return f.link != "" && f.use == "" })

	before := snapshot(t, out, root, outside)
	paths, skipped, err := Collect(root, out)
	if err != nil {
		t.Fatal(err)
	}
	res := Merge(c, paths, MergeOptions{OutDir: out, AsOf: ymd(2024, 4, 10), Root: root, Skipped: skipped, Workers: 2})
	book := filepath.Join(out, "tong-hop.xlsx")
	if err := WriteWorkbook(res, book); err != nil {
		t.Fatal(err)
	}
	fb, err := WriteFeedback(res, filepath.Join(out, FeedbackDir))
	if err != nil {
		t.Fatal(err)
	}
	if after := snapshot(t, out, root, outside); !reflect.DeepEqual(before, after) {
		for p, b := range before {
			if a, ok := after[p]; !ok || a != b {
				t.Errorf("%s changed: %+v → %+v", p, b, a)
			}
		}
		for p := range after {
			if _, ok := before[p]; !ok {
				t.Errorf("%s appeared", p)
			}
		}
	}

	t.Run("every file listed with its use and reason", func(t *testing.T) {
		f, err := excelize.OpenFile(book)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows(SheetFiles)
		if err != nil {
			t.Fatal(err)
		}
		listed := map[string][]string{}
		for _, r := range rows[1:] {
			for len(r) < 10 {
				r = append(r, "")
			}
			listed[filepath.ToSlash(r[1])] = r
		}
		for _, cf := range files {
			r, ok := listed[cf.path]
			if !ok {
				t.Errorf("%s not listed in %s", cf.path, SheetFiles)
				continue
			}
			if r[8] != cf.use || cf.reason != "" && r[9] != cf.reason {
				t.Errorf("%s: %q, %q\n want %q, %q", cf.path, r[8], r[9], cf.use, cf.reason)
			}
			if cf.unit != "" && r[6] != cf.unit {
				t.Errorf("%s: unit %q, want %s", cf.path, r[6], cf.unit)
			}
			delete(listed, cf.path)
		}
		for p, r := range listed {
			t.Errorf("unexpected file %s listed: %q", p, r)
		}
	})
	t.Run("every good report counted with its values", func(t *testing.T) {
		byCode := map[string]*UnitResult{}
		for _, ur := range res.Units {
			byCode[ur.Unit.Code] = ur
		}
		for _, cf := range files {
			if cf.unit == "" {
				continue
			}
			ur := byCode[cf.unit]
			if ur.Status != cf.status {
				t.Errorf("%s (%s): %s, want %s; issues %q", cf.unit, cf.path, ur.Status.Label(), cf.status.Label(), issueLines(issuesOf(ur)))
				continue
			}
			if cf.issue != "" && !slices.ContainsFunc(ur.Report.Issues, func(i Issue) bool { return i.Msg == cf.issue }) {
				t.Errorf("%s: no issue %q in %q", cf.unit, cf.issue, issueLines(ur.Report.Issues))
			}
			if cf.status != StatusOnTime {
				continue
			}
			for id, want := range answers(cf.vals) {
				if got := ur.Report.Values[id].Any(); !reflect.DeepEqual(got, want) {
					t.Errorf("%s %s = %#v, want %#v", cf.unit, id, got, want)
				}
			}
		}
		var counted int
		for _, cf := range files {
			if cf.unit != "" && cf.status == StatusOnTime {
				counted++
			}
		}
		if summarize(res).Province.Valid != counted || summarize(res).Province.OnTime != counted {
			t.Errorf("province: %d valid, %d on time; want %d", summarize(res).Province.Valid, summarize(res).Province.OnTime, counted)
		}
	})
	t.Run("formula-like text stays text", func(t *testing.T) {
		checkInertXML(t, book, evilLink, evilAt, evilMinus, evilPlus)
		f, err := excelize.OpenFile(book)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, _ := f.GetRows(SheetDetail)
		var found []string
		for _, r := range rows {
			for _, v := range r {
				switch v {
				case evilLink, evilAt, evilMinus, evilPlus:
					found = append(found, v)
				}
			}
		}
		if len(found) != 4 {
			t.Errorf("%s holds %q, want the four texts as typed", SheetDetail, found)
		}
		var text string
		for _, p := range fb {
			if strings.HasPrefix(filepath.Base(p), "SBN04_") {
				b, _ := os.ReadFile(p)
				text = string(b)
			}
		}
		if !strings.Contains(text, "C1: “"+evilLink+"” không phải là số") {
			t.Errorf("feedback of SBN04 does not quote the text as typed:\n%s", text)
		}
		var js bytes.Buffer
		var reports []*Report
		for _, fo := range res.Files {
			reports = append(reports, fo.Report)
		}
		if err := WriteCheckJSON(&js, c, reports); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Files []struct {
				Values []struct {
					ID    string `json:"id"`
					Value any    `json:"value"`
				} `json:"values"`
				Reporter *struct {
					Name string `json:"name"`
				} `json:"reporter"`
			} `json:"files"`
		}
		if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, f := range doc.Files {
			for _, v := range f.Values {
				if s, ok := v.Value.(string); ok {
					got[s] = true
				}
			}
			if f.Reporter != nil {
				got[f.Reporter.Name] = true
			}
		}
		for _, s := range []string{evilLink, evilAt, evilMinus, evilPlus} {
			if !got[s] {
				t.Errorf("check --json lacks %q as a string", s)
			}
		}
	})
}

// checkInertXML reads the parts of a written workbook: no hyperlink, no
// hyperlink relationship, no formula that holds any of the texts, and each
// text present as text.
func checkInertXML(t *testing.T, path string, texts ...string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var strs bytes.Buffer
	formula := regexp.MustCompile(`<f[ >][^<]*</f>|<f>[^<]*</f>`)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if bytes.Contains(b, []byte("<hyperlink")) || bytes.Contains(b, []byte("relationships/hyperlink")) {
			t.Errorf("%s holds a hyperlink", f.Name)
		}
		for _, fm := range formula.FindAll(b, -1) {
			for _, s := range []string{"HYPERLINK", "SUM(1+1)", "912"} {
				if bytes.Contains(fm, []byte(s)) {
					t.Errorf("%s: formula %s comes from an input", f.Name, fm)
				}
			}
		}
		strs.Write(b)
	}
	for _, s := range texts {
		var esc bytes.Buffer
		xml.EscapeText(&esc, []byte(s))
		if !bytes.Contains(strs.Bytes(), esc.Bytes()) {
			t.Errorf("text %q not found in the workbook", s)
		}
	}
}

// TestHostileUnreadable: a file that cannot be read is listed with the
// reason, and the others are read.
func TestHostileUnreadable(t *testing.T) {
	c := rdCampaign(t)
	t.Run("no permission", func(t *testing.T) {
		dir := t.TempDir()
		p := filepath.Join(dir, "khong-quyen.xlsx")
		if err := os.WriteFile(p, cleanBytes(t, c), 0o644); err != nil {
			t.Fatal(err)
		}
		sub := filepath.Join(dir, "thu-muc-khoa")
		if err := os.Mkdir(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, 0); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(sub, 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(sub, 0o755) })
		if f, err := os.Open(p); err == nil {
			f.Close()
			t.Skip("chmod 000 does not stop this user from reading (running as root?): an unreadable file cannot be made here")
		}
		r := ReadFile(c, p, ReadOptions{})
		checkReport(t, r, "", true, nil, []string{"Lỗi||||không đọc được tệp: không có quyền đọc"})
		_, skipped, err := Collect(dir, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(skipped) != 1 || skipped[0].Reason != "không mở được thư mục: không có quyền đọc" {
			t.Errorf("skipped %+v", skipped)
		}
	})
	t.Run("removed after listing", func(t *testing.T) {
		dir := t.TempDir()
		for _, n := range []string{"a.xlsx", "b.xlsx"} {
			if err := os.WriteFile(filepath.Join(dir, n), filled(t, c, "UBX-24611", cleanValues(), nil), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		paths, skipped, err := Collect(dir, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(paths[0]); err != nil {
			t.Fatal(err)
		}
		res := Merge(c, paths, MergeOptions{AsOf: ymd(2024, 4, 10), Root: dir, Skipped: skipped})
		var got []string
		for _, f := range res.Files {
			got = append(got, f.Report.File.Path+": "+f.Use.Label()+": "+f.Reason)
		}
		want := []string{"a.xlsx: bị loại: không mở được tệp: không có tệp này", "b.xlsx: được dùng: "}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("files %q, want %q", got, want)
		}
	})
}

// TestMailListStaysInert: unit names come from the campaign workbook an
// officer edits; in danh-sach-gui.csv a name that starts like a formula is
// prefixed with a quote, and in the generated form it is plain text.
func TestMailListStaysInert(t *testing.T) {
	c := rdCampaign(t)
	names := map[string]string{
		"TU01": `=HYPERLINK("http://x.example","bấm vào")`,
		"TU02": "+84 912 345 678",
		"TU03": "-1+1",
		"TU04": "@SUM(1+1)",
		"TU05": "Ban Dân vận Tỉnh ủy = Dân vận",
	}
	var codes []string
	for code, name := range names {
		c.Unit(code).Name = name
		codes = append(codes, code)
	}
	c.Unit("TU05").Email = "=cmd|' /C calc'!A0"
	dir := t.TempDir()
	res, err := templates.Generate(c, templates.GenerateOptions{OutDir: dir, Units: codes})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(res.List)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, r := range rows[1:] {
		got[r[0]] = r
	}
	want := map[string][2]string{
		"TU01": {`'=HYPERLINK("http://x.example","bấm vào")`, ""},
		"TU02": {"'+84 912 345 678", ""},
		"TU03": {"'-1+1", ""},
		"TU04": {"'@SUM(1+1)", ""},
		"TU05": {"Ban Dân vận Tỉnh ủy = Dân vận", "'=cmd|' /C calc'!A0"},
	}
	for code, w := range want {
		r := got[code]
		if len(r) < 4 || r[1] != w[0] || w[1] != "" && r[3] != w[1] {
			t.Errorf("%s: row %q, want name %q email %q", code, r, w[0], w[1])
		}
	}
	for _, gf := range res.Files {
		f, err := excelize.OpenFile(gf.Path)
		if err != nil {
			t.Fatal(err)
		}
		sh, cell := nameCell(t, f, templates.NameUnitName)
		v, _ := f.GetCellValue(sh, cell)
		fm, _ := f.GetCellFormula(sh, cell)
		if v != names[gf.Unit.Code] || fm != "" {
			t.Errorf("%s: %s!%s = %q, formula %q", gf.Unit.Code, sh, cell, v, fm)
		}
		f.Close()
	}
}

var updateHostile = flag.Bool("update-hostile", false, "rewrite the small committed fixtures in testdata/hostile")

// hostileFixtures are the committed inputs of the end-to-end cases
// (testdata/cases/check-*, merge-* of the command): small files only, the
// big ones are made in the tests. The password of the encrypted one is
// hostilePassword.
func hostileFixtures(t *testing.T, c *templates.Campaign) map[string][]byte {
	t.Helper()
	clean := cleanBytes(t, c)
	macro := filled(t, c, "UBX-24612", cleanValues(), nil)
	f, err := excelize.OpenReader(bytes.NewReader(macro))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.AddVBAProject(vbaProject()); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "x.xlsm")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	good := figures(c, "UBH-660", 1)
	good["F1"] = `=HYPERLINK("http://x.example","bấm vào")`
	good["F2"] = "@SUM(1+1)"
	good[templates.NameReporterName] = "+84 912 345 678"
	good[templates.NameReportDate] = ymd(2024, 4, 1)
	return map[string][]byte{
		"khong-doc-duoc/rong.xlsx":                {},
		"khong-doc-duoc/van-ban.xlsx":             []byte("Kính gửi Sở Thông tin và Truyền thông,\nĐơn vị xin gửi báo cáo.\n"),
		"khong-doc-duoc/cong-van.xlsx":            []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n"),
		"khong-doc-duoc/cat-ngang.xlsx":           clean[:4096],
		"khong-doc-duoc/nen.xlsx":                 zipOf(t, "bao-cao/bc.xlsx", "x"),
		"mat-khau/bao-cao-mat-khau.xlsx":          filled(t, c, "UBX-24611", cleanValues(), nil, excelize.Options{Password: hostilePassword}),
		"vba/bao-cao-co-macro.xlsm":               readAll(t, p),
		"cong-thuc/UBND thanh pho Gia Nghia.xlsx": filled(t, c, "UBH-660", good, nil),
	}
}

const hostilePassword = "DakNong2024"

// TestHostileFixtures checks the committed fixtures read as the end-to-end
// cases expect; -update-hostile writes them again.
func TestHostileFixtures(t *testing.T) {
	c := rdCampaign(t)
	dir := filepath.Join("testdata", "hostile")
	if *updateHostile {
		for name, b := range hostileFixtures(t, c) {
			p := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		file, password, unit, issue string
	}{
		{"khong-doc-duoc/rong.xlsx", "", "", "tệp rỗng (0 byte): có thể tải tệp đính kèm chưa xong — tải lại từ thư điện tử; nếu vẫn rỗng, đề nghị đơn vị gửi lại"},
		{"khong-doc-duoc/van-ban.xlsx", "", "", "tệp văn bản/CSV, không phải .xlsx: tệp CSV mất biểu mẫu (tên vùng, mã đơn vị) nên không đọc chắc chắn được — " + msgSaveAsXLSX},
		{"khong-doc-duoc/cong-van.xlsx", "", "", "tệp PDF: không đọc được số liệu từ PDF. Nếu đây là báo cáo bằng văn bản thì lưu riêng; số liệu cần gửi bằng biểu mẫu Excel (.xlsx) đã gửi"},
		{"khong-doc-duoc/cat-ngang.xlsx", "", "", msgTruncated},
		{"khong-doc-duoc/nen.xlsx", "", "", "tệp nén .zip, không phải bảng tính .xlsx: giải nén và kiểm tra lại tệp bên trong, hoặc đề nghị đơn vị gửi lại tệp .xlsx"},
		{"mat-khau/bao-cao-mat-khau.xlsx", "", "", msgEncrypted},
		{"mat-khau/bao-cao-mat-khau.xlsx", "sai", "", msgWrongPass},
		{"mat-khau/bao-cao-mat-khau.xlsx", hostilePassword, "UBX-24611", ""},
		{"vba/bao-cao-co-macro.xlsm", "", "UBX-24612", ""},
		{"cong-thuc/UBND thanh pho Gia Nghia.xlsx", "", "UBH-660", ""},
	}
	for _, tc := range tests {
		t.Run(tc.file+" "+tc.password, func(t *testing.T) {
			r := ReadFile(c, filepath.Join(dir, filepath.FromSlash(tc.file)), ReadOptions{Password: tc.password})
			var issues []string
			if tc.issue != "" {
				issues = []string{"Lỗi||||" + tc.issue}
			}
			checkReport(t, r, tc.unit, tc.unit == "", nil, issues)
		})
	}
}

// FuzzSheetCells: the cell count read before excelize never panics, never
// loops, and counts at least every referenced cell of a plain row.
func FuzzSheetCells(f *testing.F) {
	f.Add([]byte(`<worksheet><sheetData><row r="1"><c r="B1"/><c/></row><row><c r="XFD2"/></row></sheetData></worksheet>`))
	f.Add([]byte(`<x:row r = '3'><x:c r='&#88;FD3'/></x:row>`))
	f.Add([]byte(`<row r="1"><c r="A1" t=`))
	f.Add([]byte(`<c r`))
	f.Fuzz(func(t *testing.T, b []byte) {
		cells, _ := sheetCells(b)
		if cells < 0 {
			t.Fatalf("cells %d", cells)
		}
		rootElement(b)
	})
}

func TestSheetCells(t *testing.T) {
	tests := []struct {
		name  string
		xml   string
		cells int64
		far   string
	}{
		{"plain", `<row r="1"><c r="A1"/><c r="C1"/></row><row r="2"><c r="B2"/></row>`, 5, "C1"},
		{"no references", `<row><c/><c/><c/></row><row><c/></row>`, 4, "C1"},
		{"prefixed, spaced, escaped", `<x:row r = '7'><x:c r='&#88;FD7'/></x:row>`, 16384, "XFD7"},
		{"other elements", `<cols><col min="1" max="16384"/></cols><mergeCell ref="A1:XFD1"/>`, 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cells, far := sheetCells([]byte(tc.xml))
			if cells != tc.cells || far != tc.far {
				t.Errorf("%d cells, far %q; want %d, %q", cells, far, tc.cells, tc.far)
			}
		})
	}
}
