package workbook

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"tonghop/aggregate"
	"tonghop/aggregate/summary"
	"tonghop/templates"
	"tonghop/templates/vn"
)

// table is a sheet whose rows grow with the units or the files, written
// through the stream writer.
type table struct {
	sheet      string
	cols       []heading
	n          int     // data rows, under the header row
	height     float64 // of the header row; 0 leaves it to the reader
	filter     bool    // an autofilter over the table
	freezeCols int     // columns frozen beside the header row
	setup      func()  // more settings of the worksheet, before the stream starts
	// rows must call emit once per data row, in order, with
	// excelize.Cell values (a nil leaves a cell out).
	rows func(emit func(cells []any))
}

// streamed writes a table through excelize's stream writer, so that its
// cells are never held in memory: the frozen header, autofilter, print
// setup and dimension are set on the worksheet before the stream starts
// (the stream writes the sheet's properties and dimension first), the
// widths before the header row; the data rows are encoded when the
// workbook is saved, straight into the zip (see saver). Text cells are
// plain strings (inline strings, never formulas).
func (b *book) streamed(t table) {
	t = b.withoutDistricts(t)
	b.newSheet(t.sheet)
	if b.err != nil {
		return
	}
	b.finish(t.sheet, 1, len(t.cols), 1+t.n, t.filter, t.freezeCols)
	if t.setup != nil {
		t.setup()
	}
	sw, err := b.f.NewStreamWriter(t.sheet)
	if err != nil {
		b.check(err)
		return
	}
	// Each width set is put before those already set, and the stream
	// writes them as they are kept: last column first gives the ascending
	// order the file format asks for.
	for i := len(t.cols); i >= 1; i-- {
		b.check(sw.SetColWidth(i, i, t.cols[i-1].width))
	}
	hdr := make([]any, len(t.cols))
	for i, c := range t.cols {
		hdr[i] = excelize.Cell{StyleID: b.sHeader, Value: inert(c.title)}
	}
	var opts []excelize.RowOpts
	if t.height > 0 {
		opts = append(opts, excelize.RowOpts{Height: t.height})
	}
	b.check(sw.SetRow("A1", hdr, opts...))
	b.check(sw.Flush())
	part := b.partOf(t.sheet)
	b.rows[part] = func(rw *rowWriter) error {
		row := 1
		t.rows(func(cells []any) {
			row++
			// Every row with wrapped text gets its height:
			// LibreOffice sizes no row of an .xlsx to its text
			// (tried: without a height, or without the sheet's
			// default height, it prints the text over the rows
			// below or cuts it to one line).
			rw.row(row, cells, b.wrappedHeight(cells, t.cols))
		})
		if rw.err != nil {
			return fmt.Errorf("trang %s: %w", t.sheet, rw.err)
		}
		if row != 1+t.n {
			return fmt.Errorf("trang %s: %d dòng, cần %d", t.sheet, row-1, t.n)
		}
		return nil
	}
}

// colDistrict heads the column of a unit's district.
const colDistrict = "Huyện, thành phố"

// withoutDistricts drops the district column from a table of a campaign
// without districts (a province of two levels): its rows are built with
// it, and lose it here, in one place.
func (b *book) withoutDistricts(t table) table {
	if b.c.HasDistricts() {
		return t
	}
	at := -1
	for i, c := range t.cols {
		if c.title == colDistrict {
			at = i
		}
	}
	if at < 0 {
		return t
	}
	t.cols = append(t.cols[:at:at], t.cols[at+1:]...)
	if t.freezeCols > at {
		t.freezeCols--
	}
	rows := t.rows
	t.rows = func(emit func([]any)) {
		rows(func(cells []any) {
			emit(append(cells[:at:at], cells[at+1:]...))
		})
	}
	return t
}

// headerHeight is the height of a header row whose titles wrap, 0 when
// one line is enough.
func headerHeight(cols []heading) float64 {
	height := 0.0
	for _, c := range cols {
		// Bold headings are wider than the estimate's plain text.
		height = max(height, wrapHeight(c.title, c.width*0.9))
	}
	return height
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
		lines = max(lines, wrapLines(text, cols[i].width))
	}
	if lines == 1 {
		return 0
	}
	return float64(min(lines, 27)) * 15 // Excel's limit is 409 points
}

// wrapLines estimates the lines text wraps to in a column of width
// characters.
func wrapLines(text string, width float64) int {
	perLine := max(1, int(width*1.3)) // Times New Roman 11: about 1.4 characters a width unit
	n := 0
	for _, para := range strings.Split(text, "\n") {
		n += max(1, (utf8.RuneCountInString(para)+perLine-1)/perLine)
	}
	return n
}

