package docx

import (
	"tonghop/aggregate/document"
)

// defaultPadding is the space inside a cell on the left and right, mm.
const defaultPadding = 1.0

// table writes t in a text area width mm wide: a fixed-layout grid, centred,
// with repeated header rows, rows that never split, spans as gridSpan and
// vMerge.
func (w *body) table(t *document.Table, width float64) error {
	grid, err := t.Grid()
	if err != nil {
		return err
	}
	widths := t.ColumnWidths(width)
	tw := make([]int, len(widths))
	total := 0
	for i, mm := range widths {
		tw[i] = mmTwips(mm)
		total += tw[i]
	}
	pad := t.Padding
	if !(pad > 0) || pad > 20 {
		pad = defaultPadding
	}
	def := halfPoints(t.FontSize, 28)

	w.tableProps(t, tw, total, pad)
	defer func(line int) { w.line = line }(w.line)
	if t.Borders {
		w.line = tableLine
	} else {
		w.line = bodyLine
	}

	for r, row := range grid {
		header := r < t.HeaderRows
		w.s(`<w:tr><w:trPr><w:cantSplit/>`)
		if header {
			w.s(`<w:tblHeader/>`)
		}
		w.s(`</w:trPr>`)
		for c := 0; c < len(row); {
			s := row[c]
			span := max(s.ColSpan, 1)
			cw := 0
			for _, x := range tw[c:min(c+span, len(tw))] {
				cw += x
			}
			w.s(`<w:tc><w:tcPr><w:tcW w:w="`, itoa(cw), `" w:type="dxa"/>`)
			if span > 1 {
				w.s(`<w:gridSpan w:val="`, itoa(span), `"/>`)
			}
			starts := s.Starts(r, c)
			switch {
			case s.RowSpan > 1 && starts:
				w.s(`<w:vMerge w:val="restart"/>`)
			case !starts:
				w.s(`<w:vMerge/>`)
			}
			if s.Cell != nil && s.Cell.Shade {
				w.s(`<w:shd w:val="clear" w:color="auto" w:fill="E6E6E6"/>`)
			}
			if t.Borders || header || s.RowSpan > 1 {
				// Centred vertically, as the PDF writer sets bordered cells.
				w.s(`<w:vAlign w:val="center"/>`)
			}
			w.s(`</w:tcPr>`)
			if !starts || s.Cell == nil || len(s.Cell.Paras) == 0 {
				// A cell holds at least one paragraph.
				w.s(`<w:p><w:pPr><w:rPr><w:sz w:val="`, itoa(def), `"/></w:rPr></w:pPr></w:p>`)
			} else {
				inner := float64(cw)*25.4/1440 - 2*pad
				for i := range s.Cell.Paras {
					w.para(&s.Cell.Paras[i], inner, float64(def)/2)
				}
			}
			w.s(`</w:tc>`)
			c += span
		}
		w.s(`</w:tr>`)
	}
	w.s(`</w:tbl>`)
	return nil
}

// tableProps writes the table's properties and its grid of columns, tw
// twips wide.
func (w *body) tableProps(t *document.Table, tw []int, total int, pad float64) {
	w.s(`<w:tbl><w:tblPr><w:tblW w:w="`, itoa(total), `" w:type="dxa"/><w:jc w:val="center"/>`)
	border := `w:val="nil"`
	if t.Borders {
		border = `w:val="single" w:sz="4" w:space="0" w:color="000000"`
	}
	w.s(`<w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		w.s(`<w:`, side, ` `, border, `/>`)
	}
	w.s(`</w:tblBorders><w:tblLayout w:type="fixed"/>`,
		`<w:tblCellMar><w:left w:w="`, itoa(mmTwips(pad)), `" w:type="dxa"/><w:right w:w="`, itoa(mmTwips(pad)), `" w:type="dxa"/></w:tblCellMar>`,
		`<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>`)
	w.s(`<w:tblGrid>`)
	for _, x := range tw {
		w.s(`<w:gridCol w:w="`, itoa(x), `"/>`)
	}
	w.s(`</w:tblGrid>`)
}
