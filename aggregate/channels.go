package aggregate

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	bk "tonghop/aggregate/book"
	"tonghop/aggregate/formexport"
	"tonghop/aggregate/gate"
	"tonghop/aggregate/names"
	"tonghop/aggregate/written"
	"tonghop/aggregate/xlsx"
	"tonghop/templates"
	"tonghop/templates/vn"
)

// The letter runs the campaign on three channels besides the template
// returned by mail: the online form (its responses downloaded as .csv or
// .xlsx) and the written report (báo cáo bằng văn bản: .docx, .odt, .pdf,
// .doc). Each is read here into reports of its own channel.

// Channel is how a submission reached the Department.
type Channel int

// Channels of submission.
const (
	ChannelWorkbook Channel = iota // the report template, filled in
	ChannelForm                    // a response of the online form
	ChannelWritten                 // a written report
)

// Label names the channel in Vietnamese.
func (ch Channel) Label() string {
	switch ch {
	case ChannelForm:
		return "biểu mẫu trực tuyến"
	case ChannelWritten:
		return "báo cáo bằng văn bản"
	}
	return "biểu mẫu Excel"
}

// WrittenInfo is what a written report says of itself.
type WrittenInfo struct {
	Format  string   // "docx", "odt", "pdf", "doc"
	Issuer  []string // the issuing body's lines of the title block
	Number  string   // "45/BC-UBND"
	Kind    string   // "BÁO CÁO"
	Subject string
	Date    time.Time // the "ngày … tháng … năm …" line; zero when blank
	// Scanned is set for a document without text (a scan, a photo as PDF):
	// it counts as the written report, and its unit as having sent
	// figures that cannot be read.
	Scanned bool
}

// scanNote says what became of a scan or a photo of a report, saved as
// PDF or as an image: what the unit's letter quotes (gate.Cause), then how the
// officer counted it. A Word or OpenDocument file without text is not taken for one: it
// is more often an empty file than a picture pasted in.
const scanNote = "bản quét hoặc ảnh chụp, không có chữ nên không đọc được số liệu" + gate.Advice + "đã tính là báo cáo bằng văn bản của đơn vị; nếu đây là báo cáo số liệu, đề nghị đơn vị gửi tệp Excel (.xlsx) của biểu mẫu đã gửi"

// writtenReport reads a written report: its unit from the issuing body in
// its title block, else its file name, else the sender of its mail; its
// date from the date line, else the document's properties.
func (rr *Reader) writtenReport(f blob) *Report {
	name, via := f.name, f.mail
	r := f.report()
	r.Channel = ChannelWritten
	var doc *written.Doc
	var err error
	if f.kind == gate.Image {
		// A photo or a scan saved as an image: a written report without
		// text, as a scanned PDF; its figures cannot be read.
		doc = &written.Doc{Format: strings.TrimPrefix(gate.ImageKind(f.data), "."), NoText: true}
	} else {
		doc, err = written.Read(name, f.data, written.Limits{})
	}
	if err != nil {
		rejected(r, fmt.Sprintf("tệp văn bản (báo cáo bằng văn bản?) không đọc được: %s — nếu đây là báo cáo bằng văn bản của đơn vị, đề nghị gửi lại tệp .docx hoặc .pdf", strings.TrimPrefix(err.Error(), name+": ")))
		rr.attribute(r)
		rr.fromMail(r, via)
		return r
	}
	if rr.ownReport(doc.Issuer) {
		skippedFile(r, ownOutputNote)
		rr.fromMail(r, via)
		return r
	}
	r.Written = &WrittenInfo{Format: doc.Format, Issuer: doc.Issuer, Number: doc.Number, Kind: doc.Kind, Subject: doc.Subject, Date: doc.Date, Scanned: doc.NoText && (doc.Format == "pdf" || f.kind == gate.Image)}
	r.File.Saved = doc.Modified
	if !doc.Date.IsZero() {
		r.Sent = doc.Date
	}
	u, how, note := rr.issuerUnit(doc.Issuer)
	if u != nil {
		r.Unit, r.Evidence = u, how
	} else if best, _ := names.Decide(rr.m.MatchFileName(fileBase(name))); best != nil && best.Score >= attributeScore {
		r.Unit = best.Unit
		r.Evidence = fmt.Sprintf("tên tệp %s (%s, %s)", quote(fileBase(name)), best.How, sure(best))
	} else if via != nil && via.Unit != nil {
		r.Unit = via.Unit
		r.Evidence = via.senderWords()
	} else {
		issuer := "không thấy tên cơ quan ban hành trong văn bản"
		if r.Written.Scanned {
			issuer = "bản quét hoặc ảnh chụp, không có chữ đọc được"
		}
		if note != "" {
			issuer = note
		} else if len(doc.Issuer) > 0 {
			issuer = fmt.Sprintf("cơ quan ban hành %s không khớp đơn vị nào", quote(strings.Join(doc.Issuer, " – ")))
		}
		rejected(r, fmt.Sprintf("báo cáo bằng văn bản (.%s) không xác định được đơn vị: %s, tên tệp cũng không khớp — đổi tên tệp theo tên đơn vị rồi chạy lại", doc.Format, issuer))
		rr.attribute(r) // the archive or mail it came in may name the unit
		rr.fromMail(r, via)
		return r
	}
	if r.Written.Scanned {
		r.Issues = append(r.Issues, Issue{File: r.File.Path, Unit: r.Unit.Code, Severity: templates.SeverityWarning, Msg: scanNote})
	}
	rr.fromMail(r, via)
	return r
}

