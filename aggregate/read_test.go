package aggregate

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tonghop/aggregate/aggregatetest/returned"
	"tonghop/templates"
	"tonghop/templates/vn"
)

// issueLines renders issues as "severity|sheet|cell|indicator|message" for
// exact comparison.
func issueLines(is Issues) []string {
	out := []string{}
	for _, i := range is {
		out = append(out, fmt.Sprintf("%s|%s|%s|%s|%s", i.Severity.Label(), i.Sheet, i.Cell, i.Indicator, i.Msg))
	}
	return out
}

func TestReadCleanTemplate(t *testing.T) {
	c := returned.Campaign(t)
	dir := t.TempDir()
	path := returned.Save(t, c, "UBX-24611", returned.CleanValues(), nil, dir, "bc.xlsx")
	r := readFile(c, path, ReadOptions{})
	if len(r.Issues) > 0 || r.State != StateIdentified {
		t.Fatalf("issues:\n%s", strings.Join(issueLines(r.Issues), "\n"))
	}
	if r.Unit == nil || r.Unit.Code != "UBX-24611" {
		t.Fatalf("unit %v", r.Unit)
	}
	got := map[string]any{}
	for id, v := range r.Values.All() {
		got[id] = v.Any()
	}
	want := map[string]any{
		"A1": true, "A2": true, "A3": returned.Day(2023, 12, 15), "A4": true,
		"A5": 12.0, "A6": 5.0, "A7": 3.0, "B1": 2.0, "B2": true, "B3": 20.0, "B4": 7.0,
		"C1": 40.0, "C2": 35.0, "D1": 15.0, "D2": 120.5, "D3": 1.0, "D4": 30.0, "D5": 12.0,
		"F1": "Đã triển khai đầy đủ.", "F2": nil, "F3": "Không",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("values\n got %v\nwant %v", got, want)
	}
	wantRep := Reporter{Name: "Nguyễn Văn A", Title: "Công chức Văn hóa - Xã hội", Phone: "0912345678", Email: "a@example.vn", Date: returned.Day(2024, 3, 20)}
	gotRep := r.Reporter
	gotRep.DateSheet, gotRep.DateCell = "", ""
	if gotRep != wantRep {
		t.Errorf("reporter\n got %+v\nwant %+v", gotRep, wantRep)
	}
	// Filled by a writer that leaves the template's own saved time: the
	// report has no saved time of its own (newest wins falls back to the
	// report date, then the file's time).
	if r.File.SHA256 == "" || r.File.Size == 0 || r.File.ModTime.IsZero() || !r.File.Saved.IsZero() {
		t.Errorf("file info %+v", r.File)
	}
	if r.Identity != c.IdentityOf(r.Unit) {
		t.Errorf("identity %+v, want %+v", r.Identity, c.IdentityOf(r.Unit))
	}
	t.Logf("evidence: %s", r.Evidence)
}

// readCase is one quirk of a returned workbook: a generated template of
// unit code, filled with cleanValues changed by set (a nil value leaves the
// cell empty), then changed by edit, saved as file.
type readCase struct {
	name     string
	code     string
	set      map[string]any
	edit     func(t *testing.T, f *excelize.File)
	file     string
	unit     string         // unit identified; "" when none
	rejected bool           // the report is rejected
	values   map[string]any // expected values (a subset), as Value.Any
	issues   []string       // exact issues, as issueLines
}

func runReadCases(t *testing.T, cases []readCase) {
	t.Helper()
	c := returned.Campaign(t)
	rr := NewReader(c, ReadOptions{}) // one reader for every file, as a merge reads them
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			vals := returned.CleanValues()
			for k, v := range tc.set {
				vals[k] = v
			}
			code := tc.code
			if code == "" {
				code = "UBX-24611"
			}
			file := tc.file
			if file == "" {
				file = "bao-cao.xlsx"
			}
			var edit func(f *excelize.File)
			if tc.edit != nil {
				edit = func(f *excelize.File) { tc.edit(t, f) }
			}
			path := returned.Save(t, c, code, vals, edit, t.TempDir(), file)
			r := rr.readPath(path)[0]
			checkReport(t, r, tc.unit, tc.rejected, tc.values, tc.issues)
		})
	}
}

