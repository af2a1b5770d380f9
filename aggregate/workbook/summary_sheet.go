package workbook

import (
	"fmt"
	"strings"
	"tonghop/aggregate"
	"tonghop/aggregate/summary"
	"tonghop/templates"
	"tonghop/templates/vn"

	"github.com/xuri/excelize/v2"
)

// summaryRow is one row of the summary: how each group's cell is computed.
type summaryRow struct {
	code, label, unit string
	section           bool
	style             int
	// group returns the formula of a group's cell (groupCrit is the
	// COUNTIFS/SUMIFS criteria pair selecting the group, or "" for the
	// province), or "" for a blank cell.
	group func(g *templates.Group, crit string) string
	// value is the formula's result, from the summary's tally of the
	// group (or the province).
	value func(t summary.Tally) float64
	// number marks a number indicator: its style follows its value.
	number bool
	// ind is the indicator whose total the row is, nil for the reporting
	// rows: its cells follow its total method (Tally.Totals).
	ind *templates.Indicator
	// yesNo, under a yes/no indicator's row, makes the row its base
	// (the units "thuộc diện", from the summary) or, with rate, the share
	// of Có over that base; key names the row instead of code.
	yesNo *summary.YesNo
	rate  bool
	key   string
}

// summary writes "Tổng hợp": for each group and the province, the
// reporting state and each indicator's total, as formulas over the detail
// sheet so that every number can be audited.
//
// It is long because it writes the summary sheet's rows in the order they print.
func (b *book) summary(d *detailLayout) {
	const sh = SheetSummary
	groups := b.s.Groups
	lastCol := 3 + len(groups) + 1
	b.str(sh, 1, 1, "TỔNG HỢP KẾT QUẢ BÁO CÁO: "+strings.ToUpper(b.c.Title), b.sTitle)
	b.str(sh, 1, 2, fmt.Sprintf("Số liệu tính đến ngày %s; hạn nộp: trước ngày %s.",
		vn.Date(b.s.Date), vn.Date(b.c.DataDeadline)), b.sNote)
	b.str(sh, 1, 3, "Chỉ tính báo cáo hợp lệ (đúng hạn hoặc muộn); báo cáo có lỗi không được tính vào tổng, xem trang “Lỗi” và thư mục phan-hoi. Mỗi số là công thức trên trang “Chi tiết”, trừ số đơn vị thuộc diện của các chỉ tiêu Có/Không (theo điều kiện «Thuộc diện khi» của chiến dịch; không có điều kiện thì là số đơn vị đã trả lời).", b.sNote)
	const hdr = 4
	cols := []heading{{"Mã", 7}, {"Nội dung", 48}, {"ĐVT", 11}}
	for _, g := range groups {
		cols = append(cols, heading{g.Group.Name, 14})
	}
	cols = append(cols, heading{b.c.WholeLabel(), 14})
	wholeCol := lastCol
	if b.s.Previous != nil {
		// merge --ky-truoc: the whole's figure of the previous period and
		// the change since.
		cols = append(cols, heading{"Kỳ trước", 14}, heading{"So với kỳ trước (tăng +, giảm −)", 16})
		lastCol += 2
	}
	b.header(sh, hdr, cols)
	b.check(b.f.SetRowHeight(sh, hdr, 75))

	rows := b.summaryRows(d)

	rowOf := map[string]int{}
	for i, sr := range rows {
		switch {
		case sr.key != "":
			rowOf[sr.key] = hdr + 1 + i
		case !sr.section:
			rowOf[sr.code] = hdr + 1 + i
		}
	}
	row := hdr
	for _, sr := range rows {
		row++
		if sr.section {
			b.str(sh, 1, row, "", b.sSection)
			b.str(sh, 2, row, sr.label, b.sSection)
			for c := 3; c <= lastCol; c++ {
				b.blank(sh, c, row, b.sSection)
			}
			continue
		}
		b.str(sh, 1, row, sr.code, b.sText)
		b.str(sh, 2, row, sr.label, b.sWrap)
		if h := wrapHeight(sr.label, cols[1].width); h > 0 {
			b.check(b.f.SetRowHeight(sh, row, h))
		}
		b.str(sh, 3, row, sr.unit, b.sText)
		for i := 0; i <= len(groups); i++ {
			col := 4 + i
			var g *templates.Group
			crit := ""
			tally := b.s.Province
			if i < len(groups) {
				g = groups[i].Group
				crit = fmt.Sprintf("%s,%s,", d.groupRef, quoteText(g.Code))
				tally = groups[i].Tally
			}
			if y := sr.yesNo; y != nil {
				b.baseCell(sh, col, row, y, g, sr.rate, rowOf)
				continue
			}
			var fm string
			switch sr.code {
			case "2":
				fm = fmt.Sprintf("%s+%s+%s", cellAt(col, rowOf["3"]), cellAt(col, rowOf["4"]), cellAt(col, rowOf["5"]))
			case "7":
				fm = fmt.Sprintf("IF(%s=0,0,%s/%s)", cellAt(col, rowOf["1"]), cellAt(col, rowOf["2"]), cellAt(col, rowOf["1"]))
			default:
				fm = sr.group(g, crit)
			}
			if sr.ind != nil {
				b.cell(sh, col, row, b.totalCell(sr.ind, tally.Totals[sr.ind.ID], fm, false))
				continue
			}
			if fm == "" {
				b.blank(sh, col, row, b.sText)
				continue
			}
			v := sr.value(tally)
			style := sr.style
			if sr.number {
				style = b.numberStyle(v, false)
			}
			b.formula(sh, col, row, fm, v, style)
		}
		if b.s.Previous != nil {
			b.previousCells(sh, sr.ind, wholeCol, row)
		}
	}
	b.check(b.f.MergeCell(sh, "A1", cellAt(lastCol, 1)))
	b.check(b.f.MergeCell(sh, "A2", cellAt(lastCol, 2)))
	b.check(b.f.MergeCell(sh, "A3", cellAt(lastCol, 3)))
	b.check(b.f.SetRowHeight(sh, 3, 45))
	b.check(b.f.SetCellStyle(sh, "A3", "A3", b.style(&excelize.Style{
		Font: &excelize.Font{Italic: true, Size: 11, Family: "Times New Roman"}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})))

	last := b.summaryChart(len(groups), row, rowOf)
	b.finish(sh, hdr, lastCol, last, false, 3)
	// The table fits one page; repeated on the page of the rates, its
	// header would head a table it does not belong to.
	b.check(b.f.DeleteDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sh}))
}