// issuerUnit finds the unit of a written report from the issuing body's
// lines. The body that issued it is the lowest of the block, its name on
// one line or two ("SỞ VĂN HÓA, THỂ THAO" over "VÀ DU LỊCH"); the lines
// above name the bodies it belongs to. So a commune's report headed "UBND
// HUYỆN ĐẮK MIL" over "UBND THỊ TRẤN ĐẮK MIL" is the commune's, and a
// Party body under its committee ("TỈNH ỦY ĐẮK NÔNG" over "BAN TUYÊN
// GIÁO") is named as the registry names it, the body then the committee
// ("Ban Tuyên giáo Tỉnh ủy"). When only a body above matches, the report
// is that body's only when the lowest one is a part of it (a phòng, a
// ban: "UBND HUYỆN ĐẮK MIL" over "PHÒNG VĂN HÓA VÀ THÔNG TIN" writes for
// the district), and the certainty says it was inferred; a body of its
// own (a commune's People's Committee, a Party committee, an association)
// that the registry lacks is nobody's: note says so.
func (rr *Reader) issuerUnit(lines []string) (u *templates.Unit, evidence, note string) {
	lines = issuerLines(lines)
	n := len(lines)
	match := func(s string) *names.Match {
		best, _ := names.Decide(rr.m.MatchName(s))
		if best == nil || best.Score < attributeScore {
			return nil
		}
		return best
	}
	for end := n; end > 0; end-- {
		for start := end - 1; start >= 0 && end-start <= 2; start-- {
			body := strings.Join(lines[start:end], " ")
			tries := []string{body}
			if start > 0 {
				tries = append(tries, body+" "+strings.Join(lines[:start], " "))
			}
			for _, s := range tries {
				best := match(s)
				if best == nil {
					continue
				}
				if end == n {
					return best.Unit, fmt.Sprintf("cơ quan ban hành ghi trong văn bản %s (%s, %s)", quote(s), best.How, sure(best)), ""
				}
				lowest := strings.Join(lines[end:], " ")
				if !partOfBody(lowest) {
					return nil, "", fmt.Sprintf("văn bản của %s, thuộc %s, mà %s không có trong danh sách đơn vị của chiến dịch — không tính cho %s", quote(lowest), unitLabel(best.Unit), quote(lowest), unitLabel(best.Unit))
				}
				inferred := *best
				inferred.Score *= inferredScore
				return best.Unit, fmt.Sprintf("cơ quan ban hành %s, thuộc %s ghi ở dòng trên (%s): tính cho %s (%s)", quote(lowest), quote(s), best.How, unitLabel(best.Unit), sure(&inferred)), ""
			}
		}
	}
	return nil, "", ""
}

// inferredScore is how much less sure a report is attributed to a body
// above the one that issued it.
const inferredScore = 0.85

