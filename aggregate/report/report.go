// Package report builds the consolidated report the Department signs and
// sends to the provincial People's Committee, as a neutral document model
// (package document): the Nghị định 30/2020/NĐ-CP header, "BÁO CÁO", the
// subject and the addressee, the parts computed from the summary (reporting,
// results on their conditional denominators with the names behind every
// gap, the named lists, the units not reported, what the units wrote,
// grouped by similarity, and the Department's proposals), the closing block
// and the appendices on landscape pages, each numbered on its own.
//
// It sits between the summary and the writers (summary → report → pdf,
// docx): both writers render the same Doc, so the PDF and the .docx differ
// only in the writer. Every indicator, group, rule and list comes from the
// campaign; nothing here names one.
package report

import (
	"fmt"
	"math"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"tonghop/aggregate/document"
	"tonghop/aggregate/summary"
	"tonghop/templates"
	"tonghop/templates/vn"
)

// Options changes what the report says.
type Options struct {
	// Conclusion replaces the campaign's proposals in the Department's
	// proposals part when not empty; paragraphs on their own lines.
	Conclusion string
	// SignDate is the day of signature (--ngay-ky); zero leaves the day
	// blank for the clerk, with the month and year of the data cut-off.
	SignDate time.Time
}

// DefaultAddressee is the addressee when the campaign names none.
const DefaultAddressee = "Ủy ban nhân dân tỉnh Đắk Nông"

// Sizes, points.
const (
	bodySize   = 14
	tableSize  = 12
	headSize   = 11
	appendSize = 10
	firstLine  = 12.7 // mm
	paraAfter  = 6
)

// builder holds the report being built.
type builder struct {
	s    *summary.Summary
	c    *templates.Campaign
	opts Options
	// blocks of the section being built.
	blocks []document.Block
	// named records the unit sets already named, by key, with where: a
	// later count of the same units refers back instead of naming them
	// again.
	named map[string]string
	// districtOf is the index in s.Districts of each commune's district,
	// by unit code, made when first needed.
	districtOf map[string]int
	// parts counts the parts of the body written so far: a part the
	// campaign leaves empty (no lists) is left out, and the next one
	// takes its number.
	partsDone int
	// missingPart is the number of the part naming the units not
	// reported, for the proposals to refer to.
	missingPart string
	// opinionItem is where the body gives each text indicator's answers,
	// "mục V.3", by indicator id.
	opinionItem map[string]string
	// namesAppendix is the number of the names appendix, the last one;
	// listed are its items and listedAt their numbers (from 1) by the
	// units' codes.
	namesAppendix int
	listed        []listed
	listedAt      map[string]int
}

// Build lays the summary out as the report.
func Build(s *summary.Summary, opts Options) (*document.Doc, error) {
	if s == nil || s.Campaign == nil {
		return nil, fmt.Errorf("không có kết quả tổng hợp")
	}
	b := &builder{s: s, c: s.Campaign, opts: opts, named: map[string]string{},
		opinionItem: map[string]string{}, listedAt: map[string]int{}}
	parts := b.parts()
	b.namesAppendix = len(parts) + 1
	// The campaign's lists are named in part III: a count of the same
	// units earlier refers to them.
	for i, lr := range s.Lists {
		if len(lr.Units) > 0 {
			b.named[setKey(lr.Units)] = fmt.Sprintf("tên tại mục III.%d", i+1)
		}
	}
	b.header()
	b.body()
	b.closing()
	doc := &document.Doc{Sections: []document.Section{{PageNumbers: document.FromSecondPage, Blocks: b.blocks}}}
	doc.Sections = append(doc.Sections, b.appendices(parts)...)
	if len(b.listed) > 0 {
		doc.Sections = append(doc.Sections, b.namesSection())
	}
	return doc, nil
}

// Title is the document's title, for the file's properties.
func Title(s *summary.Summary) string {
	return templates.NFC("Báo cáo " + vn.LowerFirst(s.Campaign.Subject))
}

// Addressee is the campaign's addressee, or the default.
func Addressee(c *templates.Campaign) string {
	if a := strings.TrimSpace(c.Addressee); a != "" {
		return templates.NFC(a)
	}
	return DefaultAddressee
}

// add appends blocks to the section being built.
func (b *builder) add(blks ...document.Block) { b.blocks = append(b.blocks, blks...) }

// Runs keep their spaces (templates.NFC would trim them).
func run(s string) document.Run  { return document.Run{Text: norm.NFC.String(s)} }
func bold(s string) document.Run { return document.Run{Text: norm.NFC.String(s), Bold: true} }
func ital(s string) document.Run { return document.Run{Text: norm.NFC.String(s), Italic: true} }
func sized(r document.Run, pt float64) document.Run {
	r.Size = pt
	return r
}

