package templates

import (
	"bytes"
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"tonghop/templates/vn"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

//go:embed campaign/*.csv
var defaultFS embed.FS

// Default returns the embedded default campaign: the Đắk Nông 20th
// anniversary campaign of the letter, with its 130 units.
func Default() (*Campaign, error) {
	sub, err := fs.Sub(defaultFS, "campaign")
	if err != nil {
		return nil, err
	}
	return loadCSV(sub, "chiến dịch mặc định")
}

// loadCSV reads a campaign kept as the CSV files of its tables (the
// embedded default, or a folder such as samples/hai-cap/chien-dich); an
// optional table's file may be missing.
func loadCSV(fsys fs.FS, what string) (*Campaign, error) {
	raw := map[*table][][]string{}
	for _, t := range tables {
		b, err := fs.ReadFile(fsys, t.file)
		if errors.Is(err, fs.ErrNotExist) && t.optional {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		rows, err := readCSV(b)
		if err != nil {
			return nil, fmt.Errorf("%s, %s: %w", what, t.file, err)
		}
		raw[t] = rows
	}
	c, probs := decode(raw, func(t *table) string { return t.file })
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

func readCSV(b []byte) ([][]string, error) {
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	return r.ReadAll()
}

// Load reads a campaign: the embedded default when path is empty, else the
// campaign workbook at path (as written by `tonghop init`). Every problem is
// reported at once, as Problems.
func Load(path string) (*Campaign, error) {
	if path == "" {
		return Default()
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return loadCSV(os.DirFS(path), "chiến dịch "+path)
	}
	if ext := strings.ToLower(filepath.Ext(path)); ext != ".xlsx" && ext != ".xlsm" {
		return nil, fmt.Errorf("tệp chiến dịch %s: cần tệp .xlsx (tạo bằng lệnh tonghop init)", path)
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("không tìm thấy tệp chiến dịch %s", path)
	}
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true, UnzipSizeLimit: 64 << 20})
	if err != nil {
		return nil, fmt.Errorf("mở tệp chiến dịch %s (tệp hỏng, có mật khẩu hoặc không phải .xlsx?): %w", path, err)
	}
	defer f.Close()
	return readWorkbook(f, path)
}

// readWorkbook decodes the sheets of a campaign workbook. Sheets are
// found by name after folding, so "chi tieu" finds "Chỉ tiêu".
func readWorkbook(f *excelize.File, path string) (*Campaign, error) {
	sheets := map[string]string{}
	for _, name := range f.GetSheetList() {
		sheets[foldKey(name)] = name
	}
	raw := map[*table][][]string{}
	var probs Problems
	for _, t := range tables {
		name, ok := sheets[foldKey(t.sheet)]
		if !ok && t.optional {
			continue
		}
		if !ok {
			probs = append(probs, Problem{Sheet: t.sheet, Msg: fmt.Sprintf("tệp %s thiếu trang %q", filepath.Base(path), t.sheet)})
			continue
		}
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			probs = append(probs, Problem{Sheet: t.sheet, Msg: fmt.Sprintf("đọc trang: %v", err)})
			continue
		}
		merges, err := f.GetMergeCells(name, true)
		if err != nil {
			probs = append(probs, Problem{Sheet: t.sheet, Msg: fmt.Sprintf("đọc các ô gộp của trang: %v", err)})
			continue
		}
		raw[t] = asShown(rows, merges)
	}
	if len(probs) > 0 {
		return nil, probs
	}
	c, probs := decode(raw, func(t *table) string { return t.sheet })
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// asShown makes a sheet's rows what a person sees: every cell of a merged
// area holds the area's value (a section's "Mục" merged down its rows
// applies to each row), and a row that only crosses merged areas started
// above it, with nothing else typed, is a blank spacer row.
func asShown(rows [][]string, merges []excelize.MergeCell) [][]string {
	filled := map[[2]int]bool{}
	for _, m := range merges {
		c0, r0, err := excelize.CellNameToCoordinates(m.GetStartAxis())
		if err != nil {
			continue
		}
		c1, r1, err := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err != nil || r1 > len(rows) || r0 < 1 {
			continue
		}
		v := ""
		if row := rows[r0-1]; c0-1 < len(row) {
			v = row[c0-1]
		}
		for r := r0; r <= r1; r++ {
			for c := c0; c <= c1; c++ {
				if r == r0 && c == c0 {
					continue
				}
				for len(rows[r-1]) < c {
					rows[r-1] = append(rows[r-1], "")
				}
				rows[r-1][c-1] = v
				if r > r0 {
					filled[[2]int{r, c}] = true
				}
			}
		}
	}
	for i, row := range rows {
		spacer, any := true, false
		for j, cell := range row {
			if strings.TrimSpace(cell) == "" {
				continue
			}
			any = true
			spacer = spacer && filled[[2]int{i + 1, j + 1}]
		}
		if any && spacer {
			rows[i] = nil
		}
	}
	return rows
}

var (
	codePattern  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)
	identPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)
)

