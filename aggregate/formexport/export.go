package formexport

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"tonghop/templates"
)

// Export is what an online form's response file holds.
type Export struct {
	// Submissions are the responses that name a unit, in file order.
	Submissions []Submission
	// Unmapped are the columns that map to nothing of the campaign, once
	// each; they are also in Problems.
	Unmapped []Column
	// Problems are what the officer should know, in file order: unmapped
	// and duplicate columns, bad timestamps, responses without a unit.
	Problems []Problem
}

// Submission is one response.
type Submission struct {
	Row      int       // 1-based row (record) number in the file
	Time     time.Time // when it was submitted; zero when unreadable
	UnitText string    // the unit as the respondent typed or chose it (NFC)
	UnitCode string    // the unit code, when the form asked for it
	// Values holds the answers by indicator id, raw (NFC, trimmed);
	// unanswered questions are absent.
	Values map[string]string
	// Reporter holds the reporter fields by their defined names
	// (templates.NameReporterName…), raw; absent when unanswered.
	Reporter map[string]string
	// Email and Name are the respondent's account as the service recorded
	// it (Microsoft Forms' Email/Name, Google's "Địa chỉ email"), or "".
	Email, Name string
}

// Column is one column of the export.
type Column struct {
	Index  int // 0-based
	Header string
}

// Problem is one thing wrong in the export, with a Vietnamese message.
type Problem struct {
	Row int // 1-based row number; the header's row for column problems
	Col int // 1-based column number, 0 when the whole row
	Msg string
}

func (p Problem) String() string { return p.Msg }

// headerScan is how many leading rows may precede the header.
const headerScan = 5

// stampScan is how many leading columns may hold the timestamp.
const stampScan = 4

// Detect reports whether header is the header row of a form export of the
// campaign: a timestamp column among the first few, and at least one column
// that maps to an indicator.
func Detect(c *templates.Campaign, header []string) bool {
	if c == nil || len(header) > MaxCols {
		return false
	}
	m := newMapper(c)
	stamp, ind := false, false
	for i, h := range header {
		t := m.column(h)
		if i < stampScan && (t.role == roleStamp || t.role == roleStart) {
			stamp = true
		}
		if t.role == roleIndicator {
			ind = true
		}
	}
	return stamp && ind
}

// layout is where things are in the export.
type layout struct {
	header     int // row index
	stamp      int // column index or -1
	email, nam int
	unit, code int
	loose      bool // the unit column only contains "đơn vị"
	cols       []target
}

// Parse reads the rows of an export (from ReadCSV, or an .xlsx's first
// sheet) against the campaign. The header is the first of the first few
// rows that Detect accepts. now gives the time zone of timestamps without
// one and bounds them: a timestamp after now is reported.
func Parse(c *templates.Campaign, rows [][]string, now time.Time) (*Export, error) {
	if c == nil {
		return nil, errors.New("thiếu chiến dịch")
	}
	if len(rows) > MaxRows {
		return nil, fmt.Errorf("bảng trả lời có quá nhiều dòng (%d, tối đa %d)", len(rows), MaxRows)
	}
	lay, ex, err := findLayout(c, rows)
	if err != nil {
		return nil, err
	}
	stamps := readStamps(rows, lay, ex, now)
	for i := lay.header + 1; i < len(rows); i++ {
		row := rows[i]
		if len(row) > MaxCols {
			return nil, fmt.Errorf("dòng %d có %d cột (tối đa %d)", i+1, len(row), MaxCols)
		}
		if blank(row) {
			continue
		}
		s := Submission{Row: i + 1, Time: stamps[i], Values: map[string]string{}, Reporter: map[string]string{}}
		s.UnitText, s.UnitCode = cell(row, lay.unit), cell(row, lay.code)
		s.Email, s.Name = cell(row, lay.email), cell(row, lay.nam)
		for j, t := range lay.cols {
			v := cell(row, j)
			if v == "" {
				continue
			}
			switch t.role {
			case roleIndicator:
				s.Values[t.id] = v
			case roleReporter:
				s.Reporter[t.id] = v
			}
		}
		if s.UnitText == "" && s.UnitCode == "" {
			ex.problem(i+1, lay.unit+1, "Dòng %d: không có tên đơn vị ở cột “%s”; bỏ qua câu trả lời này.", i+1, short(cell(rows[lay.header], lay.unit)))
			continue
		}
		ex.Submissions = append(ex.Submissions, s)
	}
	sort.SliceStable(ex.Problems, func(a, b int) bool {
		pa, pb := ex.Problems[a], ex.Problems[b]
		return pa.Row < pb.Row || (pa.Row == pb.Row && pa.Col < pb.Col)
	})
	return ex, nil
}

