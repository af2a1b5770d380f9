package aggregate

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"tonghop/templates"
	"tonghop/templates/vn"
)

// Validation: every value against its indicator (type was checked while
// reading; here bounds, required, required-when), then every campaign rule,
// then — across reports — outliers within a group. Every issue names the
// values it is about.

// validate checks a read report against the campaign. bad holds the
// indicators whose cell could not be read: an error was reported already,
// so they are neither "missing" nor checked again.
func validate(c *templates.Campaign, r *Report, bad map[string]bool) {
	if r.State != StateIdentified {
		return
	}
	vals := r.Vals()
	add := func(sev templates.Severity, v Value, ind, msg string) *Issue {
		r.Issues = append(r.Issues, Issue{File: r.File.Path, Sheet: v.Sheet, Cell: v.Cell, Unit: r.Unit.Code, Indicator: ind, Severity: sev, Msg: msg})
		return &r.Issues[len(r.Issues)-1]
	}
	inds := c.IndicatorsFor(r.Unit.Group)
	if blank(r, inds, bad) {
		r.Issues = append(r.Issues, Issue{File: r.File.Path, Unit: r.Unit.Code, Severity: templates.SeverityError,
			Msg: fmt.Sprintf("biểu mẫu chưa được điền: cả %d chỉ tiêu đều trống — có thể đơn vị gửi nhầm biểu mẫu trống; đề nghị gửi lại bản đã điền", len(inds))})
		return
	}
	for _, ind := range inds {
		v, ok := r.Values.Get(ind.ID)
		if !ok || bad[ind.ID] {
			continue
		}
		if v.Empty {
			req, err := c.RequiredNow(ind, vals)
			switch {
			case err != nil:
				add(templates.SeverityError, v, ind.ID, fmt.Sprintf("không kiểm tra được điều kiện bắt buộc của %s: %v", ind.ID, err))
			case req && ind.Required:
				add(templates.SeverityError, v, ind.ID, fmt.Sprintf("chưa nhập %s (%s): chỉ tiêu bắt buộc", ind.ID, ind.Label))
			case req:
				add(templates.SeverityError, v, ind.ID, fmt.Sprintf("chưa nhập %s (%s): bắt buộc khi %s", ind.ID, ind.Label, describe(ind.RequiredWhen, ind.RequiredWhenVars(), vals)))
			}
			continue
		}
		if msg := checkBounds(ind, v); msg != "" {
			add(templates.SeverityError, v, ind.ID, msg)
		}
	}
	for i := range c.Rules {
		rule := &c.Rules[i]
		holds, applies, err := c.Check(rule, vals)
		at := ruleAnchor(c, rule, r)
		switch {
		case err != nil:
			add(templates.SeverityError, at.Value, at.id, fmt.Sprintf("không kiểm tra được quy tắc %s: %v", rule.ID, err)).Rule = rule.ID
		case applies && !holds:
			add(rule.Severity, at.Value, at.id, c.Format(rule, vals)).Rule = rule.ID
		}
	}
}

// blank reports whether every indicator of the form was read and is empty:
// a template sent back unfilled, one error rather than one per indicator.
func blank(r *Report, inds []*templates.Indicator, bad map[string]bool) bool {
	for _, ind := range inds {
		if v, ok := r.Values.Get(ind.ID); !ok || bad[ind.ID] || !v.Empty {
			return false
		}
	}
	return len(inds) > 0
}

// checkBounds checks a filled value against its indicator's bounds; "" when
// within.
func checkBounds(ind *templates.Indicator, v Value) string {
	switch {
	case ind.Type.Numeric():
		if ind.Min != nil && v.Num < *ind.Min {
			if *ind.Min == 0 {
				return fmt.Sprintf("%s = %s là số âm: số liệu không thể nhỏ hơn 0", ind.ID, vn.Number(v.Num))
			}
			return fmt.Sprintf("%s = %s nhỏ hơn mức tối thiểu %s", ind.ID, vn.Number(v.Num), vn.Number(*ind.Min))
		}
		if ind.Max != nil && v.Num > *ind.Max {
			return fmt.Sprintf("%s = %s lớn hơn mức tối đa %s", ind.ID, vn.Number(v.Num), vn.Number(*ind.Max))
		}
	case ind.Type == templates.TypeDate:
		span := ": yêu cầu " + ind.Accepts()
		if ind.MinDate != nil && v.Date.Before(*ind.MinDate) {
			return fmt.Sprintf("%s = %s trước ngày %s%s", ind.ID, vn.Date(v.Date), vn.Date(*ind.MinDate), span)
		}
		if ind.MaxDate != nil && v.Date.After(*ind.MaxDate) {
			return fmt.Sprintf("%s = %s sau ngày %s%s", ind.ID, vn.Date(v.Date), vn.Date(*ind.MaxDate), span)
		}
	case ind.Type == templates.TypeText:
		if ind.Max != nil && *ind.Max > 0 {
			if n := utf8.RuneCountInString(v.Text); float64(n) > *ind.Max {
				return fmt.Sprintf("%s dài %d ký tự, quá %s ký tự cho phép: rút gọn nội dung", ind.ID, n, vn.Number(*ind.Max))
			}
		}
	}
	return ""
}

