package report

import (
	"fmt"
	"strconv"
	"strings"

	"tonghop/aggregate"
	"tonghop/aggregate/document"
	"tonghop/templates"
	"tonghop/templates/vn"
)

// body writes the opening sentence and the parts.
func (b *builder) body() {
	if s := strings.TrimSpace(b.c.Basis); s != "" {
		b.add(para(run(s)))
	}
	b.partReporting()
	b.partResults()
	b.partLists()
	b.partMissing()
	b.partOpinions()
	b.partProposals()
}

// Roman writes 1–39 in Roman numerals (parts, appendices, groups).
func Roman(n int) string {
	if n <= 0 || n >= 40 {
		return strconv.Itoa(n)
	}
	tens := []string{"", "X", "XX", "XXX"}
	ones := []string{"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"}
	return tens[n/10] + ones[n%10]
}

// maxNamed is the most units one sentence of the report's body names.
// Past it the body counts the units by group and points to the item of
// the names appendix (Phụ lục "Danh sách …") that lists them: a report
// the People's Committee reads is a few pages, and lists of names are
// what appendices are for. The body then grows with groups, not units.
const maxNamed = 8

// listed is a set of units named in the names appendix, under its title.
type listed struct {
	title string
	units []*templates.Unit
}

// nameList names units when they are few, else counts them by group with
// a pointer to the names appendix, where they are listed under title:
// "Sở Xây dựng; UBND huyện Đắk Mil", or "kể theo nhóm: Các sở, ban, ngành
// 6; UBND các xã, phường, thị trấn 9; danh sách tại mục 3 Phụ lục V".
func (b *builder) nameList(title string, us []*aggregate.UnitResult) string {
	units := make([]*templates.Unit, len(us))
	for i, u := range us {
		units[i] = u.Unit
	}
	return b.unitNames(title, units)
}

// unitNames is nameList of units.
func (b *builder) unitNames(title string, us []*templates.Unit) string {
	if len(us) <= maxNamed {
		return joinNames(us)
	}
	where := "danh sách tại " + b.listIn(title, us)
	if groups := b.byGroup(us, false); len(groups) > 1 {
		return CountedPrefix + strings.Join(groups, "; ") + "; " + where
	}
	return where
}

// shortRef names units when they are few, else only points to the names
// appendix: for the units behind an opinion, whose groups say nothing of
// the opinion.
func (b *builder) shortRef(title string, us []*aggregate.UnitResult) string {
	units := make([]*templates.Unit, len(us))
	for i, u := range us {
		units[i] = u.Unit
	}
	if len(units) <= maxNamed {
		return joinNames(units)
	}
	return "danh sách tại " + b.listIn(title, units)
}

// joinNames joins unit names as the letter's footnote does: "Sở Xây dựng;
// UBND huyện Đắk Mil".
func joinNames(us []*templates.Unit) string {
	names := make([]string, len(us))
	for i, u := range us {
		names[i] = u.Name
	}
	return strings.Join(names, "; ")
}

// listIn records units for the names appendix and says where they are:
// "mục 3 Phụ lục V". The same units listed again share their item.
func (b *builder) listIn(title string, us []*templates.Unit) string {
	codes := make([]string, len(us))
	for i, u := range us {
		codes[i] = u.Code
	}
	k := strings.Join(codes, "|")
	n, ok := b.listedAt[k]
	if !ok {
		b.listed = append(b.listed, listed{title: title, units: us})
		n = len(b.listed)
		b.listedAt[k] = n
	}
	return fmt.Sprintf("mục %d Phụ lục %s", n, Roman(b.namesAppendix))
}

// CountedPrefix introduces units counted by group; CountedEnd begins what
// follows the counts (where the names are).
const (
	CountedPrefix = "kể theo nhóm: "
	CountedEnd    = "; danh sách "
)

