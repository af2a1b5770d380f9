package aggregate

import (
	"fmt"
	"strings"
	"unicode/utf8"

	bk "tonghop/aggregate/book"
	"tonghop/aggregate/mail"
	"tonghop/aggregate/names"
	"tonghop/templates"
)

// Identifying the unit of a returned file. The strongest evidence is the
// identity a generated template carries (the very hidden sheet, the custom
// document properties, the unit code cell); it is cross-checked with the unit
// name shown in the sheet, which is what a unit that re-used another unit's
// file edits. When the identity is gone (a re-typed form, a Google Sheets
// export), the unit name cell and the file name are matched against the
// names and aliases of the campaign's units.

// identitySources is the identity as each source gives it.
type identitySources struct {
	sheet, props templates.Identity
	codeCell     string  // the DV_MA cell
	codeRef      cellRef // where it was read
}

// readIdentity reads the identity from the hidden sheet, the custom
// document properties and the unit code cell.
func (rd *reader) readIdentity() identitySources {
	var src identitySources
	set := func(id *templates.Identity, key, val string) {
		val = strings.TrimSpace(val)
		switch strings.TrimSpace(key) {
		case templates.IdentityKeyCampaign:
			id.Campaign = val
		case templates.IdentityKeyVersion:
			id.Version = val
		case templates.IdentityKeyUnit:
			id.Unit = val
		case templates.IdentityKeyFingerprint:
			id.Fingerprint = val
		}
	}
	if rd.hasSheet(templates.SheetIdentity) {
		for _, row := range rd.sheetRows(templates.SheetIdentity) {
			if len(row) >= 2 {
				set(&src.sheet, row[0], row[1])
			}
		}
	}
	for _, k := range sortedKeys(rd.b.Custom) {
		set(&src.props, k, rd.b.Custom[k])
	}
	if ref, ok := rd.names[templates.NameUnitCode]; ok && !ref.Broken && rd.hasSheet(ref.Sheet) {
		if cc, err := rd.cell(ref.Sheet, ref.Cell); err == nil && cc.Err == "" {
			src.codeCell = cleanCell(cc.Raw)
			src.codeRef = ref
		}
	}
	return src
}

// merged is the identity taken field by field from the hidden sheet, else
// the document properties.
func (s identitySources) merged() templates.Identity {
	pick := func(a, b string) string {
		if a != "" {
			return a
		}
		return b
	}
	return templates.Identity{
		Campaign:    pick(s.sheet.Campaign, s.props.Campaign),
		Version:     pick(s.sheet.Version, s.props.Version),
		Unit:        pick(s.sheet.Unit, s.props.Unit),
		Fingerprint: pick(s.sheet.Fingerprint, s.props.Fingerprint),
	}
}

// where names the sources that carry the unit code, for the evidence.
func (s identitySources) where(code string) string {
	var w []string
	if s.sheet.Unit == code {
		w = append(w, "trang ẩn "+templates.SheetIdentity)
	}
	if s.props.Unit == code {
		w = append(w, "thuộc tính tệp")
	}
	if s.codeCell == code {
		w = append(w, "ô mã đơn vị "+s.codeRef.Cell)
	}
	return strings.Join(w, ", ")
}

// unitLabel is "Tên đơn vị (MÃ)".
func unitLabel(u *templates.Unit) string {
	return fmt.Sprintf("%s (%s)", u.Name, u.Code)
}

func unitList(ms []names.Match) string {
	var out []string
	seen := map[string]bool{}
	for _, m := range ms {
		if m.Unit == nil || seen[m.Unit.Code] {
			continue
		}
		seen[m.Unit.Code] = true
		out = append(out, unitLabel(m.Unit))
	}
	return strings.Join(out, "; ")
}

// sure says how sure a match is, in words.
func sure(m *names.Match) string {
	pct := int(m.Score*100 + 0.5)
	switch {
	case m.Score >= 0.95:
		return fmt.Sprintf("chắc chắn, %d%%", pct)
	case m.Score >= 0.8:
		return fmt.Sprintf("khá chắc, %d%%", pct)
	}
	return fmt.Sprintf("chưa chắc, %d%%", pct)
}

