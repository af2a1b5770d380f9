package workbook

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// rowWriter encodes the data rows of a streamed sheet as excelize's stream
// writer does (StreamWriter.SetRow): numbers with at most 15 significant
// digits, text as inline strings, a formula with its numeric result, a
// styled empty cell kept for its borders.
type rowWriter struct {
	w    *bufio.Writer
	cols []string // column letters, by index
	err  error
}

// row writes row r; height 0 leaves the row's height to the reader.
func (rw *rowWriter) row(r int, cells []any, height float64) {
	if rw.err != nil {
		return
	}
	w := rw.w
	num := strconv.Itoa(r)
	w.WriteString(`<row r="`)
	w.WriteString(num)
	w.WriteByte('"')
	if height > 0 {
		w.WriteString(` ht="`)
		w.WriteString(strconv.FormatFloat(height, 'f', -1, 64))
		w.WriteString(`" customHeight="1"`)
	}
	w.WriteByte('>')
	for len(rw.cols) < len(cells) {
		rw.cols = append(rw.cols, colName(len(rw.cols)+1))
	}
	for i, v := range cells {
		if v == nil {
			continue
		}
		c, ok := v.(excelize.Cell)
		if !ok {
			rw.err = fmt.Errorf("ô %s%s: %T", rw.cols[i], num, v)
			return
		}
		w.WriteString(`<c r="`)
		w.WriteString(rw.cols[i])
		w.WriteString(num)
		w.WriteByte('"')
		if c.StyleID != 0 {
			w.WriteString(` s="`)
			w.WriteString(strconv.Itoa(c.StyleID))
			w.WriteByte('"')
		}
		var value string
		text := false
		switch x := c.Value.(type) {
		case nil:
		case float64:
			if math.IsNaN(x) || math.IsInf(x, 0) {
				value, text = fmt.Sprint(x), true
			} else {
				value = formatFloat(x)
			}
		case string:
			value, text = x, true
		default:
			rw.err = fmt.Errorf("ô %s%s: %T", rw.cols[i], num, c.Value)
			return
		}
		switch {
		case c.Formula != "":
			if text {
				rw.err = fmt.Errorf("ô %s%s: công thức có kết quả là chữ", rw.cols[i], num)
				return
			}
			w.WriteString(`><f>`)
			xml.EscapeText(w, []byte(c.Formula))
			w.WriteString(`</f><v>`)
			w.WriteString(value)
			w.WriteString(`</v></c>`)
		case text:
			w.WriteString(` t="inlineStr"><is><t`)
			s, preserve := cellText(value)
			if preserve {
				w.WriteString(` xml:space="preserve"`)
			}
			w.WriteByte('>')
			w.WriteString(s)
			w.WriteString(`</t></is></c>`)
		case value != "":
			w.WriteString(`><v>`)
			w.WriteString(value)
			w.WriteString(`</v></c>`)
		default:
			w.WriteString(`></c>`)
		}
	}
	w.WriteString(`</row>`)
}

// formatFloat writes a number as excelize does (formatCellFloat): the
// shortest decimal form, cut to Excel's 15 significant digits.
func formatFloat(value float64) string {
	str := strconv.FormatFloat(value, 'f', -1, 64)
	if math.Abs(value) == math.MaxFloat64 {
		return str
	}
	const maxPrec = 15
	decimal := strings.IndexByte(str, '.')
	significant := 0
	for idx := range str {
		if str[idx] < '0' || str[idx] > '9' || significant == 0 && str[idx] == '0' {
			continue
		}
		significant++
		if significant <= maxPrec {
			continue
		}
		if decimal >= 0 && idx > decimal {
			return strings.TrimSuffix(str[:idx], ".")
		}
		if decimal < 0 {
			decimal = len(str)
		}
		truncated := []byte(str[:decimal])
		for ; idx < len(truncated); idx++ {
			truncated[idx] = '0'
		}
		return string(truncated)
	}
	return str
}

// maxCellChars is the most UTF-16 units a cell holds.
const maxCellChars = 32767

// cellText is a text cell's content as excelize writes it (trimCellValue):
// cut to what a cell holds, escaped for XML with line breaks kept, an
// "_xHHHH_" of the text escaped so that no reader decodes it; preserve
// says whether the text begins or ends with white space.
func cellText(s string) (out string, preserve bool) {
	if len(s) > maxCellChars/2 {
		n := 0
		for i, r := range s {
			if n += utf16.RuneLen(r); n > maxCellChars {
				s = s[:i]
				break
			}
		}
	}
	if s == "" {
		return "", false
	}
	for _, c := range []byte{'\t', '\n', '\r', ' '} {
		if s[0] == c || s[len(s)-1] == c {
			preserve = true
			break
		}
	}
	var sb strings.Builder
	xml.EscapeText(&sb, []byte(s))
	out = strings.ReplaceAll(sb.String(), "&#xA;", "\n")
	if strings.Contains(out, "_x") {
		out = bstrMarshal(out)
	}
	return out, preserve
}

var (
	bstrExp       = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)
	bstrEscapeExp = regexp.MustCompile(`x[a-fA-F\d]{4}_`)
)

// bstrMarshal escapes the "_xHHHH_" sequences of a text exactly as
// excelize's function of the same name does, so that a streamed cell reads
// back as the text written.
func bstrMarshal(s string) (result string) {
	matches, l, cursor := bstrExp.FindAllStringSubmatchIndex(s, -1), len(s), 0
	for _, match := range matches {
		result += s[cursor:match[0]]
		subStr := s[match[0]:match[1]]
		if subStr == "_x005F_" {
			cursor = match[1]
			if match[1]+6 <= l && bstrEscapeExp.MatchString(s[match[1]:match[1]+6]) {
				_, err := strconv.Unquote(`"\u` + s[match[1]+1:match[1]+5] + `"`)
				if err == nil {
					result += subStr + "x005F" + subStr
					continue
				}
			}
			result += subStr + "x005F_"
			continue
		}
		if bstrExp.MatchString(subStr) {
			cursor = match[1]
			if _, err := strconv.Unquote(`"\u` + s[match[0]+2:match[1]-1] + `"`); err == nil {
				result += "_x005F" + subStr
				continue
			}
		}
	}
	if cursor < l {
		result += s[cursor:]
	}
	return result
}
