// Package reporttest is the shared fixture and check of the report's
// writers: the summary of `tonghop merge samples` as of 15/4/2024, and
// Reconcile, which reads a report's extracted text (the PDF through
// pdftotext, the .docx through LibreOffice) and checks every count it states
// against the summary and against the names that follow it. Tests only.
package reporttest

import (
	"fmt"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"tonghop/aggregate"
	"tonghop/aggregate/summary"
	"tonghop/samples"
	"tonghop/templates"
	"tonghop/templates/vn"
)

// AsOf is the cut-off of the sample merge (samples.AsOf).
var AsOf = samples.AsOf

// Samples merges the committed samples (samples/bao-cao) with the default
// campaign as of AsOf and returns the summary. The merge runs once per
// test binary and every caller shares its summary, which none may modify
// (SamplesOf gives a summary of one's own).
func Samples(t testing.TB) *summary.Summary {
	t.Helper()
	shared.Do(func() {
		c, err := templates.Default()
		if err != nil {
			shared.err = err
			return
		}
		shared.sum = SamplesOf(t, c)
	})
	if shared.sum == nil {
		t.Fatalf("the samples' merge failed (in the first test that asked for it): %v", shared.err)
	}
	return shared.sum
}

// shared is the summary Samples returns.
var shared struct {
	sync.Once
	sum *summary.Summary
	err error
}

// SamplesOf merges the committed samples with campaign c (the default
// campaign, changed by the test) as of AsOf.
func SamplesOf(t testing.TB, c *templates.Campaign) *summary.Summary {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(here), "..", "..", "..", "samples", samples.Dir)
	out := t.TempDir()
	in, err := aggregate.Collect(root, out)
	if err != nil {
		t.Fatal(err)
	}
	res := in.Merge(c, aggregate.MergeOptions{OutDir: out, AsOf: AsOf, Root: root})
	return summary.Of(res)
}

var (
	// "07 đơn vị chưa thực hiện (A; B; …)": a count, words, names.
	countNames = regexp.MustCompile(`(\d[\d.]*) đơn vị([^();:.“”]*)\(([^()]*)\)`)
	// "(07 đơn vị): A; B." and "(01): A." (the lists and part IV).
	// A dot before a digit is a thousands separator, not the end.
	listNames = regexp.MustCompile(`\((\d[\d.]*)(?: đơn vị)?\): ((?:[^.]|\.\d)*)\.`)
	// "20 đơn vị nêu ý kiến tương tự: “…” (A; B; …)".
	quoteNames = regexp.MustCompile(`(\d[\d.]*) đơn vị nêu ý kiến tương tự: “[^”]*” \(([^()]*)\)`)
)

// Reconcile checks the flattened text of a report (one line, single
// spaces, no page numbers) against the summary: every rate of a yes/no
// indicator, the units behind every gap, the groups of the units'
// answers, the reporting figures; and every count followed by names has as
// many names as it says, each a unit of the campaign.
func Reconcile(t *testing.T, text string, s *summary.Summary) {
	t.Helper()
	if checked := CheckNames(t, text, s); checked < 10 {
		t.Errorf("only %d counts with names found: the text is not the report", checked)
	}
	want := func(s string) {
		t.Helper()
		s = strings.ReplaceAll(s, "\u00a0", " ") // the flattened text has plain spaces
		if !strings.Contains(text, s) {
			t.Errorf("missing %q", s)
		}
	}
	p := s.Province
	want(fmt.Sprintf("có %s/%s đơn vị đã gửi báo cáo (%s)", vn.Int(p.Received), vn.Int(p.Expected), vn.Percent(float64(p.Received), float64(p.Expected))))
	for _, y := range s.YesNo {
		r := y.Rate()
		want(fmt.Sprintf("%s: %s/%s đơn vị (%s)", y.Indicator.Label, vn.Int(r.Part), vn.Int(r.Whole), vn.Percent(float64(r.Part), float64(r.Whole))))
		if len(y.Gap) > 0 {
			verb := "trả lời Không"
			if y.Condition != "" {
				verb = "chưa thực hiện"
			}
			gapNames(t, text, fmt.Sprintf("%s đơn vị %s (", vn.Count(len(y.Gap)), verb), y.Gap, s)
		}
		if len(y.Outside) > 0 {
			want(fmt.Sprintf("%s đơn vị không thuộc diện", vn.Count(len(y.Outside))))
		}
		if y.Condition != "" {
			want(fmt.Sprintf("trong số %s đơn vị", vn.Int(len(y.Eligible))))
		}
	}
	for _, tr := range s.TextResults {
		want(fmt.Sprintf("Có %s đơn vị ghi ý kiến", vn.Count(tr.Answered())))
		for _, g := range tr.Groups {
			if len(g.Answers) > 1 {
				want(fmt.Sprintf("%s đơn vị nêu ý kiến tương tự", vn.Count(len(g.Answers))))
			}
		}
	}
	for _, l := range s.Lists {
		if len(l.Units) > 0 {
			// Named in part III, or in the names appendix under its title.
			want(fmt.Sprintf("%s (%s đơn vị): %s", l.List.Title, vn.Count(len(l.Units)), nameList(l.Units)))
		}
	}
}

