package aggregate

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"tonghop/templates"
)

// MergeOptions tunes a merge.
type MergeOptions struct {
	OutDir    string    // the output folder; used by the caller, never read as input
	AsOf      time.Time // "today": missing vs not yet due; the caller's clock, never read here
	Passwords []string  // tried on encrypted workbooks and archives
	Workers   int       // files read at once; 0 means one per CPU
	Progress  func(done, total int)

	// Root, when set, is the input folder: file paths in the result are
	// shown relative to it. Input.Merge sets it to the Input's.
	Root string
}

// vnZone is the time zone of the province: saved times (kept in UTC by
// office suites) are turned into calendar days there before they are
// compared with deadlines.
var vnZone = time.FixedZone("ICT", 7*3600)

// day returns the calendar day of t in Vietnam, as midnight UTC (the way
// campaign dates are kept). A date read from a cell is already a day.
func day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	if t.Location() != time.UTC || t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0 {
		t = t.In(vnZone)
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Merge reads the files Collect found and merges them; the files it
// skipped are listed in the result as rejected, with why. One file that
// cannot be read never stops the others: it is listed as rejected, with
// the reason.
func (in Input) Merge(c *templates.Campaign, opts MergeOptions) *Result {
	if opts.Root == "" {
		opts.Root = in.Root
	}
	rr := NewReader(c, ReadOptions{Passwords: opts.Passwords, Now: opts.AsOf})
	return MergeReports(c, rr.ReadAll(in.Paths, opts.Workers, opts.Progress), in.Skipped, opts)
}

// MergeReports builds the result from the reports read, one per file in
// input order, and the files skipped before reading. It decides what each
// file is used for, each unit's status and every total.
func MergeReports(c *templates.Campaign, reports []*Report, skipped []FileOutcome, opts MergeOptions) *Result {
	res := &Result{Campaign: c, AsOf: day(opts.AsOf)}
	outcomes := make([]FileOutcome, 0, len(reports)+len(skipped))
	for _, r := range reports {
		outcomes = append(outcomes, FileOutcome{Report: r})
	}
	byPath(outcomes, opts.Root)
	markDuplicates(outcomes)
	byUnit, writtenBy := sortOut(outcomes)
	used := chooseReports(c, byUnit)
	res.Written = writtenResults(c, writtenBy, res.AsOf)

	// Warnings that need every report (a figure far above its group's),
	// over the reports that count.
	var valid []*Report
	for i := range c.Units {
		if r := used[c.Units[i].Code]; r != nil && !r.HasErrors() {
			valid = append(valid, r)
		}
	}
	crossCheckGroups(c, valid)

	res.Units = unitStatuses(c, used, unreadableByUnit(outcomes), elsewhereByUnit(outcomes), res.AsOf)
	byPath(skipped, opts.Root)
	outcomes = append(outcomes, skipped...)
	byPath(outcomes, "")
	res.Files = outcomes
	res.Issues = fileIssues(outcomes)
	dropSuperseded(outcomes)
	return res
}

// byPath shows paths relative to root (when set) and sorts the files by
// path, so that no decision depends on reading order.
func byPath(outcomes []FileOutcome, root string) {
	if root != "" {
		for _, o := range outcomes {
			relativize(o.Report, root)
		}
	}
	sort.SliceStable(outcomes, func(i, j int) bool { return outcomes[i].Report.File.Path < outcomes[j].Report.File.Path })
}

// markDuplicates marks byte-identical copies sent for the same unit: the
// first by path stands for them all. Identical bytes sent for two units (two
// attachments that both arrived empty, named for each) are two units'
// files: each unit sent something, and neither is "chưa báo cáo".
func markDuplicates(outcomes []FileOutcome) {
	type key struct{ sum, unit string }
	first := map[key]string{}
	for i := range outcomes {
		o := &outcomes[i]
		if o.Report.File.SHA256 == "" {
			continue
		}
		k := key{o.Report.File.SHA256, ""}
		if u := o.Report.sender(); u != nil {
			k.unit = u.Code
		}
		if p, ok := first[k]; ok {
			o.Use = UseDuplicate
			o.Reason = fmt.Sprintf("giống hệt tệp %s, chỉ tính một lần", p)
			continue
		}
		first[k] = o.Report.File.Path
	}
}

// sortOut marks the rejected files and sorts the others by unit: reports
// of figures, which compete, and written reports, which carry no figures
// and are tracked on their own, against their own deadline.
func sortOut(outcomes []FileOutcome) (byUnit, writtenBy map[string][]*FileOutcome) {
	byUnit, writtenBy = map[string][]*FileOutcome{}, map[string][]*FileOutcome{}
	for i := range outcomes {
		o := &outcomes[i]
		if o.Use == UseDuplicate {
			continue
		}
		r := o.Report
		switch {
		case r.State != StateIdentified:
			o.Use = UseRejected
			o.Reason = rejectReason(r)
		case r.Channel == ChannelWritten:
			writtenBy[r.Unit.Code] = append(writtenBy[r.Unit.Code], o)
		default:
			byUnit[r.Unit.Code] = append(byUnit[r.Unit.Code], o)
		}
	}
	return byUnit, writtenBy
}

// chooseReports picks each unit's report among its files (preferred: not
// doubtful, no conflict of evidence, then the newest) and says why the
// others were superseded. It returns the report used per unit code.
func chooseReports(c *templates.Campaign, byUnit map[string][]*FileOutcome) map[string]*Report {
	used := map[string]*Report{}
	for code, cands := range byUnit {
		sort.SliceStable(cands, func(i, j int) bool { return preferred(cands[i].Report, cands[j].Report) })
		win := cands[0]
		win.Use = UseUsed
		used[code] = win.Report
		for _, o := range cands[1:] {
			o.Use = UseSuperseded
			switch {
			case doubtful(o.Report) && !doubtful(win.Report):
				o.Reason = fmt.Sprintf("tệp có lỗi chung (%s), đơn vị đã có báo cáo khác: %s", fileError(o.Report), win.Report.File.Path)
			case o.Report.Conflict != nil && win.Report.Conflict == nil:
				o.Reason = fmt.Sprintf("xung đột nhận diện: thông tin trong tệp là của %s, tên tệp chỉ %s; giữ báo cáo trước đó của đơn vị: %s — cần hai đơn vị xác nhận", unitLabel(c.Unit(code)), unitLabel(o.Report.Conflict), win.Report.File.Path)
			default:
				o.Reason = fmt.Sprintf("đơn vị đã gửi tệp mới hơn: %s (%s)", win.Report.File.Path, savedLabel(win.Report))
			}
		}
	}
	return used
}

// unreadableByUnit is, per unit, the newest file that could not be read but
// whose name (or mail) says whose it is, or the newest scan of its report
// (a written report without text: its figures cannot be read).
func unreadableByUnit(outcomes []FileOutcome) map[string]*Report {
	unreadable := map[string]*Report{}
	for _, o := range outcomes {
		r := o.Report
		var u *templates.Unit
		switch {
		case o.Use == UseRejected && r.Attributed != nil:
			u = r.Attributed
		case (o.Use == UseUsed || o.Use == UseSuperseded) && r.Written != nil && r.Written.Scanned:
			u = r.Unit
		default:
			continue
		}
		if old := unreadable[u.Code]; old == nil || newer(r, old) {
			unreadable[u.Code] = r
		}
	}
	return unreadable
}

// elsewhere is a unit that sent no report of its own but is named by a
// file that counts for another unit.
type elsewhere struct {
	report *Report // the file that names the unit
	note   string  // Vietnamese: what the file is to this unit
}

// elsewhereByUnit finds, per unit, a file read for another unit that
// names it: a file named for it but filled in another's form (Conflict),
// or another unit's file that carries its figures too (Carries). Such a
// unit sent something, or its figures came, so it is never "chưa báo cáo";
// the officer checks what it is.
func elsewhereByUnit(outcomes []FileOutcome) map[string]elsewhere {
	out := map[string]elsewhere{}
	for _, o := range outcomes {
		r := o.Report
		if o.Use != UseUsed && o.Use != UseSuperseded || r.Unit == nil {
			continue
		}
		if u := r.Conflict; u != nil {
			if _, ok := out[u.Code]; !ok {
				out[u.Code] = elsewhere{r, fmt.Sprintf("tệp %s mang tên đơn vị nhưng là biểu mẫu của %s, đã tính cho %s; đơn vị chưa có báo cáo của mình — cần xác nhận với hai đơn vị, đề nghị đơn vị điền vào đúng biểu mẫu của mình", quote(fileBase(r.File.Path)), unitLabel(r.Unit), unitLabel(r.Unit))}
			}
		}
		for _, u := range r.Carries {
			if _, ok := out[u.Code]; !ok {
				out[u.Code] = elsewhere{r, fmt.Sprintf("có số liệu trong tệp %s của %s (tệp ghi số liệu của nhiều đơn vị), chưa tách ra được — cán bộ tổng hợp kiểm tra; nếu cần, đề nghị đơn vị gửi biểu mẫu của mình", quote(fileBase(r.File.Path)), unitLabel(r.Unit))}
			}
		}
	}
	return out
}

// unitStatuses gives every expected unit its status, registry order.
func unitStatuses(c *templates.Campaign, used, unreadable map[string]*Report, away map[string]elsewhere, asOf time.Time) []*UnitResult {
	var out []*UnitResult
	for i := range c.Units {
		u := &c.Units[i]
		ur := &UnitResult{Unit: u}
		if r := used[u.Code]; r != nil {
			ur.Report = r
			ur.Submitted = r.Submission()
			switch {
			case r.HasErrors():
				ur.Status = StatusInvalid
			case ur.Submitted.late(c.DataDeadline):
				ur.Status = StatusLate
			default:
				ur.Status = StatusOnTime
			}
		} else if r := unreadable[u.Code]; r != nil {
			// The unit sent something nothing could be read from: not
			// "chưa báo cáo"; it is asked to send again.
			ur.Report = r
			ur.Submitted = r.Submission()
			ur.Status = StatusUnreadable
			if r.Written != nil && r.Written.Scanned {
				ur.Note = scanNote
			}
		} else if e, ok := away[u.Code]; ok {
			// Named by a file counted for another unit: it stands for
			// itself here as a file that could not be used as its
			// report, with no figures of the other unit.
			ur.Report = &Report{File: e.report.File, Mail: e.report.Mail, Channel: e.report.Channel, Sent: e.report.Sent, State: StateRejected, Attributed: u, Evidence: e.note}
			ur.Submitted = ur.Report.Submission()
			ur.Status = StatusUnreadable
			ur.Note, ur.Elsewhere = e.note, e.report.Unit
		} else if asOf.Before(c.DataDeadline) {
			ur.Status = StatusNotYetDue
		} else {
			ur.Status = StatusMissing
		}
		out = append(out, ur)
	}
	return out
}

// fileIssues gathers the issues of every file, sorted. Byte-identical
// copies would only repeat the issues of the file they copy, and skipped
// files are no reports; a superseded file's issues are marked so.
func fileIssues(outcomes []FileOutcome) Issues {
	var all Issues
	for _, o := range outcomes {
		if o.Use == UseDuplicate || o.Report.State == StateSkipped {
			continue
		}
		for _, is := range o.Report.Issues {
			if is.File == "" {
				is.File = o.Report.File.Path
			}
			if is.Unit == "" && o.Report.Unit != nil {
				is.Unit = o.Report.Unit.Code
			}
			is.Superseded = o.Use == UseSuperseded
			all = append(all, is)
		}
	}
	all.Sort()
	return all
}

// dropSuperseded keeps of a file that is superseded or a copy only its
// file record: what "Tệp nguồn" shows (path, size, times, unit, evidence,
// mail, what became of it). Nothing reads the rest after the merge: the
// tables, the PDF and the feedback take values and issues from the reports
// in use and from rejected files, and the issues of every file are in
// Result.Issues already. Dropped, they do not stay in memory while the
// outputs are written (in a merge of thousands of files, the values are
// most of the memory held). A written report superseded keeps its
// WrittenInfo, which carries no figures.
func dropSuperseded(outcomes []FileOutcome) {
	for _, o := range outcomes {
		if o.Use != UseSuperseded && o.Use != UseDuplicate {
			continue
		}
		r := o.Report
		r.Values, r.Issues = Values{}, nil
		r.Identity = templates.Identity{}
		r.Reporter = Reporter{}
	}
}

// writtenResults decides each unit's written report: the newest one a unit
// sent is used, the others superseded; every unit that owes one or sent
// one is listed, in registry order.
func writtenResults(c *templates.Campaign, by map[string][]*FileOutcome, asOf time.Time) []WrittenResult {
	var out []WrittenResult
	for i := range c.Units {
		u := &c.Units[i]
		wr := WrittenResult{Unit: u, Required: c.OwesWrittenReport(u)}
		cands := by[u.Code]
		if len(cands) == 0 && !wr.Required {
			continue
		}
		sort.SliceStable(cands, func(i, j int) bool { return newer(cands[i].Report, cands[j].Report) })
		for k, o := range cands {
			if k == 0 {
				o.Use, o.Reason = UseUsed, "báo cáo bằng văn bản của đơn vị"
				continue
			}
			o.Use = UseSuperseded
			o.Reason = fmt.Sprintf("đơn vị đã gửi báo cáo bằng văn bản mới hơn: %s", cands[0].Report.File.Path)
		}
		switch {
		case len(cands) > 0:
			wr.Report = cands[0].Report
			wr.Submitted = wr.Report.Submission()
			switch {
			case !wr.Required:
				wr.Status = WrittenNotRequired
			case !c.WrittenDeadline.IsZero() && wr.Submitted.late(c.WrittenDeadline):
				wr.Status = WrittenLate
			default:
				wr.Status = WrittenOnTime
			}
		case !c.WrittenDeadline.IsZero() && asOf.Before(c.WrittenDeadline):
			wr.Status = WrittenNotYetDue
		default:
			wr.Status = WrittenMissing
		}
		out = append(out, wr)
	}
	return out
}

// fileError is the first error of a report that is about the file rather
// than a figure.
func fileError(r *Report) string {
	for _, is := range r.Issues {
		if is.Severity == templates.SeverityError && is.Indicator == "" {
			return is.Msg
		}
	}
	return ""
}

// doubtful reports whether a report has an error about the file rather
// than a figure (an error tied to no indicator): most often the form of
// another unit filled in and sent on, whose name cell disagrees with its
// identity. Such a file is not allowed to push aside the unit's own report.
func doubtful(r *Report) bool {
	for _, is := range r.Issues {
		if is.Severity == templates.SeverityError && is.Indicator == "" {
			return true
		}
	}
	return false
}

// preferred reports whether a should be used rather than b for the same
// unit: a report that is not doubtful first, then one whose evidence does
// not conflict, then the newer one.
func preferred(a, b *Report) bool {
	if da, db := doubtful(a), doubtful(b); da != db {
		return db
	}
	if ca, cb := a.Conflict != nil, b.Conflict != nil; ca != cb {
		return cb
	}
	return newer(a, b)
}

// newer reports whether a is a newer report than b: by when it was sent
// (the mail's time, else the workbook's own saved time), then the file's
// time, then the path (the later name wins, so that the choice never
// depends on reading order).
func newer(a, b *Report) bool {
	if ta, tb := sentTime(a), sentTime(b); !ta.Equal(tb) {
		return ta.After(tb)
	}
	if !a.File.ModTime.Equal(b.File.ModTime) {
		return a.File.ModTime.After(b.File.ModTime)
	}
	return a.File.Path > b.File.Path
}

// sentTime is when a file was sent: its mail's time, else the workbook's
// saved time; zero when neither is known.
func sentTime(r *Report) time.Time {
	switch {
	case r.Mail != nil && !r.Mail.Date.IsZero():
		return r.Mail.Date
	case !r.Sent.IsZero():
		return r.Sent
	}
	return r.File.Saved
}

func savedLabel(r *Report) string {
	t := r.File.Saved
	what := "lưu lúc"
	if t.IsZero() {
		t, what = r.File.ModTime, "tệp sửa lúc"
	}
	if t.IsZero() {
		return "không rõ thời gian"
	}
	return what + " " + t.In(vnZone).Format("15:04 02/01/2006")
}

// rejectReason says in one line why a file was not used.
func rejectReason(r *Report) string {
	var msgs []string
	for _, is := range r.Issues {
		if is.Severity == templates.SeverityError {
			msgs = append(msgs, is.Msg)
		}
	}
	if len(msgs) == 0 {
		for _, is := range r.Issues {
			msgs = append(msgs, is.Msg)
		}
	}
	if len(msgs) == 0 && r.Unit == nil {
		return "không nhận ra đơn vị báo cáo"
	}
	if len(msgs) == 0 {
		return "không đọc được tệp"
	}
	if len(msgs) > 2 {
		msgs = append(msgs[:2], fmt.Sprintf("và %d lỗi khác", len(msgs)-2))
	}
	return strings.Join(msgs, "; ")
}

// relativize shows the report's path, and its issues', relative to root.
func relativize(r *Report, root string) {
	rel := func(p string) string {
		if q, err := filepath.Rel(root, p); err == nil && !strings.HasPrefix(q, "..") {
			return q
		}
		return p
	}
	old := r.File.Path
	r.File.Path = rel(old)
	for i := range r.Issues {
		if r.Issues[i].File == old || r.Issues[i].File == "" {
			r.Issues[i].File = r.File.Path
		}
	}
}
