package workbook

import (
	"archive/zip"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tonghop/aggregate"
	"tonghop/aggregate/aggregatetest"
	"tonghop/aggregate/archive/archivetest"
	"tonghop/aggregate/summary"
	"tonghop/templates"
)

// writeSample writes the workbook of res into a temporary folder.
func writeSample(t *testing.T, res *aggregate.Result) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tong-hop.xlsx")
	if err := Write(summary.Of(res), path); err != nil {
		t.Fatal(err)
	}
	return path
}

func rowValues(t *testing.T, f *excelize.File, sheet string, row int) []string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if row > len(rows) {
		return nil
	}
	return rows[row-1]
}

func TestWorkbookSheetsAndHeaders(t *testing.T) {
	res := aggregatetest.Sample(t)
	c := res.Campaign
	f := aggregatetest.OpenRaw(t, writeSample(t, res))

	var lists []string
	for _, l := range c.Lists {
		lists = append(lists, l.Title)
	}
	want := append([]string{"Tổng hợp", "Chi tiết", "Theo huyện", "Chưa báo cáo", "Nộp muộn", "Báo cáo bằng văn bản"}, lists...)
	want = append(want, "Ý kiến đơn vị", "Lỗi", "Tệp nguồn")
	if got := f.GetSheetList(); !reflect.DeepEqual(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}

	title := func(id string) string {
		ind := c.Indicator(id)
		if ind.Unit != "" {
			return id + ". " + ind.Label + " (" + ind.Unit + ")"
		}
		return id + ". " + ind.Label
	}
	var allInds, districtInds []string
	for _, ind := range c.Indicators {
		allInds = append(allInds, title(ind.ID))
		if ind.Type != templates.TypeDate && ind.Type != templates.TypeText && (ind.AppliesTo("UBH") || ind.AppliesTo("UBX")) {
			districtInds = append(districtInds, title(ind.ID))
		}
	}
	detail := append([]string{"STT", "Mã đơn vị", "Đơn vị", "Nhóm", "Huyện, thành phố", "Trạng thái", "Tính vào tổng", "Ngày gửi", "Số lỗi", "Số cảnh báo"}, allInds...)
	detail = append(detail, "Người báo cáo", "Điện thoại", "Email", "Tệp nguồn")
	summaryHeader := []string{"Mã", "Nội dung", "ĐVT"}
	for _, g := range c.Groups {
		summaryHeader = append(summaryHeader, g.Name)
	}
	summaryHeader = append(summaryHeader, "Toàn tỉnh")

	headers := []struct {
		sheet string
		row   int
		want  []string
	}{
		{"Tổng hợp", 4, summaryHeader},
		{"Chi tiết", 1, detail},
		{"Theo huyện", 1, append([]string{"Mã đơn vị", "Đơn vị", "Trạng thái", "Tính vào tổng"}, districtInds...)},
		{"Chưa báo cáo", 1, []string{"STT", "Mã đơn vị", "Đơn vị", "Nhóm", "Huyện, thành phố", "Email", "Trạng thái"}},
		{"Nộp muộn", 1, []string{"STT", "Mã đơn vị", "Đơn vị", "Nhóm", "Ngày gửi", "Hạn (trước ngày)", "Số ngày muộn", "Căn cứ ngày gửi", "Tệp"}},
		{"Báo cáo bằng văn bản", 1, []string{"STT", "Mã đơn vị", "Đơn vị", "Nhóm", "Phải gửi", "Tình trạng", "Ngày gửi", "Hạn (trước ngày)", "Số, ký hiệu", "Trích yếu", "Tệp", "Cách nhận ra đơn vị"}},
		{"Chưa đặt banner", 1, []string{"STT", "Mã đơn vị", "Đơn vị", "Nhóm", "Huyện, thành phố", title("A1"), title("A2")}},
		{"Lỗi", 1, []string{"STT", "Tệp", "Mã đơn vị", "Đơn vị", "Trang", "Ô", "Chỉ tiêu", "Mức độ", "Nội dung", "Tệp không dùng"}},
		{"Tệp nguồn", 1, []string{"STT", "Tệp", "Kích thước (byte)", "SHA-256", "Lưu lúc", "Tệp sửa lúc", "Mã đơn vị", "Đơn vị", "Sử dụng", "Lý do", "Cách nhận ra đơn vị", "Thư đến lúc", "Người gửi thư", "Tiêu đề thư"}},
	}
	for _, h := range headers {
		t.Run(h.sheet, func(t *testing.T) {
			if got := rowValues(t, f, h.sheet, h.row); !reflect.DeepEqual(got, h.want) {
				t.Errorf("header\n got %q\nwant %q", got, h.want)
			}
			dim, err := f.GetSheetDimension(h.sheet)
			if err != nil || dim == "A1" || dim == "" {
				t.Errorf("dimension %q, %v", dim, err)
			}
		})
	}

	t.Run("rows", func(t *testing.T) {
		counts := map[string]int{
			"Chi tiết":     len(c.Units),
			"Chưa báo cáo": summary.Of(res).Province.Missing,
			"Nộp muộn":     summary.Of(res).Province.Late,
			"Lỗi":          len(res.Issues),
			"Tệp nguồn":    len(res.Files),
		}
		for sheet, n := range counts {
			rows, _ := f.GetRows(sheet)
			if len(rows)-1 != n {
				t.Errorf("%s: %d rows, want %d", sheet, len(rows)-1, n)
			}
		}
		late := rowValues(t, f, "Nộp muộn", 2)
		// TU02 dated 05/4/2024, due before 05/4/2024: one day late.
		if late[1] != "TU02" || late[6] != "1" || late[7] != "ngày báo cáo ghi trong tệp" {
			t.Errorf("late row %q", late)
		}
		uses := map[string]string{}
		rows, _ := f.GetRows("Tệp nguồn")
		for _, r := range rows[1:] {
			uses[r[1]] = r[8]
		}
		if uses["tu03 (1).xlsx"] != "bị thay thế" || uses["z/copy of tu04.xlsx"] != "bản trùng" || uses["hong.xlsx"] != "bị loại" {
			t.Errorf("uses %v", uses)
		}
	})

	t.Run("print setup", func(t *testing.T) {
		for _, sh := range f.GetSheetList() {
			pl, err := f.GetPageLayout(sh)
			wide := 1
			if sh == SheetDetail {
				wide = 4 // some 40 columns
			}
			if err != nil || pl.Orientation == nil || *pl.Orientation != "landscape" || pl.Size == nil || *pl.Size != 9 || pl.FitToWidth == nil || *pl.FitToWidth != wide {
				t.Errorf("%s: page layout %+v %v", sh, pl, err)
			}
		}
		titles := ""
		for _, dn := range f.GetDefinedName() {
			if dn.Name == "_xlnm.Print_Titles" && dn.Scope == SheetDetail {
				titles = dn.RefersTo
			}
		}
		if titles != "'Chi tiết'!$B:$C,'Chi tiết'!$1:$1" {
			t.Errorf("%s prints with titles %q", SheetDetail, titles)
		}
	})
}

