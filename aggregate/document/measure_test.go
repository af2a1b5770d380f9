package document

import (
	"math"
	"testing"

	"codeberg.org/go-pdf/fpdf"
	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifregular"
)

// TestEstimateWidth compares the estimate with the real advance widths of
// Liberation Serif (metric-compatible with Times New Roman), as fpdf
// measures them: within 10% on the texts a report sets on one line.
func TestEstimateWidth(t *testing.T) {
	f := fpdf.New("P", "mm", "A4", "")
	f.AddUTF8FontFromBytes("S", "", liberationserifregular.TTF)
	f.AddUTF8FontFromBytes("S", "B", liberationserifbold.TTF)
	tests := []struct {
		text string
		size float64
		bold bool
	}{
		{"SỞ THÔNG TIN VÀ TRUYỀN THÔNG", 12, true},
		{"UBND TỈNH ĐẮK NÔNG", 12, false},
		{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, true},
		{"Độc lập - Tự do - Hạnh phúc", 13, true},
		{"Đắk Nông, ngày 05 tháng 4 năm 2024", 14, false},
		{"Kết quả tuyên truyền Kỷ niệm 20 năm Ngày tái lập tỉnh Đắk Nông", 14, true},
		{"Các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy", 12, false},
		{"UBND xã Ea T'Ling", 10, false},
		{"1.862 tin, bài", 14, true},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			style := ""
			if tt.bold {
				style = "B"
			}
			f.SetFont("S", style, tt.size)
			real := f.GetStringWidth(tt.text)
			est := EstimateWidth(tt.text, tt.size, tt.bold)
			if math.Abs(est-real)/real > 0.10 {
				t.Errorf("EstimateWidth = %.1f mm, real %.1f mm (%+.0f%%)", est, real, 100*(est-real)/real)
			}
			t.Logf("estimate %.1f mm, real %.1f mm (%+.1f%%)", est, real, 100*(est-real)/real)
		})
	}
}