// previousCells writes, right of the whole's figure, the previous
// period's figure of an indicator and the change as a formula; blanks on
// rows without one.
func (b *book) previousCells(sh string, ind *templates.Indicator, wholeCol, row int) {
	var ch summary.Change
	ok := false
	if ind != nil {
		ch, ok = b.s.Previous.Change(ind.ID)
	}
	if !ok {
		b.blank(sh, wholeCol+1, row, b.sText)
		b.blank(sh, wholeCol+2, row, b.sText)
		return
	}
	before := cellAt(wholeCol+1, row)
	b.check(b.f.SetCellFloat(sh, before, ch.Before, -1, 64))
	b.check(b.f.SetCellStyle(sh, before, before, b.numberStyle(ch.Before, false)))
	b.formula(sh, wholeCol+2, row, fmt.Sprintf("%s-%s", cellAt(wholeCol, row), cellAt(wholeCol+1, row)), ch.Delta(), b.numberStyle(ch.Delta(), false))
}

// totalWords names an indicator's total method as a heading says it:
// "Trung bình", "Trung bình theo H1".
func totalWords(ind *templates.Indicator) string {
	if ind.Method() == templates.TotalWeighted {
		return "Trung bình theo " + ind.Weight
	}
	return ind.Method().Label()
}

// sent is how many units of a tally sent a report: counted, with errors,
// or unreadable (rows 3 + 4 + 5).
func sent(t summary.Tally) float64 { return float64(t.OnTime + t.Late + t.Invalid) }

// share is part/whole as the formula IF(whole=0,0,part/whole) computes it.
func share(part float64, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return part / float64(whole)
}

