package aggregate

import (
	"path/filepath"
	"strings"
	"testing"

	bk "tonghop/aggregate/book"
	"tonghop/templates"
)

// TestPercentByFormat: a percentage's number is read by its cell's number
// format where the file says it (an Excel percent cell 0,895 shown as
// 89,5 % is 89,5 with no warning; 1,5 shown as 150 % is 150, which
// validation finds over the bound), and by its bounds where it does not (.xls, a plain cell).
func TestPercentByFormat(t *testing.T) {
	c, err := templates.Load(filepath.Join("..", "samples", "hai-cap", "chien-dich"))
	if err != nil {
		t.Fatal(err)
	}
	const id = "B2" // Tỷ lệ %, 0 to 100
	tests := []struct {
		name   string
		raw    string
		format bk.Format
		want   float64
		issue  string // a part of the one issue expected, "" for none
	}{
		{"percent cell", "0.895", bk.FormatPercent, 89.5, ""},
		{"percent cell over 100 %", "1.5", bk.FormatPercent, 150, ""}, // validation then says it is over the bound
		{"percent cell, whole", "1", bk.FormatPercent, 100, ""},
		{"format unknown, a fraction", "0.895", bk.FormatGeneral, 89.5, ""},
		{"format unknown, typed as the percent", "89.5", bk.FormatGeneral, 89.5, "đã hiểu là 89,5 %"},
		{"format unknown, 1,5", "1.5", bk.FormatGeneral, 1.5, "đã hiểu là 1,5 %"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Report{}
			rd := &reader{c: c, r: r, bad: map[string]bool{}}
			v := rd.convert(id, id, templates.TypePercent, cellContent{Raw: tt.raw, Kind: bk.Number, Format: tt.format}, cellRef{Sheet: "Báo cáo", Cell: "D12"})
			if v.Empty || v.Num != tt.want {
				t.Errorf("read %v, want %v", v.Num, tt.want)
			}
			var msgs []string
			for _, is := range r.Issues {
				if is.Indicator == id {
					msgs = append(msgs, is.Msg)
				}
			}
			switch {
			case tt.issue == "" && len(msgs) > 0:
				t.Errorf("issues %q, want none", msgs)
			case tt.issue != "" && (len(msgs) != 1 || !strings.Contains(msgs[0], tt.issue)):
				t.Errorf("issues %q, want one saying %q", msgs, tt.issue)
			}
		})
	}
}
