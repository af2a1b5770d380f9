package aggregate

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	bk "tonghop/aggregate/book" // bk until the workbook writer, whose builder type is named book, leaves this package
	"tonghop/aggregate/gate"
	"tonghop/aggregate/legacy"
	"tonghop/aggregate/names"
	"tonghop/templates"
	"tonghop/templates/vn"
)

// tries are the passwords to try on an encrypted workbook, in order: ""
// (none, or a format's default password) when none was given.
func (o ReadOptions) tries() []string {
	if len(o.Passwords) == 0 {
		return []string{""}
	}
	return o.Passwords
}

// reader reads one opened workbook into its report.
type reader struct {
	c *templates.Campaign
	m *names.Matcher
	b *bk.Book
	// calc computes a formula whose result was not stored; nil when the
	// format cannot.
	calc func(sheet, cell string) (string, error)
	r    *Report
	file string

	names map[string]cellRef    // defined names, upper case
	rows  map[string][][]string // sheet rows, read once for fallbacks
	bad   map[string]bool       // indicators whose cell could not be read
	forms map[string]*form      // the Reader's forms by group; nil in tests
	// previousForm is set by identify for a form of the campaign's
	// previous period: its unit is known, its figures are not read.
	previousForm bool
}

// values returns empty values for the form of a group, whose indicators
// are inds: the Reader's shared form when it has one.
func (rd *reader) values(group string, inds []*templates.Indicator) Values {
	if f := rd.forms[group]; f != nil && len(f.ids) == len(inds) {
		return Values{form: f}
	}
	return NewValues(inds)
}

// cellRef is a cell a defined name refers to.
type cellRef struct {
	Sheet, Cell string
	Broken      bool // "#REF!": the cell was deleted
}

func (rd *reader) issue(sev templates.Severity, sheet, cell, ind, msg string) {
	unit := ""
	if rd.r.Unit != nil {
		unit = rd.r.Unit.Code
	}
	rd.r.Issues = append(rd.r.Issues, Issue{File: rd.file, Sheet: sheet, Cell: cell, Unit: unit, Indicator: ind, Severity: sev, Msg: msg})
}

// newReader starts reading an opened workbook into r: its saved time and
// its defined names.
func (rr *Reader) newReader(o opened, r *Report) *reader {
	rd := &reader{c: rr.c, m: rr.m, b: o.b, calc: o.calc, r: r, file: r.File.Path, forms: rr.forms,
		names: map[string]cellRef{}, rows: map[string][][]string{}, bad: map[string]bool{}}
	// A saved time still the template's own was not written by whoever
	// filled the form: the report then has no saved time of its own.
	if !rd.b.Modified.Equal(rd.c.TemplateStamp()) {
		r.File.Saved = rd.b.Modified
	}
	for _, dn := range rd.b.Names {
		key := strings.ToUpper(strings.TrimSpace(dn.Name))
		ref, ok := parseRefersTo(dn.RefersTo)
		if !ok {
			continue
		}
		// A workbook-scoped name wins over a sheet-scoped one.
		if old, seen := rd.names[key]; seen && dn.Scope != "" && !old.Broken {
			continue
		}
		rd.names[key] = ref
	}
	return rd
}

// hasSheet reports whether the workbook has the sheet.
func (rd *reader) hasSheet(name string) bool {
	return rd.b.Sheet(name) != nil
}

// cellName is the A1 name of a cell, from 1-based column and row.
func cellName(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col, row)
	return s
}

