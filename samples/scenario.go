package samples

import (
	"time"
)

// Quirk is one oddity a sample file carries on purpose.
type Quirk int

// Quirks. The first three are errors that keep a report out of the totals;
// the others are what the reader must understand (with a warning at most).
const (
	// QuirkC2OverC1 makes C2 larger than C1 (the digits swapped).
	QuirkC2OverC1 Quirk = iota + 1
	// QuirkNegative types a count with a minus sign.
	QuirkNegative
	// QuirkBannerYear types the banner date with last year's year, outside
	// the allowed 16/08/2023 – 31/01/2024.
	QuirkBannerYear
	// QuirkD2WithoutD1 gives broadcast minutes with no broadcast item: the
	// mistake of a first submission that a corrected one fixes.
	QuirkD2WithoutD1
	// QuirkNoBanner is a unit of the letter's footnote 2: it has a website
	// (A1 = Có) but still no banner (A2 = Không).
	QuirkNoBanner
	// QuirkTextNumbers types numbers as text: "1.234" with the Vietnamese
	// thousands separator, "12 bài" with the unit of measure.
	QuirkTextNumbers
	// QuirkLetterYesNo answers yes/no with "x" and "K".
	QuirkLetterYesNo
	// QuirkNFD writes the unit name and the texts in Unicode NFD (the file
	// name too): same look, other bytes.
	QuirkNFD
	// QuirkTextDate types the report date as text, "11/4/2024".
	QuirkTextDate
)

// errorQuirks are the quirks that make a report invalid.
var errorQuirks = map[Quirk]bool{QuirkC2OverC1: true, QuirkNegative: true, QuirkBannerYear: true, QuirkD2WithoutD1: true}

// Use is what a merge must do with a sample file.
type Use int

// Uses, mirroring aggregate.Use.
const (
	Used       Use = iota // the unit's report
	Superseded            // an older report of a unit that sent a newer one
	Duplicate             // a byte-identical copy of another file
	Rejected              // unreadable: the .xls
)

// Convert says whether LibreOffice re-saves a file, and as what.
type Convert string

// Conversions.
const (
	Native  Convert = ""     // as excelize writes it
	ResaveX Convert = "xlsx" // re-saved by LibreOffice as .xlsx
	SaveXLS Convert = "xls"  // saved by LibreOffice as Excel 97–2003 .xls
)

// File is one odd file of the scenario. Units not named by any File send one
// ordinary report, on time, under a name of their own choosing.
type File struct {
	Name string // path under Dir, "/" separated; NFC here even for QuirkNFD
	Unit string // the unit whose template it is (the identity it carries)
	// AsUnit, when set, is the unit that took Unit's file, wrote its own
	// name in it and sent it: the identity says Unit, the name AsUnit.
	AsUnit string
	// Reported is the report date written in the file; zero means a date in
	// the usual window, chosen from the seed.
	Reported time.Time
	// Saved is the workbook's last-saved time; zero means the report day at
	// an office hour chosen from the seed.
	Saved   time.Time
	Quirks  []Quirk
	Convert Convert
	// CopyOf names another File whose bytes this one repeats exactly.
	CopyOf string
	// Variant changes the seed of the figures: a resubmission's figures are
	// not the first file's.
	Variant int
	Use     Use    // what the merge must do with it
	Why     string // Vietnamese: what the file is there to show (samples/README.md)
}

