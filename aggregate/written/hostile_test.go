package written

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"tonghop/aggregate/gate"
)

// mkPDF builds a PDF from object bodies (object i+1 is objs[i]) with a
// classic cross-reference table; trailer is the trailer dictionary's body
// without /Size, which is given unless size is 0.
func mkPDF(objs []string, trailer string, size int) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	if size != 0 {
		trailer += fmt.Sprintf(" /Size %d", size)
	}
	trailer = strings.ReplaceAll(trailer, "SELF", fmt.Sprint(xref))
	fmt.Fprintf(&b, "trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n", trailer, xref)
	return b.Bytes()
}

var pageObjs = []string{
	"<< /Type /Catalog /Pages 2 0 R >>",
	"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
	"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
	"<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 700 Td (BAO CAO) Tj ET\n\nendstream",
	"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
}

func zipOf(files map[string][]byte) []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, name := range []string{"mimetype", "word/document.xml", "content.xml"} {
		if data, ok := files[name]; ok {
			f, _ := w.Create(name)
			f.Write(data)
		}
	}
	w.Close()
	return b.Bytes()
}

func TestMinimalPDF(t *testing.T) {
	d, err := Read("a.pdf", mkPDF(pageObjs, "/Root 1 0 R", 6), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Kind != "BÁO CÁO" && strings.Join(d.Lines, "|") != "BAO CAO" {
		t.Errorf("lines %q", d.Lines)
	}
}

func TestHostile(t *testing.T) {
	docx, err := os.ReadFile("testdata/bao-cao.docx")
	if err != nil {
		t.Fatal(err)
	}
	pdfFile, err := os.ReadFile("testdata/bao-cao.pdf")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile("testdata/bao-cao.doc")
	if err != nil {
		t.Fatal(err)
	}
	bomb := zipOf(map[string][]byte{"word/document.xml": bytes.Repeat([]byte(" "), 2<<20)})
	selfKid := append([]string{}, pageObjs...)
	selfKid[1] = "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1 >>"
	selfParent := append([]string{}, pageObjs...)
	selfParent[2] = strings.Replace(pageObjs[2], "/Parent 2 0 R", "/Parent 3 0 R", 1)
	deep := append([]string{}, pageObjs...)
	deep[4] = "<< /Type /Font /X " + strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000) + " >>"
	hugeSubsection := bytes.Replace(mkPDF(pageObjs, "/Root 1 0 R", 6), []byte("xref\n0 6"), []byte("xref\n4000000000 6"), 1)
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(bytes.Repeat([]byte(" "), 1<<20))
	zw.Close()
	cmapBomb := append(append([]string{}, pageObjs...), fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", z.Len(), z.Bytes()))
	cmapBomb[4] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>"
	structure := "tệp PDF có cấu trúc bất thường (vòng lặp, lồng quá sâu hoặc quá nhiều đối tượng); không đọc"
	for _, tc := range []struct {
		name string
		data []byte
		lim  Limits
		msg  string
	}{
		{"empty", nil, Limits{}, "x: không phải văn bản .docx, .odt, .pdf hay .doc"},
		{"text", []byte("Báo cáo"), Limits{}, "x: không phải văn bản .docx, .odt, .pdf hay .doc"},
		{"too big", docx, Limits{MaxBytes: 100}, fmt.Sprintf("x: tệp quá lớn (%d byte, tối đa 100 byte)", len(docx))},
		{"truncated docx", docx[:len(docx)/2], Limits{}, "x: tệp nén (.docx, .odt) hỏng hoặc bị cắt cụt"},
		{"truncated pdf", pdfFile[:len(pdfFile)/2], Limits{}, "x: tệp PDF hỏng hoặc bị cắt cụt"},
		{"truncated doc", doc[:len(doc)/3], Limits{}, "x: không phải văn bản .docx, .odt, .pdf hay .doc"},
		{"zip bomb part", bomb, Limits{MaxPart: 1 << 20}, "x: phần word/document.xml quá lớn khi giải nén (hơn 1048576 byte)"},
		{"bad xml", zipOf(map[string][]byte{"word/document.xml": []byte("<w:document>\n<w:p><w:t>a</w:t></w:p><w:p")}), Limits{}, "x: phần word/document.xml hỏng (XML sai cú pháp ở dòng 2)"},
		{"xref prev loop", mkPDF(pageObjs, "/Root 1 0 R /Prev SELF", 6), Limits{}, "x: " + structure},
		{"huge size", mkPDF(pageObjs, "/Root 1 0 R", 900_000_000), Limits{}, "x: " + structure},
		{"huge subsection", hugeSubsection, Limits{}, "x: " + structure},
		{"deep nesting", mkPDF(deep, "/Root 1 0 R", 6), Limits{}, "x: " + structure},
		{"page tree contains itself", mkPDF(selfKid, "/Root 1 0 R", 6), Limits{}, "x: " + structure},
		{"page is its own parent", mkPDF(selfParent, "/Root 1 0 R", 6), Limits{}, "x: " + structure},
		{"too many objects", mkPDF(pageObjs, "/Root 1 0 R", 6), Limits{MaxObjects: 3}, "x: " + structure},
		{"cmap bomb", mkPDF(cmapBomb, "/Root 1 0 R", 7), Limits{}, "x: bảng mã chữ của phông F1 trong tệp PDF quá lớn"},
		{"content too big", mkPDF(pageObjs, "/Root 1 0 R", 6), Limits{MaxText: 40}, "x: nội dung một trang PDF quá lớn (hơn 20 byte)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Read("x", tc.data, tc.lim)
			if err == nil {
				t.Fatalf("no error; lines %q", d.Lines)
			}
			if err.Error() != tc.msg {
				t.Errorf("error %q\n want %q", err, tc.msg)
			}
		})
	}
	if _, err := Read("x", nil, Limits{}); !errors.Is(err, ErrNotDocument) {
		t.Errorf("not wrapping ErrNotDocument: %v", err)
	}
}

// TestTextBound: a document longer than MaxText is cut, not refused.
func TestTextBound(t *testing.T) {
	body := "<w:document><w:body>" + strings.Repeat("<w:p><w:t>Đắk Mil</w:t></w:p>", 10_000) + "</w:body></w:document>"
	d, err := Read("x", zipOf(map[string][]byte{"word/document.xml": []byte(body)}), Limits{MaxText: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Text) > 1000 || len(d.Lines) != 91 {
		t.Errorf("text %d bytes, %d lines", len(d.Text), len(d.Lines))
	}
}

// BenchmarkWorstPDF: 60 pages, each at the content bound, every byte a
// glyph to place: the most work Read's limits allow a PDF to cause.
func BenchmarkWorstPDF(b *testing.B) {
	const pages = 60 // the most that fits in MaxBytes
	content := "BT /F1 12 Tf 72 700 Td " + strings.Repeat("(a) Tj ", (gate.WrittenMaxText/2-40)/7) + "ET"
	objs := []string{"<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
	kids := ""
	for i := 0; i < pages; i++ {
		kids += fmt.Sprintf("%d 0 R ", len(objs)+1)
		objs = append(objs, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /Contents %d 0 R /Resources << /Font << /F1 3 0 R >> >> >>", len(objs)+2))
		objs = append(objs, fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content))
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids, pages)
	data := mkPDF(objs, "/Root 1 0 R", len(objs)+1)
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		d, err := Read("x", data, Limits{})
		if err != nil {
			b.Fatal(err)
		}
		if i == 0 {
			b.Logf("%d bytes of text from %d bytes", len(d.Text), len(data))
		}
	}
}
