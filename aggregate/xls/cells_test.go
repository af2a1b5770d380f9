package xls

import (
	"math"
	"testing"

	"tonghop/aggregate/book"
)

// nameRec is a NAME record with an ASCII name.
func nameRec(name string, itab int, builtin bool, rgce []byte) []byte {
	grbit := 0
	if builtin {
		grbit = 0x20
	}
	return cat(u16(grbit), []byte{0, byte(len(name))}, u16(len(rgce)), u16(0), u16(itab), []byte{0, 0, 0, 0, 0}, []byte(name), rgce)
}

func ref3d(ixti, row, col int) []byte { return cat([]byte{0x3A}, u16(ixti), u16(row), u16(col)) }
func area3d(ixti, r1, r2, c1, c2 int) []byte {
	return cat([]byte{0x3B}, u16(ixti), u16(r1), u16(r2), u16(c1), u16(c2))
}

func cell(row, col int) []byte { return cat(u16(row), u16(col), u16(15)) }

// formulaRec is a FORMULA record with the 8-byte result given and no tokens.
func formulaRec(row, col int, result []byte) []byte {
	return cat(cell(row, col), result, u16(0), u32(0), u16(0))
}

func special(typ, v byte) []byte { return []byte{typ, 0, v, 0, 0, 0, 0xFF, 0xFF} }

// synthetic is a workbook built record by record: strings of the SST split
// across CONTINUE records (with an option byte switching to compressed
// characters, and rich-text runs split without one), every cell record, an
// embedded chart, names of every kind, the 1904 date system.
func synthetic() []byte {
	sst := cat(u32(4), u32(4),
		u16(2), []byte{0}, []byte{'C', 0xF3}, // "Có", compressed
		u16(8), []byte{1}, wide("Đắk "), // "Đắk Nông", continued below
	)
	cont1 := cat([]byte{0}, []byte{'N', 0xF4, 'n', 'g'}, // the rest, compressed
		u16(3), []byte{0x08}, u16(2), []byte("abc"), []byte{0, 0, 1, 0}) // rich: 2 runs, the second split
	cont2 := cat([]byte{3, 0, 2, 0},
		u16(3), []byte{0x04}, u32(6), []byte("xyz"), []byte{1, 2, 3, 4, 5, 6}) // phonetic data
	globals := biff(nil).rec(recBOF, bof(5)).
		rec(recDateMode, u16(1)).
		rec(recBoundSheet, boundSheet("Báo cáo", 0)).
		rec(recBoundSheet, boundSheet("ẩn", 1)).
		rec(recBoundSheet, boundSheet("tonghop", 2)).
		rec(recSST, sst).rec(recContinue, cont1).rec(recContinue, cont2).
		rec(recSupBook, u16(3), u16(0x0401)).
		rec(recExternSheet, u16(4), u16(0), u16(0), u16(0), u16(0), u16(2), u16(2), u16(0), u16(5), u16(5), u16(1), u16(0), u16(0)).
		rec(recName, nameRec("CT_C2", 0, false, ref3d(0, 25, 3))).
		rec(recName, nameRec("VUNG", 0, false, area3d(0, 11, 12, 3, 4))).
		rec(recName, nameRec("RIENG", 1, false, ref3d(1, 0, 0))).
		rec(recName, nameRec("SAI", 0, false, ref3d(2, 0, 0))).
		rec(recName, nameRec("NGOAI", 0, false, ref3d(3, 0, 0))).
		rec(recName, nameRec("XOA", 0, false, cat([]byte{0x3C}, u16(0), u16(0), u16(0)))).
		rec(recName, nameRec("BO", 9, false, ref3d(0, 0, 0))).
		rec(recName, nameRec("TUONG_DOI", 0, false, ref3d(0, 25, 3|0xC000))).
		rec(recName, nameRec("\x06", 1, true, area3d(0, 0, 49, 0, 4))).
		rec(recName, nameRec("HANG", 0, false, []byte{0x1E, 5, 0})).
		rec(recEOF)
	report := biff(nil).rec(recBOF, bof(0x10)).
		rec(recLabelSST, cell(0, 0), u32(0)).
		rec(recLabelSST, cell(1, 0), u32(1)).
		rec(recLabelSST, cell(2, 0), u32(2)).
		rec(recLabelSST, cell(3, 0), u32(3)).
		rec(recLabel, cell(0, 1), u16(6), []byte{1}, wide("Nguyễn")).
		rec(recNumber, cell(1, 1), f64(45278.5)).
		rec(recRK, cell(2, 1), u32(12<<2|2)).
		rec(recRK, cell(3, 1), u32(350<<2|3)).
		rec(recRK, cell(4, 1), u32(int(math.Float64bits(0.25)>>32))).
		rec(recMulRK, u16(5), u16(0), u16(15), u32(1<<2|2), u16(15), u32(2<<2|2), u16(15), u32(3<<2|2), u16(2)).
		rec(recBoolErr, cell(0, 2), []byte{1, 0}).
		rec(recBoolErr, cell(1, 2), []byte{0x07, 1}).
		rec(recFormula, formulaRec(2, 2, f64(24))).
		rec(recFormula, formulaRec(3, 2, special(0, 0))).
		rec(recString, u16(7), []byte{1}, wide("kết")).rec(recContinue, []byte{1}, wide(" quả")).
		rec(recFormula, formulaRec(4, 2, special(1, 0))).
		rec(recFormula, formulaRec(5, 2, special(2, 0x2A))).
		rec(recFormula, formulaRec(6, 2, special(3, 0))).
		rec(recMergedCells, u16(1), u16(9), u16(10), u16(0), u16(2)).
		rec(recBOF, bof(0x20)).rec(recNumber, cell(0, 9), f64(99)).rec(recEOF).
		rec(recEOF)
	hidden := biff(nil).rec(recBOF, bof(0x10)).rec(recEOF)
	identity := biff(nil).rec(recBOF, bof(0x10)).
		rec(recLabel, cell(0, 0), u16(17), []byte{0}, []byte("tonghop_ma_don_vi")).
		rec(recLabel, cell(0, 1), u16(5), []byte{0}, []byte("UBX-1")).
		rec(recEOF)
	return workbook(globals, report, hidden, identity)
}

