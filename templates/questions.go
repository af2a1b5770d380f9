package templates

import (
	"bytes"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// OnlineQuestionsFileName is the question list for the online form that
// generate writes next to the workbooks.
const OnlineQuestionsFileName = "cau-hoi-truc-tuyen.csv"

// UnitQuestion is the text of the online form's unit question. The form
// export reader finds the unit column by it (and by looser words).
const UnitQuestion = "Tên đơn vị"

// maxChoicesLen bounds the unit drop-down's choices cell: past it (a
// national campaign with thousands of units) the question becomes a short
// answer, and Excel's 32,767-character cell limit is never reached.
const maxChoicesLen = 30000

// ReporterField is one field of the reporter block: its defined name in the
// workbook (NameReporterName…) and its label, which is also the online
// question's text.
type ReporterField struct {
	Name  string
	Label string
	Date  bool // the report date; the others are text
}

// ReporterFields returns the reporter block's fields, in the order of the
// workbook.
func ReporterFields() []ReporterField {
	out := make([]ReporterField, len(reporterRows))
	for i, r := range reporterRows {
		out[i] = ReporterField{Name: r.name, Label: r.label, Date: r.maxLen == 0}
	}
	return out
}

// QuestionText is the text of an indicator's online question: "A5. " and
// its label. The form export reader maps it back to the indicator.
func QuestionText(ind *Indicator) string { return ind.ID + ". " + ind.Label }

// OnlineQuestions returns the question list of the campaign's online form:
// a header row, then the unit question, one question per indicator in
// order, and the reporter fields. The texts are exactly what the form
// export reader maps back to the indicators.
func (c *Campaign) OnlineQuestions() [][]string {
	rows := [][]string{{"STT", "Mã", "Câu hỏi", "Loại câu hỏi", "Lựa chọn", "Bắt buộc", "Áp dụng cho nhóm"}}
	add := func(code, text, kind, choices string, required bool, groups string) {
		req := "Không"
		if required {
			req = "Có"
		}
		rows = append(rows, []string{strconv.Itoa(len(rows)), code, text, kind, choices, req, groups})
	}
	names := make([]string, 0, len(c.Units))
	n := 0
	for i := range c.Units {
		names = append(names, c.Units[i].Name)
		n += len(c.Units[i].Name) + 1
	}
	if n <= maxChoicesLen {
		add(NameUnitName, UnitQuestion, "Menu thả xuống", strings.Join(names, "\n"), true, "Tất cả")
	} else {
		add(NameUnitName, UnitQuestion, "Trả lời ngắn", "Ghi đúng tên đơn vị như trong Công văn (quá nhiều đơn vị cho một danh sách thả xuống)", true, "Tất cả")
	}
	for i := range c.Indicators {
		ind := &c.Indicators[i]
		kind, choices := questionKind(ind)
		groups := "Tất cả"
		if len(ind.Groups) > 0 {
			groups = strings.Join(ind.Groups, ", ")
		}
		add(ind.ID, QuestionText(ind), kind, choices, ind.Required, groups)
	}
	for _, r := range ReporterFields() {
		kind := "Trả lời ngắn"
		if r.Date {
			kind = "Ngày"
		}
		add(r.Name, r.Label, kind, "", true, "Tất cả")
	}
	return rows
}

// questionKind names an indicator's type in a form builder's words, with
// the choices or the hint that goes with it.
func questionKind(ind *Indicator) (kind, choices string) {
	switch ind.Type {
	case TypeYesNo:
		return "Trắc nghiệm: Có / Không", "Có\nKhông"
	case TypeChoice:
		return "Trắc nghiệm", strings.Join(ind.Choices, "\n")
	case TypeWhole, TypeNumber, TypeMoney, TypePercent:
		if ind.Unit != "" {
			return "Trả lời ngắn (số)", "Đơn vị tính: " + ind.Unit
		}
		return "Trả lời ngắn (số)", ""
	case TypeDate:
		return "Ngày", ""
	default:
		return "Đoạn", ""
	}
}

// WriteOnlineQuestions writes the question list as CSV in UTF-8 with a BOM
// (so that Excel reads the Vietnamese right), CRLF line ends, every field
// kept inert against formula injection as the mail-merge list is.
func WriteOnlineQuestions(w io.Writer, c *Campaign) error {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = true
	for _, row := range c.OnlineQuestions() {
		out := make([]string, len(row))
		for i, s := range row {
			out[i] = csvText(s)
		}
		if err := cw.Write(out); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
