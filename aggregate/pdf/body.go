package pdf

import (
	"fmt"
	"strconv"
	"strings"

	"tonghop/aggregate"
	"tonghop/aggregate/summary"
	"tonghop/templates"
	"tonghop/templates/vn"
)

// body writes the opening sentence and parts I to V.
func (d *pdfDoc) body() {
	if s := strings.TrimSpace(d.c.Basis); s != "" {
		d.bodyPara(textRun{s, ""})
	}
	d.partReporting()
	d.partResults()
	d.partLists()
	d.partMissing()
	d.partProposals()
}

// partReporting is part I: who was asked, who reported, on time or late.
func (d *pdfDoc) partReporting() {
	c, p := d.c, d.s.Province
	d.heading("I. TÌNH HÌNH TRIỂN KHAI VÀ BÁO CÁO KẾT QUẢ")
	d.bodyPara(textRun{fmt.Sprintf("Theo đề nghị, %s cơ quan, đơn vị, địa phương thuộc %s nhóm tổ chức thực hiện %s từ ngày %s đến ngày %s và báo cáo kết quả trước ngày %s.",
		vn.Int(p.Expected), vn.Int(len(d.s.Groups)), vn.LowerFirst(c.Title),
		vn.ShortDate(c.PeriodStart), vn.ShortDate(c.PeriodEnd), vn.ShortDate(c.DataDeadline)), ""})
	s := fmt.Sprintf("Tính đến ngày %s, có %s/%s đơn vị đã gửi báo cáo (%s), trong đó %s đúng hạn, %s muộn",
		vn.ShortDate(d.today), vn.Int(p.Received), vn.Int(p.Expected), vn.Percent(float64(p.ReportingRate().Part), float64(p.ReportingRate().Whole)),
		vn.Int(p.OnTime), vn.Int(p.Late))
	if p.Invalid > 0 {
		s += fmt.Sprintf(", %s báo cáo có lỗi chưa được tổng hợp", vn.Int(p.Invalid))
	}
	s += fmt.Sprintf("; %s đơn vị chưa báo cáo", vn.Int(p.Missing))
	if d.s.BeforeDeadline {
		s += " (chưa hết hạn báo cáo)"
	}
	d.bodyPara(textRun{s + ". Cụ thể theo từng nhóm như sau:", ""})

	t := &pdfTable{
		widths: fitWidths([]float64{10, 60, 16, 16, 16, 14, 14, 18}, []bool{false, true, false, false, false, false, false, false}, d.width()),
		aligns: []string{"C", "L", "R", "R", "R", "R", "R", "R"},
		header: []tableRow{{style: "B", cells: tableCells("TT", "Nhóm cơ quan, đơn vị", "Số đơn vị", "Đã báo cáo", "Đúng hạn", "Muộn", "Có lỗi", "Chưa báo cáo")}},
		size:   tableSize, headerSize: 11,
	}
	for i, g := range d.s.Groups {
		s := g.Tally
		t.rows = append(t.rows, tableRow{cells: tableCells(strconv.Itoa(i+1), g.Group.Name, vn.Int(s.Expected), vn.Int(s.Received),
			vn.Int(s.OnTime), vn.Int(s.Late), vn.Int(s.Invalid), vn.Int(s.Missing))})
	}
	t.rows = append(t.rows, tableRow{style: "B", cells: tableCells("", "Tổng cộng", vn.Int(p.Expected), vn.Int(p.Received),
		vn.Int(p.OnTime), vn.Int(p.Late), vn.Int(p.Invalid), vn.Int(p.Missing))})
	d.drawTable(t)
	d.space(4)

	for _, g := range d.s.Groups {
		d.bodyPara(textRun{"- " + g.Group.Name + ": ", "I"}, textRun{groupSentence(g.Tally), ""})
	}
	if late := d.s.Late; len(late) > 0 {
		units := make([]*aggregate.UnitResult, len(late))
		for i, l := range late {
			units[i] = l.UnitResult
		}
		d.bodyPara(textRun{fmt.Sprintf("Các đơn vị báo cáo muộn (%s đơn vị): ", vn.Count(len(late))), "B"}, textRun{nameList(units), ""})
	}
}

