package report

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"tonghop/aggregate"
	"tonghop/aggregate/document"
	"tonghop/aggregate/summary"
	"tonghop/templates"
	"tonghop/templates/vn"
)

// Appendix limits.
const (
	// maxColumns is the most indicator columns of one appendix table, so
	// that a header of words stays a few lines high at 9 pt.
	maxColumns = 7
	// LargeAppendix is the number of units beyond which an appendix
	// summarises by group and district and names only the units with
	// gaps: at national scale the pages grow with districts, not units.
	LargeAppendix = 400
	// appendixHead is the size of the appendix's header rows, points.
	appendixHead = 9
	// maxGapRows is the most units a large appendix gives a row each.
	maxGapRows = 100
)

// countedFully counts units by group and district, for lists too long for
// any page: "kể theo nhóm: …; danh sách chi tiết tại bảng tổng hợp kèm
// theo".
func (b *builder) countedFully(us []*templates.Unit) string {
	return CountedPrefix + strings.Join(b.byGroup(us, true), "; ") + CountedEnd + "chi tiết tại bảng tổng hợp kèm theo"
}

// namesSection is the last appendix: the units the body counts, listed
// under the titles the body points to; past LargeAppendix units a list is
// counted by group and district, the names left to the workbook.
func (b *builder) namesSection() document.Section {
	blocks := []document.Block{
		document.Paragraph{Runs: []document.Run{bold("Phụ lục " + Roman(b.namesAppendix))}, Align: document.Centre},
		document.Paragraph{Runs: []document.Run{bold("DANH SÁCH CÁC CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG NÊU TẠI BÁO CÁO")}, Align: document.Centre},
		document.Paragraph{Runs: []document.Run{sized(ital(fmt.Sprintf("(Kèm theo Báo cáo số%s/%s ngày%s)", blank, b.c.Symbol, b.refDate())), 13)},
			Align: document.Centre, SpaceAfter: 6},
	}
	for i, l := range b.listed {
		names := joinNames(l.units)
		if len(l.units) > LargeAppendix {
			names = b.countedFully(l.units)
		}
		blocks = append(blocks, document.Paragraph{Align: document.Justify, FirstLine: firstLine, SpaceAfter: 3,
			Runs: []document.Run{sized(bold(fmt.Sprintf("%d. %s (%s đơn vị): ", i+1, l.title, vn.Count(len(l.units)))), tableSize),
				sized(run(names+"."), tableSize)}})
	}
	return document.Section{PageNumbers: document.Restart, Blocks: blocks}
}

// Yes/no marks of the appendix.
const (
	markYes = "x"
	markNo  = "–"
)

// part is one appendix: indicators that apply to the same groups, and the
// ratio pairs among them.
type part struct {
	groups []string // codes of the groups concerned, campaign order
	inds   []*templates.Indicator
	ratios []*summary.RatioResult
}

// parts splits the totalled indicators by the groups they apply to (the
// common sections for every unit, the grassroots section for districts and
// communes, the press section for the press), and a part with too many
// columns by section of the form.
func (b *builder) parts() []part {
	var keys []string
	byKey := map[string][]*templates.Indicator{}
	for i := range b.c.Indicators {
		ind := &b.c.Indicators[i]
		if !Summed(ind) {
			continue
		}
		k := strings.Join(ind.Groups, ",")
		if _, ok := byKey[k]; !ok {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], ind)
	}
	var out []part
	for _, k := range keys {
		var groups []string
		for _, g := range b.c.Groups {
			if byKey[k][0].AppliesTo(g.Code) {
				groups = append(groups, g.Code)
			}
		}
		cur := part{groups: groups}
		inds := byKey[k]
		for i := 0; i < len(inds); {
			j := i
			for j < len(inds) && inds[j].Section == inds[i].Section {
				j++
			}
			if len(cur.inds) > 0 && len(cur.inds)+j-i > maxColumns {
				out = append(out, cur)
				cur = part{groups: groups}
			}
			cur.inds = append(cur.inds, inds[i:j]...)
			i = j
		}
		out = append(out, cur)
	}
	for i := range out {
		for k := range b.s.Ratios {
			r := &b.s.Ratios[k]
			if hasInd(out[i].inds, r.Ratio.Numerator) && hasInd(out[i].inds, r.Ratio.Denominator) {
				out[i].ratios = append(out[i].ratios, r)
			}
		}
	}
	return out
}

func hasInd(inds []*templates.Indicator, id string) bool {
	return slices.ContainsFunc(inds, func(ind *templates.Indicator) bool { return ind.ID == id })
}

// appendices builds one landscape section per part, each numbered on its
// own.
func (b *builder) appendices(parts []part) []document.Section {
	var out []document.Section
	for i, p := range parts {
		out = append(out, document.Section{Landscape: true, PageNumbers: document.Restart, Blocks: b.appendix(i+1, p)})
	}
	return out
}

