package pdf

import (
	"math"
	"strings"

	"tonghop/aggregate/document"
)

// Rendering of a document.Doc: sections start a new page in their
// orientation with their own page numbering, paragraphs flow with page
// breaks, tables are drawn from the model's grid (table.go).

// ruleGap is the space a paragraph's rule takes below its text, mm.
const ruleGap = 2.5

// pt converts points to mm.
func pt(v float64) float64 { return v * ptToMM }

// style is the fpdf style of a run.
func style(r document.Run) string {
	switch {
	case r.Bold && r.Italic:
		return "BI"
	case r.Bold:
		return "B"
	case r.Italic:
		return "I"
	}
	return ""
}

// align is the layout's alignment letter.
func align(a document.Align) string {
	switch a {
	case document.Centre:
		return "C"
	case document.Right:
		return "R"
	case document.Justify:
		return "J"
	}
	return "L"
}

// section starts the section's first page and lays its blocks out.
func (l *pdfLayout) section(s *document.Section, first bool) error {
	l.landscape = s.Landscape
	if s.PageNumbers == document.Restart || first {
		l.pageNo = 0
	}
	l.numbered = s.PageNumbers != document.NoPageNumbers
	l.hideNumber = true // FromSecondPage and Restart both hide the first
	l.newPage()
	for i, blk := range s.Blocks {
		var next document.Block
		if i+1 < len(s.Blocks) {
			next = s.Blocks[i+1]
		}
		switch v := blk.(type) {
		case document.Paragraph:
			l.flowPara(&v, next)
		case *document.Paragraph:
			l.flowPara(v, next)
		case document.Table:
			if err := l.table(&v); err != nil {
				return err
			}
		case *document.Table:
			if err := l.table(v); err != nil {
				return err
			}
		case document.PageBreak, *document.PageBreak:
			l.newPage()
		}
	}
	return nil
}

// paraSize is the size a paragraph is set in: its first sized run's, or
// def. The layout engine sets a paragraph in one size; the report builder
// never mixes sizes within one.
func paraSize(p *document.Paragraph, def float64) float64 {
	for _, r := range p.Runs {
		if r.Size >= 1 && r.Size <= 200 {
			return r.Size
		}
	}
	return def
}

// line is one laid-out line of a paragraph, relative to the paragraph's
// left edge and top.
type line struct {
	words       []textWord
	x, w, y, h  float64
	size        float64
	align       string
	last        bool
	ruleX, rule float64 // a rule under the paragraph: centre and length (0: none)
}

// layoutPara breaks a paragraph into lines in a space w mm wide and
// returns them with the paragraph's height (space before and after,
// and its rule, included).
func (l *pdfLayout) layoutPara(p *document.Paragraph, w, def, lineScale float64) ([]line, float64) {
	size := paraSize(p, def)
	h := lineH(size) * lineScale
	x0 := math.Max(p.Indent, 0)
	avail := w - x0
	y := pt(p.SpaceBefore)
	var out []line
	// A line break in a run's text starts a new line group.
	groups := [][]textRun{{}}
	for _, r := range p.Runs {
		for i, piece := range strings.Split(r.Text, "\n") {
			if i > 0 {
				groups = append(groups, nil)
			}
			groups[len(groups)-1] = append(groups[len(groups)-1], textRun{piece, style(r)})
		}
	}
	widest := 0.0
	for gi, g := range groups {
		first := 0.0
		if gi == 0 {
			first = p.FirstLine
		}
		ws := l.words(g, size)
		lines := l.breakLines(ws, avail-first, avail, size)
		if len(lines) == 0 {
			lines = [][]textWord{nil}
		}
		for i, ln := range lines {
			lx, lw := x0, avail
			if i == 0 {
				lx, lw = x0+first, avail-first
			}
			out = append(out, line{words: ln, x: lx, w: lw, y: y, h: h, size: size, align: align(p.Align), last: i == len(lines)-1})
			widest = math.Max(widest, l.lineWidth(ln, size))
			y += h
		}
	}
	if rl := p.Rule; rl.Length > 0 && rl.Length < 1e6 {
		length := rl.Length
		switch rl.Unit {
		case document.OfText:
			length *= widest
		case document.OfColumn:
			length *= avail
		}
		last := &out[len(out)-1]
		last.ruleX, last.rule = x0+avail/2, math.Min(length, avail)
		y += ruleGap
	}
	return out, y + pt(p.SpaceAfter)
}

// lineWidth is the natural width of a line's words with their spaces.
func (l *pdfLayout) lineWidth(ln []textWord, size float64) float64 {
	total := 0.0
	for i, wd := range ln {
		total += wd.w
		if i < len(ln)-1 {
			l.font(wd.style(), size)
			total += l.f.GetStringWidth(" ")
		}
	}
	return total
}

// drawLines draws laid-out lines at (x, y).
func (l *pdfLayout) drawLines(lines []line, x, y float64) {
	for _, ln := range lines {
		if len(ln.words) > 0 {
			l.drawLine(ln.words, x+ln.x, ln.w, y+ln.y, ln.h, ln.size, ln.align, ln.last)
		}
		if ln.rule > 0 {
			l.rule(x+ln.ruleX, y+ln.y+ln.h+1, ln.rule)
		}
	}
}

// flowPara writes a paragraph from the cursor down, starting new pages as
// needed: its lines break over pages, a heading stays with the next block.
func (l *pdfLayout) flowPara(p *document.Paragraph, next document.Block) {
	lines, total := l.layoutPara(p, l.width(), document.BodySize, 1)
	if p.KeepWithNext || p.Rule.Length > 0 {
		keep := total + 2*lineH(document.BodySize)
		if np, ok := next.(document.Paragraph); ok {
			_, nh := l.layoutPara(&np, l.width(), document.BodySize, 1)
			keep = total + math.Min(nh, 2*lineH(paraSize(&np, document.BodySize)))
		}
		l.ensure(keep)
	}
	top := l.f.GetY()
	if top > marginTop+0.01 {
		top += pt(p.SpaceBefore)
	}
	shift := 0.0 // how much the lines moved down by page breaks
	base := pt(p.SpaceBefore)
	for _, ln := range lines {
		y := top + ln.y - base + shift
		if y+ln.h > l.bottom()+0.01 {
			l.newPage()
			shift += l.f.GetY() - y
			y = l.f.GetY()
		}
		one := ln
		one.y = 0
		l.drawLines([]line{one}, marginLeft, y)
		l.f.SetY(y + ln.h)
	}
	if p.Rule.Length > 0 {
		l.f.SetY(l.f.GetY() + ruleGap)
	}
	l.space(pt(p.SpaceAfter))
}
