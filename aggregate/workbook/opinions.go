package workbook

import (
	"fmt"

	"tonghop/aggregate/summary"
)

// SheetOpinions lists every answer to the text indicators with the group
// of similar answers it fell in, as part V of the report counts them.
const SheetOpinions = "Ý kiến đơn vị"

// opinions writes "Ý kiến đơn vị": one row per answer, by indicator, in
// the order of the report: the groups of similar answers (largest first),
// the answers of their own, then the answers that say nothing.
func (b *book) opinions() {
	cols := []heading{{"STT", 6}, {"Chỉ tiêu", 22}, {"Nhóm ý kiến", 14}, {"Số đơn vị trong nhóm", 10}, {"Ý kiến tiêu biểu của nhóm", 48},
		{"Mã đơn vị", 12}, {"Đơn vị", 36}, {"Ý kiến của đơn vị", 60}}
	n := 0
	for i := range b.s.TextResults {
		tr := &b.s.TextResults[i]
		for _, g := range tr.Groups {
			n += len(g.Answers)
		}
		n += len(tr.Blank)
	}
	b.streamed(table{sheet: SheetOpinions, cols: cols, n: n, height: headerHeight(cols), filter: true, rows: func(emit func([]any)) {
		row := 0
		put := func(tr *summary.TextResult, group string, size int, rep string, a summary.TextAnswer) {
			row++
			emit([]any{
				b.nCell(float64(row), b.sWhole),
				b.sCell(tr.Indicator.ID+". "+tr.Indicator.Label, b.sWrap),
				b.sCell(group, b.sText),
				b.nCell(float64(size), b.sWhole),
				b.sCell(rep, b.sWrap),
				b.sCell(a.Unit.Unit.Code, b.sText),
				b.sCell(a.Unit.Unit.Name, b.sWrap),
				b.sCell(a.Text, b.sWrap),
			})
		}
		for i := range b.s.TextResults {
			tr := &b.s.TextResults[i]
			n := 0
			for _, g := range tr.Groups {
				if len(g.Answers) < 2 {
					continue
				}
				n++
				for _, a := range g.Answers {
					put(tr, fmt.Sprintf("Nhóm %d", n), len(g.Answers), g.Representative, a)
				}
			}
			for _, g := range tr.Groups {
				if len(g.Answers) == 1 {
					put(tr, "Ý kiến riêng", 1, "", g.Answers[0])
				}
			}
			for _, a := range tr.Blank {
				put(tr, "Không có ý kiến", len(tr.Blank), "", a)
			}
		}
	}})
}
