// Package workbook writes the consolidated workbook (tong-hop.xlsx): the
// totals by group as live formulas over a detail sheet, the districts with
// their communes, who is missing or late, the non-compliance lists, every
// issue and every file seen. It sits at the end of the flow (result →
// summary → writers) and is imported only by main.
package workbook

import (
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"tonghop/aggregate"
	"tonghop/aggregate/summary"
	"tonghop/templates"
	"tonghop/templates/atomicfile"
	"tonghop/templates/vn"
)

// Sheet names of the consolidated workbook. The non-compliance lists add
// one sheet each, named by the list's title.
const (
	SheetSummary   = "Tổng hợp"
	SheetDetail    = "Chi tiết"
	SheetDistricts = "Theo huyện"
	SheetMissing   = "Chưa báo cáo"
	SheetLate      = "Nộp muộn"
	SheetIssues    = "Lỗi"
	SheetFiles     = "Tệp nguồn"
)

// Words the summary's formulas look for in the detail sheet.
const (
	countedYes = "Có"
	countedNo  = "Không"
)

// Write writes the consolidated workbook: the totals by group as
// live formulas over the detail sheet, one row per unit, the districts with
// their communes, who is missing or late, the non-compliance lists, every
// issue and every file seen.
func Write(s *summary.Summary, path string) error {
	f, err := build(s)
	if err != nil {
		return fmt.Errorf("tạo %s: %w", path, err)
	}
	defer f.Close()
	return atomicfile.Write(path, func(w io.Writer) error {
		_, err := f.WriteTo(w)
		return err
	})
}

// book is the workbook being written, with its styles.
type book struct {
	f   *excelize.File
	s   *summary.Summary
	c   *templates.Campaign
	err error // the first error; later calls do nothing

	sTitle, sNote, sHeader, sText, sWrap, sWhole, sNumber, sDate, sDateTime, sPercent int
	sSection, sTotalText, sTotalWhole, sTotalNumber                                   int
}

// summable reports whether an indicator has a total: a sum, or a count of Có.
func summable(ind *templates.Indicator) bool {
	return ind.Type == templates.TypeWhole || ind.Type == templates.TypeNumber || ind.Type == templates.TypeYesNo
}

func build(s *summary.Summary) (*excelize.File, error) {
	b := &book{f: excelize.NewFile(), s: s, c: s.Campaign}
	b.styles()
	stamp := s.AsOf.UTC().Format("2006-01-02T15:04:05Z")
	b.check(b.f.SetDocProps(&excelize.DocProperties{
		Title:          "Tổng hợp báo cáo: " + s.Campaign.Title,
		Subject:        s.Campaign.Subject,
		Creator:        "tonghop",
		LastModifiedBy: "tonghop",
		Created:        stamp,
		Modified:       stamp,
		Language:       "vi-VN",
	}))
	// Formulas are written without cached results: the office suite
	// computes them on opening.
	full := true
	b.check(b.f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full}))
	b.check(b.f.SetSheetName("Sheet1", SheetSummary))
	detail := b.detail()
	b.summary(detail)
	b.districts()
	b.missing()
	b.late()
	used := map[string]bool{}
	for _, n := range []string{SheetSummary, SheetDetail, SheetDistricts, SheetMissing, SheetLate, SheetIssues, SheetFiles} {
		used[strings.ToLower(n)] = true
	}
	for _, l := range s.Lists {
		b.list(l, sheetName(l.List.Title, used))
	}
	// Before the streamed sheets: once flushed, a streamed sheet must not
	// be read back (SetActiveSheet visits every sheet).
	b.f.SetActiveSheet(0)
	b.issues()
	b.files()
	if b.err != nil {
		b.f.Close()
		return nil, b.err
	}
	return b.f, nil
}

func (b *book) check(err error) {
	if err != nil && b.err == nil {
		b.err = err
	}
}

func (b *book) style(s *excelize.Style) int {
	id, err := b.f.NewStyle(s)
	b.check(err)
	return id
}

