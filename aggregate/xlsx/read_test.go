package xlsx

import (
	"archive/zip"
	"bytes"
	"reflect"
	"testing"
	"time"

	"tonghop/aggregate/book"
)

type cells = map[book.Ref]book.Cell

func ref(s string) book.Ref {
	r, ok := book.ParseRef(s)
	if !ok {
		panic(s)
	}
	return r
}

func num(v string) book.Cell { return book.Cell{Kind: book.Number, Value: v} }
func str(v string) book.Cell { return book.Cell{Kind: book.String, Value: v} }

// TestCells reads one sheet of hand-written XML per case: every cell type,
// positions without r, rows out of order, the text quirks.
func TestCells(t *testing.T) {
	for _, tc := range []struct {
		name      string
		data, sst string
		want      cells
	}{
		{"types",
			`<row r="1"><c r="A1"><v>12.5</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="b"><v>1</v></c>` +
				`<c r="D1" t="b"><v>0</v></c><c r="E1" t="e"><v>#DIV/0!</v></c><c r="F1" t="n"><v>-3E-2</v></c></row>`,
			`<si><t>không</t></si><si><t>Có</t></si>`,
			cells{ref("A1"): num("12.5"), ref("B1"): str("Có"), ref("C1"): {Kind: book.Bool, Value: "1"},
				ref("D1"): {Kind: book.Bool, Value: "0"}, ref("E1"): {Kind: book.Error, Value: "#DIV/0!"}, ref("F1"): num("-3E-2")}},
		{"formulas",
			`<row r="2"><c r="A2"><f>SUM(B2:C2)</f><v>7</v></c><c r="B2"><f>1/0</f></c><c r="C2" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>` +
				`<c r="D2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="E2"><f>B2</f><v/></c>` +
				`<c r="F2"><f t="shared" ref="F2:F3" si="0">A2*2</f><v>14</v></c><c r="G2" t="str"><f>""</f><v></v></c></row>` +
				`<row r="3"><c r="F3"><f t="shared" si="0"/><v>0</v></c></row>`,
			"",
			cells{ref("A2"): {Kind: book.Number, Value: "7", Formula: "SUM(B2:C2)"}, ref("B2"): {Formula: "1/0"},
				ref("C2"): {Kind: book.String, Value: "ab", Formula: `"a"&"b"`}, ref("D2"): {Kind: book.Error, Value: "#DIV/0!", Formula: "1/0"},
				ref("E2"): {Formula: "B2"}, ref("F2"): {Kind: book.Number, Value: "14", Formula: "A2*2"},
				ref("G2"): {Formula: `""`}, ref("F3"): num("0")}},
		{"empty values and texts are not stored",
			`<row r="1"><c r="A1" s="3"/><c r="B1"><v/></c><c r="C1" t="s"><v></v></c><c r="D1" t="e"/><c r="E1" t="inlineStr"/>` +
				`<c r="F1" t="s"><v>0</v></c><c r="G1" t="inlineStr"><is><t></t></is></c><c r="H1" t="str"><v></v></c></row>`,
			`<si><t/></si>`, cells{}},
		{"rich text, phonetic runs, white space, escapes, NFD kept",
			`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v> 1 </v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c>` +
				`<c r="E1" t="inlineStr"><is><r><t>Đắk </t></r><r><rPr><b/></rPr><t>Nông</t></r><rPh sb="0" eb="1"><t>x</t></rPh></is></c></row>`,
			`<si><r><t xml:space="preserve">Báo </t></r><r><rPr><b/></rPr><t>cáo</t></r><rPh sb="0" eb="1"><t>ホ</t></rPh><phoneticPr fontId="1"/></si>` +
				`<si><t xml:space="preserve">  hai  dấu cách </t></si><si><t>dòng 1_x000D_` + "\n" + `dòng 2 _x005F_x0041_ _xZZZZ_</t></si>` +
				"<si><t>Đa\u0306\u0301k</t></si>",
			cells{ref("A1"): str("Báo cáo"), ref("B1"): str("  hai  dấu cách "), ref("C1"): str("dòng 1\r\ndòng 2 _x0041_ _xZZZZ_"),
				ref("D1"): str("Đa\u0306\u0301k"), ref("E1"): str("Đắk Nông")}},
		{"cells and rows without r follow the previous one",
			`<row><c><v>1</v></c><c r="C1"><v>3</v></c><c><v>4</v></c></row><row><c><v>5</v></c></row>` +
				`<row r="7"><c><v>7</v></c></row><row><c r="B8"><v>8</v></c><c><v>9</v></c></row>`,
			"",
			cells{ref("A1"): num("1"), ref("C1"): num("3"), ref("D1"): num("4"), ref("A2"): num("5"), ref("A7"): num("7"),
				ref("B8"): num("8"), ref("C8"): num("9")}},
		{"rows and cells out of order, a cell at XFD1048576",
			`<row r="5"><c r="C5"><v>2</v></c><c r="A5"><v>1</v></c></row><row r="2"><c r="B2"><v>0</v></c></row>` +
				`<row r="1048576"><c r="XFD1048576"><v>9</v></c></row>`,
			"", cells{ref("C5"): num("2"), ref("A5"): num("1"), ref("B2"): num("0"), ref("XFD1048576"): num("9")}},
		{"ISO dates, odd numbers, odd booleans, unknown types",
			`<row r="1"><c r="A1" t="d"><v>2024-04-05</v></c><c r="B1" t="d"><v>2024-04-05T12:00:00Z</v></c>` +
				`<c r="C1" t="d"><v>1900-01-01T06:00:00</v></c><c r="D1" t="d"><v>không phải ngày</v></c>` +
				`<c r="E1"><v> 5 </v></c><c r="F1"><v>NaN</v></c><c r="G1" t="b"><v>true</v></c><c r="H1" t="b"><v>có</v></c>` +
				`<c r="I1" t="x"><v>3</v></c><c r="J1" t="d"><v>1900-03-01</v></c></row>`,
			"",
			cells{ref("A1"): num("45387"), ref("B1"): num("45387.5"), ref("C1"): num("1.25"), ref("D1"): str("không phải ngày"),
				ref("E1"): str(" 5 "), ref("F1"): str("NaN"), ref("G1"): {Kind: book.Bool, Value: "1"}, ref("H1"): str("có"),
				ref("I1"): num("3"), ref("J1"): num("61")}},
		{"elements outside sheetData and prefixes",
			`<row r="1"><c r="A1"><v>1</v><extLst><ext><v>99</v></ext></extLst></c></row>`,
			"", cells{ref("A1"): num("1")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := Read(oneSheet(t, tc.data, tc.sst), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if len(b.Sheets) != 1 {
				t.Fatalf("%d sheets", len(b.Sheets))
			}
			if got := b.Sheets[0].Cells; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("cells\n got %v\nwant %v", got, tc.want)
			}
		})
	}
}