// zipNames lists the parts of a workbook.
func zipNames(t *testing.T, path string) map[string]bool {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	names := map[string]bool{}
	for _, f := range z.File {
		names[f.Name] = true
	}
	return names
}

func TestWorkbookChart(t *testing.T) {
	path := writeSample(t, aggregatetest.Sample(t))
	names := zipNames(t, path)
	if !names["xl/charts/chart1.xml"] {
		t.Errorf("no chart in %v", names)
	}
}

func TestWorkbookInputTextStaysInert(t *testing.T) {
	res := aggregatetest.Sample(t)
	evil := []string{`=HYPERLINK("http://example.com","bấm")`, "+1+1", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0", "\x01ẩn"}
	var ur *aggregate.UnitResult
	for _, u := range res.Units {
		if u.Unit.Code == "TU01" {
			ur = u
		}
	}
	ur.Report.Reporter.Name = evil[0]
	ur.Report.Reporter.Phone = evil[1]
	ur.Report.Reporter.Email = evil[2]
	ur.Report.File.Path = evil[4] + ".xlsx"
	f3, _ := ur.Report.Values.Get("F1")
	f3.Empty, f3.Text = false, evil[3]
	ur.Report.Values.Set("F1", f3)
	res.Issues = append(res.Issues, aggregate.Issue{File: evil[4], Msg: evil[5], Severity: templates.SeverityWarning})

	f := aggregatetest.OpenRaw(t, writeSample(t, res))
	rows, _ := f.GetRows(SheetDetail)
	var row int
	for i, r := range rows {
		if len(r) > 1 && r[1] == "TU01" {
			row = i + 1
		}
	}
	header := rows[0]
	colOf := func(h string) int {
		for i, x := range header {
			if x == h || strings.HasPrefix(x, h+". ") {
				return i + 1
			}
		}
		t.Fatalf("no column %q", h)
		return 0
	}
	cases := []struct {
		name, sheet, cell, want string
	}{
		{"hyperlink formula", SheetDetail, cellAt(colOf("Người báo cáo"), row), evil[0]},
		{"plus", SheetDetail, cellAt(colOf("Điện thoại"), row), evil[1]},
		{"minus", SheetDetail, cellAt(colOf("Email"), row), evil[2]},
		{"at", SheetDetail, cellAt(colOf("F1"), row), evil[3]},
		{"dde in path", SheetDetail, cellAt(colOf("Tệp nguồn"), row), evil[4] + ".xlsx"},
		{"control character", SheetIssues, "I" + strconv.Itoa(len(res.Issues)+1), "ẩn"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := f.GetCellValue(tc.sheet, tc.cell)
			if err != nil || got != tc.want {
				t.Errorf("%s!%s = %q, %v; want %q", tc.sheet, tc.cell, got, err, tc.want)
			}
			if fm, _ := f.GetCellFormula(tc.sheet, tc.cell); fm != "" {
				t.Errorf("%s!%s has formula %q", tc.sheet, tc.cell, fm)
			}
			if typ, _ := f.GetCellType(tc.sheet, tc.cell); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
				t.Errorf("%s!%s has type %v", tc.sheet, tc.cell, typ)
			}
			if link, _, _ := f.GetCellHyperLink(tc.sheet, tc.cell); link {
				t.Errorf("%s!%s is a hyperlink", tc.sheet, tc.cell)
			}
		})
	}
}