func (b *book) styles() {
	font := func(bold bool, size float64) *excelize.Font {
		return &excelize.Font{Bold: bold, Size: size, Family: "Times New Roman"}
	}
	border := []excelize.Border{
		{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
		{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1},
	}
	fmtp := func(s string) *string { return &s }
	top := &excelize.Alignment{Vertical: "top"}
	b.sTitle = b.style(&excelize.Style{Font: font(true, 14)})
	b.sNote = b.style(&excelize.Style{Font: &excelize.Font{Italic: true, Size: 11, Family: "Times New Roman"}})
	b.sHeader = b.style(&excelize.Style{Font: font(true, 11), Border: border,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	b.sText = b.style(&excelize.Style{Font: font(false, 11), Border: border, Alignment: top})
	b.sWrap = b.style(&excelize.Style{Font: font(false, 11), Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	b.sWhole = b.style(&excelize.Style{Font: font(false, 11), Border: border, Alignment: top, CustomNumFmt: fmtp("#,##0")})
	b.sNumber = b.style(&excelize.Style{Font: font(false, 11), Border: border, Alignment: top, CustomNumFmt: fmtp("#,##0.00")})
	b.sDate = b.style(&excelize.Style{Font: font(false, 11), Border: border, Alignment: top, CustomNumFmt: fmtp("dd/mm/yyyy")})
	b.sDateTime = b.style(&excelize.Style{Font: font(false, 11), Border: border, Alignment: top, CustomNumFmt: fmtp("dd/mm/yyyy hh:mm")})
	b.sPercent = b.style(&excelize.Style{Font: font(false, 11), Border: border, Alignment: top, CustomNumFmt: fmtp("0.0%")})
	section := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}
	b.sSection = b.style(&excelize.Style{Font: font(true, 11), Border: border, Fill: section})
	b.sTotalText = b.style(&excelize.Style{Font: font(true, 11), Border: border, Fill: section})
	b.sTotalWhole = b.style(&excelize.Style{Font: font(true, 11), Border: border, Fill: section, CustomNumFmt: fmtp("#,##0")})
	b.sTotalNumber = b.style(&excelize.Style{Font: font(true, 11), Border: border, Fill: section, CustomNumFmt: fmtp("#,##0.00")})
}

// cellAt returns the name of the cell at column col, row row (1-based).
func cellAt(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col, row)
	return s
}

// colName returns the letters of a column.
func colName(col int) string {
	s, _ := excelize.ColumnNumberToName(col)
	return s
}

// inert makes text from an input safe and valid as a cell's text: control
// characters XML cannot hold are dropped. It is always written as a string
// (SetCellStr, or a string Value of a streamed cell), so "=…" stays text and
// never becomes a formula.
func inert(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
			return -1
		}
		return r
	}, s)
}

func (b *book) str(sheet string, col, row int, s string, style int) {
	c := cellAt(col, row)
	b.check(b.f.SetCellStr(sheet, c, inert(s)))
	b.check(b.f.SetCellStyle(sheet, c, c, style))
}

func (b *book) num(sheet string, col, row int, v float64, style int) {
	c := cellAt(col, row)
	b.check(b.f.SetCellFloat(sheet, c, v, -1, 64))
	b.check(b.f.SetCellStyle(sheet, c, c, style))
}

func (b *book) formula(sheet string, col, row int, formula string, style int) {
	c := cellAt(col, row)
	b.check(b.f.SetCellFormula(sheet, c, formula))
	b.check(b.f.SetCellStyle(sheet, c, c, style))
}

func (b *book) blank(sheet string, col, row int, style int) {
	c := cellAt(col, row)
	b.check(b.f.SetCellStyle(sheet, c, c, style))
}

// date writes a calendar day.
func (b *book) date(sheet string, col, row int, t time.Time) {
	if t.IsZero() {
		b.blank(sheet, col, row, b.sDate)
		return
	}
	b.num(sheet, col, row, templates.DateToSerial(t), b.sDate)
}

// dateTimeSerial is the serial number of a moment as the clock showed it in
// Vietnam.
func dateTimeSerial(t time.Time) float64 {
	l := aggregate.InVietnam(t)
	d := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
	frac := float64(l.Hour()*3600+l.Minute()*60+l.Second()) / 86400
	return templates.DateToSerial(d) + frac
}

// value writes an indicator's value by its type.
func (b *book) value(sheet string, col, row int, v aggregate.Value, ok bool) {
	if !ok || v.Empty {
		b.blank(sheet, col, row, b.sText)
		return
	}
	switch v.Type {
	case templates.TypeYesNo:
		w := countedNo
		if v.Bool {
			w = countedYes
		}
		b.str(sheet, col, row, w, b.sText)
	case templates.TypeWhole:
		b.num(sheet, col, row, v.Num, b.sWhole)
	case templates.TypeNumber:
		b.num(sheet, col, row, v.Num, b.sNumber)
	case templates.TypeDate:
		b.date(sheet, col, row, v.Date)
	default:
		b.str(sheet, col, row, v.Text, b.sText)
	}
}

