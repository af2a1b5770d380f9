package xlsx

import (
	"testing"

	"tonghop/aggregate/book"
)

func TestFormatOf(t *testing.T) {
	for code, want := range map[string]book.Format{
		"General":                    book.FormatGeneral,
		"0.00":                       book.FormatGeneral,
		"#,##0":                      book.FormatGeneral,
		"0.00E+00":                   book.FormatGeneral,
		"0%":                         book.FormatPercent,
		"0.0%;[Red]-0.0%":            book.FormatPercent,
		`0.0"%"`:                     book.FormatGeneral, // the sign quoted is text
		`0\%`:                        book.FormatGeneral,
		"dd/mm/yyyy":                 book.FormatDate,
		"m/d/yyyy":                   book.FormatDate,
		"[$-42A]dd/mm/yyyy":          book.FormatDate,
		"d/m/yyyy h:mm":              book.FormatDate,
		"yyyy-mm-dd hh:mm:ss":        book.FormatDate,
		"h:mm AM/PM":                 book.FormatTime,
		"mm:ss":                      book.FormatTime,
		"[h]:mm:ss":                  book.FormatTime,
		`"Ngày "dd" tháng "mm`:       book.FormatDate,
		`#,##0" người";"âm"`:         book.FormatGeneral,
		`[Red]#,##0;[Blue]"d" 0`:     book.FormatGeneral, // a d in the second section only
		`_(* #,##0_);_(* (#,##0);_(`: book.FormatGeneral,
	} {
		if got := formatOf(code); got != want {
			t.Errorf("formatOf(%q) = %v, want %v", code, got, want)
		}
	}
}

// TestStyles reads number formats the way files carry them: built-in ids,
// custom codes, the styles part named by the relationships or at its usual
// place, an index past the table, and a styles part that does not read
// (values still read, as numbers).
func TestStyles(t *testing.T) {
	const styles = `<styleSheet ` + nsMain + `><numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>` +
		`<numFmt numFmtId="165" formatCode="0.0%"/></numFmts><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/>` +
		`<xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="9"/><xf numFmtId="20"/></cellXfs></styleSheet>`
	const data = `<row r="1"><c r="A1" s="0"><v>1</v></c><c r="B1" s="1"><v>45280</v></c><c r="C1" s="2"><v>45280.5</v></c>` +
		`<c r="D1" s="3"><v>0.855</v></c><c r="E1" s="4"><v>1</v></c><c r="F1" s="5"><v>0.25</v></c><c r="G1" s="99"><v>2</v></c>` +
		`<c r="H1" s="2" t="s"><v>0</v></c></row>`
	want := cells{
		ref("A1"): num("1"),
		ref("B1"): {Kind: book.Number, Format: book.FormatDate, Value: "45280"},
		ref("C1"): {Kind: book.Number, Format: book.FormatDate, Value: "45280.5"},
		ref("D1"): {Kind: book.Number, Format: book.FormatPercent, Value: "0.855"},
		ref("E1"): {Kind: book.Number, Format: book.FormatPercent, Value: "1"},
		ref("F1"): {Kind: book.Number, Format: book.FormatTime, Value: "0.25"},
		ref("G1"): num("2"),
		ref("H1"): str("Tổng"),
	}
	sheets := []string{
		"[Content_Types].xml", `<Types/>`,
		"xl/workbook.xml", workbookXML(`<sheet name="Báo cáo" sheetId="1" r:id="rId1"/>`, ""),
		"xl/worksheets/sheet1.xml", sheetXML(data),
		"xl/sharedStrings.xml", `<sst ` + nsMain + `><si><t>Tổng</t></si></sst>`,
	}
	rels := func(extra string) []string {
		return []string{"xl/_rels/workbook.xml.rels", relsXML(`<Relationship Id="rId1" Type="` + relWS + `" Target="worksheets/sheet1.xml"/>` + extra)}
	}
	relStyles := `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="theme/s.xml"/>`
	plain := cells{}
	for r, c := range want {
		c.Format = book.FormatGeneral
		plain[r] = c
	}
	for _, tc := range []struct {
		name  string
		parts []string
		want  cells
	}{
		{"usual place", append(rels(""), "xl/styles.xml", styles), want},
		{"named by the relationships", append(rels(relStyles), "xl/theme/s.xml", styles), want},
		{"no styles", rels(""), plain},
		{"styles not XML", append(rels(""), "xl/styles.xml", `<styleSheet><cellXfs><xf numFmtId="14"`), plain},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := Read(mkzip(t, append(append([]string{}, sheets...), tc.parts...)...), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			got := b.Sheets[0].Cells
			for r, w := range tc.want {
				if got[r] != w {
					t.Errorf("%s = %+v, want %+v", r, got[r], w)
				}
			}
		})
	}
}
