package templates

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"tonghop/templates/vn"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// The report form: what goes on each unit's workbook (guide sheet, report
// sheet, identity), built in memory by Campaign.Template; generate.go writes
// the files.

// The look of the generated workbooks.
const (
	formFont     = "Times New Roman"
	formFontSize = 12
	colorInput   = "FFF2CC" // input cells: light yellow
	colorHeader  = "D9E1F2" // table header
	colorSection = "EDEDED" // section title rows
	lineHeight   = 16.0     // points per line of 12 pt text
	signRows     = 5        // empty rows left for signatures
	textRowLines = 7        // lines of a free-text input row
	dvMaxMessage = 255      // Excel's limit for a validation message
	dvMaxTitle   = 32       // Excel's limit for a validation title
)

// Report sheet columns: STT | Nội dung | ĐVT | Số liệu | Ghi chú. ColID and
// ColValue of the contract are the first and fourth; Ghi chú is left open for
// the unit's own notes (what a cell accepts is in its input prompt).
var reportCols = []struct {
	header string
	width  float64
}{
	{"STT", 6},
	{"Nội dung", 52},
	{"ĐVT", 11},
	{"Số liệu", 16},
	{"Ghi chú", 30},
}

// Reporter block rows, in order: defined name, label, text length limit (0:
// the report date).
var reporterRows = []struct {
	name, label, help string
	maxLen            int
}{
	{NameReporterName, "Họ và tên người báo cáo", "Họ và tên người lập báo cáo", 100},
	{NameReporterTitle, "Chức vụ", "Chức vụ của người lập báo cáo", 200},
	{NameReporterPhone, "Số điện thoại", "Số điện thoại liên hệ, ví dụ 0261 3544 888", 50},
	{NameReporterEmail, "Thư điện tử (email)", "Địa chỉ thư điện tử để nhận phản hồi về báo cáo", 254},
	{NameReportDate, "Ngày báo cáo", "", 0},
}

// formStyles are the cell styles of one workbook.
type formStyles struct {
	title, subtitle, period                 int
	label, info, infoBold                   int
	header, section, sectionID, id, text    int
	free, signHead, signNote                int
	inYesNo, inWhole, inNumber, inDate      int
	inMoney, inPercent, inChoice            int
	inText, inLine                          int
	guideTitle, guideHead, guideText, ident int
}

