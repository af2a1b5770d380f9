// Package pdf writes the PDF summary the Department signs and sends to the provincial People's
// Committee, laid out as Nghị định 30/2020/NĐ-CP asks of a báo cáo: the
// two-column header, the title and subject, five numbered parts generated
// from the merge, the closing block, and an appendix on landscape pages with
// the full table by unit. Every indicator, group and list comes from the
// campaign; nothing here names one.
//
// It sits at the end of the flow (result → summary → writers) and is
// imported only by main.
package pdf

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"time"

	"tonghop/aggregate/summary"
	"tonghop/templates"
	"tonghop/templates/atomicfile"
	"tonghop/templates/vn"
)

// Options changes what the PDF summary says.
type Options struct {
	// Conclusion is the text of the file passed with --ket-luan; when not
	// empty it replaces Campaign.Proposals in part V. Paragraphs are
	// separated by line breaks.
	Conclusion string
}

// Write writes the summary report of s to path (through a temporary
// file in the same folder). The creation date is s.AsOf, so that the same
// merge gives the same file.
func Write(s *summary.Summary, path string, opts Options) error {
	var buf bytes.Buffer
	if err := render(s, opts, &buf); err != nil {
		return fmt.Errorf("tạo báo cáo PDF %s: %w", path, err)
	}
	return atomicfile.Write(path, func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	})
}

// render lays the summary out and writes the PDF bytes to w.
func render(s *summary.Summary, opts Options, w io.Writer) error {
	if s == nil || s.Campaign == nil {
		return fmt.Errorf("không có kết quả tổng hợp")
	}
	d := &pdfDoc{pdfLayout: newLayout(s.AsOf), s: s, c: s.Campaign, opts: opts, today: s.Date}
	d.f.SetTitle(templates.NFC("Báo cáo "+vn.LowerFirst(d.c.Subject)), true)
	d.f.SetAuthor(templates.NFC(d.c.IssuingBody), true)
	d.f.SetCreator("tonghop", true)
	d.f.SetProducer("tonghop", true)
	d.f.SetLang("vi-VN")
	d.newPage()
	d.header()
	d.body()
	d.closing()
	d.appendix()
	if err := d.f.Error(); err != nil {
		return err
	}
	return d.f.Output(w)
}

// pdfDoc is the summary being laid out.
type pdfDoc struct {
	*pdfLayout
	s    *summary.Summary
	c    *templates.Campaign
	opts Options
	// today is the report's date: the calendar day of s.AsOf in Vietnam.
	today time.Time
}

// Body text sizes, points.
const (
	bodySize  = 14
	tableSize = 12
)

func (d *pdfDoc) bodyPara(runs ...textRun) {
	d.paragraph(paraStyle{size: bodySize, indent: firstIndent, after: paraSpace}, runs...)
}

// heading writes a bold part or item heading with the first-line indent.
func (d *pdfDoc) heading(text string) {
	d.ensure(3 * lineH(bodySize)) // keep a heading with what follows
	d.paragraph(paraStyle{size: bodySize, indent: firstIndent, after: paraSpace}, textRun{text, "B"})
}

// header draws the two-column header, "BÁO CÁO" and the subject line.
func (d *pdfDoc) header() {
	l, c := d.pdfLayout, d.c
	y0 := d.f.GetY()
	total := l.width()
	// The header table stays inside the text area: the parent body, the
	// issuing body and the national title in 12 pt (Nghị định 30 allows
	// 12–13) fit side by side in 165 mm; the motto keeps 13 pt.
	const hs = 12
	hx, hw := marginLeft, total
	l.font("B", hs)
	leftW := d.f.GetStringWidth(c.IssuingBody)
	l.font("", hs)
	leftW = math.Max(leftW, d.f.GetStringWidth(c.ParentBody)) + 4
	l.font("B", hs)
	rightMin := d.f.GetStringWidth("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") + 2
	leftW = math.Min(math.Max(leftW, 0.38*hw), hw-rightMin)
	rightX, rightW := hx+leftW, hw-leftW
	h12, h13 := lineH(hs), lineH(13)

	// Left: parent body, issuing body, a short rule, the number.
	y := y0
	l.font("", hs)
	l.centred(hx, leftW, y, c.ParentBody, hs)
	y += h12
	l.font("B", hs)
	tw := l.centred(hx, leftW, y, c.IssuingBody, hs)
	y += h12
	l.rule(hx+leftW/2, y+1.2, math.Min(tw/3, 30))
	y += 3.5
	l.font("", 13)
	l.centred(hx, leftW, y, "Số:        /"+c.Symbol, 13)
	leftEnd := y + h13

	// Right: national title, motto with a rule as long as it, place and date.
	y = y0
	l.font("B", hs)
	l.centred(rightX, rightW, y, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", hs)
	y += h12
	l.font("B", 13)
	tw = l.centred(rightX, rightW, y, "Độc lập - Tự do - Hạnh phúc", 13)
	y += h13
	l.rule(rightX+rightW/2, y+1.4, tw)
	y += 3.5
	l.font("I", 14)
	l.centred(rightX, rightW, y, vn.DateLine(c.Place, d.today), 14)
	rightEnd := y + lineH(14)

	d.f.SetXY(marginLeft, math.Max(leftEnd, rightEnd)+8)
	d.paragraph(paraStyle{size: 14, align: "C"}, textRun{"BÁO CÁO", "B"})
	d.paragraph(paraStyle{size: 14, align: "C"}, textRun{c.Subject, "B"})
	y = d.f.GetY()
	l.rule(marginLeft+total/2, y+1, 40)
	d.f.SetY(y + 7)
}

// closing draws "Nơi nhận:" on the left and the signer on the right, kept
// together on one page.
func (d *pdfDoc) closing() {
	l, c := d.pdfLayout, d.c
	total := l.width()
	leftW := total * 0.5
	rightX, rightW := marginLeft+leftW, total-leftW
	h11, h12, h14 := lineH(11)*0.95, lineH(12), lineH(14)
	var recips []string
	for _, r := range c.Recipients {
		recips = append(recips, l.wrapText("- "+r, "", 11, leftW-2)...)
	}
	leftH := h12 + float64(len(recips))*h11
	signSpace := 28.0
	rightH := float64(len(c.SignerTitle))*h14 + signSpace + h14
	d.space(2)
	d.ensure(math.Max(leftH, rightH) + 2)
	y0 := d.f.GetY()

	y := y0
	l.font("BI", 12)
	d.f.Text(marginLeft, baseline(y, h12, 12), "Nơi nhận:")
	y += h12
	l.font("", 11)
	for _, s := range recips {
		d.f.Text(marginLeft, baseline(y, h11, 11), s)
		y += h11
	}

	y = y0
	l.font("B", 14)
	for _, s := range c.SignerTitle {
		l.centred(rightX, rightW, y, s, 14)
		y += h14
	}
	y += signSpace
	if c.SignerName != "" {
		l.centred(rightX, rightW, y, c.SignerName, 14)
	}
	d.f.SetXY(marginLeft, y0+math.Max(leftH, rightH))
}

func tableCells(texts ...string) []tableCell {
	out := make([]tableCell, len(texts))
	for i, t := range texts {
		out[i] = tableCell{text: t}
	}
	return out
}