func hasUnit(ms []names.Match, code string) bool {
	for _, m := range ms {
		if m.Unit != nil && m.Unit.Code == code {
			return true
		}
	}
	return false
}

// identify finds the report's unit, or rejects the file saying why.
func (rd *reader) identify() {
	c, r := rd.c, rd.r
	src := rd.readIdentity()
	id := src.merged()
	if id.Unit == "" {
		id.Unit = src.codeCell
	}
	r.Identity = id
	rd.previousForm = id.Campaign != "" && id.Campaign == c.PreviousID && c.PreviousID != c.ID
	if id.Campaign != "" && id.Campaign != c.ID && !rd.previousForm {
		rejected(r, fmt.Sprintf("tệp thuộc chiến dịch %s, không phải chiến dịch đang tổng hợp %s — kiểm tra đã chọn đúng tệp chiến dịch (--campaign), hoặc đơn vị đã điền nhầm biểu mẫu của đợt khác: gửi lại biểu mẫu của đợt này", quote(id.Campaign), quote(c.ID)))
		return
	}
	if src.sheet.Unit != "" && src.props.Unit != "" && src.sheet.Unit != src.props.Unit {
		rd.issue(templates.SeverityWarning, templates.SheetIdentity, "", "", fmt.Sprintf("thông tin nhận dạng mâu thuẫn: trang ẩn %s ghi mã %s, thuộc tính tệp ghi mã %s — đã lấy theo trang ẩn", templates.SheetIdentity, src.sheet.Unit, src.props.Unit))
	}
	name, nameRef := rd.unitName()

	var unit *templates.Unit
	if id.Unit != "" {
		unit = c.Unit(id.Unit) // nil when unknown: identified by name below
	}
	if unit != nil {
		r.Unit = unit
		r.Evidence = fmt.Sprintf("mã đơn vị %s trong tệp (%s)", unit.Code, src.where(unit.Code))
		if other := rd.crossCheck(unit, src, name, nameRef); other != nil {
			// The form of unit X carries unit Y's name (or code): Y took
			// X's file, typed its own figures and sent it. The figures are
			// Y's, so the report is Y's — kept out of the totals by the
			// error — and X's own report is left alone.
			r.Evidence = fmt.Sprintf("biểu mẫu của %s nhưng ghi đơn vị %s: tính là báo cáo (có lỗi) của %s", unitLabel(unit), unitLabel(other), unitLabel(other))
			unit = other
			r.Unit = unit
		} else {
			rd.fileNameAgainst(unit)
		}
	} else {
		unit = rd.identifyByName(name, nameRef, id)
		if unit == nil {
			return
		}
		r.Unit = unit
	}
	// Issues found so far name no unit; they are about this one.
	for i := range r.Issues {
		r.Issues[i].Unit = unit.Code
	}
	if rd.previousForm {
		// The unit reported, on last period's form: it is told which form
		// to use, never listed as not having reported; the figures are
		// not read (they may be last period's).
		rd.issue(templates.SeverityError, templates.SheetIdentity, "", "", fmt.Sprintf("đơn vị đã gửi biểu mẫu kỳ trước (chiến dịch %s), không phải biểu mẫu kỳ này (%s): số liệu chưa được tính — đề nghị điền biểu mẫu kỳ này (tệp %s) và gửi lại", quote(id.Campaign), quote(c.ID), templates.FileName(unit)))
	} else if id.Version != "" && id.Version != c.TemplateVersion {
		rd.issue(templates.SeverityError, templates.SheetIdentity, "", "", fmt.Sprintf("tệp làm theo biểu mẫu phiên bản %s, chiến dịch đang dùng biểu mẫu phiên bản %s: gửi lại biểu mẫu mới cho đơn vị (tonghop generate) và đề nghị điền lại", id.Version, c.TemplateVersion))
	} else if fp := rd.fingerprint(unit.Group); id.Fingerprint != "" && id.Fingerprint != fp {
		rd.issue(templates.SeverityWarning, templates.SheetIdentity, "", "", fmt.Sprintf("dấu vân biểu mẫu trong tệp (%s) khác dấu vân biểu mẫu của nhóm %s (%s) dù cùng phiên bản %s: danh sách chỉ tiêu có thể đã đổi sau khi gửi biểu mẫu — kiểm tra các chỉ tiêu đọc được", id.Fingerprint, unit.Group, fp, c.TemplateVersion))
	}
	shareIdentity(&r.Identity, c, unit, rd.fingerprint(unit.Group))
}