// byGroup says how many of the units are in each group, in campaign
// order: "Các sở, ban, ngành 9"; with districts, for a group whose units
// all belong to districts, how many in each: "UBND các xã, phường, thị
// trấn 4.600, trong đó thuộc UBND thành phố Gia Nghĩa 590, thuộc UBND
// huyện Đắk Glong 588".
func (b *builder) byGroup(us []*templates.Unit, districts bool) []string {
	byGroup := map[string][]*templates.Unit{}
	for _, u := range us {
		byGroup[u.Group] = append(byGroup[u.Group], u)
	}
	var parts []string
	for _, g := range b.s.Groups {
		gs := byGroup[g.Group.Code]
		if len(gs) == 0 {
			continue
		}
		part := g.Group.Name + " " + vn.Int(len(gs))
		if districts {
			if ds := b.byDistrict(gs); ds != "" {
				part += ", trong đó " + ds
			}
		}
		parts = append(parts, part)
	}
	return parts
}

// byDistrict counts units by their district, in the order of the
// districts: "thuộc UBND huyện A 12, thuộc UBND huyện B 3"; "" unless
// every unit has a district.
func (b *builder) byDistrict(us []*templates.Unit) string {
	if b.districtOf == nil {
		b.districtOf = map[string]int{}
		for i, d := range b.s.Districts {
			for _, c := range d.Children {
				b.districtOf[c.Unit.Code] = i
			}
		}
	}
	counts := make([]int, len(b.s.Districts))
	for _, u := range us {
		i, ok := b.districtOf[u.Code]
		if !ok {
			return ""
		}
		counts[i]++
	}
	var parts []string
	for i, n := range counts {
		if n > 0 {
			parts = append(parts, "thuộc "+b.s.Districts[i].District.Unit.Name+" "+vn.Int(n))
		}
	}
	return strings.Join(parts, ", ")
}

// setKey identifies a set of units.
func setKey(us []*aggregate.UnitResult) string {
	codes := make([]string, len(us))
	for i, u := range us {
		codes[i] = u.Unit.Code
	}
	return strings.Join(codes, "|")
}

// names is the names of units after a count: the list, or where the same
// units were named before; it records where they are named now.
func (b *builder) names(title string, us []*aggregate.UnitResult, here string) string {
	k := setKey(us)
	if where, ok := b.named[k]; ok {
		return "(" + where + ")"
	}
	if here != "" {
		b.named[k] = "tên như " + here
	}
	return "(" + b.nameList(title, us) + ")"
}

// romans number the parts of the body.
var romans = []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII"}

// part starts the next part of the body, numbered in capitals, and
// returns its number.
func (b *builder) part(title string) string {
	n := romans[b.partsDone]
	b.add(heading(n + ". " + title))
	b.partsDone++
	return n
}

// partReporting is part I: who was asked, who reported, on time or late.
func (b *builder) partReporting() {
	c, p := b.c, b.s.Province
	b.part("TÌNH HÌNH TRIỂN KHAI VÀ BÁO CÁO KẾT QUẢ")
	who := fmt.Sprintf("%s cơ quan, đơn vị, địa phương thuộc %s nhóm", vn.Int(p.Expected), vn.Int(len(b.s.Groups)))
	if len(b.s.Groups) == 1 {
		who = fmt.Sprintf("%s %s", vn.Int(p.Expected), vn.LowerFirst(strings.TrimPrefix(b.s.Groups[0].Group.Name, "Các ")))
	}
	b.add(para(run(fmt.Sprintf("Có %s được đề nghị tổ chức thực hiện %s từ ngày %s đến ngày %s và báo cáo kết quả trước ngày %s.",
		who, vn.LowerFirst(c.Title),
		vn.Date(c.PeriodStart), vn.Date(c.PeriodEnd), vn.Date(c.DataDeadline)))))
	rr := p.ReportingRate()
	s := fmt.Sprintf("Tính đến ngày %s, có %s/%s đơn vị đã gửi báo cáo (%s), trong đó %s đúng hạn, %s muộn",
		vn.Date(b.s.Date), vn.Int(rr.Part), vn.Int(rr.Whole), vn.Percent(float64(rr.Part), float64(rr.Whole)),
		vn.Int(p.OnTime), vn.Int(p.Late))
	if p.Invalid > 0 {
		s += fmt.Sprintf(", %s đơn vị gửi báo cáo có lỗi hoặc không đọc được, chưa được tổng hợp", vn.Int(p.Invalid))
	}
	s += fmt.Sprintf("; %s đơn vị chưa báo cáo", vn.Int(p.Missing))
	if b.s.BeforeDeadline {
		s += " (chưa hết hạn báo cáo)"
	}
	if len(b.s.Groups) == 1 {
		// One group: the sentence above is the whole table.
		b.add(para(run(s + ".")))
		b.lateUnits()
		return
	}
	b.add(para(run(s + ". Cụ thể theo từng nhóm như sau:")))

	t := document.Table{Widths: []float64{8, 74, 14, 14, 14, 12, 12, 15}, Relative: true, Borders: true, HeaderRows: 1, FontSize: headSize}
	t.Rows = append(t.Rows, headRow("TT", "Nhóm cơ quan, đơn vị", "Số đơn vị", "Đã báo cáo", "Đúng hạn", "Muộn", "Có lỗi", "Chưa báo cáo"))
	for i, g := range b.s.Groups {
		x := g.Tally
		t.Rows = append(t.Rows, row(false, cc(strconv.Itoa(i+1)), cl(g.Group.Name), cr(vn.Int(x.Expected)), cr(vn.Int(x.Received)),
			cr(vn.Int(x.OnTime)), cr(vn.Int(x.Late)), cr(vn.Int(x.Invalid)), cr(vn.Int(x.Missing))))
	}
	t.Rows = append(t.Rows, row(true, cc(""), cl("Tổng cộng"), cr(vn.Int(p.Expected)), cr(vn.Int(p.Received)),
		cr(vn.Int(p.OnTime)), cr(vn.Int(p.Late)), cr(vn.Int(p.Invalid)), cr(vn.Int(p.Missing))))
	b.add(t, spacer())
	b.lateUnits()
}