// groupSentence says in one sentence where a group stands.
func groupSentence(s summary.Tally) string {
	if s.Expected == 0 {
		return "không có đơn vị nào."
	}
	if s.Received == 0 {
		return fmt.Sprintf("chưa có đơn vị nào báo cáo (0/%s đơn vị).", vn.Int(s.Expected))
	}
	var parts []string
	if s.OnTime > 0 {
		parts = append(parts, vn.Int(s.OnTime)+" đúng hạn")
	}
	if s.Late > 0 {
		parts = append(parts, vn.Int(s.Late)+" muộn")
	}
	if s.Invalid > 0 {
		parts = append(parts, vn.Int(s.Invalid)+" có lỗi")
	}
	out := fmt.Sprintf("%s/%s đơn vị đã báo cáo (%s)", vn.Int(s.Received), vn.Int(s.Expected), strings.Join(parts, ", "))
	if s.Missing > 0 {
		out += fmt.Sprintf(", %s đơn vị chưa báo cáo", vn.Int(s.Missing))
	} else {
		out += ", đủ số đơn vị"
	}
	return out + "."
}

// summed reports whether an indicator is totalled (yes/no, whole, number).
func summed(ind *templates.Indicator) bool {
	switch ind.Type {
	case templates.TypeYesNo, templates.TypeWhole, templates.TypeNumber:
		return true
	}
	return false
}

// formSection is the totalled indicators of one section of the form.
type formSection struct {
	code, title string
	inds        []*templates.Indicator
}

// sections returns the sections of the form that have totalled indicators,
// in form order.
func (d *pdfDoc) sections() []formSection {
	var out []formSection
	for i := range d.c.Indicators {
		ind := &d.c.Indicators[i]
		if !summed(ind) {
			continue
		}
		if n := len(out); n == 0 || out[n-1].code != ind.Section {
			out = append(out, formSection{code: ind.Section, title: ind.SectionTitle})
		}
		out[len(out)-1].inds = append(out[len(out)-1].inds, ind)
	}
	return out
}

// totalText writes a total the way the report reads it: "x/y đơn vị" for a
// yes/no indicator, "1.234 tin, bài" for a figure.
func totalText(ind *templates.Indicator, t summary.Total, withUnit bool) string {
	if ind.Type == templates.TypeYesNo {
		r := t.YesRate()
		s := vn.Int(r.Part) + "/" + vn.Int(r.Whole)
		if withUnit {
			s += " đơn vị"
		}
		return s
	}
	s := vn.Round(t.Sum, 2)
	if withUnit && ind.Unit != "" {
		s += " " + ind.Unit
	}
	return s
}

// partResults is part II: the totals for the province and by group, one
// item per section of the form.
func (d *pdfDoc) partResults() {
	p := d.s.Province
	d.heading("II. KẾT QUẢ THỰC HIỆN")
	d.bodyPara(textRun{fmt.Sprintf("Số liệu tổng hợp từ %s báo cáo hợp lệ (đúng hạn và muộn); các chỉ tiêu Có/Không ghi số đơn vị trả lời Có trên số đơn vị có trả lời.", vn.Int(p.Valid)), ""})
	for i, sec := range d.sections() {
		d.heading(fmt.Sprintf("%d. %s", i+1, sec.title))
		var groups []summary.GroupResult
		for _, g := range d.s.Groups {
			for _, ind := range sec.inds {
				if ind.AppliesTo(g.Group.Code) {
					groups = append(groups, g)
					break
				}
			}
		}
		for j, ind := range sec.inds {
			end := ";"
			if j == len(sec.inds)-1 {
				end = "."
			}
			d.bodyPara(textRun{"- " + ind.Label + ": ", ""}, textRun{totalText(ind, p.Totals[ind.ID], true), "B"}, textRun{end, ""})
		}
		// The same totals by group.
		widths := []float64{48}
		flex := []bool{true}
		aligns := []string{"L"}
		head := []tableCell{{text: "Nhóm cơ quan, đơn vị"}}
		for _, ind := range sec.inds {
			widths = append(widths, 22)
			flex = append(flex, true)
			aligns = append(aligns, "R")
			label := ind.Label
			if ind.Unit != "" {
				label += " (" + ind.Unit + ")"
			}
			head = append(head, tableCell{text: label})
		}
		t := &pdfTable{widths: fitWidths(widths, flex, d.width()), aligns: aligns,
			header: []tableRow{{style: "B", cells: head}}, size: tableSize, headerSize: 10}
		for _, g := range groups {
			r := tableRow{cells: []tableCell{{text: g.Group.Name}}}
			for _, ind := range sec.inds {
				v := ""
				if ind.AppliesTo(g.Group.Code) {
					v = totalText(ind, g.Totals[ind.ID], false)
				}
				r.cells = append(r.cells, tableCell{text: v})
			}
			t.rows = append(t.rows, r)
		}
		r := tableRow{style: "B", cells: []tableCell{{text: "Toàn tỉnh"}}}
		for _, ind := range sec.inds {
			r.cells = append(r.cells, tableCell{text: totalText(ind, p.Totals[ind.ID], false)})
		}
		t.rows = append(t.rows, r)
		d.drawTable(t)
		d.space(4)
	}
}

