// Package workbook writes the consolidated workbook (tong-hop.xlsx): the
// totals by group as live formulas over a detail sheet, the districts with
// their communes, who is missing or late, the non-compliance lists, every
// issue and every file seen. It sits at the end of the flow (result →
// summary → writers) and is imported only by main.
package workbook

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"tonghop/aggregate/summary"
	"tonghop/templates"
	"tonghop/templates/atomicfile"
)

// Sheet names of the consolidated workbook. The non-compliance lists add
// one sheet each, named by the list's title.
const (
	SheetSummary   = "Tổng hợp"
	SheetDetail    = "Chi tiết"
	SheetDistricts = "Theo huyện"
	SheetMissing   = "Chưa báo cáo"
	SheetLate      = "Nộp muộn"
	SheetIssues    = "Lỗi"
	SheetFiles     = "Tệp nguồn"
	SheetWritten   = "Báo cáo bằng văn bản"
)

// Words the summary's formulas look for in the detail sheet.
const (
	countedYes = "Có"
	countedNo  = "Không"
)

// Write writes the consolidated workbook: the totals by group as
// live formulas over the detail sheet, one row per unit, the districts with
// their communes, who is missing or late, the non-compliance lists, every
// issue and every file seen.
//
// The sheets whose rows grow with the units or the files are streamed:
// their rows are encoded as the zip is written, straight into the file, so
// that the memory the writer needs grows with neither.
func Write(s *summary.Summary, path string) error {
	b, err := build(s)
	if err != nil {
		return fmt.Errorf("tạo %s: %w", path, err)
	}
	defer b.f.Close()
	return atomicfile.Write(path, func(w io.Writer) error {
		if err := b.save(w); err != nil {
			return fmt.Errorf("tạo %s: %w", path, err)
		}
		return nil
	})
}

// book is the workbook being written, with its styles.
type book struct {
	f   *excelize.File
	s   *summary.Summary
	c   *templates.Campaign
	err error // the first error; later calls do nothing
	// rows writes the data rows of each streamed sheet, by part name,
	// when the workbook is saved.
	rows map[string]func(*rowWriter) error

	sTitle, sNote, sHeader, sText, sWrap, sWhole, sDate, sDateTime, sPercent int
	sSection, sTotalText, sTotalWhole                                        int
	sNumber, sTotalNumber                                                    [3]int // by decimals shown
}

// summable reports whether an indicator has a total: a sum, an average,
// or a count of Có, as the campaign says.
func summable(ind *templates.Indicator) bool {
	return (ind.Type.Numeric() || ind.Type == templates.TypeYesNo) && ind.Method() != templates.TotalNone
}

func build(s *summary.Summary) (*book, error) {
	b := &book{f: excelize.NewFile(), s: s, c: s.Campaign, rows: map[string]func(*rowWriter) error{}}
	b.styles()
	stamp := s.AsOf.UTC().Format("2006-01-02T15:04:05Z")
	b.check(b.f.SetDocProps(&excelize.DocProperties{
		Title:          "Tổng hợp báo cáo: " + s.Campaign.Title,
		Subject:        s.Campaign.Subject,
		Creator:        "tonghop",
		LastModifiedBy: "tonghop",
		Created:        stamp,
		Modified:       stamp,
		Language:       "vi-VN",
	}))
	// Every formula is written with its result, so nothing needs
	// computing on opening: no full calculation on load, and the
	// calculation engine of current Excel (a lower id makes Excel
	// recalculate an older file and ask to save it on closing).
	full, calcID := false, uint(191029)
	b.check(b.f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full, CalcID: &calcID}))
	b.check(b.f.SetSheetName("Sheet1", SheetSummary))
	// Before the streamed sheets: once flushed, a streamed sheet must not
	// be read back (SetActiveSheet visits every sheet).
	b.f.SetActiveSheet(0)
	detail := b.detail()
	b.summary(detail)
	if len(s.Districts) > 0 {
		b.districts()
	}
	b.missing()
	b.late()
	b.written()
	used := map[string]bool{}
	for _, n := range []string{SheetSummary, SheetDetail, SheetDistricts, SheetMissing, SheetLate, SheetWritten, SheetIssues, SheetFiles, SheetOpinions} {
		used[strings.ToLower(n)] = true
	}
	for _, l := range s.Lists {
		b.list(l, sheetName(l.List.Title, used))
	}
	b.opinions()
	b.issues()
	b.files()
	if b.err != nil {
		b.f.Close()
		return nil, b.err
	}
	return b, nil
}

func (b *book) check(err error) {
	if err != nil && b.err == nil {
		b.err = err
	}
}

func (b *book) style(s *excelize.Style) int {
	id, err := b.f.NewStyle(s)
	b.check(err)
	return id
}
