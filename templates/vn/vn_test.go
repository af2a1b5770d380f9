package vn

import (
	"math"
	"testing"
	"time"
)

func TestNumbers(t *testing.T) {
	for _, tc := range []struct {
		got, want string
	}{
		{Number(0), "0"},
		{Number(1340), "1.340"},
		{Number(1234567), "1.234.567"},
		{Number(12.5), "12,5"},
		{Number(3.001), "3,001"},
		{Number(-1234.5), "-1.234,5"},
		{Number(math.NaN()), "–"},
		{Round(12.345, 2), "12,35"},
		{Round(1234, 2), "1.234"},
		{Round(-0.001, 2), "0"},
		{Round(2.5, 0), "3"},
		{Int(1000), "1.000"},
		{Int(-5), "-5"},
		{Count(7), "07"},
		{Count(12), "12"},
		{Count(1200), "1.200"},
		{Round(2.0/3, 2), "0,67"},
		{Round(0.1+0.2, 2), "0,3"},
		{Percent(12, 13), "92,3\u00a0%"},
		{Percent(106, 113), "93,8\u00a0%"},
		{Percent(1, 0), "0,0\u00a0%"},
		{Percent(5, 5), "100,0\u00a0%"},
		{Pct(87.19), "87,2\u00a0%"},
		{Pct(1234.56), "1.234,6\u00a0%"},
		{Pct(-0.01), "0,0\u00a0%"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestDates(t *testing.T) {
	d := func(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		got, want string
	}{
		{Date(d(2024, 4, 5)), "05/4/2024"},
		{Date(d(2004, 1, 1)), "01/01/2004"},
		{Date(d(2023, 12, 15)), "15/12/2023"},
		{Date(d(2024, 2, 9)), "09/02/2024"},
		{DateLine("Đắk Nông", d(2024, 4, 5)), "Đắk Nông, ngày 05 tháng 4 năm 2024"},
		{DateLine("", d(2024, 2, 15)), "ngày 15 tháng 02 năm 2024"},
		{DateLine("Hà Nội", d(2024, 3, 9)), "Hà Nội, ngày 09 tháng 3 năm 2024"},
		{DateLine("Đắk Nông", d(2023, 12, 10)), "Đắk Nông, ngày 10 tháng 12 năm 2023"},
		{DateLine("Đắk Nông", d(2024, 1, 31)), "Đắk Nông, ngày 31 tháng 01 năm 2024"},
		{LowerFirst("Kết quả"), "kết quả"},
		{LowerFirst("UBND các xã"), "UBND các xã"},
		{Capitalize("đề nghị"), "Đề nghị"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func FuzzRound(f *testing.F) {
	f.Add(1234.5678, 2)
	f.Fuzz(func(t *testing.T, x float64, d int) {
		if d < 0 || d > 6 {
			return
		}
		_ = Round(x, d)
		_ = Number(x)
	})
}
