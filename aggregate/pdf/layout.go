package pdf

// Layout primitives of the PDF summary: pages with the margins of Nghị định
// 30/2020/NĐ-CP, page numbers, justified paragraphs with a first-line indent
// and mixed bold/italic runs, and tables that repeat their header row on
// every page. fpdf's own automatic page break is off; every primitive checks
// the room left and starts a new page itself.

import (
	"strings"
	"time"
	"tonghop/templates/vn"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifbolditalic"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"github.com/go-fonts/liberation/liberationserifregular"
)

// Page geometry in millimetres (Nghị định 30/2020/NĐ-CP, Phụ lục I).
const (
	marginTop    = 20.0
	marginBottom = 20.0
	marginLeft   = 30.0
	marginRight  = 15.0
	firstIndent  = 12.7 // 1,27 cm
	paraSpace    = 2.0  // space after a paragraph, about 6 pt
	ptToMM       = 25.4 / 72
	fontFamily   = "LiberationSerif"
	lineFactor   = 1.3 // line height as a multiple of the font size
)

// textRun is a piece of text in one style ("", "B", "I", "BI").
type textRun struct {
	text, style string
}

// textSeg is a piece of a word in one style.
type textSeg struct {
	text, style string
}

// textWord is one word of a paragraph: one or more styled pieces written
// without a space between them ("117/122 đơn vị" in bold, then ";"), its
// width, and the style of the space after it.
type textWord struct {
	segs []textSeg
	w    float64
}

func (wd textWord) style() string { return wd.segs[len(wd.segs)-1].style }

func (wd textWord) text() string {
	var b strings.Builder
	for _, s := range wd.segs {
		b.WriteString(s.text)
	}
	return b.String()
}

// pdfLayout wraps an fpdf document with the state the primitives need.
type pdfLayout struct {
	f         *fpdf.Fpdf
	landscape bool
	// pageNo is the number of the current page in its section's
	// numbering; numbered says whether the section shows numbers, and
	// hideNumber hides it on the next page started (a section's first).
	pageNo               int
	numbered, hideNumber bool
	// onNewPage is called after every page this layout starts (after the
	// page number), for example to repeat a table header.
	onNewPage func()
	// The font last set, and on which page: fpdf writes the font into
	// the page at every SetFont, even when it does not change.
	fontStyle string
	fontSize  float64
	fontPage  int
}

// newLayout starts an A4 document with the Liberation Serif family embedded
// and the dates fixed to at, so that the same inputs give the same bytes.
func newLayout(at time.Time) *pdfLayout {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetMargins(marginLeft, marginTop, marginRight)
	f.SetAutoPageBreak(false, marginBottom)
	f.SetCellMargin(0)
	f.SetCreationDate(at)
	f.SetModificationDate(at)
	f.SetCatalogSort(true)
	f.SetCompression(true)
	f.AddUTF8FontFromBytes(fontFamily, "", liberationserifregular.TTF)
	f.AddUTF8FontFromBytes(fontFamily, "B", liberationserifbold.TTF)
	f.AddUTF8FontFromBytes(fontFamily, "I", liberationserifitalic.TTF)
	f.AddUTF8FontFromBytes(fontFamily, "BI", liberationserifbolditalic.TTF)
	f.SetTextColor(0, 0, 0)
	f.SetDrawColor(0, 0, 0)
	return &pdfLayout{f: f}
}

// font sets the style and size in points, unless they are already set on
// this page: each word is measured and drawn in its own style, and a
// needless SetFont would put some 60 bytes into the page each time (at
// 10,000 units, most of a 1,000-page report's content, held in memory
// until the PDF is written).
func (l *pdfLayout) font(style string, size float64) {
	page := l.f.PageNo()
	if style == l.fontStyle && size == l.fontSize && page == l.fontPage {
		return
	}
	l.f.SetFont(fontFamily, style, size)
	l.fontStyle, l.fontSize, l.fontPage = style, size, page
}

