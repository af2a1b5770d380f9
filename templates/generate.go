package templates

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
	"tonghop/templates/atomicfile"
	"tonghop/templates/vn"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/sync/errgroup"
)

// ListFileName is the mail-merge list Generate writes next to the workbooks.
const ListFileName = "danh-sach-gui.csv"

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
	dateFmt, wholeFmt := "dd/mm/yyyy", "#,##0"
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
	err   error // the first error; later calls do nothing
}

// Template returns the unit's report workbook in memory: the guide sheet,
// the report sheet with only the indicators of the unit's group, and the
// identity (very hidden sheet, custom properties) of the template contract.
// The caller saves and closes it.
func (c *Campaign) Template(u *Unit) (*excelize.File, error) {
	if u == nil {
		return nil, errors.New("tạo biểu mẫu: chưa chọn đơn vị")
	}
	f := excelize.NewFile()
	f.SetZipWriter(newFastZip)
	b := &formBuilder{c: c, u: u, f: f}
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

// guide writes the "Hướng dẫn" sheet.
func (b *formBuilder) guide() {
	c, u, s := b.c, b.u, SheetGuide
	const width = 100
	written := "Đơn vị không phải gửi thêm báo cáo bằng văn bản."
	if c.OwesWrittenReport(u) {
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
		text(fmt.Sprintf("Đơn vị: %s (mã %s)", u.Name, u.Code)),
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
		text("- Không dùng biểu mẫu của đơn vị khác: mỗi đơn vị một tệp riêng mang mã của đơn vị đó (mã " + u.Code + ")."),
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
func (b *formBuilder) report() {
	c, u, s, st := b.c, b.u, SheetReport, b.st
	last := len(reportCols)
	for i, col := range reportCols {
		name, _ := excelize.ColumnNumberToName(i + 1)
		b.check(b.f.SetColWidth(s, name, name, col.width))
	}
	labelWidth := reportCols[1].width
	infoWidth := reportCols[2].width + reportCols[3].width + reportCols[4].width

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

func ptrTo[T any](v T) *T { return &v }

func (b *formBuilder) inputStyle(t Type) int {
	switch t {
	case TypeYesNo:
		return b.st.inYesNo
	case TypeWhole:
		return b.st.inWhole
	case TypeNumber:
		return b.st.inNumber
	case TypeDate:
		return b.st.inDate
	}
	return b.st.inText
}

// accepts says what an indicator's cell accepts, for its input prompt.
func accepts(ind *Indicator) string {
	switch ind.Type {
	case TypeYesNo:
		return "Chọn Có hoặc Không"
	case TypeWhole:
		return "Số nguyên" + numberRange(ind)
	case TypeNumber:
		return "Số, có thể có phần lẻ" + numberRange(ind)
	case TypeDate:
		return "Ngày/tháng/năm" + dateRange(ind.MinDate, ind.MaxDate)
	}
	return ""
}

func numberRange(ind *Indicator) string {
	switch {
	case ind.Min != nil && ind.Max != nil:
		return fmt.Sprintf(", từ %s đến %s", vn.Number(*ind.Min), vn.Number(*ind.Max))
	case ind.Min != nil:
		return fmt.Sprintf(", từ %s trở lên", vn.Number(*ind.Min))
	case ind.Max != nil:
		return fmt.Sprintf(", không quá %s", vn.Number(*ind.Max))
	}
	return ""
}

func dateRange(from, to *time.Time) string {
	switch {
	case from != nil && to != nil:
		return fmt.Sprintf(", từ %s đến %s", vn.Date(*from), vn.Date(*to))
	case from != nil:
		return fmt.Sprintf(", từ %s trở đi", vn.Date(*from))
	case to != nil:
		return fmt.Sprintf(", không sau %s", vn.Date(*to))
	}
	return ""
}

// clipRunes cuts s to at most n characters (UTF-16 units are the same for
// Vietnamese text), ending with "…" when cut.
func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

const dvErrorTitle = "Giá trị không hợp lệ"

// validation returns the data validation of an indicator's input cell.
func (b *formBuilder) validation(ind *Indicator, at string) *excelize.DataValidation {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = at
	var msg string
	switch ind.Type {
	case TypeYesNo:
		b.check(dv.SetDropList([]string{"Có", "Không"}))
		msg = "chọn Có hoặc Không trong danh sách."
	case TypeWhole, TypeNumber:
		kind := excelize.DataValidationTypeWhole
		msg = "chỉ nhập số nguyên" + numberRange(ind) + ", không nhập chữ hay đơn vị tính."
		if ind.Type == TypeNumber {
			kind = excelize.DataValidationTypeDecimal
			msg = "chỉ nhập số" + numberRange(ind) + ", không nhập chữ hay đơn vị tính."
		}
		lo, hi := -1e15, 1e15
		if ind.Min != nil {
			lo = *ind.Min
		}
		if ind.Max != nil {
			hi = *ind.Max
		}
		switch {
		case ind.Max == nil:
			b.check(dv.SetRange(dvNumber(lo), "", kind, excelize.DataValidationOperatorGreaterThanOrEqual))
		case ind.Min == nil:
			b.check(dv.SetRange(dvNumber(hi), "", kind, excelize.DataValidationOperatorLessThanOrEqual))
		default:
			b.check(dv.SetRange(dvNumber(lo), dvNumber(hi), kind, excelize.DataValidationOperatorBetween))
		}
	case TypeDate:
		lo, hi := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
		if ind.MinDate != nil {
			lo = *ind.MinDate
		}
		if ind.MaxDate != nil {
			hi = *ind.MaxDate
		}
		b.check(dv.SetRange(dvNumber(DateToSerial(lo)), dvNumber(DateToSerial(hi)), excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween))
		msg = "nhập ngày dạng ngày/tháng/năm" + dateRange(ind.MinDate, ind.MaxDate) + "."
	default:
		n := 32767
		if ind.Max != nil {
			n = int(*ind.Max)
		}
		return textLengthValidation(at, ind.ID+": "+ind.Type.Label(), n, ind.Help)
	}
	dv.SetInput(clipRunes(ind.ID+": "+ind.Type.Label(), dvMaxTitle), inputMessage(orElse(ind.Help, ind.Label), accepts(ind)))
	dv.SetError(excelize.DataValidationErrorStyleStop, dvErrorTitle, clipRunes(ind.ID+": "+msg, dvMaxMessage))
	return dv
}

// inputMessage is the input prompt of a cell: the hint, then on a line of
// its own what the cell accepts; the hint is cut, never the rule, when both
// exceed Excel's limit.
func inputMessage(help, rule string) string {
	if rule == "" {
		return clipRunes(help, dvMaxMessage)
	}
	rule += "."
	return clipRunes(help, dvMaxMessage-utf8.RuneCountInString(rule)-1) + "\n" + rule
}

// dvNumber writes a bound the way Excel stores it in a validation.
func dvNumber(f float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.6f", f), "0"), ".")
}

func orElse(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func textLengthValidation(at, title string, maxLen int, help string) *excelize.DataValidation {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = at
	_ = dv.SetRange(fmt.Sprint(maxLen), "", excelize.DataValidationTypeTextLength, excelize.DataValidationOperatorLessThanOrEqual)
	dv.SetInput(clipRunes(title, dvMaxTitle), clipRunes(orElse(help, fmt.Sprintf("Tối đa %d ký tự.", maxLen)), dvMaxMessage))
	dv.SetError(excelize.DataValidationErrorStyleStop, dvErrorTitle, clipRunes(fmt.Sprintf("%s: tối đa %d ký tự; xin viết ngắn lại.", title, maxLen), dvMaxMessage))
	return dv
}

// reportDateValidation allows report dates from the start of the period to
// a year after the deadline.
func (b *formBuilder) reportDateValidation(at string) *excelize.DataValidation {
	c := b.c
	lo, hi := c.PeriodStart, c.DataDeadline.AddDate(1, 0, 0)
	dv := excelize.NewDataValidation(true)
	dv.Sqref = at
	b.check(dv.SetRange(dvNumber(DateToSerial(lo)), dvNumber(DateToSerial(hi)), excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween))
	dv.SetInput("Ngày báo cáo", "Ngày ký, gửi báo cáo, dạng ngày/tháng/năm (ví dụ "+vn.Date(c.DataDeadline.AddDate(0, 0, -1))+").")
	dv.SetError(excelize.DataValidationErrorStyleStop, dvErrorTitle, "Nhập ngày dạng ngày/tháng/năm"+dateRange(&lo, &hi)+".")
	return dv
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

// newFastZip returns the zip writer of the templates. Most parts of a
// workbook (theme, styles, the sheets of a group, relationships) are the same
// from one unit to the next; compressing them again was a quarter of the
// time spent on a workbook. It compresses each part once, at
// flate.BestSpeed, and reuses the result when the same part comes again.
func newFastZip(w io.Writer) excelize.ZipWriter { return &partZip{zw: zip.NewWriter(w)} }

type partZip struct {
	zw   *zip.Writer
	name string
	buf  bytes.Buffer
	open bool
}

func (z *partZip) Create(name string) (io.Writer, error) {
	if err := z.flush(); err != nil {
		return nil, err
	}
	z.name, z.open = name, true
	z.buf.Reset()
	return &z.buf, nil
}

func (z *partZip) AddFS(fsys fs.FS) error {
	if err := z.flush(); err != nil {
		return err
	}
	return z.zw.AddFS(fsys)
}

func (z *partZip) Close() error {
	if err := z.flush(); err != nil {
		return err
	}
	return z.zw.Close()
}

func (z *partZip) flush() error {
	if !z.open {
		return nil
	}
	z.open = false
	p, err := parts.compressed(z.name, z.buf.Bytes())
	if err != nil {
		return err
	}
	w, err := z.zw.CreateRaw(&zip.FileHeader{
		Name: z.name, Method: zip.Deflate, CRC32: p.crc,
		CompressedSize64: uint64(len(p.comp)), UncompressedSize64: uint64(len(p.raw)),
	})
	if err != nil {
		return err
	}
	_, err = w.Write(p.comp)
	return err
}

// partCache keeps, per part name, the last few distinct contents with their
// compressed form.
type partCache struct {
	mu sync.Mutex
	m  map[string][]*part
}

type part struct {
	raw, comp []byte
	crc       uint32
}

// maxPartVariants bounds the memory of the cache: a campaign's groups give
// a handful of variants of each sheet.
const maxPartVariants = 16

var (
	parts     = partCache{m: map[string][]*part{}}
	flatePool sync.Pool
)

func (pc *partCache) compressed(name string, raw []byte) (*part, error) {
	pc.mu.Lock()
	for _, p := range pc.m[name] {
		if bytes.Equal(p.raw, raw) {
			pc.mu.Unlock()
			return p, nil
		}
	}
	pc.mu.Unlock()

	var out bytes.Buffer
	fw, _ := flatePool.Get().(*flate.Writer)
	if fw == nil {
		var err error
		if fw, err = flate.NewWriter(&out, flate.BestSpeed); err != nil {
			return nil, err
		}
	} else {
		fw.Reset(&out)
	}
	_, err := fw.Write(raw)
	if cerr := fw.Close(); err == nil {
		err = cerr
	}
	flatePool.Put(fw)
	if err != nil {
		return nil, err
	}
	p := &part{raw: bytes.Clone(raw), comp: out.Bytes(), crc: crc32.ChecksumIEEE(raw)}

	pc.mu.Lock()
	vs := pc.m[name]
	if len(vs) >= maxPartVariants {
		vs = vs[1:]
	}
	pc.m[name] = append(vs, p)
	pc.mu.Unlock()
	return p, nil
}

// GenerateOptions selects what Generate writes.
type GenerateOptions struct {
	OutDir string // created when missing
	// Units and Groups select units by code; both empty means every unit.
	// A unit is selected when it is listed or its group is.
	Units, Groups []string
	// Progress, when set, is called after each workbook, one call at a time.
	Progress func(done, total int)
	// Workers is how many workbooks are built at once; 0 means one per CPU.
	Workers int
}

// GeneratedFile is one workbook written.
type GeneratedFile struct {
	Unit *Unit
	Path string
}

// GenerateResult says what Generate wrote.
type GenerateResult struct {
	Files []GeneratedFile // in campaign order
	List  string          // path of the mail-merge list
	// Questions is the path of the online form's question list
	// (OnlineQuestionsFileName): the questions in order with their types
	// and choices, to build the form with texts that map back.
	Questions string
	// NoEmail are the units written without an email address, in campaign
	// order: the mail-merge list cannot reach them.
	NoEmail []*Unit
}

// noEmailShown is how many codes NoEmailWarning names before "…".
const noEmailShown = 5

// NoEmailWarning is the one line that tells the officer which units the
// mail-merge list cannot reach and how to fill their emails in; "" when every
// unit has one.
func (res GenerateResult) NoEmailWarning() string {
	n := len(res.NoEmail)
	if n == 0 {
		return ""
	}
	var codes []string
	for _, u := range res.NoEmail[:min(n, noEmailShown)] {
		codes = append(codes, u.Code)
	}
	list := strings.Join(codes, ", ")
	if n > noEmailShown {
		list += ", …"
	}
	return fmt.Sprintf("Cảnh báo: %d/%d đơn vị chưa có email (%s). Điền cột Email của trang “%s” trong tệp chiến dịch (tạo bằng tonghop init), rồi chạy lại với --campaign.",
		n, len(res.Files), list, tableUnits.sheet)
}

// Select returns the units chosen by codes of units and groups (matched
// without regard to case), in campaign order; both empty means all. Unknown
// codes are an error naming them all.
func (c *Campaign) Select(units, groups []string) ([]*Unit, error) {
	wantUnit, wantGroup := map[string]bool{}, map[string]bool{}
	var badUnits, badGroups []string
	for _, code := range units {
		code = strings.TrimSpace(code)
		if code == "" {
			continue
		}
		u := c.findUnit(code)
		if u == nil {
			badUnits = append(badUnits, code)
			continue
		}
		wantUnit[u.Code] = true
	}
	for _, code := range groups {
		code = strings.TrimSpace(code)
		if code == "" {
			continue
		}
		g := c.findGroup(code)
		if g == nil {
			badGroups = append(badGroups, code)
			continue
		}
		wantGroup[g.Code] = true
	}
	var msgs []string
	if len(badUnits) > 0 {
		msgs = append(msgs, "không có đơn vị mã "+strings.Join(badUnits, ", "))
	}
	if len(badGroups) > 0 {
		var known []string
		for _, g := range c.Groups {
			known = append(known, g.Code)
		}
		msgs = append(msgs, fmt.Sprintf("không có nhóm mã %s (các nhóm: %s)", strings.Join(badGroups, ", "), strings.Join(known, ", ")))
	}
	if len(msgs) > 0 {
		return nil, errors.New(strings.Join(msgs, "; "))
	}
	all := len(wantUnit) == 0 && len(wantGroup) == 0
	var out []*Unit
	for i := range c.Units {
		u := &c.Units[i]
		if all || wantUnit[u.Code] || wantGroup[u.Group] {
			out = append(out, u)
		}
	}
	return out, nil
}

func (c *Campaign) findUnit(code string) *Unit {
	if u := c.Unit(code); u != nil {
		return u
	}
	for i := range c.Units {
		if strings.EqualFold(c.Units[i].Code, code) {
			return &c.Units[i]
		}
	}
	return nil
}

func (c *Campaign) findGroup(code string) *Group {
	if g := c.Group(code); g != nil {
		return g
	}
	for i := range c.Groups {
		if strings.EqualFold(c.Groups[i].Code, code) {
			return &c.Groups[i]
		}
	}
	return nil
}

// Generate writes one report workbook per selected unit into opts.OutDir,
// named by FileName, and the mail-merge list ListFileName. Each file is
// written to a temporary file in the folder and renamed into place, so an
// interrupted run leaves no half-written workbook.
func Generate(c *Campaign, opts GenerateOptions) (GenerateResult, error) {
	var res GenerateResult
	units, err := c.Select(opts.Units, opts.Groups)
	if err != nil {
		return res, err
	}
	dir := opts.OutDir
	if dir == "" {
		dir = "."
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return res, fmt.Errorf("tạo thư mục %s: %w", dir, err)
	}
	if dup := duplicateFileNames(units); dup != "" {
		return res, fmt.Errorf("hai đơn vị cùng tên tệp %s", dup)
	}

	// The workbooks are written as one batch: each to its temporary file
	// as it is built, all flushed to disk once and renamed into place at
	// the end (one flush per file kept one core idle, waiting on the disk).
	files := make([]GeneratedFile, len(units))
	batch := atomicfile.NewBatch(dir)
	var (
		mu   sync.Mutex
		done int
	)
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	g, ctx := errgroup.WithContext(context.Background())
	g.SetLimit(workers)
	for i, u := range units {
		g.Go(func() error {
			if ctx.Err() != nil {
				return nil // another workbook failed: stop early
			}
			if err := c.writeTemplate(u, batch); err != nil {
				return err
			}
			files[i] = GeneratedFile{Unit: u, Path: filepath.Join(dir, FileName(u))}
			if opts.Progress != nil {
				mu.Lock()
				done++
				opts.Progress(done, len(units))
				mu.Unlock()
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		batch.Abort()
		return res, err
	}
	if err := batch.Commit(); err != nil {
		return res, err
	}
	res.Files = files
	for _, u := range units {
		if u.Email == "" {
			res.NoEmail = append(res.NoEmail, u)
		}
	}

	list := filepath.Join(dir, ListFileName)
	if err := atomicfile.Write(list, func(w io.Writer) error { return c.writeList(w, units) }); err != nil {
		return res, err
	}
	res.List = list
	questions := filepath.Join(dir, OnlineQuestionsFileName)
	if err := atomicfile.Write(questions, func(w io.Writer) error { return WriteOnlineQuestions(w, c) }); err != nil {
		return res, err
	}
	res.Questions = questions
	return res, nil
}

func duplicateFileNames(units []*Unit) string {
	seen := map[string]bool{}
	for _, u := range units {
		n := strings.ToLower(FileName(u))
		if seen[n] {
			return FileName(u)
		}
		seen[n] = true
	}
	return ""
}

func (c *Campaign) writeTemplate(u *Unit, batch *atomicfile.Batch) error {
	f, err := c.Template(u)
	if err != nil {
		return err
	}
	defer f.Close()
	return batch.Write(FileName(u), func(w io.Writer) error {
		_, err := f.WriteTo(w)
		return err
	})
}

// csvText keeps a field inert when the list is opened in Excel: the names
// come from the campaign workbook an officer edits, and a field starting
// with = + - @ (or a tab or carriage return) would be taken as a formula.
// The usual quote prefix makes it text.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// writeList writes the mail-merge list: UTF-8 with a BOM so that Excel
// reads the Vietnamese right, one row per unit.
func (c *Campaign) writeList(w io.Writer, units []*Unit) error {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = true
	rows := [][]string{{"Mã đơn vị", "Tên đơn vị", "Nhóm", "Email", "Tên tệp"}}
	for _, u := range units {
		rows = append(rows, []string{csvText(u.Code), csvText(u.Name), csvText(u.Group), csvText(u.Email), csvText(FileName(u))})
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
