package textout

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"tonghop/aggregate"
	"tonghop/aggregate/summary"
	"tonghop/templates"
	"tonghop/templates/atomicfile"
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
func WriteFeedback(s *summary.Summary, dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("tạo thư mục %s: %w", dir, err)
	}
	var paths []string
	for _, fb := range s.Feedback {
		path := filepath.Join(dir, feedbackName(fb.Unit))
		text := feedbackText(s, fb)
		if err := atomicfile.Write(path, func(w io.Writer) error {
			_, err := io.WriteString(w, "\uFEFF"+strings.ReplaceAll(vn.Safe(text), "\n", "\r\n"))
			return err
		}); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

// feedbackText is the letter to one unit.
func feedbackText(s *summary.Summary, fb summary.Feedback) string {
	c := s.Campaign
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	r := fb.Report
	p("Kính gửi: %s\n\n", fb.Unit.Name)
	file := filepath.Base(r.File.Path)
	received := ""
	if fb.Saved != "" {
		received = ", " + fb.Saved
	}
	errs, warns := fb.Errors, fb.Warnings
	switch {
	case fb.Rejected:
		p("Chúng tôi đã nhận tệp “%s”%s của đơn vị gửi báo cáo %s, nhưng không sử dụng được tệp này: %s.\n\n",
			file, received, c.Title, fb.Reason)
		p("Đề nghị đơn vị mở tệp biểu mẫu đã được gửi cho đơn vị (tệp Excel .xlsx), nhập số liệu, lưu lại đúng định dạng .xlsx và gửi lại.\n")
	case fb.Status == aggregate.StatusInvalid:
		p("Chúng tôi đã nhận báo cáo %s của đơn vị (tệp “%s”%s).\n\n", c.Title, file, received)
		p("Báo cáo còn %d lỗi nên CHƯA được đưa vào số liệu tổng hợp. Đề nghị đơn vị sửa các ô nêu dưới đây ngay trong tệp đã gửi, lưu lại và gửi lại tệp.\n", len(errs))
	default:
		p("Chúng tôi đã nhận báo cáo %s của đơn vị (tệp “%s”%s); số liệu đã được đưa vào tổng hợp.\n\n", c.Title, file, received)
		p("Có %d điểm đề nghị đơn vị kiểm tra lại; nếu số liệu có sai, đề nghị sửa trong tệp đã gửi, lưu lại và gửi lại tệp.\n", len(warns))
	}
	if !s.BeforeDeadline {
		p("Hạn nộp số liệu (trước ngày %s) đã qua; đề nghị đơn vị gửi lại sớm.\n", vn.Date(c.DataDeadline))
	} else {
		p("Đề nghị gửi lại trước ngày %s.\n", vn.Date(c.DataDeadline))
	}
	if !fb.Rejected {
		if len(errs) > 0 {
			p("\nLỖI CẦN SỬA (báo cáo chưa được tính cho đến khi sửa):\n")
			writeIssues(&b, c, r, errs)
		}
		if len(warns) > 0 {
			p("\nCẦN KIỂM TRA LẠI (không bắt buộc sửa nếu số liệu đúng):\n")
			writeIssues(&b, c, r, warns)
		}
	}
	if c.Contact != "" {
		p("\nMọi vướng mắc xin liên hệ: %s.\n", c.Contact)
	}
	p("\nTrân trọng./.\n")
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
		if v, ok := r.Values[ind.ID]; ok {
			found := "(để trống)"
			if strings.TrimSpace(v.Raw) != "" {
				found = "“" + strings.TrimSpace(v.Raw) + "”"
			} else if !v.Empty {
				found = v.String()
			}
			fmt.Fprintf(b, "   Giá trị đang ghi: %s.\n", found)
		}
		fmt.Fprintf(b, "   Yêu cầu: %s.\n", expectation(ind))
	}
}

// expectation says in words what an indicator's cell must hold.
func expectation(ind *templates.Indicator) string {
	var s string
	switch ind.Type {
	case templates.TypeYesNo:
		s = "chọn Có hoặc Không"
	case templates.TypeWhole, templates.TypeNumber:
		what := "một số nguyên"
		if ind.Type == templates.TypeNumber {
			what = "một số"
		}
		switch {
		case ind.Min != nil && ind.Max != nil:
			s = fmt.Sprintf("%s từ %s đến %s", what, vn.Number(*ind.Min), vn.Number(*ind.Max))
		case ind.Min != nil && *ind.Min == 0:
			s = what + " từ 0 trở lên (ghi 0 nếu không có), không kèm chữ"
		case ind.Min != nil:
			s = fmt.Sprintf("%s từ %s trở lên", what, vn.Number(*ind.Min))
		case ind.Max != nil:
			s = fmt.Sprintf("%s không quá %s", what, vn.Number(*ind.Max))
		default:
			s = what + ", không kèm chữ"
		}
		if ind.Unit != "" {
			s += " (đơn vị tính: " + ind.Unit + ")"
		}
	case templates.TypeDate:
		s = "một ngày dạng ngày/tháng/năm"
		switch {
		case ind.MinDate != nil && ind.MaxDate != nil:
			s += fmt.Sprintf(", từ %s đến %s", vn.Date(*ind.MinDate), vn.Date(*ind.MaxDate))
		case ind.MinDate != nil:
			s += ", từ " + vn.Date(*ind.MinDate)
		case ind.MaxDate != nil:
			s += ", đến " + vn.Date(*ind.MaxDate)
		}
	default:
		s = "nội dung bằng chữ"
		if ind.Max != nil {
			s += fmt.Sprintf(", không quá %s ký tự", vn.Number(*ind.Max))
		}
	}
	if ind.Required {
		s += "; bắt buộc nhập"
	} else if ind.RequiredWhen != "" {
		s += "; bắt buộc khi " + ind.RequiredWhen
	}
	return s
}
