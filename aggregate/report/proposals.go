package report

import (
	"fmt"
	"strings"

	"tonghop/aggregate/summary"
	"tonghop/templates"
	"tonghop/templates/vn"
)

// Drafting limits of the proposals part.
const (
	// maxShortfalls is the most low rates the proposals name.
	maxShortfalls = 3
	// maxProposals is the most groups of the units' proposals taken up.
	maxProposals = 5
)

// partProposals is the Department's proposals to the addressee: the
// officer's conclusion file (--ket-luan) when given; else drafted from the
// summary, each item only when the figures call for it: the contents done
// least (worded by whether the campaign's period is still running on the
// report's date), the units that still owe a report, the proposals the
// units made, grouped; then the campaign's own proposal text, if any.
func (b *builder) partProposals() {
	b.part("ĐỀ XUẤT, KIẾN NGHỊ")
	if text := cleanText(b.opts.Conclusion); text != "" {
		for _, p := range strings.Split(text, "\n") {
			if p = strings.TrimSpace(p); p != "" {
				b.add(para(run(p)))
			}
		}
	} else {
		b.draftProposals()
	}
	b.add(para(run("Trên đây là báo cáo " + vn.LowerFirst(b.c.Subject) + "./.")))
}

// draftProposals writes the drafted items.
func (b *builder) draftProposals() {
	var items []string
	if s := b.shortfallItem(); s != "" {
		items = append(items, s)
	}
	if s := b.reportingItem(); s != "" {
		items = append(items, s)
	}
	if s := b.unitProposalsItem(); s != "" {
		items = append(items, s)
	}
	if s := cleanText(b.c.Proposals); s != "" {
		items = append(items, strings.Split(s, "\n")...)
	}
	if len(items) == 0 {
		b.add(para(run("Không có đề xuất, kiến nghị.")))
		return
	}
	b.add(para(run("Từ kết quả trên, kính đề nghị " + Addressee(b.c) + ":")))
	for i, it := range items {
		it = strings.TrimRight(strings.TrimSpace(it), ".;")
		end := ";"
		if i == len(items)-1 {
			end = "."
		}
		b.add(para(run(fmt.Sprintf("%d. %s%s", i+1, vn.Capitalize(it), end))))
	}
}

// shortfallItem asks that the contents not done in full be done, naming
// the lowest rates and the campaign's lists; while the campaign's period
// runs, within it, afterwards as a lesson for the next time.
func (b *builder) shortfallItem() string {
	low := b.s.Shortfalls(maxShortfalls)
	lists := 0
	for _, lr := range b.s.Lists {
		lists += len(lr.Units)
	}
	if len(low) == 0 && lists == 0 {
		return ""
	}
	s := "chỉ đạo các cơ quan, đơn vị, địa phương chưa thực hiện đầy đủ các nội dung theo đề nghị "
	if lists > 0 {
		s += "(mục III) "
	}
	if end := b.c.PeriodEnd; !end.IsZero() && !b.s.Date.After(end) {
		s += fmt.Sprintf("khẩn trương thực hiện trong thời gian còn lại của đợt (đến ngày %s)", vn.Date(end))
	} else {
		s += "rút kinh nghiệm, thực hiện đầy đủ trong thời gian tới"
	}
	if len(low) > 0 {
		var rates []string
		for _, f := range low {
			rates = append(rates, b.shortfallText(f))
		}
		s += "; các nội dung có tỷ lệ thực hiện thấp nhất: " + strings.Join(rates, "; ")
	}
	return s
}

// shortfallText is one low rate: "đã đặt banner liên kết …: 89/114 đơn
// vị (78,1 %)", "tỷ lệ cán bộ … thay khung ảnh: 79,7 %".
func (b *builder) shortfallText(f summary.Shortfall) string {
	if f.Indicator != nil {
		return fmt.Sprintf("%s: %s/%s đơn vị (%s)", vn.LowerFirst(f.Indicator.Label), vn.Int(int(f.Part)), vn.Int(int(f.Whole)), vn.Percent(f.Part, f.Whole))
	}
	return vn.LowerFirst(ratioLabel(f.Ratio)) + ": " + vn.Percent(f.Part, f.Whole)
}

