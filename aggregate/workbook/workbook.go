// Package workbook writes the consolidated workbook (tong-hop.xlsx): the
// totals by group as live formulas over a detail sheet, the districts with
// their communes, who is missing or late, the non-compliance lists, every
// issue and every file seen. It sits at the end of the flow (result →
// summary → writers) and is imported only by main.
package workbook

import (
	"bytes"
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
func Write(s *summary.Summary, path string) error {
	f, err := build(s)
	if err != nil {
		return fmt.Errorf("tạo %s: %w", path, err)
	}
	defer f.Close()
	var raw bytes.Buffer
	if _, err := f.WriteTo(&raw); err != nil {
		return fmt.Errorf("tạo %s: %w", path, err)
	}
	data, err := numericFormulas(raw.Bytes())
	if err != nil {
		return fmt.Errorf("tạo %s: %w", path, err)
	}
	return atomicfile.Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// book is the workbook being written, with its styles.
type book struct {
	f   *excelize.File
	s   *summary.Summary
	c   *templates.Campaign
	err error // the first error; later calls do nothing

	sTitle, sNote, sHeader, sText, sWrap, sWhole, sDate, sDateTime, sPercent int
	sSection, sTotalText, sTotalWhole                                        int
	sNumber, sTotalNumber                                                    [3]int // by decimals shown
}

// summable reports whether an indicator has a total: a sum, or a count of Có.
func summable(ind *templates.Indicator) bool {
	return ind.Type == templates.TypeWhole || ind.Type == templates.TypeNumber || ind.Type == templates.TypeYesNo
}

func build(s *summary.Summary) (*excelize.File, error) {
	b := &book{f: excelize.NewFile(), s: s, c: s.Campaign}
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
	detail := b.detail()
	b.summary(detail)
	b.districts()
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
	// Before the streamed sheets: once flushed, a streamed sheet must not
	// be read back (SetActiveSheet visits every sheet).
	b.f.SetActiveSheet(0)
	b.issues()
	b.files()
	if b.err != nil {
		b.f.Close()
		return nil, b.err
	}
	return b.f, nil
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
