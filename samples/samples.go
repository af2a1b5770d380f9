// Package samples builds the folder of returned reports committed under
// samples/bao-cao: what an officer's inbox looks like after the default
// campaign's deadline, so that `tonghop merge samples` shows the whole job on
// a fresh clone. Most units reported; some are missing or late; a few files
// carry errors, duplicates, another unit's identity, messy names, numbers
// typed as text, a LibreOffice re-save and an .xls.
//
// Every file is a template written by templates.Campaign.Template, filled
// through its defined names, from a fixed seed: the same campaign gives the
// same content every time. The scenario is data (Scenario), and the outcome
// a merge must reach on it (Expect) is derived from that data, not typed a
// second time.
package samples

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"tonghop/templates"
)

// Seed is the fixed seed of every figure, name and date in the samples.
const Seed uint64 = 20240415

// Dir is the folder under samples/ that holds the reports.
const Dir = "bao-cao"

// AsOf is the "today" of the sample run: after both deadlines, so that a unit
// without a report is missing, not "not yet due".
var AsOf = time.Date(2024, 4, 15, 0, 0, 0, 0, time.UTC)

// ict is the province's time zone: workbooks are saved in office hours there.
var ict = time.FixedZone("ICT", 7*3600)

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

// Plan is the scenario resolved against a campaign: every file to write, in
// the order written, with its figures' seed and dates decided.
type Plan struct {
	Files []PlannedFile
}

// PlannedFile is one file of the plan.
type PlannedFile struct {
	File
	Path     string // under Dir, OS separators; NFD when the file asks for it
	unit     *templates.Unit
	asUnit   *templates.Unit
	reported time.Time
	saved    time.Time
}

// NewPlan resolves the scenario against the campaign: every unit not missing
// and not named by the scenario gets an ordinary report.
func NewPlan(c *templates.Campaign) (*Plan, error) {
	odd := map[string]bool{}
	for _, code := range Scenario.Missing {
		if c.Unit(code) == nil {
			return nil, fmt.Errorf("mẫu: chiến dịch không có đơn vị %s", code)
		}
		odd[code] = true
	}
	files := map[string]File{}
	for _, f := range Scenario.Files {
		for _, code := range []string{f.Unit, f.AsUnit} {
			if code != "" && c.Unit(code) == nil {
				return nil, fmt.Errorf("mẫu: chiến dịch không có đơn vị %s (tệp %s)", code, f.Name)
			}
		}
		files[f.Name] = f
		odd[f.Unit] = true
		if f.AsUnit != "" {
			odd[f.AsUnit] = true
		}
	}
	var all []File
	used := map[string]bool{}
	for _, f := range Scenario.Files {
		used[strings.ToLower(f.Name)] = true
	}
	for i := range c.Units {
		u := &c.Units[i]
		if odd[u.Code] {
			continue
		}
		name := ordinaryName(u)
		for n := 2; used[strings.ToLower(name)]; n++ {
			name = strings.TrimSuffix(name, ".xlsx") + fmt.Sprintf(" (%d).xlsx", n)
		}
		used[strings.ToLower(name)] = true
		all = append(all, File{Name: name, Unit: u.Code})
	}
	all = append(all, Scenario.Files...)

	p := &Plan{}
	for _, f := range all {
		if f.CopyOf != "" {
			// A copy says what its original says.
			orig, ok := files[f.CopyOf]
			if !ok {
				return nil, fmt.Errorf("mẫu: tệp %s sao chép tệp không có trong kịch bản %s", f.Name, f.CopyOf)
			}
			f.Unit, f.AsUnit, f.Reported, f.Saved, f.Quirks, f.Convert, f.Variant = orig.Unit, orig.AsUnit, orig.Reported, orig.Saved, orig.Quirks, orig.Convert, orig.Variant
		}
		u := c.Unit(f.Unit)
		pf := PlannedFile{File: f, unit: u}
		if f.AsUnit != "" {
			pf.asUnit = c.Unit(f.AsUnit)
		}
		sender := pf.sender()
		rng := rngFor(sender.Code, f.Variant+100)
		pf.reported = f.Reported
		if pf.reported.IsZero() {
			// Most reports come in the last ten days of March and the first
			// days of April, before the 05/4 deadline.
			pf.reported = day(20, 3).AddDate(0, 0, rng.IntN(16))
		}
		pf.saved = f.Saved
		if pf.saved.IsZero() {
			d := pf.reported
			pf.saved = time.Date(d.Year(), d.Month(), d.Day(), 8+rng.IntN(9), rng.IntN(60), 0, 0, ict)
		}
		name := f.Name
		if folder, ok := Scenario.Subfolders[sender.Parent]; ok {
			name = folder + "/" + name
		}
		if pf.has(QuirkNFD) {
			name = norm.NFD.String(name)
		}
		pf.Path = filepath.FromSlash(name)
		p.Files = append(p.Files, pf)
	}
	// Copies after their originals, then by path: a stable order to write in.
	sort.SliceStable(p.Files, func(i, j int) bool {
		a, b := p.Files[i], p.Files[j]
		if (a.CopyOf != "") != (b.CopyOf != "") {
			return b.CopyOf != ""
		}
		return a.Path < b.Path
	})
	return p, nil
}

