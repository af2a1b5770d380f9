package workbook

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"tonghop/templates"
	"tonghop/templates/vn"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

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
	section := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}
	b.sTitle = b.style(&excelize.Style{Font: font(true, 14)})
	b.sNote = b.style(&excelize.Style{Font: &excelize.Font{Italic: true, Size: 11, Family: "Times New Roman"}})
	b.sHeader = b.style(&excelize.Style{Font: font(true, 11), Border: border,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	b.sText = b.style(&excelize.Style{Font: font(false, 11), Border: border, Alignment: top})
	b.sWrap = b.style(&excelize.Style{Font: font(false, 11), Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	b.sWhole = b.style(&excelize.Style{Font: font(false, 11), Border: border, Alignment: top, CustomNumFmt: fmtp("#,##0")})
	// A number shows at most two decimals and no trailing zero, as
	// vn.Round(x, 2) writes it in the PDF and the letters: the format is
	// chosen by the value (numberStyle), since no Excel format drops
	// trailing zeros while grouping thousands.
	for i, nf := range []string{"#,##0", "#,##0.0", "#,##0.00"} {
		b.sNumber[i] = b.style(&excelize.Style{Font: font(false, 11), Border: border, Alignment: top, CustomNumFmt: fmtp(nf)})
		b.sTotalNumber[i] = b.style(&excelize.Style{Font: font(true, 11), Border: border, Fill: section, CustomNumFmt: fmtp(nf)})
	}
	b.sDate = b.style(&excelize.Style{Font: font(false, 11), Border: border, Alignment: top, CustomNumFmt: fmtp("dd/mm/yyyy")})
	b.sDateTime = b.style(&excelize.Style{Font: font(false, 11), Border: border, Alignment: top, CustomNumFmt: fmtp("dd/mm/yyyy hh:mm")})
	b.sPercent = b.style(&excelize.Style{Font: font(false, 11), Border: border, Alignment: top, CustomNumFmt: fmtp("0.0 %")})
	b.sSection = b.style(&excelize.Style{Font: font(true, 11), Border: border, Fill: section})
	b.sTotalText = b.style(&excelize.Style{Font: font(true, 11), Border: border, Fill: section})
	b.sTotalWhole = b.style(&excelize.Style{Font: font(true, 11), Border: border, Fill: section, CustomNumFmt: fmtp("#,##0")})
}

// numberStyle is the style of a number indicator's value: as many
// decimals as vn.Round(v, 2) shows (0, 1 or 2); total picks the bold
// style of a total row.
func (b *book) numberStyle(v float64, total bool) int {
	d := 0
	for ; d < 2; d++ {
		p := math.Pow(10, float64(d))
		if math.Round(v*100)/100 == math.Round(v*p)/p {
			break
		}
	}
	if total {
		return b.sTotalNumber[d]
	}
	return b.sNumber[d]
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
	s = vn.Safe(s) // no control or bidi-override characters either
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

// formula writes a formula with its result, computed once in the summary:
// a mail or phone preview, or a reader that does not calculate, shows the
// number, and Excel has nothing to recalculate on opening. excelize keeps
// the value written before the formula but marks it as text; Write clears
// that mark (numericFormulas).
func (b *book) formula(sheet string, col, row int, formula string, value float64, style int) {
	c := cellAt(col, row)
	b.check(b.f.SetCellFloat(sheet, c, value, -1, 64))
	b.check(b.f.SetCellFormula(sheet, c, formula))
	b.check(b.f.SetCellStyle(sheet, c, c, style))
}

// cell writes a cell built for a streamed sheet (a formula with its
// result, or a blank) onto a sheet written cell by cell.
func (b *book) cell(sheet string, col, row int, c excelize.Cell) {
	if c.Formula == "" {
		b.blank(sheet, col, row, c.StyleID)
		return
	}
	v, _ := c.Value.(float64)
	b.formula(sheet, col, row, c.Formula, v, c.StyleID)
}

func (b *book) blank(sheet string, col, row int, style int) {
	c := cellAt(col, row)
	b.check(b.f.SetCellStyle(sheet, c, c, style))
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
	if height := headerHeight(cols); height > 0 {
		b.check(b.f.SetRowHeight(sheet, row, height))
	}
}

// finish freezes the rows above firstData, sets an autofilter over the
// table when asked, the print setup (A4 landscape, one page wide, the
// header row on every page, the sheet's name and the page number) and the
// sheet's real dimension.
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
	// Every printed page says what it is and where it stands: the sheet's
	// name above, "Trang 2/5" below.
	b.check(b.f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: `&R&"Times New Roman,Italic"&9&A`,
		OddFooter: `&C&"Times New Roman,Regular"&10Trang &P/&N`,
	}))
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