// findLayout finds the header row and maps its columns.
func findLayout(c *templates.Campaign, rows [][]string) (layout, *Export, error) {
	lay := layout{header: -1, stamp: -1, email: -1, nam: -1, unit: -1, code: -1}
	for i := 0; i < len(rows) && i < headerScan; i++ {
		if Detect(c, rows[i]) {
			lay.header = i
			break
		}
	}
	ex := &Export{}
	if lay.header < 0 {
		return lay, nil, errors.New("không nhận ra dòng tiêu đề của bảng trả lời biểu mẫu trực tuyến (cần cột “Dấu thời gian” và các câu hỏi mang tên chỉ tiêu)")
	}
	m := newMapper(c)
	header := rows[lay.header]
	lay.cols = make([]target, len(header))
	seen := map[target]int{}
	start := -1
	for j, h := range header {
		t := m.column(h)
		switch t.role {
		case roleIndicator, roleReporter:
			if k, dup := seen[t]; dup {
				ex.problem(lay.header+1, j+1, "Cột %d “%s” trùng chỉ tiêu với cột %d “%s”; chỉ dùng cột %d.", j+1, short(h), k+1, short(header[k]), k+1)
				ex.Unmapped = append(ex.Unmapped, Column{j, h})
				continue
			}
			seen[t] = j
			lay.cols[j] = t
		case roleStamp:
			setFirst(&lay.stamp, j)
		case roleStart:
			setFirst(&start, j)
		case roleEmail:
			setFirst(&lay.email, j)
		case roleName:
			setFirst(&lay.nam, j)
		case roleUnitCode:
			setFirst(&lay.code, j)
		case roleUnit:
			exact := unitKeys[key(h)] == roleUnit
			if lay.unit < 0 || (lay.loose && exact) {
				if lay.unit >= 0 {
					ex.unmapped(lay.header+1, lay.unit, header[lay.unit])
				}
				lay.unit, lay.loose = j, !exact
				continue
			}
			ex.unmapped(lay.header+1, j, h)
		case roleMeta:
		default:
			ex.unmapped(lay.header+1, j, h)
		}
	}
	if lay.stamp < 0 {
		lay.stamp = start
	}
	if lay.unit < 0 && lay.code < 0 {
		return lay, nil, errors.New("bảng trả lời không có cột tên đơn vị (câu hỏi “" + templates.UnitQuestion + "”)")
	}
	return lay, ex, nil
}

func setFirst(p *int, j int) {
	if *p < 0 {
		*p = j
	}
}

// readStamps parses the timestamp column, deciding the day/month order
// from the whole column: a first number above 12 means day first, a second
// one above 12 month first; without either, an AM/PM or a two-digit year
// means an English-locale export (month first), otherwise the header's
// language decides.
func readStamps(rows [][]string, lay layout, ex *Export, now time.Time) []time.Time {
	out := make([]time.Time, len(rows))
	if lay.stamp < 0 {
		return out
	}
	loc := now.Location()
	parts := make([]stamp, len(rows))
	ok := make([]bool, len(rows))
	day, month, us := 0, 0, 0
	for i := lay.header + 1; i < len(rows); i++ {
		parts[i], ok[i] = splitStamp(cell(rows[i], lay.stamp))
		if !ok[i] {
			continue
		}
		switch parts[i].evidence() {
		case 1:
			day++
		case -1:
			month++
		}
		if parts[i].usStyle() {
			us++
		}
	}
	header := short(cell(rows[lay.header], lay.stamp))
	dayFirst := day > month || (day == month && us == 0 && !isEnglish(header))
	for i := lay.header + 1; i < len(rows); i++ {
		raw := cell(rows[i], lay.stamp)
		if blank(rows[i]) {
			continue
		}
		if raw == "" {
			ex.problem(i+1, lay.stamp+1, "Dòng %d: không có dấu thời gian ở cột “%s”.", i+1, header)
			continue
		}
		t, good := time.Time{}, ok[i]
		if good {
			t, good = parts[i].time(dayFirst, loc)
		}
		if !good {
			ex.problem(i+1, lay.stamp+1, "Dòng %d: dấu thời gian “%s” ở cột “%s” không đọc được.", i+1, short(raw), header)
			continue
		}
		if t.After(now) {
			ex.problem(i+1, lay.stamp+1, "Dòng %d: dấu thời gian “%s” muộn hơn thời điểm hiện tại; kiểm tra lại.", i+1, short(raw))
		}
		out[i] = t
	}
	return out
}

func isEnglish(header string) bool {
	k := key(header)
	return k == "timestamp" || k == "completion time" || k == "start time"
}

func (ex *Export) problem(row, col int, format string, args ...any) {
	ex.Problems = append(ex.Problems, Problem{Row: row, Col: col, Msg: fmt.Sprintf(format, args...)})
}

func (ex *Export) unmapped(row, j int, h string) {
	ex.Unmapped = append(ex.Unmapped, Column{j, h})
	ex.problem(row, j+1, "Cột %d “%s” không khớp chỉ tiêu nào của biểu mẫu; bỏ qua cột này.", j+1, short(h))
}

// cell returns row[j] trimmed and in NFC, "" when absent.
func cell(row []string, j int) string {
	if j < 0 || j >= len(row) {
		return ""
	}
	return norm.NFC.String(strings.TrimSpace(row[j]))
}

func blank(row []string) bool {
	for _, s := range row {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

// short bounds a cell's text quoted in a message: a header or a timestamp
// is a line, not a page.
func short(s string) string {
	const max = 120
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max]) + "…"
}
