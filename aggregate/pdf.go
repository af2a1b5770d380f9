package aggregate

// The PDF summary the Department signs and sends to the provincial People's
// Committee, laid out as Nghị định 30/2020/NĐ-CP asks of a báo cáo: the
// two-column header, the title and subject, five numbered parts generated
// from the merge, the closing block, and an appendix on landscape pages with
// the full table by unit. Every indicator, group and list comes from the
// campaign; nothing here names one.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"tonghop/templates"
	"tonghop/templates/atomicfile"
	"tonghop/templates/vn"
)

// PDFOptions changes what the PDF summary says.
type PDFOptions struct {
	// Conclusion is the text of the file passed with --ket-luan; when not
	// empty it replaces Campaign.Proposals in part V. Paragraphs are
	// separated by line breaks.
	Conclusion string
}

// WritePDF writes the summary report of res to path (through a temporary
// file in the same folder). The creation date is res.AsOf, so that the same
// merge gives the same file.
func WritePDF(res *Result, path string, opts PDFOptions) error {
	var buf bytes.Buffer
	if err := renderPDF(res, opts, &buf); err != nil {
		return fmt.Errorf("tạo báo cáo PDF %s: %w", path, err)
	}
	return atomicfile.Write(path, func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	})
}

// renderPDF lays the summary out and writes the PDF bytes to w.
func renderPDF(res *Result, opts PDFOptions, w io.Writer) error {
	if res == nil || res.Campaign == nil {
		return fmt.Errorf("không có kết quả tổng hợp")
	}
	d := &pdfDoc{pdfLayout: newLayout(res.AsOf), res: res, c: res.Campaign, opts: opts, today: day(res.AsOf)}
	d.f.SetTitle(templates.NFC("Báo cáo "+vn.LowerFirst(d.c.Subject)), true)
	d.f.SetAuthor(templates.NFC(d.c.IssuingBody), true)
	d.f.SetCreator("tonghop", true)
	d.f.SetProducer("tonghop", true)
	d.f.SetLang("vi-VN")
	d.newPage()
	d.header()
	d.body()
	d.closing()
	d.appendix()
	if err := d.f.Error(); err != nil {
		return err
	}
	return d.f.Output(w)
}

// pdfDoc is the summary being laid out.
type pdfDoc struct {
	*pdfLayout
	res  *Result
	c    *templates.Campaign
	opts PDFOptions
	// today is the report's date: the calendar day of res.AsOf in Vietnam.
	today time.Time
}

// Body text sizes, points.
const (
	bodySize  = 14
	tableSize = 12
)

func (d *pdfDoc) bodyPara(runs ...textRun) {
	d.paragraph(paraStyle{size: bodySize, indent: firstIndent, after: paraSpace}, runs...)
}

// heading writes a bold part or item heading with the first-line indent.
func (d *pdfDoc) heading(text string) {
	d.ensure(3 * lineH(bodySize)) // keep a heading with what follows
	d.paragraph(paraStyle{size: bodySize, indent: firstIndent, after: paraSpace}, textRun{text, "B"})
}