func newFormStyles(f *excelize.File) (formStyles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1},
		{Type: "right", Color: "000000", Style: 1},
		{Type: "bottom", Color: "000000", Style: 1},
	}
	font := func(size float64, bold, italic bool) *excelize.Font {
		return &excelize.Font{Family: formFont, Size: size, Bold: bold, Italic: italic}
	}
	fill := func(color string) excelize.Fill {
		return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
	}
	locked := &excelize.Protection{Locked: true}
	unlocked := &excelize.Protection{Locked: false}
	dateFmt, wholeFmt, percentFmt := "dd/mm/yyyy", "#,##0", "0.0##%"
	input := func(numFmt int, custom *string, horizontal string, wrap bool) *excelize.Style {
		return &excelize.Style{
			Border: border, Fill: fill(colorInput), Font: font(formFontSize, false, false),
			Alignment:  &excelize.Alignment{Horizontal: horizontal, Vertical: "center", WrapText: wrap},
			Protection: unlocked, NumFmt: numFmt, CustomNumFmt: custom,
		}
	}
	var st formStyles
	defs := []struct {
		id *int
		s  *excelize.Style
	}{
		{&st.title, &excelize.Style{Font: font(14, true, false), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}, Protection: locked}},
		{&st.subtitle, &excelize.Style{Font: font(13, true, false), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}, Protection: locked}},
		{&st.period, &excelize.Style{Font: font(formFontSize, false, true), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}, Protection: locked}},
		{&st.label, &excelize.Style{Font: font(formFontSize, false, false), Alignment: &excelize.Alignment{Vertical: "center"}, Protection: locked}},
		{&st.info, &excelize.Style{Font: font(formFontSize, false, false), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}, Protection: locked, NumFmt: 49}},
		{&st.infoBold, &excelize.Style{Font: font(formFontSize, true, false), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}, Protection: locked, NumFmt: 49}},
		{&st.header, &excelize.Style{Border: border, Fill: fill(colorHeader), Font: font(formFontSize, true, false), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}, Protection: locked}},
		{&st.section, &excelize.Style{Border: border, Fill: fill(colorSection), Font: font(formFontSize, true, false), Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}, Protection: locked}},
		{&st.sectionID, &excelize.Style{Border: border, Fill: fill(colorSection), Font: font(formFontSize, true, false), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}, Protection: locked}},
		{&st.signHead, &excelize.Style{Font: font(formFontSize, true, false), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}, Protection: locked}},
		{&st.signNote, &excelize.Style{Font: font(formFontSize, false, true), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}, Protection: locked}},
		{&st.id, &excelize.Style{Border: border, Font: font(formFontSize, false, false), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}, Protection: locked, NumFmt: 49}},
		{&st.text, &excelize.Style{Border: border, Font: font(formFontSize, false, false), Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}, Protection: locked}},
		// The unit's own notes: open, but not yellow, so that the cells to
		// fill stay the yellow ones.
		{&st.free, &excelize.Style{Border: border, Font: font(11, false, false), Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}, Protection: unlocked, NumFmt: 49}},
		{&st.inYesNo, input(0, nil, "center", false)},
		{&st.inWhole, input(0, &wholeFmt, "right", false)},
		{&st.inNumber, input(0, nil, "right", false)},
		{&st.inDate, input(0, &dateFmt, "center", false)},
		{&st.inMoney, input(0, &wholeFmt, "right", false)},
		// A percent cell: Excel keeps 0,895 and shows 89,5 %, and takes
		// 89,5 typed into it as 89,5 %.
		{&st.inPercent, input(0, &percentFmt, "right", false)},
		{&st.inChoice, input(49, nil, "left", true)},
		{&st.inText, &excelize.Style{Border: border, Fill: fill(colorInput), Font: font(formFontSize, false, false), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}, Protection: unlocked, NumFmt: 49}},
		{&st.inLine, input(49, nil, "left", true)},
		{&st.guideTitle, &excelize.Style{Font: font(14, true, false), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}, Protection: locked}},
		{&st.guideHead, &excelize.Style{Font: font(formFontSize, true, false), Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}, Protection: locked}},
		{&st.guideText, &excelize.Style{Font: font(formFontSize, false, false), Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}, Protection: locked}},
		{&st.ident, &excelize.Style{NumFmt: 49}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(d.s)
		if err != nil {
			return st, err
		}
		*d.id = id
	}
	return st, nil
}

// formBuilder writes one unit's workbook.
type formBuilder struct {
	c     *Campaign
	u     *Unit
	f     *excelize.File
	st    formStyles
	names []excelize.DefinedName
	// owes is whether the unit also sends a written report; stencil.go
	// builds a unit's form under another code and so decides it apart.
	owes bool
	err  error // the first error; later calls do nothing
}

// Template returns the unit's report workbook in memory: the guide sheet,
// the report sheet with only the indicators of the unit's group, and the
// identity (very hidden sheet, custom properties) of the template contract.
// The caller saves and closes it.
func (c *Campaign) Template(u *Unit) (*excelize.File, error) {
	if u == nil {
		return nil, errors.New("tạo biểu mẫu: chưa chọn đơn vị")
	}
	f, err := c.buildForm(u, c.OwesWrittenReport(u))
	if err != nil {
		return nil, err
	}
	f.SetZipWriter(newFastZip)
	return f, nil
}

// buildForm builds the workbook of Template for the unit, written report
// owed or not.
func (c *Campaign) buildForm(u *Unit, owes bool) (*excelize.File, error) {
	f := excelize.NewFile()
	b := &formBuilder{c: c, u: u, f: f, owes: owes}
	b.build()
	if b.err != nil {
		f.Close()
		return nil, fmt.Errorf("tạo biểu mẫu cho %s (%s): %w", u.Code, u.Name, b.err)
	}
	return f, nil
}