// appendix is one appendix: its title, the reference to the report, the
// table and its legend.
func (b *builder) appendix(n int, p part) []document.Block {
	var titles []string
	for _, ind := range p.inds {
		if t := strings.ToUpper(ind.SectionTitle); !slices.Contains(titles, t) {
			titles = append(titles, t)
		}
	}
	who := "CỦA TỪNG CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG"
	if len(p.groups) < len(b.c.Groups) {
		var names []string
		for _, g := range p.groups {
			names = append(names, strings.ToUpper(b.c.Group(g).Name))
		}
		who = "CỦA " + strings.Join(names, " VÀ ")
	}
	// A section named as its units are ("Cơ quan báo chí" of "Các cơ quan
	// báo chí của tỉnh") is not said twice.
	var kept []string
	for _, t := range titles {
		if !strings.Contains(who, t) {
			kept = append(kept, t)
		}
	}
	title := "KẾT QUẢ THỰC HIỆN " + who
	if len(kept) > 0 {
		title = "KẾT QUẢ " + strings.Join(kept, ", ") + " " + who
	}
	blocks := []document.Block{
		document.Paragraph{Runs: []document.Run{bold("Phụ lục " + Roman(n))}, Align: document.Centre},
		document.Paragraph{Runs: []document.Run{bold(title)}, Align: document.Centre},
		document.Paragraph{Runs: []document.Run{sized(ital(fmt.Sprintf("(Kèm theo Báo cáo số%s/%s ngày%s)", blank, b.c.Symbol, b.refDate())), 13)},
			Align: document.Centre, SpaceAfter: 6},
	}
	units := 0
	for _, g := range p.groups {
		units += len(b.c.UnitsOf(g))
	}
	large := units > LargeAppendix
	blocks = append(blocks, b.appendixTable(p, large))
	note := "Ghi chú: " + markYes + ": Có; " + markNo + ": Không; ô trống: không có số liệu (đơn vị chưa báo cáo, báo cáo chưa được tổng hợp hoặc không trả lời). Ở các dòng cộng, nội dung Có/Không ghi số đơn vị trả lời Có trên số đơn vị thuộc diện; cột Tình trạng ghi số báo cáo được tổng hợp trên số đơn vị phải báo cáo."
	blocks = append(blocks, document.Paragraph{Runs: []document.Run{sized(ital(note), appendSize)}, SpaceBefore: 4})
	if large {
		blocks = append(blocks, b.gapTable(p)...)
	}
	return blocks
}

// appendixTable is the table of a part: a two-row header (sections over
// indicators), then by group (communes under their district with a
// district subtotal), group subtotals and the total; a large part shows
// only the subtotals.
func (b *builder) appendixTable(p part, large bool) document.Table {
	t := b.appendixHeader(p)
	parentOf := map[string]string{} // child group → parent group, both in the part
	for _, g := range p.groups {
		if pg := b.c.Group(g).ParentGroup; pg != "" && slices.Contains(p.groups, pg) {
			parentOf[g] = pg
		}
	}
	blocks := len(p.groups) - len(parentOf)
	n := 0
	for gi, code := range p.groups {
		if parentOf[code] != "" {
			continue
		}
		gr := b.group(code)
		child := ""
		for _, c := range p.groups {
			if parentOf[c] == code && child == "" {
				child = c
			}
		}
		if blocks > 1 {
			name := gr.Group.Name
			if child != "" {
				name += " và " + b.c.Group(child).Name
			}
			t.Rows = append(t.Rows, spanRow(len(t.Widths), fmt.Sprintf("%s. %s", Roman(gi+1), name), true))
		}
		if child != "" {
			for _, d := range b.s.Districts {
				if d.District == nil || d.District.Unit.Group != code {
					continue
				}
				all := append([]*aggregate.UnitResult{d.District}, d.Children...)
				if !large {
					for _, u := range all {
						n++
						t.Rows = append(t.Rows, b.unitRow(p, n, u))
					}
				}
				t.Rows = append(t.Rows, b.sumRow(p, "Cộng "+d.District.Unit.Name, d.Tally, all))
			}
		} else {
			parent := ""
			for _, u := range gr.Units {
				if pg := gr.Group.ParentGroup; pg != "" && u.Unit.Parent != parent && !large {
					parent = u.Unit.Parent
					name := parent
					if pu := b.c.Unit(parent); pu != nil {
						name = pu.Name
					}
					t.Rows = append(t.Rows, spanRow(len(t.Widths), "Thuộc "+name, false))
				}
				if !large {
					n++
					t.Rows = append(t.Rows, b.unitRow(p, n, u))
				}
			}
			if blocks > 1 || large {
				t.Rows = append(t.Rows, b.sumRow(p, "Cộng "+vn.LowerFirst(gr.Group.Name), gr.Tally, gr.Units))
			}
		}
	}
	var all []*aggregate.UnitResult
	tally := summary.Tally{}
	for _, code := range p.groups {
		gr := b.group(code)
		all = append(all, gr.Units...)
		tally = tally.Plus(gr.Tally)
	}
	t.Rows = append(t.Rows, b.sumRow(p, "TỔNG CỘNG", tally, all))
	fitFigures(&t)
	return t
}

