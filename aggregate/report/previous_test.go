package report

import (
	"testing"

	"tonghop/aggregate/summary"
	"tonghop/templates"
)

func TestChangeWords(t *testing.T) {
	count := &templates.Indicator{ID: "B1", Label: "Số hồ sơ đã tiếp nhận", Unit: "hồ sơ", Type: templates.TypeWhole}
	rate := &templates.Indicator{ID: "B2", Label: "Tỷ lệ hồ sơ đúng hạn", Unit: "%", Type: templates.TypePercent}
	money := &templates.Indicator{ID: "C1", Label: "Kinh phí đã giải ngân", Unit: "đồng", Type: templates.TypeMoney}
	abbr := &templates.Indicator{ID: "D1", Label: "UBND cấp xã có bộ phận một cửa", Type: templates.TypeWhole}
	tests := []struct {
		name string
		ch   summary.Change
		want string
	}{
		{"increase", summary.Change{Indicator: count, Before: 1000, Now: 1120},
			"số hồ sơ đã tiếp nhận tăng 120 hồ sơ (từ 1.000 lên 1.120, tăng 12,0 %)"},
		{"decrease in money", summary.Change{Indicator: money, Before: 14105000000, Now: 13486000000},
			"kinh phí đã giải ngân giảm 619.000.000 đồng (từ 14.105.000.000 xuống 13.486.000.000, giảm 4,4 %)"},
		{"percentage points", summary.Change{Indicator: rate, Before: 87.19, Now: 92.86},
			"tỷ lệ hồ sơ đúng hạn tăng 5,7 điểm phần trăm (từ 87,2 % lên 92,9 %)"},
		{"no change", summary.Change{Indicator: count, Before: 50, Now: 50}, "số hồ sơ đã tiếp nhận không đổi (50 hồ sơ)"},
		{"from nothing", summary.Change{Indicator: abbr, Before: 0, Now: 3}, "UBND cấp xã có bộ phận một cửa tăng 3 (từ 0 lên 3)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := changeWords(tt.ch); got != tt.want {
				t.Errorf("changeWords:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}
