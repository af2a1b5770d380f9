package summary

import (
	"tonghop/aggregate"
	"tonghop/aggregate/similar"
	"tonghop/templates"
)

// TextGroup is a group of similar answers to a text indicator.
type TextGroup struct {
	// Representative is the answer closest to the group's centre.
	Representative string
	Keywords       []string
	Answers        []TextAnswer // registry order
}

// TextResult is a text indicator's answers grouped by similarity: the
// groups (largest first) and the answers that say nothing ("Không",
// "không có"). Every answer is in exactly one group or in Blank.
type TextResult struct {
	Indicator *templates.Indicator
	Groups    []TextGroup
	Blank     []TextAnswer
	// GroupOf gives, per unit code, the index of its answer's group, -1
	// for a blank answer.
	GroupOf map[string]int
}

// Answered is how many counted reports answered.
func (t *TextResult) Answered() int {
	n := len(t.Blank)
	for _, g := range t.Groups {
		n += len(g.Answers)
	}
	return n
}

// textResults groups the answers of every text indicator, in campaign
// order, with generic lexical similarity (package similar).
func (s *Summary) textResults(c *templates.Campaign) {
	for i := range c.Indicators {
		ind := &c.Indicators[i]
		if ind.Type != templates.TypeText {
			continue
		}
		answers := s.Texts[ind.ID]
		texts := make([]string, len(answers))
		for j, a := range answers {
			texts[j] = a.Text
		}
		tr := TextResult{Indicator: ind, GroupOf: map[string]int{}}
		for _, j := range similar.Blanks(texts) {
			tr.Blank = append(tr.Blank, answers[j])
			tr.GroupOf[answers[j].Unit.Unit.Code] = -1
		}
		for k, cl := range similar.Group(texts, similar.Options{}) {
			g := TextGroup{Representative: texts[cl.Representative], Keywords: cl.Keywords}
			for _, m := range cl.Members {
				g.Answers = append(g.Answers, answers[m])
				tr.GroupOf[answers[m].Unit.Unit.Code] = k
			}
			tr.Groups = append(tr.Groups, g)
		}
		s.TextResults = append(s.TextResults, tr)
	}
}

// answerUnits are the units of some answers.
func answerUnits(as []TextAnswer) []*aggregate.UnitResult {
	out := make([]*aggregate.UnitResult, len(as))
	for i, a := range as {
		out[i] = a.Unit
	}
	return out
}

// Units are the units of the group's answers, registry order.
func (g *TextGroup) Units() []*aggregate.UnitResult { return answerUnits(g.Answers) }
