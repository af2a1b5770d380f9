package report

import (
	"fmt"
	"regexp"
	"strings"

	"tonghop/aggregate/document"
	"tonghop/aggregate/summary"
	"tonghop/templates"
	"tonghop/templates/vn"
)

// Summed reports whether an indicator has a total in the report: a count
// of Có, a sum or an average, as the campaign's total method says.
func Summed(ind *templates.Indicator) bool {
	return (ind.Type == templates.TypeYesNo || ind.Type.Numeric()) && ind.Method() != templates.TotalNone
}

// formSection is the totalled indicators of one section of the form.
type formSection struct {
	code, title string
	inds        []*templates.Indicator
}

// sections returns the sections of the form that have totalled indicators,
// in form order.
func sections(c *templates.Campaign) []formSection {
	var out []formSection
	for i := range c.Indicators {
		ind := &c.Indicators[i]
		if !Summed(ind) {
			continue
		}
		if n := len(out); n == 0 || out[n-1].code != ind.Section {
			out = append(out, formSection{code: ind.Section, title: ind.SectionTitle})
		}
		out[len(out)-1].inds = append(out[len(out)-1].inds, ind)
	}
	return out
}

// yesNo returns the summary's conditional figure of a yes/no indicator.
func (b *builder) yesNo(id string) *summary.YesNo {
	for i := range b.s.YesNo {
		if b.s.YesNo[i].Indicator.ID == id {
			return &b.s.YesNo[i]
		}
	}
	return nil
}

