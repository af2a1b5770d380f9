package aggregate

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tonghop/aggregate/aggregatetest/returned"
	"tonghop/templates"
)

// googleExport writes an online form's responses the way Google Forms and
// Sheets download them: a BOM, every field quoted, CRLF, the questions as
// generate's cau-hoi-truc-tuyen.csv words them.
func googleExport(c *templates.Campaign, rows [][]string, ids []string) []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	header := []string{"Dấu thời gian", templates.UnitQuestion}
	for _, id := range ids {
		header = append(header, templates.QuestionText(c.Indicator(id)))
	}
	for _, r := range append([][]string{header}, rows...) {
		for i, f := range r {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`"` + strings.ReplaceAll(f, `"`, `""`) + `"`)
		}
		b.WriteString("\r\n")
	}
	return b.Bytes()
}

// TestEveryChannelAtOnce merges a folder holding every channel a campaign
// really uses: templates returned as .xlsx, .ods and .xls (the latter two
// saved by LibreOffice and Gnumeric), the online form's export, a written
// report, and a copied file; every figure and status is checked.
func TestEveryChannelAtOnce(t *testing.T) {
	c := returned.Campaign(t)
	dir := t.TempDir()
	put := func(name string, data []byte, mod time.Time) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if !mod.IsZero() {
			os.Chtimes(p, mod, mod)
		}
	}
	copyFixture := func(name, from string) {
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		put(name, b, time.Date(2024, 3, 20, 9, 0, 0, 0, time.UTC))
	}
	at := func(d int) time.Time { return time.Date(2024, 3, d, 8, 0, 0, 0, time.UTC) }

	// SBN03 by workbook on 20/3; SBN05 too, then by the online form on
	// 25/3 (newer: the form wins); SBN07 only by the form, after the
	// deadline (late).
	put("SBN03.xlsx", returned.Workbook(t, c, returned.File{Unit: "SBN03", Vals: returned.Figures(c, "SBN03", 3), Reported: returned.Day(2024, 3, 20), Saved: at(20)}), at(20))
	put("SBN05.xlsx", returned.Workbook(t, c, returned.File{Unit: "SBN05", Vals: returned.Figures(c, "SBN05", 5), Reported: returned.Day(2024, 3, 20), Saved: at(20)}), at(20))
	var ids []string
	for _, ind := range c.IndicatorsFor("SBN") {
		ids = append(ids, ind.ID)
	}
	answers := func(when, unit, code string, k int, edit map[string]string) []string {
		row := []string{when, unit}
		vals := returned.Figures(c, code, k)
		for _, id := range ids {
			a := ""
			switch v := vals[id].(type) {
			case bool:
				a = map[bool]string{true: "Có", false: "Không"}[v]
			case int:
				a = strconv.Itoa(v)
			case time.Time:
				a = v.Format("2/1/2006")
			case string:
				a = v
			}
			if e, ok := edit[id]; ok {
				a = e
			}
			row = append(row, a)
		}
		return row
	}
	put("tra-loi-truc-tuyen.csv", googleExport(c, [][]string{
		answers("25/3/2024 10:15:00", "Sở Tài chính", "SBN05", 55, map[string]string{"A5": "40 bài", "C1": "50", "C2": "45"}),
		answers("08/4/2024 14:00:00", "Sở Ngoại vụ", "SBN17", 17, map[string]string{"C1": "2.000", "C2": "1.234"}),
		answers("09/4/2024 9:00:00", "Không có đơn vị này", "SBN17", 1, nil),
	}, ids), at(9))
	// UBH-661 (Gia Nghĩa) and UBH-662 return their templates saved by
	// LibreOffice as .ods and by Gnumeric as .xls.
	copyFixture("ods/Gia Nghia.ods", filepath.Join("ods", "testdata", "filled-libreoffice.ods"))
	copyFixture("xls/bao cao.xls", filepath.Join("xls", "testdata", "filled-gnumeric.xls"))
	// A written report of UBND huyện Đắk Mil, dated 08/4/2024.
	copyFixture("van-ban/Bao cao Dak Mil.docx", filepath.Join("written", "testdata", "bao-cao.docx"))
	// SBN09 sends its own report; then a file with SBN09's identity but
	// SBN10's name arrives later: a conflict, SBN09's own report stays.
	put("SBN09.xlsx", returned.Workbook(t, c, returned.File{Unit: "SBN09", Vals: returned.Figures(c, "SBN09", 9), Reported: returned.Day(2024, 3, 21), Saved: at(21)}), at(21))
	put("Bao cao So Thong tin va Truyen thong.xlsx", returned.Workbook(t, c, returned.File{Unit: "SBN09", Vals: returned.Figures(c, "SBN09", 90), Reported: returned.Day(2024, 3, 28), Saved: at(28)}), at(28))

	in, err := Collect(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	res := in.Merge(c, MergeOptions{AsOf: returned.Day(2024, 4, 15), Root: dir})
	status := map[string]Status{}
	byCode := map[string]*UnitResult{}
	for _, ur := range res.Units {
		status[ur.Unit.Code], byCode[ur.Unit.Code] = ur.Status, ur
	}
	// The .ods and .xls fixtures are UBH-661's form filled by the
	// fixture writer; both report the same unit: the newer counts.
	odsRep := readFile(c, filepath.Join("ods", "testdata", "filled-libreoffice.ods"), ReadOptions{})
	xlsRep := readFile(c, filepath.Join("xls", "testdata", "filled-gnumeric.xls"), ReadOptions{})
	if odsRep.Unit == nil || xlsRep.Unit == nil || odsRep.Unit.Code != xlsRep.Unit.Code {
		t.Fatalf("ods unit %v, xls unit %v", odsRep.Unit, xlsRep.Unit)
	}
	if d := reportDiffValues(odsRep, xlsRep); d != "" {
		t.Errorf(".ods and .xls of one form read differently: %s", d)
	}
	for code, want := range map[string]Status{
		"SBN03": StatusOnTime, "SBN05": StatusOnTime, "SBN17": StatusLate, "SBN09": StatusOnTime,
		odsRep.Unit.Code: statusOf(t, c, odsRep),
	} {
		if status[code] != want {
			t.Errorf("%s: status %q, want %q", code, status[code].Label(), want.Label())
		}
	}
	sbn05 := byCode["SBN05"].Report
	if sbn05.Channel != ChannelForm || val(sbn05.Values, "A5").Num != 40 || val(sbn05.Values, "C2").Num != 45 || !byCode["SBN05"].Submitted.Time.Equal(time.Date(2024, 3, 25, 10, 15, 0, 0, vnZone)) {
		t.Errorf("SBN05 used %s (%v), A5 %v, C2 %v, sent %v; want the form's response of 25/3 10:15", sbn05.File.Path, sbn05.Channel, val(sbn05.Values, "A5"), val(sbn05.Values, "C2"), byCode["SBN05"].Submitted.Time)
	}
	if r := byCode["SBN17"].Report; r == nil || val(r.Values, "C2").Num != 1234 {
		t.Errorf("SBN17 report %v, want C2 = 1234 read from “1.234”", r)
	}
	if r := byCode["SBN09"].Report; filepath.Base(r.File.Path) != "SBN09.xlsx" || val(r.Values, "A5").Num != float64(returned.Figures(c, "SBN09", 9)["A5"].(int)) {
		t.Errorf("SBN09 uses %s, want its own SBN09.xlsx", r.File.Path)
	}
	uses := map[string]FileOutcome{}
	for _, fo := range res.Files {
		uses[filepath.ToSlash(fo.Report.File.Path)] = fo
	}
	if fo := uses["Bao cao So Thong tin va Truyen thong.xlsx"]; fo.Use != UseSuperseded || !strings.Contains(fo.Reason, "xung đột nhận diện") {
		t.Errorf("copied file: %v %q, want superseded as a conflict", fo.Use.Label(), fo.Reason)
	}
	if fo := uses["tra-loi-truc-tuyen.csv › dòng 4"]; fo.Use != UseRejected || !strings.Contains(fo.Reason, "“Không có đơn vị này” không khớp đơn vị nào") {
		t.Errorf("unknown unit row: %v %q", fo.Use.Label(), fo.Reason)
	}
	// The written report: UBND huyện Đắk Mil owes one (UBH), sent on time;
	// other districts owe one and have not sent it.
	var dakMil *WrittenResult
	missing := 0
	for i, w := range res.Written {
		if w.Report != nil {
			dakMil = &res.Written[i]
		} else if w.Required && w.Status == WrittenMissing {
			missing++
		}
	}
	if dakMil == nil || !strings.Contains(dakMil.Unit.Name, "Đắk Mil") || dakMil.Status != WrittenOnTime || !dakMil.Report.Written.Date.Equal(returned.Day(2024, 4, 8)) {
		t.Fatalf("written report: %+v", dakMil)
	}
	owe := 0
	for i := range c.Units {
		if c.OwesWrittenReport(&c.Units[i]) {
			owe++
		}
	}
	if missing != owe-1 {
		t.Errorf("%d units without a written report, want %d", missing, owe-1)
	}
}

