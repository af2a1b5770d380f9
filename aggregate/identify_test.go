package aggregate

import (
	"testing"

	"github.com/xuri/excelize/v2"

	"tonghop/aggregate/aggregatetest/returned"
	"tonghop/templates"
)

func TestIdentify(t *testing.T) {
	runReadCases(t, []readCase{
		{
			name: "identity and name agree",
			unit: "UBX-24611",
		},
		{
			name: "name of another unit",
			edit: func(t *testing.T, f *excelize.File) {
				setByName(t, f, templates.NameUnitName, "UBND phường Nghĩa Thành")
			},
			// Nghĩa Thành re-used Nghĩa Đức's form: the report is Nghĩa Thành's.
			unit: "UBX-24612",
			issues: []string{
				"Lỗi|Báo cáo|C5||tệp của đơn vị UBND phường Nghĩa Đức (UBX-24611) nhưng ghi tên đơn vị UBND phường Nghĩa Thành (UBX-24612) — có thể sao chép từ đơn vị khác: đề nghị đơn vị điền vào đúng biểu mẫu của mình",
			},
		},
		{
			name: "code cell of another unit",
			edit: func(t *testing.T, f *excelize.File) { setByName(t, f, templates.NameUnitCode, "UBX-24612") },
			unit: "UBX-24612",
			issues: []string{
				"Lỗi|Báo cáo|C6||tệp của đơn vị UBND phường Nghĩa Đức (UBX-24611) nhưng ô mã đơn vị ghi UBND phường Nghĩa Thành (UBX-24612) — có thể sao chép từ đơn vị khác: đề nghị đơn vị điền vào đúng biểu mẫu của mình",
			},
		},
		{
			name: "name in NFD with another apostrophe",
			code: "UBX-24618",
			edit: func(t *testing.T, f *excelize.File) {
				setByName(t, f, templates.NameUnitName, "UBND xa\u0303 \u0110a\u0306\u0301k R’Moan")
			},
			unit: "UBX-24618",
		},
		{
			name:   "identity lost, name cell matches",
			edit:   dropIdentity,
			unit:   "UBX-24611",
			values: map[string]any{"C1": 40.0, "A3": returned.Day(2023, 12, 15)},
			issues: []string{
				"Cảnh báo|Báo cáo|||tệp không còn tên vùng CT_… dùng được (bị xóa, hoặc trỏ tới trang không còn; có thể biểu mẫu được gõ lại hoặc xuất từ Google Sheets): đã đọc 21 chỉ tiêu theo mã ở cột A, giá trị ở cột D — kiểm tra lại các số đọc được",
				"Cảnh báo|Báo cáo|C5||tệp không có thông tin nhận dạng của biểu mẫu (trang ẩn, thuộc tính tệp, ô mã đơn vị) — có thể được gõ lại hoặc xuất từ Google Sheets: đã xác định là UBND phường Nghĩa Đức (UBX-24611) theo tên đơn vị ghi ở ô C5 “UBND phường Nghĩa Đức” (tên trùng khớp, chắc chắn, 100%) — kiểm tra lại",
			},
		},
		{
			name: "identity lost, name and file name match",
			edit: dropIdentity,
			file: "BC 20 nam - Nghia Duc (final) (1).xlsx",
			unit: "UBX-24611",
			issues: []string{
				"Cảnh báo|Báo cáo|||tệp không còn tên vùng CT_… dùng được (bị xóa, hoặc trỏ tới trang không còn; có thể biểu mẫu được gõ lại hoặc xuất từ Google Sheets): đã đọc 21 chỉ tiêu theo mã ở cột A, giá trị ở cột D — kiểm tra lại các số đọc được",
				"Cảnh báo|Báo cáo|C5||tệp không có thông tin nhận dạng của biểu mẫu (trang ẩn, thuộc tính tệp, ô mã đơn vị) — có thể được gõ lại hoặc xuất từ Google Sheets: đã xác định là UBND phường Nghĩa Đức (UBX-24611) theo tên đơn vị ghi ở ô C5 “UBND phường Nghĩa Đức” (tên trùng khớp, chắc chắn, 100%); tên tệp cũng khớp — kiểm tra lại",
			},
		},
		{
			name: "identity lost, file name only",
			edit: func(t *testing.T, f *excelize.File) {
				dropIdentity(t, f)
				if err := f.SetCellValue(templates.SheetReport, "C5", ""); err != nil {
					t.Fatal(err)
				}
			},
			file: "Bao cao phuong Nghia Duc.xlsx",
			unit: "UBX-24611",
			issues: []string{
				"Cảnh báo||||tệp không có thông tin nhận dạng của biểu mẫu (trang ẩn, thuộc tính tệp, ô mã đơn vị) — có thể được gõ lại hoặc xuất từ Google Sheets: đã xác định là UBND phường Nghĩa Đức (UBX-24611) theo tên tệp “Bao cao phuong Nghia Duc.xlsx” (tên tệp chứa tên đơn vị, khá chắc, 90%), trong tệp không có tên đơn vị nhận ra được — kiểm tra lại",
				"Cảnh báo|Báo cáo|||tệp không còn tên vùng CT_… dùng được (bị xóa, hoặc trỏ tới trang không còn; có thể biểu mẫu được gõ lại hoặc xuất từ Google Sheets): đã đọc 21 chỉ tiêu theo mã ở cột A, giá trị ở cột D — kiểm tra lại các số đọc được",
			},
		},
		{
			name: "identity lost, name ambiguous",
			edit: func(t *testing.T, f *excelize.File) {
				dropIdentity(t, f)
				if err := f.SetCellValue(templates.SheetReport, "C5", "Đắk Mil"); err != nil {
					t.Fatal(err)
				}
			},
			rejected: true,
			issues: []string{
				"Lỗi||||không xác định được đơn vị: tệp không có thông tin nhận dạng của biểu mẫu (trang ẩn, thuộc tính tệp, ô mã đơn vị) — có thể được gõ lại hoặc xuất từ Google Sheets; tên “Đắk Mil” ghi ở ô C5 khớp nhiều đơn vị: UBND thị trấn Đắk Mil (UBX-24664); UBND huyện Đắk Mil (UBH-663) — ghi đầy đủ, đúng tên đơn vị rồi gửi lại",
			},
		},
		{
			name: "identity lost, name ambiguous, file name decides",
			edit: func(t *testing.T, f *excelize.File) {
				dropIdentity(t, f)
				if err := f.SetCellValue(templates.SheetReport, "C5", "Đắk Mil"); err != nil {
					t.Fatal(err)
				}
			},
			file: "BC UBND huyen Dak Mil.xlsx",
			unit: "UBH-663",
			issues: []string{
				"Cảnh báo|Báo cáo|||tệp không còn tên vùng CT_… dùng được (bị xóa, hoặc trỏ tới trang không còn; có thể biểu mẫu được gõ lại hoặc xuất từ Google Sheets): đã đọc 21 chỉ tiêu theo mã ở cột A, giá trị ở cột D — kiểm tra lại các số đọc được",
				"Cảnh báo|Báo cáo|C5||tệp không có thông tin nhận dạng của biểu mẫu (trang ẩn, thuộc tính tệp, ô mã đơn vị) — có thể được gõ lại hoặc xuất từ Google Sheets: đã xác định là UBND huyện Đắk Mil (UBH-663) theo tên đơn vị ghi ở ô C5 “Đắk Mil” khớp nhiều đơn vị, tên tệp “BC UBND huyen Dak Mil.xlsx” chọn được một — kiểm tra lại",
			},
		},
		{
			name: "identity lost, nothing matches",
			edit: func(t *testing.T, f *excelize.File) {
				dropIdentity(t, f)
				if err := f.SetCellValue(templates.SheetReport, "C5", "Công ty TNHH ABC"); err != nil {
					t.Fatal(err)
				}
			},
			rejected: true,
			issues: []string{
				"Lỗi||||không xác định được đơn vị: tệp không có thông tin nhận dạng của biểu mẫu (trang ẩn, thuộc tính tệp, ô mã đơn vị) — có thể được gõ lại hoặc xuất từ Google Sheets; tên “Công ty TNHH ABC” ghi ở ô C5 không khớp đơn vị nào, tên tệp cũng không khớp — đề nghị đơn vị điền vào đúng biểu mẫu đã gửi",
			},
		},
		{
			name:     "another campaign",
			edit:     func(t *testing.T, f *excelize.File) { setIdentity(t, f, templates.IdentityKeyCampaign, "bau-cu-2026") },
			rejected: true,
			issues: []string{
				"Lỗi||||tệp thuộc chiến dịch “bau-cu-2026”, không phải chiến dịch đang tổng hợp “dak-nong-20-nam-tai-lap” — kiểm tra đã chọn đúng tệp chiến dịch (--campaign), hoặc đơn vị đã điền nhầm biểu mẫu của đợt khác: gửi lại biểu mẫu của đợt này",
			},
		},
		{
			name: "another template version",
			edit: func(t *testing.T, f *excelize.File) { setIdentity(t, f, templates.IdentityKeyVersion, "0") },
			unit: "UBX-24611",
			issues: []string{
				"Lỗi|tonghop|||tệp làm theo biểu mẫu phiên bản 0, chiến dịch đang dùng biểu mẫu phiên bản 1: gửi lại biểu mẫu mới cho đơn vị (tonghop generate) và đề nghị điền lại",
			},
		},
		{
			name: "fingerprint differs, same version",
			edit: func(t *testing.T, f *excelize.File) {
				setIdentity(t, f, templates.IdentityKeyFingerprint, "0000000000000000")
			},
			unit: "UBX-24611",
			issues: []string{
				"Cảnh báo|tonghop|||dấu vân biểu mẫu trong tệp (0000000000000000) khác dấu vân biểu mẫu của nhóm UBX (0ec7337de58f1b59) dù cùng phiên bản 1: danh sách chỉ tiêu có thể đã đổi sau khi gửi biểu mẫu — kiểm tra các chỉ tiêu đọc được",
			},
		},
		{
			name: "unknown unit code",
			edit: func(t *testing.T, f *excelize.File) {
				setIdentity(t, f, templates.IdentityKeyUnit, "XX-1")
				setByName(t, f, templates.NameUnitCode, "XX-1")
			},
			unit: "UBX-24611",
			issues: []string{
				"Cảnh báo|Báo cáo|C5||mã đơn vị “XX-1” ghi trong tệp không có trong danh sách đơn vị của chiến dịch: đã xác định là UBND phường Nghĩa Đức (UBX-24611) theo tên đơn vị ghi ở ô C5 “UBND phường Nghĩa Đức” (tên trùng khớp, chắc chắn, 100%) — kiểm tra lại",
			},
		},
		{
			name: "custom properties dropped",
			edit: func(t *testing.T, f *excelize.File) {
				for _, k := range []string{templates.IdentityKeyCampaign, templates.IdentityKeyVersion, templates.IdentityKeyUnit, templates.IdentityKeyFingerprint} {
					if err := f.SetCustomProps(excelize.CustomProperty{Name: k}); err != nil {
						t.Fatal(err)
					}
				}
			},
			unit: "UBX-24611",
		},
	})
}
