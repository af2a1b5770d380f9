package workbook

import (
	"fmt"
	"strings"
	"tonghop/aggregate"
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
}

// summary writes "Tổng hợp": for each group and the province, the
// reporting state and each indicator's total, as formulas over the detail
// sheet so that every number can be audited.
func (b *book) summary(d *detailLayout) {
	const sh = SheetSummary
	groups := b.s.Groups
	lastCol := 3 + len(groups) + 1
	b.str(sh, 1, 1, "TỔNG HỢP KẾT QUẢ BÁO CÁO: "+strings.ToUpper(b.c.Title), b.sTitle)
	b.str(sh, 1, 2, fmt.Sprintf("Số liệu tính đến ngày %s; hạn nộp: trước ngày %s.",
		vn.Date(b.s.AsOf), vn.Date(b.c.DataDeadline)), b.sNote)
	b.str(sh, 1, 3, "Chỉ tính báo cáo hợp lệ (đúng hạn hoặc muộn); báo cáo có lỗi không được tính vào tổng, xem trang “Lỗi” và thư mục phan-hoi. Mỗi số là công thức trên trang “Chi tiết”.", b.sNote)
	const hdr = 4
	cols := []heading{{"Mã", 7}, {"Nội dung", 48}, {"ĐVT", 11}}
	for _, g := range groups {
		cols = append(cols, heading{g.Group.Name, 14})
	}
	cols = append(cols, heading{"Toàn tỉnh", 14})
	b.header(sh, hdr, cols)
	b.check(b.f.SetRowHeight(sh, hdr, 75))

	rows := b.summaryRows(d)

	rowOf := map[string]int{}
	for i, sr := range rows {
		if !sr.section {
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
		b.str(sh, 3, row, sr.unit, b.sText)
		for i := 0; i <= len(groups); i++ {
			col := 4 + i
			var g *templates.Group
			crit := ""
			if i < len(groups) {
				g = groups[i].Group
				crit = fmt.Sprintf("%s,%s,", d.groupRef, quoteText(g.Code))
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
			if fm == "" {
				b.blank(sh, col, row, b.sText)
				continue
			}
			b.formula(sh, col, row, fm, sr.style)
		}
	}
	b.check(b.f.MergeCell(sh, "A1", cellAt(lastCol, 1)))
	b.check(b.f.MergeCell(sh, "A2", cellAt(lastCol, 2)))
	b.check(b.f.MergeCell(sh, "A3", cellAt(lastCol, 3)))
	b.check(b.f.SetRowHeight(sh, 3, 30))
	b.check(b.f.SetCellStyle(sh, "A3", "A3", b.style(&excelize.Style{
		Font: &excelize.Font{Italic: true, Size: 11, Family: "Times New Roman"}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})))

	b.summaryChart(hdr, len(groups), row, rowOf)
	b.finish(sh, hdr, lastCol, row, false, 3)
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
		}},
		{code: "2", label: "Số đơn vị đã gửi báo cáo (3 + 4 + 5)", unit: "đơn vị", style: b.sWhole},
		{code: "3", label: "Trong đó: đúng hạn", unit: "đơn vị", style: b.sWhole, group: count(aggregate.StatusOnTime.Label())},
		{code: "4", label: "Trong đó: muộn", unit: "đơn vị", style: b.sWhole, group: count(aggregate.StatusLate.Label())},
		{code: "5", label: "Trong đó: có lỗi hoặc không đọc được, không tính vào tổng", unit: "đơn vị", style: b.sWhole, group: count(aggregate.StatusInvalid.Label(), aggregate.StatusUnreadable.Label())},
		{code: "6", label: "Số đơn vị chưa báo cáo", unit: "đơn vị", style: b.sWhole, group: count(aggregate.StatusMissing.Label(), aggregate.StatusNotYetDue.Label())},
		{code: "7", label: "Tỷ lệ đã gửi báo cáo (2 / 1)", unit: "%", style: b.sPercent},
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
		r := summaryRow{code: ind.ID, label: ind.Label, unit: ind.Unit, style: b.sWhole}
		if ind.Type == templates.TypeNumber {
			r.style = b.sNumber
		}
		applies := func(g *templates.Group) bool { return g == nil || ind.AppliesTo(g.Code) }
		if ind.Type == templates.TypeYesNo {
			r.unit = "số đơn vị Có"
			r.group = func(g *templates.Group, crit string) string {
				if !applies(g) {
					return ""
				}
				return fmt.Sprintf("COUNTIFS(%s%s,%s,%s,%s)", crit, rng, quoteText(countedYes), d.countRef, quoteText(countedYes))
			}
		} else {
			r.group = func(g *templates.Group, crit string) string {
				if !applies(g) {
					return ""
				}
				return fmt.Sprintf("SUMIFS(%s,%s%s,%s)", rng, crit, d.countRef, quoteText(countedYes))
			}
		}
		rows = append(rows, r)
	}

	return rows
}

// summaryChart draws the reporting state by group (the rows of codes 3 to
// 6, for ngroups groups) as a native chart under the table, whose last row
// is lastRow.
func (b *book) summaryChart(hdr, ngroups, lastRow int, rowOf map[string]int) {
	const sh = SheetSummary
	if ngroups > 0 {
		cats := fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(sh), colName(4), hdr, colName(3+ngroups), hdr)
		var series []excelize.ChartSeries
		for _, code := range []string{"3", "4", "5", "6"} {
			r := rowOf[code]
			series = append(series, excelize.ChartSeries{
				Name:       fmt.Sprintf("%s!$B$%d", quoteSheet(sh), r),
				Categories: cats,
				Values:     fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(sh), colName(4), r, colName(3+ngroups), r),
			})
		}
		// The chart prints on a page of its own, after the table.
		b.check(b.f.InsertPageBreak(sh, cellAt(1, lastRow+2)))
		b.check(b.f.AddChart(sh, cellAt(2, lastRow+2), &excelize.Chart{
			Type:      excelize.ColStacked,
			Series:    series,
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Tình hình báo cáo theo nhóm đơn vị"}}},
			Legend:    excelize.ChartLegend{Position: "bottom"},
			Dimension: excelize.ChartDimension{Width: 900, Height: 380},
			Format:    excelize.GraphicOptions{AltText: "Số đơn vị đúng hạn, muộn, có lỗi, chưa báo cáo của từng nhóm"},
		}))
	}
}