// header writes a header row with column widths.
type heading struct {
	title string
	width float64
}

func (b *book) header(sheet string, row int, cols []heading) {
	for i, c := range cols {
		b.str(sheet, i+1, row, c.title, b.sHeader)
		b.check(b.f.SetColWidth(sheet, colName(i+1), colName(i+1), c.width))
	}
}

// finish freezes the rows above firstData, sets an autofilter over the
// table when asked, the print setup and the sheet's real dimension.
func (b *book) finish(sheet string, headerRow, lastCol, lastRow int, filter bool, freezeCols int) {
	if lastRow < headerRow {
		lastRow = headerRow
	}
	b.check(b.f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, XSplit: freezeCols, YSplit: headerRow,
		TopLeftCell: cellAt(freezeCols+1, headerRow+1), ActivePane: activePane(freezeCols),
	}))
	if filter {
		b.check(b.f.AutoFilter(sheet, cellAt(1, headerRow)+":"+cellAt(lastCol, lastRow), nil))
	}
	a4, landscape, one, zero, yes := 9, "landscape", 1, 0, true
	b.check(b.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &a4, Orientation: &landscape, FitToWidth: &one, FitToHeight: &zero}))
	b.check(b.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes}))
	b.check(b.f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", Scope: sheet,
		RefersTo: fmt.Sprintf("%s!$%d:$%d", quoteSheet(sheet), headerRow, headerRow),
	}))
	b.check(b.f.SetSheetDimension(sheet, "A1:"+cellAt(lastCol, lastRow)))
}

func activePane(freezeCols int) string {
	if freezeCols > 0 {
		return "bottomRight"
	}
	return "bottomLeft"
}

func quoteSheet(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// quoteText writes s as a string literal of a formula.
func quoteText(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func (b *book) newSheet(name string) {
	_, err := b.f.NewSheet(name)
	b.check(err)
}

// sheetName makes a list title a valid sheet name, unique among used.
var badSheetChars = regexp.MustCompile(`[\[\]:*?/\\]`)

func sheetName(title string, used map[string]bool) string {
	base := strings.Trim(badSheetChars.ReplaceAllString(templates.NFC(title), " "), "' ")
	if base == "" {
		base = "Danh sách"
	}
	base = truncRunes(base, 31)
	name := base
	for i := 2; used[strings.ToLower(name)]; i++ {
		suffix := fmt.Sprintf(" (%d)", i)
		name = truncRunes(base, 31-len(suffix)) + suffix
	}
	used[strings.ToLower(name)] = true
	return name
}

func truncRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return strings.TrimSpace(string(r[:n]))
	}
	return s
}

// districtName is the district a unit belongs to: its parent's name, or
// its own when it is a parent of others.
func (b *book) districtName(u *templates.Unit) string {
	if u.Parent != "" {
		if p := b.c.Unit(u.Parent); p != nil {
			return p.Name
		}
		return u.Parent
	}
	if len(b.c.Children(u.Code)) > 0 {
		return u.Name
	}
	return ""
}

func (b *book) groupName(code string) string {
	if g := b.c.Group(code); g != nil {
		return g.Name
	}
	return code
}

// indicatorTitle is an indicator's column heading.
func indicatorTitle(ind *templates.Indicator) string {
	s := ind.ID + ". " + ind.Label
	if ind.Unit != "" {
		s += " (" + ind.Unit + ")"
	}
	return s
}

// detailLayout is where the detail sheet keeps what the summary's formulas
// read.
type detailLayout struct {
	first, last                   int // data rows
	colGroup, colStatus, colCount int
	colInd                        map[string]int
	groupRef, statusRef, countRef string
	codeRef                       string
}

func (d *detailLayout) ref(col int) string {
	return fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(SheetDetail), colName(col), d.first, colName(col), d.last)
}