// parseRefersTo reads a defined name's reference: "'Báo cáo'!$D$12",
// "Sheet1!D12", "'Báo cáo'!$D$12:$E$12" (the first cell is taken) or a
// deleted "#REF!". ok is false for anything else (constants, formulas).
func parseRefersTo(s string) (cellRef, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "=")
	i := strings.LastIndexByte(s, '!')
	if i <= 0 {
		if strings.Contains(s, "#REF!") {
			return cellRef{Broken: true}, true
		}
		return cellRef{}, false
	}
	sheet, cell := s[:i], s[i+1:]
	if strings.HasPrefix(sheet, "'") && strings.HasSuffix(sheet, "'") && len(sheet) >= 2 {
		sheet = strings.ReplaceAll(sheet[1:len(sheet)-1], "''", "'")
	}
	if sheet == templates.SheetReport {
		// Not a copy per report in every issue and reporter date kept.
		sheet = templates.SheetReport
	}
	if strings.Contains(sheet, "#REF") || strings.Contains(cell, "#REF") {
		return cellRef{Sheet: sheet, Broken: true}, true
	}
	if j := strings.IndexByte(cell, ':'); j >= 0 {
		cell = cell[:j]
	}
	cell = strings.ReplaceAll(cell, "$", "")
	if _, _, err := excelize.CellNameToCoordinates(cell); err != nil {
		return cellRef{}, false
	}
	return cellRef{Sheet: sheet, Cell: cell}, true
}

// cellContent is a cell as found.
type cellContent struct {
	Raw     string // the raw value (cached result for formulas)
	Kind    bk.Kind
	Format  bk.Format // the number format's kind (percent, date), where the format reader knows it
	Formula string    // without "=", "" when none
	// Computed is set when the formula had no cached result and its value
	// was computed here.
	Computed bool
	Err      string // a formula error value (#REF!, #DIV/0!), or why it could not be computed
}

// errorValues are the error values a cell can hold.
var errorValues = []string{"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!"}

func isErrorValue(s string) bool {
	s = strings.ToUpper(strings.TrimSpace(s))
	for _, e := range errorValues {
		if s == e {
			return true
		}
	}
	return false
}

// cell reads one cell, computing a formula that has no cached result.
func (rd *reader) cell(sheet, cell string) (cellContent, error) {
	var cc cellContent
	sh := rd.b.Sheet(sheet)
	if sh == nil {
		return cc, fmt.Errorf("không có trang %s", quote(sheet))
	}
	ref, ok := bk.ParseRef(cell)
	if !ok {
		return cc, fmt.Errorf("ô %s không hợp lệ", cell)
	}
	c := sh.Cell(ref)
	cc.Raw, cc.Kind, cc.Formula, cc.Format = c.Value, c.Kind, c.Formula, c.Format
	if cc.Formula != "" && strings.TrimSpace(cc.Raw) == "" {
		if rd.calc == nil {
			cc.Err = "công thức chưa có kết quả lưu sẵn"
		} else {
			v, err := rd.calc(sheet, cell)
			switch {
			case err != nil && isErrorValue(v):
				cc.Err = strings.ToUpper(strings.TrimSpace(v))
			case err != nil:
				cc.Err = err.Error()
			default:
				cc.Raw, cc.Computed = v, true
			}
		}
	}
	if cc.Err == "" && (cc.Kind == bk.Error || isErrorValue(cc.Raw)) && strings.TrimSpace(cc.Raw) != "" {
		cc.Err = strings.ToUpper(strings.TrimSpace(cc.Raw))
	}
	return cc, nil
}

// sheetRows returns a sheet's first gate.MaxScanRows rows and gate.MaxScanCols
// columns with raw values, read once.
func (rd *reader) sheetRows(sheet string) [][]string {
	if rows, ok := rd.rows[sheet]; ok {
		return rows
	}
	var out [][]string
	if sh := rd.b.Sheet(sheet); sh != nil {
		out = bookRows(sh, gate.MaxScanRows, gate.MaxScanCols, nil)
	}
	rd.rows[sheet] = out
	return out
}

// bookRows lays a sheet's first rows and columns out as rows of raw
// values (or of text(cell) when text is not nil); trailing empty cells and
// rows are left out.
func bookRows(sh *bk.Sheet, maxRows, maxCols int, text func(bk.Cell) string) [][]string {
	var out [][]string
	for r, c := range sh.Cells {
		if r.Row > maxRows || r.Col > maxCols || c.Value == "" {
			continue
		}
		if text != nil {
			c.Value = text(c)
		}
		for len(out) < r.Row {
			out = append(out, nil)
		}
		row := out[r.Row-1]
		for len(row) < r.Col {
			row = append(row, "")
		}
		row[r.Col-1] = c.Value
		out[r.Row-1] = row
	}
	return out
}

