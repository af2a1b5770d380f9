package previous

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	_ "tonghop/templates/testenv" // the flags every package's tests accept
)

// TestReadRefuses: what is not a consolidated workbook is refused with a
// message naming the file and saying what was expected. A workbook that
// tonghop wrote reads back in samples (TestHaiCapRounds).
func TestReadRefuses(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "bieu-mau.xlsx")
	f := excelize.NewFile()
	if err := f.SaveAs(other); err != nil {
		t.Fatal(err)
	}
	text := filepath.Join(dir, "ghi-chu.xlsx")
	if err := os.WriteFile(text, []byte("không phải bảng tính"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, want string
	}{
		{"missing", filepath.Join(dir, "khong-co.xlsx"), "không thấy tệp tổng hợp kỳ trước"},
		{"folder without one", dir, "không có tong-hop.xlsx"},
		{"another workbook", other, "không phải tệp tong-hop.xlsx do tonghop merge ghi"},
		{"not a workbook", text, "ghi-chu.xlsx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(tt.path)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Read(%s) = %v, want an error saying %q", tt.path, err, tt.want)
			}
		})
	}
}

// TestReadNationalWorkbook: the consolidated workbook of a national
// campaign reads back: its detail sheet (10,000 units, 40 columns) is past
// a returned file's bounds of 4 MB a part and 250,000 cells a sheet, and
// the sheets this package does not read (here a "Lỗi" of 5 MB) are never
// inflated.
func TestReadNationalWorkbook(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: writes a 10,000-unit workbook")
	}
	const units, fill = 10_000, 36
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", sheetSummary)
	f.SetSheetRow(sheetSummary, "A1", &[]any{headCode, "Chỉ tiêu", "Toàn tỉnh"})
	f.SetSheetRow(sheetSummary, "A2", &[]any{"A1", "Số tin, bài", 123456})
	stream := func(sheet string, row func(r int) []any, n int) {
		if _, err := f.NewSheet(sheet); err != nil {
			t.Fatal(err)
		}
		sw, err := f.NewStreamWriter(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r := 1; r <= n; r++ {
			cell, _ := excelize.CoordinatesToCellName(1, r)
			if err := sw.SetRow(cell, row(r)); err != nil {
				t.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	stream(sheetDetail, func(r int) []any {
		if r == 1 {
			h := []any{headUnitCode, headUnitName, headCounted, "A1. Số tin, bài"}
			for i := range fill {
				h = append(h, fmt.Sprintf("Cột %d", i))
			}
			return h
		}
		row := []any{fmt.Sprintf("UBX-%05d", r), fmt.Sprintf("UBND xã số %d", r), countedYes, r}
		for i := range fill {
			row = append(row, i)
		}
		return row
	}, units+1)
	stream("Lỗi", func(r int) []any { return []any{strings.Repeat("lỗi dài ", 60)} }, units)
	path := filepath.Join(t.TempDir(), "tong-hop.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	p, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Units) != units || p.Totals["A1"] != 123456 {
		t.Fatalf("%d units, A1 total %v; want %d and 123456", len(p.Units), p.Totals["A1"], units)
	}
	if u := p.Units[units-1]; u.Code != "UBX-10001" || !u.Counted || u.Values["A1"] != 10001 {
		t.Errorf("last unit %+v", u)
	}
}
