package gate

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"

	_ "tonghop/templates/testenv" // the flags every package's tests accept (go test ./... -update)
)

// FuzzCounts: the element counters never panic, and agree with a plain
// count on what they both see.
func FuzzCounts(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0"?><!-- x --><styleSheet><cellXfs><xf/><xf></xf></cellXfs></styleSheet>`), 3)
	f.Add([]byte(`<x:mergeCells><x:mergeCell ref="A1:B1"/><mergeCell/><y mergeCell="1"/></x:mergeCells>`), 1)
	f.Add([]byte(`mergeCell <:mergeCell <aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:mergeCell `), 7)
	f.Fuzz(func(t *testing.T, b []byte, cut int) {
		cut = max(0, min(cut, len(b)))
		n, err := countElements(b[:cut], bytes.NewReader(b[cut:]))
		if err != nil {
			t.Fatal(err)
		}
		if want, _ := countElements(nil, bytes.NewReader(b)); n != want {
			t.Fatalf("split at %d: %d elements, whole: %d", cut, n, want)
		}
		if m := countNamed(b, "mergeCell"); m < 0 || m > bytes.Count(b, []byte("mergeCell")) {
			t.Fatalf("%d merged ranges of %d mentions", m, bytes.Count(b, []byte("mergeCell")))
		}
	})
}

func TestCountNamed(t *testing.T) {
	tests := []struct {
		xml  string
		want int
	}{
		{`<mergeCells count="2"><mergeCell ref="A1:B1"/><mergeCell ref="A2:B2"></mergeCell></mergeCells>`, 2},
		{`<x:mergeCell ref="A1:B1"/><x:mergeCell/>`, 2},
		{`<c t="s" r="A1"><v>mergeCell </v></c><a b="x:mergeCell "/>`, 0},
		{`<` + strings.Repeat("p", 40) + `:mergeCell/>`, 0}, // a prefix longer than any real one
	}
	for _, tc := range tests {
		if got := countNamed([]byte(tc.xml), "mergeCell"); got != tc.want {
			t.Errorf("countNamed(%q) = %d, want %d", tc.xml, got, tc.want)
		}
	}
}

// minimalXLSX is an archive Sniff takes for a workbook, with parts added.
func minimalXLSX(t testing.TB, parts map[string]string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	all := map[string]string{
		"[Content_Types].xml":      `<Types/>`,
		"xl/workbook.xml":          `<workbook><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/worksheets/sheet1.xml": `<worksheet><sheetData><row r="1"><c r="A1"/></row></sheetData></worksheet>`,
	}
	for k, v := range parts {
		all[k] = v
	}
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/styles.xml", "xl/_rels/workbook.xml.rels"} {
		v, ok := all[name]
		if !ok {
			continue
		}
		w, _ := zw.Create(name)
		w.Write([]byte(v))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestSniffRefusesHugeCounts: a file of a few hundred KB with 100,000
// styles, defined names, relationships or merged ranges is refused before
// excelize expands it (which cost 150–250 MB for the first three and
// 100 s for the last), with its message, in bounded allocations.
func TestSniffRefusesHugeCounts(t *testing.T) {
	const n = 100_000
	many := func(format string) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, format, i)
		}
		return b.String()
	}
	elements := func(part string) string {
		return "tệp có quá nhiều phần tử trong cấu trúc (hơn 40.000, đến phần " + part + "): báo cáo bình thường chỉ vài nghìn — có thể là tệp độc hại; không mở, đề nghị đơn vị mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại"
	}
	cases := []struct {
		name  string
		parts map[string]string
		want  string
	}{
		{"styles", map[string]string{"xl/styles.xml": "<styleSheet><cellXfs>" + many(`<xf numFmtId="%d"/>`) + "</cellXfs></styleSheet>"}, elements("xl/styles.xml")},
		{"defined names", map[string]string{"xl/workbook.xml": `<workbook><sheets><sheet name="S"/></sheets><definedNames>` + many(`<definedName name="N%d">S!$A$1</definedName>`) + `</definedNames></workbook>`}, elements("xl/workbook.xml")},
		{"relationships", map[string]string{"xl/_rels/workbook.xml.rels": "<Relationships>" + many(`<Relationship Id="r%d" Target="x.xml"/>`) + "</Relationships>"}, elements("xl/_rels/workbook.xml.rels")},
		{"merged ranges", map[string]string{"xl/worksheets/sheet1.xml": `<worksheet><sheetData/><mergeCells>` + many(`<mergeCell ref="A%d:B1"/>`) + `</mergeCells></worksheet>`},
			"tệp có trang tính với quá nhiều vùng gộp ô (100.000; giới hạn 2.000): biểu mẫu chỉ có vài chục — có thể là tệp độc hại; không mở, đề nghị đơn vị gửi lại đúng biểu mẫu"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := minimalXLSX(t, tc.parts)
			if got := Sniff(data, false); got != tc.want {
				t.Fatalf("Sniff = %q, want %q", got, tc.want)
			}
			if len(data) > 1<<20 {
				t.Fatalf("the file is %d bytes, want a small one", len(data))
			}
			// The gate holds a 32 KB buffer per part, and a sheet (at most
			// MaxPartSize) in memory: bounded whatever the counts.
			allocs := testing.AllocsPerRun(3, func() { Sniff(data, false) })
			if allocs > 2000 {
				t.Errorf("Sniff allocates %.0f times", allocs)
			}
		})
	}
	if got := Sniff(minimalXLSX(t, map[string]string{"xl/styles.xml": "<styleSheet><cellXfs>" + strings.Repeat(`<xf/>`, 1000) + "</cellXfs></styleSheet>"}), false); got != "" {
		t.Errorf("a workbook of 1.000 styles refused: %q", got)
	}
}
