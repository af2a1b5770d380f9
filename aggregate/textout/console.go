package textout

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"tonghop/aggregate"
	"tonghop/aggregate/summary"
	"tonghop/aggregate/workbook"
	"tonghop/templates"
	"tonghop/templates/vn"
)

// maxConsoleIssues bounds the issues printed; the workbook has them all.
const maxConsoleIssues = 15

// WriteConsole prints what the officer reads after a merge: a table by
// group (expected, received, valid, with errors, late, missing) with the
// province, the most important issues, and the paths written.
func WriteConsole(w io.Writer, l *Letters, written []string) error {
	s := l.Summary
	w = vn.SafeWriter(w) // file text never reaches the terminal raw
	fmt.Fprintf(w, "Tổng hợp %s\nSố liệu tính đến ngày %s; hạn nộp: trước ngày %s.\n\n",
		s.Campaign.Title, vn.Date(s.AsOf), vn.Date(s.Campaign.DataDeadline))
	t := tablewriter.NewTable(w,
		tablewriter.WithColumnWidths(columnWidths(Width(w), []int{0, 12, 6, 6, 6, 4, 12}, []int{1})),
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleASCII)})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: []tw.Align{tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight}}),
		tablewriter.WithFooterAlignmentConfig(tw.CellAlignment{PerColumn: []tw.Align{tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight}}),
	)
	t.Header("Nhóm", "Phải báo cáo", "Đã gửi", "Hợp lệ", "Có lỗi", "Muộn", "Chưa báo cáo")
	row := func(name string, t summary.Tally) []string {
		return []string{name, strconv.Itoa(t.Expected), strconv.Itoa(t.Received), strconv.Itoa(t.Valid),
			strconv.Itoa(t.Invalid), strconv.Itoa(t.Late), strconv.Itoa(t.Missing)}
	}
	for _, g := range s.Groups {
		if err := t.Append(row(g.Group.Name, g.Tally)); err != nil {
			return err
		}
	}
	f := row("Toàn tỉnh", s.Province)
	t.Footer(f[0], f[1], f[2], f[3], f[4], f[5], f[6])
	if err := t.Render(); err != nil {
		return err
	}
	fmt.Fprintln(w, "Hợp lệ = đúng hạn + muộn; báo cáo có lỗi không được tính vào tổng.")
	writePrevious(w, s)

	units := unitLines(s)
	issues := errorLines(s)
	after := append(writtenLines(s), stateLines(s)...)
	if len(units)+len(issues)+len(after) > 0 {
		fmt.Fprintln(w, "\nCần xử lý:")
		for _, l := range units {
			fmt.Fprintln(w, "  - "+l)
		}
		for i, l := range issues {
			if i == maxConsoleIssues {
				fmt.Fprintf(w, "  - … và %d lỗi khác: xem trang “%s” và “%s” của tệp tổng hợp.\n", len(issues)-i, workbook.SheetIssues, workbook.SheetFiles)
				break
			}
			fmt.Fprintln(w, "  - "+l)
		}
		for _, l := range after {
			fmt.Fprintln(w, "  - "+l)
		}
	}
	fmt.Fprintln(w, "\n"+l.DeadlineNote())
	if len(written) > 0 {
		fmt.Fprintln(w, "\nĐã ghi:")
		for _, p := range written {
			fmt.Fprintln(w, "  "+p)
		}
	}
	return nil
}

// unitLabel is "TU03 Ban Tuyên giáo Tỉnh ủy".
func unitLabel(u *templates.Unit) string { return u.Code + " " + u.Name }

