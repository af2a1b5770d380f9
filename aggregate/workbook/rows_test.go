package workbook

import (
	"bytes"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"tonghop/aggregate/aggregatetest"
)

// TestStreamedTextReadsAsWritten: a text the row writer encodes reads back
// as written (cut to what a cell holds), as excelize's SetCellStr (the way
// the sheets were written before they were streamed) gives it: white
// space kept, line breaks, XML's special characters, a text longer than a
// cell holds. Text that looks like an "_xHHHH_" escape stays as it is,
// as on the sheets streamed before ("Lỗi", "Tệp nguồn"); a shared string
// written by SetCellStr read back decoded ("a_x0041_b" as "aAb").
func TestStreamedTextReadsAsWritten(t *testing.T) {
	cases := map[string]string{
		"leading space":    "  Nguyễn Văn A",
		"trailing break":   "Nguyễn Văn A\n",
		"escape-like":      "a_x0041_b",
		"escaped escape":   "_x005F_x0041_ và _x005F_",
		"line breaks":      "dòng 1\r\ndòng 2\nđòng 3",
		"tab":              "cột\tcột",
		"xml":              `<b>&amp; "trích" 'dẫn'</b>`,
		"too long":         strings.Repeat("ắ", 40000),
		"too long, astral": strings.Repeat("😀", 20000),
	}
	// A workbook holds as many cases as the sample has units with a
	// report, each as the reporter's name of a unit of its own: writing
	// and reading the sample once per case made this the package's slowest
	// test.
	names := slices.Sorted(maps.Keys(cases))
	read := map[string]string{} // case → the cell read back
	for len(read) < len(names) {
		res := aggregatetest.Sample(t)
		unitOf := map[string]string{}
		for _, u := range res.Units {
			if n := len(read) + len(unitOf); u.Report != nil && n < len(names) {
				u.Report.Reporter.Name = cases[names[n]]
				unitOf[names[n]] = u.Unit.Code
			}
		}
		if len(unitOf) == 0 {
			t.Fatal("the sample has no unit with a report")
		}
		f := aggregatetest.OpenRaw(t, writeSample(t, res))
		rows, err := f.GetRows(SheetDetail)
		if err != nil {
			t.Fatal(err)
		}
		col := 0
		for i, h := range rows[0] {
			if h == "Người báo cáo" {
				col = i
			}
		}
		for name, code := range unitOf {
			read[name] = ""
			for _, r := range rows[1:] {
				if len(r) > 1 && r[1] == code {
					read[name] = r[col]
				}
			}
		}
	}
	for _, name := range names {
		text, got := cases[name], read[name]
		t.Run(name, func(t *testing.T) {
			want := inert(text)
			if n := 0; len(want) > maxCellChars/2 {
				for i, r := range want {
					if n += utf16.RuneLen(r); n > maxCellChars {
						want = want[:i]
						break
					}
				}
			}
			if got != want {
				t.Errorf("reads %q (%d bytes), want %q (%d bytes)", short(got), len(got), short(want), len(want))
			}
			if strings.Contains(text, "_x") {
				return
			}
			if via := viaExcelize(t, inert(text)); got != via {
				t.Errorf("reads %q (%d bytes), excelize's own cell reads %q (%d bytes)", short(got), len(got), short(via), len(via))
			}
		})
	}
}

func short(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// viaExcelize is what a cell written by SetCellStr reads back as.
func viaExcelize(t *testing.T, s string) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetCellStr("Sheet1", "A1", s); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	v, err := g.GetCellValue("Sheet1", "A1")
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestFormatFloat: numbers are written as excelize writes them.
func TestFormatFloat(t *testing.T) {
	tenth, fifth := 0.1, 0.2
	cases := []struct {
		v    float64
		want string
	}{
		{0, "0"}, {-3, "-3"}, {120.25, "120.25"}, {tenth + fifth, "0.300000000000000"},
		{45392.5, "45392.5"}, {1e20, "100000000000000000000"}, {123456789012345678, "123456789012345000"},
		{math.Pi * 1e5, "314159.265358979"},
	}
	for _, tc := range cases {
		if got := formatFloat(tc.v); got != tc.want {
			t.Errorf("formatFloat(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}
