package templates

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"tonghop/templates/vn"
)

// Accepts says what an indicator's cell accepts, by its kind and bounds:
// "số nguyên, từ 0 trở lên", "ngày/tháng/năm, từ 16/08/2023 đến
// 31/01/2024". It is the one wording of it: the cell's input prompt and
// error message in the form, a validation issue and the letter to the unit
// all say it so.
func (ind *Indicator) Accepts() string {
	switch ind.Type {
	case TypeYesNo:
		return "chọn Có hoặc Không"
	case TypeWhole:
		return "số nguyên" + numberRange(ind)
	case TypeNumber:
		return "số, có thể có phần lẻ" + numberRange(ind)
	case TypeMoney:
		return "số tiền bằng đồng, ghi đủ chữ số (3 tỷ ghi 3000000000)" + numberRange(ind)
	case TypePercent:
		return "tỷ lệ phần trăm, ví dụ 89,5 là 89,5 %" + numberRange(ind)
	case TypeChoice:
		return "chọn trong danh sách: " + strings.Join(ind.Choices, "; ")
	case TypeDate:
		return "ngày/tháng/năm" + dateRange(ind.MinDate, ind.MaxDate)
	}
	s := "nội dung bằng chữ"
	if ind.Max != nil && *ind.Max > 0 {
		s += fmt.Sprintf(", không quá %s ký tự", vn.Number(*ind.Max))
	}
	return s
}

func numberRange(ind *Indicator) string {
	switch {
	case ind.Min != nil && ind.Max != nil:
		return fmt.Sprintf(", từ %s đến %s", vn.Number(*ind.Min), vn.Number(*ind.Max))
	case ind.Min != nil:
		return fmt.Sprintf(", từ %s trở lên", vn.Number(*ind.Min))
	case ind.Max != nil:
		return fmt.Sprintf(", không quá %s", vn.Number(*ind.Max))
	}
	return ""
}

func dateRange(from, to *time.Time) string {
	switch {
	case from != nil && to != nil:
		return fmt.Sprintf(", từ %s đến %s", vn.Date(*from), vn.Date(*to))
	case from != nil:
		return fmt.Sprintf(", từ %s trở đi", vn.Date(*from))
	case to != nil:
		return fmt.Sprintf(", không sau %s", vn.Date(*to))
	}
	return ""
}

// capitalize upper-cases the first letter of s, to start a sentence.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