// rowsOf records where each decoded item came from, for messages: the
// 1-based row of each group, unit, indicator, rule and list by index, and of
// each campaign key (and "don_vi_van_ban=CODE" item) by key.
type rowsOf struct {
	meta                                      map[string]int
	groups, units, inds, rules, lists, ratios []int
}

// rowAt returns the row of item i, or 0 when unknown (a campaign built in code).
func rowAt(rows []int, i int) int {
	if i < len(rows) {
		return rows[i]
	}
	return 0
}

// firstAt says where a duplicate was first seen.
func firstAt(row int) string {
	if row == 0 {
		return ""
	}
	return fmt.Sprintf(" (đã có ở dòng %d)", row)
}

// Limits on a campaign's texts, checked as each cell is read so that an
// over-long one is refused at load with its sheet and row, instead of
// failing half-way through generate (a cell holds at most 32,767
// characters; names become file names, sheet names and defined names).
const (
	maxCodeLen = 64   // a code: unit, group, indicator, rule, list
	maxNameLen = 255  // a name (column "Tên"), an indicator's label
	maxTextLen = 4000 // any other text: notes, messages, the report's sentences
)

// maxLen is the longest text the column takes.
func (r *rowReader) maxLen(key string) int {
	switch c := r.col(key); {
	case c.kind == kindCode || c.kind == kindGroup:
		return maxCodeLen
	case c.kind == kindExpr:
		return MaxExprLen
	case key == "ten" || key == "noi_dung":
		return maxNameLen
	}
	return maxTextLen
}

// MaxUnits bounds a campaign's units: a national campaign reaches about
// 10,600 commune-level units. Loading, generating and merging are linear
// in the units up to it.
const MaxUnits = 20_000

// checker collects the problems of a decoded campaign, one method per
// table; each method also builds the indexes the later ones need.
type checker struct {
	c      *Campaign
	source func(*table) string
	rows   rowsOf
	probs  Problems
}

func (k *checker) add(t *table, row int, col, format string, args ...any) {
	k.probs = append(k.probs, Problem{Sheet: k.source(t), Row: row, Column: col, Msg: fmt.Sprintf(format, args...)})
}

// check validates the decoded campaign as a whole, compiles its expressions
// and builds its indexes, table by table in workbook order: a later table
// refers to the earlier ones' codes.
func (c *Campaign) check(source func(*table) string, rows rowsOf) Problems {
	k := &checker{c: c, source: source, rows: rows}
	k.meta()
	k.groups()
	k.units()
	k.emails()
	k.indicators()
	k.rules()
	k.lists()
	k.ratios()
	return k.probs
}

// meta checks the Chiến dịch table: dates in order (the problem is on the
// later date's row), the contact address and the campaign's code.
func (k *checker) meta() {
	c, rows, add := k.c, k.rows, k.add
	value := "Giá trị" // the value column of the Chiến dịch sheet
	if !c.PeriodStart.IsZero() && !c.PeriodEnd.IsZero() && c.PeriodEnd.Before(c.PeriodStart) {
		add(tableMeta, rows.meta["ket_thuc"], value, "ngày kết thúc %s trước ngày bắt đầu %s", vn.Date(c.PeriodEnd), vn.Date(c.PeriodStart))
	}
	if !c.PeriodStart.IsZero() && !c.DataDeadline.IsZero() && !c.DataDeadline.After(c.PeriodStart) {
		add(tableMeta, rows.meta["han_so_lieu"], value, "hạn nộp số liệu %s không sau ngày bắt đầu %s", vn.Date(c.DataDeadline), vn.Date(c.PeriodStart))
	}
	if !c.WrittenDeadline.IsZero() && !c.PeriodStart.IsZero() && !c.WrittenDeadline.After(c.PeriodStart) {
		add(tableMeta, rows.meta["han_van_ban"], value, "hạn gửi văn bản %s không sau ngày bắt đầu %s", vn.Date(c.WrittenDeadline), vn.Date(c.PeriodStart))
	}
	if c.ID != "" && !codePattern.MatchString(c.ID) {
		add(tableMeta, rows.meta["ma"], value, "mã chiến dịch %q chỉ được gồm chữ không dấu, số, dấu gạch", c.ID)
	}

}

