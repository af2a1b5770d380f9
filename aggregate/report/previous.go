package report

import (
	"fmt"
	"math"
	"strings"

	"tonghop/aggregate/summary"
	"tonghop/templates"
	"tonghop/templates/vn"
)

// maxPreviousNamed is how many indicators the sentence comparing with the
// previous period names; the summary sheet has them all.
const maxPreviousNamed = 5

// previousSentences compares the main indicators (numeric, with a total)
// with the previous period, and says which units were added or removed:
// "So với kỳ trước, số tin, bài tăng 120 tin, bài (từ 1.000 lên 1.120); …".
// "" without merge --ky-truoc.
func (b *builder) previousSentences() string {
	p := b.s.Previous
	if p == nil {
		return ""
	}
	var parts []string
	more := 0
	for _, ch := range p.Changes {
		if ch.Indicator.Type == templates.TypeYesNo {
			continue
		}
		if len(parts) == maxPreviousNamed {
			more++
			continue
		}
		parts = append(parts, changeWords(ch))
	}
	var out string
	if len(parts) > 0 {
		out = "So với kỳ trước, " + strings.Join(parts, "; ")
		if more > 0 {
			out += fmt.Sprintf("; %s chỉ tiêu khác xem cột “So với kỳ trước” của bảng tổng hợp", vn.Int(more))
		}
		out += "."
	}
	if len(p.Added) > 0 || len(p.Removed) > 0 {
		var us []string
		if len(p.Added) > 0 {
			us = append(us, fmt.Sprintf("có thêm %s đơn vị chưa có ở kỳ trước", vn.Int(len(p.Added))))
		}
		if len(p.Removed) > 0 {
			us = append(us, fmt.Sprintf("không còn %s đơn vị của kỳ trước", vn.Int(len(p.Removed))))
		}
		if out != "" {
			out += " "
		}
		out += "Kỳ này " + strings.Join(us, " và ") + "; số liệu mỗi kỳ tính trên các đơn vị của kỳ đó."
	}
	return out
}

// changeWords says one indicator's change: "số tin, bài tăng 120 tin, bài
// (từ 1.000 lên 1.120, tăng 12,0 %)"; a percentage changes by percentage
// points.
func changeWords(ch summary.Change) string {
	ind := ch.Indicator
	label := vn.LowerFirst(ind.Label)
	percent := ind.IsPercent()
	num := func(v float64) string {
		if percent {
			return vn.Pct(v)
		}
		return vn.Round(v, 2)
	}
	d := ch.Delta()
	if math.Abs(d) < 0.005 {
		return fmt.Sprintf("%s không đổi (%s)", label, withUnit(num(ch.Now), ind, percent))
	}
	verb, dir := "tăng", "lên"
	if d < 0 {
		verb, dir = "giảm", "xuống"
	}
	by := vn.Round(math.Abs(d), 2)
	switch {
	case percent:
		by = points(math.Abs(d)) + " điểm phần trăm"
	case ind.Unit != "":
		by += " " + ind.Unit
	}
	s := fmt.Sprintf("%s %s %s (từ %s %s %s", label, verb, by, num(ch.Before), dir, num(ch.Now))
	if ch.Before != 0 && !percent {
		s += fmt.Sprintf(", %s %s", verb, vn.Percent(math.Abs(d), math.Abs(ch.Before)))
	}
	return s + ")"
}

// points writes a difference of percentages as every percentage is
// written (one decimal), without the sign.
func points(d float64) string {
	return strings.TrimSuffix(strings.TrimSuffix(vn.Pct(d), "%"), "\u00a0")
}

// withUnit adds an indicator's unit to a figure, unless it is a percentage.
func withUnit(s string, ind *templates.Indicator, percent bool) string {
	if percent || ind.Unit == "" {
		return s
	}
	return s + " " + ind.Unit
}
