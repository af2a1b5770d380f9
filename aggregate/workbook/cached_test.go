package workbook

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tonghop/aggregate/aggregatetest"
	"tonghop/aggregate/archive/archivetest"
	"tonghop/aggregate/summary"
	"tonghop/templates/testenv"
)

// formulaCells lists every formula cell of the workbook: sheet, cell.
func formulaCells(t *testing.T, f *excelize.File) [][2]string {
	t.Helper()
	var out [][2]string
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c := range row {
				cell := cellAt(c+1, r+1)
				if fm, _ := f.GetCellFormula(sh, cell); fm != "" {
					out = append(out, [2]string{sh, cell})
				}
			}
		}
	}
	return out
}

// TestFormulasCarryTheirValues: every formula is stored with a numeric
// result equal to what the formula computes (excelize's own calculation
// engine), and the workbook does not ask to be recalculated on opening.
func TestFormulasCarryTheirValues(t *testing.T) {
	path := writeSample(t, aggregatetest.Sample(t))
	f := aggregatetest.OpenRaw(t, path)
	cells := formulaCells(t, f)
	if len(cells) < 100 {
		t.Fatalf("only %d formula cells", len(cells))
	}
	for _, sc := range cells {
		sh, cell := sc[0], sc[1]
		cached, err := f.GetCellValue(sh, cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		got, err := strconv.ParseFloat(cached, 64)
		if err != nil {
			t.Errorf("%s!%s: cached result %q is not a number", sh, cell, cached)
			continue
		}
		calc, err := f.CalcCellValue(sh, cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatalf("%s!%s: %v", sh, cell, err)
		}
		want, err := strconv.ParseFloat(calc, 64)
		if err != nil || strconv.FormatFloat(got, 'g', 12, 64) != strconv.FormatFloat(want, 'g', 12, 64) {
			t.Errorf("%s!%s: cached %v, the formula computes %q", sh, cell, got, calc)
		}
	}
	for _, sh := range []string{SheetSummary, SheetDetail} {
		if x := sheetXML(t, path, f, sh); strings.Contains(x, `t="str"><f>`) {
			t.Errorf("%s: a formula's result is stored as text", sh)
		}
	}
	props, err := f.GetCalcProps()
	if err != nil || props.FullCalcOnLoad == nil || *props.FullCalcOnLoad || props.CalcID == nil || *props.CalcID != 191029 {
		t.Errorf("calculation properties %+v, %v", props, err)
	}
}

// TestNumberStyle: a number indicator shows the decimals vn.Round(x, 2)
// writes, no more, no less.
func TestNumberStyle(t *testing.T) {
	b := &book{sNumber: [3]int{10, 11, 12}, sTotalNumber: [3]int{20, 21, 22}}
	cases := []struct {
		v     float64
		total bool
		want  int
	}{
		{120, false, 10}, {120.5, false, 11}, {120.25, false, 12}, {120.254, false, 12},
		{120.996, false, 10}, {0.1 + 0.2, false, 11}, {1234.5, true, 21}, {0, true, 20},
	}
	for _, tc := range cases {
		if got := b.numberStyle(tc.v, tc.total); got != tc.want {
			t.Errorf("numberStyle(%v, %v) = %d, want %d", tc.v, tc.total, got, tc.want)
		}
	}
}

// TestOpenpyxlDataOnlySeesValues: a reader that does not calculate
// (openpyxl with data_only, as a mail preview) sees the province column of
// "Tổng hợp" as the summary computed it.
func TestOpenpyxlDataOnlySeesValues(t *testing.T) {
	py := testenv.NeedPython(t, "openpyxl")
	res := aggregatetest.Sample(t)
	s := summary.Of(res)
	path := writeSample(t, res)
	col := 4 + len(s.Groups)
	script := `import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1], data_only=True)[sys.argv[2]]
for r in range(5, 13):
    v = ws.cell(row=r, column=int(sys.argv[3])).value
    print('%.10g' % v if isinstance(v, (int, float)) else repr(v))
`
	out, err := exec.Command(py, "-c", script, path, SheetSummary, strconv.Itoa(col)).CombinedOutput()
	if err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, out)
	}
	p := s.Province
	// Rows 5 to 12: the section, then codes 1 to 7.
	want := []string{"None", strconv.Itoa(p.Expected), strconv.Itoa(p.OnTime + p.Late + p.Invalid), strconv.Itoa(p.OnTime),
		strconv.Itoa(p.Late), strconv.Itoa(p.Invalid), strconv.Itoa(p.Missing),
		strconv.FormatFloat(float64(p.OnTime+p.Late+p.Invalid)/float64(p.Expected), 'g', 10, 64)}
	if got := strings.Fields(string(out)); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("openpyxl data_only reads %q, want %q", got, want)
	}
}

// withoutCachedValues is the workbook with the formulas' stored results
// removed, so that an office suite must compute them.
func withoutCachedValues(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	strip := regexp.MustCompile(`(</f>)<v>[^<]*</v>`)
	stripped := archivetest.Rewrite(t, data, func(name string, body []byte) []byte {
		if strings.HasPrefix(name, "xl/worksheets/") {
			return strip.ReplaceAll(body, []byte("$1"))
		}
		return body
	})
	out := filepath.Join(t.TempDir(), "khong-ket-qua.xlsx")
	if err := os.WriteFile(out, stripped, 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}