// detail writes "Chi tiết": one row per expected unit.
func (b *book) detail() *detailLayout {
	const sh = SheetDetail
	b.newSheet(sh)
	cols := []heading{
		{"STT", 6}, {"Mã đơn vị", 12}, {"Đơn vị", 36}, {"Nhóm", 9}, {"Huyện, thành phố", 22},
		{"Trạng thái", 13}, {"Tính vào tổng", 10}, {"Ngày gửi", 12}, {"Số lỗi", 7}, {"Số cảnh báo", 9},
	}
	d := &detailLayout{colGroup: 4, colStatus: 6, colCount: 7, colInd: map[string]int{}}
	for i := range b.c.Indicators {
		ind := &b.c.Indicators[i]
		d.colInd[ind.ID] = len(cols) + 1
		w := 14.0
		if ind.Type == templates.TypeText {
			w = 40
		}
		cols = append(cols, heading{indicatorTitle(ind), w})
	}
	colReporter := len(cols) + 1
	cols = append(cols, heading{"Người báo cáo", 22}, heading{"Điện thoại", 14}, heading{"Email", 24}, heading{"Tệp nguồn", 40})
	b.header(sh, 1, cols)
	b.check(b.f.SetRowHeight(sh, 1, 120))
	row := 1
	for i, ur := range b.s.Units {
		row = i + 2
		u := ur.Unit
		b.num(sh, 1, row, float64(i+1), b.sWhole)
		b.str(sh, 2, row, u.Code, b.sText)
		b.str(sh, 3, row, u.Name, b.sText)
		b.str(sh, 4, row, u.Group, b.sText)
		b.str(sh, 5, row, b.districtName(u), b.sText)
		b.str(sh, 6, row, ur.Status.Label(), b.sText)
		counted := countedNo
		if ur.Status.Counted() {
			counted = countedYes
		}
		b.str(sh, 7, row, counted, b.sText)
		b.date(sh, 8, row, ur.Day)
		r := ur.Report
		if r == nil {
			for c := 9; c <= len(cols); c++ {
				b.blank(sh, c, row, b.sText)
			}
			continue
		}
		b.num(sh, 9, row, float64(ur.Errors), b.sWhole)
		b.num(sh, 10, row, float64(ur.Warnings), b.sWhole)
		// Campaign order, not map order: cells (and so shared strings)
		// are written the same way every run.
		for i := range b.c.Indicators {
			id := b.c.Indicators[i].ID
			v, ok := r.Values[id]
			b.value(sh, d.colInd[id], row, v, ok)
		}
		b.str(sh, colReporter, row, r.Reporter.Name, b.sText)
		b.str(sh, colReporter+1, row, r.Reporter.Phone, b.sText)
		b.str(sh, colReporter+2, row, r.Reporter.Email, b.sText)
		b.str(sh, colReporter+3, row, r.File.Path, b.sText)
	}
	d.first, d.last = 2, row
	if d.last < d.first {
		d.last = d.first // an empty range still makes valid formulas
	}
	d.groupRef, d.statusRef, d.countRef, d.codeRef = d.ref(d.colGroup), d.ref(d.colStatus), d.ref(d.colCount), d.ref(2)
	b.finish(sh, 1, len(cols), row, true, 3)
	return d
}

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
		{code: "5", label: "Trong đó: có lỗi, không tính vào tổng", unit: "đơn vị", style: b.sWhole, group: count(aggregate.StatusInvalid.Label())},
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

	// The reporting state by group, as a native chart under the table.
	if len(groups) > 0 {
		cats := fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(sh), colName(4), hdr, colName(3+len(groups)), hdr)
		var series []excelize.ChartSeries
		for _, code := range []string{"3", "4", "5", "6"} {
			r := rowOf[code]
			series = append(series, excelize.ChartSeries{
				Name:       fmt.Sprintf("%s!$B$%d", quoteSheet(sh), r),
				Categories: cats,
				Values:     fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(sh), colName(4), r, colName(3+len(groups)), r),
			})
		}
		// The chart prints on a page of its own, after the table.
		b.check(b.f.InsertPageBreak(sh, cellAt(1, row+2)))
		b.check(b.f.AddChart(sh, cellAt(2, row+2), &excelize.Chart{
			Type:      excelize.ColStacked,
			Series:    series,
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Tình hình báo cáo theo nhóm đơn vị"}}},
			Legend:    excelize.ChartLegend{Position: "bottom"},
			Dimension: excelize.ChartDimension{Width: 900, Height: 380},
			Format:    excelize.GraphicOptions{AltText: "Số đơn vị đúng hạn, muộn, có lỗi, chưa báo cáo của từng nhóm"},
		}))
	}
	b.finish(sh, hdr, lastCol, row, false, 3)
}