// lateUnits names the units that reported late.
func (b *builder) lateUnits() {
	if late := b.s.Late; len(late) > 0 {
		units := make([]*aggregate.UnitResult, len(late))
		for i, l := range late {
			units[i] = l.UnitResult
		}
		b.add(para(run(fmt.Sprintf("Các đơn vị báo cáo muộn (%s đơn vị): ", vn.Count(len(late)))), run(b.nameList("Các cơ quan, đơn vị, địa phương báo cáo muộn", units)+".")))
	}
}

// partLists names the units on each of the campaign's lists, as the
// letter's own footnote names the units that had not placed the banner.
func (b *builder) partLists() {
	if len(b.s.Lists) == 0 {
		return // a campaign without lists has no such part
	}
	b.part("CÁC CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG CHƯA THỰC HIỆN ĐẦY ĐỦ THEO ĐỀ NGHỊ")
	b.add(para(run("Qua báo cáo của các cơ quan, đơn vị, địa phương (không kể các báo cáo chưa hợp lệ):")))
	for i, lr := range b.s.Lists {
		title := fmt.Sprintf("%d. %s", i+1, lr.List.Title)
		if len(lr.Units) == 0 {
			b.add(para(run(title + ": không có đơn vị nào.")))
			continue
		}
		names, sep := b.nameList(lr.List.Title, lr.Units), ": "
		if len(lr.Units) > maxNamed {
			sep = ", " // counted, not named: "(10 đơn vị), kể theo nhóm: …"
		}
		b.add(para(run(fmt.Sprintf("%s (%s đơn vị)%s", title, vn.Count(len(lr.Units)), sep)), run(names+".")))
	}
}

// partMissing is part IV: the units that have not reported, by group, then
// those whose report has errors and those whose file could not be read.
func (b *builder) partMissing() {
	b.missingPart = b.part("CÁC CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG CHƯA BÁO CÁO")
	all := b.s.Missing
	switch {
	case len(all) == 0:
		b.add(para(run("Tất cả các cơ quan, đơn vị, địa phương đã gửi báo cáo.")))
	case len(all) <= maxNamed:
		b.add(para(run(b.missingLead(len(all)) + ", gồm:")))
		for _, g := range b.s.Groups {
			if us := g.Missing; len(us) > 0 {
				b.add(para(ital(fmt.Sprintf("- %s (%s): ", g.Group.Name, vn.Count(len(us)))), run(b.nameList("", us)+".")))
			}
		}
	default:
		b.add(para(run(fmt.Sprintf("%s (%s).", b.missingLead(len(all)), b.nameList("Các cơ quan, đơn vị, địa phương chưa báo cáo", all)))))
	}
	var errs, unread []*aggregate.UnitResult
	for _, u := range b.s.Invalid {
		if u.Status == aggregate.StatusUnreadable {
			unread = append(unread, u)
		} else {
			errs = append(errs, u)
		}
	}
	if len(errs) > 0 {
		b.add(para(run(fmt.Sprintf("Ngoài ra, %s đơn vị đã gửi báo cáo nhưng báo cáo có lỗi, chưa được tổng hợp, cần sửa và gửi lại: ", vn.Count(len(errs)))),
			run(b.nameList("Các đơn vị có báo cáo cần sửa và gửi lại", errs)+".")))
	}
	if len(unread) > 0 {
		b.add(para(run(fmt.Sprintf("%s đơn vị đã gửi tệp nhưng không đọc được, cần gửi lại: ", vn.Count(len(unread)))),
			run(b.nameList("Các đơn vị có tệp báo cáo không đọc được", unread)+".")))
	}
	b.writtenReports()
}