// fingerprint is the fingerprint of a group's form, the Reader's when it
// has one.
func (rd *reader) fingerprint(group string) string {
	if f := rd.forms[group]; f != nil && f.fingerprint != "" {
		return f.fingerprint
	}
	return rd.c.Fingerprint(group)
}

// shareIdentity replaces each field of an identity read from a file by
// the campaign's own string when they are the same: a report kept for the
// rest of the run then holds no copy of them.
func shareIdentity(id *templates.Identity, c *templates.Campaign, u *templates.Unit, fingerprint string) {
	same := func(s, shared string) string {
		if s == shared {
			return shared
		}
		return s
	}
	id.Campaign = same(id.Campaign, c.ID)
	id.Version = same(id.Version, c.TemplateVersion)
	id.Unit = same(id.Unit, u.Code)
	id.Fingerprint = same(id.Fingerprint, fingerprint)
}

// fileNameAgainst checks the file name against the unit of the identity:
// a file name that clearly names another unit (a unit that took another's
// filled form, changed the figures and sent it under its own name) is a
// conflict of evidence, never a silent choice.
func (rd *reader) fileNameAgainst(unit *templates.Unit) {
	base := fileBase(rd.file)
	best, _ := names.Decide(rd.m.MatchFileName(base))
	if best == nil || best.Unit.Code == unit.Code || best.Score < attributeScore {
		return
	}
	rd.r.Conflict = best.Unit
	rd.issue(templates.SeverityWarning, "", "", "", fmt.Sprintf("thông tin nhận dạng trong tệp là của %s nhưng tên tệp %s chỉ đơn vị %s (%s): có thể %s đã dùng lại tệp của %s — tệp được tính cho %s nhưng không thay báo cáo trước đó của đơn vị này; đề nghị hai đơn vị xác nhận",
		unitLabel(unit), quote(base), unitLabel(best.Unit), sure(best), unitLabel(best.Unit), unitLabel(unit), unitLabel(unit)))
}