// issuerLines prepares the title block's lines for matching: a leading
// "BAN CHẤP HÀNH" or "BAN THƯỜNG VỤ" line says which organ of the body
// below wrote, and the Youth Union's full name "ĐOÀN TNCS HỒ CHÍ MINH
// TỈNH …" is the "Tỉnh đoàn" of the registry.
func issuerLines(lines []string) []string {
	var out []string
	for _, l := range lines {
		switch templates.Fold(strings.Trim(l, " .,:;-")) {
		case "ban chap hanh", "bch", "ban thuong vu", "btv":
			continue
		}
		out = append(out, l)
	}
	for i := 0; i < len(out); i++ {
		words := strings.Fields(out[i])
		f := templates.Fold(out[i])
		full := 0 // words of the Union's full name
		switch {
		case strings.HasPrefix(f, "doan tncs ho chi minh"):
			full = 5
		case strings.HasPrefix(f, "doan thanh nien cong san ho chi minh"):
			full = 8
		default:
			continue
		}
		rest := words[min(full, len(words)):]
		if len(rest) == 0 && i+1 < len(out) {
			rest = strings.Fields(out[i+1])
			out = append(out[:i+1], out[i+2:]...)
		}
		level := map[string]string{"tinh": "Tỉnh đoàn", "huyen": "Huyện đoàn", "thanh": "Thành đoàn", "thi": "Thị đoàn"}
		if len(rest) > 0 {
			if l, ok := level[templates.Fold(rest[0])]; ok {
				rest = rest[1:]
				if len(rest) > 0 && templates.Fold(rest[0]) == "pho" { // thành phố
					rest = rest[1:]
				}
				out[i] = strings.Join(append([]string{l}, rest...), " ")
			}
		}
	}
	return out
}

// partOfBody reports whether an issuing body's line names a part of the
// body above it (a phòng, ban, văn phòng, trung tâm, chi cục), which
// writes for that body, rather than a body of its own.
func partOfBody(line string) bool {
	f := templates.Fold(line)
	for _, p := range []string{"phong ", "ban ", "van phong", "trung tam", "chi cuc", "thanh tra", "bo phan"} {
		if strings.HasPrefix(f, p) {
			return true
		}
	}
	return false
}

// formRows returns the rows of an online form's export, nil when the file
// is none: a CSV (or text) file, or a workbook without the template's
// identity whose first sheet starts with a form's header. err says why an
// export (told by its header) is refused: more rows than any real export
// of the campaign, a line or a field past its bound.
func (rr *Reader) formRows(data []byte, kind gate.Kind) (rows [][]string, err error) {
	limit := formexport.RowLimit(rr.c)
	switch kind {
	case gate.Text:
		rows, err = formexport.ReadCSV(data, limit)
	case gate.XLSX:
		b, xerr := xlsx.Read(data, xlsx.Limits{})
		if xerr != nil || len(b.Sheets) == 0 {
			return nil, nil
		}
		rows = bookRows(b.Sheets[0], limit+1, gate.FormMaxCols, func(c bk.Cell) string { return shownText(c, b.Date1904) })
		if len(rows) > limit {
			err = fmt.Errorf("bảng trả lời có quá nhiều dòng (hơn %d dòng, quá xa số câu trả lời có thể có)", limit)
		}
	default:
		return nil, nil
	}
	if len(rows) == 0 || !formexport.Detect(rr.c, rows[0]) {
		return nil, nil
	}
	return rows, err
}

// shownText is a cell as its number format shows it, in a form the
// answers' parsers read whatever the locale: a date cell (Microsoft Forms
// writes its date answers and timestamps so) as 2023-12-19, with
// " 10:30:00" when it has a time of day; a percent cell as 85,5%.
// Anything else is its raw value.
func shownText(c bk.Cell, date1904 bool) string {
	if c.Kind != bk.Number || c.Format == bk.FormatGeneral {
		return c.Value
	}
	f, err := strconv.ParseFloat(c.Value, 64)
	if err != nil {
		return c.Value
	}
	switch c.Format {
	case bk.FormatPercent:
		return vn.Number(vn.PercentOf(f)) + "%"
	case bk.FormatDate:
		if !vn.IsSerialDate(f) {
			return c.Value
		}
		d := vn.SerialClock(f, date1904, time.UTC)
		if d.Hour()+d.Minute()+d.Second() > 0 {
			return d.Format("2006-01-02 15:04:05")
		}
		return d.Format("2006-01-02")
	}
	return c.Value
}