// contentSheets returns the sheets where the form may be: the report sheet
// first, then every other visible sheet; never the identity sheet.
func (rd *reader) contentSheets() []string {
	var out []string
	for _, s := range rd.b.Sheets {
		if s.Name == templates.SheetReport {
			out = append(out, s.Name)
		}
	}
	for _, s := range rd.b.Sheets {
		if s.Name == templates.SheetReport || s.Name == templates.SheetIdentity {
			continue
		}
		if s.State == bk.Visible {
			out = append(out, s.Name)
		}
	}
	return out
}

// locate finds the input cell of an indicator: by its defined name, else in
// column ColValue of the row whose column ColID holds the id. how is "" for
// the name, else a description of the fallback for the drift warning.
func (rd *reader) locate(id string) (ref cellRef, byName bool, found bool) {
	if ref, ok := rd.names[strings.ToUpper(templates.IndicatorName(id))]; ok && !ref.Broken && rd.hasSheet(ref.Sheet) {
		return ref, true, true
	}
	idCol, _ := excelize.ColumnNameToNumber(templates.ColID)
	valCol, _ := excelize.ColumnNameToNumber(templates.ColValue)
	for _, sheet := range rd.contentSheets() {
		for i, row := range rd.sheetRows(sheet) {
			if len(row) >= idCol && strings.EqualFold(strings.TrimSpace(row[idCol-1]), id) {
				cell, _ := excelize.CoordinatesToCellName(valCol, i+1)
				return cellRef{Sheet: sheet, Cell: cell}, false, true
			}
		}
	}
	return cellRef{}, false, false
}

// readValues reads every indicator of the unit's form.
func (rd *reader) readValues() {
	inds := rd.c.IndicatorsFor(rd.r.Unit.Group)
	rd.r.Values = rd.values(rd.r.Unit.Group, inds)
	type drift struct {
		id  string
		ref cellRef
	}
	var drifts []drift
	type located struct {
		ref           cellRef
		byName, found bool
	}
	locs := make([]located, len(inds))
	lost := 0
	for i, ind := range inds {
		l := &locs[i]
		l.ref, l.byName, l.found = rd.locate(ind.ID)
		if !l.found {
			lost++
		}
	}
	if lost == len(inds) && len(inds) > 1 {
		// Nothing of the form is left: one error, not one per indicator.
		where := fmt.Sprintf("trang %s vẫn còn nhưng không còn tên vùng %s… và không có dòng nào ghi mã chỉ tiêu ở cột %s", quote(templates.SheetReport), templates.NamePrefixIndicator, templates.ColID)
		if !rd.hasSheet(templates.SheetReport) {
			where = fmt.Sprintf("không có trang %s (bị xóa hoặc đổi tên) và không trang nào có dòng ghi mã chỉ tiêu ở cột %s", quote(templates.SheetReport), templates.ColID)
		}
		for _, ind := range inds {
			rd.bad[ind.ID] = true
			rd.r.Values.Set(ind.ID, Value{Type: ind.Type, Empty: true})
		}
		rd.issue(templates.SeverityError, "", "", "", fmt.Sprintf("không tìm thấy chỉ tiêu nào của biểu mẫu: %s — đề nghị đơn vị điền lại vào biểu mẫu gốc đã gửi", where))
		return
	}
	for i, ind := range inds {
		ref, byName, found := locs[i].ref, locs[i].byName, locs[i].found
		if !found {
			rd.bad[ind.ID] = true
			rd.r.Values.Set(ind.ID, Value{Type: ind.Type, Empty: true})
			rd.issue(templates.SeverityError, "", "", ind.ID, fmt.Sprintf("không tìm thấy ô của chỉ tiêu %s (%s): không có tên vùng %s và không có dòng ghi mã %s ở cột %s — biểu mẫu đã bị sửa, đề nghị đơn vị điền lại vào biểu mẫu gốc",
				ind.ID, ind.Label, templates.IndicatorName(ind.ID), ind.ID, templates.ColID))
			continue
		}
		if !byName {
			drifts = append(drifts, drift{ind.ID, ref})
		}
		rd.r.Values.Set(ind.ID, rd.readValue(ind, ref))
	}
	switch {
	case len(drifts) == 0:
	case len(drifts) == len(inds) && len(inds) > 1:
		rd.issue(templates.SeverityWarning, drifts[0].ref.Sheet, "", "", fmt.Sprintf("tệp không còn tên vùng %s… dùng được (bị xóa, hoặc trỏ tới trang không còn; có thể biểu mẫu được gõ lại hoặc xuất từ Google Sheets): đã đọc %d chỉ tiêu theo mã ở cột %s, giá trị ở cột %s — kiểm tra lại các số đọc được",
			templates.NamePrefixIndicator, len(drifts), templates.ColID, templates.ColValue))
	default:
		for _, d := range drifts {
			rd.issue(templates.SeverityWarning, d.ref.Sheet, d.ref.Cell, d.id, fmt.Sprintf("không còn tên vùng %s dùng được: đã đọc %s theo mã ở cột %s, ô %s — kiểm tra lại giá trị",
				templates.IndicatorName(d.id), d.id, templates.ColID, d.ref.Cell))
		}
	}
}

