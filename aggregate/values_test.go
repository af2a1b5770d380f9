package aggregate

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		whole bool
		want  float64
		how   Coercion
		err   string // part of the error message, "" for none
	}{
		{"plain", "12", true, 12, Exact, ""},
		{"spaces around", " 12 ", true, 12, Exact, ""},
		{"no-break space", "\u00a012\u00a0", true, 12, Exact, ""},
		{"zero", "0", true, 0, Exact, ""},
		{"leading zeros", "007", true, 7, Exact, ""},
		{"negative", "-5", true, -5, Exact, ""},
		{"minus sign", "−5", true, -5, Exact, ""},
		{"plus", "+5", true, 5, Coerced, ""},
		{"thousands dot", "1.234", true, 1234, Coerced, ""},
		{"thousands dots", "1.234.567", true, 1234567, Coerced, ""},
		{"thousands comma", "1,234", true, 1234, Coerced, ""},
		{"thousands commas", "1,234,567", true, 1234567, Coerced, ""},
		{"thousands space", "1 234", true, 1234, Coerced, ""},
		{"decimal comma", "12,5", false, 12.5, Exact, ""},
		{"decimal comma leading zero", "0,123", false, 0.123, Exact, ""},
		{"decimal point", "12.5", false, 12.5, Coerced, ""},
		{"decimal point four places", "1.2345", false, 1.2345, Coerced, ""},
		{"grouped with decimal comma", "1.234,5", false, 1234.5, Coerced, ""},
		{"grouped with decimal point", "1,234.56", false, 1234.56, Coerced, ""},
		{"unit word", "12 bài", true, 12, Coerced, ""},
		{"unit word joined", "30phút", true, 30, Coerced, ""},
		{"unit words", "12 tin, bài", true, 12, Coerced, ""},
		{"unit word NFD", norm.NFD.String("5 người"), true, 5, Coerced, ""},
		{"decimal with unit", "1,5 giờ", false, 1.5, Coerced, ""},
		{"end of sentence", "5.", true, 5, Coerced, ""},
		{"multiplier kept", "3 triệu lượt", true, 3e6, Coerced, ""},
		{"decimal multiplier", "1,2 nghìn", true, 1200, Coerced, ""},
		{"khong", "không", true, 0, Coerced, ""},
		{"Khong capital", "Không", true, 0, Coerced, ""},
		{"khong co", "không có", true, 0, Coerced, ""},
		{"ko", "ko", true, 0, Coerced, ""},
		{"dash", "-", true, 0, Coerced, ""},
		{"decimal comma for a whole indicator", "12,5", true, 0, Exact, "không phải là số nguyên"},
		{"decimal point for a whole indicator", "0.5", true, 0, Exact, "không phải là số nguyên"},
		{"empty", "  ", true, 0, Exact, "ô trống"},
		{"word", "nhiều", true, 0, Exact, "“nhiều” không phải là số"},
		{"words before", "khoảng 12", true, 0, Exact, "không phải là số"},
		{"percent", "12%", true, 0, Exact, "không phải là số"},
		{"exponent", "1e3", true, 0, Exact, "không phải là số"},
		{"bad groups", "12.345.67", true, 0, Exact, "nhóm chữ số"},
		{"mixed separators", "1.234.567,8,9", false, 0, Exact, "không phải là số"},
		{"range", "12 - 15", true, 0, Exact, "không phải là số"},
		{"digit in the unit", "12 abc3", true, 0, Exact, "không phải là số"},
		{"infinity", "Infinity", false, 0, Exact, "không phải là số"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, how, err := parseNumber(tt.in, tt.whole)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("parseNumber(%q) error = %v, want one containing %q", tt.in, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want || how != tt.how {
				t.Errorf("parseNumber(%q) = %v, %v, %v; want %v, %v", tt.in, got, how, err, tt.want, tt.how)
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
		{"CO upper", "CÓ", true, Exact, false},
		{"Co NFD", norm.NFD.String("Có"), true, Exact, false},
		{"Co spaces", "  Có ", true, Exact, false},
		{"CO without mark", "CO", true, Coerced, false},
		{"x", "x", true, Coerced, false},
		{"X", "X", true, Coerced, false},
		{"yes", "yes", true, Coerced, false},
		{"one", "1", true, Coerced, false},
		{"true", "TRUE", true, Coerced, false},
		{"da", "đã", true, Coerced, false},
		{"roi", "rồi", true, Coerced, false},
		{"check mark", "✓", true, Coerced, false},
		{"Khong", "Không", false, Exact, false},
		{"khong lower", "không", false, Exact, false},
		{"Khong NFD", norm.NFD.String("KHÔNG"), false, Exact, false},
		{"K", "K", false, Coerced, false},
		{"k", "k", false, Coerced, false},
		{"ko", "ko", false, Coerced, false},
		{"no", "no", false, Coerced, false},
		{"zero", "0", false, Coerced, false},
		{"false", "FALSE", false, Coerced, false},
		{"chua", "chưa", false, Coerced, false},
		{"TCVN3 yes", "Cã", true, Coerced, false},
		{"TCVN3 no", "Kh«ng", false, Coerced, false},
		{"VNI yes", "Coù", true, Coerced, false},
		{"VNI no", "Khoâng", false, Coerced, false},
		{"unknown", "có lẽ", false, Exact, true},
		{"empty", "", false, Exact, true},
		{"number", "2", false, Exact, true},
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
		err  string
	}{
		{"slash", "05/4/2024", d(2024, 4, 5), Exact, ""},
		{"slash padded", "15/12/2023", d(2023, 12, 15), Exact, ""},
		{"slash unpadded", "5/4/2024", d(2024, 4, 5), Exact, ""},
		{"dash", "5-4-2024", d(2024, 4, 5), Exact, ""},
		{"dots", "05.04.2024", d(2024, 4, 5), Exact, ""},
		{"spaces around separators", " 05 / 04 / 2024 ", d(2024, 4, 5), Exact, ""},
		{"iso", "2024-04-05", d(2024, 4, 5), Exact, ""},
		{"iso unpadded", "2024-4-5", d(2024, 4, 5), Coerced, ""},
		{"short year", "5/4/24", d(2024, 4, 5), Coerced, ""},
		{"short year dots", "5.4.24", d(2024, 4, 5), Coerced, ""},
		{"words", "ngày 5 tháng 4 năm 2024", d(2024, 4, 5), Coerced, ""},
		{"words NFD capital", norm.NFD.String("Ngày 05 tháng 04 năm 2024"), d(2024, 4, 5), Coerced, ""},
		{"dateline", "Đắk Nông, ngày 05 tháng 4 năm 2024", d(2024, 4, 5), Coerced, ""},
		{"words without ngay", "5 tháng 4 năm 2024", d(2024, 4, 5), Coerced, ""},
		{"with time", "05/04/2024 10:30", d(2024, 4, 5), Coerced, ""},
		{"iso with time", "2024-04-05T00:00:00Z", d(2024, 4, 5), Coerced, ""},
		{"leap day", "29/02/2024", d(2024, 2, 29), Exact, ""},
		{"no such day", "31/02/2024", time.Time{}, Exact, "không có ngày 31/2/2024"},
		{"not a leap year", "29/02/2023", time.Time{}, Exact, "không có ngày 29/2/2023"},
		{"day zero", "0/4/2024", time.Time{}, Exact, "không có ngày"},
		{"month first", "12/25/2023", time.Time{}, Exact, "ngày phải ghi trước tháng"},
		{"no month 13", "5/13/2024", time.Time{}, Exact, "không có tháng 13"},
		{"no year", "5/4", time.Time{}, Exact, "không phải là ngày"},
		{"three-digit year", "5/4/202", time.Time{}, Exact, "không phải là ngày"},
		{"mixed separators", "05/04-2024", time.Time{}, Exact, "không phải là ngày"},
		{"a period", "15/12/2023 - 31/01/2024", time.Time{}, Exact, "không phải là ngày"},
		{"text", "hôm qua", time.Time{}, Exact, "“hôm qua” không phải là ngày"},
		{"serial number", "45387", time.Time{}, Exact, "không phải là ngày"},
		{"empty", "", time.Time{}, Exact, "ô trống"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, how, err := ParseDate(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("ParseDate(%q) error = %v, want one containing %q", tt.in, err, tt.err)
				}
				return
			}
			if err != nil || !got.Equal(tt.want) || got.Location() != time.UTC || how != tt.how {
				t.Errorf("ParseDate(%q) = %v, %v, %v; want %v, %v", tt.in, got, how, err, tt.want, tt.how)
			}
		})
	}
}

