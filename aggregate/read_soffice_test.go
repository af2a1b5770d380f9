package aggregate

import (
	"testing"

	"github.com/xuri/excelize/v2"

	"tonghop/aggregate/aggregatetest/returned"
	"tonghop/templates/testenv"
)

// TestLibreOfficeResave is the "done when" of reading: a clean template
// filled in and saved by LibreOffice reads with no issue and the exact
// values (TestLibreOfficeCheck: and `check` says so).
func TestLibreOfficeResave(t *testing.T) {
	c := returned.Campaign(t)
	in := returned.Save(t, c, "UBX-24611", returned.CleanValues(), nil, t.TempDir(), "UBX-24611.xlsx")
	path := testenv.Convert(t, in, "xlsx", t.TempDir())
	r := readFile(c, path, ReadOptions{})
	want := map[string]any{
		"A1": true, "A2": true, "A3": returned.Day(2023, 12, 15), "A4": true,
		"A5": 12.0, "A6": 5.0, "A7": 3.0, "B1": 2.0, "B2": true, "B3": 20.0, "B4": 7.0,
		"C1": 40.0, "C2": 35.0, "D1": 15.0, "D2": 120.5, "D3": 1.0, "D4": 30.0, "D5": 12.0,
		"F1": "Đã triển khai đầy đủ.", "F2": nil, "F3": "Không",
	}
	checkReport(t, r, "UBX-24611", false, want, nil)
	if r.Values.Len() != len(want) {
		t.Errorf("%d values, want %d", r.Values.Len(), len(want))
	}
	wantRep := Reporter{Name: "Nguyễn Văn A", Title: "Công chức Văn hóa - Xã hội", Phone: "0912345678", Email: "a@example.vn", Date: returned.Day(2024, 3, 20)}
	gotRep := r.Reporter
	gotRep.DateSheet, gotRep.DateCell = "", ""
	if gotRep != wantRep {
		t.Errorf("reporter\n got %+v\nwant %+v", gotRep, wantRep)
	}
	if want := "mã đơn vị UBX-24611 trong tệp (trang ẩn tonghop, thuộc tính tệp, ô mã đơn vị C6); khớp tên đơn vị ghi ở ô C5"; r.Evidence != want {
		t.Errorf("evidence %q, want %q", r.Evidence, want)
	}
}

// TestLibreOfficeFormulas: formulas get their cached value from LibreOffice,
// an error value stays an error.
func TestLibreOfficeFormulas(t *testing.T) {
	c := returned.Campaign(t)
	in := returned.Save(t, c, "UBX-24611", returned.CleanValues(), func(f *excelize.File) {
		_, c1 := returned.NameCell(t, f, "CT_C1")
		setFormula(t, f, "CT_C2", c1+"-5")
		setFormula(t, f, "CT_A5", "1/0")
	}, t.TempDir(), "UBX-24611.xlsx")
	path := testenv.Convert(t, in, "xlsx", t.TempDir())
	r := readFile(c, path, ReadOptions{})
	checkReport(t, r, "UBX-24611", false, map[string]any{"C2": 35.0, "A5": nil}, []string{
		"Lỗi|Báo cáo|D16|A5|A5: công thức =1/0 cho kết quả lỗi #DIV/0! — sửa công thức hoặc nhập thẳng giá trị",
	})
	if v := val(r.Values, "C2"); v.Raw != "35" {
		t.Errorf("C2 raw %q", v.Raw)
	}
}