// readValue reads and converts one indicator's cell.
func (rd *reader) readValue(ind *templates.Indicator, ref cellRef) Value {
	v := Value{Type: ind.Type, Sheet: ref.Sheet, Cell: ref.Cell, Empty: true}
	if area, top := rd.mergedOver(ref.Sheet, ref.Cell); area != "" {
		rd.bad[ind.ID] = true
		rd.issue(templates.SeverityError, ref.Sheet, ref.Cell, ind.ID, mergedMsg(ind.ID, ref.Cell, area, top))
		return v
	}
	cc, err := rd.cell(ref.Sheet, ref.Cell)
	if err != nil {
		rd.bad[ind.ID] = true
		rd.issue(templates.SeverityError, ref.Sheet, ref.Cell, ind.ID, fmt.Sprintf("không đọc được ô của %s: %v", ind.ID, err))
		return v
	}
	v.Raw = cc.Raw
	if cc.Err != "" {
		rd.bad[ind.ID] = true
		rd.issue(templates.SeverityError, ref.Sheet, ref.Cell, ind.ID, formulaErrorMsg(ind.ID, cc))
		return v
	}
	if cc.Computed {
		rd.issue(templates.SeverityWarning, ref.Sheet, ref.Cell, ind.ID, fmt.Sprintf("%s là công thức =%s chưa có kết quả lưu sẵn; đã tự tính được %s — mở tệp bằng Excel, lưu lại để chắc chắn", ind.ID, cc.Formula, quote(cc.Raw)))
	}
	conv := rd.convert(ind.ID, ind.ID, ind.Type, cc, ref)
	conv.Sheet, conv.Cell = ref.Sheet, ref.Cell
	return conv
}

// mergedOver returns the merged area that covers the cell without starting
// at it, and the area's first cell; "" when the cell is not covered. Excel
// keeps only the first cell of a merged area: what was typed in the cell is
// hidden (and gone once Excel saves), and excelize reads the first cell's
// value (often the label) in its place.
func (rd *reader) mergedOver(sheet, cell string) (area, top string) {
	sh := rd.b.Sheet(sheet)
	at, ok := bk.ParseRef(cell)
	if sh == nil || !ok {
		return "", ""
	}
	for _, m := range sh.Merges {
		lo := bk.Ref{Row: min(m.From.Row, m.To.Row), Col: min(m.From.Col, m.To.Col)}
		hi := bk.Ref{Row: max(m.From.Row, m.To.Row), Col: max(m.From.Col, m.To.Col)}
		if (bk.Range{From: lo, To: hi}).Contains(at) && at != lo {
			return lo.String() + ":" + hi.String(), lo.String()
		}
	}
	return "", ""
}