// groups checks the Nhóm table and indexes the groups by code.
func (k *checker) groups() {
	c, rows, add := k.c, k.rows, k.add
	c.groupByCode = map[string]*Group{}
	groupRow := map[string]int{}
	for i := range c.Groups {
		g := &c.Groups[i]
		if g.Code == "" {
			continue
		}
		row := rowAt(rows.groups, i)
		if !codePattern.MatchString(g.Code) {
			add(tableGroups, row, "Mã", "mã nhóm %q chỉ được gồm chữ không dấu, số, dấu gạch", g.Code)
		}
		if c.groupByCode[g.Code] != nil {
			add(tableGroups, row, "Mã", "mã nhóm %s bị trùng%s", g.Code, firstAt(groupRow[g.Code]))
			continue
		}
		c.groupByCode[g.Code] = g
		groupRow[g.Code] = row
	}
	for i, g := range c.Groups {
		if g.ParentGroup == "" {
			continue
		}
		row := rowAt(rows.groups, i)
		if g.ParentGroup == g.Code {
			add(tableGroups, row, "Nhóm cấp trên", "nhóm %s không thể là cấp trên của chính nó", g.Code)
		} else if c.groupByCode[g.ParentGroup] == nil {
			add(tableGroups, row, "Nhóm cấp trên", "nhóm %s có nhóm cấp trên %s không có trong trang Nhóm", g.Code, g.ParentGroup)
		}
	}

}

// units checks the Đơn vị table, each unit's parent and the units owing a
// written report, and indexes the units by code.
func (k *checker) units() {
	c, rows, add := k.c, k.rows, k.add
	value := "Giá trị"
	if len(c.Units) > MaxUnits {
		add(tableUnits, 0, "", "chiến dịch có %s đơn vị, tối đa %s", vn.Int(len(c.Units)), vn.Int(MaxUnits))
	}
	c.unitByCode = map[string]*Unit{}
	unitRow := map[string]int{}
	for i := range c.Units {
		u := &c.Units[i]
		if u.Code == "" {
			continue
		}
		row := rowAt(rows.units, i)
		if !codePattern.MatchString(u.Code) {
			add(tableUnits, row, "Mã", "mã đơn vị %q chỉ được gồm chữ không dấu, số, dấu gạch", u.Code)
		}
		if c.unitByCode[u.Code] != nil {
			add(tableUnits, row, "Mã", "mã đơn vị %s bị trùng%s", u.Code, firstAt(unitRow[u.Code]))
			continue
		}
		c.unitByCode[u.Code] = u
		unitRow[u.Code] = row
	}
	for i := range c.Units {
		u := &c.Units[i]
		row := rowAt(rows.units, i)
		g := c.groupByCode[u.Group]
		// An unknown parent group is reported once, on the Nhóm sheet.
		hasParentGroup := g != nil && g.ParentGroup != "" && c.groupByCode[g.ParentGroup] != nil
		if u.Group != "" && g == nil {
			add(tableUnits, row, "Nhóm", "đơn vị %s thuộc nhóm %s không có trong trang Nhóm", u.Code, u.Group)
		}
		if u.Parent != "" {
			p := c.unitByCode[u.Parent]
			switch {
			case p == nil:
				add(tableUnits, row, "Mã cấp trên", "đơn vị %s có cấp trên %s không có trong trang Đơn vị", u.Code, u.Parent)
			case p.Code == u.Code:
				add(tableUnits, row, "Mã cấp trên", "đơn vị %s không thể là cấp trên của chính nó", u.Code)
			case hasParentGroup && p.Group != g.ParentGroup:
				add(tableUnits, row, "Mã cấp trên", "đơn vị %s (nhóm %s) phải có cấp trên thuộc nhóm %s, nhưng %s thuộc nhóm %s", u.Code, u.Group, g.ParentGroup, p.Code, p.Group)
			case p.Parent != "":
				add(tableUnits, row, "Mã cấp trên", "đơn vị %s có cấp trên %s, mà %s lại có cấp trên %s: chỉ hỗ trợ hai cấp", u.Code, p.Code, p.Code, p.Parent)
			}
		} else if hasParentGroup {
			add(tableUnits, row, "Mã cấp trên", "đơn vị %s thuộc nhóm %s phải có mã cấp trên thuộc nhóm %s", u.Code, u.Group, g.ParentGroup)
		}
	}
	if len(c.Units) == 0 {
		add(tableUnits, 0, "", "chưa có đơn vị nào")
	}
	for _, code := range c.WrittenReportFrom {
		if c.unitByCode[code] == nil && c.groupByCode[code] == nil {
			add(tableMeta, rows.meta["don_vi_van_ban="+code], value, "don_vi_van_ban: %q không phải mã đơn vị hay mã nhóm", code)
		}
	}

}

