package pdf

import (
	"fmt"
	"math"
	"strconv"

	"tonghop/aggregate"
	"tonghop/aggregate/summary"
	"tonghop/templates"
	"tonghop/templates/vn"
)

// appendix writes the full table by unit on landscape pages: grouped,
// communes under their district, group subtotals and the province total.
func (d *pdfDoc) appendix() {
	d.landscape = true
	d.newPage()
	l, c := d.pdfLayout, d.c
	total := l.width()
	y := d.f.GetY()
	l.font("B", 14)
	l.centred(marginLeft, total, y, "Phụ lục", 14)
	y += lineH(14)
	d.f.SetY(y)
	d.paragraph(paraStyle{size: 14, align: "C"}, textRun{"KẾT QUẢ THỰC HIỆN CỦA TỪNG CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG", "B"})
	// One line, written as is: the blank left for the number must stay.
	l.font("I", 13)
	l.centred(marginLeft, total, d.f.GetY(), fmt.Sprintf("(Kèm theo Báo cáo số        /%s ngày %s)", c.Symbol, vn.ShortDate(d.today)), 13)
	d.f.SetY(d.f.GetY() + lineH(13) + 3)

	var inds []*templates.Indicator
	for i := range c.Indicators {
		if summed(&c.Indicators[i]) {
			inds = append(inds, &c.Indicators[i])
		}
	}
	d.paragraph(paraStyle{size: 10, align: "J", after: 2}, legend(inds)...)

	head := tableCells("TT", "Cơ quan, đơn vị, địa phương", "Tình trạng")
	aligns := []string{"C", "L", "C"}
	for _, ind := range inds {
		aligns = append(aligns, "R")
		head = append(head, tableCell{text: ind.ID})
	}
	t := &pdfTable{widths: make([]float64, len(head)), aligns: aligns,
		header: []tableRow{{style: "B", cells: head}}, size: 8, headerSize: 9, pad: 0.8}
	unitRow := func(n int, u *aggregate.UnitResult) tableRow {
		r := tableRow{cells: tableCells(strconv.Itoa(n), u.Unit.Name, statusShort(u.Status))}
		for _, ind := range inds {
			r.cells = append(r.cells, tableCell{text: unitValue(u, ind)})
		}
		return r
	}
	sumRow := func(label string, s summary.Tally, group string, style string) tableRow {
		r := tableRow{style: style, shade: true, cells: tableCells("", label, vn.Int(s.Valid)+"/"+vn.Int(s.Expected))}
		for _, ind := range inds {
			v := ""
			if group == "" || ind.AppliesTo(group) {
				v = totalText(ind, s.Totals[ind.ID], false)
			}
			r.cells = append(r.cells, tableCell{text: v})
		}
		return r
	}
	n := 0
	for gi, g := range d.s.Groups {
		t.rows = append(t.rows, tableRow{span: true, style: "B", cells: tableCells(fmt.Sprintf("%s. %s", roman(gi+1), g.Group.Name))})
		parent := ""
		for _, u := range g.Units {
			if g.Group.ParentGroup != "" && u.Unit.Parent != parent {
				parent = u.Unit.Parent
				name := parent
				if pu := c.Unit(parent); pu != nil {
					name = pu.Name
				}
				t.rows = append(t.rows, tableRow{span: true, style: "I", cells: tableCells("Thuộc " + name)})
			}
			n++
			t.rows = append(t.rows, unitRow(n, u))
		}
		t.rows = append(t.rows, sumRow("Cộng "+vn.LowerFirst(g.Group.Name), g.Tally, g.Group.Code, "B"))
	}
	t.rows = append(t.rows, sumRow("TỔNG CỘNG TOÀN TỈNH", d.s.Province, "", "B"))
	l.appendixWidths(t, total)
	d.drawTable(t)
	d.space(2)
	d.paragraph(paraStyle{size: 10, align: "L"}, textRun{"Cột Tình trạng ở dòng cộng: số đơn vị được tổng hợp/số đơn vị phải báo cáo.", "I"})
}

// appendixWidths sizes the appendix table: figures never wrap, so each
// value column is as wide as its widest entry; the names take what is left.
func (l *pdfLayout) appendixWidths(t *pdfTable, total float64) {
	nat := l.naturalWidths(t)
	t.widths[0], t.widths[2] = math.Max(nat[0], 7), nat[2]
	rest := total - t.widths[0] - t.widths[2]
	for i := 3; i < len(t.widths); i++ {
		t.widths[i] = math.Max(nat[i], 7.5)
		rest -= t.widths[i]
	}
	t.widths[1] = rest
}

// legend explains the appendix's columns, which are headed by indicator id.
func legend(inds []*templates.Indicator) []textRun {
	legend := []textRun{{"Ghi chú: ", "BI"}}
	for i, ind := range inds {
		s := ind.Label
		if ind.Unit != "" {
			s += " (" + ind.Unit + ")"
		}
		end := "; "
		if i == len(inds)-1 {
			end = ". "
		}
		legend = append(legend, textRun{ind.ID, "B"}, textRun{": " + s + end, ""})
	}
	legend = append(legend, textRun{"Cột Có/Không: x là Có, 0 là Không; ô trống: không có số liệu hoặc không thuộc biểu mẫu của đơn vị; dòng cộng ghi số đơn vị Có/số đơn vị có trả lời.", "I"})
	return legend
}

// unitValue is a unit's value of an indicator as the appendix shows it.
func unitValue(u *aggregate.UnitResult, ind *templates.Indicator) string {
	if !u.Status.Counted() || u.Report == nil || !ind.AppliesTo(u.Unit.Group) {
		return ""
	}
	v, ok := u.Report.Values[ind.ID]
	if !ok || v.Empty {
		return ""
	}
	switch ind.Type {
	case templates.TypeYesNo:
		if v.Bool {
			return "x"
		}
		return "0"
	case templates.TypeWhole, templates.TypeNumber:
		return vn.Round(v.Num, 2)
	}
	return v.String()
}

// statusShort is the status as the appendix column shows it.
func statusShort(s aggregate.Status) string {
	switch s {
	case aggregate.StatusOnTime:
		return "Đúng hạn"
	case aggregate.StatusLate:
		return "Muộn"
	case aggregate.StatusInvalid:
		return "Có lỗi"
	case aggregate.StatusUnreadable:
		return "Không đọc được"
	case aggregate.StatusMissing:
		return "Chưa báo cáo"
	case aggregate.StatusNotYetDue:
		return "Chưa báo cáo"
	}
	return s.Label()
}

// roman writes 1–39 in Roman numerals, for the group headings of the
// appendix.
func roman(n int) string {
	if n <= 0 || n >= 40 {
		return strconv.Itoa(n)
	}
	tens := []string{"", "X", "XX", "XXX"}
	ones := []string{"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"}
	return tens[n/10] + ones[n%10]
}
