package templates

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"
)

func TestDefaultCampaign(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if got := len(c.Units); got != 130 {
		t.Errorf("units = %d, want 130", got)
	}
	wantGroups := map[string]int{"TU": 6, "SBN": 20, "VPDBQH": 1, "BC": 3, "LLVT": 3, "CTXH": 6, "DU": 12, "UBH": 8, "UBX": 71}
	if len(c.Groups) != len(wantGroups) {
		t.Errorf("groups = %d, want %d", len(c.Groups), len(wantGroups))
	}
	for g, n := range wantGroups {
		if got := len(c.UnitsOf(g)); got != n {
			t.Errorf("group %s has %d units, want %d", g, got, n)
		}
	}
	perDistrict := map[string]int{}
	for _, u := range c.UnitsOf("UBX") {
		perDistrict[u.Parent]++
	}
	want := map[string]int{"UBH-660": 8, "UBH-661": 7, "UBH-662": 8, "UBH-663": 10, "UBH-664": 12, "UBH-665": 9, "UBH-666": 11, "UBH-667": 6}
	for d, n := range want {
		if perDistrict[d] != n {
			t.Errorf("district %s has %d communes, want %d", d, perDistrict[d], n)
		}
	}
	if len(c.Indicators) != 24 || len(c.Rules) != 6 || len(c.Lists) != 3 {
		t.Errorf("indicators/rules/lists = %d/%d/%d", len(c.Indicators), len(c.Rules), len(c.Lists))
	}
	wantRatios := []Ratio{{ID: "TL1", Label: "Tỷ lệ cán bộ, công chức, viên chức, người lao động thay khung ảnh đại diện", Numerator: "C2", Denominator: "C1"}}
	if !reflect.DeepEqual(c.Ratios, wantRatios) {
		t.Errorf("ratios %+v", c.Ratios)
	}
	// A báo cáo sent upward: "Như trên;" is the addressee, not listed again.
	if c.Addressee != "Ủy ban nhân dân tỉnh Đắk Nông" || c.Recipients[0] != "Như trên;" {
		t.Errorf("addressee %q, recipients %q", c.Addressee, c.Recipients)
	}
	for _, r := range c.Recipients {
		if strings.Contains(r, "UBND tỉnh") {
			t.Errorf("recipient %q repeats the addressee", r)
		}
	}
	if c.Contact != "Phòng Thông tin - Báo chí - Xuất bản, Sở Thông tin và Truyền thông tỉnh Đắk Nông" ||
		c.ContactPerson != "" || c.ContactPhone != "" || c.ContactEmail != "stttt@daknong.gov.vn" {
		t.Errorf("contact %q %q %q %q", c.Contact, c.ContactPerson, c.ContactPhone, c.ContactEmail)
	}
	if len(c.IndicatorsFor("UBX")) != 21 || len(c.IndicatorsFor("BC")) != 19 || len(c.IndicatorsFor("SBN")) != 16 {
		t.Errorf("per group: UBX %d, BC %d, SBN %d", len(c.IndicatorsFor("UBX")), len(c.IndicatorsFor("BC")), len(c.IndicatorsFor("SBN")))
	}
	d := func(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
	if !c.PeriodStart.Equal(d(2023, 12, 15)) || !c.PeriodEnd.Equal(d(2024, 1, 31)) || !c.DataDeadline.Equal(d(2024, 4, 5)) || !c.WrittenDeadline.Equal(d(2024, 4, 10)) {
		t.Errorf("dates: %v %v %v %v", c.PeriodStart, c.PeriodEnd, c.DataDeadline, c.WrittenDeadline)
	}
	if strings.Join(c.SignerTitle, "|") != "KT. GIÁM ĐỐC|PHÓ GIÁM ĐỐC" || c.SignerName != "Hoàng Mạnh Thắng" {
		t.Errorf("signer: %q %q", c.SignerTitle, c.SignerName)
	}
	if !c.OwesWrittenReport(c.Unit("TU03")) || !c.OwesWrittenReport(c.Unit("BC02")) || c.OwesWrittenReport(c.Unit("UBX-24643")) {
		t.Error("written-report duty wrong")
	}
}

func TestRules(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	r := &c.Rules[0]
	holds, applies, err := c.Check(r, Values{"C1": 40.0, "C2": 45.0})
	if err != nil || !applies || holds {
		t.Fatalf("C2>C1: holds=%v applies=%v err=%v", holds, applies, err)
	}
	if msg := c.Format(r, Values{"C1": 40.0, "C2": 45.0}); !strings.HasPrefix(msg, "C2 = 45 lớn hơn C1 = 40") {
		t.Errorf("message %q", msg)
	}
	if _, applies, _ := c.Check(r, Values{"C1": 40.0}); applies {
		t.Error("rule over an empty value fired")
	}
	in, err := c.InList(&c.Lists[0], Values{"A1": true, "A2": false})
	if err != nil || !in {
		t.Errorf("banner list: %v %v", in, err)
	}
	req, _ := c.RequiredNow(c.Indicator("A3"), Values{"A2": true})
	if !req {
		t.Error("A3 not required when A2")
	}
	req, _ = c.RequiredNow(c.Indicator("A3"), Values{"A2": false})
	if req {
		t.Error("A3 required when not A2")
	}
	w := &c.Rules[4]
	holds, applies, _ = c.Check(w, Values{VarReportDate: time.Date(2023, 12, 1, 0, 0, 0, 0, time.UTC)})
	if !applies || holds {
		t.Errorf("report-date warning: holds=%v applies=%v", holds, applies)
	}
}

// TestBannerDateWithoutBanner: the warning R6 fires exactly when a banner
// date (A3) is given while A2 is Không.
func TestBannerDateWithoutBanner(t *testing.T) {
	c := mustDefault(t)
	r := &c.Rules[5]
	if r.ID != "R6" || r.Severity != SeverityWarning {
		t.Fatalf("rule %+v", r)
	}
	date := time.Date(2023, 12, 20, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		vals Values
		fire bool
	}{
		{"date without banner", Values{"A1": true, "A2": false, "A3": date}, true},
		{"date with banner", Values{"A1": true, "A2": true, "A3": date}, false},
		{"no banner, no date", Values{"A1": true, "A2": false}, false},
		{"no banner, empty date", Values{"A2": false, "A3": nil}, false},
		{"date, A2 empty", Values{"A3": date}, false},
		{"nothing", Values{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			holds, applies, err := c.Check(r, tc.vals)
			if err != nil {
				t.Fatal(err)
			}
			if fire := applies && !holds; fire != tc.fire {
				t.Errorf("fires = %v, want %v", fire, tc.fire)
			}
		})
	}
	want := "A2 = Không (chưa đặt banner) nhưng A3 có ngày đặt banner 20/12/2023: kiểm tra lại A2, hoặc xóa ngày ở A3"
	if got := c.Format(r, Values{"A2": false, "A3": date}); got != want {
		t.Errorf("message %q\nwant    %q", got, want)
	}
	if got := strings.Join(r.Vars(), ","); got != "A2,A3" {
		t.Errorf("vars %s", got)
	}
}

// problemsOf loads path and returns the problems it reports.
func problemsOf(t *testing.T, path string) Problems {
	t.Helper()
	c, err := Load(path)
	if err == nil {
		t.Fatalf("campaign loaded (%d units), want problems", len(c.Units))
	}
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error %v is not a list of problems", err)
	}
	return ps
}