// sender is the unit that sent the file: AsUnit when it re-used another's.
func (pf *PlannedFile) sender() *templates.Unit {
	if pf.asUnit != nil {
		return pf.asUnit
	}
	return pf.unit
}

func (pf *PlannedFile) has(q Quirk) bool {
	for _, x := range pf.Quirks {
		if x == q {
			return true
		}
	}
	return false
}

// ordinaryName is the name an ordinary unit gives its file: some keep the
// generated name, most rename it their own way.
func ordinaryName(u *templates.Unit) string {
	rng := rngFor(u.Code, 1)
	short := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(u.Name, "UBND "), "Ủy ban "))
	ascii := strings.ReplaceAll(templates.Slug(short), "-", " ")
	switch rng.IntN(6) {
	case 0, 1:
		return templates.FileName(u)
	case 2:
		return "BC 20 nam - " + ascii + ".xlsx"
	case 3:
		return "Báo cáo tuyên truyền 20 năm - " + short + ".xlsx"
	case 4:
		return ascii + " - bao cao ket qua tuyen truyen.xlsx"
	default:
		return "Mau bao cao_" + ascii + " (1).xlsx"
	}
}

// rngFor returns the random source of one unit's figures: seeded by the
// fixed seed and the unit code, so that changing one unit's scenario leaves
// every other unit's figures as they were.
func rngFor(code string, variant int) *rand.Rand {
	h := fnv.New64a()
	io.WriteString(h, code)
	return rand.New(rand.NewPCG(Seed, h.Sum64()+uint64(variant)))
}

// Options tune Build.
type Options struct {
	// Soffice is the LibreOffice program used for the re-saved and .xls
	// files; empty means look for soffice (or libreoffice) on PATH.
	Soffice string
	// WithoutOffice skips the files LibreOffice makes instead of failing
	// when it is missing (for a test on a machine without it).
	WithoutOffice bool
}

// ErrNoOffice is returned when a file needs LibreOffice and none is found.
var ErrNoOffice = errors.New("cần LibreOffice (lệnh soffice) để tạo tệp lưu lại bằng LibreOffice và tệp .xls; hãy cài LibreOffice Calc (ví dụ apt-get install libreoffice-calc-nogui)")

// Build writes the sample folder into dir (created when missing), using
// LibreOffice from PATH for the files it must make.
func Build(c *templates.Campaign, dir string) error {
	return BuildWith(c, dir, Options{})
}

// BuildWith is Build with options.
func BuildWith(c *templates.Campaign, dir string, opt Options) error {
	p, err := NewPlan(c)
	if err != nil {
		return err
	}
	soffice := opt.Soffice
	if soffice == "" {
		soffice = findOffice()
	}
	if soffice == "" && !opt.WithoutOffice {
		for _, f := range p.Files {
			if f.Convert != Native {
				return fmt.Errorf("mẫu %s: %w", f.Name, ErrNoOffice)
			}
		}
	}
	written := map[string][]byte{}
	for _, f := range p.Files {
		path := filepath.Join(dir, f.Path)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("mẫu: %w", err)
		}
		if f.CopyOf != "" {
			b, ok := written[f.CopyOf]
			if !ok {
				continue // the original was skipped (no LibreOffice)
			}
			if err := os.WriteFile(path, b, 0o644); err != nil {
				return fmt.Errorf("mẫu: %w", err)
			}
			written[f.Name] = b
			continue
		}
		if f.Convert != Native && soffice == "" {
			continue
		}
		b, err := workbook(c, &f)
		if err != nil {
			return fmt.Errorf("mẫu %s: %w", f.Name, err)
		}
		if f.Convert != Native {
			if b, err = viaOffice(soffice, b, f); err != nil {
				return fmt.Errorf("mẫu %s: %w", f.Name, err)
			}
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return fmt.Errorf("mẫu: %w", err)
		}
		written[f.Name] = b
	}
	return nil
}

