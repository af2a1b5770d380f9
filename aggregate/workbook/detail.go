package workbook

import (
	"fmt"
	"tonghop/aggregate"
	"tonghop/templates"

	"github.com/xuri/excelize/v2"
)

// detailLayout is where the detail sheet keeps what the summary's formulas
// read.
type detailLayout struct {
	first, last                   int // data rows
	colGroup, colStatus, colCount int
	colInd                        map[string]int
	groupRef, statusRef, countRef string
	codeRef                       string
}

func (d *detailLayout) ref(col int) string {
	return fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(SheetDetail), colName(col), d.first, colName(col), d.last)
}

// detail writes "Chi tiết": one row per expected unit.
func (b *book) detail() *detailLayout {
	const sh = SheetDetail
	b.newSheet(sh)
	cols := []heading{
		{"STT", 6}, {"Mã đơn vị", 12}, {"Đơn vị", 36}, {"Nhóm", 9}, {"Huyện, thành phố", 22},
		{"Trạng thái", 13}, {"Tính vào tổng", 10}, {"Ngày gửi", 12}, {"Số lỗi", 7}, {"Số cảnh báo", 9},
	}
	d := &detailLayout{colGroup: 4, colStatus: 6, colCount: 7, colInd: map[string]int{}}
	for i := range b.c.Indicators {
		ind := &b.c.Indicators[i]
		d.colInd[ind.ID] = len(cols) + 1
		w := 14.0
		if ind.Type == templates.TypeText {
			w = 40
		}
		cols = append(cols, heading{indicatorTitle(ind), w})
	}
	colReporter := len(cols) + 1
	cols = append(cols, heading{"Người báo cáo", 22}, heading{"Điện thoại", 14}, heading{"Email", 24}, heading{"Tệp nguồn", 40})
	b.header(sh, 1, cols)
	b.check(b.f.SetRowHeight(sh, 1, 120))
	row := 1
	for i, ur := range b.s.Units {
		row = i + 2
		u := ur.Unit
		b.num(sh, 1, row, float64(i+1), b.sWhole)
		b.str(sh, 2, row, u.Code, b.sText)
		b.str(sh, 3, row, u.Name, b.sText)
		b.str(sh, 4, row, u.Group, b.sText)
		b.str(sh, 5, row, b.districtName(u), b.sText)
		b.str(sh, 6, row, ur.Status.Label(), b.sText)
		counted := countedNo
		if ur.Status.Counted() {
			counted = countedYes
		}
		b.str(sh, 7, row, counted, b.sText)
		b.date(sh, 8, row, ur.Day)
		r := ur.Report
		if r == nil {
			for c := 9; c <= len(cols); c++ {
				b.blank(sh, c, row, b.sText)
			}
			continue
		}
		b.num(sh, 9, row, float64(ur.Errors), b.sWhole)
		b.num(sh, 10, row, float64(ur.Warnings), b.sWhole)
		// Campaign order, not map order: cells (and so shared strings)
		// are written the same way every run.
		for i := range b.c.Indicators {
			id := b.c.Indicators[i].ID
			v, ok := r.Values.Get(id)
			b.value(sh, d.colInd[id], row, v, ok)
		}
		b.str(sh, colReporter, row, r.Reporter.Name, b.sText)
		b.str(sh, colReporter+1, row, r.Reporter.Phone, b.sText)
		b.str(sh, colReporter+2, row, r.Reporter.Email, b.sText)
		b.str(sh, colReporter+3, row, r.File.Path, b.sText)
	}
	d.first, d.last = 2, row
	if d.last < d.first {
		d.last = d.first // an empty range still makes valid formulas
	}
	d.groupRef, d.statusRef, d.countRef, d.codeRef = d.ref(d.colGroup), d.ref(d.colStatus), d.ref(d.colCount), d.ref(2)
	b.finish(sh, 1, len(cols), row, true, 3)
	// Some 40 columns on one A4 width print too small to read: four pages
	// wide, each repeating the header row and the unit's code and name.
	four := 4
	b.check(b.f.SetPageLayout(sh, &excelize.PageLayoutOptions{FitToWidth: &four}))
	b.check(b.f.DeleteDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sh}))
	b.check(b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sh,
		RefersTo: fmt.Sprintf("%s!$B:$C,%s!$1:$1", quoteSheet(sh), quoteSheet(sh))}))
	return d
}

