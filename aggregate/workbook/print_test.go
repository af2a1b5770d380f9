package workbook

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"tonghop/aggregate/aggregatetest"
	"tonghop/aggregate/report/reporttest"
	"tonghop/aggregate/summary"
)

// writeSamples writes the workbook of the samples' merge.
func writeSamples(t *testing.T) (*summary.Summary, string) {
	t.Helper()
	s := reporttest.Samples(t)
	path := t.TempDir() + "/tong-hop.xlsx"
	if err := Write(s, path); err != nil {
		t.Fatal(err)
	}
	return s, path
}

// TestEverySheetPrints checks each sheet's print setup: A4 landscape, a
// set number of pages wide (one, "Chi tiết" four), the sheet's name above and "Trang 2/5" below every page, and
// the header row repeated on every page (not on "Tổng hợp", whose table
// fits a page and whose second page holds another table).
func TestEverySheetPrints(t *testing.T) {
	_, path := writeSamples(t)
	f := aggregatetest.OpenRaw(t, path)
	titles := map[string]bool{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" {
			titles[dn.Scope] = true
		}
	}
	for _, sh := range f.GetSheetList() {
		t.Run(sh, func(t *testing.T) {
			hf, err := f.GetHeaderFooter(sh)
			if err != nil || hf == nil {
				t.Fatalf("header and footer: %v", err)
			}
			if !strings.Contains(hf.OddFooter, "Trang &P/&N") || !strings.Contains(hf.OddHeader, "&A") {
				t.Errorf("header %q, footer %q", hf.OddHeader, hf.OddFooter)
			}
			pl, err := f.GetPageLayout(sh)
			if err != nil {
				t.Fatal(err)
			}
			if pl.Orientation == nil || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth < 1 || pl.Size == nil || *pl.Size != 9 {
				t.Errorf("page layout %+v", pl)
			}
			if want := sh != SheetSummary; titles[sh] != want {
				t.Errorf("print titles: %v, want %v", titles[sh], want)
			}
		})
	}
}

// TestSummaryBasesAndRates reads, under each yes/no indicator's row of
// "Tổng hợp", its base (the units "thuộc diện") and its rate, and compares
// them with the summary's, for every group and the whole: the banner link
// (A4) is asked only of the units with a website, 89/114, not 89/122.
func TestSummaryBasesAndRates(t *testing.T) {
	s, path := writeSamples(t)
	f := aggregatetest.OpenRaw(t, path)
	rows, err := f.GetRows(SheetSummary)
	if err != nil {
		t.Fatal(err)
	}
	at := map[string]int{}
	for i, r := range rows {
		if len(r) > 0 && r[0] != "" {
			at[r[0]] = i
		}
	}
	if len(s.YesNo) == 0 {
		t.Fatal("the samples have no yes/no indicator")
	}
	for _, y := range s.YesNo {
		t.Run(y.Indicator.ID, func(t *testing.T) {
			i, ok := at[y.Indicator.ID]
			if !ok || i+2 >= len(rows) {
				t.Fatalf("no row %s", y.Indicator.ID)
			}
			base, rate := rows[i+1], rows[i+2]
			if !strings.HasPrefix(base[1], "Số đơn vị") || !strings.Contains(base[1], "thuộc diện") || !strings.HasPrefix(rate[1], "Tỷ lệ") {
				t.Fatalf("rows under %s: %q, %q", y.Indicator.ID, base[1], rate[1])
			}
			if y.Indicator.ID == "A4" && !strings.Contains(base[1], "(A1 = Có)") || y.Condition != "" && !strings.Contains(base[1], strings.Join(strings.Fields(y.Condition), " ")) {
				t.Errorf("the scope is not said: %q", base[1])
			}
			for g := 0; g <= len(s.Groups); g++ {
				r := y.Rate()
				if g < len(s.Groups) {
					if !y.Indicator.AppliesTo(s.Groups[g].Group.Code) {
						continue
					}
					r = y.In(s.Groups[g].Group.Code)
				}
				col := 3 + g
				if base[col] != strconv.Itoa(r.Whole) {
					t.Errorf("column %d: base %q, want %d", col+1, base[col], r.Whole)
				}
				got, _ := strconv.ParseFloat(rate[col], 64)
				if want := share(float64(r.Part), r.Whole); got-want > 1e-9 || want-got > 1e-9 {
					t.Errorf("column %d: rate %v, want %v (%d/%d)", col+1, got, want, r.Part, r.Whole)
				}
			}
		})
	}
	a4 := s.YesNo[0]
	for _, y := range s.YesNo {
		if y.Indicator.ID == "A4" {
			a4 = y
		}
	}
	if r := a4.Rate(); a4.Indicator.ID != "A4" || r.Whole != 114 {
		t.Errorf("A4's base %d, want 114 units with a website", r.Whole)
	}
}

// TestWrappedRowsHaveHeights checks that every row of the streamed sheets
// whose wrapped text takes more than one line has a height for it:
// LibreOffice sizes no row of an .xlsx to its text and would print the
// text over the rows below.
func TestWrappedRowsHaveHeights(t *testing.T) {
	_, path := writeSamples(t)
	f := aggregatetest.OpenRaw(t, path)
	for _, sh := range []string{SheetOpinions, SheetIssues, SheetFiles} {
		t.Run(sh, func(t *testing.T) {
			rows, err := f.GetRows(sh)
			if err != nil {
				t.Fatal(err)
			}
			tall := 0
			for i, r := range rows[1:] {
				long := false
				for c, v := range r {
					w, err := f.GetColWidth(sh, colName(c+1))
					if err != nil {
						t.Fatal(err)
					}
					long = long || float64(utf8.RuneCountInString(v)) > w*1.5
				}
				if !long {
					continue
				}
				tall++
				if h, err := f.GetRowHeight(sh, i+2); err != nil || h < 29 {
					t.Errorf("row %d: height %v (%v) for %q", i+2, h, err, r)
				}
			}
			if sh == SheetOpinions && tall == 0 {
				t.Errorf("no answer longer than its column in the samples")
			}
		})
	}
}
