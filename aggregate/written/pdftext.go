package written

import (
	"math"
	"sort"
	"strings"

	"github.com/ledongthuc/pdf"

	"tonghop/aggregate/gate"
)

// The page's text is walked here rather than with the library's
// Page.Content: that one decodes a "\n" through the font after every TJ
// (a phantom glyph at the end of each LibreOffice line), re-parses the
// font's CMap at every Tf, and indexes an empty stack on a stray Q. This
// walker uses the library's content interpreter, our ToUnicode reader
// (cmap.go) or else the library's font decoders, keeps one decoder per
// font name, and emits one positioned segment per string.

// affine is a PDF matrix [a b c d e f].
type affine [6]float64

var identity = affine{1, 0, 0, 1, 0, 0}

// mul returns m × n.
func (m affine) mul(n affine) affine {
	return affine{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func translate(x, y float64) affine { return affine{1, 0, 0, 1, x, y} }

// segment is one shown string, placed on the page.
type segment struct {
	x, y, w, size float64
	s             string
}

// textState is the part of the graphics state that places text.
type textState struct {
	ctm, tm, tlm       affine
	tc, tw, th, tl, ts float64
	fs                 float64
	font               string
}

// font is a page font's decoder and widths.
type font struct {
	cmap   *toUnicode // the ToUnicode CMap, read here; else enc
	enc    pdf.TextEncoding
	widths []float64
	first  int
	twoB   bool // Type0: two-byte codes
	cidW   map[int]float64
	dw     float64 // Type0: default width
}

// maxCIDWidths bounds the widths read from a Type0 font's W array.
const maxCIDWidths = 65536

// cidWidths reads a Type0 font's descendant DW and W ([c [w…]] or
// [c1 c2 w] entries), with bounds.
func cidWidths(f pdf.Value) (map[int]float64, float64) {
	d := f.Key("DescendantFonts").Index(0)
	dw := 1000.0
	if v := d.Key("DW"); v.Kind() == pdf.Integer || v.Kind() == pdf.Real {
		dw = v.Float64()
	}
	w := d.Key("W")
	out := map[int]float64{}
	for i := 0; i+1 < w.Len() && len(out) < maxCIDWidths; {
		c := int(w.Index(i).Int64())
		if next := w.Index(i + 1); next.Kind() == pdf.Array {
			for j := 0; j < next.Len() && len(out) < maxCIDWidths; j++ {
				out[c+j] = next.Index(j).Float64()
			}
			i += 2
			continue
		}
		if i+2 >= w.Len() {
			break
		}
		last, width := int(w.Index(i+1).Int64()), w.Index(i+2).Float64()
		for k := c; k <= last && len(out) < maxCIDWidths; k++ {
			out[k] = width
		}
		i += 3
	}
	return out, dw
}

// maxSegments bounds the segments of one page.
const maxSegments = gate.WrittenMaxSegments

// walker interprets one page's content for its text.
type walker struct {
	page  pdf.Page
	fonts map[string]*font
	g     textState
	stack []textState
	segs  []segment
}

// pageSegments walks a page's content streams.
func pageSegments(p pdf.Page) []segment {
	w := &walker{page: p, fonts: map[string]*font{}, g: textState{ctm: identity, tm: identity, tlm: identity, th: 1}}
	pdf.Interpret(p.V.Key("Contents"), w.op)
	return w.segs
}

// font returns the page font's decoder and widths, read once per name.
func (w *walker) font(name string) *font {
	if f, ok := w.fonts[name]; ok {
		return f
	}
	if len(w.fonts) > 1000 {
		return &font{}
	}
	pf := w.page.Font(name)
	f := &font{cmap: readToUnicode(pf.V.Key("ToUnicode")), first: pf.FirstChar(), twoB: pf.V.Key("Subtype").Name() == "Type0"}
	if f.cmap == nil {
		f.enc = pf.Encoder()
	}
	if f.twoB {
		f.cidW, f.dw = cidWidths(pf.V)
	} else {
		f.widths = pf.Widths()
	}
	w.fonts[name] = f
	return f
}

// show places one shown string and advances the text matrix past it.
func (w *walker) show(raw string) {
	g := &w.g
	if len(w.segs) >= maxSegments || g.font == "" {
		return
	}
	f := w.font(g.font)
	s := raw
	switch {
	case f.cmap != nil:
		s = f.cmap.decode(raw)
	case f.enc != nil:
		s = f.enc.Decode(raw)
	}
	adv := 0.0 // in text space
	step := 1
	if f.twoB {
		step = 2
	}
	for i := 0; i+step <= len(raw); i += step {
		gw := 500.0
		if f.twoB {
			gw = f.dw
			if v, ok := f.cidW[int(raw[i])<<8|int(raw[i+1])]; ok {
				gw = v
			}
		} else if c := int(raw[i]) - f.first; c >= 0 && c < len(f.widths) {
			gw = f.widths[c]
		}
		adv += (gw/1000*g.fs + g.tc) * g.th
		if raw[i] == ' ' && !f.twoB {
			adv += g.tw * g.th
		}
	}
	trm := affine{g.fs * g.th, 0, 0, g.fs, 0, g.ts}.mul(g.tm).mul(g.ctm)
	x0 := g.tm.mul(g.ctm)
	w.segs = append(w.segs, segment{x: trm[4], y: trm[5], w: adv * math.Hypot(x0[0], x0[1]), size: math.Hypot(trm[2], trm[3]), s: s})
	g.tm = translate(adv, 0).mul(g.tm)
}

// op runs one content operator; those that do not place text are ignored.
func (w *walker) op(stk *pdf.Stack, op string) {
	n := stk.Len()
	args := make([]pdf.Value, n)
	for i := n - 1; i >= 0; i-- {
		args[i] = stk.Pop()
	}
	num := func(i int) float64 {
		if i < n {
			return args[i].Float64()
		}
		return 0
	}
	g := &w.g
	switch op {
	case "cm":
		if n == 6 {
			g.ctm = affine{num(0), num(1), num(2), num(3), num(4), num(5)}.mul(g.ctm)
		}
	case "q":
		if len(w.stack) < 1000 {
			w.stack = append(w.stack, *g)
		}
	case "Q":
		if len(w.stack) > 0 {
			*g, w.stack = w.stack[len(w.stack)-1], w.stack[:len(w.stack)-1]
		}
	case "BT":
		g.tm, g.tlm = identity, identity
	case "Tc":
		g.tc = num(0)
	case "Tw":
		g.tw = num(0)
	case "Tz":
		g.th = num(0) / 100
	case "TL":
		g.tl = num(0)
	case "Ts":
		g.ts = num(0)
	case "Tf":
		if n == 2 {
			g.font, g.fs = args[0].Name(), num(1)
		}
	case "TD", "Td":
		if op == "TD" {
			g.tl = -num(1)
		}
		g.tlm = translate(num(0), num(1)).mul(g.tlm)
		g.tm = g.tlm
	case "Tm":
		if n == 6 {
			g.tm = affine{num(0), num(1), num(2), num(3), num(4), num(5)}
			g.tlm = g.tm
		}
	case "T*", "'", "\"":
		if op == "\"" && n == 3 {
			g.tw, g.tc = num(0), num(1)
		}
		g.tlm = translate(0, -g.tl).mul(g.tlm)
		g.tm = g.tlm
		if op != "T*" && n > 0 {
			w.show(args[n-1].RawString())
		}
	case "Tj":
		if n == 1 {
			w.show(args[0].RawString())
		}
	case "TJ":
		if n == 1 {
			w.showArray(args[0])
		}
	}
}

// showArray runs a TJ array: strings shown, numbers moving back by
// thousandths of the font size.
func (w *walker) showArray(a pdf.Value) {
	for i := 0; i < a.Len() && i < 100_000; i++ {
		x := a.Index(i)
		if x.Kind() == pdf.String {
			w.show(x.RawString())
		} else {
			w.g.tm = translate(-x.Float64()/1000*w.g.fs*w.g.th, 0).mul(w.g.tm)
		}
	}
}

// pageLines lays a page's segments out in reading order: rows from the
// top, segments left to right, a row split into separate lines where a
// wide gap separates two columns (the title block's left and right
// halves), and a space wherever two segments stand apart.
func pageLines(segs []segment, out *textBuf) {
	kept := segs[:0]
	for _, s := range segs {
		if s.s != "" && !math.IsNaN(s.x+s.y+s.w+s.size) && !math.IsInf(s.x+s.y+s.w+s.size, 0) {
			kept = append(kept, s)
		}
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].y > kept[j].y })
	for start := 0; start < len(kept); {
		// A row: segments whose baseline is within half a font size of
		// the row's first.
		tol := math.Max(kept[start].size, 1) / 2
		end := start + 1
		for end < len(kept) && kept[start].y-kept[end].y <= tol {
			end++
		}
		row := kept[start:end]
		sort.SliceStable(row, func(i, j int) bool { return row[i].x < row[j].x })
		var b strings.Builder
		for i, s := range row {
			if i > 0 {
				prev := row[i-1]
				gap := s.x - (prev.x + prev.w)
				size := math.Max(s.size, 1)
				switch {
				case gap > 2*size:
					b.WriteByte('\n')
				case gap > size/5 && !strings.HasSuffix(b.String(), " ") && !strings.HasPrefix(s.s, " "):
					b.WriteByte(' ')
				}
			}
			b.WriteString(s.s)
		}
		out.write(b.String())
		out.write("\n")
		start = end
	}
}
