package textout

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"tonghop/aggregate"
	"tonghop/aggregate/gate"
	"tonghop/aggregate/summary"
	"tonghop/templates"
	"tonghop/templates/vn"
)

// FeedbackDir is the folder, inside the output folder, of the feedback
// files for units.
const FeedbackDir = "phan-hoi"

// feedbackName is the file name of a unit's feedback: "<code>_<slug>.txt".
func feedbackName(u *templates.Unit) string {
	if s := templates.Slug(u.Name); s != "" {
		return u.Code + "_" + s + ".txt"
	}
	return u.Code + ".txt"
}

// WriteFeedback writes dir/<code>_<slug>.txt for every unit of s.Feedback,
// in plain Vietnamese ready to paste into an email reply. It returns the
// paths written, in registry order. It removes nothing: the letters an
// earlier run wrote for units that now have nothing to fix are removed
// when the run's outputs are committed (atomicfile.Set), and only if that
// run's manifest lists them.
func WriteFeedback(l *Letters, dir string) ([]string, error) {
	var letters []letter
	for _, fb := range l.Feedback {
		letters = append(letters, letter{fb.Unit, l.feedbackText(fb)})
	}
	return writeLetters(dir, letters)
}

// feedbackText is the letter to one unit: what was received, whether it
// is counted, the one request that fits its state, the issues cell by
// cell, the written report it still owes, whom to call, and the sender
// with the date.
func (l *Letters) feedbackText(fb summary.Feedback) string {
	c := l.Campaign
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	body := bodyName(c)
	r := fb.Report
	p("Kính gửi: %s\n\n", fb.Unit.Name)
	file := filepath.Base(r.File.Path)
	received := ""
	if fb.Saved != "" {
		received = ", " + fb.Saved
	}
	errs, warns := fb.Errors, fb.Warnings
	switch {
	case fb.Rejected && fb.Elsewhere != nil:
		// Another unit's file that bears this one's name or figures: said
		// as what arrived, never as this unit's file that failed.
		p("%s đã nhận tệp “%s”%s liên quan đến quý cơ quan, đơn vị: %s. Vì vậy báo cáo của quý cơ quan, đơn vị chưa được tính vào số liệu tổng hợp.\n\n",
			body, file, received, gate.Cause(fb.Reason))
		p("%s đề nghị quý cơ quan, đơn vị điền số liệu của mình vào biểu mẫu đã được gửi cho quý cơ quan, đơn vị (tệp Excel .xlsx) và gửi lại %s; nếu tệp nêu trên đã gồm đúng số liệu của quý cơ quan, đơn vị, xin báo lại để tổng hợp.\n",
			body, l.resendWhen())
	case fb.Rejected:
		p("%s đã nhận tệp “%s”%s của quý cơ quan, đơn vị gửi %s, nhưng không sử dụng được tệp này: %s.\n\n",
			body, file, received, c.ReportName(), gate.Cause(fb.Reason))
		p("%s đề nghị quý cơ quan, đơn vị mở tệp biểu mẫu đã được gửi (tệp Excel .xlsx), nhập số liệu, lưu lại đúng định dạng .xlsx và gửi lại %s.\n",
			body, l.resendWhen())
	case fb.Status == aggregate.StatusInvalid:
		p("%s đã nhận %s của quý cơ quan, đơn vị (tệp “%s”%s).\n\n", body, c.ReportName(), file, received)
		p("Báo cáo còn %s lỗi nên chưa được đưa vào số liệu tổng hợp. %s đề nghị quý cơ quan, đơn vị sửa các ô nêu dưới đây ngay trong tệp đã gửi, lưu lại và gửi lại tệp %s.\n",
			vn.Count(len(errs)), body, l.resendWhen())
	default:
		p("%s đã nhận %s của quý cơ quan, đơn vị (tệp “%s”%s); số liệu đã được đưa vào tổng hợp.\n\n", body, c.ReportName(), file, received)
		p("%s đề nghị quý cơ quan, đơn vị kiểm tra lại %s điểm nêu dưới đây. Nếu số liệu đúng thì không cần gửi lại; nếu có sai sót, đề nghị sửa trong tệp đã gửi, lưu lại và gửi lại tệp %s.\n",
			body, vn.Count(len(warns)), l.when(c.DataDeadline))
	}
	if !fb.Rejected {
		if len(errs) > 0 {
			p("\nLỖI CẦN SỬA (báo cáo chưa được tính cho đến khi sửa):\n")
			writeIssues(&b, c, r, errs)
		}
		if len(warns) > 0 {
			p("\nCẦN KIỂM TRA LẠI (không phải sửa nếu số liệu đúng):\n")
			writeIssues(&b, c, r, warns)
		}
	}
	if l.owesWritten()[fb.Unit.Code] {
		b.WriteString("\n" + l.writtenParagraph())
	}
	b.WriteString(closing(l.Summary))
	return b.String()
}

