package aggregate

import (
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tonghop/aggregate/aggregatetest/returned"
	"tonghop/templates"
	"tonghop/templates/vn"
)

func TestValidate(t *testing.T) {
	runReadCases(t, []readCase{
		{
			name: "C2 above C1",
			set:  map[string]any{"C1": 40, "C2": 45},
			unit: "UBX-24611",
			issues: []string{
				"Lỗi|Báo cáo|D26|C2|C2 = 45 lớn hơn C1 = 40: số người thay khung ảnh đại diện không thể vượt tổng số cán bộ, công chức, viên chức, người lao động",
			},
		},
		{
			name: "banner without a website",
			set:  map[string]any{"A1": "Không"},
			unit: "UBX-24611",
			issues: []string{
				"Lỗi|Báo cáo|D12|A1|A2 = Có (đã đặt banner) nhưng A1 = Không: đơn vị không có trang thông tin điện tử thì không thể đặt banner",
			},
		},
		{
			name: "covers changed without pages",
			set:  map[string]any{"B1": 0},
			unit: "UBX-24611",
			issues: []string{
				"Lỗi|Báo cáo|D20|B1|B2 = Có (đã thay ảnh bìa, ảnh đại diện) nhưng B1 = 0: đơn vị không quản lý trang mạng xã hội nào",
			},
		},
		{
			name: "broadcast minutes without news",
			set:  map[string]any{"D1": 0},
			unit: "UBX-24611",
			issues: []string{
				"Lỗi|Báo cáo|D28|D1|D2 = 120,5 phút phát thanh nhưng D1 = 0: có thời lượng phát thanh thì phải có tin, bài",
			},
		},
		{
			name: "report date before the campaign",
			set:  map[string]any{templates.NameReportDate: "01/12/2023"},
			unit: "UBX-24611",
			issues: []string{
				"Cảnh báo|Báo cáo|D42||Ngày báo cáo 01/12/2023 trước ngày bắt đầu đợt tuyên truyền (15/12/2023): kiểm tra lại ngày báo cáo",
			},
		},
		{
			name: "banner date required when banner placed",
			set:  map[string]any{"A3": nil},
			unit: "UBX-24611",
			issues: []string{
				"Lỗi|Báo cáo|D14|A3|chưa nhập A3 (Ngày đặt banner): bắt buộc khi A2 = Có",
			},
		},
		{
			name:   "banner date not required without banner",
			set:    map[string]any{"A2": "Không", "A3": nil},
			unit:   "UBX-24611",
			values: map[string]any{"A2": false, "A3": nil},
		},
		{
			name: "banner date out of bounds",
			set:  map[string]any{"A3": "01/08/2023"},
			unit: "UBX-24611",
			issues: []string{
				"Lỗi|Báo cáo|D14|A3|A3 = 01/8/2023 trước ngày 16/8/2023: yêu cầu ngày/tháng/năm, từ 16/8/2023 đến 31/01/2024",
			},
		},
		{
			name: "banner date after the campaign",
			set:  map[string]any{"A3": vn.Serial(returned.Day(2024, 2, 1))},
			unit: "UBX-24611",
			issues: []string{
				"Lỗi|Báo cáo|D14|A3|A3 = 01/02/2024 sau ngày 31/01/2024: yêu cầu ngày/tháng/năm, từ 16/8/2023 đến 31/01/2024",
			},
		},
		{
			name: "required figure missing",
			set:  map[string]any{"B3": nil, "C1": nil},
			unit: "UBX-24611",
			issues: []string{
				"Lỗi|Báo cáo|D22|B3|chưa nhập B3 (Tin, bài đăng tải trên mạng xã hội): chỉ tiêu bắt buộc",
				"Lỗi|Báo cáo|D25|C1|chưa nhập C1 (Tổng số cán bộ, công chức, viên chức, người lao động): chỉ tiêu bắt buộc",
			},
		},
		{
			name: "negative figure",
			set:  map[string]any{"A5": -3},
			unit: "UBX-24611",
			issues: []string{
				"Lỗi|Báo cáo|D16|A5|A5 = -3 là số âm: số liệu không thể nhỏ hơn 0",
			},
		},
		{
			name: "fraction in a whole figure",
			set:  map[string]any{"A5": 12.5, "A6": "7,5"},
			unit: "UBX-24611",
			issues: []string{
				"Lỗi|Báo cáo|D16|A5|A5 = 12,5: phải là số nguyên",
				"Lỗi|Báo cáo|D17|A6|A6: “7,5” không phải là số nguyên: chỉ tiêu này chỉ nhận số nguyên — chỉ nhập số",
			},
		},
		{
			name: "text too long",
			set:  map[string]any{"F1": strings.Repeat("a", 2001)},
			unit: "UBX-24611",
			issues: []string{
				"Lỗi|Báo cáo|D34|F1|F1 dài 2001 ký tự, quá 2.000 ký tự cho phép: rút gọn nội dung",
			},
		},
		{
			name: "yes/no not understood",
			set:  map[string]any{"A4": "chắc là có", "B2": 2},
			unit: "UBX-24611",
			issues: []string{
				"Lỗi|Báo cáo|D15|A4|A4: “chắc là có” không phải là “Có” hoặc “Không” — chọn “Có” hoặc “Không” trong danh sách",
				"Lỗi|Báo cáo|D21|B2|B2 = 2: cần chọn “Có” hoặc “Không”",
			},
		},
		{
			name: "date not understood",
			set:  map[string]any{"A3": "tháng 12"},
			unit: "UBX-24611",
			issues: []string{
				"Lỗi|Báo cáo|D14|A3|A3: “tháng 12” không phải là ngày (cần ghi ngày/tháng/năm, ví dụ 05/04/2024)",
			},
		},
		{
			name: "boolean cell in a yes/no indicator",
			edit: func(t *testing.T, f *excelize.File) { setByName(t, f, "CT_A1", true) },
			unit: "UBX-24611",
		},
		{
			name: "press form",
			code: "BC01",
			set: map[string]any{"D1": nil, "D2": nil, "D3": nil, "D4": nil, "D5": nil,
				"E1": 30, "E2": 2, "E3": 95.5},
			unit:   "BC01",
			values: map[string]any{"E3": 95.5},
		},
	})
}

