package docx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"tonghop/aggregate/archive/archivetest"
	"tonghop/aggregate/document"
)

var testMeta = Meta{Title: "Báo cáo kết quả tuyên truyền", Author: "Sở Thông tin và Truyền thông", Created: time.Date(2024, 4, 15, 8, 0, 0, 0, time.UTC)}

func write(t testing.TB, d *document.Doc) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, d, testMeta); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// parts opens a package and returns its parts by name, in zip order.
func parts(t testing.TB, b []byte) ([]string, map[string][]byte) {
	t.Helper()
	var names []string
	out := map[string][]byte{}
	for _, p := range archivetest.Parts(t, b) {
		names = append(names, p.Name)
		out[p.Name] = p.Data
	}
	return names, out
}

// paragraphs checks that data is well-formed XML and returns the text of
// its w:p elements, tabs and breaks as \t and \n.
func paragraphs(t testing.TB, name string, data []byte) []string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	var out []string
	var cur strings.Builder
	inText := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		switch v := tok.(type) {
		case xml.StartElement:
			switch v.Name.Local {
			case "t":
				inText = true
			case "tab":
				if v.Name.Space == nsW {
					cur.WriteString("\t")
				}
			case "br":
				if len(v.Attr) == 0 {
					cur.WriteString("\n")
				}
			}
		case xml.EndElement:
			switch v.Name.Local {
			case "t":
				inText = false
			case "p":
				out = append(out, cur.String())
				cur.Reset()
			}
		case xml.CharData:
			if inText {
				cur.Write(v)
			}
		}
	}
	return out
}

// wantParagraphs is the text of every paragraph of d, in order, as Word
// will show it.
func wantParagraphs(d *document.Doc) []string {
	var out []string
	add := func(p *document.Paragraph) {
		out = append(out, clean(p.Text()))
	}
	for _, s := range d.Sections {
		for _, b := range s.Blocks {
			switch v := b.(type) {
			case document.Paragraph:
				add(&v)
			case document.Table:
				for _, r := range v.Rows {
					for _, c := range r.Cells {
						for i := range c.Paras {
							add(&c.Paras[i])
						}
					}
				}
			}
		}
	}
	return out
}

// clean is what escape keeps of s, tabs and line breaks included.
func clean(s string) string {
	s = strings.ReplaceAll(norm.NFC.String(s), "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' {
			return r
		}
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0xfffe || r == 0xffff {
			return -1
		}
		return r
	}, s)
}

func TestWritePackage(t *testing.T) {
	d := sampleReport(t)
	b := write(t, d)
	if b2 := write(t, d); !bytes.Equal(b, b2) {
		t.Error("two writes of the same document differ")
	}
	names, ps := parts(t, b)
	want := []string{"[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "docProps/core.xml", "word/_rels/document.xml.rels",
		"word/document.xml", "word/header1.xml", "word/header2.xml", "word/settings.xml", "word/styles.xml"}
	if !slices.Equal(names, want) {
		t.Fatalf("parts = %q, want %q", names, want)
	}
	for _, n := range names {
		paragraphs(t, n, ps[n])
	}
	// Every paragraph and cell text, in order; the empty ones are the
	// spacers and rules the writer adds.
	var got []string
	for _, p := range paragraphs(t, "word/document.xml", ps["word/document.xml"]) {
		if p != "" {
			got = append(got, p)
		}
	}
	var wantText []string
	for _, p := range wantParagraphs(d) {
		if p != "" {
			wantText = append(wantText, p)
		}
	}
	if !slices.Equal(got, wantText) {
		t.Errorf("paragraphs differ:\n got %d %q\nwant %d %q", len(got), got[:5], len(wantText), wantText[:5])
	}

	doc := string(ps["word/document.xml"])
	counts := []struct {
		what string
		re   string
		want int
	}{
		{"sections", `<w:sectPr>`, 2},
		{"landscape sections", `w:orient="landscape"`, 1},
		{"different first pages", `<w:titlePg/>`, 2},
		{"numbering from 1", `<w:pgNumType w:start="1"/>`, 2},
		{"page-number headers", `w:type="default" r:id="rId3"`, 2},
		{"empty first-page headers", `w:type="first" r:id="rId4"`, 2},
		{"repeated header rows", `<w:tblHeader/>`, 3},
		// header block 1, group table 1+9+1, closing 1, appendix 2+9+130+9.
		{"rows kept whole", `<w:cantSplit/>`, 1 + 11 + 1 + 150},
		{"row spans started", `<w:vMerge w:val="restart"/>`, 3},
		{"row spans continued", `<w:vMerge/>`, 3},
		{"bordered tables", `<w:insideV w:val="single"`, 2},
		{"borderless tables", `<w:insideV w:val="nil"/>`, 2},
		{"page breaks", `w:type="page"`, 0},
		// The opening sentence, 7 headings, 6 paragraphs.
		{"justified paragraphs", `<w:jc w:val="both"/>`, 14},
		{"first-line indents", `w:firstLine="720"`, 14},
		{"rules", `<w:pBdr>`, 3},
		{"shaded cells", `w:fill="E6E6E6"`, 9 * 10},
	}
	for _, c := range counts {
		if n := len(regexp.MustCompile(regexp.QuoteMeta(c.re)).FindAllStringIndex(doc, -1)); n != c.want {
			t.Errorf("%s: %d × %s, want %d", c.what, n, c.re, c.want)
		}
	}
	if !strings.Contains(string(ps["word/header1.xml"]), `<w:instrText xml:space="preserve"> PAGE </w:instrText>`) {
		t.Error("header1.xml has no PAGE field")
	}
	if !strings.Contains(string(ps["word/styles.xml"]), `<w:rFonts w:ascii="Times New Roman"`) || !strings.Contains(string(ps["word/styles.xml"]), `<w:lang w:val="vi-VN"`) {
		t.Error("styles.xml does not set Times New Roman in Vietnamese")
	}
	core := string(ps["docProps/core.xml"])
	for _, s := range []string{"<dc:title>Báo cáo kết quả tuyên truyền</dc:title>", "<dc:creator>Sở Thông tin và Truyền thông</dc:creator>", ">2024-04-15T08:00:00Z</dcterms:created>"} {
		if !strings.Contains(core, s) {
			t.Errorf("core.xml lacks %s", s)
		}
	}
}