func mergedMsg(what, cell, area, top string) string {
	return fmt.Sprintf("%s: ô %s nằm trong vùng gộp ô %s, Excel chỉ giữ giá trị của ô đầu %s nên giá trị nhập ở %s bị che mất — bỏ gộp ô (Unmerge) và nhập lại giá trị vào ô %s", what, cell, area, top, cell, cell)
}

func formulaErrorMsg(id string, cc cellContent) string {
	if cc.Formula != "" {
		return fmt.Sprintf("%s: công thức =%s cho kết quả lỗi %s — sửa công thức hoặc nhập thẳng giá trị", id, cc.Formula, cc.Err)
	}
	return fmt.Sprintf("%s: ô chứa giá trị lỗi %s — nhập lại giá trị", id, cc.Err)
}

// convert turns a cell into a value of the type, reporting every inexact
// coercion with the original text. id is the indicator ("" for a reporter
// field); what names the value in messages.
//
// It is long because it is one branch per indicator type, each with its own messages.
func (rd *reader) convert(id, what string, typ templates.Type, cc cellContent, ref cellRef) Value {
	v := Value{Type: typ, Raw: cc.Raw, Empty: true}
	raw := cc.Raw
	if strings.TrimSpace(raw) == "" {
		return v
	}
	// A number cell holds a number; shared and inline strings hold text
	// (a number typed as text among them).
	num, numErr := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	isNum := numErr == nil && !math.IsNaN(num) && !math.IsInf(num, 0) &&
		(cc.Kind == bk.Number || cc.Kind == bk.Empty || cc.Kind == bk.Bool)
	isBool := isNum && cc.Kind == bk.Bool
	warn := func(format string, args ...any) {
		rd.issue(templates.SeverityWarning, ref.Sheet, ref.Cell, id, fmt.Sprintf(format, args...))
	}
	fail := func(format string, args ...any) Value {
		if id != "" {
			rd.bad[id] = true
		}
		rd.issue(templates.SeverityError, ref.Sheet, ref.Cell, id, fmt.Sprintf(format, args...))
		return v
	}
	if !isNum {
		raw = rd.legacyText(id, what, raw, ref)
	}
	switch typ {
	case templates.TypeYesNo:
		if isNum {
			switch {
			case num == 1:
				v.Bool, v.Empty = true, false
			case num == 0:
				v.Bool, v.Empty = false, false
			default:
				return fail("%s = %s: cần chọn “Có” hoặc “Không”", what, vn.Number(num))
			}
			if !isBool {
				warn("%s: số %s đã hiểu là “%s”; lần sau chọn Có hoặc Không trong danh sách", what, vn.Number(num), templates.FormatValue(v.Bool))
			}
			return v
		}
		b, how, err := ParseYesNo(raw)
		if err != nil {
			return fail("%s: %v — chọn “Có” hoặc “Không” trong danh sách", what, err)
		}
		v.Bool, v.Empty = b, false
		if how != Exact {
			warn("%s: %s đã hiểu là “%s”; lần sau chọn Có hoặc Không trong danh sách", what, quote(raw), templates.FormatValue(b))
		}
	case templates.TypeWhole, templates.TypeNumber:
		whole := typ == templates.TypeWhole
		if isBool {
			return fail("%s = %s: cần nhập số, không phải Đúng/Sai", what, strings.ToUpper(strconv.FormatBool(num != 0)))
		}
		if isNum {
			if whole && num != math.Trunc(num) {
				return fail("%s = %s: phải là số nguyên", what, vn.Number(num))
			}
			v.Num, v.Empty = num+0, false // +0: no negative zero
			return v
		}
		n, how, err := parseNumber(raw, whole)
		if err != nil {
			return fail("%s: %v — chỉ nhập số", what, err)
		}
		v.Num, v.Empty = n, false
		if how != Exact {
			warn("%s: %s đã hiểu là %s; lần sau chỉ nhập số", what, quote(raw), rd.withUnit(id, vn.Number(n)))
		}
	case templates.TypeMoney:
		if isBool {
			return fail("%s = %s: cần nhập số tiền, không phải Đúng/Sai", what, strings.ToUpper(strconv.FormatBool(num != 0)))
		}
		if isNum {
			if num != math.Trunc(num) {
				return fail("%s = %s: số tiền tính bằng đồng phải là số nguyên", what, vn.Number(num))
			}
			v.Num, v.Empty = num+0, false
			return v
		}
		n, how, err := parseMoney(raw)
		if err != nil {
			return fail("%s: %v — ghi số tiền bằng đồng, đủ chữ số (3 tỷ ghi 3000000000)", what, err)
		}
		v.Num, v.Empty = n, false
		if how != Exact {
			warn("%s: %s đã hiểu là %s đồng; lần sau ghi đủ chữ số", what, quote(raw), vn.Number(n))
		}
	case templates.TypePercent:
		if isBool {
			return fail("%s = %s: cần nhập tỷ lệ phần trăm", what, strings.ToUpper(strconv.FormatBool(num != 0)))
		}
		if isNum {
			p, asTyped := rd.percentOfCell(id, num, cc.Format)
			v.Num, v.Empty = p+0, false
			if asTyped {
				warn("%s: số %s đã hiểu là %s %%; lần sau nhập vào ô tỷ lệ của biểu mẫu", what, vn.Number(num), vn.Number(p))
			}
			return v
		}
		n, how, err := parsePercent(raw)
		if err != nil {
			return fail("%s: %v", what, err)
		}
		v.Num, v.Empty = n, false
		if how != Exact {
			warn("%s: %s đã hiểu là %s %%", what, quote(raw), vn.Number(n))
		}
	case templates.TypeChoice:
		if isNum {
			raw = strings.Replace(strconv.FormatFloat(num, 'f', -1, 64), ".", ",", 1)
		}
		var choices []string
		if ind := rd.c.Indicator(id); ind != nil {
			choices = ind.Choices
		}
		ch, how, err := matchChoice(raw, choices)
		if err != nil {
			return fail("%s: %v — chọn trong danh sách", what, err)
		}
		v.Text, v.Empty = ch, false
		if how != Exact {
			warn("%s: %s đã hiểu là “%s”; lần sau chọn trong danh sách", what, quote(raw), ch)
		}
	case templates.TypeDate:
		if isBool {
			return fail("%s = %s: cần nhập ngày", what, strings.ToUpper(strconv.FormatBool(num != 0)))
		}
		if isNum {
			if !vn.IsSerialDate(num) {
				return fail("%s = %s: không phải ngày hợp lệ — nhập dạng ngày/tháng/năm, ví dụ 15/12/2023", what, vn.Number(num))
			}
			v.Date, v.Empty = vn.SerialDate(num, rd.b.Date1904), false
			return v
		}
		t, how, err := ParseDate(raw)
		if err != nil {
			return fail("%s: %v", what, err)
		}
		v.Date, v.Empty = t, false
		if how != Exact {
			warn("%s: %s đã hiểu là ngày %s; lần sau nhập dạng ngày/tháng/năm, ví dụ 15/12/2023", what, quote(raw), vn.Date(t))
		}
	default: // text
		if isBool {
			raw = strings.ToUpper(strconv.FormatBool(num != 0))
		} else if isNum {
			// A phone number or a code typed as a number stays as typed.
			raw = strings.Replace(strconv.FormatFloat(num, 'f', -1, 64), ".", ",", 1)
		}
		v.Text = cleanCell(raw)
		v.Empty = v.Text == ""
	}
	return v
}