func TestCoercionString(t *testing.T) {
	if Exact.String() != "Exact" || Coerced.String() != "Coerced" {
		t.Errorf("String() = %q, %q", Exact, Coerced)
	}
}

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		how  Coercion
		err  string // part of the error message, "" for none
	}{
		{"3000000000", 3e9, Exact, ""},
		{"3 tỷ", 3e9, Coerced, ""},
		{"3 TỶ", 3e9, Coerced, ""},
		{norm.NFD.String("3 tỷ"), 3e9, Coerced, ""},
		{"2 tỷ 500 triệu", 2.5e9, Coerced, ""},
		{"2 tỷ, 500 triệu đồng", 2.5e9, Coerced, ""},
		{"1,2 tỷ", 1.2e9, Coerced, ""},
		{"1.2 tỷ", 1.2e9, Coerced, ""},
		{"500 triệu", 5e8, Coerced, ""},
		{"3tr", 3e6, Coerced, ""},
		{"3 tr.", 3e6, Coerced, ""},
		{"12 triệu đồng", 12e6, Coerced, ""},
		{"1.200.000.000", 1.2e9, Coerced, ""},
		{"1.200.000.000 đồng", 1.2e9, Coerced, ""},
		{"500.000đ", 5e5, Coerced, ""},
		{"20 nghìn", 2e4, Coerced, ""},
		{"1 tỷ 2 triệu 300 nghìn", 1.0023e9, Coerced, ""},
		{"không", 0, Coerced, ""},
		{"3 tỷ 5", 0, Exact, "sau mỗi số phải có tỷ, triệu hoặc nghìn"},
		{"500 triệu 2 tỷ", 0, Exact, "từ lớn đến nhỏ"},
		{"2 tỷ 1500 triệu", 0, Exact, "không nhỏ hơn 1 ty"},
		{"3 USD", 0, Exact, "không hiểu"},
		{"-3 tỷ", 0, Exact, "âm"},
		{"12,5", 0, Exact, "số nguyên"},
		{"ba tỷ", 0, Exact, "không phải là số tiền"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, how, err := parseMoney(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("parseMoney(%q) = %v, %v; want an error with %q", tt.in, got, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want || how != tt.how {
				t.Errorf("parseMoney(%q) = %v, %v, %v; want %v, %v", tt.in, got, how, err, tt.want, tt.how)
			}
		})
	}
}

