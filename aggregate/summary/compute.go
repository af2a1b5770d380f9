package summary

import (
	"tonghop/aggregate"
	"tonghop/templates"
)

// Of computes the summary of a merge result.
func Of(res *aggregate.Result) *Summary {
	c := res.Campaign
	s := &Summary{Campaign: c, AsOf: res.AsOf, Date: aggregate.Day(res.AsOf),
		Files: res.Files, Issues: res.Issues, Texts: map[string][]TextAnswer{}}
	if c == nil {
		return s
	}
	s.BeforeDeadline = s.Date.Before(c.DataDeadline)
	s.units(res)
	s.groups(res)
	s.districts(res)
	s.lists(res)
	s.yesNos(res)
	s.ratios(res)
	s.textResults(c)
	s.important(res)
	s.Feedback = feedbacks(res)
	for _, w := range res.Written {
		s.Written = append(s.Written, Written{WrittenResult: w, Day: w.Submitted.Day()})
		if w.Required {
			s.WrittenOwed++
			if w.Report == nil {
				s.WrittenMissing = append(s.WrittenMissing, w.Unit)
			}
		}
	}
	return s
}

// units lists every unit with its day and issue counts, and sorts them
// into late, missing and invalid; it gathers the text answers.
func (s *Summary) units(res *aggregate.Result) {
	c := res.Campaign
	for _, ur := range res.Units {
		u := Unit{UnitResult: ur, Day: ur.Submitted.Day()}
		if ur.Report != nil {
			u.Errors, u.Warnings = CountIssues(ur.Report.Issues)
		}
		s.Units = append(s.Units, u)
		s.Province.add(c, ur)
		switch ur.Status {
		case aggregate.StatusLate:
			s.Late = append(s.Late, Late{UnitResult: ur, Day: u.Day,
				DaysLate: int(u.Day.Sub(c.DataDeadline).Hours()/24) + 1, Basis: ur.Submitted.Basis.Label()})
		case aggregate.StatusMissing, aggregate.StatusNotYetDue:
			s.Missing = append(s.Missing, ur)
		case aggregate.StatusInvalid, aggregate.StatusUnreadable:
			s.Invalid = append(s.Invalid, ur)
		}
		if !ur.Status.Counted() {
			continue
		}
		for _, ind := range c.IndicatorsFor(ur.Unit.Group) {
			if ind.Type != templates.TypeText {
				continue
			}
			if v, ok := ur.Report.Values.Get(ind.ID); ok && !v.Empty {
				s.Texts[ind.ID] = append(s.Texts[ind.ID], TextAnswer{Unit: ur, Text: v.Text})
			}
		}
	}
}

// groups tallies each group of the campaign.
func (s *Summary) groups(res *aggregate.Result) {
	c := res.Campaign
	for i := range c.Groups {
		g := &c.Groups[i]
		gr := GroupResult{Group: g}
		for _, ur := range res.Units {
			if ur.Unit.Group != g.Code {
				continue
			}
			gr.add(c, ur)
			gr.Units = append(gr.Units, ur)
			if ur.Status == aggregate.StatusMissing || ur.Status == aggregate.StatusNotYetDue {
				gr.Missing = append(gr.Missing, ur)
			}
		}
		s.Groups = append(s.Groups, gr)
	}
}

// districts rolls each district's communes up with it.
func (s *Summary) districts(res *aggregate.Result) {
	c := res.Campaign
	byCode := map[string]*aggregate.UnitResult{}
	for _, ur := range res.Units {
		byCode[ur.Unit.Code] = ur
	}
	for i := range c.Groups {
		sub := &c.Groups[i]
		if sub.ParentGroup == "" {
			continue
		}
		for _, u := range c.UnitsOf(sub.ParentGroup) {
			dr := DistrictResult{District: byCode[u.Code]}
			dr.add(c, dr.District)
			for _, ch := range c.Children(u.Code) {
				if ch.Group != sub.Code {
					continue
				}
				dr.Children = append(dr.Children, byCode[ch.Code])
				dr.add(c, byCode[ch.Code])
			}
			s.Districts = append(s.Districts, dr)
		}
	}
}

// lists finds the units on each non-compliance list, over counted reports.
func (s *Summary) lists(res *aggregate.Result) {
	c := res.Campaign
	for i := range c.Lists {
		l := &c.Lists[i]
		lr := ListResult{List: l, Indicators: listIndicators(c, l)}
		for _, ur := range res.Units {
			if !ur.Status.Counted() {
				continue
			}
			in, err := c.InList(l, ur.Report.Vals())
			if err == nil && in {
				lr.Units = append(lr.Units, ur)
			}
		}
		s.Lists = append(s.Lists, lr)
	}
}

// listIndicators are the indicators a list's condition reads, in campaign
// order.
func listIndicators(c *templates.Campaign, l *templates.List) []*templates.Indicator {
	names := map[string]bool{}
	for _, n := range l.Vars() {
		names[n] = true
	}
	var out []*templates.Indicator
	for i := range c.Indicators {
		if names[c.Indicators[i].ID] {
			out = append(out, &c.Indicators[i])
		}
	}
	return out
}