func (b *formBuilder) check(err error) {
	if b.err == nil && err != nil {
		b.err = err
	}
}

func (b *formBuilder) build() {
	f := b.f
	b.check(f.SetDefaultFont(formFont))
	b.check(f.SetSheetName("Sheet1", SheetGuide))
	_, err := f.NewSheet(SheetReport)
	b.check(err)
	_, err = f.NewSheet(SheetIdentity)
	b.check(err)
	if b.err != nil {
		return
	}
	st, err := newFormStyles(f)
	b.check(err)
	b.st = st
	b.guide()
	b.report()
	b.identity()
	for i := range b.names {
		b.check(f.SetDefinedName(&b.names[i]))
	}
	b.check(f.SetSheetVisible(SheetIdentity, false, true))
	b.check(f.ProtectWorkbook(&excelize.WorkbookProtectionOptions{LockStructure: true}))
	f.SetActiveSheet(0)
}

// absRef returns an absolute reference to a cell of a sheet: 'Báo cáo'!$D$12.
func absRef(sheet string, col, row int) string {
	cell, _ := excelize.CoordinatesToCellName(col, row, true)
	return quotedSheet(sheet) + "!" + cell
}

func quotedSheet(sheet string) string {
	return "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
}

func cellAt(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

func (b *formBuilder) set(sheet string, col, row int, v any, style int) {
	if b.err != nil {
		return
	}
	c := cellAt(col, row)
	if v != nil {
		b.check(b.f.SetCellValue(sheet, c, v))
	}
	b.check(b.f.SetCellStyle(sheet, c, c, style))
}

// span writes v into columns from..to of a row, merged, with the style on
// every cell so that borders and fills cover the whole span.
func (b *formBuilder) span(sheet string, from, to, row int, v any, style int) {
	if b.err != nil {
		return
	}
	first, last := cellAt(from, row), cellAt(to, row)
	if v != nil {
		b.check(b.f.SetCellValue(sheet, first, v))
	}
	b.check(b.f.SetCellStyle(sheet, first, last, style))
	if to > from {
		b.check(b.f.MergeCell(sheet, first, last))
	}
}

func (b *formBuilder) height(sheet string, row int, h float64) {
	if b.err == nil {
		b.check(b.f.SetRowHeight(sheet, row, h))
	}
}

// wrapLines estimates how many lines a text takes in a wrapped column of the
// given width (in characters), counting its own line breaks.
func wrapLines(s string, width float64) int {
	per := int(math.Max(1, width*1.05))
	n := 0
	for _, part := range strings.Split(s, "\n") {
		n += max(1, (utf8.RuneCountInString(part)+per-1)/per)
	}
	return n
}

func linesHeight(n int) float64 { return float64(n)*lineHeight + 4 }

func (b *formBuilder) name(name string, col, row int) {
	b.names = append(b.names, excelize.DefinedName{Name: name, RefersTo: absRef(SheetReport, col, row)})
}

// deadline is "trước ngày 05/04/2024": the deadline is the day before which
// the data is due.
func (c *Campaign) deadline() string { return "trước ngày " + vn.Date(c.DataDeadline) }

// sendTo says where the unit sends the file back.
func (c *Campaign) sendTo() string {
	if c.ContactEmail == "" {
		return "Gửi lại tệp này qua thư điện tử"
	}
	return "Gửi lại tệp này qua thư điện tử đến địa chỉ " + c.ContactEmail
}

// contactLine names whom a unit asks: the person (the office when no name
// is given), the phone and the email, whichever the campaign has; "" when
// it has none.
func (c *Campaign) contactLine() string {
	var parts []string
	switch {
	case c.ContactPerson != "" && c.Contact != "":
		parts = append(parts, c.ContactPerson+" ("+c.Contact+")")
	case c.ContactPerson != "":
		parts = append(parts, c.ContactPerson)
	case c.Contact != "":
		parts = append(parts, c.Contact)
	}
	if c.ContactPhone != "" {
		parts = append(parts, "điện thoại "+c.ContactPhone)
	}
	if c.ContactEmail != "" {
		parts = append(parts, "thư điện tử "+c.ContactEmail)
	}
	return strings.Join(parts, ", ")
}

// sendToAddress completes the deadline in the report header with the
// address to send the file to, when the campaign gives one.
func (c *Campaign) sendToAddress() string {
	if c.ContactEmail == "" {
		return ""
	}
	return ", gửi qua thư điện tử đến " + c.ContactEmail
}

// reportContact is the contact line of the report header: the person (the
// office when no name is given) and the phone; "" when the campaign has
// neither.
func (c *Campaign) reportContact() string {
	who := orElse(c.ContactPerson, c.Contact)
	switch {
	case c.ContactPhone == "":
		return who
	case who == "":
		return "Điện thoại " + c.ContactPhone
	}
	return who + ", điện thoại " + c.ContactPhone
}

func (c *Campaign) period() string {
	return fmt.Sprintf("từ ngày %s đến ngày %s", vn.Date(c.PeriodStart), vn.Date(c.PeriodEnd))
}

func (c *Campaign) groupName(code string) string {
	if g := c.Group(code); g != nil && g.Name != "" {
		return g.Name
	}
	return code
}

// guideWidth is the width of the guide sheet's one column, in characters.
const guideWidth = 100

// guideUnitLine and guideOwnCodeLine are the guide's lines that name the
// unit.
func guideUnitLine(u *Unit) string { return fmt.Sprintf("Đơn vị: %s (mã %s)", u.Name, u.Code) }

func guideOwnCodeLine(u *Unit) string {
	return "- Không dùng biểu mẫu của đơn vị khác: mỗi đơn vị một tệp riêng mang mã của đơn vị đó (mã " + u.Code + ")."
}

// infoWidth is the width of the merged value cells of the report sheet's
// header rows (unit name, code, group…).
func infoWidth() float64 { return reportCols[2].width + reportCols[3].width + reportCols[4].width }

// formVariant is all that a unit's workbook takes from the unit besides
// the text of its name and code: the group (the indicators, the group's
// name, the fingerprint), whether a written report is owed, and how many
// lines each row showing the name or the code is high. Two units with the
// same variant have workbooks that differ only where the name and the code
// are written (stencil.go relies on it; TestStencilMatchesTemplate proves
// it). Whoever makes the form depend on more of the unit adds it here.
type formVariant struct {
	group string
	owes  bool
	lines [4]int
}

func (c *Campaign) variantOf(u *Unit) formVariant {
	return formVariant{group: u.Group, owes: c.OwesWrittenReport(u), lines: [4]int{
		wrapLines(guideUnitLine(u), guideWidth),
		wrapLines(guideOwnCodeLine(u), guideWidth),
		wrapLines(u.Name, infoWidth()),
		wrapLines(u.Code, infoWidth()),
	}}
}

// guide writes the "Hướng dẫn" sheet.
func (b *formBuilder) guide() {
	c, u, s := b.c, b.u, SheetGuide
	const width = guideWidth
	written := "Đơn vị không phải gửi thêm báo cáo bằng văn bản."
	if b.owes {
		written = "Đơn vị gửi thêm báo cáo bằng văn bản"
		if !c.WrittenDeadline.IsZero() {
			written += " trước ngày " + vn.Date(c.WrittenDeadline)
		}
		written += "."
	}
	type para struct {
		text  string
		style int
	}
	head := func(t string) para { return para{t, b.st.guideHead} }
	text := func(t string) para { return para{t, b.st.guideText} }
	paras := []para{
		{"HƯỚNG DẪN ĐIỀN BIỂU MẪU BÁO CÁO", b.st.guideTitle},
		{c.Title, b.st.guideHead},
		text(guideUnitLine(u)),
		text(""),
		head("1. Mục đích"),
		text("Biểu mẫu này để đơn vị báo cáo: " + c.Subject + ". Số liệu các đơn vị gửi về được tổng hợp tự động, vì vậy xin điền đúng vào các ô dành sẵn và giữ nguyên cấu trúc biểu mẫu."),
		head("2. Thời gian báo cáo"),
		text("Số liệu tính " + c.period() + "."),
		head("3. Thời hạn gửi"),
		text(c.sendTo() + " " + c.deadline() + ". " + written),
		head("4. Cách điền"),
		text("- Điền vào các ô màu vàng ở cột “Số liệu” của trang “" + SheetReport + "” và phần người báo cáo. Cột “Ghi chú” để đơn vị ghi thêm nếu cần (không bắt buộc); các ô khác đã khóa."),
		text("- Ô Có/Không: chọn Có hoặc Không trong danh sách thả xuống."),
		text("- Ô số: chỉ nhập số (ví dụ 12), không nhập chữ hay đơn vị tính; nhập 0 nếu không có. Số lẻ viết theo cách của máy (ví dụ 12,5)."),
		text("- Ô ngày: nhập ngày/tháng/năm, ví dụ " + vn.Date(c.PeriodStart) + "."),
		text("- Các ô đánh giá, khó khăn, đề xuất: viết thành văn bản; độ dài tối đa ghi trong lời nhắc khi chọn ô."),
		text("- Chọn một ô để xem lời nhắc; nếu nhập sai, chương trình báo lỗi để sửa ngay."),
		text("- Điền đủ họ tên, chức vụ, điện thoại, email của người báo cáo và ngày báo cáo."),
		text("- Lưu tệp dạng Excel (.xlsx) rồi gửi lại; nên giữ nguyên tên tệp."),
		head("5. Không được"),
		text("- Không đổi tên, xóa hay thêm trang; không chèn, xóa dòng, cột; không đặt mật khẩu cho tệp."),
		text("- Không nhập đơn vị tính hay chữ vào ô số (viết 12, không viết “12 bài”)."),
		text(guideOwnCodeLine(u)),
		text("- Không lưu sang định dạng khác (.xls, .pdf, ảnh chụp). Khi dán số liệu từ nơi khác, dùng Dán giá trị (Paste Values)."),
	}
	if contact := c.contactLine(); contact != "" {
		paras = append(paras, head("6. Liên hệ"), text("Khi cần hỏi, xin liên hệ: "+contact+"."))
	}
	for i, p := range paras {
		row := i + 1
		b.set(s, 1, row, p.text, p.style)
		if p.text != "" {
			b.height(s, row, linesHeight(wrapLines(p.text, width)))
		}
	}
	if b.err != nil {
		return
	}
	b.check(b.f.SetColWidth(s, "A", "A", width))
	b.check(b.f.SetSheetDimension(s, "A1:"+cellAt(1, len(paras))))
	b.pageSetup(s, "")
	b.protect(s)
}

// report writes the "Báo cáo" sheet.
//
// It is long because it lays the report sheet out row by row, top to bottom, as the unit sees it.
func (b *formBuilder) report() {
	c, u, s, st := b.c, b.u, SheetReport, b.st
	last := len(reportCols)
	for i, col := range reportCols {
		name, _ := excelize.ColumnNumberToName(i + 1)
		b.check(b.f.SetColWidth(s, name, name, col.width))
	}
	labelWidth := reportCols[1].width
	infoWidth := infoWidth()

	row := 1
	b.span(s, 1, last, row, "BÁO CÁO", st.title)
	b.height(s, row, 22)
	row++
	b.span(s, 1, last, row, c.Subject, st.subtitle)
	b.height(s, row, float64(wrapLines(c.Subject, 110))*18+4)
	row++
	b.span(s, 1, last, row, "(Thời gian báo cáo: "+c.period()+")", st.period)
	row += 2

	type infoRow struct {
		label, value, name string
		bold               bool
	}
	info := []infoRow{
		{"Đơn vị báo cáo:", u.Name, NameUnitName, true},
		{"Mã đơn vị:", u.Code, NameUnitCode, true},
		{"Nhóm:", c.groupName(u.Group), "", false},
		{"Hạn gửi báo cáo:", c.deadline() + c.sendToAddress(), "", false},
	}
	// The contact takes the blank row above the table, so that the input
	// cells keep their rows whether or not the campaign names a contact.
	contact := c.reportContact()
	if contact != "" {
		info = append(info, infoRow{"Liên hệ:", contact, "", false})
	}
	for _, it := range info {
		b.set(s, 1, row, nil, st.label)
		b.set(s, 2, row, it.label, st.label)
		style := st.info
		if it.bold {
			style = st.infoBold
		}
		b.span(s, 3, last, row, it.value, style)
		b.height(s, row, linesHeight(wrapLines(it.value, infoWidth)))
		if it.name != "" {
			b.name(it.name, 3, row)
		}
		row++
	}
	if contact == "" {
		row++
	}

	headerRow := row
	for i, col := range reportCols {
		b.set(s, i+1, row, col.header, st.header)
	}
	b.height(s, row, linesHeight(1)+4)
	row++

	section := ""
	for _, ind := range c.IndicatorsFor(u.Group) {
		if ind.Section != section {
			section = ind.Section
			b.set(s, 1, row, section, st.sectionID)
			b.span(s, 2, last, row, ind.SectionTitle, st.section)
			b.height(s, row, linesHeight(wrapLines(ind.SectionTitle, labelWidth+infoWidth)))
			row++
		}
		b.set(s, 1, row, ind.ID, st.id)
		b.set(s, 2, row, ind.Label, st.text)
		b.name(IndicatorName(ind.ID), 4, row)
		dv := b.validation(ind, cellAt(4, row))
		if ind.Type == TypeText {
			b.set(s, 3, row, nil, st.text)
			b.span(s, 4, last, row, nil, st.inText)
			b.height(s, row, linesHeight(textRowLines))
		} else {
			b.set(s, 3, row, ind.Unit, st.text)
			b.set(s, 4, row, nil, b.inputStyle(ind.Type))
			b.set(s, 5, row, nil, st.free)
			b.height(s, row, linesHeight(wrapLines(ind.Label, labelWidth)))
		}
		if b.err == nil {
			b.check(b.f.AddDataValidation(s, dv))
		}
		row++
	}

	// The reporter block.
	b.set(s, 1, row, nil, st.section)
	b.span(s, 2, last, row, "Người báo cáo", st.section)
	b.height(s, row, linesHeight(1))
	row++
	for _, r := range reporterRows {
		b.set(s, 1, row, nil, st.text)
		b.set(s, 2, row, r.label, st.text)
		b.set(s, 3, row, nil, st.text)
		style := st.inLine
		var dv *excelize.DataValidation
		if r.maxLen == 0 {
			style = st.inDate
			dv = b.reportDateValidation(cellAt(4, row))
		} else {
			dv = textLengthValidation(cellAt(4, row), r.label, r.maxLen, fmt.Sprintf("%s (tối đa %d ký tự).", r.help, r.maxLen))
		}
		b.span(s, 4, last, row, nil, style)
		b.height(s, row, linesHeight(1)+2)
		b.name(r.name, 4, row)
		if b.err == nil {
			b.check(b.f.AddDataValidation(s, dv))
		}
		row++
	}
	// Signatures, for a unit that also prints and signs the form.
	row++
	b.set(s, 2, row, "NGƯỜI LẬP BÁO CÁO", st.signHead)
	b.span(s, 4, last, row, "THỦ TRƯỞNG ĐƠN VỊ", st.signHead)
	row++
	b.set(s, 2, row, "(Ký, ghi rõ họ tên)", st.signNote)
	b.span(s, 4, last, row, "(Ký tên, đóng dấu)", st.signNote)
	row += signRows
	lastRow := row
	if b.err != nil {
		return
	}
	lastCol, _ := excelize.ColumnNumberToName(last)
	b.check(b.f.SetSheetDimension(s, "A1:"+cellAt(last, lastRow)))
	b.names = append(b.names,
		excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: s, RefersTo: fmt.Sprintf("%s!$%d:$%d", quotedSheet(s), headerRow, headerRow)},
		excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: s, RefersTo: fmt.Sprintf("%s!$A$1:$%s$%d", quotedSheet(s), lastCol, lastRow)},
	)
	b.pageSetup(s, "&L&8"+u.Code+"&R&8Trang &P/&N")
	b.protect(s)
	b.check(b.f.SetSheetView(s, 0, &excelize.ViewOptions{ShowGridLines: ptrTo(false)}))
}

