package textout

import (
	"fmt"
	"io"
	"strconv"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"tonghop/aggregate"
	"tonghop/aggregate/workbook"
	"tonghop/templates"
	"tonghop/templates/vn"
)

// maxConsoleIssues bounds the issues printed; the workbook has them all.
const maxConsoleIssues = 15

// WriteConsole prints what the officer reads after a merge: a table by
// group (expected, received, valid, with errors, late, missing) with the
// province, the most important issues, and the paths written.
func WriteConsole(w io.Writer, res *aggregate.Result, written []string) error {
	fmt.Fprintf(w, "Tổng hợp %s\nSố liệu tính đến ngày %s; hạn nộp: trước ngày %s.\n\n",
		res.Campaign.Title, vn.Date(res.AsOf), vn.Date(res.Campaign.DataDeadline))
	t := tablewriter.NewTable(w,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleASCII)})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: []tw.Align{tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight}}),
		tablewriter.WithFooterAlignmentConfig(tw.CellAlignment{PerColumn: []tw.Align{tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight}}),
		tablewriter.WithRowMaxWidth(40),
	)
	t.Header("Nhóm", "Phải báo cáo", "Đã gửi", "Hợp lệ", "Có lỗi", "Muộn", "Chưa báo cáo")
	row := func(name string, s aggregate.Summary) []string {
		return []string{name, strconv.Itoa(s.Expected), strconv.Itoa(s.Received), strconv.Itoa(s.Valid),
			strconv.Itoa(s.Invalid), strconv.Itoa(s.Late), strconv.Itoa(s.Missing)}
	}
	for _, g := range res.Groups {
		if err := t.Append(row(g.Group.Name, g.Summary)); err != nil {
			return err
		}
	}
	f := row("Toàn tỉnh", res.Province)
	t.Footer(f[0], f[1], f[2], f[3], f[4], f[5], f[6])
	if err := t.Render(); err != nil {
		return err
	}
	fmt.Fprintln(w, "Hợp lệ = đúng hạn + muộn; báo cáo có lỗi không được tính vào tổng.")

	lines := importantIssues(res)
	counts := stateLines(res)
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

// importantIssues lists, most urgent first, the files that could not be
// used, then the errors that keep a unit's report out of the totals.
func importantIssues(res *aggregate.Result) []string {
	var out []string
	for _, fo := range res.Files {
		if fo.Use == aggregate.UseRejected && !fo.Report.Skipped {
			out = append(out, fmt.Sprintf("%s: không dùng được: %s", fo.Report.File.Path, fo.Reason))
		}
	}
	for _, ur := range res.Units {
		if ur.Status != aggregate.StatusInvalid {
			continue
		}
		for _, is := range ur.Report.Issues {
			if is.Severity != templates.SeverityError {
				continue
			}
			where := ""
			if is.Cell != "" {
				where = " (ô " + is.Cell + ")"
			}
			out = append(out, fmt.Sprintf("%s %s%s: %s", ur.Unit.Code, ur.Unit.Name, where, is.Msg))
		}
	}
	return out
}

// stateLines says how many units are missing or late.
func stateLines(res *aggregate.Result) []string {
	var out []string
	if n := res.Province.Missing; n > 0 {
		what := "chưa báo cáo"
		if res.AsOf.Before(res.Campaign.DataDeadline) {
			what = "chưa gửi báo cáo (chưa đến hạn)"
		}
		out = append(out, fmt.Sprintf("%d đơn vị %s: xem trang “%s”.", n, what, workbook.SheetMissing))
	}
	if n := res.Province.Late; n > 0 {
		out = append(out, fmt.Sprintf("%d đơn vị nộp muộn: xem trang “%s”.", n, workbook.SheetLate))
	}
	return out
}