// reportingItem asks the units that have not reported, whose report must
// be corrected, or that owe a written report (as far as the records
// received show) to send it.
func (b *builder) reportingItem() string {
	var who []string
	if n := len(b.s.Missing); n > 0 {
		who = append(who, fmt.Sprintf("%s cơ quan, đơn vị, địa phương chưa báo cáo", vn.Count(n)))
	}
	if n := len(b.s.Invalid); n > 0 {
		who = append(who, fmt.Sprintf("%s đơn vị có báo cáo chưa hợp lệ", vn.Count(n)))
	}
	var parts []string
	if len(who) > 0 {
		s := "chỉ đạo " + strings.Join(who, " và ") + " (mục " + b.missingPart + ") "
		if b.s.BeforeDeadline {
			s += fmt.Sprintf("gửi, hoàn thiện báo cáo trước ngày %s", vn.Date(b.c.DataDeadline))
		} else {
			s += "khẩn trương gửi, hoàn thiện báo cáo"
		}
		parts = append(parts, s)
	}
	if n := len(b.s.WrittenMissing); n > 0 {
		s := fmt.Sprintf("%s đơn vị chưa có báo cáo bằng văn bản theo hồ sơ nhận được gửi báo cáo bằng văn bản", vn.Count(n))
		if d := b.c.WrittenDeadline; !d.IsZero() && b.s.Date.Before(d) {
			s += fmt.Sprintf(" trước ngày %s", vn.Date(d))
		}
		if len(parts) == 0 {
			s = "chỉ đạo " + s
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// unitProposalsItem takes up the proposals the units made, the groups of
// like answers largest first, each with how many units made it.
func (b *builder) unitProposalsItem() string {
	var said []string
	single := 0
	var where []string
	for _, tr := range b.s.Proposals() {
		for _, g := range tr.Groups {
			if len(g.Answers) == 1 {
				single++
				continue
			}
			if len(said) < maxProposals {
				said = append(said, fmt.Sprintf("%s (%s đơn vị)", proposalText(g.Representative), vn.Count(len(g.Answers))))
			}
		}
		if at := b.opinionItem[tr.Indicator.ID]; at != "" && len(tr.Groups) > 0 {
			where = append(where, at)
		}
	}
	if len(said) == 0 && single == 0 {
		return ""
	}
	s := "xem xét, chỉ đạo các cơ quan liên quan giải quyết các đề xuất, kiến nghị của các cơ quan, đơn vị, địa phương"
	if len(where) > 0 {
		s += " (" + strings.Join(where, ", ") + ")"
	}
	if len(said) > 0 {
		s += ": " + strings.Join(said, "; ")
		if single > 0 {
			s += fmt.Sprintf("; và %s đề xuất riêng của từng đơn vị", vn.Count(single))
		}
	} else {
		s += fmt.Sprintf(": %s đề xuất riêng của từng đơn vị", vn.Count(single))
	}
	return s
}

// proposalLeads open a proposal the Department can take up in its own
// words: "Đề nghị cung cấp …" becomes "cung cấp …".
var proposalLeads = []string{"đề nghị", "kiến nghị", "đề xuất"}

// proposalText is a group's representative answer as the proposals part
// cites it: in the Department's words when it opens with "Đề nghị" and the
// like, else quoted.
func proposalText(s string) string {
	s = templates.NFC(quote(s))
	low := strings.ToLower(s)
	for _, w := range proposalLeads {
		if rest, ok := strings.CutPrefix(low, w+" "); ok && rest != "" {
			return strings.TrimLeft(s[len(s)-len(rest):], " :")
		}
	}
	return "“" + s + "”"
}