// districts writes "Theo huyện": each district's own report and its
// communes', with a subtotal row of live formulas.
func (b *book) districts() {
	const sh = SheetDistricts
	b.newSheet(sh)
	cols := []heading{{"Mã đơn vị", 12}, {"Đơn vị", 36}, {"Trạng thái", 13}, {"Tính vào tổng", 10}}
	var inds []*templates.Indicator
	groups := map[string]bool{}
	for _, d := range b.s.Districts {
		groups[d.District.Unit.Group] = true
		for _, ch := range d.Children {
			groups[ch.Unit.Group] = true
		}
	}
	for i := range b.c.Indicators {
		ind := &b.c.Indicators[i]
		if !summable(ind) {
			continue
		}
		for g := range groups {
			if ind.AppliesTo(g) {
				inds = append(inds, ind)
				break
			}
		}
	}
	for _, ind := range inds {
		cols = append(cols, heading{indicatorTitle(ind), 14})
	}
	b.header(sh, 1, cols)
	b.check(b.f.SetRowHeight(sh, 1, 120))
	row := 1
	for _, d := range b.s.Districts {
		first := row + 1
		for _, ur := range append([]*aggregate.UnitResult{d.District}, d.Children...) {
			row++
			b.str(sh, 1, row, ur.Unit.Code, b.sText)
			b.str(sh, 2, row, ur.Unit.Name, b.sText)
			b.str(sh, 3, row, ur.Status.Label(), b.sText)
			counted := countedNo
			if ur.Status.Counted() {
				counted = countedYes
			}
			b.str(sh, 4, row, counted, b.sText)
			for i, ind := range inds {
				var v aggregate.Value
				ok := false
				if ur.Report != nil {
					v, ok = ur.Report.Values[ind.ID]
				}
				b.value(sh, 5+i, row, v, ok)
			}
		}
		last := row
		row++
		b.str(sh, 1, row, "", b.sTotalText)
		b.str(sh, 2, row, "Cộng: "+d.District.Unit.Name, b.sTotalText)
		b.blank(sh, 3, row, b.sTotalText)
		counted := fmt.Sprintf("$%s$%d:$%s$%d", colName(4), first, colName(4), last)
		b.formula(sh, 4, row, fmt.Sprintf("COUNTIF(%s,%s)", counted, quoteText(countedYes)), b.sTotalWhole)
		for i, ind := range inds {
			col := colName(5 + i)
			rng := fmt.Sprintf("%s%d:%s%d", col, first, col, last)
			switch ind.Type {
			case templates.TypeYesNo:
				b.formula(sh, 5+i, row, fmt.Sprintf("COUNTIFS(%s,%s,%s,%s)", rng, quoteText(countedYes), counted, quoteText(countedYes)), b.sTotalWhole)
			case templates.TypeNumber:
				b.formula(sh, 5+i, row, fmt.Sprintf("SUMIFS(%s,%s,%s)", rng, counted, quoteText(countedYes)), b.sTotalNumber)
			default:
				b.formula(sh, 5+i, row, fmt.Sprintf("SUMIFS(%s,%s,%s)", rng, counted, quoteText(countedYes)), b.sTotalWhole)
			}
		}
	}
	b.finish(sh, 1, len(cols), row, false, 2)
}

// missing writes "Chưa báo cáo".
func (b *book) missing() {
	const sh = SheetMissing
	b.newSheet(sh)
	cols := []heading{{"STT", 6}, {"Mã đơn vị", 12}, {"Đơn vị", 40}, {"Nhóm", 36}, {"Huyện, thành phố", 24}, {"Email", 28}, {"Trạng thái", 14}}
	b.header(sh, 1, cols)
	row := 1
	for _, ur := range b.s.Missing {
		row++
		b.num(sh, 1, row, float64(row-1), b.sWhole)
		b.str(sh, 2, row, ur.Unit.Code, b.sText)
		b.str(sh, 3, row, ur.Unit.Name, b.sText)
		b.str(sh, 4, row, b.groupName(ur.Unit.Group), b.sText)
		b.str(sh, 5, row, b.districtName(ur.Unit), b.sText)
		b.str(sh, 6, row, ur.Unit.Email, b.sText)
		b.str(sh, 7, row, ur.Status.Label(), b.sText)
	}
	b.finish(sh, 1, len(cols), row, true, 0)
}