// fitFigures sizes the figure columns of an appendix table (after TT, the
// name and the status) to their widest figure, so that a number never
// breaks inside its cell ("2.728.237.979" on one line): a column too
// narrow takes room from the name column, down to minName; if that is not
// enough the table's text gets smaller, down to minFigure points.
func fitFigures(t *document.Table) {
	const (
		minName   = 45.0 // mm
		minFigure = 7.0  // points
		first     = 3    // the first figure column
	)
	for size := t.FontSize; size >= minFigure; size-- {
		need := make([]float64, len(t.Widths))
		for _, r := range t.Rows[t.HeaderRows:] {
			col := 0
			for _, c := range r.Cells {
				if col >= first && c.ColSpan <= 1 {
					for _, p := range c.Paras {
						bold := len(p.Runs) > 0 && p.Runs[0].Bold
						need[col] = max(need[col], document.EstimateWidth(p.Text(), size, bold)*1.08+2*t.Padding+0.5)
					}
				}
				col += max(c.ColSpan, 1)
			}
		}
		extra := 0.0
		for i := first; i < len(t.Widths); i++ {
			extra += max(0, need[i]-t.Widths[i])
		}
		if t.Widths[1]-extra >= minName || (size == minFigure && t.Widths[1]-extra >= minName/2) {
			for i := first; i < len(t.Widths); i++ {
				if need[i] > t.Widths[i] {
					t.Widths[1] -= need[i] - t.Widths[i]
					t.Widths[i] = need[i]
				}
			}
			t.FontSize = size
			return
		}
	}
}

// group returns the summary of a group.
func (b *builder) group(code string) *summary.GroupResult {
	for i := range b.s.Groups {
		if b.s.Groups[i].Group.Code == code {
			return &b.s.Groups[i]
		}
	}
	return &summary.GroupResult{Group: b.c.Group(code)}
}

// appendixHeader is the table with its widths and two header rows.
func (b *builder) appendixHeader(p part) document.Table {
	width := (&document.Section{Landscape: true}).TextWidth()
	t := document.Table{Borders: true, HeaderRows: 2, FontSize: appendSize, Padding: 0.8}
	cols := len(p.inds) + len(p.ratios)
	const tt, status = 8.0, 22.0
	colW := min(28.0, (width-tt-status-70)/float64(cols))
	t.Widths = []float64{tt, width - tt - status - colW*float64(cols), status}
	top := document.Row{Cells: []document.Cell{headCellAt("TT", 1, 2), headCellAt("Cơ quan, đơn vị, địa phương", 1, 2), headCellAt("Tình trạng", 1, 2)}}
	bottom := document.Row{}
	for i := 0; i < len(p.inds); {
		j := i
		for j < len(p.inds) && p.inds[j].Section == p.inds[i].Section {
			j++
		}
		top.Cells = append(top.Cells, headCellAt(p.inds[i].SectionTitle, j-i, 1))
		for _, ind := range p.inds[i:j] {
			label := ind.ShortLabel()
			if ind.Unit != "" {
				label += " (" + ind.Unit + ")"
			}
			bottom.Cells = append(bottom.Cells, headCellAt(label, 1, 1))
			t.Widths = append(t.Widths, colW)
		}
		i = j
	}
	if len(p.ratios) > 0 {
		top.Cells = append(top.Cells, headCellAt("Tỷ lệ", len(p.ratios), 1))
		for _, r := range p.ratios {
			bottom.Cells = append(bottom.Cells, headCellAt(ratioLabel(r.Ratio), 1, 1))
			t.Widths = append(t.Widths, colW)
		}
	}
	t.Rows = append(t.Rows, top, bottom)
	return t
}

func headCellAt(s string, cs, rs int) document.Cell {
	return document.Cell{ColSpan: cs, RowSpan: rs, Paras: []document.Paragraph{{Runs: []document.Run{sized(bold(s), appendixHead)}, Align: document.Centre}}}
}

// spanRow is a heading row across the table.
func spanRow(cols int, text string, isBold bool) document.Row {
	r := document.Run{Text: text, Bold: isBold, Italic: !isBold}
	return document.Row{Cells: []document.Cell{{ColSpan: cols, Paras: []document.Paragraph{{Runs: []document.Run{r}}}}}}
}

