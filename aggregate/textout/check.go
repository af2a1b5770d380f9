package textout

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"tonghop/aggregate"
	"tonghop/aggregate/summary"
	"tonghop/templates"
	"tonghop/templates/vn"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// newTable returns a table with Vietnamese headers kept as written (no
// upper-casing) and long cells wrapped.
func newTable(w io.Writer, header ...string) *tablewriter.Table {
	t := tablewriter.NewTable(w,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapNormal),
		tablewriter.WithRowMaxWidth(60),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAlignment(tw.AlignLeft),
	)
	t.Header(header)
	return t
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
func WriteCheck(w io.Writer, c *templates.Campaign, reports []*aggregate.Report) error {
	ew := &errWriter{w: vn.SafeWriter(w)} // file text never reaches the terminal raw
	for i, r := range reports {
		if i > 0 {
			fmt.Fprintln(ew)
		}
		writeCheckReport(ew, c, r)
	}
	n := summary.Check(reports)
	fmt.Fprintf(ew, "\nTổng cộng %d tệp: %d không có lỗi, %d có lỗi, %d không đọc được", n.Files, n.Clean, n.WithErrors, n.Unreadable)
	if n.Skipped > 0 {
		fmt.Fprintf(ew, ", %d bỏ qua", n.Skipped)
	}
	fmt.Fprintf(ew, "; %d lỗi, %d cảnh báo.\n", n.Errors, n.Warnings)
	return ew.err
}

func writeCheckReport(w io.Writer, c *templates.Campaign, r *aggregate.Report) {
	fmt.Fprintf(w, "Tệp: %s\n", r.File.Path)
	switch {
	case r.Skipped:
		fmt.Fprintln(w, "Bỏ qua (không phải báo cáo).")
	case r.Rejected:
		fmt.Fprintln(w, "Không đọc được.")
	case r.Unit != nil:
		group := r.Unit.Group
		if g := c.Group(group); g != nil {
			group = g.Name
		}
		fmt.Fprintf(w, "Đơn vị: %s — %s\n", r.Unit.Name+" ("+r.Unit.Code+")", group)
		fmt.Fprintf(w, "Nhận dạng theo: %s\n", r.Evidence)
	}
	if !r.File.Saved.IsZero() {
		fmt.Fprintf(w, "Lưu lần cuối: %s\n", aggregate.InVietnam(r.File.Saved).Format("15:04 02/01/2006"))
	}
	if r.Unit != nil && len(r.Values) > 0 {
		t := newTable(w, "Mã", "Chỉ tiêu", "Giá trị", "Ô", "Ghi trong ô")
		for _, ind := range c.IndicatorsFor(r.Unit.Group) {
			v, ok := r.Values[ind.ID]
			if !ok {
				continue
			}
			val := v.String()
			if !v.Empty && ind.Unit != "" && (ind.Type == templates.TypeWhole || ind.Type == templates.TypeNumber) {
				val += " " + ind.Unit
			}
			raw := strings.TrimSpace(v.Raw)
			if raw == v.String() || v.Type == templates.TypeText || plainCell(v, raw) {
				raw = ""
			}
			t.Append([]string{ind.ID, clip(ind.Label, 50), clip(val, 60), v.Cell, clip(raw, 30)})
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
	t := newTable(w, "Mức độ", "Trang", "Ô", "Chỉ tiêu", "Nội dung")
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
		f := fileJSON{Path: r.File.Path, Size: r.File.Size, SHA256: r.File.SHA256, Rejected: r.Rejected, Skipped: r.Skipped,
			Evidence: r.Evidence, Identity: identityJSON(r.Identity), Values: []valueJSON{}, Issues: []issueJSON{}}
		if !r.File.Saved.IsZero() {
			t := r.File.Saved.UTC()
			f.Saved = &t
		}
		if r.Unit != nil {
			f.Unit = &unitJSON{Code: r.Unit.Code, Name: r.Unit.Name, Group: r.Unit.Group}
			for _, ind := range c.IndicatorsFor(r.Unit.Group) {
				v, ok := r.Values[ind.ID]
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
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
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
	case templates.TypeWhole, templates.TypeNumber:
		return f == v.Num
	case templates.TypeDate:
		return templates.SerialToDate(f).Equal(v.Date)
	}
	return false
}