// partLists is part III: each non-compliance list by name, as the letter's
// own footnote names the units that had not placed the banner.
func (d *pdfDoc) partLists() {
	d.heading("III. CÁC CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG CHƯA THỰC HIỆN ĐẦY ĐỦ THEO ĐỀ NGHỊ")
	if len(d.s.Lists) == 0 {
		d.bodyPara(textRun{"Chiến dịch không đặt danh sách nào.", ""})
		return
	}
	d.bodyPara(textRun{"Qua báo cáo của các đơn vị (chỉ xét các báo cáo hợp lệ):", ""})
	for i, lr := range d.s.Lists {
		title := fmt.Sprintf("%d. %s", i+1, lr.List.Title)
		if len(lr.Units) == 0 {
			d.bodyPara(textRun{title + ": ", "B"}, textRun{"không có đơn vị nào.", ""})
			continue
		}
		d.bodyPara(textRun{fmt.Sprintf("%s (%s đơn vị): ", title, vn.Count(len(lr.Units))), "B"}, textRun{nameList(lr.Units), ""})
	}
}

// partMissing is part IV: the units that have not reported, by group, and
// those whose report could not be counted.
func (d *pdfDoc) partMissing() {
	d.heading("IV. CÁC CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG CHƯA BÁO CÁO")
	all := d.s.Missing
	if len(all) == 0 {
		d.bodyPara(textRun{"Tất cả các cơ quan, đơn vị, địa phương đã gửi báo cáo.", ""})
	} else {
		s := fmt.Sprintf("Còn %s cơ quan, đơn vị, địa phương chưa gửi báo cáo", vn.Count(len(all)))
		if d.s.BeforeDeadline {
			s += fmt.Sprintf(" (hạn báo cáo: trước ngày %s)", vn.ShortDate(d.c.DataDeadline))
		}
		d.bodyPara(textRun{s + ", gồm:", ""})
		for _, g := range d.s.Groups {
			us := g.Missing
			if len(us) == 0 {
				continue
			}
			d.bodyPara(textRun{fmt.Sprintf("- %s (%s): ", g.Group.Name, vn.Count(len(us))), "I"}, textRun{nameList(us), ""})
		}
	}
	if bad := d.s.Invalid; len(bad) > 0 {
		d.bodyPara(textRun{fmt.Sprintf("Ngoài ra, %s đơn vị đã gửi báo cáo nhưng báo cáo có lỗi, chưa được tổng hợp, cần sửa và gửi lại: ", vn.Count(len(bad))), ""},
			textRun{nameList(bad), ""})
	}
}

// partProposals is part V: the officer's conclusion file, or the campaign's
// proposals.
func (d *pdfDoc) partProposals() {
	d.heading("V. ĐỀ XUẤT, KIẾN NGHỊ")
	text := cleanText(d.opts.Conclusion)
	if text == "" {
		text = cleanText(d.c.Proposals)
	}
	for _, p := range strings.Split(text, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			d.bodyPara(textRun{p, ""})
		}
	}
	d.bodyPara(textRun{"Trên đây là báo cáo " + vn.LowerFirst(d.c.Subject) + "./.", ""})
}

// nameList joins unit names as the letter's footnote does: "Sở Xây dựng;
// UBND huyện Đắk Mil." — separated by semicolons, ending with a full stop.
func nameList(us []*aggregate.UnitResult) string {
	names := make([]string, len(us))
	for i, u := range us {
		names[i] = u.Unit.Name
	}
	return strings.Join(names, "; ") + "."
}