// missingLead is "Còn 04 cơ quan, đơn vị, địa phương chưa gửi báo cáo",
// with the deadline while it has not passed.
func (b *builder) missingLead(n int) string {
	s := fmt.Sprintf("Còn %s cơ quan, đơn vị, địa phương chưa gửi báo cáo", vn.Count(n))
	if b.s.BeforeDeadline {
		s += fmt.Sprintf(" (hạn báo cáo: trước ngày %s)", vn.Date(b.c.DataDeadline))
	}
	return s
}

// writtenReports says who owes a written report and has not sent it. The
// folder merged holds what the officer saved; a written report may have
// come through the document system instead, so the report says what the
// records received show, never that a report was not sent.
func (b *builder) writtenReports() {
	owed, missing := b.s.WrittenOwed, b.s.WrittenMissing
	if owed == 0 {
		return
	}
	s := "Về báo cáo bằng văn bản"
	if !b.c.WrittenDeadline.IsZero() {
		s += fmt.Sprintf(" (hạn gửi trước ngày %s)", vn.Date(b.c.WrittenDeadline))
	}
	s += fmt.Sprintf(": theo hồ sơ nhận được đến ngày %s, ", vn.Date(b.s.Date))
	if len(missing) == 0 {
		b.add(para(run(s + fmt.Sprintf("đã có báo cáo của đủ %s đơn vị phải gửi.", vn.Count(owed)))))
		return
	}
	s += fmt.Sprintf("chưa có báo cáo bằng văn bản của %s đơn vị (%s) trong số %s đơn vị phải gửi.", vn.Count(len(missing)),
		b.unitNames("Các đơn vị chưa có báo cáo bằng văn bản theo hồ sơ nhận được", missing), vn.Count(owed))
	b.add(para(run(s)))
}

// cleanText makes a text fit for the report: without a byte-order mark,
// plain line ends, NFC.
func cleanText(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.TrimSpace(run(s).Text)
}

// Table cells.

func cellP(a document.Align, bold bool, s string) document.Cell {
	return document.Cell{Paras: []document.Paragraph{{Runs: []document.Run{{Text: s, Bold: bold}}, Align: a}}}
}
func cl(s string) document.Cell { return cellP(document.Left, false, s) }
func cr(s string) document.Cell { return cellP(document.Right, false, s) }
func cc(s string) document.Cell { return cellP(document.Centre, false, s) }

// row makes a row; a total row is bold and shaded.
func row(total bool, cells ...document.Cell) document.Row {
	if total {
		for i := range cells {
			cells[i].Shade = true
			for j := range cells[i].Paras {
				for k := range cells[i].Paras[j].Runs {
					cells[i].Paras[j].Runs[k].Bold = true
				}
			}
		}
	}
	return document.Row{Cells: cells}
}

// headRow is a header row of bold centred words in headSize.
func headRow(texts ...string) document.Row {
	r := document.Row{}
	for _, t := range texts {
		r.Cells = append(r.Cells, headCell(t, 1, 1))
	}
	return r
}

func headCell(t string, cs, rs int) document.Cell {
	return document.Cell{ColSpan: cs, RowSpan: rs, Paras: []document.Paragraph{{Runs: []document.Run{sized(bold(t), headSize)}, Align: document.Centre}}}
}

// spacer is an empty line after a table (one line of body text, in Word
// as in the PDF).
func spacer() document.Paragraph {
	return document.Paragraph{}
}
