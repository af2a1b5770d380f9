package pdf

// Layout primitives of the PDF summary: pages with the margins of Nghị định
// 30/2020/NĐ-CP, page numbers, justified paragraphs with a first-line indent
// and mixed bold/italic runs, and tables that repeat their header row on
// every page. fpdf's own automatic page break is off; every primitive checks
// the room left and starts a new page itself.

import (
	"math"
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
	// onNewPage is called after every page this layout starts (after the
	// page number), for example to repeat a table header.
	onNewPage func()
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

// font sets the style and size in points.
func (l *pdfLayout) font(style string, size float64) { l.f.SetFont(fontFamily, style, size) }

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

// newPage starts a page in the current orientation, numbers it from page 2
// on (centred in the top margin) and puts the cursor at the top left.
func (l *pdfLayout) newPage() {
	if l.landscape {
		l.f.AddPageFormat("L", l.f.GetPageSizeStr("A4"))
	} else {
		l.f.AddPageFormat("P", l.f.GetPageSizeStr("A4"))
	}
	if n := l.f.PageNo(); n > 1 {
		l.font("", 13)
		l.centred(marginLeft, l.width(), (marginTop-lineH(13))/2, vn.Int(n), 13)
	}
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
		fields := strings.Fields(r.text)
		startsSpace := r.text != "" && unicode.IsSpace([]rune(r.text)[0])
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
			glue = !unicode.IsSpace(rs[len(rs)-1])
		}
	}
	return out
}

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

// cutToWidth splits s after the most runes that fit in w (at least one).
func cutToWidth(f *fpdf.Fpdf, s string, w float64) (string, string) {
	rs := []rune(s)
	n := 1
	for n < len(rs) && f.GetStringWidth(string(rs[:n+1])) <= w {
		n++
	}
	return string(rs[:n]), string(rs[n:])
}

// paraStyle is a paragraph's look.
type paraStyle struct {
	size   float64
	indent float64 // first-line indent
	align  string  // "J" justified (default), "L", "C"
	after  float64 // space after, mm
	left   float64 // extra left margin of every line (hanging lists)
}

// paragraph writes runs as one paragraph from the cursor down, starting new
// pages as needed.
func (l *pdfLayout) paragraph(p paraStyle, runs ...textRun) {
	if p.align == "" {
		p.align = "J"
	}
	x0 := marginLeft + p.left
	w := l.width() - p.left
	lines := l.breakLines(l.words(runs, p.size), w-p.indent, w, p.size)
	h := lineH(p.size)
	for i, ln := range lines {
		l.ensure(h)
		y := l.f.GetY()
		x, lw := x0, w
		if i == 0 {
			x, lw = x0+p.indent, w-p.indent
		}
		l.drawLine(ln, x, lw, y, h, p.size, p.align, i == len(lines)-1)
		l.f.SetXY(marginLeft, y+h)
	}
	l.space(p.after)
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
	for i, wd := range ln {
		sx := x
		for j, sg := range wd.segs {
			l.font(sg.style, size)
			t := sg.text
			if i < len(ln)-1 && j == len(wd.segs)-1 {
				t += " "
			}
			l.f.Text(sx, by, t)
			sx += l.f.GetStringWidth(sg.text)
		}
		x += wd.w + spaces[i] + extra
	}
}

// wrapText breaks plain text into lines of width w in the current font.
func (l *pdfLayout) wrapText(text, style string, size, w float64) []string {
	var out []string
	for _, part := range strings.Split(text, "\n") {
		ws := l.words([]textRun{{part, style}}, size)
		if len(ws) == 0 {
			out = append(out, "")
			continue
		}
		for _, ln := range l.breakLines(ws, w, w, size) {
			ts := make([]string, len(ln))
			for i, wd := range ln {
				ts[i] = wd.text()
			}
			out = append(out, strings.Join(ts, " "))
		}
	}
	return out
}

// tableCell is one table cell.
type tableCell struct {
	text  string
	style string // overrides the row's style when set
}

// tableRow is one table row. A row with span set is one cell across the table
// (a group heading).
type tableRow struct {
	cells []tableCell
	style string
	span  bool
	shade bool
}

// pdfTable is a bordered table: widths in mm, one align per column, the header
// rows repeated at the top of every page the table runs onto.
type pdfTable struct {
	widths     []float64
	aligns     []string // "L", "C", "R"
	header     []tableRow
	rows       []tableRow
	size       float64 // body font size, points
	headerSize float64
	pad        float64 // padding inside a cell, mm
}

// rowHeight is the height of a row and the wrapped lines of each cell.
func (l *pdfLayout) rowHeight(t *pdfTable, r tableRow, size float64) (float64, [][]string) {
	lh := lineH(size) * 0.92
	if r.span {
		total := 0.0
		for _, w := range t.widths {
			total += w
		}
		style := r.style
		lines := l.wrapText(r.cells[0].text, style, size, total-2*t.pad)
		return float64(len(lines))*lh + 2*t.pad, [][]string{lines}
	}
	maxN := 1
	all := make([][]string, len(t.widths))
	for i := range t.widths {
		if i >= len(r.cells) {
			continue
		}
		c := r.cells[i]
		style := r.style
		if c.style != "" {
			style = c.style
		}
		all[i] = l.wrapText(c.text, style, size, t.widths[i]-2*t.pad)
		if n := len(all[i]); n > maxN {
			maxN = n
		}
	}
	return float64(maxN)*lh + 2*t.pad, all
}

