package report

import (
	"fmt"
	"strings"

	"tonghop/aggregate/summary"
	"tonghop/templates/vn"
)

// maxQuote bounds a quoted answer, in letters.
const maxQuote = 300

// partOpinions is part V: what the units wrote in each text indicator
// (their assessment, difficulties, proposals), grouped by similarity: each
// group with its count, its keywords, a representative answer and the
// units' names; the answers that say nothing are counted and named too.
func (b *builder) partOpinions() {
	if len(b.s.TextResults) == 0 {
		return
	}
	n := b.part("Ý KIẾN CỦA CÁC CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG")
	b.add(para(run("Ý kiến của các cơ quan, đơn vị, địa phương được tổng hợp theo nội dung; mỗi nội dung nêu số đơn vị có ý kiến tương tự và một ý kiến tiêu biểu. Toàn văn ý kiến của từng đơn vị tại bảng tổng hợp kèm theo.")))
	for i := range b.s.TextResults {
		tr := &b.s.TextResults[i]
		b.opinionItem[tr.Indicator.ID] = fmt.Sprintf("mục %s.%d", n, i+1)
		b.opinions(i+1, tr)
	}
}

// opinions writes one text indicator's item.
func (b *builder) opinions(n int, tr *summary.TextResult) {
	b.add(heading(fmt.Sprintf("%d. %s", n, tr.Indicator.Label)))
	total := tr.Answered()
	if total == 0 {
		b.add(para(run("Không có đơn vị nào ghi ý kiến.")))
		return
	}
	said := total - len(tr.Blank)
	if said == total {
		b.add(para(run(fmt.Sprintf("Có %s đơn vị ghi ý kiến:", vn.Count(total)))))
	} else {
		b.add(para(run(fmt.Sprintf("Có %s đơn vị ghi ý kiến, trong đó %s đơn vị nêu nội dung cụ thể:", vn.Count(total), vn.Count(said)))))
	}
	var single []summary.TextAnswer
	for _, g := range tr.Groups {
		if len(g.Answers) == 1 {
			single = append(single, g.Answers[0])
			continue
		}
		title := tr.Indicator.Label + ", ý kiến “" + clip(quote(g.Representative), maxTitleQuote) + "”"
		b.add(para(run(fmt.Sprintf("- %s đơn vị nêu ý kiến tương tự: ", vn.Count(len(g.Answers)))),
			ital("“"+quote(g.Representative)+"”"), run(" ("+b.shortRef(title, g.Units())+").")))
	}
	if len(single) > 0 {
		b.add(para(run(fmt.Sprintf("- Ý kiến riêng của %s đơn vị:", vn.Count(len(single))))))
		for _, a := range single[:min(len(single), maxSingles)] {
			b.add(para(run("+ "+a.Unit.Unit.Name+": "), ital("“"+quote(a.Text)+"”"), run(".")))
		}
		if rest := len(single) - maxSingles; rest > 0 {
			b.add(para(run(fmt.Sprintf("+ Ý kiến riêng của %s đơn vị khác: toàn văn tại bảng tổng hợp kèm theo.", vn.Count(rest)))))
		}
	}
	if len(tr.Blank) > 0 {
		// Counted only: that a unit had nothing to say needs no name.
		b.add(para(run(fmt.Sprintf("- %s đơn vị ghi không có ý kiến.", vn.Count(len(tr.Blank))))))
	}
}

// maxSingles is the most answers of one unit each (alike to no other) the
// report quotes for an indicator; the rest are counted and left to the
// workbook, where every answer is: at national scale there are thousands.
const maxSingles = 5

// maxTitleQuote bounds the answer quoted in a names appendix item's title.
const maxTitleQuote = 80

// quote is an answer as the report quotes it: on one line, trimmed, at
// most maxQuote letters (cut at a space, with "…").
func quote(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return clip(strings.TrimRight(s, ".;,"), maxQuote)
}

// clip cuts s to at most n letters, at a space, with "…".
func clip(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	cut := string(rs[:n])
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, ".;, ") + "…"
}