func day(d, m int) time.Time { return time.Date(2024, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// at is a saved time in the province's time zone.
func at(d, m, hh, mm int) time.Time { return time.Date(2024, time.Month(m), d, hh, mm, 0, 0, ict) }

// Scenario is the sample folder: the odd files, and the units that send
// nothing. Everything else is an ordinary report.
var Scenario = struct {
	Missing []string // units that send nothing
	Files   []File
	// Subfolders puts the reports of a district's communes, as the district
	// forwarded them, into a folder of their own.
	Subfolders map[string]string
}{
	Missing: []string{"TU06", "SBN17", "DU04", "UBX-24742"},
	Subfolders: map[string]string{
		"UBH-665": "Huyện Đắk Song gửi kèm các xã",
	},
	Files: []File{
		// The letter's footnote 2: seven units that had not placed the banner.
		{Name: "SBN07_So-Nong-nghiep-va-Phat-trien-nong-thon.xlsx", Unit: "SBN07", Quirks: []Quirk{QuirkNoBanner},
			Why: "Sở Nông nghiệp và PTNT, một trong 7 đơn vị ở chú thích 2 của công văn: có trang TTĐT (A1 = Có) nhưng vẫn chưa đặt banner (A2 = Không) — hiện trong danh sách “Chưa đặt banner”."},
		{Name: "BC tuyen truyen 20 nam - So KH&DT.xlsx", Unit: "SBN04", Quirks: []Quirk{QuirkNoBanner},
			Why: "Sở Kế hoạch và Đầu tư, chú thích 2: chưa đặt banner."},
		{Name: "So Xay dung - bao cao.xlsx", Unit: "SBN09", Quirks: []Quirk{QuirkNoBanner},
			Why: "Sở Xây dựng, chú thích 2: chưa đặt banner."},
		{Name: "BC 20 nam - Dak Mil (final).xlsx", Unit: "UBH-663", Quirks: []Quirk{QuirkNoBanner},
			Why: "UBND huyện Đắk Mil, chú thích 2: chưa đặt banner. Tên tệp lộn xộn, có khoảng trắng và ngoặc."},
		{Name: "BC 20 nam - Dak Mil (final) (1).xlsx", Unit: "UBH-663", CopyOf: "BC 20 nam - Dak Mil (final).xlsx", Use: Duplicate,
			Why: "Bản sao y hệt từng byte của tệp trên (cán bộ tải tệp đính kèm hai lần): chỉ tính một lần — tonghop dùng tệp đứng trước theo tên, tệp kia ghi là “bản trùng”."},
		{Name: "UBND huyen Dak R'Lap.xlsx", Unit: "UBH-666", Quirks: []Quirk{QuirkNoBanner},
			Why: "UBND huyện Đắk R'Lấp, chú thích 2: chưa đặt banner. Tên tệp có dấu nháy đơn."},
		{Name: "UBH-661_UBND-huyen-Dak-Glong.xlsx", Unit: "UBH-661", Quirks: []Quirk{QuirkNoBanner},
			Why: "UBND huyện Đắk Glong, chú thích 2: chưa đặt banner (giữ nguyên tên tệp do tonghop generate đặt)."},
		{Name: "Cu Jut - BC ket qua tuyen truyen.xlsx", Unit: "UBH-662", Quirks: []Quirk{QuirkNoBanner},
			Why: "UBND huyện Cư Jút, chú thích 2: chưa đặt banner."},

		// Late: the report date is on or after 05/04/2024.
		{Name: "SBN08_So-Giao-thong-van-tai.xlsx", Unit: "SBN08", Reported: day(5, 4),
			Why: "Nộp muộn: ngày báo cáo 05/4/2024 — hạn là “trước ngày 05/4/2024”, nên đúng ngày 05/4 đã là muộn."},
		{Name: "BQL cac KCN - bao cao 20 nam.xlsx", Unit: "SBN20", Reported: day(8, 4),
			Why: "Nộp muộn: ngày báo cáo 08/4/2024."},
		{Name: "Hoi Nong dan tinh.xlsx", Unit: "CTXH05", Reported: day(9, 4),
			Why: "Nộp muộn: ngày báo cáo 09/4/2024."},
		{Name: "Huyen uy Tuy Duc.xlsx", Unit: "DU-667", Reported: day(5, 4),
			Why: "Nộp muộn: ngày báo cáo 05/4/2024."},
		{Name: "BC UBND huyen Tuy Duc (gui lai).xlsx", Unit: "UBH-667", Reported: day(10, 4),
			Why: "Nộp muộn: ngày báo cáo 10/4/2024."},
		{Name: "Quang Tan.xlsx", Unit: "UBX-24748", Reported: day(8, 4),
			Why: "Nộp muộn: ngày báo cáo 08/4/2024."},
		{Name: "Mau bao cao_Dak Ru.xlsx", Unit: "UBX-24763", Reported: day(11, 4), Quirks: []Quirk{QuirkTextDate},
			Why: "Nộp muộn, và ngày báo cáo gõ thành chữ “11/4/2024” thay vì kiểu ngày: vẫn đọc được là ngày 11/4/2024."},
		{Name: "Nam Nung.xlsx", Unit: "UBX-24703", Reported: day(5, 4),
			Why: "Nộp muộn: ngày báo cáo 05/4/2024."},

		// Errors: kept out of the totals, listed with the cell and the values.
		{Name: "BC phuong Quang Thanh.xlsx", Unit: "UBX-24619", Quirks: []Quirk{QuirkC2OverC1},
			Why: "Có lỗi: C2 (số người thay khung ảnh) lớn hơn C1 (tổng số CBCCVC) — gõ đảo chữ số."},
		{Name: "So KHCN_bao cao tuyen truyen.xlsx", Unit: "SBN14", Quirks: []Quirk{QuirkNegative},
			Why: "Có lỗi: một số đếm bị gõ số âm (A7)."},
		{Name: "Ban Dan van TU - 20 nam.xlsx", Unit: "TU04", Quirks: []Quirk{QuirkBannerYear},
			Why: "Có lỗi: ngày đặt banner (A3) gõ nhầm năm 2022, nằm ngoài khoảng 16/08/2023 – 31/01/2024."},

		// A resubmission: the first file has an error, the newer one fixes it.
		{Name: "BC Tam Thang.xlsx", Unit: "UBX-24655", Reported: day(25, 3), Saved: at(25, 3, 16, 40),
			Quirks: []Quirk{QuirkD2WithoutD1}, Use: Superseded,
			Why: "Lần gửi đầu của xã Tâm Thắng, có lỗi (D2 có phút phát thanh nhưng D1 = 0): bị thay thế bởi bản sửa gửi sau."},
		{Name: "BC Tam Thang - da sua.xlsx", Unit: "UBX-24655", Reported: day(27, 3), Saved: at(27, 3, 9, 5), Variant: 1,
			Why: "Bản sửa của xã Tâm Thắng, lưu sau: được dùng, bản đầu ghi là “bị thay thế”."},

		// Another unit's file re-used: identity Đắk R'La, name Đắk Gằn.
		{Name: "Dak R'La.xlsx", Unit: "UBX-24670", Reported: day(2, 4), Saved: at(2, 4, 15, 10),
			Why: "Báo cáo của chính xã Đắk R'La: được dùng, không bị ảnh hưởng bởi tệp xã Đắk Gằn gửi trên biểu mẫu của Đắk R'La."},
		{Name: "BC xa Dak Gan.xlsx", Unit: "UBX-24670", AsUnit: "UBX-24673", Reported: day(29, 3), Saved: at(29, 3, 10, 20),
			Why: "Xã Đắk Gằn lấy biểu mẫu của xã Đắk R'La, điền số liệu của mình, sửa tên đơn vị thành Đắk Gằn rồi gửi: định danh ẩn nói Đắk R'La, ô tên nói Đắk Gằn — lỗi “có thể sao chép từ đơn vị khác”. Số liệu là của Đắk Gằn nên tệp được tính là báo cáo có lỗi của xã Đắk Gằn (không cộng vào tổng, có tệp phản hồi); báo cáo của Đắk R'La không bị ảnh hưởng."},

		// Files the reader must understand despite how they were typed.
		{Name: "Cong an tinh - BC.xlsx", Unit: "LLVT02", Quirks: []Quirk{QuirkTextNumbers},
			Why: "C1, C2 gõ thành chữ có dấu chấm phân cách hàng nghìn (như “1.234”): đọc thành số, kèm cảnh báo hiện nguyên văn."},
		{Name: "TT Ea T'Ling.xlsx", Unit: "UBX-24640", Quirks: []Quirk{QuirkTextNumbers},
			Why: "A5 gõ kèm đơn vị tính (như “12 bài”): đọc thành số, kèm cảnh báo."},
		{Name: "xa Buon Choah.xlsx", Unit: "UBX-24694", Quirks: []Quirk{QuirkLetterYesNo},
			Why: "Có/Không ghi tắt “x” và “K”: đọc được, kèm cảnh báo."},
		{Name: "Báo cáo kết quả tuyên truyền - UBND xã Đắk Môl.xlsx", Unit: "UBX-24718", Quirks: []Quirk{QuirkNFD},
			Why: "Tên tệp, tên đơn vị và các đoạn văn ở dạng Unicode NFD (nhìn giống hệt nhưng khác byte, như khi gửi từ máy Mac): so khớp sau khi chuẩn hóa NFC."},

		// Files saved by another application.
		{Name: "Tinh doan - bao cao 20 nam.xlsx", Unit: "CTXH03", Convert: ResaveX,
			Why: "Lưu lại bằng LibreOffice Calc (soffice --convert-to xlsx): tên định nghĩa và trang định danh ẩn vẫn còn, đọc như thường."},
		{Name: "Bao cao xa Dak Sor.xls", Unit: "UBX-24691", Convert: SaveXLS,
			Why: "Lưu dạng .xls (Excel 97–2003) bằng LibreOffice: tên định nghĩa và trang định danh vẫn còn, tonghop đọc như tệp .xlsx."},
	},
}