// TestBook reads the workbook-level quirks: sheet states and names with
// spaces and quotes, defined names of every kind, an absolute relationship
// target, the 1904 date system, merged ranges and the properties.
func TestBook(t *testing.T) {
	wb := `<?xml version="1.0" encoding="UTF-8"?><x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
		`xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:workbookPr date1904="1"/><x:sheets>` +
		`<x:sheet name="Báo cáo" sheetId="1" rel:id="rId1"/><x:sheet name="It's" sheetId="2" state="hidden" rel:id="rId2"/>` +
		`<x:sheet name="tonghop" sheetId="3" state="veryHidden" rel:id="rId3"/></x:sheets><x:definedNames>` +
		`<x:definedName name="CT_A1">'Báo cáo'!$D$12</x:definedName>` +
		`<x:definedName name="CT_A1" localSheetId="1">'It''s'!A1</x:definedName>` +
		`<x:definedName name="_xlnm.Print_Area" localSheetId="0" hidden="1">'Báo cáo'!$A$1:$E$48</x:definedName>` +
		`<x:definedName name="Mat">#REF!</x:definedName><x:definedName name="Mat2">'Báo cáo'!#REF!</x:definedName>` +
		`<x:definedName name="Hang">0.5</x:definedName><x:definedName name="Lac" localSheetId="7">A1</x:definedName>` +
		`</x:definedNames></x:workbook>`
	rels := relsXML(`<Relationship Id="rId1" Type="` + relWS + `" Target="/xl/worksheets/sheet1.xml"/>` +
		`<Relationship Id="rId2" Type="` + relWS + `" Target="./worksheets/../worksheets/sheet%202.xml"/>` +
		`<Relationship Id="rId3" Type="` + relWS + `" Target="worksheets\sheet3.xml"/>` +
		`<Relationship Id="rId9" Type="` + relSST + `" Target="strings.xml"/>` +
		`<Relationship Id="rId10" Type="x" Target="http://example.com/" TargetMode="External"/>`)
	data := mkzip(t,
		"xl/workbook.xml", wb, "xl/_rels/workbook.xml.rels", rels,
		"xl/worksheets/sheet1.xml", `<worksheet `+nsMain+`><sheetData><row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3" t="d"><v>1904-01-02</v></c></row></sheetData>`+
			`<mergeCells count="2"><mergeCell ref="A1:E1"/><mergeCell ref="D5:B3"/><mergeCell ref="C7"/><mergeCell ref="bad"/></mergeCells></worksheet>`,
		"XL/Worksheets/Sheet 2.xml", sheetXML(`<row r="1"><c r="A1"><v>1</v></c></row>`),
		"xl/worksheets/sheet3.xml", sheetXML(""),
		"xl/strings.xml", `<sst `+nsMain+` count="1" uniqueCount="1"><si><t>Đơn vị</t></si></sst>`,
		"docProps/core.xml", `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`+
			`<dcterms:created xsi:type="dcterms:W3CDTF">2023-12-15T00:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2024-04-05T09:15:07+07:00</dcterms:modified></cp:coreProperties>`,
		"docProps/app.xml", `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Excel</Application><TitlesOfParts><Application>x</Application></TitlesOfParts></Properties>`,
		"docProps/custom.xml", `<Properties xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">`+
			"\n  "+`<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="tonghop_ma_don_vi">`+"\n    "+`<vt:lpwstr>UBX01</vt:lpwstr>`+"\n  "+`</property>`+
			`<property pid="3" name="so"><vt:i4>7</vt:i4></property><property pid="4" name="co"><vt:bool>true</vt:bool></property></Properties>`,
	)
	got, err := Read(data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := &book.Book{
		Format: "xlsx",
		Sheets: []*book.Sheet{
			{Name: "Báo cáo", Cells: cells{ref("A3"): str("Đơn vị"), ref("B3"): num("1")},
				Merges: []book.Range{{From: ref("A1"), To: ref("E1")}, {From: ref("B3"), To: ref("D5")}, {From: ref("C7"), To: ref("C7")}}},
			{Name: "It's", State: book.Hidden, Cells: cells{ref("A1"): num("1")}},
			{Name: "tonghop", State: book.VeryHidden, Cells: cells{}},
		},
		Names: []book.Name{
			{Name: "CT_A1", RefersTo: "'Báo cáo'!$D$12"},
			{Name: "CT_A1", Scope: "It's", RefersTo: "'It''s'!A1"},
			{Name: "_xlnm.Print_Area", Scope: "Báo cáo", RefersTo: "'Báo cáo'!$A$1:$E$48"},
			{Name: "Mat", RefersTo: "#REF!"},
			{Name: "Mat2", RefersTo: "'Báo cáo'!#REF!"},
			{Name: "Hang", RefersTo: "0.5"},
		},
		Date1904:    true,
		Modified:    time.Date(2024, 4, 5, 9, 15, 7, 0, time.FixedZone("", 7*3600)),
		Created:     time.Date(2023, 12, 15, 0, 0, 0, 0, time.UTC),
		Application: "Microsoft Excel",
		Custom:      map[string]string{"tonghop_ma_don_vi": "UBX01", "so": "7", "co": "true"},
	}
	if !got.Modified.Equal(want.Modified) {
		t.Errorf("Modified = %v, want %v", got.Modified, want.Modified)
	}
	got.Modified = want.Modified
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%#v\nwant\n%#v", *got, *want)
		for i := range min(len(got.Sheets), len(want.Sheets)) {
			t.Logf("sheet %d: %+v / %+v", i, *got.Sheets[i], *want.Sheets[i])
		}
	}
}

