package textout

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
	"tonghop/aggregate"
	"tonghop/aggregate/summary"
	"tonghop/templates"
	"tonghop/templates/vn"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
	"golang.org/x/term"
)

// DefaultWidth is the width of the tables written to a file or a pipe;
// maxTableWidth the widest a table grows on a wide terminal, past which
// lines are harder to follow than wrapped cells.
const (
	DefaultWidth  = 100
	maxTableWidth = 120
)

// Width is the width the tables written to w may take: the terminal's
// when w is one (less one column, so that no line wraps), else
// DefaultWidth.
func Width(w io.Writer) int {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 40 {
			return cols - 1
		}
	}
	return DefaultWidth
}

// newTable returns a table width columns wide at most, with Vietnamese
// headers kept as written (no upper-casing) and long cells wrapped. fixed
// gives the width of each column, 0 for a column that shares what the
// others leave, in the proportion of flex (one weight per such column).
func newTable(w io.Writer, width int, fixed []int, flex []int, header ...string) *tablewriter.Table {
	t := tablewriter.NewTable(w,
		tablewriter.WithColumnWidths(columnWidths(width, fixed, flex)),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapNormal),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAlignment(tw.AlignLeft),
	)
	t.Header(header)
	return t
}

// columnWidths shares a table's width among its columns: each column
// takes its padding (one space each side) and one border; fixed columns
// their width, the others what is left, by weight, at least 8 each.
func columnWidths(width int, fixed, flex []int) tw.Mapper[int, int] {
	width = min(width, maxTableWidth)
	left, total := width-1-3*len(fixed), 0
	k := 0
	for _, f := range fixed {
		if f > 0 {
			left -= f
		} else {
			total += flex[k]
			k++
		}
	}
	m := tw.Mapper[int, int]{}
	k, first, rest := 0, -1, left
	for i, f := range fixed {
		if f == 0 {
			f = max(8, left*flex[k]/total)
			rest -= f
			k++
			if first < 0 {
				first = i
			}
		}
		m[i] = f + 2
	}
	if first >= 0 && rest > 0 {
		m[first] += rest // what the division left over
	}
	return m
}

// clip shortens s to n runes with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// WriteCheck prints the reports for a person: per file the unit found and
// how, the values read, the reporter and every issue, then a summary line.
// Tables are as wide as the terminal (Width).
func WriteCheck(w io.Writer, c *templates.Campaign, reports []*aggregate.Report) error {
	width := Width(w)
	ew := &errWriter{w: vn.SafeWriter(w)} // file text never reaches the terminal raw
	for i, r := range reports {
		if i > 0 {
			fmt.Fprintln(ew)
		}
		writeCheckReport(ew, width, c, r)
	}
	n := summary.Check(reports)
	fmt.Fprintf(ew, "\nTổng cộng %d tệp: %d không có lỗi, %d có lỗi, %d không đọc được", n.Files, n.Clean, n.WithErrors, n.Unreadable)
	if n.Skipped > 0 {
		fmt.Fprintf(ew, ", %d bỏ qua", n.Skipped)
	}
	fmt.Fprintf(ew, "; %d lỗi, %d cảnh báo.\n", n.Errors, n.Warnings)
	return ew.err
}