// crossCheck compares the unit of the identity with the code cell and the
// unit name shown in the sheet. It returns the other unit when the sheet
// names one unit unambiguously, that is, when the file was copied.
func (rd *reader) crossCheck(unit *templates.Unit, src identitySources, name string, nameRef cellRef) (copiedBy *templates.Unit) {
	c := rd.c
	if src.codeCell != "" && src.codeCell != unit.Code && (src.sheet.Unit != "" || src.props.Unit != "") {
		if other := c.Unit(src.codeCell); other != nil {
			rd.issue(templates.SeverityError, src.codeRef.Sheet, src.codeRef.Cell, "", fmt.Sprintf("tệp của đơn vị %s nhưng ô mã đơn vị ghi %s — có thể sao chép từ đơn vị khác: đề nghị đơn vị điền vào đúng biểu mẫu của mình", unitLabel(unit), unitLabel(other)))
			copiedBy = other
		} else {
			rd.issue(templates.SeverityWarning, src.codeRef.Sheet, src.codeRef.Cell, "", fmt.Sprintf("ô mã đơn vị ghi %s, khác mã %s của tệp: đã lấy theo mã của tệp", quote(src.codeCell), unit.Code))
		}
	}
	if name == "" {
		return copiedBy
	}
	best, amb := names.Decide(rd.m.MatchName(name))
	switch {
	case best != nil && best.Unit.Code == unit.Code, hasUnit(amb, unit.Code):
		rd.r.Evidence += fmt.Sprintf("; khớp tên đơn vị ghi ở ô %s", nameRef.Cell)
	case best != nil:
		rd.issue(templates.SeverityError, nameRef.Sheet, nameRef.Cell, "", fmt.Sprintf("tệp của đơn vị %s nhưng ghi tên đơn vị %s — có thể sao chép từ đơn vị khác: đề nghị đơn vị điền vào đúng biểu mẫu của mình", unitLabel(unit), unitLabel(best.Unit)))
		if copiedBy == nil {
			copiedBy = best.Unit
		}
	case len(amb) > 0:
		rd.issue(templates.SeverityError, nameRef.Sheet, nameRef.Cell, "", fmt.Sprintf("tệp của đơn vị %s nhưng ghi tên đơn vị %s (khớp %s) — có thể sao chép từ đơn vị khác", unitLabel(unit), quote(name), unitList(amb)))
	default:
		rd.issue(templates.SeverityWarning, nameRef.Sheet, nameRef.Cell, "", fmt.Sprintf("tên đơn vị ghi trong tệp %s không khớp tên đơn vị nào; tệp được tạo cho %s — kiểm tra lại", quote(name), unitLabel(unit)))
	}
	return copiedBy
}

// identifyByName identifies a file without a usable identity by the unit
// name cell and the file name. It rejects the file when neither says.
func (rd *reader) identifyByName(name string, nameRef cellRef, id templates.Identity) *templates.Unit {
	m := rd.m
	base := fileBase(rd.file)
	var bestN, bestF *names.Match
	var ambN, ambF []names.Match
	if name != "" {
		bestN, ambN = names.Decide(m.MatchName(name))
	}
	bestF, ambF = names.Decide(m.MatchFileName(base))
	fileUnits := ambF
	if bestF != nil {
		fileUnits = []names.Match{*bestF}
	}
	lost := "tệp không có thông tin nhận dạng của biểu mẫu (trang ẩn, thuộc tính tệp, ô mã đơn vị) — có thể được gõ lại hoặc xuất từ Google Sheets"
	if id.Unit != "" {
		lost = fmt.Sprintf("mã đơn vị %s ghi trong tệp không có trong danh sách đơn vị của chiến dịch", quote(id.Unit))
	}
	where := "ô tên đơn vị"
	if nameRef.Cell != "" {
		where = "ô " + nameRef.Cell
	}
	var unit *templates.Unit
	var evidence string
	switch {
	case bestN != nil:
		unit = bestN.Unit
		evidence = fmt.Sprintf("tên đơn vị ghi ở %s %s (%s, %s)", where, quote(name), bestN.How, sure(bestN))
		switch {
		case hasUnit(fileUnits, unit.Code):
			evidence += "; tên tệp cũng khớp"
		case bestF != nil:
			rd.issue(templates.SeverityWarning, nameRef.Sheet, nameRef.Cell, "", fmt.Sprintf("tên tệp %s gợi ý đơn vị %s nhưng %s ghi %s: đã lấy theo tên ghi trong tệp", quote(base), unitLabel(bestF.Unit), where, unitLabel(unit)))
		}
	case len(ambN) > 0:
		var both []names.Match
		for _, a := range ambN {
			if hasUnit(fileUnits, a.Unit.Code) {
				both = append(both, a)
			}
		}
		if len(both) == 1 {
			unit = both[0].Unit
			evidence = fmt.Sprintf("tên đơn vị ghi ở %s %s khớp nhiều đơn vị, tên tệp %s chọn được một", where, quote(name), quote(base))
			break
		}
		rejected(rd.r, fmt.Sprintf("không xác định được đơn vị: %s; tên %s ghi ở %s khớp nhiều đơn vị: %s — ghi đầy đủ, đúng tên đơn vị rồi gửi lại", lost, quote(name), where, unitList(ambN)))
		return nil
	case bestF != nil:
		unit = bestF.Unit
		evidence = fmt.Sprintf("tên tệp %s (%s, %s), trong tệp không có tên đơn vị nhận ra được", quote(base), bestF.How, sure(bestF))
		nameRef = cellRef{}
	case len(ambF) > 0:
		rejected(rd.r, fmt.Sprintf("không xác định được đơn vị: %s; không có tên đơn vị trong tệp, tên tệp %s khớp nhiều đơn vị: %s — ghi tên đơn vị vào biểu mẫu rồi gửi lại", lost, quote(base), unitList(ambF)))
		return nil
	default:
		what := "không có tên đơn vị trong tệp"
		if name != "" {
			what = fmt.Sprintf("tên %s ghi ở %s không khớp đơn vị nào", quote(name), where)
		}
		rejected(rd.r, fmt.Sprintf("không xác định được đơn vị: %s; %s, tên tệp cũng không khớp — đề nghị đơn vị điền vào đúng biểu mẫu đã gửi", lost, what))
		return nil
	}
	rd.r.Evidence = evidence
	rd.issue(templates.SeverityWarning, nameRef.Sheet, nameRef.Cell, "", fmt.Sprintf("%s: đã xác định là %s theo %s — kiểm tra lại", lost, unitLabel(unit), evidence))
	return unit
}

