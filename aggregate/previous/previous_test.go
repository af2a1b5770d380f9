package previous

import (
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