// wrapHeight is the height of a row whose wrapped text is text in a
// column of width characters, 0 when one line is enough: LibreOffice does
// not re-measure a row written without a height and prints the text over
// the rows below.
func wrapHeight(text string, width float64) float64 {
	n := wrapLines(text, width)
	if n == 1 {
		return 0
	}
	return float64(min(n, 27)) * 15
}

// Cells of a streamed row.
func (b *book) sCell(s string, style int) excelize.Cell {
	return excelize.Cell{StyleID: style, Value: inert(s)}
}

func (b *book) nCell(v float64, style int) excelize.Cell {
	return excelize.Cell{StyleID: style, Value: v}
}

// blankCell is an empty cell with its style (its borders).
func (b *book) blankCell(style int) excelize.Cell {
	return excelize.Cell{StyleID: style}
}

// dateCell is a calendar day.
func (b *book) dateCell(t time.Time) excelize.Cell {
	if t.IsZero() {
		return b.blankCell(b.sDate)
	}
	return b.nCell(vn.Serial(t), b.sDate)
}

// formulaCell is a formula with its result, computed once in the summary
// (see book.formula).
func (b *book) formulaCell(formula string, value float64, style int) excelize.Cell {
	return excelize.Cell{StyleID: style, Formula: formula, Value: value}
}

// valueCell is an indicator's value by its type.
func (b *book) valueCell(v aggregate.Value, ok bool) excelize.Cell {
	if !ok || v.Empty {
		return b.blankCell(b.sText)
	}
	switch v.Type {
	case templates.TypeYesNo:
		w := countedNo
		if v.Bool {
			w = countedYes
		}
		return b.sCell(w, b.sText)
	case templates.TypeWhole, templates.TypeMoney:
		return b.nCell(v.Num, b.sWhole)
	case templates.TypeNumber, templates.TypePercent:
		return b.nCell(v.Num, b.numberStyle(v.Num, false))
	case templates.TypeDate:
		return b.dateCell(v.Date)
	default:
		return b.sCell(v.Text, b.sText)
	}
}

// outOfScope marks the cell of an indicator that does not apply to the
// unit (its "Thuộc diện khi" does not hold): a text, so that the totals'
// formulas pass over it as the summary does.
const outOfScope = "không thuộc diện"

// indicatorCell is a report's cell for an indicator: its value, or
// outOfScope. vals are the report's values for expressions, computed once
// by the caller for the row.
func (b *book) indicatorCell(r *aggregate.Report, ind *templates.Indicator, vals func() templates.Values) excelize.Cell {
	v, ok := r.Values.Get(ind.ID)
	if ok && !v.Empty && ind.Scope != "" {
		if sc, _ := b.c.InScope(ind, vals()); sc == templates.OutOfScope {
			return b.sCell(outOfScope, b.sText)
		}
	}
	return b.valueCell(v, ok)
}

// reportVals returns a function computing a report's values for
// expressions once, on first use.
func reportVals(r *aggregate.Report) func() templates.Values {
	var vals templates.Values
	return func() templates.Values {
		if vals == nil {
			vals = r.Vals()
		}
		return vals
	}
}

// totalFormula is the formula of an indicator's total over rng, the rows
// selected by crit (range, quoted value pairs, as COUNTIFS takes them):
// the count of Có, the sum, the average, or the average weighted by wrng,
// as the campaign's method says. Text cells (outOfScope) are passed over
// by every one. "" when the method makes no total, or the weight's range
// is not on the sheet.
func totalFormula(ind *templates.Indicator, rng, wrng string, crit [][2]string) string {
	var pairs, filters []string
	for _, c := range crit {
		pairs = append(pairs, c[0]+","+c[1])
		filters = append(filters, fmt.Sprintf("--(%s=%s)", c[0], c[1]))
	}
	tail := ""
	if len(pairs) > 0 {
		tail = "," + strings.Join(pairs, ",")
	}
	switch {
	case ind.Type == templates.TypeYesNo:
		return fmt.Sprintf("COUNTIFS(%s,%s%s)", rng, quoteText(countedYes), tail)
	case ind.Method() == templates.TotalSum:
		return fmt.Sprintf("SUMIFS(%s%s)", rng, tail)
	case ind.Method() == templates.TotalAverage:
		return fmt.Sprintf("IFERROR(AVERAGEIFS(%s%s),\"\")", rng, tail)
	case ind.Method() == templates.TotalWeighted && wrng != "":
		// SUMPRODUCT takes text as 0: a value outside the scope weighs nothing.
		f := strings.Join(filters, ",")
		return fmt.Sprintf("IFERROR(SUMPRODUCT(%s,%s,%s)/SUMPRODUCT(%s,--ISNUMBER(%s),%s),\"\")", f, rng, wrng, f, rng, wrng)
	}
	return ""
}