func TestBrokenCampaign(t *testing.T) {
	type edit func(t *testing.T, f *excelize.File)
	// set writes text into the cell of column col in the row whose first
	// cell is first.
	set := func(sheet, first, col, v string) edit {
		return func(t *testing.T, f *excelize.File) {
			row := rowOf(t, f, sheet, first)
			setCell(t, f, sheet, col+strconv.Itoa(row), v)
		}
	}
	meta, groups, units, inds, rules, ratios := tableMeta.sheet, tableGroups.sheet, tableUnits.sheet, tableIndicators.sheet, tableRules.sheet, tableRatios.sheet
	cases := []struct {
		name string
		edit edit
		want Problem
	}{
		{"duplicate unit code", set(units, "TU02", "A", "TU01"),
			Problem{units, 3, "Mã", "mã đơn vị TU01 bị trùng (đã có ở dòng 2)"}},
		{"duplicate indicator id", func(t *testing.T, f *excelize.File) {
			appendRow(t, f, inds, "F3", "F", "Đánh giá, khó khăn, đề xuất", "Đề xuất khác", "", "Văn bản")
		}, Problem{inds, 26, "Mã", "mã chỉ tiêu F3 bị trùng (đã có ở dòng 25)"}},
		{"duplicate group", func(t *testing.T, f *excelize.File) {
			appendRow(t, f, groups, "TU", "Các ban của Tỉnh ủy")
			setCell(t, f, groups, "C11", 10)
		}, Problem{groups, 11, "Mã", "mã nhóm TU bị trùng (đã có ở dòng 2)"}},
		{"duplicate rule", func(t *testing.T, f *excelize.File) {
			appendRow(t, f, rules, "R2", "", "C1 >= 0", "Cảnh báo", "C1 âm")
		}, Problem{rules, 8, "Mã", "mã quy tắc R2 bị trùng (đã có ở dòng 3)"}},
		{"unknown parent", set(units, "UBX-24611", "D", "UBH-999"),
			Problem{units, 61, "Mã cấp trên", "đơn vị UBX-24611 có cấp trên UBH-999 không có trong trang Đơn vị"}},
		{"unknown group", set(units, "TU01", "C", "XYZ"),
			Problem{units, 2, "Nhóm", "đơn vị TU01 thuộc nhóm XYZ không có trong trang Nhóm"}},
		{"indicator for an unknown group", set(inds, "D1", "G", "UBH; UBXX"),
			Problem{inds, 15, "Nhóm", "chỉ tiêu D1 áp dụng cho nhóm UBXX không có trong trang Nhóm"}},
		{"unknown parent group", set(groups, "UBX", "D", "HUYEN"),
			Problem{groups, 10, "Nhóm cấp trên", "nhóm UBX có nhóm cấp trên HUYEN không có trong trang Nhóm"}},
		{"commune under a body that is not a district", set(units, "UBX-24611", "D", "TU01"),
			Problem{units, 61, "Mã cấp trên", "đơn vị UBX-24611 (nhóm UBX) phải có cấp trên thuộc nhóm UBH, nhưng TU01 thuộc nhóm TU"}},
		{"commune without a parent", set(units, "UBX-24611", "D", ""),
			Problem{units, 61, "Mã cấp trên", "đơn vị UBX-24611 thuộc nhóm UBX phải có mã cấp trên thuộc nhóm UBH"}},
		{"rule that does not parse", set(rules, "R3", "C", "B1 >"),
			Problem{rules, 4, "Phải", `biểu thức "B1 >" viết sai: biểu thức bị cụt, thiếu phần cuối (ở ký tự thứ 4)`}},
		{"rule with = for ==", set(rules, "R4", "B", "D2 = 0"),
			Problem{rules, 5, "Khi", `biểu thức "D2 = 0" viết sai: không hiểu dấu = (ở ký tự thứ 4): so sánh bằng viết là ==, khác viết là !=`}},
		{"rule comparing yes/no with a number", set(rules, "R2", "C", "A1 > 0"),
			Problem{rules, 3, "Phải", `biểu thức "A1 > 0" không dùng được: không so sánh hay tính được giữa Có/Không và số (ở ký tự thứ 4)`}},
		{"rule that is not true/false", set(rules, "R1", "C", "C1 + C2"),
			Problem{rules, 2, "Phải", `biểu thức "C1 + C2" không dùng được: kết quả phải là đúng hoặc sai (ví dụ C2 <= C1), không phải số`}},
		{"rule naming an unknown indicator", set(rules, "R1", "C", "C9 <= C1"),
			Problem{rules, 2, "Phải", `biểu thức "C9 <= C1" dùng C9 không có trong trang Chỉ tiêu`}},
		{"list naming an unknown indicator", set(tableLists.sheet, "CHUA_BANNER", "C", "A1 && !A9"),
			Problem{tableLists.sheet, 2, "Điều kiện", `biểu thức "A1 && !A9" dùng A9 không có trong trang Chỉ tiêu`}},
		{"period ends before it starts", set(meta, "ket_thuc", "B", "01/12/2023"),
			Problem{meta, 12, "Giá trị", "ngày kết thúc 01/12/2023 trước ngày bắt đầu 15/12/2023"}},
		{"data deadline before the start", set(meta, "han_so_lieu", "B", "1/12/2023"),
			Problem{meta, 13, "Giá trị", "hạn nộp số liệu 01/12/2023 không sau ngày bắt đầu 15/12/2023"}},
		{"written report owed by an unknown unit", set(meta, "don_vi_van_ban", "B", "TU99"),
			Problem{meta, 15, "Giá trị", `don_vi_van_ban: "TU99" không phải mã đơn vị hay mã nhóm`}},
		{"bad date", set(meta, "bat_dau", "B", "32/13/2023"),
			Problem{meta, 11, "Giá trị", `"32/13/2023" không phải ngày hợp lệ (ngày/tháng/năm)`}},
		{"unknown key", set(meta, "lien_he", "A", "lien_lac"),
			Problem{meta, 28, "Khóa", `khóa "lien_lac" không có trong danh sách khóa`}},
		{"missing required column", func(t *testing.T, f *excelize.File) {
			if err := f.RemoveCol(groups, "B"); err != nil {
				t.Fatal(err)
			}
		}, Problem{groups, 1, "Tên", `thiếu cột bắt buộc "Tên": dòng tiêu đề (dòng 1) không có ô “Tên” — thêm lại cột, hoặc sửa tiêu đề cho giống tệp do tonghop init tạo`}},
		{"empty required cell", set(units, "TU03", "B", ""),
			Problem{units, 4, "Tên", "ô trống, cần nhập"}},
		{"bad yes/no cell", set(inds, "A1", "J", "Có lẽ"),
			Problem{inds, 2, "Bắt buộc", `"Có lẽ" không phải Có hoặc Không`}},
		{"bad number cell", set(groups, "TU", "C", "một"),
			Problem{groups, 2, "Thứ tự", `"một" không phải là số`}},
		{"bad bound", set(inds, "A5", "H", "không"),
			Problem{inds, 6, "Tối thiểu", `"không" không phải là số`}},
		{"bad type", set(inds, "F1", "F", "Số thực"),
			Problem{inds, 23, "Kiểu", `kiểu "Số thực" không hợp lệ: chọn Có/Không, Số nguyên, Số, Tiền (đồng), Tỷ lệ %, Ngày, Văn bản hoặc Lựa chọn`}},
		{"weighted by an unknown indicator", set(inds, "B4", "P", "Trung bình theo Z9"),
			Problem{inds, 12, "Cách tính tổng", "chỉ tiêu B4 lấy trung bình theo Z9, mà Z9 không có trong trang Chỉ tiêu"}},
		{"total of a text", set(inds, "F2", "P", "Cộng"),
			Problem{inds, 24, "Cách tính tổng", "chỉ tiêu F2 kiểu Văn bản không tính tổng được: để trống hoặc ghi Không tính"}},
		{"bad total method", set(inds, "B3", "P", "Nhân"),
			Problem{inds, 11, "Cách tính tổng", `cách tính tổng "Nhân" không hợp lệ: chọn Cộng, Trung bình, Trung bình theo <mã chỉ tiêu> hoặc Không tính`}},
		{"scope reading the indicator itself", set(inds, "A4", "O", "A4 || A1"),
			Problem{inds, 5, "Thuộc diện khi", "điều kiện thuộc diện của A4 không được dùng chính A4"}},
		{"choices on a number", set(inds, "A6", "Q", "Tốt; Khá"),
			Problem{inds, 7, "Các lựa chọn", "chỉ tiêu A6 kiểu Số nguyên không có lựa chọn: để trống, hoặc đổi kiểu thành Lựa chọn"}},
		{"bad severity", set(rules, "R5", "D", "Nhắc"),
			Problem{rules, 6, "Mức độ", `mức độ "Nhắc" không hợp lệ: chọn Lỗi hoặc Cảnh báo`}},
		{"contact email without @", set(meta, "lien_he_email", "B", "stttt.daknong.gov.vn"),
			Problem{meta, 31, "Giá trị", `địa chỉ thư điện tử "stttt.daknong.gov.vn" không hợp lệ (cần dạng ten@coquan.gov.vn)`}},
		{"unit email that is no address", set(units, "TU04", "G", "not-an-email"),
			Problem{units, 5, "Email", `địa chỉ thư điện tử "not-an-email" của đơn vị TU04 không hợp lệ (cần dạng ten@coquan.gov.vn; nhiều địa chỉ thì cách nhau bằng dấu ; hoặc dấu ,)`}},
		{"two unit emails without a separator", set(units, "TU03", "G", "vp@tu.vn; a@b.vn c@d.vn"),
			Problem{units, 4, "Email", `địa chỉ thư điện tử "a@b.vn c@d.vn" (trong ô "vp@tu.vn; a@b.vn c@d.vn") của đơn vị TU03 không hợp lệ (cần dạng ten@coquan.gov.vn; nhiều địa chỉ thì cách nhau bằng dấu ; hoặc dấu ,)`}},
		{"ratio over an unknown indicator", set(ratios, "TL1", "C", "C9"),
			Problem{ratios, 2, "Tử số", "tỷ lệ TL1 có tử số C9 không có trong trang Chỉ tiêu"}},
		{"ratio over a yes/no indicator", set(ratios, "TL1", "D", "A1"),
			Problem{ratios, 2, "Mẫu số", "tỷ lệ TL1 có mẫu số A1 là chỉ tiêu kiểu Có/Không, cần chỉ tiêu kiểu Số nguyên, Số hoặc Tiền"}},
		{"ratio of an indicator to itself", set(ratios, "TL1", "D", "C2"),
			Problem{ratios, 2, "Mẫu số", "tỷ lệ TL1 có tử số và mẫu số cùng là C2"}},
		{"ratio without a denominator", set(ratios, "TL1", "D", ""),
			Problem{ratios, 2, "Mẫu số", "ô trống, cần nhập"}},
		{"ratio code with a space", set(ratios, "TL1", "A", "TL 1"),
			Problem{ratios, 2, "Mã", `mã tỷ lệ "TL 1" chỉ được gồm chữ không dấu, số, dấu gạch`}},
		{"duplicate ratio", func(t *testing.T, f *excelize.File) {
			appendRow(t, f, ratios, "TL1", "Tỷ lệ trang mạng xã hội đã thay ảnh bìa", "B3", "B1")
		}, Problem{ratios, 3, "Mã", "mã tỷ lệ TL1 bị trùng (đã có ở dòng 2)"}},
		{"missing sheet", func(t *testing.T, f *excelize.File) {
			if err := f.DeleteSheet(rules); err != nil {
				t.Fatal(err)
			}
		}, Problem{rules, 0, "", `tệp chien-dich.xlsx thiếu trang "Quy tắc"`}},
	}
	// hides names the cases left out of "all at once" below: their problem
	// would hide or replace other cases' problems.
	hides := map[string]bool{
		"missing sheet": true, "missing required column": true, "duplicate group": true, "commune without a parent": true,
		"commune under a body that is not a district": true, "rule that is not true/false": true, "rule comparing yes/no with a number": true,
		"data deadline before the start": true, "bad date": true,
		"ratio over a yes/no indicator": true, "ratio of an indicator to itself": true, "ratio without a denominator": true,
		"ratio code with a space": true,
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Under -short, "all at once" checks every other case's
			// problem (its row, column and text) in one load; the full
			// run also checks that each edit alone gives only that one.
			if testing.Short() && !hides[tc.name] {
				t.Skip("checked by \"all at once\" under -short")
			}
			t.Parallel()
			path := writeDefault(t)
			editWorkbook(t, path, func(f *excelize.File) { tc.edit(t, f) })
			got := problemsOf(t, path)
			if len(got) != 1 || got[0] != tc.want {
				t.Errorf("problems:\n%s\nwant:\n%s", got.Error(), Problems{tc.want}.Error())
			}
		})
	}

	// Every problem is reported at once, sorted by sheet and row, and the
	// error text — what every command prints before exiting with code 2 —
	// names each with its sheet, row and column.
	t.Run("all at once", func(t *testing.T) {
		t.Parallel()
		path := writeDefault(t)
		var want Problems
		editWorkbook(t, path, func(f *excelize.File) {
			for _, tc := range cases {
				if hides[tc.name] {
					continue
				}
				tc.edit(t, f)
				want = append(want, tc.want)
			}
		})
		sortProblems(want, func(tb *table) string { return tb.sheet })
		got := problemsOf(t, path)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("problems:\n%s\nwant:\n%s", got.Error(), want.Error())
		}
		text := got.Error()
		if !strings.HasPrefix(text, "chiến dịch có "+strconv.Itoa(len(want))+" lỗi:\n") ||
			!strings.Contains(text, "\nĐơn vị, dòng 3, cột Mã: mã đơn vị TU01 bị trùng (đã có ở dòng 2)\n") {
			t.Errorf("error text:\n%s", text)
		}
	})
}

// TestNFDWorkbook reads a workbook whose text was typed in decomposed
// Unicode (as some keyboards and Mac editors produce): the campaign is the
// same as the one written.
func TestNFDWorkbook(t *testing.T) {
	want := mustDefault(t)
	path := writeDefault(t)
	nfd := func(s string) string { return norm.NFD.String(s) }
	editWorkbook(t, path, func(f *excelize.File) {
		for _, sheet := range f.GetSheetList() {
			rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			for i, r := range rows {
				for j, v := range r {
					if nfd(v) == v {
						continue
					}
					cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
					setCell(t, f, sheet, cell, nfd(v))
				}
			}
			if err := f.SetSheetName(sheet, nfd(sheet)); err != nil {
				t.Fatal(err)
			}
		}
	})
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	name, _ := f.GetCellValue(nfd(tableUnits.sheet), "B2")
	f.Close()
	if name == NFC(name) {
		t.Fatal("the edit did not decompose the text")
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(exported(want), exported(got)) {
		t.Error("NFD workbook reads as another campaign")
	}
}