// pageSetup: A4 portrait, one page wide, margins in inches.
func (b *formBuilder) pageSetup(sheet, footer string) {
	if b.err != nil {
		return
	}
	f := b.f
	b.check(f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: ptrTo(9), Orientation: ptrTo("portrait"), FitToWidth: ptrTo(1), FitToHeight: ptrTo(0),
	}))
	b.check(f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: ptrTo(true)}))
	b.check(f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Top: ptrTo(0.6), Bottom: ptrTo(0.6), Left: ptrTo(0.8), Right: ptrTo(0.5),
		Header: ptrTo(0.3), Footer: ptrTo(0.3), Horizontally: ptrTo(true),
	}))
	if footer != "" {
		b.check(f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: footer}))
	}
}

// protect locks a sheet without a password: the structure stays, a unit
// that really needs to can still unprotect it.
func (b *formBuilder) protect(sheet string) {
	if b.err != nil {
		return
	}
	b.check(b.f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{
		SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true,
	}))
}

// identity writes the identity into the very hidden sheet and the document
// properties.
func (b *formBuilder) identity() {
	if b.err != nil {
		return
	}
	f, c, u, s := b.f, b.c, b.u, SheetIdentity
	id := c.IdentityOf(u)
	kv := IdentityPairs(id)
	for i, p := range kv {
		b.set(s, 1, i+1, p[0], b.st.ident)
		b.set(s, 2, i+1, p[1], b.st.ident)
	}
	b.check(f.SetColWidth(s, "A", "B", 30))
	b.check(f.SetSheetDimension(s, "A1:"+cellAt(2, len(kv))))
	for _, p := range kv {
		b.check(f.SetCustomProps(excelize.CustomProperty{Name: p[0], Value: p[1]}))
	}
	stamp := c.TemplateStamp().Format(time.RFC3339)
	b.check(f.SetDocProps(&excelize.DocProperties{
		Title:          c.Subject + " – " + u.Name,
		Subject:        c.Title,
		Creator:        "tonghop",
		LastModifiedBy: "tonghop",
		Description:    fmt.Sprintf("Biểu mẫu báo cáo của %s (mã %s); chiến dịch %s, phiên bản mẫu %s.", u.Name, u.Code, c.ID, c.TemplateVersion),
		Keywords:       "tonghop; " + c.ID + "; " + u.Code,
		Language:       "vi-VN",
		Created:        stamp,
		Modified:       stamp,
	}))
}

// TemplateStamp is the created and modified time every generated template
// carries (the first day of the period, so that generating again gives the
// same bytes). A returned workbook still stamped so was saved by a writer
// that did not update the time: it says nothing of when the unit saved it.
func (c *Campaign) TemplateStamp() time.Time {
	return time.Date(c.PeriodStart.Year(), c.PeriodStart.Month(), c.PeriodStart.Day(), 0, 0, 0, 0, time.UTC)
}

// IdentityPairs returns the identity as the key/value pairs of the template
// contract, in the order they are written.
func IdentityPairs(id Identity) [][2]string {
	return [][2]string{
		{IdentityKeyCampaign, id.Campaign},
		{IdentityKeyVersion, id.Version},
		{IdentityKeyUnit, id.Unit},
		{IdentityKeyFingerprint, id.Fingerprint},
	}
}
