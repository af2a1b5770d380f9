package report

import (
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tonghop/aggregate"
	"tonghop/aggregate/benchcorpus"
	"tonghop/aggregate/document"
	"tonghop/aggregate/report/reporttest"
	"tonghop/aggregate/summary"
	"tonghop/templates"
	"tonghop/templates/vn"
)

// docText is the text of every paragraph of the document, tables included,
// one line each.
func docText(d *document.Doc) string {
	var b strings.Builder
	paras := func(ps []document.Paragraph) {
		for i := range ps {
			b.WriteString(ps[i].Text())
			b.WriteByte('\n')
		}
	}
	for _, s := range d.Sections {
		for _, blk := range s.Blocks {
			switch v := blk.(type) {
			case document.Paragraph:
				paras([]document.Paragraph{v})
			case document.Table:
				for _, r := range v.Rows {
					for _, c := range r.Cells {
						paras(c.Paras)
					}
				}
			}
		}
	}
	return b.String()
}

func build(t *testing.T, s *summary.Summary, opts Options) (*document.Doc, string) {
	t.Helper()
	d, err := Build(s, opts)
	if err != nil {
		t.Fatal(err)
	}
	return d, docText(d)
}

func TestSamplesReconcile(t *testing.T) {
	s := reporttest.Samples(t)
	_, text := build(t, s, Options{})
	reporttest.Reconcile(t, reporttest.Flatten(text), s)
	// The figures of the issue, from the samples: the denominators come
	// from the rules (R2: A2 needs A1; R3: B2 needs B1 > 0).
	for _, want := range []string{
		"- Đơn vị có trang/cổng thông tin điện tử: 114/122 đơn vị (93,4\u00a0%); 08 đơn vị trả lời Không (UBND phường Nghĩa Trung;",
		"- Đã đặt banner tuyên truyền Kỷ niệm 20 năm Ngày tái lập tỉnh: 107/114 đơn vị (93,9\u00a0%), trong số 114 đơn vị có trang/cổng thông tin điện tử; 07 đơn vị chưa thực hiện (tên tại mục III.1);",
		"08 đơn vị không thuộc diện vì không có trang/cổng thông tin điện tử (tên như mục II.1);",
		"- Đã thay ảnh bìa, ảnh đại diện các trang mạng xã hội: 89/99 đơn vị (89,9\u00a0%), trong số 99 đơn vị có trang, tài khoản mạng xã hội do đơn vị quản lý; 10 đơn vị chưa thực hiện (tên tại mục III.2)",
		"Có 47 đơn vị ghi ý kiến:",
		"- 20 đơn vị nêu ý kiến tương tự: “Kinh phí dành cho công tác tuyên truyền còn hạn chế” (danh sách tại mục ",
		"V. Ý KIẾN CỦA CÁC CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG", "VI. ĐỀ XUẤT, KIẾN NGHỊ",
		// Section VI drafted from the summary, in the Department's voice:
		// the campaign ended on 31/01/2024, so no "khẩn trương" for it.
		"Từ kết quả trên, kính đề nghị Ủy ban nhân dân tỉnh Đắk Nông:",
		"rút kinh nghiệm, thực hiện đầy đủ trong thời gian tới",
		"đã đặt banner liên kết đến chuyên trang/chuyên mục của Cổng TTĐT tỉnh, Báo Đắk Nông: 89/114 đơn vị (78,1\u00a0%)",
		"cung cấp thêm ảnh bìa, khung ảnh đại diện và tài liệu tuyên truyền dạng số (17 đơn vị)",
		"theo hồ sơ nhận được",
		"DANH SÁCH CÁC CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG NÊU TẠI BÁO CÁO",
		"KẾT QUẢ THỰC HIỆN CỦA CÁC CƠ QUAN BÁO CHÍ CỦA TỈNH",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q", want)
		}
	}
}

