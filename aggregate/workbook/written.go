package workbook

// written writes the written reports: every unit that owes one, and every
// unit that sent one, with the file and its date.
func (b *book) written() {
	cols := []heading{{"STT", 6}, {"Mã đơn vị", 12}, {"Đơn vị", 40}, {"Nhóm", 30}, {"Phải gửi", 9}, {"Tình trạng", 22},
		{"Ngày gửi", 12}, {"Hạn (trước ngày)", 12}, {"Số, ký hiệu", 16}, {"Trích yếu", 44}, {"Tệp", 40}, {"Cách nhận ra đơn vị", 40}}
	b.streamed(table{sheet: SheetWritten, cols: cols, n: len(b.s.Written), height: headerHeight(cols), filter: true, rows: func(emit func([]any)) {
		for i, w := range b.s.Written {
			cells := []any{
				b.nCell(float64(i+1), b.sWhole),
				b.sCell(w.Unit.Code, b.sText),
				b.sCell(w.Unit.Name, b.sText),
				b.sCell(b.groupName(w.Unit.Group), b.sText),
				b.sCell(map[bool]string{true: "Có", false: "Không"}[w.Required], b.sText),
				b.sCell(w.Status.Label(), b.sText),
				b.blankCell(b.sText),
				b.blankCell(b.sText),
			}
			if w.Report != nil {
				cells[6] = b.dateCell(w.Day)
			}
			if !b.c.WrittenDeadline.IsZero() {
				cells[7] = b.dateCell(b.c.WrittenDeadline)
			}
			if r := w.Report; r != nil {
				number, subject := "", ""
				if r.Written != nil {
					number, subject = r.Written.Number, r.Written.Subject
				}
				cells = append(cells,
					b.sCell(number, b.sText),
					b.sCell(subject, b.sWrap),
					b.sCell(r.File.Path, b.sText),
					b.sCell(r.Evidence, b.sWrap))
			}
			emit(cells)
		}
	}})
}