// header draws the two-column header, "BÁO CÁO" and the subject line.
func (d *pdfDoc) header() {
	l, c := d.pdfLayout, d.c
	y0 := d.f.GetY()
	total := l.width()
	// The header table stays inside the text area: the parent body, the
	// issuing body and the national title in 12 pt (Nghị định 30 allows
	// 12–13) fit side by side in 165 mm; the motto keeps 13 pt.
	const hs = 12
	hx, hw := marginLeft, total
	l.font("B", hs)
	leftW := d.f.GetStringWidth(c.IssuingBody)
	l.font("", hs)
	leftW = math.Max(leftW, d.f.GetStringWidth(c.ParentBody)) + 4
	l.font("B", hs)
	rightMin := d.f.GetStringWidth("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") + 2
	leftW = math.Min(math.Max(leftW, 0.38*hw), hw-rightMin)
	rightX, rightW := hx+leftW, hw-leftW
	h12, h13 := lineH(hs), lineH(13)

	// Left: parent body, issuing body, a short rule, the number.
	y := y0
	l.font("", hs)
	l.centred(hx, leftW, y, c.ParentBody, hs)
	y += h12
	l.font("B", hs)
	tw := l.centred(hx, leftW, y, c.IssuingBody, hs)
	y += h12
	l.rule(hx+leftW/2, y+1.2, math.Min(tw/3, 30))
	y += 3.5
	l.font("", 13)
	l.centred(hx, leftW, y, "Số:        /"+c.Symbol, 13)
	leftEnd := y + h13

	// Right: national title, motto with a rule as long as it, place and date.
	y = y0
	l.font("B", hs)
	l.centred(rightX, rightW, y, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", hs)
	y += h12
	l.font("B", 13)
	tw = l.centred(rightX, rightW, y, "Độc lập - Tự do - Hạnh phúc", 13)
	y += h13
	l.rule(rightX+rightW/2, y+1.4, tw)
	y += 3.5
	l.font("I", 14)
	l.centred(rightX, rightW, y, vn.DateLine(c.Place, d.today), 14)
	rightEnd := y + lineH(14)

	d.f.SetXY(marginLeft, math.Max(leftEnd, rightEnd)+8)
	d.paragraph(paraStyle{size: 14, align: "C"}, textRun{"BÁO CÁO", "B"})
	d.paragraph(paraStyle{size: 14, align: "C"}, textRun{c.Subject, "B"})
	y = d.f.GetY()
	l.rule(marginLeft+total/2, y+1, 40)
	d.f.SetY(y + 7)
}

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
	c, p := d.c, d.res.Province
	d.heading("I. TÌNH HÌNH TRIỂN KHAI VÀ BÁO CÁO KẾT QUẢ")
	d.bodyPara(textRun{fmt.Sprintf("Theo đề nghị, %s cơ quan, đơn vị, địa phương thuộc %s nhóm tổ chức thực hiện %s từ ngày %s đến ngày %s và báo cáo kết quả trước ngày %s.",
		vn.Int(p.Expected), vn.Int(len(d.res.Groups)), vn.LowerFirst(c.Title),
		vn.ShortDate(c.PeriodStart), vn.ShortDate(c.PeriodEnd), vn.ShortDate(c.DataDeadline)), ""})
	s := fmt.Sprintf("Tính đến ngày %s, có %s/%s đơn vị đã gửi báo cáo (%s), trong đó %s đúng hạn, %s muộn",
		vn.ShortDate(d.today), vn.Int(p.Received), vn.Int(p.Expected), vn.Percent(float64(p.Received), float64(p.Expected)),
		vn.Int(p.OnTime), vn.Int(p.Late))
	if p.Invalid > 0 {
		s += fmt.Sprintf(", %s báo cáo có lỗi chưa được tổng hợp", vn.Int(p.Invalid))
	}
	s += fmt.Sprintf("; %s đơn vị chưa báo cáo", vn.Int(p.Missing))
	if d.today.Before(c.DataDeadline) {
		s += " (chưa hết hạn báo cáo)"
	}
	d.bodyPara(textRun{s + ". Cụ thể theo từng nhóm như sau:", ""})

	t := &pdfTable{
		widths: fitWidths([]float64{10, 60, 16, 16, 16, 14, 14, 18}, []bool{false, true, false, false, false, false, false, false}, d.width()),
		aligns: []string{"C", "L", "R", "R", "R", "R", "R", "R"},
		header: []tableRow{{style: "B", cells: tableCells("TT", "Nhóm cơ quan, đơn vị", "Số đơn vị", "Đã báo cáo", "Đúng hạn", "Muộn", "Có lỗi", "Chưa báo cáo")}},
		size:   tableSize, headerSize: 11,
	}
	for i, g := range d.res.Groups {
		s := g.Summary
		t.rows = append(t.rows, tableRow{cells: tableCells(strconv.Itoa(i+1), g.Group.Name, vn.Int(s.Expected), vn.Int(s.Received),
			vn.Int(s.OnTime), vn.Int(s.Late), vn.Int(s.Invalid), vn.Int(s.Missing))})
	}
	t.rows = append(t.rows, tableRow{style: "B", cells: tableCells("", "Tổng cộng", vn.Int(p.Expected), vn.Int(p.Received),
		vn.Int(p.OnTime), vn.Int(p.Late), vn.Int(p.Invalid), vn.Int(p.Missing))})
	d.drawTable(t)
	d.space(4)

	for _, g := range d.res.Groups {
		d.bodyPara(textRun{"- " + g.Group.Name + ": ", "I"}, textRun{groupSentence(g.Summary), ""})
	}
	if late := d.unitsWith(func(u *UnitResult) bool { return u.Status == StatusLate }); len(late) > 0 {
		d.bodyPara(textRun{fmt.Sprintf("Các đơn vị báo cáo muộn (%s đơn vị): ", vn.Count(len(late))), "B"}, textRun{nameList(late), ""})
	}
}