// gapNames checks that the units of a gap follow its count: by name, or
// by reference to the list of part III that holds exactly them.
func gapNames(t *testing.T, text, lead string, gap []*aggregate.UnitResult, s *summary.Summary) {
	t.Helper()
	i := strings.Index(text, lead)
	if i < 0 {
		t.Errorf("missing %q", lead)
		return
	}
	rest := text[i+len(lead):]
	var k int
	if _, err := fmt.Sscanf(rest, "tên tại mục III.%d)", &k); err == nil {
		if k < 1 || k > len(s.Lists) || setOf(s.Lists[k-1].Units) != setOf(gap) {
			t.Errorf("%q refers to list III.%d, which does not hold the same units", lead, k)
		}
		return
	}
	if strings.HasPrefix(rest, CountedPrefix) || strings.HasPrefix(rest, "danh sách ") {
		// Counted, named in the names appendix.
		if !strings.Contains(text, fmt.Sprintf("(%s đơn vị): %s.", vn.Count(len(gap)), nameList(gap))) {
			t.Errorf("%q: its units are not listed in the appendix", lead)
		}
		return
	}
	if !strings.HasPrefix(rest, nameList(gap)+")") {
		t.Errorf("%q is not followed by the names of its units", lead)
	}
}

func setOf(us []*aggregate.UnitResult) string { return nameList(us) }

func nameList(us []*aggregate.UnitResult) string {
	names := make([]string, len(us))
	for i, u := range us {
		names[i] = u.Unit.Name
	}
	return strings.Join(names, "; ")
}

// Flatten joins extracted text into one line with single spaces, without
// the lines that are only a page number.
func Flatten(s string) string {
	var keep []string
	for _, ln := range strings.Split(strings.ReplaceAll(s, "\f", "\n"), "\n") {
		ln = strings.TrimSpace(ln)
		if ln == "" || strings.Trim(ln, "0123456789") == "" {
			continue
		}
		keep = append(keep, ln)
	}
	return strings.Join(strings.Fields(strings.Join(keep, " ")), " ")
}

// CountedPrefix and CountedEnd are the report's framing of a list given
// as counts (report.CountedPrefix, report.CountedEnd; report's tests check
// they are equal: this package cannot import the one it tests).
const (
	CountedPrefix = "kể theo nhóm: "
	CountedEnd    = "; danh sách "
)

// checkCounted checks a list given as counts (CountedPrefix): the
// counts by group add up to n, each group and district is one of the
// campaign, and each district's counts add up to its group's.
func checkCounted(t *testing.T, where string, n int, text string, s *summary.Summary) {
	t.Helper()
	i := strings.LastIndex(text, CountedEnd)
	if i < 0 {
		t.Errorf("%s: a counted list without where its names are: %q", where, text)
		return
	}
	text = text[:i]
	groups, districts := map[string]bool{}, map[string]bool{}
	for _, g := range s.Groups {
		groups[g.Group.Name] = true
	}
	for _, d := range s.Districts {
		districts[d.District.Unit.Name] = true
	}
	// label N: the count is the last word.
	count := func(part string) (string, int) {
		i := strings.LastIndexByte(part, ' ')
		v, err := strconv.Atoi(strings.ReplaceAll(part[i+1:], ".", ""))
		if i < 0 || err != nil {
			t.Errorf("%s: no count in %q", where, part)
			return part, 0
		}
		return part[:i], v
	}
	total := 0
	for _, part := range strings.Split(text, "; ") {
		head, detail, _ := strings.Cut(part, ", trong đó ")
		name, v := count(head)
		if !groups[name] {
			t.Errorf("%s: %q is not a group of the campaign", where, name)
		}
		total += v
		if detail == "" {
			continue
		}
		sub := 0
		for _, d := range strings.Split(detail, ", thuộc ") {
			dn, dv := count(strings.TrimPrefix(d, "thuộc "))
			if !districts[dn] {
				t.Errorf("%s: %q is not a district of the campaign", where, dn)
			}
			sub += dv
		}
		if sub != v {
			t.Errorf("%s: %s counts %d units, its districts %d", where, name, v, sub)
		}
	}
	if total != n {
		t.Errorf("%s: %d units stated, %d counted by group: %q", where, n, total, text)
	}
}

// CheckNames checks every count followed by names in the flattened text:
// as many names as the count says, each a unit of the campaign, or counts
// by group and district (CountedPrefix) that add up. It returns how many
// counts it checked.
func CheckNames(t *testing.T, text string, s *summary.Summary) int {
	t.Helper()
	units := map[string]bool{}
	for _, u := range s.Units {
		units[u.Unit.Name] = true
	}
	checked := 0
	check := func(where, count, names string) {
		if strings.HasPrefix(names, "tên ") || strings.HasPrefix(names, "danh sách ") || strings.HasPrefix(names, "mục ") || strings.IndexAny(names, "0123456789") == 0 {
			return // a reference to names given before or listed in an appendix, or a rate
		}
		n, _ := strconv.Atoi(strings.ReplaceAll(count, ".", ""))
		if counted, ok := strings.CutPrefix(names, CountedPrefix); ok {
			checkCounted(t, where, n, counted, s)
			checked++
			return
		}
		list := strings.Split(names, "; ")
		if n != len(list) {
			t.Errorf("%s: %s units stated, %d named: %q", where, count, len(list), names)
		}
		for _, name := range list {
			if !units[name] {
				t.Errorf("%s: %q is not a unit of the campaign", where, name)
			}
		}
		checked++
	}
	for _, m := range countNames.FindAllStringSubmatch(text, -1) {
		check(m[0][:min(len(m[0]), 60)], m[1], m[3])
	}
	for _, m := range quoteNames.FindAllStringSubmatch(text, -1) {
		check(m[0][:min(len(m[0]), 60)], m[1], m[2])
	}
	for _, m := range listNames.FindAllStringSubmatch(text, -1) {
		check(m[0][:min(len(m[0]), 60)], m[1], m[2])
	}
	return checked
}
