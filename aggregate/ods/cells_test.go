package ods

import (
	"testing"
	"time"

	"tonghop/aggregate/book"
)

func TestCells(t *testing.T) {
	const p = `<text:p>`
	for _, tc := range []struct {
		name string
		row  string // children of one table:table-row
		want map[string]book.Cell
	}{
		{"float", `<table:table-cell office:value-type="float" office:value="1234.5"><text:p>1.234,5</text:p></table:table-cell>`,
			map[string]book.Cell{"A1": {Kind: book.Number, Value: "1234.5"}}},
		{"percentage and currency", `<table:table-cell office:value-type="percentage" office:value="0.25"/><table:table-cell office:value-type="currency" office:value="-3"/>`,
			map[string]book.Cell{"A1": {Kind: book.Number, Format: book.FormatPercent, Value: "0.25"}, "B1": {Kind: book.Number, Value: "-3"}}},
		{"float unreadable keeps the text", `<table:table-cell office:value-type="float" office:value="NaN"><text:p>lỗi</text:p></table:table-cell>`,
			map[string]book.Cell{"A1": {Kind: book.String, Value: "lỗi"}}},
		{"date and date-time", `<table:table-cell office:value-type="date" office:date-value="2024-04-05"/><table:table-cell office:value-type="date" office:date-value="2024-04-05T10:30:00"/>`,
			map[string]book.Cell{"A1": {Kind: book.Number, Format: book.FormatDate, Value: "45387"}, "B1": {Kind: book.Number, Format: book.FormatDate, Value: "45387.4375"}}},
		{"date before 1900-03-01 counts Excel's 29/02/1900, as vn.SerialDate reads it back", `<table:table-cell office:value-type="date" office:date-value="1900-01-01"/><table:table-cell office:value-type="date" office:date-value="1900-02-28"/>`,
			map[string]book.Cell{"A1": {Kind: book.Number, Format: book.FormatDate, Value: "1"}, "B1": {Kind: book.Number, Format: book.FormatDate, Value: "59"}}},
		{"time", `<table:table-cell office:value-type="time" office:time-value="PT10H30M00S"/><table:table-cell office:value-type="time" office:time-value="P1DT6H"/>`,
			map[string]book.Cell{"A1": {Kind: book.Number, Format: book.FormatTime, Value: "0.4375"}, "B1": {Kind: book.Number, Format: book.FormatTime, Value: "1.25"}}},
		{"boolean", `<table:table-cell office:value-type="boolean" office:boolean-value="true"/><table:table-cell office:value-type="boolean" office:boolean-value="false"/>`,
			map[string]book.Cell{"A1": {Kind: book.Bool, Value: "1"}, "B1": {Kind: book.Bool, Value: "0"}}},
		{"text with spaces, tab, break, span, link, two paragraphs",
			`<table:table-cell office:value-type="string">` + p + `a<text:s text:c="3"/>b<text:tab/>c<text:line-break/><text:span>d</text:span><text:a>e</text:a></text:p>` + p + `dòng 2</text:p></table:table-cell>`,
			map[string]book.Cell{"A1": {Kind: book.String, Value: "a   b\tc\nde\ndòng 2"}}},
		{"comment and drawing skipped", `<table:table-cell office:value-type="string"><office:annotation><text:p>ghi chú</text:p></office:annotation>` + p + `5</text:p><draw:frame xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"><text:p>x</text:p></draw:frame></table:table-cell>`,
			map[string]book.Cell{"A1": {Kind: book.String, Value: "5"}}},
		{"string-value attribute wins", `<table:table-cell office:value-type="string" office:string-value="thật">` + p + `hiện</text:p></table:table-cell>`,
			map[string]book.Cell{"A1": {Kind: book.String, Value: "thật"}}},
		{"formula with cached number", `<table:table-cell table:formula="of:=[.C5]+[.C6]" office:value-type="float" office:value="7"/>`,
			map[string]book.Cell{"A1": {Kind: book.Number, Value: "7", Formula: "[.C5]+[.C6]"}}},
		{"formula without value", `<table:table-cell table:formula="of:=SUM([.A2:.A3])"/>`,
			map[string]book.Cell{"A1": {Kind: book.Empty, Formula: "SUM([.A2:.A3])"}}},
		{"formula error LibreOffice", `<table:table-cell table:formula="of:=1/0" office:value-type="string" office:string-value="" calcext:value-type="error">` + p + `#DIV/0!</text:p></table:table-cell>`,
			map[string]book.Cell{"A1": {Kind: book.Error, Value: "#DIV/0!", Formula: "1/0"}}},
		{"formula error Err:502", `<table:table-cell table:formula="of:=SQRT(-1)" office:value-type="string">` + p + `Err:502</text:p></table:table-cell>`,
			map[string]book.Cell{"A1": {Kind: book.Error, Value: "Err:502", Formula: "SQRT(-1)"}}},
		{"formula error #NAME?", `<table:table-cell table:formula="of:=FOO()">` + p + `#NAME?</text:p></table:table-cell>`,
			map[string]book.Cell{"A1": {Kind: book.Error, Value: "#NAME?", Formula: "FOO()"}}},
		{"error text without formula is text", `<table:table-cell office:value-type="string">` + p + `#N/A</text:p></table:table-cell>`,
			map[string]book.Cell{"A1": {Kind: book.String, Value: "#N/A"}}},
		{"formula with string result", `<table:table-cell table:formula="msoxl:=A1&amp;B1" office:value-type="string">` + p + `ab</text:p></table:table-cell>`,
			map[string]book.Cell{"A1": {Kind: book.String, Value: "ab", Formula: "A1&B1"}}},
		{"repeated and covered cells advance the column",
			`<table:table-cell table:number-columns-spanned="2"/><table:covered-table-cell/><table:table-cell table:number-columns-repeated="2" office:value-type="float" office:value="1"/><table:table-cell/><table:table-cell office:value-type="float" office:value="2"/>`,
			map[string]book.Cell{"C1": {Kind: book.Number, Value: "1"}, "D1": {Kind: book.Number, Value: "1"}, "F1": {Kind: book.Number, Value: "2"}}},
		{"empty string cell", `<table:table-cell office:value-type="string"/>`,
			map[string]book.Cell{"A1": {Kind: book.String}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := Read(odsTable(t, `<table:table-row>`+tc.row+`</table:table-row>`), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			s := b.Sheets[0]
			if len(s.Cells) != len(tc.want) {
				t.Errorf("cells = %v; want %v", s.Cells, tc.want)
			}
			for ref, want := range tc.want {
				r, _ := book.ParseRef(ref)
				if got := s.Cell(r); got != want {
					t.Errorf("%s = %+v; want %+v", ref, got, want)
				}
			}
		})
	}
}

func TestRowsRepeatedAndMerges(t *testing.T) {
	rows := `<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>` +
		`<table:table-row table:number-rows-repeated="2"><table:table-cell/><table:table-cell office:value-type="float" office:value="5"/></table:table-row>` +
		`<table:table-row><table:table-cell table:number-columns-spanned="3" table:number-rows-spanned="2" office:value-type="string"><text:p>gộp</text:p></table:table-cell></table:table-row>`
	b, err := Read(odsTable(t, rows), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	s := b.Sheets[0]
	want := map[book.Ref]book.Cell{
		{Row: 1000001, Col: 2}: {Kind: book.Number, Value: "5"},
		{Row: 1000002, Col: 2}: {Kind: book.Number, Value: "5"},
		{Row: 1000003, Col: 1}: {Kind: book.String, Value: "gộp"},
	}
	if len(s.Cells) != len(want) {
		t.Errorf("cells = %v; want %v", s.Cells, want)
	}
	for r, c := range want {
		if s.Cells[r] != c {
			t.Errorf("%s = %+v; want %+v", r, s.Cells[r], c)
		}
	}
	wantMerge := book.Range{From: book.Ref{Row: 1000003, Col: 1}, To: book.Ref{Row: 1000004, Col: 3}}
	if len(s.Merges) != 1 || s.Merges[0] != wantMerge {
		t.Errorf("merges = %v; want [%v]", s.Merges, wantMerge)
	}
}

func TestNames(t *testing.T) {
	content := contentXML(`<table:table table:name="Báo cáo" table:style-name="ta2">` +
		`<table:named-expressions><table:named-range table:name="local" table:cell-range-address="$'Báo cáo'.$A$1"/></table:named-expressions></table:table>` +
		`<table:named-expressions>` +
		`<table:named-range table:name="CT_C2" table:cell-range-address="$'Báo cáo'.$D$12"/>` +
		`<table:named-range table:name="r" table:cell-range-address="$Sheet1.$D$12:.$E$12"/>` +
		`<table:named-range table:name="q" table:cell-range-address="$'It''s'.$A$1"/>` +
		`<table:named-range table:name="two" table:cell-range-address="$S.$A$1 $S.$B$2:.$C$3"/>` +
		`<table:named-range table:name="rows" table:cell-range-address="$'Báo cáo'.$10:.$10"/>` +
		`<table:named-range table:name="bad" table:cell-range-address="nonsense"/>` +
		`<table:named-range table:name="cross" table:cell-range-address="$A.$A$1:$B.$B$2"/>` +
		`<table:named-expression table:name="e" table:expression="of:=[$'Báo cáo'.$D$13]"/>` +
		`<table:named-expression table:name="k" table:expression="of:=&quot;Hướng dẫn&quot;"/>` +
		`<table:named-expression table:name="gone" table:expression="of:=#REF!"/>` +
		`</table:named-expressions>`)
	b, err := Read(odsOf(t, content), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []book.Name{
		{Name: "local", Scope: "Báo cáo", RefersTo: "'Báo cáo'!$A$1"},
		{Name: "CT_C2", RefersTo: "'Báo cáo'!$D$12"},
		{Name: "r", RefersTo: "Sheet1!$D$12:$E$12"},
		{Name: "q", RefersTo: "'It''s'!$A$1"},
		{Name: "two", RefersTo: "S!$A$1,S!$B$2:$C$3"},
		{Name: "rows", RefersTo: "'Báo cáo'!$10:$10"},
		{Name: "bad", RefersTo: "#REF!"},
		{Name: "cross", RefersTo: "#REF!"},
		{Name: "e", RefersTo: "'Báo cáo'!$D$13"},
		{Name: "k", RefersTo: `"Hướng dẫn"`},
		{Name: "gone", RefersTo: "#REF!"},
	}
	if len(b.Names) != len(want) {
		t.Fatalf("names = %v; want %v", b.Names, want)
	}
	for i := range want {
		if b.Names[i] != want[i] {
			t.Errorf("name %d = %+v; want %+v", i, b.Names[i], want[i])
		}
	}
	if b.Sheets[0].State != book.Hidden {
		t.Errorf("state = %d; want Hidden", b.Sheets[0].State)
	}
}

func TestMeta(t *testing.T) {
	meta := `<?xml version="1.0"?><office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ` +
		`xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta>` +
		`<meta:generator>LibreOffice/24.2</meta:generator><meta:creation-date>2024-04-01T08:00:00.123</meta:creation-date>` +
		`<dc:date>2024-04-05T09:15:07+07:00</dc:date><meta:user-defined meta:name="tonghop_ma_don_vi" meta:value-type="string">UBX-1</meta:user-defined>` +
		`</office:meta></office:document-meta>`
	data := makeZip(t, map[string]string{"mimetype": mimeODS, "content.xml": contentXML(""), "meta.xml": meta})
	b, err := Read(data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2024, 4, 5, 2, 15, 7, 0, time.UTC); !b.Modified.Equal(want) {
		t.Errorf("Modified = %v; want %v", b.Modified, want)
	}
	if want := time.Date(2024, 4, 1, 8, 0, 0, 123e6, time.UTC); !b.Created.Equal(want) {
		t.Errorf("Created = %v; want %v", b.Created, want)
	}
	if b.Application != "LibreOffice/24.2" || len(b.Custom) != 1 || b.Custom["tonghop_ma_don_vi"] != "UBX-1" {
		t.Errorf("Application, Custom = %q, %v", b.Application, b.Custom)
	}
	// A damaged meta.xml loses the properties, not the content.
	data = makeZip(t, map[string]string{"mimetype": mimeODS, "content.xml": contentXML(""), "meta.xml": meta[:100]})
	if b, err := Read(data, Limits{}); err != nil || !b.Modified.IsZero() {
		t.Errorf("damaged meta.xml: %v, %v", b, err)
	}
}

func TestSerials(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"PT12H", "0.5"}, {"PT06H00M00S", "0.25"}, {"PT00H00M43.2S", "0.0005"}, {"-PT12H", "-0.5"},
		{"P1D", "1"}, {"PT1D", ""}, {"P1H", ""}, {"12:00", ""}, {"PTxH", ""},
	} {
		got, ok := timeSerial(tc.in)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("timeSerial(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
}