// checkReport compares a report with the expected unit, rejection, values
// and issues.
func checkReport(t *testing.T, r *Report, unit string, rejected bool, values map[string]any, issues []string) {
	t.Helper()
	gotUnit := ""
	if r.Unit != nil {
		gotUnit = r.Unit.Code
	}
	if gotUnit != unit {
		t.Errorf("unit %q, want %q (evidence %q)", gotUnit, unit, r.Evidence)
	}
	if got := r.State != StateIdentified; got != rejected {
		t.Errorf("rejected %v, want %v", got, rejected)
	}
	for id, want := range values {
		v, ok := r.Values.Get(id)
		if !ok {
			t.Errorf("%s not read", id)
			continue
		}
		if got := v.Any(); !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v (raw %q), want %#v", id, got, v.Raw, want)
		}
	}
	got := issueLines(r.Issues)
	if issues == nil {
		issues = []string{}
	}
	if !reflect.DeepEqual(got, issues) {
		var b strings.Builder
		for _, l := range got {
			fmt.Fprintf(&b, "\t\t%q,\n", l)
		}
		t.Errorf("issues:\n%s", b.String())
	}
	for _, i := range r.Issues {
		if i.File != r.File.Path {
			t.Errorf("issue %q names file %q, want %q", i.Msg, i.File, r.File.Path)
		}
		if r.Unit != nil && i.Unit != r.Unit.Code {
			t.Errorf("issue %q names unit %q, want %q", i.Msg, i.Unit, r.Unit.Code)
		}
	}
}

// setCell sets a cell of the report sheet found through a defined name.
func setByName(t *testing.T, f *excelize.File, name string, v any) {
	t.Helper()
	sheet, cell := returned.NameCell(t, f, name)
	if err := f.SetCellValue(sheet, cell, v); err != nil {
		t.Fatal(err)
	}
}

func setFormula(t *testing.T, f *excelize.File, name, formula string) {
	t.Helper()
	sheet, cell := returned.NameCell(t, f, name)
	if err := f.SetCellValue(sheet, cell, nil); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellFormula(sheet, cell, formula); err != nil {
		t.Fatal(err)
	}
}

func deleteNames(t *testing.T, f *excelize.File, keep func(string) bool) {
	t.Helper()
	for _, dn := range f.GetDefinedName() {
		if keep(dn.Name) {
			continue
		}
		if err := f.DeleteDefinedName(&excelize.DefinedName{Name: dn.Name, Scope: dn.Scope}); err != nil {
			t.Fatal(err)
		}
	}
}