func findOffice() string {
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// workbook writes one filled report and returns its bytes.
func workbook(c *templates.Campaign, pf *PlannedFile) ([]byte, error) {
	f, err := c.Template(pf.unit)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if err := fill(c, f, pf); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// fill writes the figures, the reporter block and the document properties.
func fill(c *templates.Campaign, f *excelize.File, pf *PlannedFile) error {
	sender := pf.sender()
	rng := rngFor(sender.Code, pf.Variant)
	names := definedNames(f)
	set := func(name string, v any) error {
		ref, ok := names[name]
		if !ok {
			return fmt.Errorf("biểu mẫu thiếu tên định nghĩa %s", name)
		}
		if s, ok := v.(string); ok && pf.has(QuirkNFD) {
			v = norm.NFD.String(s)
		}
		return f.SetCellValue(ref.sheet, ref.cell, v)
	}

	if pf.asUnit != nil || pf.has(QuirkNFD) {
		if err := set(templates.NameUnitName, sender.Name); err != nil {
			return err
		}
	}
	vals := figures(c, sender, rng, pf)
	for _, ind := range c.IndicatorsFor(pf.unit.Group) {
		v, ok := vals[ind.ID]
		if !ok {
			continue
		}
		if err := set(templates.IndicatorName(ind.ID), v); err != nil {
			return err
		}
	}

	rep := reporter(sender, rng)
	var date any = pf.reported
	if pf.has(QuirkTextDate) {
		date = fmt.Sprintf("%d/%d/%d", pf.reported.Day(), pf.reported.Month(), pf.reported.Year())
	}
	for _, kv := range []struct {
		name string
		v    any
	}{
		{templates.NameReporterName, rep.name},
		{templates.NameReporterTitle, rep.title},
		{templates.NameReporterPhone, rep.phone},
		{templates.NameReporterEmail, rep.email},
		{templates.NameReportDate, date},
	} {
		if err := set(kv.name, kv.v); err != nil {
			return err
		}
	}

	props, err := f.GetDocProps()
	if err != nil {
		return err
	}
	props.Created = pf.saved.AddDate(0, 0, -3-rng.IntN(10)).UTC().Format(time.RFC3339)
	props.Modified = pf.saved.UTC().Format(time.RFC3339)
	props.LastModifiedBy = rep.name
	return f.SetDocProps(props)
}

type cellRef struct{ sheet, cell string }

// definedNames maps each workbook-scoped defined name to its single cell.
func definedNames(f *excelize.File) map[string]cellRef {
	out := map[string]cellRef{}
	for _, dn := range f.GetDefinedName() {
		if dn.Scope != "" && dn.Scope != "Workbook" {
			continue
		}
		if ref, ok := parseRef(dn.RefersTo); ok {
			out[dn.Name] = ref
		}
	}
	return out
}

// parseRef splits "'Báo cáo'!$D$12" into the sheet and "D12".
func parseRef(s string) (cellRef, bool) {
	s = strings.TrimPrefix(s, "=")
	i := strings.LastIndexByte(s, '!')
	if i < 0 {
		return cellRef{}, false
	}
	sheet, cell := s[:i], strings.ReplaceAll(s[i+1:], "$", "")
	if strings.HasPrefix(sheet, "'") && strings.HasSuffix(sheet, "'") && len(sheet) >= 2 {
		sheet = strings.ReplaceAll(sheet[1:len(sheet)-1], "''", "'")
	}
	if strings.Contains(cell, ":") {
		return cellRef{}, false
	}
	return cellRef{sheet, cell}, true
}

// staffRange is the plausible number of staff (C1) of a unit.
func staffRange(u *templates.Unit) (lo, hi int) {
	switch u.Group {
	case "UBX":
		return 15, 40
	case "UBH":
		return 80, 250
	case "SBN":
		return 40, 300
	case "LLVT":
		return 300, 2000
	case "BC":
		return 15, 150
	case "TU", "VPDBQH":
		return 15, 60
	case "CTXH":
		return 12, 40
	case "DU":
		return 15, 45
	}
	return 10, 100
}

// figures chooses the unit's answers, by indicator id for the indicators of
// the default campaign and by type for any other. Values are strings (yes/no,
// texts, numbers typed as text), ints, float64s or dates.
func figures(c *templates.Campaign, u *templates.Unit, rng *rand.Rand, pf *PlannedFile) map[string]any {
	between := func(lo, hi int) int { return lo + rng.IntN(hi-lo+1) }
	chance := func(p float64) bool { return rng.Float64() < p }
	yes, no := "Có", "Không"
	if pf.has(QuirkLetterYesNo) {
		yes, no = "x", "K"
	}
	yn := func(b bool) string {
		if b {
			return yes
		}
		return no
	}
	commune := u.Group == "UBX"

	v := map[string]any{}
	website := !commune || chance(0.9)
	banner := website && !pf.has(QuirkNoBanner)
	v["A1"] = yn(website)
	v["A2"] = yn(banner)
	if banner {
		// Most placed the banner in the days around the campaign start.
		v["A3"] = time.Date(2023, 12, 8, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(14))
		if pf.has(QuirkBannerYear) {
			v["A3"] = time.Date(2022, 12, 18, 0, 0, 0, 0, time.UTC)
		}
	}
	v["A4"] = yn(banner && chance(0.85))
	if website {
		v["A5"], v["A6"], v["A7"] = between(2, 30), between(1, 20), between(0, 25)
	} else {
		v["A5"], v["A6"], v["A7"] = 0, 0, 0
	}
	if pf.has(QuirkNegative) {
		v["A7"] = -v["A7"].(int) - 1
	}
	pages := between(1, 4)
	if commune {
		pages = between(0, 2)
	}
	v["B1"] = pages
	v["B2"] = yn(pages > 0 && chance(0.9))
	if pages > 0 {
		v["B3"], v["B4"] = between(5, 60), between(0, 40)
	} else {
		v["B3"], v["B4"] = 0, 0
	}
	lo, hi := staffRange(u)
	if pf.has(QuirkTextNumbers) && hi >= 1000 {
		lo = 1000 // a force large enough to need a thousands separator
	}
	staff := between(lo, hi)
	// Most staff changed their profile frame; a few units lag behind.
	share := 0.6 + 0.4*rng.Float64()
	if chance(0.08) {
		share = 0.2 + 0.25*rng.Float64()
	}
	changed := int(math.Round(float64(staff) * share))
	if pf.has(QuirkC2OverC1) {
		// The digits of a two-digit count swapped: 28 people, 82 changed.
		tens := between(1, 3)
		ones := between(tens+1, 9)
		staff, changed = 10*tens+ones, 10*ones+tens
	}
	v["C1"], v["C2"] = staff, changed

	items := between(10, 80)
	if u.Group == "UBH" {
		items = between(30, 150)
	}
	v["D1"] = items
	v["D2"] = math.Round(float64(items)*(2+6*rng.Float64())*10) / 10
	if pf.has(QuirkD2WithoutD1) {
		v["D1"] = 0
	}
	boards := between(0, 2)
	if u.Group == "UBH" {
		boards = between(1, 5)
	}
	v["D3"], v["D4"] = boards, boards*between(20, 200)
	if u.Group == "UBH" {
		v["D5"] = between(20, 150)
	} else {
		v["D5"] = between(5, 40)
	}
	switch u.Code {
	case "BC01": // the newspaper: many articles, some video clips
		v["E1"], v["E2"] = between(300, 600), between(3, 8)
		v["E3"] = math.Round((30+90*rng.Float64())*10) / 10
	case "BC03": // the magazine: a few dozen works, nothing broadcast
		v["E1"], v["E2"], v["E3"] = between(20, 60), between(1, 3), 0.0
	default: // the broadcaster
		v["E1"], v["E2"] = between(150, 600), between(2, 10)
		v["E3"] = math.Round((200+700*rng.Float64())*10) / 10
	}

	v["F1"] = pick(rng, assessments)
	if chance(0.4) {
		v["F2"] = pick(rng, difficulties(u))
	}
	if chance(0.3) {
		v["F3"] = pick(rng, proposals(u))
	}

	if pf.has(QuirkTextNumbers) {
		if x := v["C1"].(int); x >= 1000 {
			v["C1"], v["C2"] = thousands(x), thousands(v["C2"].(int))
		} else {
			v["A5"] = fmt.Sprintf("%d bài", v["A5"].(int))
		}
	}

	// Indicators the samples do not know: a value by type.
	for _, ind := range c.Indicators {
		if _, ok := v[ind.ID]; ok {
			continue
		}
		switch ind.Type {
		case templates.TypeYesNo:
			v[ind.ID] = yn(chance(0.8))
		case templates.TypeWhole:
			v[ind.ID] = between(0, 30)
		case templates.TypeNumber:
			v[ind.ID] = math.Round(100*rng.Float64()*10) / 10
		case templates.TypeDate:
			v[ind.ID] = c.PeriodStart.AddDate(0, 0, rng.IntN(10))
		}
	}
	return v
}

// thousands writes n the Vietnamese way, as text: 1834 → "1.834".
func thousands(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func pick(rng *rand.Rand, list []string) string { return list[rng.IntN(len(list))] }

var assessments = []string{
	"Đơn vị đã triển khai đầy đủ các nội dung tuyên truyền theo hướng dẫn; cán bộ, công chức, viên chức tích cực hưởng ứng.",
	"Công tác tuyên truyền được triển khai kịp thời, đa dạng hình thức, tạo không khí phấn khởi trong cán bộ và Nhân dân.",
	"Hoàn thành các nội dung tuyên truyền theo kế hoạch.",
	"Đã đặt banner, thay ảnh bìa và đăng tải nhiều tin, bài về thành tựu 20 năm tái lập tỉnh.",
	"Tuyên truyền bảo đảm đúng định hướng, đúng thời gian; nhiều tin, bài được chia sẻ rộng rãi trên mạng xã hội.",
}

func difficulties(u *templates.Unit) []string {
	list := []string{
		"Đơn vị chưa có cán bộ chuyên trách công nghệ thông tin.",
		"Kinh phí dành cho công tác tuyên truyền còn hạn chế.",
	}
	if u.Group == "UBX" || u.Group == "UBH" {
		list = append(list,
			"Hệ thống truyền thanh cơ sở xuống cấp, một số cụm loa không hoạt động.",
			"Một số thôn, bon ở xa, sóng điện thoại và internet yếu.")
	}
	return list
}

func proposals(u *templates.Unit) []string {
	list := []string{
		"Đề nghị Sở Thông tin và Truyền thông tổ chức tập huấn kỹ năng quản trị trang thông tin điện tử.",
		"Đề nghị cung cấp thêm ảnh bìa, khung ảnh đại diện và tài liệu tuyên truyền dạng số.",
	}
	if u.Group == "UBX" || u.Group == "UBH" {
		list = append(list, "Đề nghị bố trí kinh phí nâng cấp hệ thống truyền thanh cơ sở ứng dụng công nghệ thông tin - viễn thông.")
	}
	return list
}

type person struct{ name, title, phone, email string }

var (
	familyNames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Võ", "Huỳnh"}
	// Middle and given names by gender, so that no one is "Thị Tuấn".
	middleNames = [2][]string{{"Văn", "Đức", "Minh", "Hữu", "Quang", "Xuân", "Thanh", "Ngọc", "Công"}, {"Thị", "Thị Thu", "Thu", "Kim", "Ngọc", "Thanh", "Thị Thanh", "Hồng"}}
	givenNames  = [2][]string{{"Hùng", "Dũng", "Tuấn", "Hải", "Long", "Sơn", "Nam", "Bình", "Thắng", "Khánh", "Duy", "Quý", "Trung", "Phong"}, {"Lan", "Hương", "Hà", "Nga", "Phương", "Trang", "Thảo", "Huyền", "Linh", "Yến", "Tâm", "Hiền", "Mai", "Nhung"}}
	// Names of the M'Nông and Ê Đê, common among commune officers.
	localNames = []string{"Điểu Thị Hạnh", "Điểu Khanh", "Y Thuận", "H' Mai", "Thị Bình", "Điểu Đăm", "H' Linh", "Y Khoa"}
	titles     = map[string][]string{
		"TU":     {"Chuyên viên", "Phó Chánh Văn phòng", "Chuyên viên Phòng Tổng hợp"},
		"SBN":    {"Chuyên viên Văn phòng Sở", "Phó Chánh Văn phòng", "Chuyên viên"},
		"VPDBQH": {"Chuyên viên Phòng Công tác HĐND"},
		"BC":     {"Trưởng ban Thư ký tòa soạn", "Phó Trưởng phòng Thời sự", "Biên tập viên"},
		"LLVT":   {"Trợ lý Tuyên huấn", "Cán bộ Phòng Chính trị"},
		"CTXH":   {"Chuyên viên Ban Tuyên giáo", "Trưởng ban Tuyên giáo"},
		"DU":     {"Chuyên viên Ban Tuyên giáo", "Phó Trưởng ban Tuyên giáo"},
		"UBH":    {"Chuyên viên Phòng Văn hóa và Thông tin", "Phó Trưởng phòng Văn hóa và Thông tin"},
		"UBX":    {"Công chức Văn hóa - Xã hội", "Công chức Văn phòng - Thống kê"},
	}
)

// reporter chooses the person who filled the report.
func reporter(u *templates.Unit, rng *rand.Rand) person {
	var p person
	if u.Group == "UBX" && rng.IntN(4) == 0 {
		p.name = pick(rng, localNames)
	} else {
		g := rng.IntN(2)
		p.name = pick(rng, familyNames) + " " + pick(rng, middleNames[g]) + " " + pick(rng, givenNames[g])
	}
	if t, ok := titles[u.Group]; ok {
		p.title = pick(rng, t)
	} else {
		p.title = "Chuyên viên"
	}
	if u.Group != "UBX" && rng.IntN(2) == 0 {
		p.phone = fmt.Sprintf("02613%06d", rng.IntN(1000000))
	} else {
		p.phone = fmt.Sprintf("09%08d", rng.IntN(100000000))
	}
	// "Nguyễn Thị Thu Hương" → "huongntt".
	words := strings.Fields(templates.Fold(p.name))
	local := words[len(words)-1]
	for _, w := range words[:len(words)-1] {
		if w != "h'" && w != "y" {
			local += w[:1]
		}
	}
	local = strings.ReplaceAll(local, "'", "")
	if u.Group == "UBX" || rng.IntN(3) == 0 {
		p.email = fmt.Sprintf("%s%d@gmail.com", local, 70+rng.IntN(30))
	} else {
		p.email = local + "@daknong.gov.vn"
	}
	return p
}

// viaOffice saves the workbook through LibreOffice as f.Convert asks, with a
// profile of its own so that parallel runs do not collide. A re-saved .xlsx
// gets the scenario's saved time back in its core properties (LibreOffice
// stamps the time of the conversion), so the sample stays reproducible.
func viaOffice(soffice string, b []byte, pf PlannedFile) ([]byte, error) {
	tmp, err := os.MkdirTemp("", "tonghop-samples-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	src := filepath.Join(tmp, "in", "bao-cao.xlsx")
	out := filepath.Join(tmp, "out")
	if err := os.MkdirAll(filepath.Dir(src), 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(src, b, 0o644); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice,
		"-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(tmp, "profile")),
		"--headless", "--convert-to", string(pf.Convert), "--outdir", out, src)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("LibreOffice không chuyển được tệp: %v: %s", err, bytes.TrimSpace(msg))
	}
	got, err := os.ReadFile(filepath.Join(out, "bao-cao."+string(pf.Convert)))
	if err != nil {
		return nil, fmt.Errorf("LibreOffice không ghi ra tệp: %w", err)
	}
	if pf.Convert == ResaveX {
		return setCoreTimes(got, pf.saved.AddDate(0, 0, -7), pf.saved)
	}
	return got, nil
}

var (
	createdRE  = regexp.MustCompile(`(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)`)
	modifiedRE = regexp.MustCompile(`(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)`)
)

// setCoreTimes rewrites the created and modified times in docProps/core.xml
// of an .xlsx, copying every other part unchanged.
func setCoreTimes(b []byte, created, modified time.Time) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("đọc tệp LibreOffice ghi: %w", err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		if zf.Name != "docProps/core.xml" {
			if err := zw.Copy(zf); err != nil {
				return nil, err
			}
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		core, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		core = createdRE.ReplaceAll(core, []byte("${1}"+created.UTC().Format(time.RFC3339)+"${2}"))
		core = modifiedRE.ReplaceAll(core, []byte("${1}"+modified.UTC().Format(time.RFC3339)+"${2}"))
		hdr := zf.FileHeader
		hdr.CompressedSize64, hdr.UncompressedSize64, hdr.CRC32 = 0, 0, 0
		w, err := zw.CreateHeader(&hdr)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(core); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Status is where a unit must stand after a merge of the samples, mirroring
// aggregate.Status.
type Status int

// Statuses.
const (
	OnTime Status = iota
	Late
	Invalid
	Unreadable // sent only a file nothing could be read from
	Missing
)

// Expectation is what a merge of the samples as of AsOf must find, derived
// from the scenario.
type Expectation struct {
	// Units by status.
	Expected, Received, Valid, Invalid, Unreadable, OnTime, Late, Missing int
	// Files by use.
	Files, Used, Duplicates, Superseded, Rejected int

	Units    map[string]Status // by unit code
	Uses     map[string]Use    // by path under Dir, "/" separated
	NoBanner []string          // units on the "not placed the banner" list
}

// Expect derives from the scenario what a merge of the samples must find.
func Expect(c *templates.Campaign) (*Expectation, error) {
	p, err := NewPlan(c)
	if err != nil {
		return nil, err
	}
	e := &Expectation{Expected: len(c.Units), Units: map[string]Status{}, Uses: map[string]Use{}}
	// Of byte-identical files the merge uses the first by path and counts
	// the others as duplicates, whichever was the original.
	paths := map[string]string{}
	for _, f := range p.Files {
		paths[f.Name] = f.Path
	}
	used := map[string]*PlannedFile{}
	unreadable := map[string]bool{} // units whose only file is rejected
	for i := range p.Files {
		f := &p.Files[i]
		use := f.Use
		for _, g := range p.Files {
			switch {
			case f.CopyOf != "" && f.Path < paths[f.CopyOf]:
				use = Used
			case g.CopyOf == f.Name && g.Path < f.Path:
				use = Duplicate
			}
		}
		e.Files++
		e.Uses[filepath.ToSlash(f.Path)] = use
		switch use {
		case Used:
			e.Used++
			// A copied form counts for the unit that sent it.
			unit := f.Unit
			if f.AsUnit != "" {
				unit = f.AsUnit
			}
			if prev := used[unit]; prev != nil {
				return nil, fmt.Errorf("mẫu: đơn vị %s có hai tệp được dùng: %s và %s", unit, prev.Name, f.Name)
			}
			used[unit] = f
		case Duplicate:
			e.Duplicates++
		case Superseded:
			e.Superseded++
		case Rejected:
			e.Rejected++
			if f.Unit != "" {
				unreadable[f.Unit] = true
			}
		}
	}
	for i := range c.Units {
		u := &c.Units[i]
		f := used[u.Code]
		st := Missing
		switch {
		case f == nil && unreadable[u.Code]:
			st = Unreadable
		case f == nil:
		case f.AsUnit != "" || f.hasAny(errorQuirks):
			st = Invalid
		case !f.reported.Before(c.DataDeadline):
			st = Late
		default:
			st = OnTime
		}
		e.Units[u.Code] = st
		if f != nil || st == Unreadable {
			e.Received++
		}
		switch st {
		case OnTime:
			e.OnTime++
		case Late:
			e.Late++
		case Invalid:
			e.Invalid++
		case Unreadable:
			e.Unreadable++
		case Missing:
			e.Missing++
		}
		if (st == OnTime || st == Late) && f.has(QuirkNoBanner) {
			e.NoBanner = append(e.NoBanner, u.Code)
		}
	}
	e.Valid = e.OnTime + e.Late
	return e, nil
}

func (pf *PlannedFile) hasAny(qs map[Quirk]bool) bool {
	for _, q := range pf.Quirks {
		if qs[q] {
			return true
		}
	}
	return false
}

// Readme returns samples/README.md: what the folder is, what a merge of it
// finds, and what each odd file is there to show — all from the scenario,
// so that the text cannot drift from the files.
func Readme(c *templates.Campaign) (string, error) {
	p, err := NewPlan(c)
	if err != nil {
		return "", err
	}
	e, err := Expect(c)
	if err != nil {
		return "", err
	}
	name := func(code string) string {
		if u := c.Unit(code); u != nil {
			return u.Name + " (" + code + ")"
		}
		return code
	}
	var b strings.Builder
	fmt.Fprintf(&b, `# Thư mục mẫu: báo cáo các đơn vị gửi về

Thư mục %[1]s/ là hộp thư của cán bộ Sở sau hạn nộp của chiến dịch mặc định,
“%[2]s”: mỗi tệp là biểu mẫu do `+"`tonghop generate`"+` tạo
cho một đơn vị, đã được đơn vị điền và gửi lại — với đủ kiểu lộn xộn thường gặp. Số liệu là **giả định**,
sinh từ một hạt giống cố định cho hợp lý (xã vài chục cán bộ, huyện vài trăm,
Công an tỉnh hơn nghìn người; phát thanh tính bằng phút), không phải số liệu thật.

Chạy thử việc tổng hợp trên thư mục này:

`+"```"+`
go run . merge samples/%[1]s --as-of %[3]s
`+"```"+`

(`+"`--as-of %[3]s`"+` cố định “hôm nay” để kết quả lần nào cũng như nhau; bỏ đi thì
tonghop lấy ngày hiện tại, cũng đã quá hạn nên kết quả giống vậy.) Lệnh
`+"`go run . merge samples`"+` cũng cho cùng kết quả, chỉ thêm vào danh sách tệp các
tệp README.md và *.go của thư mục này với lý do “không phải tệp bảng tính, bỏ qua”.

## Kết quả phải ra

| | Số |
|---|---:|
| Đơn vị phải báo cáo | %[4]d |
| Đã gửi (kể cả tệp không đọc được) | %[5]d |
| Hợp lệ, được cộng vào tổng hợp | %[6]d |
| — trong đó nộp muộn | %[7]d |
| Có lỗi, không cộng vào tổng hợp | %[8]d |
| Đã gửi nhưng không đọc được tệp nào | %[14]d |
| Chưa báo cáo | %[9]d |
| Tệp trong thư mục | %[10]d |
| Tệp trùng y hệt (chỉ tính một lần) | %[11]d |
| Tệp bị thay thế bởi bản gửi sau | %[12]d |
| Tệp bị loại (không đọc được) | %[13]d |

Kiểm thử `+"`go test ./samples`"+` so các con số này với kết quả thật của lệnh tổng hợp.

`, Dir, c.Title, AsOf.Format("2006-01-02"), e.Expected, e.Received, e.Valid, e.Late, e.Invalid, e.Missing,
		e.Files, e.Duplicates, e.Superseded, e.Rejected, e.Unreadable)

	fmt.Fprintf(&b, "## Các tệp “có vấn đề” và điều chúng minh họa\n\n| Tệp | Đơn vị | Minh họa |\n|---|---|---|\n")
	for _, f := range Scenario.Files {
		path := f.Name
		for _, pf := range p.Files {
			if pf.Name == f.Name {
				path = norm.NFC.String(filepath.ToSlash(pf.Path))
			}
		}
		unit := name(f.Unit)
		if f.AsUnit != "" {
			unit = name(f.AsUnit) + ", trên tệp của " + name(f.Unit)
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", strings.ReplaceAll(path, "|", "\\|"), unit, f.Why)
	}

	fmt.Fprintf(&b, "\nĐơn vị không gửi gì (cùng với các đơn vị chỉ gửi tệp không dùng được ở trên, thành danh sách “Chưa báo cáo”):\n\n")
	for _, code := range Scenario.Missing {
		fmt.Fprintf(&b, "- %s\n", name(code))
	}
	var folders []string
	for code, folder := range Scenario.Subfolders {
		folders = append(folders, fmt.Sprintf("- `%s/`: %s chuyển tiếp báo cáo của các xã, thị trấn trực thuộc; tonghop đọc cả thư mục con.\n", folder, name(code)))
	}
	sort.Strings(folders)
	fmt.Fprintf(&b, "\nThư mục con:\n\n%s", strings.Join(folders, ""))
	fmt.Fprintf(&b, `
Các đơn vị còn lại gửi một báo cáo bình thường, đúng hạn, hợp lệ, với tên tệp
tùy ý (giữ tên do tonghop đặt, hoặc "BC 20 nam - …", "Mau bao cao_… (1)", có dấu
hoặc không dấu).

## Tạo lại thư mục mẫu

Các tệp được sinh bởi `+"`samples/samples.go`"+` (kịch bản nằm trong biến `+"`Scenario`"+`):

`+"```"+`
go test ./samples -update   # ghi lại %[1]s/ và README.md này (cần LibreOffice: soffice)
go test ./samples           # kiểm tra thư mục đã lưu khớp với bộ sinh (so nội dung ô, không so byte)
`+"```"+`

Mỗi khi biểu mẫu (templates) thay đổi, chạy lại lệnh thứ nhất rồi xem `+"`git diff`"+`.
Tệp lưu lại bằng LibreOffice được đặt lại thời gian lưu theo kịch bản để kết quả
tổng hợp không phụ thuộc ngày chạy.
`, Dir)
	return b.String(), nil
}