// unitName returns the unit name shown in the sheet: the DV_TEN cell, else
// the cell next to a "Tên đơn vị" label near the top of the form.
func (rd *reader) unitName() (string, cellRef) {
	if ref, ok := rd.names[templates.NameUnitName]; ok && !ref.Broken && rd.hasSheet(ref.Sheet) {
		if cc, err := rd.cell(ref.Sheet, ref.Cell); err == nil && cc.Err == "" {
			if s := rd.legacyText("", "Tên đơn vị", cleanCell(cc.Raw), ref); s != "" {
				return cleanCell(s), ref
			}
		}
	}
	const searchRows = 25
	for _, sheet := range rd.contentSheets() {
		if sheet == templates.SheetGuide {
			continue // its text explains the form, it names no unit
		}
		rows := rd.sheetRows(sheet)
		for i := 0; i < len(rows) && i < searchRows; i++ {
			for j, cell := range rows[i] {
				label := templates.Fold(cell)
				if !isUnitNameLabel(label) {
					continue
				}
				// "Tên đơn vị: UBND xã Đắk Sắk" in one cell, or the name in
				// the next filled cell of the row.
				if k := strings.IndexAny(cell, ":："); k >= 0 {
					_, w := utf8.DecodeRuneInString(cell[k:])
					if s := cleanCell(cell[k+w:]); s != "" {
						ref := cellRef{Sheet: sheet, Cell: cellName(j+1, i+1)}
						return cleanCell(rd.legacyText("", "Tên đơn vị", s, ref)), ref
					}
				}
				for k := j + 1; k < len(rows[i]); k++ {
					if s := cleanCell(rows[i][k]); s != "" {
						ref := cellRef{Sheet: sheet, Cell: cellName(k+1, i+1)}
						return cleanCell(rd.legacyText("", "Tên đơn vị", s, ref)), ref
					}
				}
			}
		}
	}
	return "", cellRef{}
}

// isUnitNameLabel reports whether a folded cell text is the label of the
// unit name: "Tên đơn vị", "Đơn vị báo cáo", "Cơ quan, đơn vị:".
func isUnitNameLabel(folded string) bool {
	folded = strings.TrimSpace(folded)
	for _, p := range []string{"ten don vi", "don vi bao cao", "co quan, don vi", "co quan/don vi", "ten co quan"} {
		if strings.HasPrefix(folded, p) {
			return true
		}
	}
	return folded == "don vi:" || folded == "don vi" || strings.HasPrefix(folded, "don vi:")
}

