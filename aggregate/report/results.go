package report

import (
	"fmt"
	"regexp"
	"strings"

	"tonghop/aggregate"
	"tonghop/aggregate/document"
	"tonghop/aggregate/summary"
	"tonghop/templates"
	"tonghop/templates/vn"
)

// Summed reports whether an indicator has a total in the report: a count
// of Có, a sum or an average, as the campaign's total method says.
func Summed(ind *templates.Indicator) bool {
	return (ind.Type == templates.TypeYesNo || ind.Type.Numeric()) && ind.Method() != templates.TotalNone
}

// formSection is the totalled indicators of one section of the form.
type formSection struct {
	code, title string
	inds        []*templates.Indicator
}

// sections returns the sections of the form that have totalled indicators,
// in form order.
func sections(c *templates.Campaign) []formSection {
	var out []formSection
	for i := range c.Indicators {
		ind := &c.Indicators[i]
		if !Summed(ind) {
			continue
		}
		if n := len(out); n == 0 || out[n-1].code != ind.Section {
			out = append(out, formSection{code: ind.Section, title: ind.SectionTitle})
		}
		out[len(out)-1].inds = append(out[len(out)-1].inds, ind)
	}
	return out
}

// yesNo returns the summary's conditional figure of a yes/no indicator.
func (b *builder) yesNo(id string) *summary.YesNo {
	for i := range b.s.YesNo {
		if b.s.YesNo[i].Indicator.ID == id {
			return &b.s.YesNo[i]
		}
	}
	return nil
}

