package aggregate

import (
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestDetectAndConvertLegacy(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Legacy
		out  string
	}{
		{"tcvn3 province", "§¾k N«ng", LegacyTCVN3, "Đắk Nông"},
		{"tcvn3 commune", "UBND x· §¾k Wil", LegacyTCVN3, "UBND xã Đắk Wil"},
		{"vni province", "Ñaék Noâng", LegacyVNI, "Đắk Nông"},
		{"unicode", "UBND xã Đắk Wil", LegacyNone, "UBND xã Đắk Wil"},
		{"english", "Report for the province", LegacyNone, "Report for the province"},
		{"email", "vanthu@daknong.gov.vn", LegacyNone, "vanthu@daknong.gov.vn"},
		{"number", "1.234,5", LegacyNone, "1.234,5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DetectLegacy(tt.in)
			if got != tt.want {
				t.Fatalf("DetectLegacy(%q) = %v, want %v", tt.in, got, tt.want)
			}
			out := ConvertLegacy(tt.in, got)
			if out != tt.out {
				t.Errorf("ConvertLegacy(%q, %v) = %q, want %q", tt.in, got, out, tt.out)
			}
			if !utf8.ValidString(out) || !norm.NFC.IsNormalString(out) {
				t.Errorf("output %q is not valid NFC", out)
			}
		})
	}
}
