// Package previous reads the consolidated workbook of the previous period
// (the tong-hop.xlsx that tonghop merge wrote then) so that this period's
// totals can be compared with it: each unit's figures by its code and the
// whole's total of each indicator, as the workbook shows them. It reads the
// file with the project's own .xlsx reader and knows nothing of reports.
package previous

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"tonghop/aggregate/book"
	"tonghop/aggregate/gate"
	"tonghop/aggregate/xlsx"
)

// The sheets and headings of tong-hop.xlsx this package reads. The
// workbook writer names them; they are repeated here rather than imported
// because a writer sits above the summary, and a test writes a workbook
// and reads it back so that both stay in step.
const (
	sheetSummary = "Tổng hợp"
	sheetDetail  = "Chi tiết"
	headCode     = "Mã"
	headUnitCode = "Mã đơn vị"
	headUnitName = "Đơn vị"
	headCounted  = "Tính vào tổng"
	countedYes   = "Có"
	headPrevious = "Kỳ trước"
)

// Period is the previous period as its consolidated workbook shows it.
type Period struct {
	Path  string
	Title string // the first line of the summary sheet
	// Units are the units of the detail sheet, in its order.
	Units []Unit
	// Totals holds, by indicator id, the whole's figure of the summary
	// sheet (its last column: "Toàn tỉnh" or the campaign's own label).
	Totals map[string]float64
}

// Unit is one row of the previous period's detail sheet.
type Unit struct {
	Code, Name string
	Counted    bool               // its report was counted in the totals
	Values     map[string]float64 // numeric figures by indicator id
}

// Read reads a previous period's tong-hop.xlsx. Its errors are in
// Vietnamese and name the file, and the sheet where there is one.
func Read(path string) (*Period, error) {
	fi, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("không thấy tệp tổng hợp kỳ trước %s", path)
		}
		return nil, fmt.Errorf("đọc tệp tổng hợp kỳ trước %s: %w", path, err)
	}
	if fi.IsDir() {
		if p := filepath.Join(path, "tong-hop.xlsx"); fileExists(p) {
			return Read(p)
		}
		return nil, fmt.Errorf("%s là thư mục, không có tong-hop.xlsx: chỉ ra tệp tong-hop.xlsx của kỳ trước", path)
	}
	if fi.Size() > gate.PreviousMaxSize {
		return nil, fmt.Errorf("tệp tổng hợp kỳ trước %s lớn hơn %d MB: không phải tệp tong-hop.xlsx do tonghop ghi", path, gate.PreviousMaxSize>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("đọc tệp tổng hợp kỳ trước %s: %w", path, err)
	}
	// Only the two sheets read below, with the bounds of a workbook
	// tonghop wrote for a national campaign; the cause of a refusal only,
	// since the advice of a reader's message is for a unit's file.
	b, err := xlsx.Read(data, xlsx.Limits{OnlySheets: []string{sheetSummary, sheetDetail},
		MaxPartSize: gate.PreviousMaxPart, MaxTotalSize: gate.PreviousMaxTotal,
		MaxCells: gate.PreviousMaxCells, MaxBookCells: gate.PreviousMaxCells})
	if err != nil {
		return nil, fmt.Errorf("đọc tệp tổng hợp kỳ trước %s: %s", path, gate.Cause(err.Error()))
	}
	p, err := fromBook(b)
	if err != nil {
		return nil, fmt.Errorf("tệp tổng hợp kỳ trước %s: %w", path, err)
	}
	p.Path = path
	return p, nil
}

func fileExists(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && !fi.IsDir()
}

// fromBook reads the two sheets of a consolidated workbook.
func fromBook(b *book.Book) (*Period, error) {
	sum, det := b.Sheet(sheetSummary), b.Sheet(sheetDetail)
	if sum == nil || det == nil {
		return nil, fmt.Errorf("không có trang %q và trang %q: đây không phải tệp tong-hop.xlsx do tonghop merge ghi", sheetSummary, sheetDetail)
	}
	p := &Period{Totals: map[string]float64{}}
	p.Title = text(sum, book.Ref{Row: 1, Col: 1})
	if err := readTotals(sum, p); err != nil {
		return nil, err
	}
	if err := readDetail(det, p); err != nil {
		return nil, err
	}
	return p, nil
}

