package templates

import (
	"fmt"
	"strings"
	"time"
	"tonghop/templates/vn"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// The input cells' data validations and their Vietnamese prompts.

func ptrTo[T any](v T) *T { return &v }

func (b *formBuilder) inputStyle(t Type) int {
	switch t {
	case TypeYesNo:
		return b.st.inYesNo
	case TypeWhole:
		return b.st.inWhole
	case TypeNumber:
		return b.st.inNumber
	case TypeMoney:
		return b.st.inMoney
	case TypePercent:
		return b.st.inPercent
	case TypeDate:
		return b.st.inDate
	case TypeChoice:
		return b.st.inChoice
	}
	return b.st.inText
}

// clipRunes cuts s to at most n characters (UTF-16 units are the same for
// Vietnamese text), ending with "…" when cut.
func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

const dvErrorTitle = "Giá trị không hợp lệ"

// validation returns the data validation of an indicator's input cell.
func (b *formBuilder) validation(ind *Indicator, at string) *excelize.DataValidation {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = at
	var msg string
	switch ind.Type {
	case TypeYesNo:
		b.check(dv.SetDropList([]string{"Có", "Không"}))
		msg = "chọn Có hoặc Không trong danh sách."
	case TypeChoice:
		b.check(dv.SetDropList(ind.Choices))
		msg = "chọn một câu trả lời trong danh sách."
	case TypeWhole, TypeNumber, TypeMoney, TypePercent:
		kind := excelize.DataValidationTypeWhole
		msg = "chỉ nhập số nguyên" + numberRange(ind) + ", không nhập chữ hay đơn vị tính."
		scale := 1.0
		switch ind.Type {
		case TypeNumber:
			kind = excelize.DataValidationTypeDecimal
			msg = "chỉ nhập số" + numberRange(ind) + ", không nhập chữ hay đơn vị tính."
		case TypeMoney:
			msg = "chỉ nhập số tiền bằng đồng" + numberRange(ind) + ", ghi đủ chữ số, không ghi «tỷ», «triệu»."
		case TypePercent:
			// The cell is a percent cell: Excel compares its fraction.
			kind, scale = excelize.DataValidationTypeDecimal, 0.01
			msg = "chỉ nhập tỷ lệ phần trăm" + numberRange(ind) + "."
		}
		lo, hi := -1e15, 1e15
		if ind.Min != nil {
			lo = *ind.Min * scale
		}
		if ind.Max != nil {
			hi = *ind.Max * scale
		}
		switch {
		case ind.Max == nil:
			b.check(dv.SetRange(dvNumber(lo), "", kind, excelize.DataValidationOperatorGreaterThanOrEqual))
		case ind.Min == nil:
			b.check(dv.SetRange(dvNumber(hi), "", kind, excelize.DataValidationOperatorLessThanOrEqual))
		default:
			b.check(dv.SetRange(dvNumber(lo), dvNumber(hi), kind, excelize.DataValidationOperatorBetween))
		}
	case TypeDate:
		lo, hi := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
		if ind.MinDate != nil {
			lo = *ind.MinDate
		}
		if ind.MaxDate != nil {
			hi = *ind.MaxDate
		}
		b.check(dv.SetRange(dvNumber(vn.Serial(lo)), dvNumber(vn.Serial(hi)), excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween))
		msg = "nhập ngày dạng ngày/tháng/năm" + dateRange(ind.MinDate, ind.MaxDate) + "."
	default:
		n := 32767
		if ind.Max != nil {
			n = int(*ind.Max)
		}
		return textLengthValidation(at, ind.ID+": "+ind.Type.Label(), n, ind.Help)
	}
	dv.SetInput(clipRunes(ind.ID+": "+ind.Type.Label(), dvMaxTitle), inputMessage(orElse(ind.Help, ind.Label), capitalize(ind.Accepts())))
	dv.SetError(excelize.DataValidationErrorStyleStop, dvErrorTitle, clipRunes(ind.ID+": "+msg, dvMaxMessage))
	return dv
}

// inputMessage is the input prompt of a cell: the hint, then on a line of
// its own what the cell accepts; the hint is cut, never the rule, when both
// exceed Excel's limit.
func inputMessage(help, rule string) string {
	if rule == "" {
		return clipRunes(help, dvMaxMessage)
	}
	rule += "."
	return clipRunes(help, dvMaxMessage-utf8.RuneCountInString(rule)-1) + "\n" + rule
}

// dvNumber writes a bound the way Excel stores it in a validation.
func dvNumber(f float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.6f", f), "0"), ".")
}

func orElse(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func textLengthValidation(at, title string, maxLen int, help string) *excelize.DataValidation {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = at
	_ = dv.SetRange(fmt.Sprint(maxLen), "", excelize.DataValidationTypeTextLength, excelize.DataValidationOperatorLessThanOrEqual)
	dv.SetInput(clipRunes(title, dvMaxTitle), clipRunes(orElse(help, fmt.Sprintf("Tối đa %d ký tự.", maxLen)), dvMaxMessage))
	dv.SetError(excelize.DataValidationErrorStyleStop, dvErrorTitle, clipRunes(fmt.Sprintf("%s: tối đa %d ký tự; xin viết ngắn lại.", title, maxLen), dvMaxMessage))
	return dv
}

// reportDateValidation allows report dates from the start of the period to
// a year after the deadline.
func (b *formBuilder) reportDateValidation(at string) *excelize.DataValidation {
	c := b.c
	lo, hi := c.PeriodStart, c.DataDeadline.AddDate(1, 0, 0)
	dv := excelize.NewDataValidation(true)
	dv.Sqref = at
	b.check(dv.SetRange(dvNumber(vn.Serial(lo)), dvNumber(vn.Serial(hi)), excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween))
	dv.SetInput("Ngày báo cáo", "Ngày ký, gửi báo cáo, dạng ngày/tháng/năm (ví dụ "+vn.Date(c.DataDeadline.AddDate(0, 0, -1))+").")
	dv.SetError(excelize.DataValidationErrorStyleStop, dvErrorTitle, "Nhập ngày dạng ngày/tháng/năm"+dateRange(&lo, &hi)+".")
	return dv
}
