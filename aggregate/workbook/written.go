package workbook

// written writes the written reports: every unit that owes one, and every
// unit that sent one, with the file and its date.
func (b *book) written() {
	const sh = SheetWritten
	b.newSheet(sh)
	cols := []heading{{"STT", 6}, {"Mã đơn vị", 12}, {"Đơn vị", 40}, {"Nhóm", 30}, {"Phải gửi", 9}, {"Tình trạng", 22},
		{"Ngày gửi", 12}, {"Hạn (trước ngày)", 12}, {"Số, ký hiệu", 16}, {"Trích yếu", 44}, {"Tệp", 40}, {"Cách nhận ra đơn vị", 40}}
	b.header(sh, 1, cols)
	row := 1
	for _, w := range b.s.Written {
		row++
		b.num(sh, 1, row, float64(row-1), b.sWhole)
		b.str(sh, 2, row, w.Unit.Code, b.sText)
		b.str(sh, 3, row, w.Unit.Name, b.sText)
		b.str(sh, 4, row, b.groupName(w.Unit.Group), b.sText)
		b.str(sh, 5, row, map[bool]string{true: "Có", false: "Không"}[w.Required], b.sText)
		b.str(sh, 6, row, w.Status.Label(), b.sText)
		if w.Report == nil {
			b.blank(sh, 7, row, b.sText)
		} else {
			b.date(sh, 7, row, w.Day)
		}
		if b.c.WrittenDeadline.IsZero() {
			b.blank(sh, 8, row, b.sText)
		} else {
			b.date(sh, 8, row, b.c.WrittenDeadline)
		}
		if r := w.Report; r != nil {
			number, subject := "", ""
			if r.Written != nil {
				number, subject = r.Written.Number, r.Written.Subject
			}
			b.str(sh, 9, row, number, b.sText)
			b.str(sh, 10, row, subject, b.sWrap)
			b.str(sh, 11, row, r.File.Path, b.sText)
			b.str(sh, 12, row, r.Evidence, b.sWrap)
		}
	}
	b.finish(sh, 1, len(cols), row, true, 0)
}