// formReports reads an online form's export: one report per response,
// each sent at its timestamp, identified by the unit its respondent named,
// its answers read as a workbook's cells are. Problems of the file itself
// (columns that map to nothing, rows that name no unit) are listed once,
// on a report for the file.
func (rr *Reader) formReports(f blob, rows [][]string, err error) []*Report {
	name := f.name
	file := f.report()
	file.Channel, file.Mail = ChannelForm, f.mail
	var exp *formexport.Export
	if err == nil {
		exp, err = formexport.Parse(rr.c, rows, rr.now())
	}
	if err != nil {
		return []*Report{rejected(file, fmt.Sprintf("tệp câu trả lời của biểu mẫu trực tuyến không đọc được: %v", err))}
	}
	var out []*Report
	for _, s := range exp.Submissions {
		out = append(out, rr.formReport(name, s, f.modTime, f.mail))
	}
	// The file itself is listed, as skipped (it is no report of its own),
	// with what the officer should know about it.
	msg := fmt.Sprintf("tệp câu trả lời của biểu mẫu trực tuyến: %d câu trả lời, mỗi câu trả lời tính như một báo cáo (xem các dòng “%s%sdòng …”)", len(exp.Submissions), name, containerSep)
	skippedFile(file, msg)
	for _, p := range exp.Problems {
		file.Issues = append(file.Issues, Issue{File: name, Cell: formCell(p.Row, p.Col), Severity: templates.SeverityWarning, Msg: p.Msg})
	}
	return append(out, file)
}

func formCell(row, col int) string {
	if col <= 0 {
		return ""
	}
	return cellName(col, row)
}

// formReport reads one response into a report, as if its answers were
// typed in the template's cells.
func (rr *Reader) formReport(name string, s formexport.Submission, modTime time.Time, via *MailInfo) *Report {
	path := fmt.Sprintf("%s%sdòng %d", name, containerSep, s.Row)
	r := &Report{File: FileInfo{Path: path, ModTime: modTime}, Channel: ChannelForm, Sent: s.Time, Mail: via}
	r.File.SHA256 = sha([]byte(fmt.Sprint(s.Row, s.Time, s.UnitText, s.UnitCode, s.Values, s.Reporter)))
	rd := &reader{c: rr.c, m: rr.m, r: r, file: path, bad: map[string]bool{}, forms: rr.forms}
	if u := rr.c.Unit(strings.TrimSpace(s.UnitCode)); u != nil {
		r.Unit, r.Evidence = u, fmt.Sprintf("mã đơn vị %s trả lời trên biểu mẫu trực tuyến", u.Code)
	} else {
		best, amb := names.Decide(rr.m.MatchName(s.UnitText))
		switch {
		case best != nil:
			r.Unit, r.Evidence = best.Unit, fmt.Sprintf("tên đơn vị trả lời trên biểu mẫu trực tuyến %s (%s, %s)", quote(s.UnitText), best.How, sure(best))
		case len(amb) > 0:
			return rejected(r, fmt.Sprintf("câu trả lời dòng %d: tên đơn vị %s khớp nhiều đơn vị: %s — xác định lại với đơn vị", s.Row, quote(s.UnitText), unitList(amb)))
		default:
			return rejected(r, fmt.Sprintf("câu trả lời dòng %d: tên đơn vị %s không khớp đơn vị nào", s.Row, quote(s.UnitText)))
		}
	}
	inds := rr.c.IndicatorsFor(r.Unit.Group)
	r.Values = rd.values(r.Unit.Group, inds)
	for _, ind := range inds {
		raw, ok := s.Values[ind.ID]
		if !ok {
			r.Values.Set(ind.ID, Value{Type: ind.Type, Empty: true})
			continue
		}
		// An answer is text typed in a form: "1.234" is a thousand two
		// hundred and thirty-four, as in a cell typed as text.
		r.Values.Set(ind.ID, rd.convert(ind.ID, ind.ID, ind.Type, cellContent{Raw: raw, Kind: bk.String}, cellRef{}))
	}
	if d := s.Reporter[templates.NameReportDate]; d != "" {
		if t, _, err := ParseDate(d); err == nil {
			r.Reporter.Date = t
		}
	}
	r.Reporter.Name = s.Reporter[templates.NameReporterName]
	r.Reporter.Title = s.Reporter[templates.NameReporterTitle]
	r.Reporter.Phone = s.Reporter[templates.NameReporterPhone]
	r.Reporter.Email = s.Reporter[templates.NameReporterEmail]
	for i := range r.Issues {
		r.Issues[i].Unit = r.Unit.Code
	}
	rr.fromMail(r, via)
	validate(rr.c, r, rd.bad)
	r.Issues.Sort()
	return r
}