// important lists, most urgent first, the files that could not be used,
// then the errors that keep a unit's report out of the totals.
func (s *Summary) important(res *aggregate.Result) {
	for _, fo := range res.Files {
		if fo.Use == aggregate.UseRejected && fo.Report.State != aggregate.StateSkipped {
			s.Important = append(s.Important, Problem{File: fo.Report.File.Path, Reason: fo.Reason})
		}
	}
	for _, ur := range res.Units {
		if ur.Note != "" {
			// Sent a scan, or named by a file counted for another unit:
			// no rejected file says it.
			s.Important = append(s.Important, Problem{Unit: ur.Unit, Issue: aggregate.Issue{File: ur.Report.File.Path, Unit: ur.Unit.Code, Severity: templates.SeverityWarning, Msg: ur.Note}})
		}
		if ur.Status != aggregate.StatusInvalid {
			continue
		}
		for _, is := range ur.Report.Issues {
			if is.Severity == templates.SeverityError {
				s.Important = append(s.Important, Problem{Unit: ur.Unit, Issue: is})
			}
		}
	}
}

// feedbacks returns, in registry order, the units to write back to: every
// unit whose report has errors or warnings, and every unit whose file was
// rejected (when the unit could be told from the file) and that has no
// report in use.
func feedbacks(res *aggregate.Result) []Feedback {
	rejected := map[string]aggregate.FileOutcome{}
	reason := map[*aggregate.Report]string{}
	// A file whose identity says one unit and whose name another, kept
	// from replacing the first's report: both units are told.
	conflict := map[string]aggregate.FileOutcome{}
	for _, fo := range res.Files {
		reason[fo.Report] = fo.Reason
		if r := fo.Report; fo.Use == aggregate.UseSuperseded && r.Conflict != nil && r.Unit != nil {
			for _, code := range []string{r.Unit.Code, r.Conflict.Code} {
				if _, ok := conflict[code]; !ok {
					conflict[code] = fo
				}
			}
		}
		if fo.Use == aggregate.UseRejected && fo.Report.Unit != nil && fo.Report.State != aggregate.StateSkipped {
			if _, ok := rejected[fo.Report.Unit.Code]; !ok {
				rejected[fo.Report.Unit.Code] = fo
			}
		}
	}
	var out []Feedback
	for _, ur := range res.Units {
		var fb Feedback
		switch {
		case ur.Status == aggregate.StatusUnreadable:
			why := reason[ur.Report]
			if ur.Elsewhere != nil {
				why = ur.Note // another unit's file, said for this unit
			} else if fo, ok := conflict[ur.Unit.Code]; ok {
				why = fo.Reason
			} else if ur.Note != "" {
				why = ur.Note // a scan, or a file counted for another unit
			}
			fb = Feedback{Unit: ur.Unit, Report: ur.Report, Rejected: true, Reason: why, Status: ur.Status, Elsewhere: ur.Elsewhere}
		case ur.Report != nil && len(ur.Report.Issues) > 0:
			fb = Feedback{Unit: ur.Unit, Report: ur.Report, Status: ur.Status}
		case conflict[ur.Unit.Code].Report != nil:
			fo := conflict[ur.Unit.Code]
			fb = Feedback{Unit: ur.Unit, Report: fo.Report, Rejected: true, Reason: fo.Reason, Status: ur.Status}
		case ur.Report == nil:
			fo, ok := rejected[ur.Unit.Code]
			if !ok {
				continue
			}
			fb = Feedback{Unit: ur.Unit, Report: fo.Report, Rejected: true, Reason: fo.Reason, Status: ur.Status}
		default:
			continue
		}
		for _, is := range fb.Report.Issues {
			if is.Severity == templates.SeverityError {
				fb.Errors = append(fb.Errors, is)
			} else {
				fb.Warnings = append(fb.Warnings, is)
			}
		}
		if !fb.Report.File.Saved.IsZero() {
			fb.Saved = aggregate.SavedLabel(fb.Report)
		}
		out = append(out, fb)
	}
	return out
}

// CountIssues counts errors and warnings.
func CountIssues(is aggregate.Issues) (errors, warnings int) {
	for _, i := range is {
		if i.Severity == templates.SeverityError {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// add counts one unit into the tally.
func (s *Tally) add(c *templates.Campaign, ur *aggregate.UnitResult) {
	if ur == nil {
		return
	}
	s.Expected++
	if ur.Report != nil {
		s.Received++
	}
	switch ur.Status {
	case aggregate.StatusOnTime:
		s.OnTime++
	case aggregate.StatusLate:
		s.Late++
	case aggregate.StatusInvalid, aggregate.StatusUnreadable:
		// A unit that sent only an unreadable file has a status of its
		// own, and is counted with the reports that have errors: sent,
		// but not in the totals.
		s.Invalid++
	case aggregate.StatusMissing, aggregate.StatusNotYetDue:
		s.Missing++
	}
	if !ur.Status.Counted() {
		return
	}
	s.Valid++
	if s.Totals == nil {
		s.Totals = map[string]Total{}
	}
	var vals templates.Values // evaluated once, for the first scope
	for id, v := range ur.Report.Values.All() {
		if v.Empty {
			continue
		}
		ind := c.Indicator(id)
		if ind == nil {
			continue
		}
		if ind.Scope != "" {
			if vals == nil {
				vals = ur.Report.Vals()
			}
			if sc, _ := c.InScope(ind, vals); sc != templates.InScope {
				continue
			}
		}
		t := s.Totals[id]
		t.Answered++
		switch {
		case v.Type == templates.TypeYesNo:
			if v.Bool {
				t.Yes++
			}
		case v.Type.Numeric():
			t.Sum += v.Num
			if ind.Method() == templates.TotalWeighted {
				if w, ok := ur.Report.Values.Get(ind.Weight); ok && !w.Empty {
					t.Weight += w.Num
					t.Weighted += v.Num * w.Num
				}
			}
		}
		s.Totals[id] = t
	}
}