// late writes "Nộp muộn".
func (b *book) late() {
	const sh = SheetLate
	b.newSheet(sh)
	cols := []heading{{"STT", 6}, {"Mã đơn vị", 12}, {"Đơn vị", 40}, {"Nhóm", 36}, {"Ngày gửi", 12}, {"Hạn (trước ngày)", 12}, {"Số ngày muộn", 9}, {"Căn cứ ngày gửi", 26}, {"Tệp", 40}}
	b.header(sh, 1, cols)
	row := 1
	for _, ur := range b.s.Late {
		row++
		b.num(sh, 1, row, float64(row-1), b.sWhole)
		b.str(sh, 2, row, ur.Unit.Code, b.sText)
		b.str(sh, 3, row, ur.Unit.Name, b.sText)
		b.str(sh, 4, row, b.groupName(ur.Unit.Group), b.sText)
		b.date(sh, 5, row, ur.Day)
		b.date(sh, 6, row, b.c.DataDeadline)
		b.num(sh, 7, row, float64(ur.DaysLate), b.sWhole)
		b.str(sh, 8, row, ur.Basis, b.sText)
		b.str(sh, 9, row, ur.Report.File.Path, b.sText)
	}
	b.finish(sh, 1, len(cols), row, true, 0)
}

// list writes one non-compliance list.
func (b *book) list(l summary.ListResult, sh string) {
	b.newSheet(sh)
	inds := l.Indicators
	cols := []heading{{"STT", 6}, {"Mã đơn vị", 12}, {"Đơn vị", 40}, {"Nhóm", 36}, {"Huyện, thành phố", 24}}
	for _, ind := range inds {
		cols = append(cols, heading{indicatorTitle(ind), 16})
	}
	b.header(sh, 1, cols)
	b.check(b.f.SetRowHeight(sh, 1, 90))
	row := 1
	for _, ur := range l.Units {
		row++
		b.num(sh, 1, row, float64(row-1), b.sWhole)
		b.str(sh, 2, row, ur.Unit.Code, b.sText)
		b.str(sh, 3, row, ur.Unit.Name, b.sText)
		b.str(sh, 4, row, b.groupName(ur.Unit.Group), b.sText)
		b.str(sh, 5, row, b.districtName(ur.Unit), b.sText)
		for i, ind := range inds {
			v, ok := ur.Report.Values[ind.ID]
			b.value(sh, 6+i, row, v, ok)
		}
	}
	b.finish(sh, 1, len(cols), row, true, 0)
}

// streamed writes a sheet whose rows are many (one per issue, one per file)
// through excelize's stream writer, so that its cells are not all held in
// memory until the workbook is saved: rows(emit) must call emit once per
// data row, in order. The frozen header, autofilter, print setup and
// dimension are set on the worksheet before the stream starts (the stream
// writes the sheet's properties and dimension first), the widths before the
// first row. Text cells are plain strings (inline strings, never formulas).
// Past 16 MB the stream keeps its rows in a temporary file, removed when the
// workbook is closed.
func (b *book) streamed(sh string, cols []heading, n int, rows func(emit func(cells []any))) {
	b.newSheet(sh)
	if b.err != nil {
		return
	}
	b.finish(sh, 1, len(cols), 1+n, true, 0)
	sw, err := b.f.NewStreamWriter(sh)
	if err != nil {
		b.check(err)
		return
	}
	// Each width set is put before those already set, and the stream
	// writes them as they are kept: last column first gives the ascending
	// order the file format asks for.
	for i := len(cols); i >= 1; i-- {
		b.check(sw.SetColWidth(i, i, cols[i-1].width))
	}
	hdr := make([]any, len(cols))
	for i, c := range cols {
		hdr[i] = excelize.Cell{StyleID: b.sHeader, Value: inert(c.title)}
	}
	b.check(sw.SetRow("A1", hdr))
	row := 1
	rows(func(cells []any) {
		row++
		if b.err == nil {
			var opts []excelize.RowOpts
			if h := b.wrappedHeight(cells, cols); h > 0 {
				opts = append(opts, excelize.RowOpts{Height: h})
			}
			b.check(sw.SetRow(cellAt(1, row), cells, opts...))
		}
	})
	if row != 1+n {
		b.check(fmt.Errorf("trang %s: %d dòng, cần %d", sh, row-1, n))
	}
	b.check(sw.Flush())
}