// percentOfCell reads the number of a percentage's cell. The form's cell
// is a percent cell, where Excel keeps 0,895 for what shows as 89,5 %: a
// cell whose number format is a percentage (.xlsx, .ods) holds the
// fraction. Where the format is not known (.xls) or is not a percentage, a
// number whose hundredfold lies within the indicator's bounds (0 to 100
// unless the campaign says otherwise) is such a fraction. A number that
// is within the bounds only as it stands was typed into a plain cell and
// is taken as the percent itself, asTyped, with a warning.
func (rd *reader) percentOfCell(id string, num float64, format bk.Format) (p float64, asTyped bool) {
	frac := vn.PercentOf(num)
	if format == bk.FormatPercent {
		// The cell shows a percentage: it is one, whatever its bounds
		// say (150 % is then refused as over 100, never read as 1,5 %).
		return frac, false
	}
	lo, hi := 0.0, 100.0
	if ind := rd.c.Indicator(id); ind != nil {
		if ind.Min != nil {
			lo = *ind.Min
		}
		if ind.Max != nil {
			hi = *ind.Max
		}
	}
	if frac >= lo && frac <= hi || num < lo || num > hi {
		return frac, false
	}
	return num, true
}

// withUnit is a number followed by its indicator's unit, "1.340 người".
func (rd *reader) withUnit(id, n string) string {
	if ind := rd.c.Indicator(id); ind != nil && ind.Unit != "" {
		return n + " " + ind.Unit
	}
	return n
}