// c1Report is a report of unit code with C1 = c1, for crossCheckGroups.
func c1Report(c *templates.Campaign, code string, c1 float64) *Report {
	return &Report{
		File: FileInfo{Path: code + ".xlsx", SHA256: code},
		Unit: c.Unit(code),
		Values: valuesOf(map[string]Value{
			"C1": {Type: templates.TypeWhole, Num: c1, Sheet: templates.SheetReport, Cell: "D25"},
			"C2": {Type: templates.TypeWhole, Empty: true},
		}),
	}
}

func TestCrossCheck(t *testing.T) {
	c := returned.Campaign(t)
	units := c.UnitsOf("UBX")
	tests := []struct {
		name string
		c1   []float64 // C1 of the first units of UBX, in order
		want []string  // "unit|message"
	}{
		{"too few values", []float64{20, 25, 30, 4000}, nil},
		{"typo with an extra zero", []float64{20, 25, 30, 22, 280, 24}, []string{
			units[4].Code + "|C1 = 280 cao bất thường: gấp 11 lần trung vị 24,5 của 6 đơn vị nhóm UBX — kiểm tra có gõ thừa chữ số không",
		}},
		{"ten times is not enough", []float64{20, 25, 30, 22, 240, 24}, nil},
		{"below the floor", []float64{0, 0, 0, 0, 40, 0}, nil},
		{"median zero", []float64{0, 0, 0, 0, 60, 0}, []string{
			units[4].Code + "|C1 = 60 cao bất thường: trung vị của 6 đơn vị nhóm UBX là 0 — kiểm tra lại số liệu",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var reports []*Report
			for i, v := range tc.c1 {
				reports = append(reports, c1Report(c, units[i].Code, v))
			}
			// A rejected report and another group are left out.
			reports = append(reports, &Report{State: StateRejected}, c1Report(c, "UBH-660", 100000))
			crossCheckGroups(c, reports)
			crossCheckGroups(c, reports) // idempotent
			var got []string
			for _, r := range reports {
				for _, i := range r.Issues {
					if i.Indicator != "C1" || i.Cell != "D25" || i.Severity != templates.SeverityWarning {
						t.Errorf("issue %+v", i)
					}
					got = append(got, fmt.Sprintf("%s|%s", i.Unit, i.Msg))
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestRuleIssueKeepsRule: an issue a rule raised names the rule, so that a
// letter can say what that rule requires; an issue about the cell itself
// names none.
func TestRuleIssueKeepsRule(t *testing.T) {
	c := returned.Campaign(t)
	r := c1Report(c, "UBX-24611", 40)
	r.Values.Set("C2", Value{Type: templates.TypeWhole, Num: 45, Sheet: templates.SheetReport, Cell: "D26"})
	r.Values.Set("C1", Value{Type: templates.TypeWhole, Num: -40, Sheet: templates.SheetReport, Cell: "D25"})
	validate(c, r, map[string]bool{})
	rules := map[string]string{}
	for _, is := range r.Issues {
		rules[is.Indicator] = is.Rule
	}
	if len(r.Issues) != 2 || rules["C2"] != "R1" || rules["C1"] != "" {
		t.Fatalf("issues %+v: want C1's bound with no rule and C2's R1", r.Issues)
	}
}