// drawRow draws a row at the cursor.
func (l *pdfLayout) drawRow(t *pdfTable, r tableRow, size float64, header bool) {
	h, lines := l.rowHeight(t, r, size)
	lh := lineH(size) * 0.92
	x, y := marginLeft, l.f.GetY()
	l.f.SetLineWidth(0.2)
	if r.span {
		total := 0.0
		for _, w := range t.widths {
			total += w
		}
		if r.shade {
			l.f.SetFillColor(235, 235, 235)
			l.f.Rect(x, y, total, h, "FD")
		} else {
			l.f.Rect(x, y, total, h, "D")
		}
		l.font(r.style, size)
		for j, s := range lines[0] {
			l.f.Text(x+t.pad, baseline(y+t.pad+float64(j)*lh, lh, size), s)
		}
		l.f.SetXY(marginLeft, y+h)
		return
	}
	for i, w := range t.widths {
		if r.shade {
			l.f.SetFillColor(235, 235, 235)
			l.f.Rect(x, y, w, h, "FD")
		} else {
			l.f.Rect(x, y, w, h, "D")
		}
		style := r.style
		if i < len(r.cells) && r.cells[i].style != "" {
			style = r.cells[i].style
		}
		l.font(style, size)
		align := t.aligns[i]
		if header {
			align = "C"
		}
		// Centre the block of lines vertically in the cell.
		top := y + (h-float64(len(lines[i]))*lh)/2
		for j, s := range lines[i] {
			tw := l.f.GetStringWidth(s)
			tx := x + t.pad
			switch align {
			case "C":
				tx = x + (w-tw)/2
			case "R":
				tx = x + w - t.pad - tw
			}
			l.f.Text(tx, baseline(top+float64(j)*lh, lh, size), s)
		}
		x += w
	}
	l.f.SetXY(marginLeft, y+h)
}

// drawTable draws the table from the cursor, starting new pages as needed
// and repeating the header rows on each. A row is never split.
func (l *pdfLayout) drawTable(t *pdfTable) {
	if t.pad == 0 {
		t.pad = 1
	}
	if t.headerSize == 0 {
		t.headerSize = t.size
	}
	drawHeader := func() {
		for _, r := range t.header {
			l.drawRow(t, r, t.headerSize, true)
		}
	}
	headH := 0.0
	for _, r := range t.header {
		h, _ := l.rowHeight(t, r, t.headerSize)
		headH += h
	}
	prev := l.onNewPage
	l.onNewPage = drawHeader
	defer func() { l.onNewPage = prev }()
	// Keep the header with at least the first row.
	first := 0.0
	if len(t.rows) > 0 {
		first, _ = l.rowHeight(t, t.rows[0], t.size)
	}
	if l.f.GetY()+headH+first > l.bottom() {
		l.newPage() // draws the header
	} else {
		drawHeader()
	}
	for i, r := range t.rows {
		h, _ := l.rowHeight(t, r, t.size)
		// A heading row stays with the row after it, and the last row
		// (the total) never stands alone on a page.
		if i+1 < len(t.rows) && (r.span || i+2 == len(t.rows)) {
			next, _ := l.rowHeight(t, t.rows[i+1], t.size)
			l.ensure(h + next)
		} else {
			l.ensure(h)
		}
		l.drawRow(t, r, t.size, false)
	}
}

// naturalWidths is, per column, the width of its widest entry on one line
// plus the padding (span rows excluded).
func (l *pdfLayout) naturalWidths(t *pdfTable) []float64 {
	out := make([]float64, len(t.widths))
	measure := func(rows []tableRow, size float64) {
		for _, r := range rows {
			if r.span {
				continue
			}
			for i, c := range r.cells {
				if i >= len(out) {
					break
				}
				style := r.style
				if c.style != "" {
					style = c.style
				}
				l.font(style, size)
				for _, ln := range strings.Split(c.text, "\n") {
					out[i] = math.Max(out[i], l.f.GetStringWidth(ln)+2*t.pad)
				}
			}
		}
	}
	measure(t.header, t.headerSize)
	measure(t.rows, t.size)
	return out
}

// fitWidths scales the flexible columns (flex[i] true) so that the widths
// sum to total.
func fitWidths(widths []float64, flex []bool, total float64) []float64 {
	fixed, flexSum := 0.0, 0.0
	for i, w := range widths {
		if flex[i] {
			flexSum += w
		} else {
			fixed += w
		}
	}
	out := append([]float64(nil), widths...)
	if flexSum == 0 {
		return out
	}
	k := (total - fixed) / flexSum
	for i := range out {
		if flex[i] {
			out[i] = math.Max(out[i]*k, 1)
		}
	}
	return out
}
