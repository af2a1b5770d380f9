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
	const sh = SheetOpinions
	b.newSheet(sh)
	cols := []heading{{"STT", 6}, {"Chỉ tiêu", 22}, {"Nhóm ý kiến", 14}, {"Số đơn vị trong nhóm", 10}, {"Ý kiến tiêu biểu của nhóm", 48},
		{"Mã đơn vị", 12}, {"Đơn vị", 36}, {"Ý kiến của đơn vị", 60}}
	b.header(sh, 1, cols)
	row := 1
	put := func(tr *summary.TextResult, group string, size int, rep string, a summary.TextAnswer) {
		row++
		b.num(sh, 1, row, float64(row-1), b.sWhole)
		b.str(sh, 2, row, tr.Indicator.ID+". "+tr.Indicator.Label, b.sWrap)
		b.str(sh, 3, row, group, b.sText)
		b.num(sh, 4, row, float64(size), b.sWhole)
		b.str(sh, 5, row, rep, b.sWrap)
		b.str(sh, 6, row, a.Unit.Unit.Code, b.sText)
		b.str(sh, 7, row, a.Unit.Unit.Name, b.sWrap)
		b.str(sh, 8, row, a.Text, b.sWrap)
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
	b.finish(sh, 1, len(cols), row, true, 0)
}