// dropIdentity removes what a re-typed form or a Google Sheets export loses:
// the identity sheet, the custom properties and every defined name.
func dropIdentity(t *testing.T, f *excelize.File) {
	t.Helper()
	if err := f.ProtectWorkbook(&excelize.WorkbookProtectionOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := f.DeleteSheet(templates.SheetIdentity); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{templates.IdentityKeyCampaign, templates.IdentityKeyVersion, templates.IdentityKeyUnit, templates.IdentityKeyFingerprint} {
		if err := f.SetCustomProps(excelize.CustomProperty{Name: k}); err != nil {
			t.Fatal(err)
		}
	}
	deleteNames(t, f, func(string) bool { return false })
}

func setIdentity(t *testing.T, f *excelize.File, key, val string) {
	t.Helper()
	rows, err := f.GetRows(templates.SheetIdentity)
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		if len(row) > 0 && row[0] == key {
			if err := f.SetCellValue(templates.SheetIdentity, cellName(2, i+1), val); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SetCustomProps(excelize.CustomProperty{Name: key, Value: val}); err != nil {
		t.Fatal(err)
	}
}

func TestReadQuirks(t *testing.T) {
	runReadCases(t, []readCase{
		{
			name:   "numbers typed as text",
			set:    map[string]any{"A5": "1.234", "A6": "1,234", "A7": " 12 ", "B3": "12 bài", "B4": "không", "D2": "12,5"},
			unit:   "UBX-24611",
			values: map[string]any{"A5": 1234.0, "A6": 1234.0, "A7": 12.0, "B3": 12.0, "B4": 0.0, "D2": 12.5},
			issues: []string{
				"Cảnh báo|Báo cáo|D16|A5|A5: “1.234” đã hiểu là 1.234 tin, bài; lần sau chỉ nhập số",
				"Cảnh báo|Báo cáo|D17|A6|A6: “1,234” đã hiểu là 1.234 tin; lần sau chỉ nhập số",
				"Cảnh báo|Báo cáo|D22|B3|B3: “12 bài” đã hiểu là 12 tin, bài; lần sau chỉ nhập số",
				"Cảnh báo|Báo cáo|D23|B4|B4: “không” đã hiểu là 0 tác phẩm; lần sau chỉ nhập số",
			},
		},
		{
			name:   "yes/no variants",
			set:    map[string]any{"A1": "có", "A2": "x", "A4": "K", "B2": 1, "F3": "Không"},
			unit:   "UBX-24611",
			values: map[string]any{"A1": true, "A2": true, "A4": false, "B2": true, "F3": "Không"},
			issues: []string{
				"Cảnh báo|Báo cáo|D13|A2|A2: “x” đã hiểu là “Có”; lần sau chọn Có hoặc Không trong danh sách",
				"Cảnh báo|Báo cáo|D15|A4|A4: “K” đã hiểu là “Không”; lần sau chọn Có hoặc Không trong danh sách",
				"Cảnh báo|Báo cáo|D21|B2|B2: số 1 đã hiểu là “Có”; lần sau chọn Có hoặc Không trong danh sách",
			},
		},
		{
			name:   "dates as text",
			set:    map[string]any{"A3": "5-1-2024", templates.NameReportDate: "05/4/2024"},
			unit:   "UBX-24611",
			values: map[string]any{"A3": returned.Day(2024, 1, 5)},
		},
		{
			name: "1904 date system",
			set:  map[string]any{"A3": vn.Serial(returned.Day(2023, 12, 15)) - 1462},
			edit: func(t *testing.T, f *excelize.File) {
				yes := true
				if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
					t.Fatal(err)
				}
				setByName(t, f, templates.NameReportDate, vn.Serial(returned.Day(2024, 3, 20))-1462)
			},
			unit:   "UBX-24611",
			values: map[string]any{"A3": returned.Day(2023, 12, 15)},
		},
		{
			name: "formula without cached value",
			edit: func(t *testing.T, f *excelize.File) {
				_, c1 := returned.NameCell(t, f, "CT_C1")
				setFormula(t, f, "CT_C2", c1+"-5")
			},
			unit:   "UBX-24611",
			values: map[string]any{"C2": 35.0},
			issues: []string{
				"Cảnh báo|Báo cáo|D26|C2|C2 là công thức =D25-5 chưa có kết quả lưu sẵn; đã tự tính được “35” — mở tệp bằng Excel, lưu lại để chắc chắn",
			},
		},
		{
			name: "formula error",
			edit: func(t *testing.T, f *excelize.File) { setFormula(t, f, "CT_A5", "1/0") },
			unit: "UBX-24611",
			issues: []string{
				"Lỗi|Báo cáo|D16|A5|A5: công thức =1/0 cho kết quả lỗi #DIV/0! — sửa công thức hoặc nhập thẳng giá trị",
			},
		},
		{
			name:   "legacy TCVN3 text",
			set:    map[string]any{"F1": "§· triÓn khai ®Çy ®ñ."},
			unit:   "UBX-24611",
			values: map[string]any{"F1": "Đã triển khai đầy đủ."},
			issues: []string{
				"Cảnh báo|Báo cáo|D34|F1|F1: chữ gõ bằng bảng mã cũ TCVN3 (ABC): “§· triÓn khai ®Çy ®ñ.” đã đổi thành “Đã triển khai đầy đủ.” — nên gõ lại bằng Unicode",
			},
		},
		{
			name:   "NFD text",
			set:    map[string]any{"F1": "\u0110a\u0303 trie\u0302\u0309n khai"},
			unit:   "UBX-24611",
			values: map[string]any{"F1": "Đã triển khai"},
		},
		{
			name: "one defined name lost",
			edit: func(t *testing.T, f *excelize.File) {
				deleteNames(t, f, func(n string) bool { return n != "CT_C1" })
			},
			unit:   "UBX-24611",
			values: map[string]any{"C1": 40.0},
			issues: []string{
				"Cảnh báo|Báo cáo|D25|C1|không còn tên vùng CT_C1 dùng được: đã đọc C1 theo mã ở cột A, ô D25 — kiểm tra lại giá trị",
			},
		},
		{
			name: "rows inserted above the indicators",
			edit: func(t *testing.T, f *excelize.File) {
				if err := f.InsertRows(templates.SheetReport, 8, 3); err != nil {
					t.Fatal(err)
				}
			},
			unit:   "UBX-24611",
			values: map[string]any{"A1": true, "C1": 40.0, "C2": 35.0, "F1": "Đã triển khai đầy đủ."},
		},
		{
			// excelize, unlike Excel, does not follow the rename in the
			// defined names: they are left pointing at a missing sheet.
			name: "report sheet renamed, names dangling",
			edit: func(t *testing.T, f *excelize.File) {
				if err := f.SetSheetName(templates.SheetReport, "Sheet1"); err != nil {
					t.Fatal(err)
				}
			},
			unit:   "UBX-24611",
			values: map[string]any{"A1": true, "C1": 40.0, "D2": 120.5},
			issues: []string{
				"Cảnh báo|Sheet1|||tệp không còn tên vùng CT_… dùng được (bị xóa, hoặc trỏ tới trang không còn; có thể biểu mẫu được gõ lại hoặc xuất từ Google Sheets): đã đọc 21 chỉ tiêu theo mã ở cột A, giá trị ở cột D — kiểm tra lại các số đọc được",
			},
		},
		{
			name: "report sheet renamed, names lost",
			edit: func(t *testing.T, f *excelize.File) {
				deleteNames(t, f, func(n string) bool { return !strings.HasPrefix(n, templates.NamePrefixIndicator) })
				if err := f.SetSheetName(templates.SheetReport, "Sheet1"); err != nil {
					t.Fatal(err)
				}
			},
			unit:   "UBX-24611",
			values: map[string]any{"A1": true, "C1": 40.0, "D2": 120.5},
			issues: []string{
				"Cảnh báo|Sheet1|||tệp không còn tên vùng CT_… dùng được (bị xóa, hoặc trỏ tới trang không còn; có thể biểu mẫu được gõ lại hoặc xuất từ Google Sheets): đã đọc 21 chỉ tiêu theo mã ở cột A, giá trị ở cột D — kiểm tra lại các số đọc được",
			},
		},
		{
			name:   "not a number",
			set:    map[string]any{"C1": "nhiều"},
			unit:   "UBX-24611",
			values: map[string]any{"C1": nil},
			issues: []string{
				"Lỗi|Báo cáo|D25|C1|C1: “nhiều” không phải là số — chỉ nhập số",
			},
		},
		{
			name: "empty form",
			set: func() map[string]any {
				m := map[string]any{}
				for k := range returned.CleanValues() {
					m[k] = nil
				}
				return m
			}(),
			unit: "UBX-24611",
			issues: []string{
				"Lỗi||||biểu mẫu chưa được điền: cả 21 chỉ tiêu đều trống — có thể đơn vị gửi nhầm biểu mẫu trống; đề nghị gửi lại bản đã điền",
			},
		},
	})
}

// BenchmarkReadFile reads a filled template from disk: open, identify, read
// every value, validate (ns/op is the cost of one returned workbook).
func BenchmarkReadFile(b *testing.B) {
	c := returned.Campaign(b)
	path := returned.Save(b, c, "UBX-24611", returned.CleanValues(), nil, b.TempDir(), "bc.xlsx")
	b.ReportAllocs()
	for b.Loop() {
		if r := readFile(c, path, ReadOptions{}); r.State != StateIdentified || len(r.Issues) > 0 {
			b.Fatal(r.Issues)
		}
	}
}