// TestScopeFromCampaign: a yes/no indicator is counted over the units in
// its scope, the campaign's "Thuộc diện khi"; a rule only validates.
func TestScopeFromCampaign(t *testing.T) {
	c, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	s := reporttest.SamplesOf(t, c)
	scopes := map[string]string{}
	var a1Yes int
	for _, y := range s.YesNo {
		if y.Condition != "" {
			scopes[y.Indicator.ID] = y.Condition
		}
		if y.Indicator.ID == "A1" {
			a1Yes = len(y.Yes)
		}
	}
	if fmt.Sprint(scopes) != "map[A2:A1 A4:A1 B2:B1 > 0]" {
		t.Errorf("scopes %v, want A2 and A4 over A1, B2 over B1 > 0", scopes)
	}
	// The banner link is asked of the units with a website only.
	for _, y := range s.YesNo {
		if y.Indicator.ID == "A4" && y.Rate().Whole+len(y.Unknown) != a1Yes {
			t.Errorf("A4 over %d units (+%d unknown), want the %d with a website", y.Rate().Whole, len(y.Unknown), a1Yes)
		}
	}
	// Without its scope, the banner is counted over every unit that
	// answered, although rule R2 ("Khi A2, Phải A1") is still there.
	bare := *c
	bare.Indicators = append([]templates.Indicator(nil), c.Indicators...)
	for i := range bare.Indicators {
		if bare.Indicators[i].ID == "A2" {
			bare.Indicators[i].Scope = ""
		}
	}
	s = reporttest.SamplesOf(t, &bare)
	_, text := build(t, s, Options{})
	if want := "- Đã đặt banner tuyên truyền Kỷ niệm 20 năm Ngày tái lập tỉnh: 107/122 đơn vị (87,7\u00a0%); 15 đơn vị trả lời Không ("; !strings.Contains(text, want) {
		t.Errorf("missing %q", want)
	}
}

func TestRatios(t *testing.T) {
	c, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	rc := *c
	rc.Ratios = []templates.Ratio{{ID: "TL1", Label: "Tỷ lệ người thay khung ảnh đại diện", Numerator: "C2", Denominator: "C1"}}
	s := reporttest.SamplesOf(t, &rc)
	if len(s.Ratios) != 1 {
		t.Fatalf("%d ratios", len(s.Ratios))
	}
	r := s.Ratios[0]
	d, text := build(t, s, Options{})
	want := fmt.Sprintf("- Tỷ lệ người thay khung ảnh đại diện: %s (%s/%s, trên %s đơn vị báo cáo đủ hai số liệu).",
		vn.Percent(r.Num, r.Den), vn.Round(r.Num, 2), vn.Round(r.Den, 2), vn.Int(r.Units))
	if !strings.Contains(text, want) {
		t.Errorf("missing %q", want)
	}
	if r.Units != 122 || r.Num/r.Den < 0.5 || r.Num/r.Den > 1 {
		t.Errorf("ratio over %d units: %v/%v", r.Units, r.Num, r.Den)
	}
	// The appendix carries a column for it.
	if n := strings.Count(text, "Tỷ lệ người thay khung ảnh đại diện\n"); n != 1 {
		t.Errorf("ratio column headed %d times, want 1 (the appendix)", n)
	}
	_ = d
}

func TestFormOfReport(t *testing.T) {
	s := reporttest.Samples(t)
	_, text := build(t, s, Options{})
	for _, want := range []string{
		"Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0 /BC-STTTT",
		"Đắk Nông, ngày \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0 tháng 4 năm 2024",
		"Kính gửi: Ủy ban nhân dân tỉnh Đắk Nông.",
		"Tính đến ngày 15/4/2024, có 126/130 đơn vị đã gửi báo cáo (96,9\u00a0%)",
		"(Kèm theo Báo cáo số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0 /BC-STTTT ngày \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0 /4/2024)",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q", want)
		}
	}
	_, signed := build(t, s, Options{SignDate: time.Date(2024, 4, 8, 0, 0, 0, 0, time.UTC)})
	for _, want := range []string{"Đắk Nông, ngày 08 tháng 4 năm 2024", "(Kèm theo Báo cáo số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0 /BC-STTTT ngày 08/4/2024)", "Tính đến ngày 15/4/2024"} {
		if !strings.Contains(signed, want) {
			t.Errorf("signed: missing %q", want)
		}
	}
}

func TestRecipients(t *testing.T) {
	c := &templates.Campaign{Place: "Đắk Nông", Recipients: []string{"Như trên;", "UBND tỉnh (b/c);", "Ban Giám đốc;", "Lưu: VT, TTBCXB."}}
	if got := strings.Join(Recipients(c), " | "); got != "Như trên; | Ban Giám đốc; | Lưu: VT, TTBCXB." {
		t.Errorf("default addressee: %q", got)
	}
	c.Addressee = "Bộ Thông tin và Truyền thông"
	if got := strings.Join(Recipients(c), " | "); got != "Như trên; | UBND tỉnh (b/c); | Ban Giám đốc; | Lưu: VT, TTBCXB." {
		t.Errorf("another addressee: %q", got)
	}
	c.Addressee = "UBND tỉnh Đắk Nông"
	if got := len(Recipients(c)); got != 3 {
		t.Errorf("abbreviated addressee: %d recipients, want 3", got)
	}
}