// readTotals reads the summary sheet: the header row is the one whose
// first cell is "Mã"; below it, a row whose code is an indicator id
// carries the whole's figure in the last column of the header (left of
// "Kỳ trước" when there is one).
func readTotals(sh *book.Sheet, p *Period) error {
	hdr, last := 0, 0
	for r := 1; r <= 20 && hdr == 0; r++ {
		if text(sh, book.Ref{Row: r, Col: 1}) == headCode {
			hdr = r
		}
	}
	if hdr == 0 {
		return fmt.Errorf("trang %q không có dòng tiêu đề bắt đầu bằng %q", sheetSummary, headCode)
	}
	for ref := range sh.Cells {
		if ref.Row == hdr && ref.Col > last && text(sh, ref) != "" {
			last = ref.Col
		}
	}
	// A workbook merged with --ky-truoc has its own previous period's
	// columns right of the whole's.
	for ref := range sh.Cells {
		if ref.Row == hdr && text(sh, ref) == headPrevious {
			last = ref.Col - 1
		}
	}
	maxRow := 0
	for ref := range sh.Cells {
		maxRow = max(maxRow, ref.Row)
	}
	for r := hdr + 1; r <= maxRow; r++ {
		id := text(sh, book.Ref{Row: r, Col: 1})
		if !isID(id) {
			continue
		}
		if v, ok := number(sh, book.Ref{Row: r, Col: last}); ok {
			p.Totals[id] = v
		}
	}
	return nil
}

// readDetail reads the detail sheet: one row per unit under a header row
// holding "Mã đơn vị", "Đơn vị", "Tính vào tổng" and one column per
// indicator headed "ID. Tên chỉ tiêu".
func readDetail(sh *book.Sheet, p *Period) error {
	cols := map[string]int{}
	inds := map[int]string{}
	maxRow := 0
	for ref, c := range sh.Cells {
		maxRow = max(maxRow, ref.Row)
		if ref.Row != 1 || c.Kind != book.String {
			continue
		}
		h := strings.TrimSpace(c.Value)
		cols[h] = ref.Col
		if id, _, ok := strings.Cut(h, ". "); ok && isID(id) {
			inds[ref.Col] = id
		}
	}
	code, ok := cols[headUnitCode]
	if !ok {
		return fmt.Errorf("trang %q không có cột %q ở dòng 1", sheetDetail, headUnitCode)
	}
	for r := 2; r <= maxRow; r++ {
		u := Unit{Code: text(sh, book.Ref{Row: r, Col: code}), Values: map[string]float64{}}
		if u.Code == "" {
			continue
		}
		if c, ok := cols[headUnitName]; ok {
			u.Name = text(sh, book.Ref{Row: r, Col: c})
		}
		if c, ok := cols[headCounted]; ok {
			u.Counted = text(sh, book.Ref{Row: r, Col: c}) == countedYes
		}
		for col, id := range inds {
			if v, ok := number(sh, book.Ref{Row: r, Col: col}); ok {
				u.Values[id] = v
			}
		}
		p.Units = append(p.Units, u)
	}
	return nil
}

func text(sh *book.Sheet, r book.Ref) string {
	c := sh.Cell(r)
	if c.Kind != book.String && c.Kind != book.Number {
		return ""
	}
	return strings.TrimSpace(c.Value)
}

// number reads a numeric cell (a formula's cached result included).
func number(sh *book.Sheet, r book.Ref) (float64, bool) {
	c := sh.Cell(r)
	if c.Kind != book.Number {
		return 0, false
	}
	v, err := strconv.ParseFloat(c.Value, 64)
	return v, err == nil
}

// isID reports whether s may be an indicator id: they start with a letter
// (the reporting-state rows of the summary sheet are numbered).
func isID(s string) bool {
	return s != "" && (s[0] >= 'A' && s[0] <= 'Z' || s[0] >= 'a' && s[0] <= 'z') && !strings.ContainsAny(s, " .")
}