// statusOf is the status a report alone would give its unit.
func statusOf(t *testing.T, c *templates.Campaign, r *Report) Status {
	res := MergeReports(c, []*Report{r}, nil, MergeOptions{AsOf: returned.Day(2024, 4, 15)})
	for _, ur := range res.Units {
		if ur.Unit == r.Unit {
			return ur.Status
		}
	}
	t.Fatal("unit not found")
	return 0
}

// reportDiffValues compares only what two reports read.
func reportDiffValues(a, b *Report) string {
	for id, va := range a.Values.All() {
		if vb := val(b.Values, id); va.Any() != vb.Any() && !(va.Type == templates.TypeDate && va.Date.Equal(vb.Date)) {
			return id + ": " + va.String() + " / " + vb.String()
		}
	}
	return ""
}

// A copy of tong-hop.xlsx among the units' files is skipped with a note,
// never blamed on a unit (TestOwnOutputsInInput, beside main_test.go, does
// the same with the real workbook, PDF and DOCX).
func TestOwnWorkbookSkipped(t *testing.T) {
	c := returned.Campaign(t)
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Tổng hợp")
	f.NewSheet("Chi tiết")
	f.NewSheet("Tệp nguồn")
	f.SetCellValue("Tổng hợp", "A1", "TỔNG HỢP")
	b, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	r := readBytes(c, "ban sao tong hop.xlsx", b.Bytes(), ReadOptions{})
	if r.State != StateSkipped || len(r.Issues) != 1 || r.Issues[0].Msg != ownOutputNote || r.Issues[0].Severity != templates.SeverityWarning {
		t.Errorf("copy of tong-hop.xlsx: state %v, issues %v", r.State, r.Issues)
	}
}

