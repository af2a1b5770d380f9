package workbook

import "tonghop/aggregate/summary"

// missing writes "Chưa báo cáo".
func (b *book) missing() {
	cols := []heading{{"STT", 6}, {"Mã đơn vị", 12}, {"Đơn vị", 40}, {"Nhóm", 36}, {colDistrict, 24}, {"Email", 28}, {"Trạng thái", 14}}
	b.streamed(table{sheet: SheetMissing, cols: cols, n: len(b.s.Missing), height: headerHeight(cols), filter: true, rows: func(emit func([]any)) {
		for i, ur := range b.s.Missing {
			emit([]any{
				b.nCell(float64(i+1), b.sWhole),
				b.sCell(ur.Unit.Code, b.sText),
				b.sCell(ur.Unit.Name, b.sText),
				b.sCell(b.groupName(ur.Unit.Group), b.sText),
				b.sCell(b.districtName(ur.Unit), b.sText),
				b.sCell(ur.Unit.Email, b.sText),
				b.sCell(ur.Status.Label(), b.sText),
			})
		}
	}})
}

// late writes "Nộp muộn".
func (b *book) late() {
	cols := []heading{{"STT", 6}, {"Mã đơn vị", 12}, {"Đơn vị", 40}, {"Nhóm", 36}, {"Ngày gửi", 12}, {"Hạn (trước ngày)", 12}, {"Số ngày muộn", 9}, {"Căn cứ ngày gửi", 26}, {"Tệp", 40}}
	b.streamed(table{sheet: SheetLate, cols: cols, n: len(b.s.Late), height: headerHeight(cols), filter: true, rows: func(emit func([]any)) {
		for i, ur := range b.s.Late {
			emit([]any{
				b.nCell(float64(i+1), b.sWhole),
				b.sCell(ur.Unit.Code, b.sText),
				b.sCell(ur.Unit.Name, b.sText),
				b.sCell(b.groupName(ur.Unit.Group), b.sText),
				b.dateCell(ur.Day),
				b.dateCell(b.c.DataDeadline),
				b.nCell(float64(ur.DaysLate), b.sWhole),
				b.sCell(ur.Basis, b.sText),
				b.sCell(ur.Report.File.Path, b.sWrap),
			})
		}
	}})
}

// list writes one non-compliance list.
func (b *book) list(l summary.ListResult, sh string) {
	inds := l.Indicators
	cols := []heading{{"STT", 6}, {"Mã đơn vị", 12}, {"Đơn vị", 40}, {"Nhóm", 36}, {colDistrict, 24}}
	for _, ind := range inds {
		cols = append(cols, heading{indicatorTitle(ind), 16})
	}
	b.streamed(table{sheet: sh, cols: cols, n: len(l.Units), height: 90, filter: true, rows: func(emit func([]any)) {
		cells := make([]any, len(cols))
		for i, ur := range l.Units {
			cells[0] = b.nCell(float64(i+1), b.sWhole)
			cells[1] = b.sCell(ur.Unit.Code, b.sText)
			cells[2] = b.sCell(ur.Unit.Name, b.sText)
			cells[3] = b.sCell(b.groupName(ur.Unit.Group), b.sText)
			cells[4] = b.sCell(b.districtName(ur.Unit), b.sText)
			for i, ind := range inds {
				v, ok := ur.Report.Values.Get(ind.ID)
				cells[5+i] = b.valueCell(v, ok)
			}
			emit(cells)
		}
	}})
}
