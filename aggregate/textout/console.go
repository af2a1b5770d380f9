package textout

import (
	"fmt"
	"io"
	"strconv"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"tonghop/aggregate/summary"
	"tonghop/aggregate/workbook"
	"tonghop/templates/vn"
)

// maxConsoleIssues bounds the issues printed; the workbook has them all.
const maxConsoleIssues = 15

// WriteConsole prints what the officer reads after a merge: a table by
// group (expected, received, valid, with errors, late, missing) with the
// province, the most important issues, and the paths written.
func WriteConsole(w io.Writer, s *summary.Summary, written []string) error {
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

	lines := importantLines(s)
	counts := stateLines(s)
	if len(lines)+len(counts) > 0 {
		fmt.Fprintln(w, "\nCần xử lý:")
		for i, l := range lines {
			if i == maxConsoleIssues {
				fmt.Fprintf(w, "  - … và %d lỗi khác: xem trang “%s” và “%s” của tệp tổng hợp.\n", len(lines)-i, workbook.SheetIssues, workbook.SheetFiles)
				break
			}
			fmt.Fprintln(w, "  - "+l)
		}
		for _, l := range counts {
			fmt.Fprintln(w, "  - "+l)
		}
	}
	if len(written) > 0 {
		fmt.Fprintln(w, "\nĐã ghi:")
		for _, p := range written {
			fmt.Fprintln(w, "  "+p)
		}
	}
	return nil
}

// importantLines writes the important issues one per line.
func importantLines(s *summary.Summary) []string {
	var out []string
	for _, p := range s.Important {
		if p.Unit == nil {
			out = append(out, fmt.Sprintf("%s: không dùng được: %s", p.File, p.Reason))
			continue
		}
		where := ""
		if p.Issue.Cell != "" {
			where = " (ô " + p.Issue.Cell + ")"
		}
		out = append(out, fmt.Sprintf("%s %s%s: %s", p.Unit.Code, p.Unit.Name, where, p.Issue.Msg))
	}
	return out
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