// unitLines are the lines no unit may be left out of, one per file, in
// the order of the files: every file that could not be used (with the
// unit it is attributed to, "đã gửi, không đọc được" when the unit has
// nothing else), every mail without an attachment, every file whose name
// names another unit than its content, and every unit whose note says what
// came for it instead (a scan; a file counted for another unit that bears
// its name or carries its figures). None is cut: each is a unit's
// submission the officer must answer.
func unitLines(s *summary.Summary) []string {
	status := map[string]aggregate.Status{}
	noted := map[*aggregate.Report]bool{} // said by the unit's note below
	for _, u := range s.Units {
		status[u.Unit.Code] = u.Status
		if u.Note != "" {
			noted[u.Report] = true
		}
	}
	var out []string
	for _, fo := range s.Files {
		r := fo.Report
		file := "tệp “" + r.File.Path + "”"
		switch {
		case noted[r]:
		case r.State == aggregate.StateSkipped && r.Mail != nil:
			// A mail, or a container in one, with nothing to read: the
			// unit meant to send something.
			var notes []string
			for _, is := range r.Issues {
				notes = append(notes, is.Msg)
			}
			line := strings.Join(notes, "; ") + " (" + file + ")"
			if u := r.Mail.Unit; u != nil {
				line = unitLabel(u) + ": " + line
			}
			out = append(out, line)
		case fo.Use == aggregate.UseRejected && r.State != aggregate.StateSkipped:
			u := r.Unit
			if u == nil {
				u = r.Attributed
			}
			switch {
			case u == nil:
				out = append(out, fmt.Sprintf("%s: không dùng được, không rõ của đơn vị nào: %s", file, fo.Reason))
			case status[u.Code] == aggregate.StatusUnreadable:
				out = append(out, fmt.Sprintf("%s: %s — %s: %s", unitLabel(u), aggregate.StatusUnreadable.Label(), file, fo.Reason))
			default:
				out = append(out, fmt.Sprintf("%s: %s không dùng được (đơn vị còn báo cáo khác): %s", unitLabel(u), file, fo.Reason))
			}
		case r.Conflict != nil && r.Unit != nil && fo.Use != aggregate.UseDuplicate:
			counted := "tệp được tính cho " + r.Unit.Code
			if fo.Use != aggregate.UseUsed {
				counted = "tệp không được dùng, giữ báo cáo khác của " + r.Unit.Code
			}
			out = append(out, fmt.Sprintf("%s và %s: %s mang thông tin nhận dạng của %s nhưng tên tệp chỉ %s — %s; đề nghị hai đơn vị xác nhận",
				unitLabel(r.Unit), unitLabel(r.Conflict), file, r.Unit.Code, r.Conflict.Code, counted))
		}
	}
	// What arrived for a unit that is no file of its own that could not be
	// read: a scan, or a file counted for another unit that names it or
	// carries its figures.
	for _, u := range s.Units {
		if u.Note != "" {
			out = append(out, fmt.Sprintf("%s: %s — %s (tệp “%s”)", unitLabel(u.Unit), u.Status.Label(), u.Note, u.Report.File.Path))
		}
	}
	return out
}

// errorLines are the errors that keep a unit's report out of the totals,
// one per line.
func errorLines(s *summary.Summary) []string {
	var out []string
	for _, p := range s.Important {
		if p.Unit == nil || p.Issue.Severity != templates.SeverityError {
			continue // a file, or a unit's note: unitLines has it
		}
		where := ""
		if p.Issue.Cell != "" {
			where = " (ô " + p.Issue.Cell + ")"
		}
		out = append(out, fmt.Sprintf("%s%s: %s", unitLabel(p.Unit), where, p.Issue.Msg))
	}
	return out
}

// writtenLines name the units that owe a written report not received,
// "theo hồ sơ nhận được": it may have come through the document system.
func writtenLines(s *summary.Summary) []string {
	if len(s.WrittenMissing) == 0 {
		return nil
	}
	var names []string
	for _, u := range s.WrittenMissing {
		names = append(names, unitLabel(u))
	}
	return []string{fmt.Sprintf("Theo hồ sơ nhận được, %d/%d đơn vị phải gửi báo cáo bằng văn bản chưa gửi (có thể đã gửi qua hệ thống văn bản: đối chiếu trước khi nhắc): %s; xem trang “%s”.",
		len(s.WrittenMissing), s.WrittenOwed, strings.Join(names, "; "), workbook.SheetWritten)}
}

// stateLines says how many units are missing or late.
func stateLines(s *summary.Summary) []string {
	var out []string
	if n := s.Province.Missing; n > 0 {
		what := "chưa báo cáo"
		if s.BeforeDeadline {
			what = "chưa gửi báo cáo (chưa đến hạn)"
		}
		out = append(out, fmt.Sprintf("%d đơn vị %s: xem trang “%s”.", n, what, workbook.SheetMissing))
	}
	if n := s.Province.Late; n > 0 {
		out = append(out, fmt.Sprintf("%d đơn vị nộp muộn: xem trang “%s”.", n, workbook.SheetLate))
	}
	return out
}
