// Package document is the consolidated report as a neutral document model:
// sections of pages, paragraphs of styled runs, and tables with spanned and
// shaded cells. The report builder fills a Doc once; each writer (PDF, DOCX)
// only lays it out, so the two outputs differ in nothing but the writer.
// It is pure data: no I/O, no fonts, and it imports nothing of the project.
//
// Units: lengths of the page and of indents and rules in millimetres, font
// sizes and paragraph spacing in points, as Nghị định 30/2020/NĐ-CP states
// them.
package document

// Page geometry of Nghị định 30/2020/NĐ-CP (Phụ lục I), millimetres. Every
// section uses A4 with these margins; a landscape section turns the page.
const (
	PageWidth    = 210.0 // A4, portrait
	PageHeight   = 297.0
	MarginTop    = 20.0
	MarginBottom = 20.0
	MarginLeft   = 30.0
	MarginRight  = 15.0
	// HeaderDistance is how far the page number sits from the top edge.
	HeaderDistance = 10.0
	// BodySize is the default font size of body text, points.
	BodySize = 14.0
	// FontFamily is the typeface the writers ask for; writers that embed a
	// font use a metric-compatible one (Liberation Serif).
	FontFamily = "Times New Roman"
)

// Doc is a whole document: one or more sections, each starting on a new
// page.
type Doc struct {
	Sections []Section
}

// Section is a run of pages with one orientation and one page numbering.
type Section struct {
	Landscape   bool
	PageNumbers PageNumbers
	Blocks      []Block
}

// TextWidth is the width of the text area of the section's pages, mm.
func (s *Section) TextWidth() float64 {
	if s.Landscape {
		return PageHeight - MarginLeft - MarginRight
	}
	return PageWidth - MarginLeft - MarginRight
}

// PageNumbers says how a section numbers its pages. Numbers are centred in
// the top margin.
type PageNumbers int

// Page numbering of a section.
const (
	// NoPageNumbers shows no number on the section's pages.
	NoPageNumbers PageNumbers = iota
	// FromSecondPage continues the numbering of the previous section (the
	// first section starts at 1) and shows no number on the section's first
	// page: the body of a báo cáo.
	FromSecondPage
	// Restart numbers the section from 1 again, as a document of its own,
	// with no number on its first page: an appendix (phụ lục).
	Restart
)

// Block is a Paragraph, a Table or a PageBreak.
type Block interface {
	block()
}

func (Paragraph) block() {}
func (Table) block()     {}
func (PageBreak) block() {}

// PageBreak starts a new page in the same section.
type PageBreak struct{}

// Align is the horizontal alignment of a paragraph.
type Align int

// Alignments.
const (
	Left Align = iota
	Centre
	Right
	Justify
)

// Run is a piece of text in one style. Size 0 takes the size of its
// context: the table's FontSize in a table, BodySize elsewhere. A line break
// in Text ("\n") is a line break inside the paragraph.
type Run struct {
	Text         string
	Bold, Italic bool
	Size         float64 // points
}

// Paragraph is a block of text. Runs follow each other without an added
// space.
type Paragraph struct {
	Runs  []Run
	Align Align
	// FirstLine indents the first line and Indent the whole paragraph from
	// the left, mm.
	FirstLine, Indent float64
	// SpaceBefore and SpaceAfter are the space around the paragraph, points.
	SpaceBefore, SpaceAfter float64
	// KeepWithNext keeps the paragraph on the page of the next block (a
	// heading with its first paragraph).
	KeepWithNext bool
	// Rule draws a short horizontal rule centred under the paragraph.
	Rule Rule
}

// Rule is a thin horizontal line centred under a paragraph, as under the
// issuing body, the motto and the subject of a báo cáo. The zero Rule draws
// nothing.
type Rule struct {
	Length float64
	Unit   RuleUnit
}

// RuleUnit says what a Rule's Length measures.
type RuleUnit int

// Rule units.
const (
	// MM: Length is in millimetres.
	MM RuleUnit = iota
	// OfText: Length is a fraction of the width of the paragraph's text
	// (1 = as long as the text, as under the motto).
	OfText
	// OfColumn: Length is a fraction of the width the paragraph sits in
	// (the text area, or the table column).
	OfColumn
)

// Table is a grid of cells. Widths has one entry per column; with Relative
// they are proportions of the text width, otherwise millimetres. The first
// HeaderRows rows repeat at the top of every page the table runs onto. A
// row is never split over two pages.
type Table struct {
	Widths     []float64
	Relative   bool
	HeaderRows int
	// Borders draws every cell's borders; without it the table is the
	// invisible layout grid of the header and signer blocks.
	Borders bool
	// FontSize is the size of text in the cells whose runs have none.
	FontSize float64
	// Padding is the space inside a cell on the left and right, mm; 0 lets
	// the writer choose (about 1 mm).
	Padding float64
	Rows    []Row
}

// Row is one table row. Its cells fill the columns left to right, skipping
// the columns that a cell of a row above covers with its RowSpan, as in an
// HTML table.
type Row struct {
	Cells []Cell
}

// Cell is one table cell. ColSpan and RowSpan below 2 mean 1.
type Cell struct {
	Paras            []Paragraph
	ColSpan, RowSpan int
	// Shade fills the cell with a light grey (subtotal rows).
	Shade bool
}

// ColumnWidths returns the table's column widths in mm for a text area
// textWidth mm wide. Negative, NaN and infinite widths count as 0.
func (t *Table) ColumnWidths(textWidth float64) []float64 {
	out := make([]float64, len(t.Widths))
	sum := 0.0
	for i, w := range t.Widths {
		if !(w > 0) || w > 1e6 {
			w = 0
		}
		out[i] = w
		sum += w
	}
	if t.Relative {
		for i := range out {
			if sum > 0 {
				out[i] = out[i] / sum * textWidth
			} else {
				out[i] = textWidth / float64(len(out))
			}
		}
	}
	return out
}

// Text returns the paragraph's text, runs joined.
func (p *Paragraph) Text() string {
	n := 0
	for _, r := range p.Runs {
		n += len(r.Text)
	}
	b := make([]byte, 0, n)
	for _, r := range p.Runs {
		b = append(b, r.Text...)
	}
	return string(b)
}