// carriedUnits finds other units whose figures the file holds too: a
// sheet named for another unit, or a heading cell near the top of a sheet
// that is another unit's name ("Xã Đắk Sắk" over a column, "UBND thị trấn
// Đắk Mil" at the start of a row), as a district sends its communes'
// figures in its own file. Only whole cells that name a unit surely count:
// a sentence that mentions one does not; and one name in a cell alone is
// more likely a form another unit left behind (copied, re-typed) than
// figures of its own, so cells count from two units up, sheets from one.
// The unit of the form's identity, when it is not the report's (a copied
// form), is no carried unit: crossCheck has told of it.
func (rd *reader) carriedUnits() {
	own := rd.r.Unit
	seen := map[string]bool{own.Code: true, rd.r.Identity.Unit: true}
	var found []*templates.Unit
	bySheet := false
	// add looks text up first (remembered across files: the template's
	// own headings recur in every file) and asks skip only of a match.
	add := func(text string, skip func() bool) bool {
		if utf8.RuneCountInString(text) > 60 {
			return false
		}
		best, _ := names.Decide(rd.m.MatchNameIndexed(text))
		if best == nil || best.Score < 0.95 || seen[best.Unit.Code] || skip() {
			return false
		}
		seen[best.Unit.Code] = true
		found = append(found, best.Unit)
		return true
	}
	_, nameRef := rd.unitName()
	for _, sheet := range rd.contentSheets() {
		if sheet == templates.SheetGuide {
			continue
		}
		if add(sheet, func() bool { return false }) {
			bySheet = true
		}
		for i, row := range rd.sheetRows(sheet) {
			for j, cell := range row {
				// Headings: the first rows, or the first columns.
				if i >= carriedScanRows && j >= carriedScanCols {
					continue
				}
				if c := cleanCell(cell); c != "" && !isNumber(c) {
					add(c, func() bool {
						return sheet == nameRef.Sheet && cellName(j+1, i+1) == nameRef.Cell || isUnitNameLabel(templates.Fold(cell))
					})
				}
			}
		}
	}
	if len(found) == 0 || !bySheet && len(found) < 2 {
		return
	}
	rd.r.Carries = found
	var labels []string
	for _, u := range found {
		labels = append(labels, unitLabel(u))
	}
	rd.issue(templates.SeverityWarning, "", "", "", fmt.Sprintf("tệp của %s có cả số liệu (hoặc tên) của đơn vị khác: %s — chỉ số liệu ở đúng ô của biểu mẫu được tính cho %s; các đơn vị kia được ghi là “có số liệu trong tệp này”, cán bộ tổng hợp kiểm tra và tách số liệu nếu cần", unitLabel(own), strings.Join(labels, "; "), unitLabel(own)))
}

// How far carriedUnits looks for headings: the first rows (a header row
// over columns) and the first columns (a name at the start of a row).
const (
	carriedScanRows = 15
	carriedScanCols = 3
)

// isNumber reports whether a cell's text is a figure, not a name.
func isNumber(s string) bool {
	return strings.Trim(s, "0123456789.,-+% ") == ""
}

// attribute gives a rejected file the unit its file name names clearly,
// with the evidence.
//
// A file inside an archive or a mail whose own name says nothing is
// attributed by the name of the archive or mail it came in, the nearest
// first ("UBND xã Đắk Sắk.rar › bao cao.xlsx").
func (rr *Reader) attribute(r *Report) {
	p := r.File.Path
	for {
		base := fileBase(p)
		best, _ := names.Decide(rr.m.MatchFileName(base))
		if best != nil && best.Score >= attributeScore {
			what := "tên tệp"
			if p != r.File.Path {
				what = "tên tệp nén hoặc thư chứa tệp"
			}
			r.Attributed = best.Unit
			r.Evidence = fmt.Sprintf("không đọc được tệp; %s %s chỉ đơn vị %s (%s, %s)", what, quote(base), unitLabel(best.Unit), best.How, sure(best))
			return
		}
		i := strings.LastIndex(p, containerSep)
		if i < 0 {
			return
		}
		p = p[:i]
	}
}