func TestSynthetic(t *testing.T) {
	b, err := Read(cfb(t, synthetic()), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if !b.Date1904 || b.Format != "xls" {
		t.Errorf("Date1904, Format = %v, %q", b.Date1904, b.Format)
	}
	var sheets []string
	for _, s := range b.Sheets {
		sheets = append(sheets, s.Name+"="+[]string{"visible", "hidden", "veryhidden"}[s.State])
	}
	if got, want := join2(sheets), "Báo cáo=visible ẩn=hidden tonghop=veryhidden"; got != want {
		t.Errorf("sheets = %q; want %q", got, want)
	}
	num := func(v string) book.Cell { return book.Cell{Kind: book.Number, Value: v} }
	str := func(v string) book.Cell { return book.Cell{Kind: book.String, Value: v} }
	want := map[string]book.Cell{
		"A1": str("Có"), "A2": str("Đắk Nông"), "A3": str("abc"), "A4": str("xyz"),
		"B1": str("Nguyễn"), "B2": num("45278.5"), "B3": num("12"), "B4": num("3.5"), "B5": num("0.25"),
		"A6": num("1"), "B6": num("2"), "C6": {Kind: book.Error, Value: "#N/A", Formula: "="},
		"C1": {Kind: book.Bool, Value: "1"}, "C2": {Kind: book.Error, Value: "#DIV/0!"},
		"C3": {Kind: book.Number, Value: "24", Formula: "="},
		"C4": {Kind: book.String, Value: "kết quả", Formula: "="},
		"C5": {Kind: book.Bool, Value: "0", Formula: "="},
		"C7": {Kind: book.String, Formula: "="},
	}
	// MULRK wrote A6:C6 = 1, 2, 3, then the formula overwrote C6.
	report := b.Sheets[0]
	if len(report.Cells) != len(want) {
		t.Errorf("%d cells: %v; want %d", len(report.Cells), report.Cells, len(want))
	}
	for ref, w := range want {
		r, _ := book.ParseRef(ref)
		if got := report.Cell(r); got != w {
			t.Errorf("%s = %+v; want %+v", ref, got, w)
		}
	}
	wantMerge := book.Range{From: book.Ref{Row: 10, Col: 1}, To: book.Ref{Row: 11, Col: 3}}
	if len(report.Merges) != 1 || report.Merges[0] != wantMerge {
		t.Errorf("merges = %v; want [%v]", report.Merges, wantMerge)
	}
	id := b.Sheets[2]
	if id.Cell(book.Ref{Row: 1, Col: 1}) != str("tonghop_ma_don_vi") || id.Cell(book.Ref{Row: 1, Col: 2}) != str("UBX-1") {
		t.Errorf("tonghop = %v", id.Cells)
	}
	wantNames := []book.Name{
		{Name: "CT_C2", RefersTo: "'Báo cáo'!$D$26"},
		{Name: "VUNG", RefersTo: "'Báo cáo'!$D$12:$E$13"},
		{Name: "RIENG", Scope: "Báo cáo", RefersTo: "tonghop!$A$1"},
		{Name: "SAI", RefersTo: "#REF!"},
		{Name: "NGOAI", RefersTo: "#REF!"},
		{Name: "XOA", RefersTo: "#REF!"},
		{Name: "TUONG_DOI", RefersTo: "'Báo cáo'!D26"},
		{Name: "_xlnm.Print_Area", Scope: "Báo cáo", RefersTo: "'Báo cáo'!$A$1:$E$50"},
		{Name: "HANG", RefersTo: ""},
	}
	if len(b.Names) != len(wantNames) {
		t.Fatalf("names = %v; want %v", b.Names, wantNames)
	}
	for i, w := range wantNames {
		if b.Names[i] != w {
			t.Errorf("name %d = %+v; want %+v", i, b.Names[i], w)
		}
	}
}

func join2(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}

func TestRK(t *testing.T) {
	for _, tc := range []struct {
		rk   uint32
		want float64
	}{
		{12<<2 | 2, 12}, {uint32(0xFFFFFFFC) | 2, -1}, {350<<2 | 3, 3.5},
		{uint32(math.Float64bits(0.25) >> 32), 0.25}, {uint32(math.Float64bits(1234.5)>>32) | 1, 12.345},
	} {
		if got := rk(tc.rk); got != tc.want {
			t.Errorf("rk(%#x) = %v; want %v", tc.rk, got, tc.want)
		}
	}
	for _, tc := range []struct {
		f    float64
		want book.Cell
	}{
		{45387, book.Cell{Kind: book.Number, Value: "45387"}},
		{math.Nextafter(0.3, 1), book.Cell{Kind: book.Number, Value: "0.30000000000000004"}},
		{1e20, book.Cell{Kind: book.Number, Value: "1e+20"}},
		{math.NaN(), book.Cell{Kind: book.Error, Value: "#NUM!"}},
		{math.Inf(-1), book.Cell{Kind: book.Error, Value: "#NUM!"}},
	} {
		if got := numberCell(tc.f); got != tc.want {
			t.Errorf("numberCell(%v) = %+v; want %+v", tc.f, got, tc.want)
		}
	}
}