// indicators checks the Chỉ tiêu table, indexes the indicators by id and
// compiles their conditions.
func (k *checker) indicators() {
	c, rows, add := k.c, k.rows, k.add
	c.indByID = map[string]*Indicator{}
	indRow := map[string]int{}
	sectionTitle := map[string]string{}
	reserved := c.constants()
	reserved[VarReportDate] = nil
	for i := range c.Indicators {
		ind := &c.Indicators[i]
		if ind.ID == "" {
			continue
		}
		row := rowAt(rows.inds, i)
		if !identPattern.MatchString(ind.ID) {
			add(tableIndicators, row, "Mã", "mã chỉ tiêu %q phải bắt đầu bằng chữ cái không dấu, chỉ gồm chữ, số và dấu gạch dưới", ind.ID)
		}
		if _, ok := reserved[ind.ID]; ok {
			add(tableIndicators, row, "Mã", "mã chỉ tiêu %s trùng với tên dành riêng", ind.ID)
		}
		if c.indByID[ind.ID] != nil {
			add(tableIndicators, row, "Mã", "mã chỉ tiêu %s bị trùng%s", ind.ID, firstAt(indRow[ind.ID]))
		} else {
			c.indByID[ind.ID] = ind
			indRow[ind.ID] = row
		}
		if t, ok := sectionTitle[ind.Section]; ok && t != ind.SectionTitle {
			add(tableIndicators, row, "Tên mục", "mục %s đã có tên %q, ở đây lại là %q", ind.Section, t, ind.SectionTitle)
		} else if !ok {
			sectionTitle[ind.Section] = ind.SectionTitle
		}
		for _, g := range ind.Groups {
			if c.groupByCode[g] == nil {
				add(tableIndicators, row, "Nhóm", "chỉ tiêu %s áp dụng cho nhóm %s không có trong trang Nhóm", ind.ID, g)
			}
		}
		if ind.Min != nil && ind.Max != nil && *ind.Min > *ind.Max {
			add(tableIndicators, row, "Tối thiểu", "chỉ tiêu %s có tối thiểu %s lớn hơn tối đa %s", ind.ID, vn.Number(*ind.Min), vn.Number(*ind.Max))
		}
		if ind.MinDate != nil && ind.MaxDate != nil && ind.MinDate.After(*ind.MaxDate) {
			add(tableIndicators, row, "Tối thiểu", "chỉ tiêu %s có ngày tối thiểu %s sau ngày tối đa %s", ind.ID, vn.Date(*ind.MinDate), vn.Date(*ind.MaxDate))
		}
		if ind.Type == TypeYesNo && (ind.Min != nil || ind.Max != nil) {
			add(tableIndicators, row, "Tối thiểu", "chỉ tiêu Có/Không %s không có giới hạn tối thiểu, tối đa", ind.ID)
		}
		if ind.Type == TypeText && ind.Max != nil && (*ind.Max < 1 || *ind.Max > 32767) {
			add(tableIndicators, row, "Tối đa", "độ dài tối đa của %s phải từ 1 đến 32767 ký tự", ind.ID)
		}
	}
	if len(c.Indicators) == 0 {
		add(tableIndicators, 0, "", "chưa có chỉ tiêu nào")
	}
	// Expressions compile only against a complete, unique set of names.
	for i := range c.Indicators {
		ind := &c.Indicators[i]
		row := rowAt(rows.inds, i)
		if ind.RequiredWhen != "" {
			e, err := c.compile(ind.RequiredWhen)
			if err != nil {
				add(tableIndicators, row, "Bắt buộc khi", "%v", err)
			}
			ind.requiredWhen = e
		}
		if ind.Scope != "" {
			e, err := c.compile(ind.Scope)
			switch {
			case err != nil:
				add(tableIndicators, row, "Thuộc diện khi", "%v", err)
			case containsString(e.vars, ind.ID):
				add(tableIndicators, row, "Thuộc diện khi", "điều kiện thuộc diện của %s không được dùng chính %s", ind.ID, ind.ID)
			}
			ind.scope = e
		}
		k.total(ind, row)
		k.choices(ind, row)
	}
}