// attributeScore is how sure a file name must be to attribute a file that
// could not be read, or to stand against the identity inside a file.
const attributeScore = 0.9

// fromMail ties a report read from an attachment to its mail: the sender
// is evidence of the unit, and a sender that names another unit than the
// file is flagged.
func (rr *Reader) fromMail(r *Report, m *MailInfo) {
	if m == nil {
		return
	}
	r.Mail = m
	switch {
	case m.Unit == nil:
	case r.Unit != nil && r.Unit.Code != m.Unit.Code:
		r.Issues = append(r.Issues, Issue{File: r.File.Path, Unit: r.Unit.Code, Severity: templates.SeverityWarning,
			Msg: fmt.Sprintf("%s, nhưng tệp đính kèm là báo cáo của %s: kiểm tra đơn vị nào đã gửi", m.senderWords(), unitLabel(r.Unit))})
	case r.State == StateRejected && r.Attributed == nil:
		r.Attributed = m.Unit
		r.Evidence = "không đọc được tệp; " + m.senderWords()
	}
}

// senderUnit is the unit a mail's sender is: the unit whose email in the
// campaign is the sender's address, else the unit the sender's display
// name names clearly.
func (rr *Reader) senderUnit(from mail.Address) *templates.Unit {
	if u := rr.byEmail[strings.ToLower(strings.TrimSpace(from.Email))]; u != nil {
		return u
	}
	if from.Name == "" {
		return nil
	}
	best, _ := names.Decide(rr.m.MatchName(from.Name))
	if best == nil || best.Score < attributeScore {
		return nil
	}
	return best.Unit
}

// signedUnit is the unit a mail's closing lines name, one line a unit's
// name ("UBND xã Đắk Sắk", "Văn phòng – Sở Tài chính"); nil when none does,
// or when two units are named.
func (rr *Reader) signedUnit(lines []string) *templates.Unit {
	var found *templates.Unit
	for _, l := range lines {
		if utf8.RuneCountInString(l) > 80 {
			continue // a sentence, not a signature line
		}
		best, _ := names.Decide(rr.m.MatchName(l))
		if best == nil || best.Score < 0.95 {
			continue
		}
		if found != nil && found != best.Unit {
			return nil
		}
		found = best.Unit
	}
	return found
}

// ownOutputNote says why one of tonghop's own outputs in the input folder
// is skipped.
const ownOutputNote = "tệp kết quả do tonghop ghi ra (bảng tổng hợp hoặc báo cáo tổng hợp), không phải báo cáo của đơn vị: bỏ qua — nên để kết quả ở thư mục riêng (--out)"

// ownSheets are sheets every consolidated workbook tonghop writes has, and
// no report template has.
var ownSheets = []string{"Tổng hợp", "Chi tiết", "Tệp nguồn"}

// ownWorkbook reports whether a workbook is tong-hop.xlsx, or a copy of
// it, rather than a unit's report.
func ownWorkbook(b *bk.Book) bool {
	for _, name := range ownSheets {
		if b.Sheet(name) == nil {
			return false
		}
	}
	return b.Sheet(templates.SheetReport) == nil
}

// ownReport reports whether a document's issuing body is the campaign's
// own (the Department's consolidated report, PDF or DOCX, left among the
// units' files). The body's name may take one line or, when long, two
// (as the report's own header sets it: "SỞ THÔNG TIN / VÀ TRUYỀN THÔNG").
func (rr *Reader) ownReport(issuer []string) bool {
	own := templates.Fold(rr.c.IssuingBody)
	if own == "" {
		return false
	}
	for i, line := range issuer {
		if templates.Fold(line) == own || i+1 < len(issuer) && templates.Fold(line+" "+issuer[i+1]) == own {
			return true
		}
	}
	return false
}