// lineH is the line height in mm for a font size in points.
func lineH(size float64) float64 { return size * ptToMM * lineFactor }

// width is the width of the text area of the current page.
func (l *pdfLayout) width() float64 {
	w, _ := l.f.GetPageSize()
	return w - marginLeft - marginRight
}

// bottom is the lowest y text may reach on the current page.
func (l *pdfLayout) bottom() float64 {
	_, h := l.f.GetPageSize()
	return h - marginBottom
}

// newPage starts a page in the current orientation, numbers it (centred in
// the top margin) unless the section hides the number on this page, and
// puts the cursor at the top left.
func (l *pdfLayout) newPage() {
	if l.landscape {
		l.f.AddPageFormat("L", l.f.GetPageSizeStr("A4"))
	} else {
		l.f.AddPageFormat("P", l.f.GetPageSizeStr("A4"))
	}
	l.pageNo++
	if l.numbered && !l.hideNumber {
		l.font("", 13)
		l.centred(marginLeft, l.width(), (marginTop-lineH(13))/2, vn.Int(l.pageNo), 13)
	}
	l.hideNumber = false
	l.f.SetXY(marginLeft, marginTop)
	if l.onNewPage != nil {
		l.onNewPage()
	}
}

// ensure starts a new page when less than h mm are left on this one.
func (l *pdfLayout) ensure(h float64) {
	if l.f.GetY()+h > l.bottom()+0.01 {
		l.newPage()
	}
}

// space moves the cursor down by h mm, without crossing a page.
func (l *pdfLayout) space(h float64) {
	y := l.f.GetY() + h
	if y > l.bottom() {
		y = l.bottom()
	}
	l.f.SetY(y)
}

// baseline is the text baseline of a line box of height h starting at y.
func baseline(y, h, size float64) float64 { return y + h/2 + 0.3*size*ptToMM }

// centred writes one line centred in [x, x+w] at the top y of a line box;
// the font must be set.
func (l *pdfLayout) centred(x, w, y float64, text string, size float64) float64 {
	text = vn.SafeLine(text)
	tw := l.f.GetStringWidth(text)
	l.f.Text(x+(w-tw)/2, baseline(y, lineH(size), size), text)
	return tw
}

// rule draws a thin horizontal line of length w centred on cx.
func (l *pdfLayout) rule(cx, y, w float64) {
	l.f.SetLineWidth(0.3)
	l.f.Line(cx-w/2, y, cx+w/2, y)
}

// words splits runs into styled words measured in the given size. Text that
// follows the previous run without white space (punctuation after a bold
// figure) joins the previous word.
func (l *pdfLayout) words(runs []textRun, size float64) []textWord {
	var out []textWord
	glue := false
	for _, r := range runs {
		r.text = vn.Safe(r.text) // file text: no control or bidi-override characters
		l.font(r.style, size)
		// A no-break space (the blanks left for the number and the day)
		// is part of its word, and keeps its width.
		fields := strings.FieldsFunc(r.text, breakSpace)
		startsSpace := r.text != "" && breakSpace([]rune(r.text)[0])
		for i, t := range fields {
			sg := textSeg{t, r.style}
			w := l.f.GetStringWidth(t)
			if i == 0 && glue && !startsSpace && len(out) > 0 {
				last := &out[len(out)-1]
				last.segs = append(last.segs, sg)
				last.w += w
				continue
			}
			out = append(out, textWord{segs: []textSeg{sg}, w: w})
		}
		if len(fields) > 0 {
			rs := []rune(r.text)
			glue = !breakSpace(rs[len(rs)-1])
		}
	}
	return out
}

// breakSpace reports whether a line may break at r: any white space but
// the no-break space.
func breakSpace(r rune) bool { return r != '\u00a0' && unicode.IsSpace(r) }