// describe writes a condition with the values it read: "A2 = Có", or
// "D2 > 0 (D2 = 12)". names are the names the condition reads, in order.
func describe(src string, names []string, vals templates.Values) string {
	var parts []string
	for _, n := range names {
		if v, ok := vals[n]; ok {
			parts = append(parts, n+" = "+templates.FormatValue(v))
		}
	}
	if len(parts) == 1 && strings.TrimSpace(src) == names[0] {
		return parts[0]
	}
	if len(parts) == 0 {
		return src
	}
	return fmt.Sprintf("%s (%s)", src, strings.Join(parts, ", "))
}

// anchor is where an issue about a rule points: the first value its Must
// expression reads (C2 in "C2 <= C1"), else the first of its When.
type anchor struct {
	Value
	id string
}

func ruleAnchor(c *templates.Campaign, rule *templates.Rule, r *Report) anchor {
	for _, names := range [][]string{rule.MustVars(), rule.WhenVars()} {
		for _, n := range names {
			if n == templates.VarReportDate && r.Reporter.DateCell != "" {
				return anchor{Value: Value{Sheet: r.Reporter.DateSheet, Cell: r.Reporter.DateCell}}
			}
			if v, ok := r.Values.Get(n); ok {
				return anchor{Value: Value{Sheet: v.Sheet, Cell: v.Cell}, id: n}
			}
		}
	}
	return anchor{}
}

// Outliers. A figure is flagged as far above the others of its group when
// at least outlierMinValues reports of the group give a value, the figure is
// more than outlierFactor times the group's median and at least
// outlierFloor. The floor keeps small counts quiet (3 news items where the
// others wrote 0); the median is not moved by the outlier itself.
const (
	outlierMinValues = 5
	outlierFactor    = 10
	outlierFloor     = 50
)

// crossCheckGroups adds the warnings that need all reports: a figure far above the
// others of its group (see outlierFactor), likely a typo such as an extra
// zero. Rejected reports and reports without a unit are left out. Pass each
// unit's report once (not superseded copies): the median is over the
// reports given. Calling it again adds nothing new.
func crossCheckGroups(c *templates.Campaign, reports []*Report) {
	type entry struct {
		r *Report
		v Value
	}
	byGroup := map[string][]*Report{}
	var groups []string
	for _, r := range reports {
		if r == nil || r.State != StateIdentified {
			continue
		}
		g := r.Unit.Group
		if _, ok := byGroup[g]; !ok {
			groups = append(groups, g)
		}
		byGroup[g] = append(byGroup[g], r)
	}
	sort.Strings(groups)
	touched := map[*Report]bool{}
	for _, g := range groups {
		for _, ind := range c.IndicatorsFor(g) {
			if !ind.Type.Numeric() || ind.Type == templates.TypePercent {
				continue // a rate is not typed with an extra zero
			}
			var es []entry
			var nums []float64
			for _, r := range byGroup[g] {
				if v, ok := r.Values.Get(ind.ID); ok && !v.Empty {
					es = append(es, entry{r, v})
					nums = append(nums, v.Num)
				}
			}
			if len(nums) < outlierMinValues {
				continue
			}
			med := median(nums)
			for _, e := range es {
				if e.v.Num < outlierFloor || e.v.Num <= outlierFactor*med {
					continue
				}
				var msg string
				if med > 0 {
					msg = fmt.Sprintf("%s = %s cao bất thường: gấp %s lần trung vị %s của %d đơn vị nhóm %s — kiểm tra có gõ thừa chữ số không",
						ind.ID, vn.Number(e.v.Num), vn.Number(math.Round(e.v.Num/med)), vn.Number(med), len(nums), g)
				} else {
					msg = fmt.Sprintf("%s = %s cao bất thường: trung vị của %d đơn vị nhóm %s là 0 — kiểm tra lại số liệu",
						ind.ID, vn.Number(e.v.Num), len(nums), g)
				}
				is := Issue{File: e.r.File.Path, Sheet: e.v.Sheet, Cell: e.v.Cell, Unit: e.r.Unit.Code, Indicator: ind.ID, Severity: templates.SeverityWarning, Msg: msg}
				if !containsIssue(e.r.Issues, is) {
					e.r.Issues = append(e.r.Issues, is)
					touched[e.r] = true
				}
			}
		}
	}
	for r := range touched {
		r.Issues.Sort()
	}
}

func containsIssue(is Issues, x Issue) bool {
	for _, i := range is {
		if i == x {
			return true
		}
	}
	return false
}

// median returns the median of xs (which it sorts).
func median(xs []float64) float64 {
	sort.Float64s(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}
