package workbook

import (
	"regexp"
)

// strFormula is a formula cell as excelize writes it: the result marked as
// text (t="str") even when it is a number.
var strFormula = regexp.MustCompile(`(<c r="[A-Z]+[0-9]+"(?: s="[0-9]+")?) t="str"(><f>[^<]*</f><v>)(-?[0-9][0-9.E+-]*)(</v>)`)

// numericFormulas rewrites a worksheet that excelize kept in memory (the
// summary) so that a formula's numeric result is stored as a number: every
// formula of this workbook computes a number (a count, a sum or a share),
// and a result marked as text would show "0.923" instead of "92,3%" in a
// preview, and be read as text by a program. The streamed sheets write
// their formulas' results as numbers in the first place.
func numericFormulas(sheet []byte) []byte {
	return strFormula.ReplaceAll(sheet, []byte("$1$2$3$4"))
}
