package aggregate

import (
	"testing"
	"time"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		whole bool
		want  float64
		how   Coercion
		err   bool
	}{
		{"plain", "12", true, 12, Exact, false},
		{"spaces", " 12 ", true, 12, Exact, false},
		{"thousands dot", "1.234", true, 1234, Coerced, false},
		{"thousands comma", "1,234", true, 1234, Coerced, false},
		{"decimal comma", "12,5", false, 12.5, Exact, false},
		{"decimal comma whole", "12,5", true, 0, Exact, true},
		{"grouped decimal", "1.234,5", false, 1234.5, Coerced, false},
		{"unit word", "12 bài", true, 12, Coerced, false},
		{"khong", "không", true, 0, Coerced, false},
		{"khong co", "không có", true, 0, Coerced, false},
		{"zero", "0", true, 0, Exact, false},
		{"negative", "-5", true, -5, Exact, false},
		{"text", "nhiều", true, 0, Exact, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, how, err := ParseNumber(tt.in, tt.whole)
			if (err != nil) != tt.err {
				t.Fatalf("ParseNumber(%q) error = %v, want error %v", tt.in, err, tt.err)
			}
			if err == nil && (got != tt.want || how != tt.how) {
				t.Errorf("ParseNumber(%q) = %v, %v; want %v, %v", tt.in, got, how, tt.want, tt.how)
			}
		})
	}
}

func TestParseYesNo(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
		how  Coercion
		err  bool
	}{
		{"Co", "Có", true, Exact, false},
		{"co lower", "có", true, Exact, false},
		{"CO no marks", "CO", true, Coerced, false},
		{"x", "x", true, Coerced, false},
		{"Khong", "Không", false, Exact, false},
		{"K", "K", false, Coerced, false},
		{"one", "1", true, Coerced, false},
		{"zero", "0", false, Coerced, false},
		{"unknown", "có lẽ", false, Exact, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, how, err := ParseYesNo(tt.in)
			if (err != nil) != tt.err {
				t.Fatalf("ParseYesNo(%q) error = %v, want error %v", tt.in, err, tt.err)
			}
			if err == nil && (got != tt.want || how != tt.how) {
				t.Errorf("ParseYesNo(%q) = %v, %v; want %v, %v", tt.in, got, how, tt.want, tt.how)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	d := func(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name string
		in   string
		want time.Time
		how  Coercion
		err  bool
	}{
		{"slash", "05/4/2024", d(2024, 4, 5), Exact, false},
		{"dash", "5-4-2024", d(2024, 4, 5), Exact, false},
		{"dots", "05.04.2024", d(2024, 4, 5), Exact, false},
		{"iso", "2024-04-05", d(2024, 4, 5), Exact, false},
		{"short year", "5/4/24", d(2024, 4, 5), Coerced, false},
		{"words", "ngày 5 tháng 4 năm 2024", d(2024, 4, 5), Coerced, false},
		{"no such day", "31/02/2024", time.Time{}, Exact, true},
		{"text", "hôm qua", time.Time{}, Exact, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, how, err := ParseDate(tt.in)
			if (err != nil) != tt.err {
				t.Fatalf("ParseDate(%q) error = %v, want error %v", tt.in, err, tt.err)
			}
			if err == nil && (!got.Equal(tt.want) || how != tt.how) {
				t.Errorf("ParseDate(%q) = %v, %v; want %v, %v", tt.in, got, how, tt.want, tt.how)
			}
		})
	}
}
