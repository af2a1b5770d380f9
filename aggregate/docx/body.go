package docx

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"tonghop/aggregate/document"
)

// body writes word/document.xml.
type body struct {
	b *bufio.Writer
	n int // bytes written
	// line is the line spacing of the paragraphs being written, in 240ths
	// of a single line; 0 means bodyLine.
	line int
}

// Line spacing, in 240ths of a single line (Liberation Serif's and Times
// New Roman's single line is 1.15 em): the PDF writer sets lines 1.3 em
// apart, and 1.2 em in bordered tables, so that both writers fill the same
// pages.
const (
	bodyLine  = 272
	tableLine = 250
)

func (w *body) s(parts ...string) {
	for _, p := range parts {
		w.b.WriteString(p)
		w.n += len(p)
	}
}

// documentXML renders every section. Each section but the last ends with
// an empty one-point paragraph that carries its section properties, as
// WordprocessingML requires; two tables in a row get such a paragraph
// between them, or Word would join them. It is written straight to out:
// a report of 10,000 units is some 50 MB of XML.
func documentXML(out io.Writer, d *document.Doc) error {
	w := &body{b: bufio.NewWriterSize(out, 64<<10)}
	w.s(xmlHeader, `<w:document xmlns:w="`, nsW, `" xmlns:r="`, nsR, `"><w:body>`)
	for i := range d.Sections {
		sec := &d.Sections[i]
		width := sec.TextWidth()
		lastTable := false
		for j, blk := range sec.Blocks {
			isTable := false
			switch v := blk.(type) {
			case document.Paragraph:
				w.para(&v, width, document.BodySize)
			case *document.Paragraph:
				if v != nil {
					w.para(v, width, document.BodySize)
				}
			case document.Table:
				isTable = true
			case *document.Table:
				isTable = v != nil
			case document.PageBreak, *document.PageBreak:
				w.s(`<w:p><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr><w:r><w:br w:type="page"/></w:r></w:p>`)
			}
			if isTable {
				t, ok := blk.(document.Table)
				if !ok {
					t = *blk.(*document.Table)
				}
				if lastTable {
					w.spacer("")
				}
				if err := w.table(&t, width); err != nil {
					return fmt.Errorf("phần %d, khối %d: %w", i+1, j+1, err)
				}
			}
			lastTable = isTable
			if w.n > maxBytes {
				return fmt.Errorf("tài liệu vượt quá %d MB", maxBytes>>20)
			}
		}
		sp := sectPr(sec, i == 0)
		if i < len(d.Sections)-1 {
			w.spacer(sp)
			continue
		}
		if lastTable {
			w.spacer("")
		}
		w.s(sp)
	}
	w.s(`</w:body></w:document>`)
	return w.b.Flush()
}

// spacer writes an empty paragraph one point high, carrying sectPr when
// not empty.
func (w *body) spacer(sectPr string) {
	w.s(`<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>`,
		sectPr, `</w:pPr></w:p>`)
}

// sectPr is a section's page setup: A4 in its orientation, the margins of
// Nghị định 30, and the headers that show or hide the page number.
func sectPr(s *document.Section, first bool) string {
	pw, ph := mmTwips(document.PageWidth), mmTwips(document.PageHeight)
	size := `<w:pgSz w:w="` + itoa(pw) + `" w:h="` + itoa(ph) + `"/>`
	if s.Landscape {
		size = `<w:pgSz w:w="` + itoa(ph) + `" w:h="` + itoa(pw) + `" w:orient="landscape"/>`
	}
	var b strings.Builder
	b.WriteString(`<w:sectPr>`)
	switch s.PageNumbers {
	case document.FromSecondPage, document.Restart:
		b.WriteString(`<w:headerReference w:type="default" r:id="` + relPageHdr + `"/>`)
		b.WriteString(`<w:headerReference w:type="first" r:id="` + relEmptyHdr + `"/>`)
	default:
		// A section without its own headers would inherit the previous
		// section's: name the empty one.
		b.WriteString(`<w:headerReference w:type="default" r:id="` + relEmptyHdr + `"/>`)
		b.WriteString(`<w:headerReference w:type="first" r:id="` + relEmptyHdr + `"/>`)
	}
	b.WriteString(size)
	b.WriteString(`<w:pgMar w:top="` + itoa(mmTwips(document.MarginTop)) + `" w:right="` + itoa(mmTwips(document.MarginRight)) +
		`" w:bottom="` + itoa(mmTwips(document.MarginBottom)) + `" w:left="` + itoa(mmTwips(document.MarginLeft)) +
		`" w:header="` + itoa(mmTwips(document.HeaderDistance)) + `" w:footer="` + itoa(mmTwips(document.HeaderDistance)) + `" w:gutter="0"/>`)
	if s.PageNumbers == document.Restart || (first && s.PageNumbers == document.FromSecondPage) {
		b.WriteString(`<w:pgNumType w:start="1"/>`)
	}
	b.WriteString(`<w:cols w:space="720"/>`)
	if s.PageNumbers == document.FromSecondPage || s.PageNumbers == document.Restart {
		b.WriteString(`<w:titlePg/>`)
	}
	b.WriteString(`</w:sectPr>`)
	return b.String()
}