func TestEscape(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"markup", `a & b < c > "d" 'e'`, `a &amp; b &lt; c &gt; &quot;d&quot; 'e'`},
		{"NFD to NFC", "Đa\u0306\u0301k Nông", "Đắk Nông"},
		{"controls removed", "a\x00b\x01c\x0bd\x1fe\x7ff\u0085g", "abcdefg"},
		{"non-characters removed", "a\ufffeb\uffffc", "abc"},
		{"invalid UTF-8 replaced", "a\xffb", "a\ufffdb"},
		{"astral kept", "a😀b", "a😀b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := escape(tt.in); got != tt.want {
				t.Errorf("escape(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestWriteErrors(t *testing.T) {
	tooWide := document.Table{Widths: []float64{1}, Rows: []document.Row{{Cells: []document.Cell{{}, {}}}}}
	tests := []struct {
		name string
		doc  *document.Doc
		want string
	}{
		{"nil", nil, "tạo tệp Word: tài liệu không có nội dung"},
		{"no sections", &document.Doc{}, "tạo tệp Word: tài liệu không có nội dung"},
		{"bad table", &document.Doc{Sections: []document.Section{{Blocks: []document.Block{document.Paragraph{}, tooWide}}}},
			"tạo tệp Word: phần 1, khối 2: bảng, dòng 1: có 2 ô nhưng chỉ còn chỗ cho 1 ô"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Write(io.Discard, tt.doc, Meta{})
			if err == nil || err.Error() != tt.want {
				t.Errorf("Write error = %v, want %q", err, tt.want)
			}
		})
	}
}

// FuzzWrite puts arbitrary text into runs, cells and the properties, and
// checks that every part stays well-formed XML and that the text comes back
// as written, less what XML 1.0 forbids.
func FuzzWrite(f *testing.F) {
	f.Add("Đắk Nông", "a & <b>", "x\x00y\tz\nw")
	f.Add("\xff\xfe", "\ufffe", "]]>")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		if len(a)+len(b)+len(c) > 1<<16 {
			return
		}
		p := document.Paragraph{Runs: []document.Run{{Text: a, Bold: true}, {Text: b}}, Rule: document.Rule{Length: 1, Unit: document.OfText}}
		d := &document.Doc{Sections: []document.Section{
			{PageNumbers: document.FromSecondPage, Blocks: []document.Block{p,
				document.Table{Widths: []float64{1, 2}, Relative: true, HeaderRows: 1, Rows: []document.Row{
					{Cells: []document.Cell{{ColSpan: 2, Paras: []document.Paragraph{{Runs: []document.Run{{Text: c}}}}}}},
					{Cells: []document.Cell{{RowSpan: 3, Paras: []document.Paragraph{p}}, {}}},
				}}}},
			{Landscape: true, PageNumbers: document.Restart, Blocks: []document.Block{document.PageBreak{}, p}},
		}}
		var buf bytes.Buffer
		if err := Write(&buf, d, Meta{Title: a, Author: c}); err != nil {
			t.Fatal(err)
		}
		names, ps := parts(t, buf.Bytes())
		for _, n := range names {
			paragraphs(t, n, ps[n])
		}
		var got []string
		for _, s := range paragraphs(t, "word/document.xml", ps["word/document.xml"]) {
			if s != "" {
				got = append(got, s)
			}
		}
		var want []string
		for _, s := range []string{clean(a + b), clean(c), clean(a + b), clean(a + b)} {
			if s != "" {
				want = append(want, s)
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("text = %q, want %q", got, want)
		}
	})
}

// BenchmarkWrite writes the sample report (130 units in the appendix).
func BenchmarkWrite(b *testing.B) {
	d := sampleReport(b)
	for range b.N {
		if err := Write(io.Discard, d, testMeta); err != nil {
			b.Fatal(err)
		}
	}
}

// Text from a unit's file reaches the .docx without control or
// bidirectional-override characters.
func TestEscapeRemovesUnsafeCharacters(t *testing.T) {
	got := escape("Sở\x1b[2J Tài\u202e chính\u2066 <b>&\u0085")
	if want := "Sở[2J Tài chính &lt;b&gt;&amp;"; got != want {
		t.Errorf("escape = %q, want %q", got, want)
	}
}