// wrappedHeight is the height a streamed row needs for its wrapped text,
// 0 when one line is enough. Office suites do not re-measure rows written
// without a height (LibreOffice prints long messages over the rows below),
// so the height is estimated here: characters per line from the column
// width, 15 points a line.
func (b *book) wrappedHeight(cells []any, cols []heading) float64 {
	lines := 1
	for i, c := range cells {
		cell, ok := c.(excelize.Cell)
		if !ok || cell.StyleID != b.sWrap || i >= len(cols) {
			continue
		}
		text, _ := cell.Value.(string)
		perLine := int(cols[i].width * 1.1)
		if perLine < 1 {
			perLine = 1
		}
		n := 0
		for _, para := range strings.Split(text, "\n") {
			n += max(1, (utf8.RuneCountInString(para)+perLine-1)/perLine)
		}
		lines = max(lines, n)
	}
	if lines == 1 {
		return 0
	}
	return float64(min(lines, 27)) * 15 // Excel's limit is 409 points
}

// Cells of a streamed row.
func (b *book) sCell(s string, style int) excelize.Cell {
	return excelize.Cell{StyleID: style, Value: inert(s)}
}

func (b *book) nCell(v float64, style int) excelize.Cell {
	return excelize.Cell{StyleID: style, Value: v}
}

// dateTimeCell is a moment as the clock showed it in Vietnam.
func (b *book) dateTimeCell(t time.Time) excelize.Cell {
	if t.IsZero() {
		return excelize.Cell{StyleID: b.sDateTime}
	}
	return b.nCell(dateTimeSerial(t), b.sDateTime)
}

// issues writes "Lỗi": every issue, with an autofilter.
func (b *book) issues() {
	cols := []heading{{"STT", 6}, {"Tệp", 40}, {"Mã đơn vị", 12}, {"Đơn vị", 32}, {"Trang", 12}, {"Ô", 7}, {"Chỉ tiêu", 9}, {"Mức độ", 10}, {"Nội dung", 80}}
	b.streamed(SheetIssues, cols, len(b.s.Issues), func(emit func([]any)) {
		for i, is := range b.s.Issues {
			name := ""
			if u := b.c.Unit(is.Unit); u != nil {
				name = u.Name
			}
			emit([]any{
				b.nCell(float64(i+1), b.sWhole),
				b.sCell(is.File, b.sText),
				b.sCell(is.Unit, b.sText),
				b.sCell(name, b.sText),
				b.sCell(is.Sheet, b.sText),
				b.sCell(is.Cell, b.sText),
				b.sCell(is.Indicator, b.sText),
				b.sCell(is.Severity.Label(), b.sText),
				b.sCell(is.Msg, b.sWrap),
			})
		}
	})
}

// files writes "Tệp nguồn": every file seen and what became of it.
func (b *book) files() {
	cols := []heading{{"STT", 6}, {"Tệp", 44}, {"Kích thước (byte)", 12}, {"SHA-256", 24}, {"Lưu lúc", 16}, {"Tệp sửa lúc", 16},
		{"Mã đơn vị", 12}, {"Đơn vị", 32}, {"Sử dụng", 12}, {"Lý do", 50}, {"Cách nhận ra đơn vị", 40}}
	b.streamed(SheetFiles, cols, len(b.s.Files), func(emit func([]any)) {
		for i, fo := range b.s.Files {
			r := fo.Report
			code, name := "", ""
			if r.Unit != nil {
				code, name = r.Unit.Code, r.Unit.Name
			}
			emit([]any{
				b.nCell(float64(i+1), b.sWhole),
				b.sCell(r.File.Path, b.sText),
				b.nCell(float64(r.File.Size), b.sWhole),
				b.sCell(r.File.SHA256, b.sText),
				b.dateTimeCell(r.File.Saved),
				b.dateTimeCell(r.File.ModTime),
				b.sCell(code, b.sText),
				b.sCell(name, b.sText),
				b.sCell(fo.Use.Label(), b.sText),
				b.sCell(fo.Reason, b.sWrap),
				b.sCell(r.Evidence, b.sWrap),
			})
		}
	})
}