// TestNationalScale: with thousands of units the appendices summarise by
// group and district and name only the units with gaps.
func TestNationalScale(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a campaign of 3,000 units")
	}
	c, err := benchcorpus.Campaign(3000)
	if err != nil {
		t.Fatal(err)
	}
	res := &aggregate.Result{Campaign: c, AsOf: time.Date(2024, 4, 15, 0, 0, 0, 0, time.UTC)}
	gaps := 0
	for i := range c.Units {
		u := &c.Units[i]
		ur := &aggregate.UnitResult{Unit: u, Status: aggregate.StatusMissing}
		if i%10 != 0 {
			ur.Status = aggregate.StatusOnTime
			r := &aggregate.Report{Unit: u, Values: aggregate.NewValues(c.IndicatorsFor(u.Group))}
			for _, ind := range c.IndicatorsFor(u.Group) {
				v := aggregate.Value{Type: ind.Type, Num: float64(i%7 + 1), Bool: true}
				if ind.ID == "A2" && i%37 == 1 {
					v.Bool = false
					gaps++
				}
				if ind.Type == templates.TypeText || ind.Type == templates.TypeDate {
					v.Empty = true
				}
				if ind.Type == templates.TypeText && i%40 == 1 {
					// An answer alike to no other: made-up words.
					v.Empty, v.Text = false, oddWord(i)+" "+oddWord(i*7+3)+" "+oddWord(i*13+5)
				}
				r.Values.Set(ind.ID, v)
			}
			ur.Report = r
		}
		res.Units = append(res.Units, ur)
		// Every unit owes a written report; one in three has not sent it.
		res.Written = append(res.Written, aggregate.WrittenResult{Unit: u, Required: true})
		if i%3 != 0 {
			res.Written[len(res.Written)-1].Report = &aggregate.Report{Unit: u}
		}
	}
	s := summary.Of(res)
	d, err := Build(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for _, sec := range d.Sections[1:] {
		for _, blk := range sec.Blocks {
			if tb, ok := blk.(document.Table); ok {
				rows += len(tb.Rows)
			}
		}
	}
	// Per appendix: header rows, group and district subtotals, the total;
	// the gap tables: the units with A2 = Không, twice headed.
	if rows > 400 {
		t.Errorf("appendices have %d table rows for %d units: they grow with units", rows, len(c.Units))
	}
	text := docText(d)
	if want := fmt.Sprintf("Các đơn vị chưa thực hiện đủ (%s đơn vị):", vn.Int(gaps)); !strings.Contains(text, want) {
		t.Errorf("missing %q", want)
	}
	if !strings.Contains(text, "Cộng UBND huyện Đắk Mil") {
		t.Error("no district subtotal")
	}
	// The body names at most maxNamed units in a sentence: past that, the
	// units are counted by group and district, and those counts add up.
	body := docText(&document.Doc{Sections: d.Sections[:1]})
	if n := strings.Count(body, "UBND xã"); n > 3*maxNamed {
		t.Errorf("the body names %d communes: it grows with units", n)
	}
	if !strings.Contains(body, CountedPrefix) {
		t.Error("no list counted by group and district")
	}
	if !strings.Contains(body, "báo cáo bằng văn bản của 1.000 đơn vị ("+CountedPrefix) {
		t.Error("the written reports missing are not counted by group and district")
	}
	// Answers alike to no other: at most maxSingles quoted, the rest counted.
	if !strings.Contains(body, "khác: toàn văn tại bảng tổng hợp kèm theo") {
		t.Error("the answers past maxSingles are not counted")
	}
	for _, part := range strings.Split(body, "- Ý kiến riêng của ")[1:] {
		if n := strings.Count(part, "\n+ "); n > maxSingles+1 {
			t.Errorf("%d single answers quoted for one indicator, at most %d", n, maxSingles)
		}
	}
	if n := reporttest.CheckNames(t, strings.Join(strings.Fields(body), " "), s); n < 1 {
		t.Errorf("only %d counts with names found in the body", n)
	}
}

// TestCountedFraming: the reconciliation test reads counted lists with the
// report's own words.
func TestCountedFraming(t *testing.T) {
	if CountedPrefix != reporttest.CountedPrefix || CountedEnd != reporttest.CountedEnd {
		t.Errorf("report frames counted lists as %q…%q, reporttest reads %q…%q",
			CountedPrefix, CountedEnd, reporttest.CountedPrefix, reporttest.CountedEnd)
	}
}

