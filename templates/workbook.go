package templates

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"tonghop/templates/atomicfile"
	"tonghop/templates/vn"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// The campaign workbook is the campaign as an officer edits it in Excel: one
// sheet per table, in the order of tables, with the headers, notes and
// drop-downs of the schema. Load reads it back to the same campaign.

const (
	campaignFont     = "Times New Roman"
	campaignFontSize = 12
	// spareRows is how far below the data the drop-downs reach, so that
	// rows an officer adds get them too.
	spareRows = 1000
	// spareChoices is how far below the data a drop-down's source range
	// reaches, so that a group or unit added at the end is offered too.
	spareChoices = 50
)

// campaignStyles are the cell styles of the campaign workbook.
type campaignStyles struct {
	header, text, number, date, explain int
}

// WriteCampaign writes the campaign as the workbook an officer edits (what
// `tonghop init` writes). The file is written next to path under a
// temporary name and renamed into place, so a failed write never leaves a
// half-written workbook.
func WriteCampaign(c *Campaign, path string) error {
	if ext := strings.ToLower(filepath.Ext(path)); ext != ".xlsx" {
		return fmt.Errorf("ghi %s: tệp chiến dịch phải có đuôi .xlsx", path)
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("ghi %s: đây là một thư mục, cần tên tệp .xlsx", path)
	}
	f, err := campaignWorkbook(c)
	if err != nil {
		return fmt.Errorf("tạo tệp chiến dịch %s: %w", path, err)
	}
	defer f.Close()
	return writeAtomic(f, path)
}

// writeAtomic writes the workbook through atomicfile, after checking the
// folder so that a mistyped --out gets a message naming it.
func writeAtomic(f *excelize.File, path string) error {
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("ghi %s: thư mục %s không tồn tại", path, dir)
	case err != nil:
		return fmt.Errorf("ghi %s: %w", path, err)
	case !st.IsDir():
		return fmt.Errorf("ghi %s: %s không phải là thư mục", path, dir)
	}
	if err := atomicfile.Write(path, func(w io.Writer) error { return f.Write(w) }); err != nil {
		return fmt.Errorf("ghi %s: %w", path, err)
	}
	return nil
}

// campaignWorkbook builds the campaign workbook in memory.
func campaignWorkbook(c *Campaign) (*excelize.File, error) {
	f := excelize.NewFile()
	ok := false
	defer func() {
		if !ok {
			f.Close()
		}
	}()
	if err := f.SetDefaultFont(campaignFont); err != nil {
		return nil, err
	}
	st, err := newCampaignStyles(f)
	if err != nil {
		return nil, err
	}
	rows := encode(c)
	rows[tableMeta] = metaRows(rows[tableMeta])
	for i, t := range tables {
		if i == 0 {
			if err := f.SetSheetName(f.GetSheetName(0), t.sheet); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(t.sheet); err != nil {
			return nil, err
		}
		if err := writeTable(f, t, rows[t], st); err != nil {
			return nil, fmt.Errorf("trang %s: %w", t.sheet, err)
		}
	}
	if err := addDropDowns(f, rows); err != nil {
		return nil, err
	}
	f.SetActiveSheet(0)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:       "Chiến dịch " + c.ID,
		Subject:     c.Title,
		Creator:     "tonghop",
		Description: "Định nghĩa chiến dịch của tonghop: sửa rồi dùng với --campaign ở mọi lệnh.",
		Language:    "vi-VN",
	}); err != nil {
		return nil, err
	}
	ok = true
	return f, nil
}

// metaRows turns the encoded key/value rows of the Chiến dịch table into the
// rows of its sheet: every key in order, with its explanation, and one empty
// row for a key without a value so that the officer sees where to fill it.
func metaRows(enc [][]string) [][]string {
	vals := map[string][]string{}
	for _, r := range enc[1:] {
		vals[r[0]] = append(vals[r[0]], r[1])
	}
	out := [][]string{enc[0]}
	for _, mk := range metaKeys {
		v := vals[mk.key]
		if len(v) == 0 {
			v = []string{""}
		}
		for _, s := range v {
			out = append(out, []string{mk.key, s, mk.label})
		}
	}
	return out
}

func newCampaignStyles(f *excelize.File) (campaignStyles, error) {
	var st campaignStyles
	font := func(bold, italic bool, color string) *excelize.Font {
		return &excelize.Font{Family: campaignFont, Size: campaignFontSize, Bold: bold, Italic: italic, Color: color}
	}
	border := []excelize.Border{
		{Type: "left", Color: "808080", Style: 1}, {Type: "right", Color: "808080", Style: 1},
		{Type: "top", Color: "808080", Style: 1}, {Type: "bottom", Color: "808080", Style: 1},
	}
	top := &excelize.Alignment{Vertical: "top", WrapText: true}
	dateFmt := "dd/mm/yyyy"
	for _, s := range []struct {
		id    *int
		style excelize.Style
	}{
		{&st.header, excelize.Style{
			Font:      font(true, false, "000000"),
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Border:    border,
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		}},
		// Text columns are formatted as text, so that a code or a GSO number
		// typed in a new row keeps its leading zeros and is not made a date.
		{&st.text, excelize.Style{Font: font(false, false, ""), Alignment: top, NumFmt: 49}},
		{&st.number, excelize.Style{Font: font(false, false, ""), Alignment: top}},
		{&st.date, excelize.Style{Font: font(false, false, ""), Alignment: top, CustomNumFmt: &dateFmt}},
		{&st.explain, excelize.Style{Font: font(false, true, "595959"), Alignment: top, NumFmt: 49}},
	} {
		id, err := f.NewStyle(&s.style)
		if err != nil {
			return st, err
		}
		*s.id = id
	}
	return st, nil
}