// legacyText converts text typed with a legacy Vietnamese font encoding,
// with a warning showing both.
func (rd *reader) legacyText(id, what, s string, ref cellRef) string {
	l := legacy.Detect(s)
	if l == legacy.None {
		return s
	}
	conv := legacy.Convert(s, l)
	rd.issue(templates.SeverityWarning, ref.Sheet, ref.Cell, id, fmt.Sprintf("%s: chữ gõ bằng bảng mã cũ %s: %s đã đổi thành %s — nên gõ lại bằng Unicode", what, l, quote(s), quote(conv)))
	return conv
}

// readReporter reads the reporter block by its defined names. A lost name
// leaves its field empty: the reporter block is informative, except the
// report date that the rules read.
func (rd *reader) readReporter() {
	field := func(name, what string, typ templates.Type) (Value, bool) {
		ref, ok := rd.names[name]
		if !ok || ref.Broken || !rd.hasSheet(ref.Sheet) {
			return Value{}, false
		}
		if area, top := rd.mergedOver(ref.Sheet, ref.Cell); area != "" {
			rd.issue(templates.SeverityError, ref.Sheet, ref.Cell, "", mergedMsg(what, ref.Cell, area, top))
			return Value{}, false
		}
		cc, err := rd.cell(ref.Sheet, ref.Cell)
		if err != nil {
			return Value{}, false
		}
		if cc.Err != "" {
			rd.issue(templates.SeverityError, ref.Sheet, ref.Cell, "", formulaErrorMsg(what, cc))
			return Value{}, false
		}
		v := rd.convert("", what, typ, cc, ref)
		v.Sheet, v.Cell = ref.Sheet, ref.Cell
		return v, !v.Empty
	}
	rep := &rd.r.Reporter
	if v, ok := field(templates.NameReporterName, "Họ tên người báo cáo", templates.TypeText); ok {
		rep.Name = v.Text
	}
	if v, ok := field(templates.NameReporterTitle, "Chức vụ người báo cáo", templates.TypeText); ok {
		rep.Title = v.Text
	}
	if v, ok := field(templates.NameReporterPhone, "Điện thoại người báo cáo", templates.TypeText); ok {
		rep.Phone = v.Text
	}
	if v, ok := field(templates.NameReporterEmail, "Email người báo cáo", templates.TypeText); ok {
		rep.Email = v.Text
	}
	if v, ok := field(templates.NameReportDate, "Ngày báo cáo", templates.TypeDate); ok {
		rep.Date = v.Date
		rep.DateSheet, rep.DateCell = v.Sheet, v.Cell
	}
}