// districts writes "Theo huyện": each district's own report and its
// communes', with a subtotal row of live formulas.
func (b *book) districts() {
	const sh = SheetDistricts
	b.newSheet(sh)
	cols := []heading{{"Mã đơn vị", 12}, {"Đơn vị", 36}, {"Trạng thái", 13}, {"Tính vào tổng", 10}}
	var inds []*templates.Indicator
	groups := map[string]bool{}
	for _, d := range b.s.Districts {
		groups[d.District.Unit.Group] = true
		for _, ch := range d.Children {
			groups[ch.Unit.Group] = true
		}
	}
	for i := range b.c.Indicators {
		ind := &b.c.Indicators[i]
		if !summable(ind) {
			continue
		}
		for g := range groups {
			if ind.AppliesTo(g) {
				inds = append(inds, ind)
				break
			}
		}
	}
	for _, ind := range inds {
		cols = append(cols, heading{indicatorTitle(ind), 14})
	}
	b.header(sh, 1, cols)
	b.check(b.f.SetRowHeight(sh, 1, 120))
	row := 1
	for _, d := range b.s.Districts {
		first := row + 1
		for _, ur := range append([]*aggregate.UnitResult{d.District}, d.Children...) {
			row++
			b.str(sh, 1, row, ur.Unit.Code, b.sText)
			b.str(sh, 2, row, ur.Unit.Name, b.sText)
			b.str(sh, 3, row, ur.Status.Label(), b.sText)
			counted := countedNo
			if ur.Status.Counted() {
				counted = countedYes
			}
			b.str(sh, 4, row, counted, b.sText)
			for i, ind := range inds {
				var v aggregate.Value
				ok := false
				if ur.Report != nil {
					v, ok = ur.Report.Values.Get(ind.ID)
				}
				b.value(sh, 5+i, row, v, ok)
			}
		}
		last := row
		row++
		b.str(sh, 1, row, "", b.sTotalText)
		b.str(sh, 2, row, "Cộng: "+d.District.Unit.Name, b.sTotalText)
		b.blank(sh, 3, row, b.sTotalText)
		counted := fmt.Sprintf("$%s$%d:$%s$%d", colName(4), first, colName(4), last)
		b.formula(sh, 4, row, fmt.Sprintf("COUNTIF(%s,%s)", counted, quoteText(countedYes)), float64(d.Valid), b.sTotalWhole)
		for i, ind := range inds {
			col := colName(5 + i)
			rng := fmt.Sprintf("%s%d:%s%d", col, first, col, last)
			t := d.Totals[ind.ID]
			switch ind.Type {
			case templates.TypeYesNo:
				b.formula(sh, 5+i, row, fmt.Sprintf("COUNTIFS(%s,%s,%s,%s)", rng, quoteText(countedYes), counted, quoteText(countedYes)), float64(t.Yes), b.sTotalWhole)
			case templates.TypeNumber:
				b.formula(sh, 5+i, row, fmt.Sprintf("SUMIFS(%s,%s,%s)", rng, counted, quoteText(countedYes)), t.Sum, b.numberStyle(t.Sum, true))
			default:
				b.formula(sh, 5+i, row, fmt.Sprintf("SUMIFS(%s,%s,%s)", rng, counted, quoteText(countedYes)), t.Sum, b.sTotalWhole)
			}
		}
	}
	b.finish(sh, 1, len(cols), row, false, 2)
}