// para writes a paragraph set in a space width mm wide, its runs at
// defSize points unless they say otherwise, and its rule after it.
func (w *body) para(p *document.Paragraph, width, defSize float64) {
	def := halfPoints(defSize, 28)
	hasRule := p.Rule.Length > 0 && p.Rule.Length < 1e6
	w.s(`<w:p><w:pPr>`)
	if p.KeepWithNext || hasRule {
		w.s(`<w:keepNext/>`)
	}
	after := p.SpaceAfter
	if hasRule {
		after = 0
	}
	line := w.line
	if line == 0 {
		line = bodyLine
	}
	w.s(`<w:spacing w:before="`, itoa(ptTwips(p.SpaceBefore)), `" w:after="`, itoa(ptTwips(after)), `" w:line="`, itoa(line), `" w:lineRule="auto"/>`)
	if ind, first := mmTwips(p.Indent), mmTwips(p.FirstLine); ind > 0 || first > 0 {
		w.s(`<w:ind w:left="`, itoa(ind), `" w:firstLine="`, itoa(first), `"/>`)
	}
	w.s(`<w:jc w:val="`, jc(p.Align), `"/>`)
	w.s(`<w:rPr>`, runProps(false, false, def), `</w:rPr></w:pPr>`)
	for _, r := range p.Runs {
		w.run(r, def)
	}
	w.s(`</w:p>`)
	if hasRule {
		w.rule(p, width, def)
	}
}

// ruleGap is the height of the empty paragraph that draws a rule, twips:
// the rule sits this far below the text's line, clear of its descenders.
const ruleGap = 60

// rule writes the short centred line under p as the bottom border of an
// empty paragraph, narrowed by equal indents to the rule's length.
func (w *body) rule(p *document.Paragraph, width float64, def int) {
	avail := width - max(p.Indent, 0)
	var l float64
	switch p.Rule.Unit {
	case document.OfText:
		for _, r := range p.Runs {
			size := float64(def) / 2
			if r.Size >= 1 && r.Size <= 1638 {
				size = r.Size
			}
			l += document.EstimateWidth(r.Text, size, r.Bold)
		}
		l *= p.Rule.Length
	case document.OfColumn:
		l = p.Rule.Length * avail
	default:
		l = p.Rule.Length
	}
	l = min(max(l, 2), avail)
	side := (avail - l) / 2
	w.s(`<w:p><w:pPr>`)
	if p.KeepWithNext {
		w.s(`<w:keepNext/>`)
	}
	w.s(`<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:pBdr>`,
		`<w:spacing w:before="0" w:after="`, itoa(ptTwips(p.SpaceAfter)), `" w:line="`, itoa(ruleGap), `" w:lineRule="exact"/>`,
		`<w:ind w:left="`, itoa(mmTwips(max(p.Indent, 0)+side)), `" w:right="`, itoa(mmTwips(side)), `"/>`,
		`<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>`)
}

// run writes one run; line breaks and tabs in its text become <w:br/> and
// <w:tab/>.
func (w *body) run(r document.Run, def int) {
	if r.Text == "" {
		return
	}
	w.s(`<w:r><w:rPr>`, runProps(r.Bold, r.Italic, halfPoints(r.Size, def)), `</w:rPr>`)
	text := strings.ReplaceAll(r.Text, "\r\n", "\n")
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			w.s(`<w:br/>`)
		}
		for j, piece := range strings.Split(line, "\t") {
			if j > 0 {
				w.s(`<w:tab/>`)
			}
			if piece != "" {
				w.s(`<w:t xml:space="preserve">`, escape(piece), `</w:t>`)
			}
		}
	}
	w.s(`</w:r>`)
}

// runProps is the content of a run's rPr, in schema order.
func runProps(bold, italic bool, halfPts int) string {
	var s string
	if bold {
		s += `<w:b/><w:bCs/>`
	}
	if italic {
		s += `<w:i/><w:iCs/>`
	}
	return s + `<w:sz w:val="` + itoa(halfPts) + `"/><w:szCs w:val="` + itoa(halfPts) + `"/>`
}

func jc(a document.Align) string {
	switch a {
	case document.Centre:
		return "center"
	case document.Right:
		return "right"
	case document.Justify:
		return "both"
	}
	return "left"
}