func TestWorkbookIsDeterministic(t *testing.T) {
	a := aggregatetest.WorkbookContent(t, writeSample(t, aggregatetest.Sample(t)))
	b := aggregatetest.WorkbookContent(t, writeSample(t, aggregatetest.Sample(t)))
	if a != b {
		t.Error("two writes of the same result differ")
	}
	if !strings.Contains(a, "2024-04-10T00:00:00Z") {
		t.Error("core properties do not carry the as-of date")
	}
}

func TestWorkbookLibreOfficeRecomputes(t *testing.T) {
	res := aggregatetest.Sample(t)
	// Without the stored results, so that LibreOffice computes them.
	converted := aggregatetest.LibreOfficeResave(t, withoutCachedValues(t, writeSample(t, res)))
	t.Run("summary", func(t *testing.T) { aggregatetest.CheckSummaryFormulas(t, summary.Of(res), converted, SheetSummary) })
	t.Run("districts", func(t *testing.T) { aggregatetest.CheckDistrictFormulas(t, summary.Of(res), converted, SheetDistricts) })
}

func TestSheetName(t *testing.T) {
	used := map[string]bool{"lỗi": true}
	cases := []struct{ in, want string }{
		{"Chưa đặt banner", "Chưa đặt banner"},
		{"Lỗi", "Lỗi (2)"},
		{"Đơn vị: chưa thay ảnh bìa / khung [mạng xã hội]", "Đơn vị  chưa thay ảnh bìa   khu"},
		{"", "Danh sách"},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			if got := sheetName(tc.in, used); got != tc.want {
				t.Errorf("sheetName(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestWorkbookStreamedSheets checks what the sheets written through the
// stream writer ("Lỗi", "Tệp nguồn") keep of a normal sheet: ascending
// column widths, the frozen header, the autofilter and dimension over the
// data, the A4 landscape print setup with the header repeated, and text
// that stays text.
func TestWorkbookStreamedSheets(t *testing.T) {
	hostile := `=HYPERLINK("http://example.com","bấm")`
	cases := []struct {
		name   string
		sheet  string
		cols   int
		change func(*aggregate.Result)
		rows   func(*aggregate.Result) int
		cell   string // holds the hostile text; "$" is the last row
	}{
		{"issues", SheetIssues, 10, func(res *aggregate.Result) {
			res.Issues = append(res.Issues, aggregate.Issue{File: hostile, Msg: "+1+1", Severity: templates.SeverityError})
		}, func(res *aggregate.Result) int { return len(res.Issues) }, "B$"},
		{"no issues", SheetIssues, 10, func(res *aggregate.Result) { res.Issues = nil }, func(*aggregate.Result) int { return 0 }, ""},
		{"files", SheetFiles, 14, func(res *aggregate.Result) {
			res.Files[0].Reason = hostile
		}, func(res *aggregate.Result) int { return len(res.Files) }, "J2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := aggregatetest.Sample(t)
			tc.change(res)
			path := writeSample(t, res)
			f := aggregatetest.OpenRaw(t, path)
			last := 1 + tc.rows(res)
			ref := "A1:" + cellAt(tc.cols, last)

			if dim, err := f.GetSheetDimension(tc.sheet); err != nil || dim != ref {
				t.Errorf("dimension %q, %v; want %q", dim, err, ref)
			}
			rows, err := f.GetRows(tc.sheet, excelize.Options{RawCellValue: true})
			if err != nil || len(rows) != last {
				t.Fatalf("%d rows, %v; want %d", len(rows), err, last)
			}
			if p, err := f.GetPanes(tc.sheet); err != nil || !p.Freeze || p.YSplit != 1 || p.XSplit != 0 {
				t.Errorf("panes %+v, %v; want the header row frozen", p, err)
			}
			pl, err := f.GetPageLayout(tc.sheet)
			if err != nil || *pl.Size != 9 || *pl.Orientation != "landscape" || *pl.FitToWidth != 1 || *pl.FitToHeight != 0 {
				t.Errorf("page layout %+v, %v; want A4 landscape, one page wide", pl, err)
			}
			if sp, err := f.GetSheetProps(tc.sheet); err != nil || sp.FitToPage == nil || !*sp.FitToPage {
				t.Errorf("sheet properties %+v, %v; want fit to page", sp, err)
			}
			names := map[string]string{}
			for _, d := range f.GetDefinedName() {
				if d.Scope == tc.sheet {
					names[d.Name] = d.RefersTo
				}
			}
			if got, want := names["_xlnm.Print_Titles"], quoteSheet(tc.sheet)+"!$1:$1"; got != want {
				t.Errorf("print titles %q, want %q", got, want)
			}
			if got := names["_xlnm._FilterDatabase"]; !strings.HasSuffix(got, "!$A$1:$"+colName(tc.cols)+"$"+strconv.Itoa(last)) {
				t.Errorf("filter range %q, want A1:%s", got, cellAt(tc.cols, last))
			}
			for i := 1; i <= tc.cols; i++ {
				if w, err := f.GetColWidth(tc.sheet, colName(i)); err != nil || w < 6 {
					t.Errorf("column %s width %v, %v", colName(i), w, err)
				}
			}
			if s, err := f.GetCellStyle(tc.sheet, "A1"); err != nil || s == 0 {
				t.Errorf("header style %d, %v", s, err)
			}

			xml := sheetXML(t, path, f, tc.sheet)
			if strings.Contains(xml, "<f>") || strings.Contains(xml, "<f ") {
				t.Error("the sheet holds a formula")
			}
			if !strings.Contains(xml, `<autoFilter ref="$A$1:$`+colName(tc.cols)+"$"+strconv.Itoa(last)+`"`) {
				t.Error("no autofilter over the data")
			}
			prev := 0
			for _, m := range regexp.MustCompile(`<col min="(\d+)"`).FindAllStringSubmatch(xml, -1) {
				n, _ := strconv.Atoi(m[1])
				if n <= prev {
					t.Errorf("column %d after %d: <col> elements out of order", n, prev)
				}
				prev = n
			}
			if prev != tc.cols {
				t.Errorf("widths up to column %d, want %d", prev, tc.cols)
			}
			if tc.cell == "" {
				return
			}
			cell := strings.Replace(tc.cell, "$", strconv.Itoa(last), 1)
			if v, err := f.GetCellValue(tc.sheet, cell); err != nil || v != hostile {
				t.Errorf("%s = %q, %v; want %q", cell, v, err, hostile)
			}
			if typ, _ := f.GetCellType(tc.sheet, cell); typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
				t.Errorf("%s has type %v, want text", cell, typ)
			}
		})
	}
}

// sheetXML returns the XML of a sheet of the workbook at path; excelize
// names the parts of a workbook it creates by sheet position.
func sheetXML(t *testing.T, path string, f *excelize.File, sheet string) string {
	t.Helper()
	idx, err := f.GetSheetIndex(sheet)
	if err != nil || idx < 0 {
		t.Fatalf("no sheet %q", sheet)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	name := "xl/worksheets/sheet" + strconv.Itoa(idx+1) + ".xml"
	for _, p := range archivetest.Parts(t, data) {
		if p.Name == name {
			return string(p.Data)
		}
	}
	t.Fatalf("no %s in %s", name, path)
	return ""
}

// The written reports sheet lists every unit that owes one: in the
// samples none was sent, so every row says "chưa gửi".
func TestWorkbookWrittenReports(t *testing.T) {
	res := aggregatetest.Sample(t)
	f := aggregatetest.OpenRaw(t, writeSample(t, res))
	rows, err := f.GetRows(SheetWritten)
	if err != nil {
		t.Fatal(err)
	}
	owe := 0
	for i := range res.Campaign.Units {
		if res.Campaign.OwesWrittenReport(&res.Campaign.Units[i]) {
			owe++
		}
	}
	if owe == 0 || len(rows) != owe+1 {
		t.Fatalf("%d rows, want a header and %d units", len(rows), owe)
	}
	for _, r := range rows[1:] {
		if len(r) < 8 || r[4] != "Có" || r[5] != "chưa gửi" || r[7] != "45392" && r[7] != "10/04/2024" {
			t.Errorf("row %q", r)
		}
	}
}