// TestScopeFromWorkbook: a scope set in the campaign workbook's "Thuộc
// diện khi" column makes the denominator.
func TestScopeFromWorkbook(t *testing.T) {
	c, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "chien-dich.xlsx")
	if err := templates.WriteCampaign(c, path); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const sh = "Chỉ tiêu"
	rows, err := f.GetRows(sh)
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, h := range rows[0] {
		if strings.Contains(strings.ToLower(h), "thuộc diện khi") {
			col = i + 1
		}
	}
	for r, row := range rows {
		if col > 0 && len(row) > 0 && row[0] == "A4" {
			cell, _ := excelize.CoordinatesToCellName(col, r+1)
			if err := f.SetCellValue(sh, cell, "A2"); err != nil {
				t.Fatal(err)
			}
			col = -col
		}
	}
	if col >= 0 {
		t.Fatalf("no scope column or no A4 row in %q", rows[0])
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	rc, err := templates.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	s := reporttest.SamplesOf(t, rc)
	var y *summary.YesNo
	for i := range s.YesNo {
		if s.YesNo[i].Indicator.ID == "A4" {
			y = &s.YesNo[i]
		}
	}
	if y == nil || y.Condition != "A2" {
		t.Fatalf("A4 condition %+v", y)
	}
	_, text := build(t, s, Options{})
	r := y.Rate()
	want := fmt.Sprintf("- %s: %s/%s đơn vị (%s), trong số %s đơn vị %s;", y.Indicator.Label, vn.Int(r.Part), vn.Int(r.Whole),
		vn.Percent(float64(r.Part), float64(r.Whole)), vn.Int(r.Whole), vn.LowerFirst(rc.Indicator("A2").Label))
	if !strings.Contains(text, want) {
		t.Errorf("missing %q", want)
	}
	if r.Whole != 107 {
		t.Errorf("A4 over %d units, want the 107 that placed the banner", r.Whole)
	}
	reporttest.Reconcile(t, reporttest.Flatten(text), s)
}

// oddWord is a made-up word of letters for n: answers built of them are
// alike to no other.
func oddWord(n int) string {
	w := []byte{}
	for n++; n > 0; n /= 26 {
		w = append(w, byte('a'+n%26))
	}
	return string(w) + "x"
}

func TestIssuerLines(t *testing.T) {
	for _, tt := range []struct {
		body  string
		width float64
		want  []string
	}{
		{"SỞ THÔNG TIN VÀ TRUYỀN THÔNG", 200, []string{"SỞ THÔNG TIN VÀ TRUYỀN THÔNG"}},
		{"SỞ KHOA HỌC VÀ CÔNG NGHỆ", 50, []string{"SỞ KHOA HỌC", "VÀ CÔNG NGHỆ"}},
		{"SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", 50, []string{"SỞ NÔNG NGHIỆP", "VÀ MÔI TRƯỜNG"}},
		{"BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP", 60, []string{"BAN QUẢN LÝ CÁC", "KHU CÔNG NGHIỆP"}},
	} {
		if got := issuerLines(tt.body, 12, tt.width); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("issuerLines(%q, %v) = %q, want %q", tt.body, tt.width, got, tt.want)
		}
	}
}

// TestFitFigures: a figure wider than its column widens the column (the
// name column gives the room), or the text gets smaller; it never has to
// break inside its cell.
func TestFitFigures(t *testing.T) {
	for _, tc := range []struct {
		name      string
		figure    string
		nameWidth float64
		wantSize  float64
	}{
		{"fits", "1.234", 100, 10},
		{"money widens its column", "2.728.237.979.000", 100, 10},
		{"no room: smaller text", "2.728.237.979.000.000.000", 50, 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb := document.Table{Widths: []float64{8, tc.nameWidth, 22, 14}, FontSize: 10, Padding: 0.8, HeaderRows: 1,
				Rows: []document.Row{{Cells: []document.Cell{cc("TT"), cc("Tên"), cc("Tình trạng"), cc("Số")}},
					{Cells: []document.Cell{cc("1"), cl("UBND xã A"), cc("Đúng hạn"), cr(tc.figure)}}}}
			total := tb.Widths[1] + tb.Widths[3]
			fitFigures(&tb)
			if tb.FontSize != tc.wantSize {
				t.Errorf("font %v, want %v", tb.FontSize, tc.wantSize)
			}
			if w := document.EstimateWidth(tc.figure, tb.FontSize, false) + 2*tb.Padding; w > tb.Widths[3] {
				t.Errorf("figure %.1f mm wide in a column of %.1f mm", w, tb.Widths[3])
			}
			if got := tb.Widths[1] + tb.Widths[3]; math.Abs(got-total) > 1e-9 {
				t.Errorf("table width changed: %v, was %v", got, total)
			}
		})
	}
}