// summaryRows are the rows of the summary: the reporting state, then each
// summable indicator under its section.
func (b *book) summaryRows(d *detailLayout) []summaryRow {
	count := func(status ...string) func(*templates.Group, string) string {
		return func(_ *templates.Group, crit string) string {
			var parts []string
			for _, s := range status {
				parts = append(parts, fmt.Sprintf("COUNTIFS(%s%s,%s)", crit, d.statusRef, quoteText(s)))
			}
			return strings.Join(parts, "+")
		}
	}
	rows := []summaryRow{
		{label: "I. TÌNH HÌNH BÁO CÁO", section: true},
		{code: "1", label: "Số đơn vị phải báo cáo", unit: "đơn vị", style: b.sWhole, group: func(_ *templates.Group, crit string) string {
			if crit == "" {
				return fmt.Sprintf("COUNTA(%s)", d.codeRef)
			}
			return fmt.Sprintf("COUNTIFS(%s)", strings.TrimSuffix(crit, ","))
		}, value: func(t summary.Tally) float64 { return float64(t.Expected) }},
		{code: "2", label: "Số đơn vị đã gửi báo cáo (3 + 4 + 5)", unit: "đơn vị", style: b.sWhole, value: sent},
		{code: "3", label: "Trong đó: đúng hạn", unit: "đơn vị", style: b.sWhole, group: count(aggregate.StatusOnTime.Label()),
			value: func(t summary.Tally) float64 { return float64(t.OnTime) }},
		{code: "4", label: "Trong đó: muộn", unit: "đơn vị", style: b.sWhole, group: count(aggregate.StatusLate.Label()),
			value: func(t summary.Tally) float64 { return float64(t.Late) }},
		{code: "5", label: "Trong đó: có lỗi hoặc không đọc được, không tính vào tổng", unit: "đơn vị", style: b.sWhole, group: count(aggregate.StatusInvalid.Label(), aggregate.StatusUnreadable.Label()),
			value: func(t summary.Tally) float64 { return float64(t.Invalid) }},
		{code: "6", label: "Số đơn vị chưa báo cáo", unit: "đơn vị", style: b.sWhole, group: count(aggregate.StatusMissing.Label(), aggregate.StatusNotYetDue.Label()),
			value: func(t summary.Tally) float64 { return float64(t.Missing) }},
		{code: "7", label: "Tỷ lệ đã gửi báo cáo (2 / 1)", unit: "%", style: b.sPercent, value: func(t summary.Tally) float64 { return share(sent(t), t.Expected) }},
		{label: "II. KẾT QUẢ (chỉ tính báo cáo hợp lệ)", section: true},
	}
	section := ""
	for i := range b.c.Indicators {
		ind := &b.c.Indicators[i]
		if !summable(ind) {
			continue
		}
		if ind.Section != section {
			section = ind.Section
			rows = append(rows, summaryRow{label: ind.Section + ". " + ind.SectionTitle, section: true})
		}
		col := colName(d.colInd[ind.ID])
		rng := fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(SheetDetail), col, d.first, col, d.last)
		r := summaryRow{code: ind.ID, label: ind.Label, unit: ind.Unit, ind: ind}
		if ind.Type == templates.TypeYesNo {
			r.unit = "số đơn vị Có"
		} else if m := ind.Method(); m != templates.TotalSum {
			r.unit = strings.TrimSpace(ind.Unit + " (" + strings.ToLower(totalWords(ind)) + ")")
		}
		wrng := ""
		if col, ok := d.colInd[ind.Weight]; ok && ind.Weight != "" {
			wrng = fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(SheetDetail), colName(col), d.first, colName(col), d.last)
		}
		r.group = func(g *templates.Group, _ string) string {
			if g != nil && !ind.AppliesTo(g.Code) {
				return ""
			}
			crit := [][2]string{{d.countRef, quoteText(countedYes)}}
			if g != nil {
				crit = append([][2]string{{d.groupRef, quoteText(g.Code)}}, crit...)
			}
			return totalFormula(ind, rng, wrng, crit)
		}
		rows = append(rows, r)
		if y := b.yesNoOf(ind); y != nil {
			base := "Số đơn vị đã trả lời (thuộc diện)"
			if y.Condition != "" {
				base = "Số đơn vị thuộc diện (" + scopeWords(b.c, y) + ")"
			}
			rows = append(rows,
				summaryRow{key: ind.ID + "/thuoc-dien", label: base, unit: "đơn vị", yesNo: y},
				summaryRow{key: ind.ID + "/ty-le", label: "Tỷ lệ đơn vị Có / số đơn vị thuộc diện", unit: "%", yesNo: y, rate: true})
		}
	}

	return rows
}

// yesNoOf is the summary's yes/no figures of an indicator, nil when it
// is not one.
func (b *book) yesNoOf(ind *templates.Indicator) *summary.YesNo {
	for i := range b.s.YesNo {
		if b.s.YesNo[i].Indicator == ind {
			return &b.s.YesNo[i]
		}
	}
	return nil
}

// scopeWords says a yes/no indicator's scope: "A1 = Có" for a scope that
// is one yes/no indicator, else the condition as the campaign writes it.
func scopeWords(c *templates.Campaign, y *summary.YesNo) string {
	cond := strings.Join(strings.Fields(y.Condition), " ")
	if len(y.ConditionVars) == 1 && cond == y.ConditionVars[0] {
		if v := c.Indicator(cond); v != nil && v.Type == templates.TypeYesNo {
			return cond + " = Có"
		}
	}
	return "khi " + cond
}

