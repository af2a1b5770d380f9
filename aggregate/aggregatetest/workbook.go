package aggregatetest

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tonghop/aggregate/summary"
	"tonghop/templates"
	"tonghop/templates/testenv"
)

// OpenRaw opens a workbook with raw cell values, closed with the test.
func OpenRaw(t *testing.T, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func cellName(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col, row)
	return s
}

// WorkbookContent extracts a workbook's content for comparison: every
// sheet's cells and formulas, and the document properties.
func WorkbookContent(t *testing.T, path string) string {
	t.Helper()
	f := OpenRaw(t, path)
	var sb strings.Builder
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	sb.WriteString(props.Created + " " + props.Modified + " " + props.Title + "\n")
	for _, sh := range f.GetSheetList() {
		sb.WriteString("== " + sh + "\n")
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				name := cellName(c+1, r+1)
				fm, _ := f.GetCellFormula(sh, name)
				if v != "" || fm != "" {
					sb.WriteString(name + "\t" + v + "\t" + fm + "\n")
				}
			}
		}
	}
	return sb.String()
}

// LibreOfficeResave opens the workbook in LibreOffice and saves it again as
// xlsx, with the formulas computed by LibreOffice (testenv.Convert).
func LibreOfficeResave(t *testing.T, path string) string {
	t.Helper()
	return testenv.Convert(t, path, "xlsx", t.TempDir())
}

// CheckSummaryFormulas checks that the summary sheet (named sheet), as computed by
// LibreOffice, shows the totals of the merge.
func CheckSummaryFormulas(t *testing.T, sum *summary.Summary, converted, sheet string) {
	t.Helper()
	f := OpenRaw(t, converted)
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	sums := append([]summary.Tally{}, sum.Province)
	names := []string{"Toàn tỉnh"}
	cols := []int{3 + len(sum.Groups)}
	for i, g := range sum.Groups {
		sums = append(sums, g.Tally)
		names = append(names, g.Group.Code)
		cols = append(cols, 3+i)
	}
	checked := 0
	for _, row := range rows {
		if len(row) == 0 || row[0] == "" {
			continue
		}
		code := row[0]
		for k, s := range sums {
			var want float64
			ok := true
			switch code {
			case "1":
				want = float64(s.Expected)
			case "2":
				want = float64(s.Received)
			case "3":
				want = float64(s.OnTime)
			case "4":
				want = float64(s.Late)
			case "5":
				want = float64(s.Invalid)
			case "6":
				want = float64(s.Missing)
			case "7":
				if s.Expected > 0 {
					want = float64(s.Received) / float64(s.Expected)
				}
			default:
				ind := sum.Campaign.Indicator(code)
				if ind == nil {
					ok = false
					break
				}
				if k > 0 && !ind.AppliesTo(names[k]) {
					if cols[k] < len(row) && row[cols[k]] != "" {
						t.Errorf("%s/%s: %q in a group without the indicator", code, names[k], row[cols[k]])
					}
					ok = false
					break
				}
				tot := s.Totals[code]
				want = tot.Sum
				if ind.Type == templates.TypeYesNo {
					want = float64(tot.Yes)
				}
			}
			if !ok {
				continue
			}
			got := ""
			if cols[k] < len(row) {
				got = row[cols[k]]
			}
			v, err := strconv.ParseFloat(got, 64)
			if err != nil || math.Abs(v-want) > 1e-9 {
				t.Errorf("row %s, %s: LibreOffice computed %q, merge says %v", code, names[k], got, want)
			}
			checked++
		}
	}
	if checked < 10*len(sums) {
		t.Errorf("only %d cells checked", checked)
	}
}

// CheckDistrictFormulas checks the subtotal rows of the districts sheet
// (named sheet, "Theo huyện").
func CheckDistrictFormulas(t *testing.T, sum *summary.Summary, converted, sheet string) {
	t.Helper()
	f := OpenRaw(t, converted)
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	header := rows[0]
	byName := map[string]summary.DistrictResult{}
	for _, d := range sum.Districts {
		byName["Cộng: "+d.District.Unit.Name] = d
	}
	seen := 0
	for _, row := range rows[1:] {
		if len(row) < 2 {
			continue
		}
		d, ok := byName[row[1]]
		if !ok {
			continue
		}
		seen++
		if row[3] != strconv.Itoa(d.Valid) {
			t.Errorf("%s: %s counted, want %d", row[1], row[3], d.Valid)
		}
		for c := 4; c < len(header); c++ {
			id, _, _ := strings.Cut(header[c], ".")
			tot := d.Totals[id]
			want := tot.Sum
			if sum.Campaign.Indicator(id).Type == templates.TypeYesNo {
				want = float64(tot.Yes)
			}
			got := ""
			if c < len(row) {
				got = row[c]
			}
			v, err := strconv.ParseFloat(got, 64)
			if err != nil || math.Abs(v-want) > 1e-9 {
				t.Errorf("%s, %s: LibreOffice computed %q, merge says %v", row[1], id, got, want)
			}
		}
	}
	if seen != len(sum.Districts) {
		t.Errorf("%d subtotal rows, want %d", seen, len(sum.Districts))
	}
}