// para is a body paragraph: justified, first-line indent, space after.
func para(runs ...document.Run) document.Paragraph {
	return document.Paragraph{Runs: runs, Align: document.Justify, FirstLine: firstLine, SpaceAfter: paraAfter}
}

// heading is a part or item heading: bold, left-aligned (a heading is
// never stretched), kept with what follows.
func heading(s string) document.Paragraph {
	return document.Paragraph{Runs: []document.Run{bold(s)}, Align: document.Left, FirstLine: firstLine,
		SpaceBefore: 3, SpaceAfter: paraAfter, KeepWithNext: true}
}

func centred(runs ...document.Run) document.Paragraph {
	return document.Paragraph{Runs: runs, Align: document.Centre}
}

// blank is the room left for the clerk to write the number or the day at
// signing: no-break spaces, which neither writer collapses.
const blank = " \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0 "

// dateLine is the place and date line: the signing day when given, else
// "ngày      tháng 4 năm 2024" with the month and year of the cut-off.
func (b *builder) dateLine() string {
	if d := b.opts.SignDate; !d.IsZero() {
		return vn.DateLine(b.c.Place, d)
	}
	d := b.s.Date
	s := fmt.Sprintf("ngày%stháng %s năm %d", blank, vn.Month(d.Month()), d.Year())
	if b.c.Place != "" {
		s = b.c.Place + ", " + s
	}
	return s
}

// refDate is the date as the appendix reference line gives it, with the
// space before it.
func (b *builder) refDate() string {
	if d := b.opts.SignDate; !d.IsZero() {
		return " " + vn.Date(d)
	}
	d := b.s.Date
	return fmt.Sprintf("%s/%s/%d", blank, vn.Month(d.Month()), d.Year())
}

// header is the two-column header table, "BÁO CÁO", the subject and the
// addressee.
func (b *builder) header() {
	c := b.c
	const hs = 12
	total := (&document.Section{}).TextWidth()
	// The right column holds the national title on one line, always (NĐ
	// 30): its estimate, with room for the estimate's error (a few per
	// cent) and the cell's padding in either writer. The left column takes
	// the issuing body's width, at least 38 % of the line, at most what
	// the right column leaves.
	rightMin := max(document.EstimateWidth(motto, hs, true), document.EstimateWidth(mottoLine2, 13, true))*headerSlack + headerPad
	left := max(document.EstimateWidth(c.IssuingBody, hs, true), document.EstimateWidth(c.ParentBody, hs, false))*headerSlack + headerPad
	left = min(max(left, 0.38*total), total-rightMin)
	// An issuing body too long for its column takes two lines (NĐ 30
	// allows it), broken between words where the lines are most even,
	// the short rule under the second; a body too long for two lines at
	// 12 pt is set smaller, as is a parent body too long for one.
	lines, bs := issuerFit(c.IssuingBody, hs, left-headerPad)
	ps := fitSize(c.ParentBody, hs, false, left-headerPad)
	var body []document.Paragraph
	for _, line := range lines {
		body = append(body, document.Paragraph{Runs: []document.Run{sized(bold(line), bs)}, Align: document.Centre})
	}
	body[len(body)-1].Rule = document.Rule{Length: 0.35, Unit: document.OfText}
	leftCell := document.Cell{Paras: append(append([]document.Paragraph{centred(sized(run(c.ParentBody), ps))}, body...),
		document.Paragraph{Runs: []document.Run{sized(run("Số:"+blank+"/"+c.Symbol), 13)}, Align: document.Centre, SpaceBefore: 4})}
	rightCell := document.Cell{Paras: []document.Paragraph{
		centred(sized(bold(motto), hs)),
		{Runs: []document.Run{sized(bold(mottoLine2), 13)}, Align: document.Centre, Rule: document.Rule{Length: 1, Unit: document.OfText}},
		{Runs: []document.Run{sized(ital(b.dateLine()), 14)}, Align: document.Centre, SpaceBefore: 4},
	}}
	b.add(document.Table{Widths: []float64{left, total - left}, Padding: 0.3, FontSize: hs,
		Rows: []document.Row{{Cells: []document.Cell{leftCell, rightCell}}}})
	b.add(document.Paragraph{Runs: []document.Run{bold("BÁO CÁO")}, Align: document.Centre, SpaceBefore: 18},
		document.Paragraph{Runs: []document.Run{bold(c.Subject)}, Align: document.Centre, Rule: document.Rule{Length: 40}, SpaceAfter: 6},
		document.Paragraph{Runs: []document.Run{run("Kính gửi: " + Addressee(c) + ".")}, Align: document.Centre, SpaceBefore: 6, SpaceAfter: 12})
}