// totalCell is the cell of an indicator's total over a tally: the
// formula, with the summary's figure as its result; blank when there is
// no figure.
func (b *book) totalCell(ind *templates.Indicator, t summary.Total, formula string, total bool) excelize.Cell {
	style := b.sText
	if total {
		style = b.sTotalText
	}
	if ind.Type == templates.TypeYesNo {
		if formula == "" {
			return b.blankCell(style)
		}
		return b.formulaCell(formula, float64(t.Yes), map[bool]int{true: b.sTotalWhole, false: b.sWhole}[total])
	}
	v, ok := t.Figure(ind)
	if !ok || formula == "" {
		return b.blankCell(style)
	}
	if ind.Type.Whole() && ind.Method() == templates.TotalSum {
		return b.formulaCell(formula, v, map[bool]int{true: b.sTotalWhole, false: b.sWhole}[total])
	}
	return b.formulaCell(formula, v, b.numberStyle(v, total))
}

// dateTimeCell is a moment as the clock showed it in Vietnam.
func (b *book) dateTimeCell(t time.Time) excelize.Cell {
	if t.IsZero() {
		return excelize.Cell{StyleID: b.sDateTime}
	}
	return b.nCell(vn.SerialTime(aggregate.InVietnam(t)), b.sDateTime)
}

// issues writes "Lỗi": every issue, with an autofilter.
func (b *book) issues() {
	cols := []heading{{"STT", 6}, {"Tệp", 40}, {"Mã đơn vị", 12}, {"Đơn vị", 32}, {"Trang", 12}, {"Ô", 7}, {"Chỉ tiêu", 9}, {"Mức độ", 10}, {"Nội dung", 80}, {"Tệp không dùng", 22}}
	b.streamed(table{sheet: SheetIssues, cols: cols, n: len(b.s.Issues), filter: true, rows: func(emit func([]any)) {
		for i, is := range b.s.Issues {
			name := ""
			if u := b.c.Unit(is.Unit); u != nil {
				name = u.Name
			}
			emit([]any{
				b.nCell(float64(i+1), b.sWhole),
				b.sCell(is.File, b.sWrap),
				b.sCell(is.Unit, b.sText),
				b.sCell(name, b.sWrap),
				b.sCell(is.Sheet, b.sText),
				b.sCell(is.Cell, b.sText),
				b.sCell(is.Indicator, b.sText),
				b.sCell(is.Severity.Label(), b.sText),
				b.sCell(is.Msg, b.sWrap),
				b.sCell(map[bool]string{true: "không (đơn vị đã gửi bản mới hơn)"}[is.Superseded], b.sWrap),
			})
		}
	}})
}

// files writes "Tệp nguồn": every file seen and what became of it.
func (b *book) files() {
	cols := []heading{{"STT", 6}, {"Tệp", 44}, {"Kích thước (byte)", 12}, {"SHA-256", 24}, {"Lưu lúc", 16}, {"Tệp sửa lúc", 16},
		{"Mã đơn vị", 12}, {"Đơn vị", 32}, {"Sử dụng", 12}, {"Lý do", 50}, {"Cách nhận ra đơn vị", 40},
		{"Thư đến lúc", 16}, {"Người gửi thư", 30}, {"Tiêu đề thư", 36}}
	b.streamed(table{sheet: SheetFiles, cols: cols, n: len(b.s.Files), filter: true, rows: func(emit func([]any)) {
		for i, fo := range b.s.Files {
			r := fo.Report
			code, name := "", ""
			if r.Unit != nil {
				code, name = r.Unit.Code, r.Unit.Name
			}
			var mailAt time.Time
			from, subject := "", ""
			if m := r.Mail; m != nil {
				mailAt, from, subject = m.Date, m.From.String(), m.Subject
			}
			emit([]any{
				b.nCell(float64(i+1), b.sWhole),
				b.sCell(r.File.Path, b.sWrap),
				b.nCell(float64(r.File.Size), b.sWhole),
				b.sCell(r.File.SHA256, b.sText),
				b.dateTimeCell(r.File.Saved),
				b.dateTimeCell(r.File.ModTime),
				b.sCell(code, b.sText),
				b.sCell(name, b.sWrap),
				b.sCell(fo.Use.Label(), b.sText),
				b.sCell(fo.Reason, b.sWrap),
				b.sCell(r.Evidence, b.sWrap),
				b.dateTimeCell(mailAt),
				b.sCell(from, b.sWrap),
				b.sCell(subject, b.sWrap),
			})
		}
	}})
}