// ratiosOf are the campaign's ratio pairs whose numerator is in the
// section.
func (b *builder) ratiosOf(sec formSection) []*summary.RatioResult {
	var out []*summary.RatioResult
	for i := range b.s.Ratios {
		r := &b.s.Ratios[i]
		for _, ind := range sec.inds {
			if ind.ID == r.Ratio.Numerator {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// figure writes a total the way the report reads it: "1.234 tin, bài",
// "85,2 %"; "–" when its method makes none (an average of nothing).
func figure(ind *templates.Indicator, t summary.Total, withUnit bool) string {
	v, ok := t.Figure(ind)
	if !ok {
		return "–"
	}
	switch {
	case ind.IsPercent():
		return vn.Pct(v)
	case withUnit && ind.Unit != "":
		return vn.Round(v, 2) + " " + ind.Unit
	}
	return vn.Round(v, 2)
}

// figureBasis says, after a total, how it was made when it is not a plain
// sum: " (trung bình của 57 đơn vị)", " (bình quân theo “Số hộ”, …)";
// and, for money in billions, the amount as said aloud, " (khoảng 2,73 tỷ
// đồng)".
func (b *builder) figureBasis(ind *templates.Indicator, t summary.Total) string {
	switch ind.Method() {
	case templates.TotalAverage:
		return fmt.Sprintf(" (trung bình của %s đơn vị báo cáo)", vn.Int(t.Answered))
	case templates.TotalWeighted:
		w := ind.Weight
		if wi := b.c.Indicator(w); wi != nil {
			w = "“" + wi.ShortLabel() + "”"
		}
		return fmt.Sprintf(" (bình quân gia quyền theo %s, %s đơn vị báo cáo)", w, vn.Int(t.Answered))
	}
	if v, ok := t.Figure(ind); ok && ind.Type == templates.TypeMoney && v >= 1e9 {
		return fmt.Sprintf(" (khoảng %s tỷ đồng)", vn.Round(v/1e9, 2))
	}
	return ""
}

// pct writes a rate as a percentage, "93,8 %"; "–" without a denominator.
func pct(part, whole float64) string {
	if whole == 0 {
		return "–"
	}
	return vn.Percent(part, whole)
}

// partResults is part II: every total of the province, the yes/no figures
// on the units in their scope with the units behind each gap, the ratio
// pairs; the figures by group and by unit are in the appendices.
func (b *builder) partResults() {
	p := b.s.Province
	b.part("KẾT QUẢ THỰC HIỆN")
	intro := fmt.Sprintf("Số liệu dưới đây tổng hợp từ %s báo cáo hợp lệ (đúng hạn và muộn); tỷ lệ của mỗi nội dung tính trên số cơ quan, đơn vị thuộc diện thực hiện nội dung đó.", vn.Int(p.Valid))
	if n := len(b.parts()); n == 1 {
		intro += " Số liệu chi tiết theo từng nhóm và từng cơ quan, đơn vị tại Phụ lục I kèm theo."
	} else if n > 1 {
		intro += fmt.Sprintf(" Số liệu chi tiết theo từng nhóm và từng cơ quan, đơn vị tại các Phụ lục từ I đến %s kèm theo.", Roman(n))
	}
	b.add(para(run(intro)))
	if s := b.previousSentences(); s != "" {
		b.add(para(run(s)))
	}
	for i, sec := range sections(b.c) {
		b.add(heading(fmt.Sprintf("%d. %s", i+1, sec.title)))
		ratios := b.ratiosOf(sec)
		for j, ind := range sec.inds {
			end := ";"
			if j == len(sec.inds)-1 && len(ratios) == 0 {
				end = "."
			}
			if ind.Type == templates.TypeYesNo {
				b.add(b.yesNoPara(ind, end, fmt.Sprintf("mục II.%d", i+1)))
				continue
			}
			b.add(para(run("- "+ind.Label+": "), bold(figure(ind, p.Totals[ind.ID], true)), run(b.figureBasis(ind, p.Totals[ind.ID])+end)))
		}
		for j, r := range ratios {
			end := ";"
			if j == len(ratios)-1 {
				end = "."
			}
			b.add(para(run("- "+ratioLabel(r.Ratio)+": "), bold(pct(r.Num, r.Den)),
				run(fmt.Sprintf(" (%s/%s, trên %s đơn vị báo cáo đủ hai số liệu)%s", vn.Round(r.Num, 2), vn.Round(r.Den, 2), vn.Int(r.Units), end))))
		}
	}
}

// ratioLabel is a ratio's label, "Tỷ lệ …" when the campaign gives none.
func ratioLabel(r *templates.Ratio) string {
	if strings.TrimSpace(r.Label) != "" {
		return r.Label
	}
	return fmt.Sprintf("Tỷ lệ %s/%s", r.Numerator, r.Denominator)
}

// yesNoPara is one yes/no indicator's sentence: Có over the units it
// concerns, with the rate, then the units that have not done it and those
// it does not concern, named while they are few.
func (b *builder) yesNoPara(ind *templates.Indicator, end, here string) document.Paragraph {
	y := b.yesNo(ind.ID)
	r := y.Rate()
	runs := []document.Run{run("- " + ind.Label + ": "),
		bold(fmt.Sprintf("%s/%s đơn vị (%s)", vn.Int(r.Part), vn.Int(r.Whole), pct(float64(r.Part), float64(r.Whole))))}
	var tail []string
	if y.Condition != "" {
		holds, fails := b.condText(y.Condition)
		tail = append(tail, fmt.Sprintf(", trong số %s đơn vị %s", vn.Int(r.Whole), holds))
		if n := len(y.Gap); n > 0 {
			tail = append(tail, fmt.Sprintf("; %s đơn vị chưa thực hiện %s", vn.Count(n), b.names("Chưa thực hiện: "+ind.Label, y.Gap, here)))
		}
		if n := len(y.Outside); n > 0 {
			tail = append(tail, fmt.Sprintf("; %s đơn vị không thuộc diện vì %s %s", vn.Count(n), fails, b.names("Không thuộc diện: "+ind.Label, y.Outside, here)))
		}
		if n := len(y.Unknown); n > 0 {
			tail = append(tail, fmt.Sprintf("; %s đơn vị thiếu số liệu để xét %s", vn.Count(n), b.names("Thiếu số liệu để xét: "+ind.Label, y.Unknown, here)))
		}
	} else {
		if n := len(y.Gap); n > 0 {
			tail = append(tail, fmt.Sprintf("; %s đơn vị trả lời Không %s", vn.Count(n), b.names("Trả lời Không: "+ind.Label, y.Gap, here)))
		}
		if n := len(y.Unknown); n > 0 {
			tail = append(tail, fmt.Sprintf("; %s đơn vị không trả lời %s", vn.Count(n), b.names("Không trả lời: "+ind.Label, y.Unknown, here)))
		}
	}
	runs = append(runs, run(strings.Join(tail, "")+end))
	return para(runs...)
}

// condAtom is one comparison of a scope: an indicator, maybe negated, or
// an indicator compared with a number.
var condAtom = regexp.MustCompile(`^\s*(!?)\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:(==|!=|>=|<=|>|<)\s*(-?[0-9]+(?:[.,][0-9]+)?))?\s*$`)

// condText writes a scope in words, as it holds and as it fails, the way
// a state document says who a content concerns: "có trang/cổng thông
// tin điện tử" and "không có trang/cổng thông tin điện tử" for a yes/no
// "Đơn vị có …"; "có trang, tài khoản mạng xã hội do đơn vị quản lý" for
// a count above zero; a comparison with another number in words
// ("có … từ 5 trở lên"); parts joined by "và", "hoặc". A scope the words
// cannot say (parentheses, arithmetic) is said as "thuộc diện theo quy
// định của chiến dịch".
func (b *builder) condText(expr string) (holds, fails string) {
	join, parts := " và ", strings.Split(expr, "&&")
	if strings.Contains(expr, "||") {
		if len(parts) > 1 {
			return "thuộc diện", "không thuộc diện"
		}
		join, parts = " hoặc ", strings.Split(expr, "||")
	}
	var hs, fs []string
	for _, p := range parts {
		h, f, ok := b.atomText(p)
		if !ok {
			return "thuộc diện", "không thuộc diện"
		}
		hs, fs = append(hs, h), append(fs, f)
	}
	// Not (a and b) is (not a or not b), and the other way round.
	failJoin := " hoặc "
	if join == " hoặc " {
		failJoin = " và "
	}
	return strings.Join(hs, join), strings.Join(fs, failJoin)
}

// atomText is one comparison in words, holding and failing.
func (b *builder) atomText(s string) (holds, fails string, ok bool) {
	m := condAtom.FindStringSubmatch(s)
	if m == nil {
		return "", "", false
	}
	ind := b.c.Indicator(m[2])
	if ind == nil {
		return "", "", false
	}
	neg, op, num := m[1] == "!", m[3], strings.ReplaceAll(m[4], ".", ",")
	if op == "" {
		if ind.Type != templates.TypeYesNo && !ind.Type.Numeric() {
			return "", "", false
		}
		op, num = "!=", "0" // a number alone holds when it is not zero
	}
	yes, no := subject(ind)
	if ind.Type == templates.TypeYesNo {
		switch {
		case (op == "==" && num == "1") || (op == "!=" && num == "0"):
		case (op == "==" && num == "0") || (op == "!=" && num == "1"):
			neg = !neg
		default:
			return "", "", false
		}
		if neg {
			return no, yes, true
		}
		return yes, no, true
	}
	what := vn.LowerFirst(ind.Label)
	var h, f string
	switch {
	case (op == ">" || op == "!=") && num == "0":
		h, f = "có "+what, "không có "+what
	case op == ">":
		h, f = "có "+what+" trên "+num, "có "+what+" không quá "+num
	case op == ">=":
		h, f = "có "+what+" từ "+num+" trở lên", "có "+what+" dưới "+num
	case op == "<":
		h, f = "có "+what+" dưới "+num, "có "+what+" từ "+num+" trở lên"
	case op == "<=":
		h, f = "có "+what+" không quá "+num, "có "+what+" trên "+num
	case op == "==" && num == "0":
		h, f = "không có "+what, "có "+what
	case op == "==":
		h, f = "có "+what+" bằng "+num, "có "+what+" khác "+num
	default:
		h, f = "có "+what+" khác "+num, "có "+what+" bằng "+num
	}
	if neg {
		h, f = f, h
	}
	return h, f, true
}

// subject is a yes/no indicator as the units it holds for, and fails for,
// are said: "Đơn vị có trang …" gives "có trang …" and "không có trang …";
// "Đã đặt banner …" gives "đã đặt banner …" and "chưa đặt banner …".
func subject(ind *templates.Indicator) (yes, no string) {
	l := templates.NFC(ind.Label)
	for _, p := range []string{"Đơn vị ", "Cơ quan, đơn vị ", "Địa phương "} {
		l = strings.TrimPrefix(l, p)
	}
	l = vn.LowerFirst(l)
	switch {
	case strings.HasPrefix(l, "có "):
		return l, "không " + l
	case strings.HasPrefix(l, "đã "):
		return l, "chưa " + strings.TrimPrefix(l, "đã ")
	}
	return "có “" + ind.Label + "”", "không có “" + ind.Label + "”"
}
