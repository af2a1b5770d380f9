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
	cols := []heading{
		{"STT", 6}, {"Mã đơn vị", 12}, {"Đơn vị", 36}, {"Nhóm", 9}, {colDistrict, 22},
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
	built := 0 // the cells' index of an indicator's column is colInd-1+built
	if !b.c.HasDistricts() {
		// The district column (5) is dropped as the sheet is written.
		built = 1
		d.colStatus, d.colCount = 5, 6
		for id, col := range d.colInd {
			d.colInd[id] = col - 1
		}
	}
	colReporter := len(cols) + 1
	cols = append(cols, heading{"Người báo cáo", 22}, heading{"Điện thoại", 14}, heading{"Email", 24}, heading{"Tệp nguồn", 40})
	n := len(b.s.Units)
	d.first, d.last = 2, 1+n
	if d.last < d.first {
		d.last = d.first // an empty range still makes valid formulas
	}
	d.groupRef, d.statusRef, d.countRef, d.codeRef = d.ref(d.colGroup), d.ref(d.colStatus), d.ref(d.colCount), d.ref(2)
	b.streamed(table{sheet: sh, cols: cols, n: n, height: 120, filter: true, freezeCols: 3,
		setup: func() {
			// Some 40 columns on one A4 width print too small to read:
			// four pages wide, each repeating the header row and the
			// unit's code and name.
			four := 4
			b.check(b.f.SetPageLayout(sh, &excelize.PageLayoutOptions{FitToWidth: &four}))
			b.check(b.f.DeleteDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sh}))
			b.check(b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sh,
				RefersTo: fmt.Sprintf("%s!$B:$C,%s!$1:$1", quoteSheet(sh), quoteSheet(sh))}))
		},
		rows: func(emit func([]any)) {
			cells := make([]any, len(cols))
			for i, ur := range b.s.Units {
				u := ur.Unit
				counted := countedNo
				if ur.Status.Counted() {
					counted = countedYes
				}
				cells[0] = b.nCell(float64(i+1), b.sWhole)
				cells[1] = b.sCell(u.Code, b.sText)
				cells[2] = b.sCell(u.Name, b.sText)
				cells[3] = b.sCell(u.Group, b.sText)
				cells[4] = b.sCell(b.districtName(u), b.sText)
				cells[5] = b.sCell(ur.Status.Label(), b.sText)
				cells[6] = b.sCell(counted, b.sText)
				cells[7] = b.dateCell(ur.Day)
				r := ur.Report
				if r == nil {
					for c := 8; c < len(cols); c++ {
						cells[c] = b.blankCell(b.sText)
					}
					emit(cells)
					continue
				}
				cells[8] = b.nCell(float64(ur.Errors), b.sWhole)
				cells[9] = b.nCell(float64(ur.Warnings), b.sWhole)
				// Campaign order, not map order: cells are written the
				// same way every run.
				vals := reportVals(r)
				for i := range b.c.Indicators {
					ind := &b.c.Indicators[i]
					cells[d.colInd[ind.ID]-1+built] = b.indicatorCell(r, ind, vals)
				}
				cells[colReporter-1] = b.sCell(r.Reporter.Name, b.sText)
				cells[colReporter] = b.sCell(r.Reporter.Phone, b.sText)
				cells[colReporter+1] = b.sCell(r.Reporter.Email, b.sText)
				cells[colReporter+2] = b.sCell(r.File.Path, b.sText)
				emit(cells)
			}
		}})
	return d
}

// districts writes "Theo huyện": each district's own report and its
// communes', with a subtotal row of live formulas.
func (b *book) districts() {
	cols := []heading{{"Mã đơn vị", 12}, {"Đơn vị", 36}, {"Trạng thái", 13}, {"Tính vào tổng", 10}}
	var inds []*templates.Indicator
	groups := map[string]bool{}
	n := 0
	for _, d := range b.s.Districts {
		n += len(d.Children) + 2 // the district, its communes, the subtotal
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
	b.streamed(table{sheet: SheetDistricts, cols: cols, n: n, height: 120, freezeCols: 2, rows: func(emit func([]any)) {
		cells := make([]any, len(cols))
		row := 1
		for _, d := range b.s.Districts {
			first := row + 1
			for _, ur := range append([]*aggregate.UnitResult{d.District}, d.Children...) {
				row++
				counted := countedNo
				if ur.Status.Counted() {
					counted = countedYes
				}
				cells[0] = b.sCell(ur.Unit.Code, b.sText)
				cells[1] = b.sCell(ur.Unit.Name, b.sText)
				cells[2] = b.sCell(ur.Status.Label(), b.sText)
				cells[3] = b.sCell(counted, b.sText)
				for i, ind := range inds {
					if ur.Report == nil {
						cells[4+i] = b.blankCell(b.sText)
						continue
					}
					cells[4+i] = b.indicatorCell(ur.Report, ind, reportVals(ur.Report))
				}
				emit(cells)
			}
			last := row
			row++
			cells[0] = b.sCell("", b.sTotalText)
			cells[1] = b.sCell("Cộng: "+d.District.Unit.Name, b.sTotalText)
			cells[2] = b.blankCell(b.sTotalText)
			counted := fmt.Sprintf("$%s$%d:$%s$%d", colName(4), first, colName(4), last)
			cells[3] = b.formulaCell(fmt.Sprintf("COUNTIF(%s,%s)", counted, quoteText(countedYes)), float64(d.Valid), b.sTotalWhole)
			colOf := map[string]int{}
			for i, ind := range inds {
				colOf[ind.ID] = 5 + i
			}
			rangeOf := func(id string) string {
				col, ok := colOf[id]
				if !ok {
					return ""
				}
				return fmt.Sprintf("%s%d:%s%d", colName(col), first, colName(col), last)
			}
			for i, ind := range inds {
				f := totalFormula(ind, rangeOf(ind.ID), rangeOf(ind.Weight), [][2]string{{counted, quoteText(countedYes)}})
				cells[4+i] = b.totalCell(ind, d.Totals[ind.ID], f, true)
			}
			emit(cells)
		}
	}})
}