// baseCell writes a group's (g nil: the whole's) cell of a yes/no
// indicator's base row — the units in its scope, as the summary counted
// them — or, for rate, of its rate row: the count of Có over that base,
// as a formula over the two rows above it with the summary's share as its
// result. Blank for a group the indicator does not apply to.
func (b *book) baseCell(sh string, col, row int, y *summary.YesNo, g *templates.Group, rate bool, rowOf map[string]int) {
	r := y.Rate()
	if g != nil {
		if !y.Indicator.AppliesTo(g.Code) {
			b.blank(sh, col, row, b.sText)
			return
		}
		r = y.In(g.Code)
	}
	if !rate {
		b.check(b.f.SetCellInt(sh, cellAt(col, row), int64(r.Whole)))
		b.check(b.f.SetCellStyle(sh, cellAt(col, row), cellAt(col, row), b.sWhole))
		return
	}
	count, base := cellAt(col, rowOf[y.Indicator.ID]), cellAt(col, rowOf[y.Indicator.ID+"/thuoc-dien"])
	b.formula(sh, col, row, fmt.Sprintf("IF(%s=0,0,%s/%s)", base, count, base), share(float64(r.Part), r.Whole), b.sPercent)
}

// summaryChart writes, under the table whose last row is lastRow and on a
// page of its own, a small table of rates by group — the share of the
// group's units on time, late, with errors and not reported — as formulas
// over the rows of codes 1 and 3 to 6, and beside it a stacked chart of
// those rates: shares, not counts, so that the 71 communes do not dwarf the
// one-unit groups. It returns the last row written.
func (b *book) summaryChart(ngroups, lastRow int, rowOf map[string]int) int {
	const sh = SheetSummary
	if ngroups == 0 {
		return lastRow
	}
	top := lastRow + 2
	b.check(b.f.InsertPageBreak(sh, cellAt(1, top)))
	b.str(sh, 1, top, "TỶ LỆ ĐƠN VỊ THEO TÌNH HÌNH BÁO CÁO (% số đơn vị phải báo cáo của nhóm)", b.sTitle)
	head := top + 1
	series := []struct {
		title string
		code  string
		part  func(t summary.Tally) int
	}{
		{"Đúng hạn", "3", func(t summary.Tally) int { return t.OnTime }},
		{"Muộn", "4", func(t summary.Tally) int { return t.Late }},
		{"Có lỗi, không đọc được", "5", func(t summary.Tally) int { return t.Invalid }},
		{"Chưa báo cáo", "6", func(t summary.Tally) int { return t.Missing }},
	}
	b.str(sh, 2, head, "Nhóm đơn vị", b.sHeader)
	b.str(sh, 3, head, "Số đơn vị", b.sHeader)
	for i, sr := range series {
		b.str(sh, 4+i, head, sr.title, b.sHeader)
	}
	b.check(b.f.SetRowHeight(sh, head, 45))
	row := head
	for i := 0; i <= ngroups; i++ {
		row++
		col := 4 + i // the group's column in the table above
		name, tally := b.c.WholeLabel(), b.s.Province
		if i < ngroups {
			name, tally = b.s.Groups[i].Group.Name, b.s.Groups[i].Tally
		}
		b.str(sh, 2, row, name, b.sText)
		whole := cellAt(col, rowOf["1"])
		b.formula(sh, 3, row, whole, float64(tally.Expected), b.sWhole)
		for j, sr := range series {
			b.formula(sh, 4+j, row, fmt.Sprintf("IF(%s=0,0,%s/%s)", whole, cellAt(col, rowOf[sr.code]), whole),
				share(float64(sr.part(tally)), tally.Expected), b.sPercent)
		}
	}
	cats := fmt.Sprintf("%s!$B$%d:$B$%d", quoteSheet(sh), head+1, row)
	var cs []excelize.ChartSeries
	for j := range series {
		col := colName(4 + j)
		cs = append(cs, excelize.ChartSeries{
			Name:       fmt.Sprintf("%s!$%s$%d", quoteSheet(sh), col, head),
			Categories: cats,
			Values:     fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(sh), col, head+1, col, row),
		})
	}
	dark := excelize.Font{Color: "000000", Size: 10, Family: "Times New Roman"}
	one, zero := 1.0, 0.0
	b.check(b.f.AddChart(sh, cellAt(9, head), &excelize.Chart{
		Type:   excelize.ColStacked,
		Series: cs,
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Tỷ lệ đơn vị theo tình hình báo cáo, từng nhóm",
			Font: &excelize.Font{Bold: true, Color: "000000", Size: 12, Family: "Times New Roman"}}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		XAxis:     excelize.ChartAxis{Font: dark},
		YAxis:     excelize.ChartAxis{Font: dark, Maximum: &one, Minimum: &zero, MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
		Dimension: excelize.ChartDimension{Width: 620, Height: 420},
		Format:    excelize.GraphicOptions{AltText: "Tỷ lệ đơn vị đúng hạn, muộn, có lỗi, chưa báo cáo của từng nhóm và toàn tỉnh"},
	}))
	return row
}