// writeTable writes one table: the Vietnamese headers with their notes, the
// data rows with cells of the right kind, widths and the frozen header. Row
// heights are left unset: Excel and LibreOffice then fit rows to the wrapped
// text, also after an edit.
func writeTable(f *excelize.File, t *table, rows [][]string, st campaignStyles) error {
	sheet := t.sheet
	for j, col := range t.cols {
		name, err := excelize.ColumnNumberToName(j + 1)
		if err != nil {
			return err
		}
		if err := f.SetColWidth(sheet, name, name, col.width); err != nil {
			return err
		}
		style := st.text
		switch {
		case t == tableMeta && col.key == "giai_thich":
			style = st.explain
		case col.kind == kindNumber, col.kind == kindBound, t == tableMeta && col.key == "gia_tri":
			style = st.number
		case col.kind == kindDate:
			style = st.date
		}
		// A column style reaches the rows an officer adds, too.
		if err := f.SetColStyle(sheet, name, style); err != nil {
			return err
		}
		cell, _ := excelize.CoordinatesToCellName(j+1, 1)
		if err := f.SetCellStr(sheet, cell, col.header); err != nil {
			return err
		}
		if err := f.AddComment(sheet, excelize.Comment{
			Cell: cell, Author: "tonghop",
			Paragraph: []excelize.RichTextRun{{Text: col.note}},
			Width:     260, Height: 30 + 15*uint(utf8.RuneCountInString(col.note)/40),
		}); err != nil {
			return err
		}
	}
	header, _ := excelize.CoordinatesToCellName(len(t.cols), 1)
	if err := f.SetCellStyle(sheet, "A1", header, st.header); err != nil {
		return err
	}

	for i, r := range rows[1:] {
		row := i + 2
		for j, s := range r {
			if s == "" || j >= len(t.cols) {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(j+1, row)
			if err := setCampaignCell(f, sheet, cell, t, t.cols[j], r, s, st); err != nil {
				return err
			}
		}
	}

	if err := f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	end, _ := excelize.CoordinatesToCellName(len(t.cols), max(len(rows), 1))
	return f.SetSheetDimension(sheet, "A1:"+end)
}

// setCampaignCell writes one encoded value as the cell an officer expects:
// dates as date cells shown dd/mm/yyyy, numbers as numbers, the rest as text.
func setCampaignCell(f *excelize.File, sheet, cell string, t *table, col column, row []string, s string, st campaignStyles) error {
	kind := col.kind
	if t == tableMeta && col.key == "gia_tri" {
		kind = kindText
		for _, mk := range metaKeys {
			if mk.key == row[0] && mk.kind == kindDate {
				kind = kindDate
			}
		}
	}
	switch kind {
	case kindDate:
		if d, ok := parseDateCell(s); ok {
			if err := f.SetCellFloat(sheet, cell, vn.Serial(d), -1, 64); err != nil {
				return err
			}
			return f.SetCellStyle(sheet, cell, cell, st.date)
		}
	case kindNumber:
		if v, err := parseNumberCell(s); err == nil {
			return f.SetCellFloat(sheet, cell, v, -1, 64)
		}
	case kindBound:
		// encode writes a date bound as dd/mm/yyyy and a number plainly.
		if strings.Contains(s, "/") {
			if d, ok := parseDateCell(s); ok {
				if err := f.SetCellFloat(sheet, cell, vn.Serial(d), -1, 64); err != nil {
					return err
				}
				return f.SetCellStyle(sheet, cell, cell, st.date)
			}
		} else if v, err := parseNumberCell(s); err == nil {
			return f.SetCellFloat(sheet, cell, v, -1, 64)
		}
	}
	return f.SetCellStr(sheet, cell, s)
}

// addDropDowns adds the drop-down lists: types, severities and yes/no from
// fixed choices, group codes from the Nhóm sheet, parent codes from the Đơn
// vị sheet, indicator ids from the Chỉ tiêu sheet, and the keys of the
// Chiến dịch sheet.
func addDropDowns(f *excelize.File, rows map[*table][][]string) error {
	colRange := func(t *table, key string, from, to int) string {
		for j, c := range t.cols {
			if c.key == key {
				a, _ := excelize.CoordinatesToCellName(j+1, from)
				b, _ := excelize.CoordinatesToCellName(j+1, to)
				return a + ":" + b
			}
		}
		panic("templates: no column " + key + " in " + t.sheet) // a schema bug, not input
	}
	absRange := func(t *table, key string, n int) string {
		for j, c := range t.cols {
			if c.key == key {
				a, _ := excelize.CoordinatesToCellName(j+1, 2, true)
				b, _ := excelize.CoordinatesToCellName(j+1, n, true)
				return "'" + strings.ReplaceAll(t.sheet, "'", "''") + "'!" + a + ":" + b
			}
		}
		panic("templates: no column " + key + " in " + t.sheet)
	}
	last := func(t *table) int { return len(rows[t]) + spareRows }

	var types []string
	for _, ty := range Types {
		types = append(types, ty.Label())
	}
	var totals []string
	for _, m := range TotalMethods {
		totals = append(totals, m.Label())
	}
	metaKeyCells := absRange(tableMeta, "khoa", len(rows[tableMeta]))
	groupCodes := absRange(tableGroups, "ma", len(rows[tableGroups])+spareChoices)
	unitCodes := absRange(tableUnits, "ma", len(rows[tableUnits])+spareChoices)
	indicatorIDs := absRange(tableIndicators, "ma", len(rows[tableIndicators])+spareChoices)

	type dropDown struct {
		t       *table
		key     string
		choices []string // fixed choices, or
		source  string   // a range of cells holding them
		strict  bool     // refuse other values (else only warn)
		prompt  string
	}
	for _, d := range []dropDown{
		// The keys are too many for a list written in the validation
		// (255 characters): the sheet lists each key once, in order.
		{t: tableMeta, key: "khoa", source: metaKeyCells, strict: true, prompt: "Chọn khóa trong danh sách."},
		{t: tableGroups, key: "nhom_cap_tren", source: groupCodes, strict: true, prompt: "Mã nhóm cấp trên, thường để trống."},
		{t: tableUnits, key: "nhom", source: groupCodes, strict: true, prompt: "Chọn mã nhóm (trang Nhóm)."},
		{t: tableUnits, key: "ma_cap_tren", source: unitCodes, prompt: "Mã đơn vị cấp trên (trang Đơn vị), để trống nếu không có."},
		{t: tableIndicators, key: "kieu", choices: types, strict: true, prompt: "Có/Không, Số nguyên, Số (có phần lẻ), Tiền (đồng), Tỷ lệ %, Ngày, Văn bản hoặc Lựa chọn."},
		// "Trung bình theo H1" names its weight: the list only helps.
		{t: tableIndicators, key: "cach_tong", choices: totals, prompt: "Cộng, Trung bình, Trung bình theo <mã chỉ tiêu> (ví dụ Trung bình theo H1) hoặc Không tính. Để trống: theo kiểu chỉ tiêu."},
		// Several groups may be listed, "UBH; UBX": the list only helps.
		{t: tableIndicators, key: "nhom", source: groupCodes, prompt: "Chọn một nhóm, hoặc gõ nhiều mã cách nhau bằng dấu chấm phẩy (UBH; UBX). Để trống là mọi nhóm."},
		{t: tableIndicators, key: "bat_buoc", choices: []string{"Có", "Không"}, strict: true, prompt: "Có hoặc Không."},
		{t: tableRules, key: "muc_do", choices: []string{SeverityError.Label(), SeverityWarning.Label()}, strict: true, prompt: "Lỗi hoặc Cảnh báo."},
		{t: tableRatios, key: "tu_so", source: indicatorIDs, prompt: "Mã chỉ tiêu số ở tử số (trang Chỉ tiêu)."},
		{t: tableRatios, key: "mau_so", source: indicatorIDs, prompt: "Mã chỉ tiêu số ở mẫu số (trang Chỉ tiêu), khác tử số."},
	} {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = colRange(d.t, d.key, 2, last(d.t))
		if d.source != "" {
			dv.SetSqrefDropList(d.source)
		} else if err := dv.SetDropList(d.choices); err != nil {
			return fmt.Errorf("trang %s: %w", d.t.sheet, err)
		}
		var header string
		for _, c := range d.t.cols {
			if c.key == d.key {
				header = c.header
			}
		}
		dv.SetInput(clipUTF16(header, 32), clipUTF16(d.prompt, 255))
		if d.strict {
			dv.SetError(excelize.DataValidationErrorStyleStop, clipUTF16(header, 32), "Giá trị không có trong danh sách: chọn trong danh sách thả xuống.")
		} else {
			dv.SetError(excelize.DataValidationErrorStyleInformation, clipUTF16(header, 32), "Giá trị không có trong danh sách; tonghop sẽ kiểm tra khi đọc tệp.")
		}
		if err := f.AddDataValidation(d.t.sheet, dv); err != nil {
			return fmt.Errorf("trang %s: %w", d.t.sheet, err)
		}
	}
	return nil
}

// clipUTF16 shortens s to n UTF-16 units: Excel refuses a workbook whose
// validation titles or messages are longer than its limits.
func clipUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if units+w > n {
			return s[:i]
		}
		units += w
	}
	return s
}