func writeCheckReport(w io.Writer, width int, c *templates.Campaign, r *aggregate.Report) {
	fmt.Fprintf(w, "Tệp: %s\n", r.File.Path)
	switch {
	case r.State == aggregate.StateSkipped:
		fmt.Fprintln(w, "Bỏ qua (không phải báo cáo).")
	case r.State == aggregate.StateRejected:
		fmt.Fprintln(w, "Không đọc được.")
	case r.Unit != nil:
		group := r.Unit.Group
		if g := c.Group(group); g != nil {
			group = g.Name
		}
		fmt.Fprintf(w, "Đơn vị: %s — %s\n", r.Unit.Name+" ("+r.Unit.Code+")", group)
		fmt.Fprintf(w, "Nhận dạng theo: %s\n", r.Evidence)
	}
	if wr := r.Written; wr != nil {
		fmt.Fprintf(w, "Báo cáo bằng văn bản (.%s): %s", wr.Format, orDash(strings.TrimSpace(wr.Kind+" "+wr.Number)))
		if !wr.Date.IsZero() {
			fmt.Fprintf(w, ", ngày %s", vn.Date(wr.Date))
		}
		if wr.Subject != "" {
			fmt.Fprintf(w, "; trích yếu: %s", wr.Subject)
		}
		fmt.Fprintln(w)
	}
	if r.Channel == aggregate.ChannelForm {
		fmt.Fprintln(w, "Câu trả lời của biểu mẫu trực tuyến.")
	}
	if !r.File.Saved.IsZero() {
		fmt.Fprintf(w, "Lưu lần cuối: %s\n", aggregate.InVietnam(r.File.Saved).Format("15:04 02/01/2006"))
	}
	if r.Unit != nil && r.Values.Len() > 0 {
		t := newTable(w, width, []int{3, 0, 0, 4, 0}, []int{5, 3, 2}, "Mã", "Chỉ tiêu", "Giá trị", "Ô", "Ghi trong ô")
		for _, ind := range c.IndicatorsFor(r.Unit.Group) {
			v, ok := r.Values.Get(ind.ID)
			if !ok {
				continue
			}
			val := v.String()
			if !v.Empty && ind.Unit != "" && ind.Type.Numeric() {
				val += " " + ind.Unit
			}
			raw := strings.TrimSpace(v.Raw)
			if raw == v.String() || v.Type == templates.TypeText || plainCell(v, raw) {
				raw = ""
			}
			t.Append([]string{ind.ID, ind.Label, clip(val, 60), v.Cell, clip(raw, 30)})
		}
		t.Render()
	}
	if rep := r.Reporter; rep != (aggregate.Reporter{}) {
		var parts []string
		for _, s := range []string{rep.Name, rep.Title, rep.Phone, rep.Email} {
			if s != "" {
				parts = append(parts, s)
			}
		}
		if !rep.Date.IsZero() {
			parts = append(parts, "ngày báo cáo "+vn.Date(rep.Date))
		}
		fmt.Fprintf(w, "Người báo cáo: %s\n", strings.Join(parts, ", "))
	}
	if len(r.Issues) == 0 {
		fmt.Fprintln(w, "Không có lỗi, không có cảnh báo.")
		return
	}
	errs, warns := summary.CountIssues(r.Issues)
	fmt.Fprintf(w, "Vấn đề: %d lỗi, %d cảnh báo\n", errs, warns)
	t := newTable(w, width, []int{8, 8, 4, 8, 0}, []int{1}, "Mức độ", "Trang", "Ô", "Chỉ tiêu", "Nội dung")
	for _, i := range r.Issues {
		t.Append([]string{i.Severity.Label(), i.Sheet, i.Cell, i.Indicator, i.Msg})
	}
	t.Render()
}

// errWriter keeps the first write error.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return len(p), nil
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, nil
}

// The JSON form of a check, for scripts. Keys are English and stable.
type (
	checkJSON struct {
		Files    []fileJSON          `json:"files"`
		Summary  summary.CheckCounts `json:"summary"`
		ExitCode int                 `json:"exit_code"`
	}
	fileJSON struct {
		Path     string        `json:"path"`
		Size     int64         `json:"size"`
		SHA256   string        `json:"sha256,omitempty"`
		Saved    *time.Time    `json:"saved,omitempty"`
		Rejected bool          `json:"rejected"`
		Skipped  bool          `json:"skipped,omitempty"`
		Unit     *unitJSON     `json:"unit"`
		Evidence string        `json:"evidence,omitempty"`
		Identity identityJSON  `json:"identity"`
		Values   []valueJSON   `json:"values"`
		Reporter *reporterJSON `json:"reporter,omitempty"`
		Issues   []issueJSON   `json:"issues"`
	}
	identityJSON struct {
		Campaign    string `json:"campaign,omitempty"`
		Version     string `json:"version,omitempty"`
		Unit        string `json:"unit,omitempty"`
		Fingerprint string `json:"fingerprint,omitempty"`
	}
	unitJSON struct {
		Code  string `json:"code"`
		Name  string `json:"name"`
		Group string `json:"group"`
	}
	valueJSON struct {
		ID    string `json:"id"`
		Type  string `json:"type"`
		Value any    `json:"value"` // null, bool, number, "yyyy-mm-dd", text
		Raw   string `json:"raw,omitempty"`
		Sheet string `json:"sheet,omitempty"`
		Cell  string `json:"cell,omitempty"`
	}
	reporterJSON struct {
		Name  string `json:"name,omitempty"`
		Title string `json:"title,omitempty"`
		Phone string `json:"phone,omitempty"`
		Email string `json:"email,omitempty"`
		Date  string `json:"date,omitempty"` // yyyy-mm-dd
	}
	issueJSON struct {
		File      string `json:"file"`
		Sheet     string `json:"sheet,omitempty"`
		Cell      string `json:"cell,omitempty"`
		Unit      string `json:"unit,omitempty"`
		Indicator string `json:"indicator,omitempty"`
		Severity  string `json:"severity"` // "error" or "warning"
		Message   string `json:"message"`
	}
)