// ratiosOf are the campaign's ratio pairs whose numerator is in the
// section.
func (b *builder) ratiosOf(sec formSection) []*summary.RatioResult {
	var out []*summary.RatioResult
	for i := range b.s.Ratios {
		r := &b.s.Ratios[i]
		for _, ind := range sec.inds {
			if ind.ID == r.Ratio.Numerator {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// figure writes a total the way the report reads it: "1.234 tin, bài",
// "85,2 %"; "–" when its method makes none (an average of nothing).
func figure(ind *templates.Indicator, t summary.Total, withUnit bool) string {
	v, ok := t.Figure(ind)
	if !ok {
		return "–"
	}
	switch {
	case ind.Type == templates.TypePercent || ind.Unit == "%":
		return vn.Pct(v)
	case withUnit && ind.Unit != "":
		return vn.Round(v, 2) + " " + ind.Unit
	}
	return vn.Round(v, 2)
}

// figureBasis says, after a total, how it was made when it is not a plain
// sum: " (trung bình của 57 đơn vị)", " (bình quân theo “Số hộ”, …)";
// and, for money in billions, the amount as said aloud, " (khoảng 2,73 tỷ
// đồng)".
func (b *builder) figureBasis(ind *templates.Indicator, t summary.Total) string {
	switch ind.Method() {
	case templates.TotalAverage:
		return fmt.Sprintf(" (trung bình của %s đơn vị báo cáo)", vn.Int(t.Answered))
	case templates.TotalWeighted:
		w := ind.Weight
		if wi := b.c.Indicator(w); wi != nil {
			w = "“" + wi.ShortLabel() + "”"
		}
		return fmt.Sprintf(" (bình quân gia quyền theo %s, %s đơn vị báo cáo)", w, vn.Int(t.Answered))
	}
	if v, ok := t.Figure(ind); ok && ind.Type == templates.TypeMoney && v >= 1e9 {
		return fmt.Sprintf(" (khoảng %s tỷ đồng)", vn.Round(v/1e9, 2))
	}
	return ""
}

// pct writes a rate as a percentage, "93,8 %"; "–" without a denominator.
func pct(part, whole float64) string {
	if whole == 0 {
		return "–"
	}
	return vn.Percent(part, whole)
}

// partResults is part II: every total of the province, the yes/no figures
// on their conditional denominators with the names behind each gap, the
// ratio pairs, and the same by group.
func (b *builder) partResults() {
	p := b.s.Province
	b.part("KẾT QUẢ THỰC HIỆN")
	b.add(para(run(fmt.Sprintf("Số liệu tổng hợp từ %s báo cáo hợp lệ (đúng hạn và muộn). Mỗi chỉ tiêu Có/Không ghi số đơn vị trả lời Có trên số đơn vị thuộc diện (đơn vị có chỉ tiêu trong biểu mẫu và thuộc diện của chỉ tiêu theo chiến dịch), kèm tỷ lệ và các đơn vị còn lại; tỷ lệ phần trăm là số trung bình, không cộng dồn.", vn.Int(p.Valid)))))
	if s := b.previousSentences(); s != "" {
		b.add(para(run(s)))
	}
	for i, sec := range sections(b.c) {
		b.add(heading(fmt.Sprintf("%d. %s", i+1, sec.title)))
		ratios := b.ratiosOf(sec)
		for j, ind := range sec.inds {
			end := ";"
			if j == len(sec.inds)-1 && len(ratios) == 0 {
				end = "."
			}
			if ind.Type == templates.TypeYesNo {
				b.add(b.yesNoPara(ind, end, fmt.Sprintf("mục II.%d", i+1)))
				continue
			}
			b.add(para(run("- "+ind.Label+": "), bold(figure(ind, p.Totals[ind.ID], true)), run(b.figureBasis(ind, p.Totals[ind.ID])+end)))
		}
		for j, r := range ratios {
			end := ";"
			if j == len(ratios)-1 {
				end = "."
			}
			b.add(para(run("- "+ratioLabel(r.Ratio)+": "), bold(pct(r.Num, r.Den)),
				run(fmt.Sprintf(" (%s/%s, trên %s đơn vị báo cáo đủ hai số liệu)%s", vn.Round(r.Num, 2), vn.Round(r.Den, 2), vn.Int(r.Units), end))))
		}
		b.add(b.groupTable(sec, ratios), spacer())
	}
}

// ratioLabel is a ratio's label, "Tỷ lệ …" when the campaign gives none.
func ratioLabel(r *templates.Ratio) string {
	if strings.TrimSpace(r.Label) != "" {
		return r.Label
	}
	return fmt.Sprintf("Tỷ lệ %s/%s", r.Numerator, r.Denominator)
}

// yesNoPara is one yes/no indicator's sentence: Có over the units it
// concerns, with the rate, then the units that have not done it and those
// it does not concern, by name.
func (b *builder) yesNoPara(ind *templates.Indicator, end, here string) document.Paragraph {
	y := b.yesNo(ind.ID)
	r := y.Rate()
	runs := []document.Run{run("- " + ind.Label + ": "),
		bold(fmt.Sprintf("%s/%s đơn vị (%s)", vn.Int(r.Part), vn.Int(r.Whole), pct(float64(r.Part), float64(r.Whole))))}
	var tail []string
	if y.Condition != "" {
		holds, fails := b.condText(y.Condition, y.ConditionVars)
		tail = append(tail, fmt.Sprintf(", trên %s đơn vị có %s", vn.Int(r.Whole), holds))
		if n := len(y.Gap); n > 0 {
			tail = append(tail, fmt.Sprintf("; %s đơn vị chưa thực hiện %s", vn.Count(n), b.names(y.Gap, here)))
		}
		if n := len(y.Outside); n > 0 {
			tail = append(tail, fmt.Sprintf("; %s đơn vị không thuộc diện vì %s %s", vn.Count(n), fails, b.names(y.Outside, here)))
		}
		if n := len(y.Unknown); n > 0 {
			tail = append(tail, fmt.Sprintf("; %s đơn vị thiếu số liệu để xét %s", vn.Count(n), b.names(y.Unknown, here)))
		}
	} else {
		if n := len(y.Gap); n > 0 {
			tail = append(tail, fmt.Sprintf("; %s đơn vị trả lời Không %s", vn.Count(n), b.names(y.Gap, here)))
		}
		if n := len(y.Unknown); n > 0 {
			tail = append(tail, fmt.Sprintf("; %s đơn vị không trả lời %s", vn.Count(n), b.names(y.Unknown, here)))
		}
	}
	runs = append(runs, run(strings.Join(tail, "")+end))
	return para(runs...)
}

var identRe = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`)

// condText writes a condition (a rule's requirement, or a required-when)
// in words, as it holds and as it
// fails: "“Đơn vị có trang/cổng thông tin điện tử” là Có" and "… là
// Không"; other expressions name the indicators by label and keep their
// comparison ("“Trang, tài khoản …” > 0").
func (b *builder) condText(expr string, mv []string) (holds, fails string) {
	if len(mv) == 1 && strings.TrimSpace(expr) == mv[0] {
		if ind := b.c.Indicator(mv[0]); ind != nil && ind.Type == templates.TypeYesNo {
			return "“" + ind.Label + "” là Có", "“" + ind.Label + "” là Không"
		}
	}
	e := identRe.ReplaceAllStringFunc(expr, func(id string) string {
		if ind := b.c.Indicator(id); ind != nil {
			return "“" + ind.Label + "”"
		}
		return id
	})
	e = strings.NewReplacer("&&", "và", "||", "hoặc", "==", "=", "!=", "≠", "<=", "≤", ">=", "≥").Replace(e)
	return e, "không có " + e
}

// groupTable is the section's totals by group: Có over the units
// concerned with the rate for a yes/no indicator, the sum for a figure,
// the ratio pairs as percentages.
func (b *builder) groupTable(sec formSection, ratios []*summary.RatioResult) document.Table {
	const hs = 10
	t := document.Table{Widths: []float64{46}, Relative: true, Borders: true, HeaderRows: 1, FontSize: 11}
	head := document.Row{Cells: []document.Cell{sizedHead("Nhóm cơ quan, đơn vị", hs)}}
	for _, ind := range sec.inds {
		t.Widths = append(t.Widths, 22)
		label := ind.Label
		if ind.Unit != "" {
			label += " (" + ind.Unit + ")"
		}
		if ind.Type == templates.TypeYesNo {
			label += ": số đơn vị Có/thuộc diện"
		}
		head.Cells = append(head.Cells, sizedHead(label, hs))
	}
	for _, r := range ratios {
		t.Widths = append(t.Widths, 18)
		head.Cells = append(head.Cells, sizedHead(ratioLabel(r.Ratio), hs))
	}
	t.Rows = append(t.Rows, head)
	var groups []*summary.GroupResult
	for i := range b.s.Groups {
		for _, ind := range sec.inds {
			if ind.AppliesTo(b.s.Groups[i].Group.Code) {
				groups = append(groups, &b.s.Groups[i])
				break
			}
		}
	}
	if len(groups) == 1 {
		// One group (the press): its units, rather than its total twice.
		t.Rows[0].Cells[0] = sizedHead("Cơ quan, đơn vị", hs)
		for _, u := range groups[0].Units {
			t.Rows = append(t.Rows, b.unitFigures(sec, ratios, u))
		}
	}
	for _, g := range groups {
		if len(groups) == 1 {
			break
		}
		r := document.Row{Cells: []document.Cell{cl(g.Group.Name)}}
		for _, ind := range sec.inds {
			switch {
			case !ind.AppliesTo(g.Group.Code):
				r.Cells = append(r.Cells, cr(""))
			case ind.Type == templates.TypeYesNo:
				r.Cells = append(r.Cells, rateCell(b.yesNo(ind.ID).In(g.Group.Code)))
			default:
				r.Cells = append(r.Cells, cr(figure(ind, g.Totals[ind.ID], false)))
			}
		}
		for _, rr := range ratios {
			x := rr.ByGroup[g.Group.Code]
			r.Cells = append(r.Cells, cr(pct(x.Num, x.Den)))
		}
		t.Rows = append(t.Rows, r)
	}
	var cells []document.Cell
	whole := b.c.WholeLabel()
	if len(groups) == 1 {
		whole = "Cộng" // the units of the one group listed above
	}
	cells = append(cells, cl(whole))
	for _, ind := range sec.inds {
		if ind.Type == templates.TypeYesNo {
			cells = append(cells, rateCell(b.yesNo(ind.ID).Rate()))
		} else {
			cells = append(cells, cr(figure(ind, b.s.Province.Totals[ind.ID], false)))
		}
	}
	for _, rr := range ratios {
		cells = append(cells, cr(pct(rr.Num, rr.Den)))
	}
	t.Rows = append(t.Rows, row(true, cells...))
	return t
}

// unitFigures is one unit's row of a section's table: its values, blank
// when its report is not counted ("Chưa báo cáo" and the like in the name
// cell).
func (b *builder) unitFigures(sec formSection, ratios []*summary.RatioResult, u *aggregate.UnitResult) document.Row {
	name := u.Unit.Name
	if !u.Status.Counted() {
		name += " (" + vn.LowerFirst(StatusShort(u.Status)) + ")"
	}
	r := document.Row{Cells: []document.Cell{cl(name)}}
	for _, ind := range sec.inds {
		v := unitValue(u, ind)
		if ind.Type == templates.TypeYesNo && v != "" {
			v = map[string]string{markYes: "Có", markNo: "Không"}[v]
		}
		r.Cells = append(r.Cells, cr(v))
	}
	for _, rr := range ratios {
		r.Cells = append(r.Cells, cr(unitRatio(u, rr)))
	}
	return r
}

// rateCell is "106/113" over "93,8 %".
func rateCell(r summary.Rate) document.Cell {
	return document.Cell{Paras: []document.Paragraph{
		{Runs: []document.Run{{Text: vn.Int(r.Part) + "/" + vn.Int(r.Whole)}}, Align: document.Right},
		{Runs: []document.Run{{Text: pct(float64(r.Part), float64(r.Whole))}}, Align: document.Right},
	}}
}

func sizedHead(t string, size float64) document.Cell {
	return document.Cell{Paras: []document.Paragraph{{Runs: []document.Run{sized(bold(t), size)}, Align: document.Centre}}}
}
