package workbook

import "tonghop/aggregate/summary"

// missing writes "Chưa báo cáo".
func (b *book) missing() {
	const sh = SheetMissing
	b.newSheet(sh)
	cols := []heading{{"STT", 6}, {"Mã đơn vị", 12}, {"Đơn vị", 40}, {"Nhóm", 36}, {"Huyện, thành phố", 24}, {"Email", 28}, {"Trạng thái", 14}}
	b.header(sh, 1, cols)
	row := 1
	for _, ur := range b.s.Missing {
		row++
		b.num(sh, 1, row, float64(row-1), b.sWhole)
		b.str(sh, 2, row, ur.Unit.Code, b.sText)
		b.str(sh, 3, row, ur.Unit.Name, b.sText)
		b.str(sh, 4, row, b.groupName(ur.Unit.Group), b.sText)
		b.str(sh, 5, row, b.districtName(ur.Unit), b.sText)
		b.str(sh, 6, row, ur.Unit.Email, b.sText)
		b.str(sh, 7, row, ur.Status.Label(), b.sText)
	}
	b.finish(sh, 1, len(cols), row, true, 0)
}

// late writes "Nộp muộn".
func (b *book) late() {
	const sh = SheetLate
	b.newSheet(sh)
	cols := []heading{{"STT", 6}, {"Mã đơn vị", 12}, {"Đơn vị", 40}, {"Nhóm", 36}, {"Ngày gửi", 12}, {"Hạn (trước ngày)", 12}, {"Số ngày muộn", 9}, {"Căn cứ ngày gửi", 26}, {"Tệp", 40}}
	b.header(sh, 1, cols)
	row := 1
	for _, ur := range b.s.Late {
		row++
		b.num(sh, 1, row, float64(row-1), b.sWhole)
		b.str(sh, 2, row, ur.Unit.Code, b.sText)
		b.str(sh, 3, row, ur.Unit.Name, b.sText)
		b.str(sh, 4, row, b.groupName(ur.Unit.Group), b.sText)
		b.date(sh, 5, row, ur.Day)
		b.date(sh, 6, row, b.c.DataDeadline)
		b.num(sh, 7, row, float64(ur.DaysLate), b.sWhole)
		b.str(sh, 8, row, ur.Basis, b.sText)
		b.str(sh, 9, row, ur.Report.File.Path, b.sText)
	}
	b.finish(sh, 1, len(cols), row, true, 0)
}

// list writes one non-compliance list.
func (b *book) list(l summary.ListResult, sh string) {
	b.newSheet(sh)
	inds := l.Indicators
	cols := []heading{{"STT", 6}, {"Mã đơn vị", 12}, {"Đơn vị", 40}, {"Nhóm", 36}, {"Huyện, thành phố", 24}}
	for _, ind := range inds {
		cols = append(cols, heading{indicatorTitle(ind), 16})
	}
	b.header(sh, 1, cols)
	b.check(b.f.SetRowHeight(sh, 1, 90))
	row := 1
	for _, ur := range l.Units {
		row++
		b.num(sh, 1, row, float64(row-1), b.sWhole)
		b.str(sh, 2, row, ur.Unit.Code, b.sText)
		b.str(sh, 3, row, ur.Unit.Name, b.sText)
		b.str(sh, 4, row, b.groupName(ur.Unit.Group), b.sText)
		b.str(sh, 5, row, b.districtName(ur.Unit), b.sText)
		for i, ind := range inds {
			v, ok := ur.Report.Values.Get(ind.ID)
			b.value(sh, 6+i, row, v, ok)
		}
	}
	b.finish(sh, 1, len(cols), row, true, 0)
}