// unitRow is one unit's row.
func (b *builder) unitRow(p part, n int, u *aggregate.UnitResult) document.Row {
	r := document.Row{Cells: []document.Cell{cc(strconv.Itoa(n)), cl(u.Unit.Name), cc(StatusShort(u.Status))}}
	for _, ind := range p.inds {
		r.Cells = append(r.Cells, cellP(document.Right, false, unitValue(u, ind)))
	}
	for _, rr := range p.ratios {
		r.Cells = append(r.Cells, cr(unitRatio(u, rr)))
	}
	return r
}

// unitRatio is a unit's ratio as a percentage, "" without both figures.
func unitRatio(u *aggregate.UnitResult, rr *summary.RatioResult) string {
	x, ok := rr.ByUnit[u]
	if !ok {
		return ""
	}
	return pct(x.Num, x.Den)
}

// sumRow is a subtotal over some units.
func (b *builder) sumRow(p part, label string, s summary.Tally, units []*aggregate.UnitResult) document.Row {
	cells := []document.Cell{cc(""), cl(label), cc(vn.Int(s.Valid) + "/" + vn.Int(s.Expected))}
	for _, ind := range p.inds {
		if ind.Type == templates.TypeYesNo {
			r := b.yesNo(ind.ID).InUnits(units)
			cells = append(cells, cr(vn.Int(r.Part)+"/"+vn.Int(r.Whole)))
			continue
		}
		cells = append(cells, cr(figure(ind, s.Totals[ind.ID], false)))
	}
	for _, rr := range p.ratios {
		x := rr.Over(units)
		cells = append(cells, cr(pct(x.Num, x.Den)))
	}
	return row(true, cells...)
}

// gapTable names, in a large appendix, only the units with a gap on one
// of the part's yes/no indicators; the rest is in the workbook.
func (b *builder) gapTable(p part) []document.Block {
	gap := map[*aggregate.UnitResult]bool{}
	for _, ind := range p.inds {
		if y := b.yesNo(ind.ID); y != nil {
			for _, u := range y.Gap {
				gap[u] = true
			}
		}
	}
	by := "theo nhóm"
	if b.c.HasDistricts() {
		by = "theo nhóm và theo huyện"
	}
	intro := "Bảng trên ghi số liệu " + by + "; số liệu của từng cơ quan, đơn vị tại bảng tổng hợp kèm theo."
	if len(gap) == 0 {
		return []document.Block{para(sized(run(intro), appendSize))}
	}
	var units []*templates.Unit
	var rows []*aggregate.UnitResult
	for _, u := range b.s.Units {
		if gap[u.UnitResult] && slices.Contains(p.groups, u.Unit.Group) {
			units = append(units, u.Unit)
			rows = append(rows, u.UnitResult)
		}
	}
	head := intro + fmt.Sprintf(" Các đơn vị chưa thực hiện đủ (%s đơn vị):", vn.Int(len(units)))
	if len(units) > maxGapRows {
		// A row per unit would make the appendix grow with units: past
		// maxGapRows, their count by group and district.
		return []document.Block{para(sized(run(head+" "+b.countedFully(units)+"."), appendSize))}
	}
	t := b.appendixHeader(p)
	for i, u := range rows {
		t.Rows = append(t.Rows, b.unitRow(p, i+1, u))
	}
	fitFigures(&t)
	return []document.Block{para(sized(run(head), appendSize)), t}
}

// unitValue is a unit's value of an indicator as the appendix shows it.
func unitValue(u *aggregate.UnitResult, ind *templates.Indicator) string {
	if !u.Status.Counted() || u.Report == nil || !ind.AppliesTo(u.Unit.Group) {
		return ""
	}
	v, ok := u.Report.Values.Get(ind.ID)
	if !ok || v.Empty {
		return ""
	}
	switch ind.Type {
	case templates.TypeYesNo:
		if v.Bool {
			return markYes
		}
		return markNo
	case templates.TypeWhole, templates.TypeNumber, templates.TypeMoney:
		return vn.Round(v.Num, 2)
	case templates.TypePercent:
		return vn.Pct(v.Num)
	}
	return v.String()
}

// StatusShort is the status as the appendix column shows it.
func StatusShort(s aggregate.Status) string {
	switch s {
	case aggregate.StatusOnTime:
		return "Đúng hạn"
	case aggregate.StatusLate:
		return "Muộn"
	case aggregate.StatusInvalid:
		return "Có lỗi"
	case aggregate.StatusUnreadable:
		return "Không đọc được"
	case aggregate.StatusMissing, aggregate.StatusNotYetDue:
		return "Chưa báo cáo"
	}
	return s.Label()
}
