package samples

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/text/unicode/norm"

	"tonghop/templates"
)

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
//
// It is long because it derives every expectation from the scenario in one pass.
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
//
// It is long because it is mostly the text of samples/README.md.
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