// total checks an indicator's total method against its type: a percentage
// is never added up, a weighted average names a numeric weight of the same
// groups.
func (k *checker) total(ind *Indicator, row int) {
	const col = "Cách tính tổng"
	switch {
	case ind.Total == TotalDefault || ind.Total == TotalNone:
	case ind.Type == TypeYesNo && ind.Total == TotalSum:
	case !ind.Type.Numeric():
		k.add(tableIndicators, row, col, "chỉ tiêu %s kiểu %s không tính tổng được: để trống hoặc ghi Không tính", ind.ID, ind.Type.Label())
	case ind.Type == TypePercent && ind.Total == TotalSum:
		k.add(tableIndicators, row, col, "chỉ tiêu %s là tỷ lệ phần trăm, không cộng được: ghi Trung bình, Trung bình theo <mã chỉ tiêu> hoặc Không tính", ind.ID)
	case ind.Total == TotalWeighted:
		w := k.c.indByID[ind.Weight]
		switch {
		case w == nil:
			k.add(tableIndicators, row, col, "chỉ tiêu %s lấy trung bình theo %s, mà %s không có trong trang Chỉ tiêu", ind.ID, ind.Weight, ind.Weight)
		case w == ind:
			k.add(tableIndicators, row, col, "chỉ tiêu %s không thể lấy trung bình theo chính nó", ind.ID)
		case !w.Type.Numeric() || w.Type == TypePercent:
			k.add(tableIndicators, row, col, "chỉ tiêu %s lấy trung bình theo %s, cần chỉ tiêu kiểu Số nguyên, Số hoặc Tiền (là %s)", ind.ID, w.ID, w.Type.Label())
		default:
			for _, g := range ind.Groups {
				if !w.AppliesTo(g) {
					k.add(tableIndicators, row, col, "chỉ tiêu %s lấy trung bình theo %s, mà nhóm %s không báo cáo %s", ind.ID, w.ID, g, w.ID)
					break
				}
			}
		}
	}
}

