package ods

import (
	"strings"
	"tonghop/aggregate/book"
)

// convertAddressList converts an ODF cell range address list, as in
// table:cell-range-address, to the .xlsx syntax of a defined name:
// "$'Báo cáo'.$D$12" is "'Báo cáo'!$D$12", "$Sheet1.$D$12:.$E$12" is
// "Sheet1!$D$12:$E$12", and several ranges (separated by spaces) are
// separated by commas. Anything it cannot read is "#REF!", as a name whose
// cells were deleted.
func convertAddressList(s string) string {
	var out []string
	for _, part := range splitOutsideQuotes(strings.TrimSpace(s), ' ') {
		if part == "" {
			continue
		}
		r, ok := convertRange(part)
		if !ok {
			return "#REF!"
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return "#REF!"
	}
	return strings.Join(out, ",")
}

// convertExpression converts a named expression (table:expression, as
// Gnumeric writes names): a single reference "of:=[$'Báo cáo'.$D$12]" or a
// bare address becomes a reference; anything else (a constant, a formula) is
// kept without its "of:=" prefix.
func convertExpression(s string) string {
	e := formulaText(strings.TrimSpace(s))
	inner := e
	if strings.HasPrefix(e, "[") && strings.HasSuffix(e, "]") {
		inner = e[1 : len(e)-1]
	}
	if r, ok := convertRange(inner); ok && strings.Contains(inner, ".") {
		return r
	}
	return e
}

// convertRange converts one "sheet.cell" or "sheet.cell:sheet.cell" (the
// second sheet optional and then the same).
func convertRange(s string) (string, bool) {
	parts := splitOutsideQuotes(s, ':')
	if len(parts) > 2 {
		return "", false
	}
	sheet, from, ok := splitAddress(parts[0])
	if !ok || sheet == "" {
		return "", false
	}
	out := book.QuoteSheet(sheet) + "!" + from
	if len(parts) == 2 {
		sheet2, to, ok := splitAddress(parts[1])
		if !ok || sheet2 != "" && sheet2 != sheet {
			return "", false
		}
		out += ":" + to
	}
	return out, true
}

// splitAddress splits "$'Báo cáo'.$D$12" into the sheet name "Báo cáo" and
// the cell "$D$12" (a quote inside a quoted name is doubled); the sheet is ""
// for ".$E$12".
func splitAddress(s string) (sheet, cell string, ok bool) {
	s = strings.TrimPrefix(s, "$")
	var name strings.Builder
	i := 0
	if strings.HasPrefix(s, "'") {
		for i = 1; ; i++ {
			if i >= len(s) {
				return "", "", false
			}
			if s[i] == '\'' {
				if i+1 < len(s) && s[i+1] == '\'' {
					name.WriteByte('\'')
					i++
					continue
				}
				i++
				break
			}
			name.WriteByte(s[i])
		}
	} else {
		for i < len(s) && s[i] != '.' {
			name.WriteByte(s[i])
			i++
		}
	}
	if i >= len(s) || s[i] != '.' {
		return "", "", false
	}
	cell = s[i+1:]
	if !validCell(cell) {
		return "", "", false
	}
	return name.String(), cell, true
}

// validCell accepts "$D$12", "D12", "$10" (a whole row) and "$D" (a whole
// column): letters then digits, each optionally after "$".
func validCell(s string) bool {
	s = strings.TrimPrefix(s, "$")
	letters := 0
	for letters < len(s) && (s[letters] >= 'A' && s[letters] <= 'Z' || s[letters] >= 'a' && s[letters] <= 'z') {
		letters++
	}
	if letters > 3 {
		return false
	}
	rest := strings.TrimPrefix(s[letters:], "$")
	if letters == 0 && rest == "" {
		return false
	}
	if len(rest) > 7 {
		return false
	}
	for _, r := range rest {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// splitOutsideQuotes splits at sep where it is not inside a quoted name.
func splitOutsideQuotes(s string, sep byte) []string {
	var parts []string
	start, quoted := 0, false
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\'':
			quoted = !quoted
		case s[i] == sep && !quoted:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}