// WriteCheckJSON prints the reports as one JSON document.
func WriteCheckJSON(w io.Writer, c *templates.Campaign, reports []*aggregate.Report) error {
	out := checkJSON{Files: make([]fileJSON, 0, len(reports)), Summary: summary.Check(reports), ExitCode: aggregate.CheckExitCode(reports)}
	for _, r := range reports {
		f := fileJSON{Path: r.File.Path, Size: r.File.Size, SHA256: r.File.SHA256, Rejected: r.State != aggregate.StateIdentified, Skipped: r.State == aggregate.StateSkipped,
			Evidence: r.Evidence, Identity: identityJSON(r.Identity), Values: []valueJSON{}, Issues: []issueJSON{}}
		if !r.File.Saved.IsZero() {
			t := r.File.Saved.UTC()
			f.Saved = &t
		}
		if r.Unit != nil {
			f.Unit = &unitJSON{Code: r.Unit.Code, Name: r.Unit.Name, Group: r.Unit.Group}
			for _, ind := range c.IndicatorsFor(r.Unit.Group) {
				v, ok := r.Values.Get(ind.ID)
				if !ok {
					continue
				}
				val := v.Any()
				if t, ok := val.(time.Time); ok {
					val = t.Format("2006-01-02")
				}
				f.Values = append(f.Values, valueJSON{ID: ind.ID, Type: string(ind.Type), Value: val, Raw: v.Raw, Sheet: v.Sheet, Cell: v.Cell})
			}
		}
		if rep := r.Reporter; rep != (aggregate.Reporter{}) {
			f.Reporter = &reporterJSON{Name: rep.Name, Title: rep.Title, Phone: rep.Phone, Email: rep.Email}
			if !rep.Date.IsZero() {
				f.Reporter.Date = rep.Date.Format("2006-01-02")
			}
		}
		for _, i := range r.Issues {
			sev := "warning"
			if i.Severity == templates.SeverityError {
				sev = "error"
			}
			f.Issues = append(f.Issues, issueJSON{File: i.File, Sheet: i.Sheet, Cell: i.Cell, Unit: i.Unit, Indicator: i.Indicator, Severity: sev, Message: i.Msg})
		}
		out.Files = append(out.Files, f)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := w.Write(escapeBidi(buf.Bytes()))
	return err
}

// escapeBidi writes the bidirectional overrides and isolates of a JSON
// document as \u escapes: the same strings for a program that reads it,
// no reordered text on the terminal that shows it. (Control characters
// are escaped by encoding/json already.)
func escapeBidi(b []byte) []byte {
	if !bytes.ContainsAny(b, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069") {
		return b
	}
	var out bytes.Buffer
	for _, r := range string(b) {
		if r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
			fmt.Fprintf(&out, "\\u%04x", r)
			continue
		}
		out.WriteRune(r)
	}
	return out.Bytes()
}

// plainCell reports whether raw is just how the cell stores the value — a
// number cell holding the number, a date cell holding its serial — so that
// showing it as "the original" would only be noise ("164.3" for 164,3).
func plainCell(v aggregate.Value, raw string) bool {
	f, err := strconv.ParseFloat(raw, 64)
	if err != nil || v.Empty {
		return false
	}
	switch v.Type {
	case templates.TypeWhole, templates.TypeNumber, templates.TypeMoney:
		return f == v.Num
	case templates.TypeDate:
		return vn.SerialDate(f, false).Equal(v.Date)
	}
	return false
}

// orDash is s, or "–" when s is empty.
func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