// The national title and motto, and the room the header's widths leave
// for the width estimate's error (a factor) and a cell's padding (mm).
const (
	motto       = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	mottoLine2  = "Độc lập - Tự do - Hạnh phúc"
	headerSlack = 1.05
	headerPad   = 4
)

// issuerFit is the issuing body's lines (issuerLines) and its size: from
// size down to 10 pt by half points, the first at which every line fits
// width (mm) with the estimate's slack.
func issuerFit(s string, size, width float64) ([]string, float64) {
	for ; ; size -= 0.5 {
		lines := issuerLines(s, size, width/headerSlack)
		fits := true
		for _, l := range lines {
			fits = fits && document.EstimateWidth(l, size, true)*headerSlack <= width
		}
		if fits || size <= 10 {
			return lines, size
		}
	}
}

// fitSize is the largest size, from size down to 10 pt by half points, at
// which s fits width (mm) on one line with the estimate's slack.
func fitSize(s string, size float64, bold bool, width float64) float64 {
	for size > 10 && document.EstimateWidth(s, size, bold)*headerSlack > width {
		size -= 0.5
	}
	return size
}

// issuerLines is the issuing body on one line when it fits width (mm) in
// bold at size, else on two, broken at the space that makes the longer
// line shortest; a line does not end on "VÀ" ("SỞ KHOA HỌC / VÀ CÔNG
// NGHỆ", not "SỞ KHOA HỌC VÀ / CÔNG NGHỆ").
func issuerLines(s string, size, width float64) []string {
	words := strings.Fields(s)
	if len(words) < 2 || document.EstimateWidth(s, size, true) <= width {
		return []string{s}
	}
	best, at := math.Inf(1), 1
	for i := 1; i < len(words); i++ {
		a, b := strings.Join(words[:i], " "), strings.Join(words[i:], " ")
		w := max(document.EstimateWidth(a, size, true), document.EstimateWidth(b, size, true))
		if strings.EqualFold(words[i-1], "VÀ") || words[i-1] == "&" {
			w += width // never end a line on the conjunction
		}
		if w < best {
			best, at = w, i
		}
	}
	return []string{strings.Join(words[:at], " "), strings.Join(words[at:], " ")}
}

// Recipients is the "Nơi nhận" list: the campaign's, without a line that
// names the addressee again as a copy ("UBND tỉnh (b/c);" when the report
// is addressed to the Ủy ban nhân dân tỉnh): "- Như trên;" is that
// addressee.
func Recipients(c *templates.Campaign) []string {
	addr := short(Addressee(c))
	var out []string
	for _, r := range c.Recipients {
		base := r
		if i := strings.Index(base, " ("); i >= 0 {
			base = base[:i]
		}
		base = short(strings.TrimRight(strings.TrimSpace(base), ";."))
		if base != "" && (base == addr || (c.Place != "" && base+" "+short(c.Place) == addr)) {
			continue
		}
		out = append(out, templates.NFC(r))
	}
	return out
}

// short folds the usual abbreviation of state bodies and case, to compare
// a recipient with the addressee.
func short(s string) string {
	s = strings.ToLower(templates.NFC(strings.TrimSpace(s)))
	return strings.ReplaceAll(s, "ủy ban nhân dân", "ubnd")
}

// closing is "Nơi nhận" on the left and the signer on the right, as a
// borderless table.
func (b *builder) closing() {
	c := b.c
	left := []document.Paragraph{{Runs: []document.Run{sized(document.Run{Text: "Nơi nhận:", Bold: true, Italic: true}, 12)}, SpaceBefore: 6}}
	for _, r := range Recipients(c) {
		left = append(left, document.Paragraph{Runs: []document.Run{sized(run("- "+r), 11)}})
	}
	var right []document.Paragraph
	for i, t := range c.SignerTitle {
		p := centred(bold(t))
		if i == 0 {
			p.SpaceBefore = 6
		}
		right = append(right, p)
	}
	if c.SignerName != "" {
		right = append(right, document.Paragraph{Runs: []document.Run{bold(c.SignerName)}, Align: document.Centre, SpaceBefore: 72})
	}
	b.add(document.Table{Widths: []float64{1, 1}, Relative: true, Padding: 0.5,
		Rows: []document.Row{{Cells: []document.Cell{{Paras: left}, {Paras: right}}}}})
}