// TestStrictAndNoAlias: a Strict OOXML workbook (other namespaces, same
// local names) reads; the Book shares no memory with the input (stored
// parts are not copied by archive/zip, so this is checked by overwriting).
func TestStrictAndNoAlias(t *testing.T) {
	const strict = `xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main" xmlns:r="http://purl.oclc.org/ooxml/officeDocument/relationships"`
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range [][2]string{
		{"xl/workbook.xml", `<workbook ` + strict + ` conformance="strict"><sheets><sheet name="Báo cáo" sheetId="1" r:id="rId1"/></sheets>` +
			`<definedNames><definedName name="CT_A5">'Báo cáo'!$D$16</definedName></definedNames></workbook>`},
		{"xl/_rels/workbook.xml.rels", relsXML(`<Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/sharedStrings" Target="sharedStrings.xml"/>`)},
		{"xl/worksheets/sheet1.xml", `<worksheet ` + strict + `><sheetData><row r="16"><c r="D16"><v>7</v></c><c r="E16" t="s"><v>0</v></c></row></sheetData></worksheet>`},
		{"xl/sharedStrings.xml", `<sst ` + strict + `><si><t>tin, bài</t></si></sst>`},
	} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p[0], Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(p[1]))
	}
	zw.Close()
	data := buf.Bytes()
	b, err := Read(data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range data {
		data[i] = 'x'
	}
	want := cells{ref("D16"): num("7"), ref("E16"): str("tin, bài")}
	if got := b.Sheets[0].Cells; !reflect.DeepEqual(got, want) || b.Names[0].RefersTo != "'Báo cáo'!$D$16" || b.Sheets[0].Name != "Báo cáo" {
		t.Errorf("got %v %v %q", got, b.Names, b.Sheets[0].Name)
	}
}