// breakLines fills lines of width w (the first one first wide) with words;
// a word wider than a whole line is cut between letters.
func (l *pdfLayout) breakLines(ws []textWord, first, w, size float64) [][]textWord {
	var lines [][]textWord
	var cur []textWord
	curW, limit := 0.0, first
	spaceW := func(style string) float64 { l.font(style, size); return l.f.GetStringWidth(" ") }
	for i := 0; i < len(ws); i++ {
		wd := ws[i]
		need := wd.w
		if len(cur) > 0 {
			need += spaceW(cur[len(cur)-1].style())
		}
		if curW+need <= limit+1e-6 {
			cur = append(cur, wd)
			curW += need
			continue
		}
		if len(cur) > 0 {
			lines = append(lines, cur)
			cur, curW, limit = nil, 0, w
			i--
			continue
		}
		// A single word too wide for the line: cut it (as plain text in
		// the style of its first piece).
		st := wd.segs[0].style
		l.font(st, size)
		head, tail := cutToWidth(l.f, wd.text(), limit)
		lines = append(lines, []textWord{{segs: []textSeg{{head, st}}, w: l.f.GetStringWidth(head)}})
		limit = w
		if tail != "" {
			ws[i] = textWord{segs: []textSeg{{tail, st}}, w: l.f.GetStringWidth(tail)}
			i--
		}
	}
	if len(cur) > 0 {
		lines = append(lines, cur)
	}
	return lines
}

// cutToWidth splits s after the most runes that fit in w (at least one):
// after its last "/" that fits ("trang/" | "cổng"), else between letters,
// the last resort for a word wider than its column.
func cutToWidth(f *fpdf.Fpdf, s string, w float64) (string, string) {
	rs := []rune(s)
	for i := len(rs) - 2; i > 0; i-- {
		if rs[i] == '/' && f.GetStringWidth(string(rs[:i+1])) <= w {
			return string(rs[:i+1]), string(rs[i+1:])
		}
	}
	n := 1
	for n < len(rs) && f.GetStringWidth(string(rs[:n+1])) <= w {
		n++
	}
	return string(rs[:n]), string(rs[n:])
}

// drawLine draws the words of one line in [x, x+w]; a justified line that is
// not the paragraph's last spreads its words to fill the width. Every word
// but the last carries its space, so that extracted text has real spaces.
func (l *pdfLayout) drawLine(ln []textWord, x, w, y, h, size float64, align string, last bool) {
	total := 0.0
	spaces := make([]float64, len(ln))
	for i, wd := range ln {
		total += wd.w
		if i < len(ln)-1 {
			l.font(wd.style(), size)
			spaces[i] = l.f.GetStringWidth(" ")
			total += spaces[i]
		}
	}
	extra := 0.0
	switch {
	case align == "J" && !last && len(ln) > 1:
		extra = (w - total) / float64(len(ln)-1)
	case align == "C":
		x += (w - total) / 2
	case align == "R":
		x += w - total
	}
	by := baseline(y, h, size)
	// Pieces of one style that follow each other without added space are
	// drawn as one text: the same glyphs at the same places, in fewer
	// bytes.
	var run strings.Builder
	runStyle, runX := "", 0.0
	flush := func() {
		if run.Len() > 0 {
			l.font(runStyle, size)
			l.f.Text(runX, by, run.String())
			run.Reset()
		}
	}
	for i, wd := range ln {
		sx := x
		for j, sg := range wd.segs {
			t := sg.text
			if i < len(ln)-1 && j == len(wd.segs)-1 {
				t += " "
			}
			if sg.style != runStyle {
				flush()
			}
			if run.Len() == 0 {
				runStyle, runX = sg.style, sx
			}
			run.WriteString(t)
			l.font(sg.style, size)
			sx += l.f.GetStringWidth(sg.text)
		}
		x += wd.w + spaces[i] + extra
		if extra != 0 {
			flush()
		}
	}
	flush()
}