// TestFormExportCellFormats reads an online form's export saved as .xlsx
// the way Microsoft Forms writes it: the timestamps and the date answers
// are date cells (serial numbers shown by their format), not text. They
// are read as the dates they show, never as “45275” (issue 23).
func TestFormExportCellFormats(t *testing.T) {
	c := returned.Campaign(t)
	f := excelize.NewFile()
	defer f.Close()
	header := []string{"ID", "Thời gian bắt đầu", "Thời gian hoàn thành", "Email", templates.UnitQuestion}
	ids := []string{"A1", "A2", "A3"}
	for _, id := range ids {
		header = append(header, templates.QuestionText(c.Indicator(id)))
	}
	stamp, err := f.NewStyle(&excelize.Style{NumFmt: 22}) // m/d/yy h:mm
	if err != nil {
		t.Fatal(err)
	}
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("dd/mm/yyyy")})
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetRow("Sheet1", "A1", &header))
	must(f.SetSheetRow("Sheet1", "A2", &[]any{1, 45376.5, 45376.5104166667, "anonymous", "Sở Tài chính", "Có", "Có", 45275}))
	must(f.SetCellStyle("Sheet1", "B2", "C2", stamp))
	must(f.SetCellStyle("Sheet1", "H2", "H2", date))
	var buf bytes.Buffer
	must(f.Write(&buf))

	path := filepath.Join(t.TempDir(), "tra-loi.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var got *Report
	for _, r := range NewReader(c, ReadOptions{}).ReadAll([]string{path}, 1, nil) {
		if r.Channel == ChannelForm && r.Unit != nil {
			got = r
		}
	}
	if got == nil {
		t.Fatal("no response read from the export")
	}
	if v, _ := got.Values.Get("A3"); v.Empty || !v.Date.Equal(returned.Day(2023, 12, 15)) {
		t.Errorf("A3 = %+v, want 15/12/2023", v)
	}
	if want := time.Date(2024, 3, 25, 12, 15, 0, 0, vnZone); !got.Sent.Equal(want) {
		t.Errorf("sent %v, want %v", got.Sent, want)
	}
	for _, is := range got.Issues {
		if strings.Contains(is.Msg, "45275") || strings.Contains(is.Msg, "không phải là ngày") {
			t.Errorf("issue %q", is.Msg)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// TestIssuerUnit attributes written reports by the issuing body of their
// title block, as the bodies of a province write it (issue 23): the lowest
// body, its name over one line or two, Party and mass-organisation
// headers; a body above is used only for a part of it, and then less
// surely.
func TestIssuerUnit(t *testing.T) {
	rr := NewReader(returned.Campaign(t), ReadOptions{})
	for _, tc := range []struct {
		lines string
		unit  string // "" for none
		sure  string // a word of the evidence: how sure
	}{
		{"SỞ VĂN HÓA, THỂ THAO|VÀ DU LỊCH", "SBN13", "chắc chắn"},
		{"UBND TỈNH ĐẮK NÔNG|SỞ VĂN HÓA, THỂ THAO|VÀ DU LỊCH", "SBN13", "chắc chắn"},
		{"UBND TỈNH ĐẮK NÔNG|SỞ TÀI CHÍNH", "SBN05", "chắc chắn"},
		{"TỈNH ỦY ĐẮK NÔNG|BAN TUYÊN GIÁO", "TU03", ""},
		{"ĐẢNG BỘ TỈNH ĐẮK NÔNG|HUYỆN ỦY ĐẮK MIL", "DU-663", "chắc chắn"},
		{"UBND HUYỆN ĐẮK MIL|UBND THỊ TRẤN ĐẮK MIL", "UBX-24664", "chắc chắn"},
		{"ỦY BAN NHÂN DÂN HUYỆN CƯ JÚT|ỦY BAN NHÂN DÂN|THỊ TRẤN EA T'LING", "UBX-24640", ""},
		{"UBND HUYỆN ĐẮK MIL|PHÒNG VĂN HÓA VÀ THÔNG TIN", "UBH-663", "khá chắc"},
		{"UBND HUYỆN ĐẮK MIL|UBND XÃ KHÔNG CÓ TÊN NÀY", "", ""},
		{"ỦY BAN MẶT TRẬN TỔ QUỐC|VIỆT NAM TỈNH ĐẮK NÔNG", "CTXH01", ""},
		{"LIÊN ĐOÀN LAO ĐỘNG|TỈNH ĐẮK NÔNG", "CTXH02", ""},
		{"BAN CHẤP HÀNH|ĐOÀN TNCS HỒ CHÍ MINH|TỈNH ĐẮK NÔNG", "CTXH03", ""},
		{"HỘI NÔNG DÂN|TỈNH ĐẮK NÔNG", "CTXH05", ""},
		{"CÔNG TY TNHH MỘT THÀNH VIÊN", "", ""},
	} {
		t.Run(tc.lines, func(t *testing.T) {
			u, how, note := rr.issuerUnit(strings.Split(tc.lines, "|"))
			code := ""
			if u != nil {
				code = u.Code
			}
			if code != tc.unit || !strings.Contains(how, tc.sure) {
				t.Errorf("unit %q (%s; %s), want %q (%s)", code, how, note, tc.unit, tc.sure)
			}
		})
	}
}