// choices checks a choice indicator's answers.
func (k *checker) choices(ind *Indicator, row int) {
	const col = "Các lựa chọn"
	if ind.Type != TypeChoice {
		if len(ind.Choices) > 0 {
			k.add(tableIndicators, row, col, "chỉ tiêu %s kiểu %s không có lựa chọn: để trống, hoặc đổi kiểu thành Lựa chọn", ind.ID, ind.Type.Label())
		}
		return
	}
	if len(ind.Choices) < 2 {
		k.add(tableIndicators, row, col, "chỉ tiêu %s kiểu Lựa chọn cần ít nhất hai lựa chọn, cách nhau bằng dấu chấm phẩy (Tốt; Khá; Trung bình)", ind.ID)
	}
	seen := map[string]bool{}
	total := 0
	for _, ch := range ind.Choices {
		if seen[Fold(ch)] {
			k.add(tableIndicators, row, col, "chỉ tiêu %s có lựa chọn %q hai lần", ind.ID, ch)
		}
		seen[Fold(ch)] = true
		total += utf8.RuneCountInString(ch) + 1
	}
	// Excel keeps a drop-down's choices in a formula of at most 255 characters.
	if total > 255 {
		k.add(tableIndicators, row, col, "các lựa chọn của %s dài %d ký tự, tối đa 255 (giới hạn của danh sách thả xuống trong Excel)", ind.ID, total)
	}
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// rules checks the Quy tắc table and compiles its expressions.
func (k *checker) rules() {
	c, rows, add := k.c, k.rows, k.add
	seenRule := map[string]int{}
	env := c.typedEnv()
	for i := range c.Rules {
		r := &c.Rules[i]
		row := rowAt(rows.rules, i)
		if first, dup := seenRule[r.ID]; dup && r.ID != "" {
			add(tableRules, row, "Mã", "mã quy tắc %s bị trùng%s", r.ID, firstAt(first))
		} else {
			seenRule[r.ID] = row
		}
		if r.When != "" {
			e, err := c.compile(r.When)
			if err != nil {
				add(tableRules, row, "Khi", "%v", err)
			}
			r.when = e
		}
		if r.Must != "" {
			e, err := c.compile(r.Must)
			if err != nil {
				add(tableRules, row, "Phải", "%v", err)
			}
			r.must = e
		}
		for _, m := range placeholder.FindAllStringSubmatch(r.Message, -1) {
			if _, ok := env[m[1]]; !ok {
				add(tableRules, row, "Thông báo", "thông báo nhắc đến {%s} không phải chỉ tiêu", m[1])
			}
		}
	}

}

// lists checks the Danh sách cần nêu table and compiles its conditions.
func (k *checker) lists() {
	c, rows, add := k.c, k.rows, k.add
	seenList := map[string]int{}
	seenTitle := map[string]bool{}
	for i := range c.Lists {
		l := &c.Lists[i]
		row := rowAt(rows.lists, i)
		if first, dup := seenList[l.ID]; dup && l.ID != "" {
			add(tableLists, row, "Mã", "mã danh sách %s bị trùng%s", l.ID, firstAt(first))
		} else {
			seenList[l.ID] = row
		}
		if n := utf8.RuneCountInString(l.Title); n > 31 {
			add(tableLists, row, "Tên", "tên %q dài %d ký tự, tối đa 31 (là tên trang trong tệp tổng hợp)", l.Title, n)
		}
		if strings.ContainsAny(l.Title, `[]:*?/\`) {
			add(tableLists, row, "Tên", "tên %q có ký tự không được dùng trong tên trang: [ ] : * ? / \\", l.Title)
		}
		if seenTitle[Fold(l.Title)] && l.Title != "" {
			add(tableLists, row, "Tên", "tên danh sách %q bị trùng", l.Title)
		}
		seenTitle[Fold(l.Title)] = true
		if l.Condition != "" {
			e, err := c.compile(l.Condition)
			if err != nil {
				add(tableLists, row, "Điều kiện", "%v", err)
			}
			l.cond = e
		}
	}

}

// ratios checks the Tỷ lệ table.
func (k *checker) ratios() {
	c, rows, add := k.c, k.rows, k.add
	seenRatio := map[string]int{}
	for i := range c.Ratios {
		ra := &c.Ratios[i]
		row := rowAt(rows.ratios, i)
		if ra.ID != "" && !codePattern.MatchString(ra.ID) {
			add(tableRatios, row, "Mã", "mã tỷ lệ %q chỉ được gồm chữ không dấu, số, dấu gạch", ra.ID)
		}
		if first, dup := seenRatio[ra.ID]; dup && ra.ID != "" {
			add(tableRatios, row, "Mã", "mã tỷ lệ %s bị trùng%s", ra.ID, firstAt(first))
		} else {
			seenRatio[ra.ID] = row
		}
		for _, term := range []struct{ id, col, word string }{
			{ra.Numerator, "Tử số", "tử số"},
			{ra.Denominator, "Mẫu số", "mẫu số"},
		} {
			if term.id == "" {
				continue
			}
			ind := c.indByID[term.id]
			switch {
			case ind == nil:
				add(tableRatios, row, term.col, "tỷ lệ %s có %s %s không có trong trang Chỉ tiêu", ra.ID, term.word, term.id)
			case !ind.Type.Numeric() || ind.Type == TypePercent:
				add(tableRatios, row, term.col, "tỷ lệ %s có %s %s là chỉ tiêu kiểu %s, cần chỉ tiêu kiểu Số nguyên, Số hoặc Tiền", ra.ID, term.word, term.id, ind.Type.Label())
			}
		}
		if ra.Numerator != "" && ra.Numerator == ra.Denominator {
			add(tableRatios, row, "Mẫu số", "tỷ lệ %s có tử số và mẫu số cùng là %s", ra.ID, ra.Numerator)
		}
	}
}