var cellRe = regexp.MustCompile(`^[A-Z]{1,3}[0-9]+$`)

// writeIssues writes numbered issues: where, what was found, what is
// expected.
func writeIssues(b *strings.Builder, c *templates.Campaign, r *aggregate.Report, issues aggregate.Issues) {
	for i, is := range issues {
		var where []string
		if is.Cell != "" && cellRe.MatchString(is.Cell) {
			where = append(where, "ô "+is.Cell)
		}
		if is.Sheet != "" {
			where = append(where, "trang “"+is.Sheet+"”")
		}
		head := ""
		if len(where) > 0 {
			head = strings.Join(where, ", ") + ": "
		}
		ind := c.Indicator(is.Indicator)
		if ind != nil {
			head = strings.TrimSuffix(head, ": ")
			if head != "" {
				head += ", "
			}
			head += "chỉ tiêu " + ind.ID + " “" + ind.Label + "”: "
		}
		fmt.Fprintf(b, "%d. %s%s\n", i+1, vn.Capitalize(head), is.Msg)
		if ind == nil {
			continue
		}
		if v, ok := r.Values.Get(ind.ID); ok {
			fmt.Fprintf(b, "   Giá trị đang ghi: %s.\n", shownValue(v))
		}
		want := expectation(c, ind)
		if rule := ruleOf(c, is.Rule); rule != nil {
			want = ruleWords(c, rule)
		}
		fmt.Fprintf(b, "   Yêu cầu: %s.\n", want)
	}
}

// ruleOf is the campaign's rule of that ID, nil when none.
func ruleOf(c *templates.Campaign, id string) *templates.Rule {
	for i := range c.Rules {
		if id != "" && c.Rules[i].ID == id {
			return &c.Rules[i]
		}
	}
	return nil
}

// ruleWords says what a rule requires: its condition with the labels of
// the indicators it reads, "C2 ≤ C1 (C2 là “…”; C1 là “…”)", after the
// case it applies to when it has one.
func ruleWords(c *templates.Campaign, rule *templates.Rule) string {
	s := conditionWords(c, rule.Must, rule.MustVars())
	if strings.TrimSpace(rule.When) != "" {
		s = "khi " + conditionWords(c, rule.When, rule.WhenVars()) + " thì " + s
	}
	return s
}

// operatorWords writes an expression's comparisons the way a letter does.
var operatorWords = strings.NewReplacer("<=", "≤", ">=", "≥", "!=", "≠", "==", "=")

// shownValue is a cell's content as the unit sees it in its spreadsheet:
// a value that was understood is shown as understood (a date as
// dd/mm/yyyy, never as the serial number the file stores), what could not
// be understood is quoted as typed.
func shownValue(v aggregate.Value) string {
	raw := strings.TrimSpace(v.Raw)
	switch {
	case !v.Empty && v.Type == templates.TypeText:
		return "“" + raw + "”"
	case !v.Empty:
		return v.String()
	case raw != "":
		return "“" + raw + "”"
	}
	return "(để trống)"
}

// expectation says in words what an indicator's cell must hold.
func expectation(c *templates.Campaign, ind *templates.Indicator) string {
	s := ind.Accepts()
	if ind.Unit != "" {
		s += " (đơn vị tính: " + ind.Unit + ")"
	}
	if ind.Required {
		s += "; bắt buộc nhập"
	} else if ind.RequiredWhen != "" {
		s += "; bắt buộc khi " + conditionWords(c, ind.RequiredWhen, ind.RequiredWhenVars())
	}
	return s
}

// conditionWords says a condition (a required-when, a rule's) in words,
// from the labels of the indicators it reads, vars: "A2" is "đã đặt banner
// … (A2 = Có)", "not A2" the same with Không. Any other expression is
// quoted, its comparisons as signs (≤, ≥, ≠), with the labels of its
// indicators after it.
func conditionWords(c *templates.Campaign, src string, vars []string) string {
	expr := strings.Join(strings.Fields(src), " ")
	if len(vars) == 1 {
		if v := c.Indicator(vars[0]); v != nil && v.Type == templates.TypeYesNo {
			switch expr {
			case v.ID:
				return vn.LowerFirst(v.Label) + " (" + v.ID + " = Có)"
			case "not " + v.ID, "!" + v.ID, "! " + v.ID:
				return v.ID + " = Không (“" + v.Label + "”)"
			}
		}
		// A rule reads only filled cells: "X != X" holds for none, so
		// it asks for X to be left empty.
		if v := c.Indicator(vars[0]); v != nil && expr == v.ID+" != "+v.ID {
			return v.ID + " để trống (“" + v.Label + "”)"
		}
	}
	var named []string
	for _, id := range vars {
		if v := c.Indicator(id); v != nil {
			named = append(named, id+" là “"+v.Label+"”")
		}
	}
	expr = operatorWords.Replace(expr)
	if len(named) == 0 {
		return expr
	}
	return expr + " (" + strings.Join(named, "; ") + ")"
}