// groupSentence says in one sentence where a group stands.
func groupSentence(s Summary) string {
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
func totalText(ind *templates.Indicator, t Total, withUnit bool) string {
	if ind.Type == templates.TypeYesNo {
		s := vn.Int(t.Yes) + "/" + vn.Int(t.Answered)
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
	p := d.res.Province
	d.heading("II. KẾT QUẢ THỰC HIỆN")
	d.bodyPara(textRun{fmt.Sprintf("Số liệu tổng hợp từ %s báo cáo hợp lệ (đúng hạn và muộn); các chỉ tiêu Có/Không ghi số đơn vị trả lời Có trên số đơn vị có trả lời.", vn.Int(p.Valid)), ""})
	for i, sec := range d.sections() {
		d.heading(fmt.Sprintf("%d. %s", i+1, sec.title))
		var groups []GroupResult
		for _, g := range d.res.Groups {
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
	if len(d.res.Lists) == 0 {
		d.bodyPara(textRun{"Chiến dịch không đặt danh sách nào.", ""})
		return
	}
	d.bodyPara(textRun{"Qua báo cáo của các đơn vị (chỉ xét các báo cáo hợp lệ):", ""})
	for i, lr := range d.res.Lists {
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
	missing := func(u *UnitResult) bool { return u.Status == StatusMissing || u.Status == StatusNotYetDue }
	all := d.unitsWith(missing)
	if len(all) == 0 {
		d.bodyPara(textRun{"Tất cả các cơ quan, đơn vị, địa phương đã gửi báo cáo.", ""})
	} else {
		s := fmt.Sprintf("Còn %s cơ quan, đơn vị, địa phương chưa gửi báo cáo", vn.Count(len(all)))
		if d.today.Before(d.c.DataDeadline) {
			s += fmt.Sprintf(" (hạn báo cáo: trước ngày %s)", vn.ShortDate(d.c.DataDeadline))
		}
		d.bodyPara(textRun{s + ", gồm:", ""})
		for _, g := range d.res.Groups {
			us := d.unitsWith(func(u *UnitResult) bool { return u.Unit.Group == g.Group.Code && missing(u) })
			if len(us) == 0 {
				continue
			}
			d.bodyPara(textRun{fmt.Sprintf("- %s (%s): ", g.Group.Name, vn.Count(len(us))), "I"}, textRun{nameList(us), ""})
		}
	}
	if bad := d.unitsWith(func(u *UnitResult) bool { return u.Status == StatusInvalid }); len(bad) > 0 {
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

// closing draws "Nơi nhận:" on the left and the signer on the right, kept
// together on one page.
func (d *pdfDoc) closing() {
	l, c := d.pdfLayout, d.c
	total := l.width()
	leftW := total * 0.5
	rightX, rightW := marginLeft+leftW, total-leftW
	h11, h12, h14 := lineH(11)*0.95, lineH(12), lineH(14)
	var recips []string
	for _, r := range c.Recipients {
		recips = append(recips, l.wrapText("- "+r, "", 11, leftW-2)...)
	}
	leftH := h12 + float64(len(recips))*h11
	signSpace := 28.0
	rightH := float64(len(c.SignerTitle))*h14 + signSpace + h14
	d.space(2)
	d.ensure(math.Max(leftH, rightH) + 2)
	y0 := d.f.GetY()

	y := y0
	l.font("BI", 12)
	d.f.Text(marginLeft, baseline(y, h12, 12), "Nơi nhận:")
	y += h12
	l.font("", 11)
	for _, s := range recips {
		d.f.Text(marginLeft, baseline(y, h11, 11), s)
		y += h11
	}

	y = y0
	l.font("B", 14)
	for _, s := range c.SignerTitle {
		l.centred(rightX, rightW, y, s, 14)
		y += h14
	}
	y += signSpace
	if c.SignerName != "" {
		l.centred(rightX, rightW, y, c.SignerName, 14)
	}
	d.f.SetXY(marginLeft, y0+math.Max(leftH, rightH))
}

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
	// Legend: the columns are headed by indicator id.
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
	d.paragraph(paraStyle{size: 10, align: "J", after: 2}, legend...)

	head := tableCells("TT", "Cơ quan, đơn vị, địa phương", "Tình trạng")
	aligns := []string{"C", "L", "C"}
	for _, ind := range inds {
		aligns = append(aligns, "R")
		head = append(head, tableCell{text: ind.ID})
	}
	t := &pdfTable{widths: make([]float64, len(head)), aligns: aligns,
		header: []tableRow{{style: "B", cells: head}}, size: 8, headerSize: 9, pad: 0.8}
	unitRow := func(n int, u *UnitResult) tableRow {
		r := tableRow{cells: tableCells(strconv.Itoa(n), u.Unit.Name, statusShort(u.Status))}
		for _, ind := range inds {
			r.cells = append(r.cells, tableCell{text: unitValue(u, ind)})
		}
		return r
	}
	sumRow := func(label string, s Summary, group string, style string) tableRow {
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
	for gi, g := range d.res.Groups {
		t.rows = append(t.rows, tableRow{span: true, style: "B", cells: tableCells(fmt.Sprintf("%s. %s", roman(gi+1), g.Group.Name))})
		var units []*UnitResult
		for _, u := range d.res.Units {
			if u.Unit.Group == g.Group.Code {
				units = append(units, u)
			}
		}
		parent := ""
		for _, u := range units {
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
		t.rows = append(t.rows, sumRow("Cộng "+vn.LowerFirst(g.Group.Name), g.Summary, g.Group.Code, "B"))
	}
	t.rows = append(t.rows, sumRow("TỔNG CỘNG TOÀN TỈNH", d.res.Province, "", "B"))
	// Figures never wrap: each value column is as wide as its widest
	// entry; the names take what is left.
	nat := l.naturalWidths(t)
	t.widths[0], t.widths[2] = math.Max(nat[0], 7), nat[2]
	rest := total - t.widths[0] - t.widths[2]
	for i := 3; i < len(t.widths); i++ {
		t.widths[i] = math.Max(nat[i], 7.5)
		rest -= t.widths[i]
	}
	t.widths[1] = rest
	d.drawTable(t)
	d.space(2)
	d.paragraph(paraStyle{size: 10, align: "L"}, textRun{"Cột Tình trạng ở dòng cộng: số đơn vị được tổng hợp/số đơn vị phải báo cáo.", "I"})
}

// unitValue is a unit's value of an indicator as the appendix shows it.
func unitValue(u *UnitResult, ind *templates.Indicator) string {
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
func statusShort(s Status) string {
	switch s {
	case StatusOnTime:
		return "Đúng hạn"
	case StatusLate:
		return "Muộn"
	case StatusInvalid:
		return "Có lỗi"
	case StatusMissing:
		return "Chưa báo cáo"
	case StatusNotYetDue:
		return "Chưa báo cáo"
	}
	return s.Label()
}

// unitsWith returns the units for which keep holds, in registry order.
func (d *pdfDoc) unitsWith(keep func(*UnitResult) bool) []*UnitResult {
	var out []*UnitResult
	for _, u := range d.res.Units {
		if u.Unit != nil && keep(u) {
			out = append(out, u)
		}
	}
	return out
}

// nameList joins unit names as the letter's footnote does: "Sở Xây dựng;
// UBND huyện Đắk Mil." — separated by semicolons, ending with a full stop.
func nameList(us []*UnitResult) string {
	names := make([]string, len(us))
	for i, u := range us {
		names[i] = u.Unit.Name
	}
	return strings.Join(names, "; ") + "."
}

func tableCells(texts ...string) []tableCell {
	out := make([]tableCell, len(texts))
	for i, t := range texts {
		out[i] = tableCell{text: t}
	}
	return out
}

// cleanText makes a text file's content fit for the report: NFC, without a
// byte-order mark, with Windows line ends made plain.
func cleanText(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.TrimSpace(norm.NFC.String(s))
}

// ReadConclusion reads the --ket-luan file: UTF-8 text, paragraphs on their
// own lines.
func ReadConclusion(path string) (string, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("không tìm thấy tệp kết luận %s", path)
	}
	if err != nil {
		return "", fmt.Errorf("đọc tệp kết luận %s: %w", path, err)
	}
	if !utf8.Valid(b) {
		return "", fmt.Errorf("tệp kết luận %s: không phải văn bản UTF-8 (hãy lưu lại với bảng mã UTF-8)", path)
	}
	s := cleanText(string(b))
	if s == "" {
		return "", fmt.Errorf("tệp kết luận %s: tệp rỗng", path)
	}
	return s, nil
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