func TestParsePercent(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		how  Coercion
		ok   bool
	}{
		{"85,5%", 85.5, Exact, true},
		{"85,5 %", 85.5, Exact, true},
		{"85,5", 85.5, Coerced, true},
		{"100%", 100, Exact, true},
		{"85.5%", 85.5, Coerced, true},
		{"%", 0, Exact, false},
		{"tám mươi", 0, Exact, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, how, err := parsePercent(tt.in)
			if (err == nil) != tt.ok || tt.ok && (got != tt.want || how != tt.how) {
				t.Errorf("parsePercent(%q) = %v, %v, %v; want %v, %v", tt.in, got, how, err, tt.want, tt.how)
			}
		})
	}
}

func TestMatchChoice(t *testing.T) {
	choices := []string{"Tốt", "Khá", "Trung bình"}
	for _, tt := range []struct {
		in, want string
		how      Coercion
	}{
		{"Khá", "Khá", Exact},
		{" khá ", "Khá", Coerced},
		{"trung binh", "Trung bình", Coerced},
		{"Yếu", "", Exact},
	} {
		got, how, err := matchChoice(tt.in, choices)
		if got != tt.want || how != tt.how || (err == nil) != (tt.want != "") {
			t.Errorf("matchChoice(%q) = %q, %v, %v; want %q, %v", tt.in, got, how, err, tt.want, tt.how)
		}
	}
}
