package written

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"tonghop/templates/testenv"
)

// objStmPDF builds a PDF 1.5 with a cross-reference stream, the form the
// library's fatal paths need. direct holds the objects written in the
// file (number → body); inStream the objects an object stream holds
// (number → {stream, index}), whatever that stream's content says. The
// cross-reference stream is the last object; xrefKeys are added to its
// dictionary, and w replaces its /W [1 4 2] (the rows are still written
// 1 4 2). With deflate, the rows are compressed.
func objStmPDF(direct map[int]string, inStream map[int][2]int, xrefKeys, w string, deflate bool) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
	size := 1
	for n := range direct {
		size = max(size, n+1)
	}
	for n := range inStream {
		size = max(size, n+1)
	}
	nums := make([]int, 0, len(direct))
	for n := range direct {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	offs := map[int]int{}
	for _, n := range nums {
		offs[n] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, direct[n])
	}
	xrefNum := size
	size++
	offs[xrefNum] = b.Len()
	var rows bytes.Buffer
	for n := 0; n < size; n++ {
		switch s, in := inStream[n]; {
		case in:
			rows.Write([]byte{2, 0, 0, byte(s[0] >> 8), byte(s[0]), byte(s[1] >> 8), byte(s[1])})
		case offs[n] > 0:
			o := offs[n]
			rows.Write([]byte{1, byte(o >> 24), byte(o >> 16), byte(o >> 8), byte(o), 0, 0})
		default:
			rows.Write([]byte{0, 0, 0, 0, 0, 0xff, 0xff})
		}
	}
	data := rows.Bytes()
	if deflate {
		var z bytes.Buffer
		zw := zlib.NewWriter(&z)
		zw.Write(data)
		zw.Close()
		data = z.Bytes()
		xrefKeys += " /Filter /FlateDecode"
	}
	if w == "" {
		w = "[1 4 2]"
	}
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /XRef /Size %d /W %s /Root 1 0 R /Length %d %s >>\nstream\n", xrefNum, size, w, len(data), xrefKeys)
	b.Write(data)
	fmt.Fprintf(&b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", offs[xrefNum])
	return b.Bytes()
}

// objStm is an object stream holding the objects bodies (number → body),
// with extra keys in its dictionary.
func objStm(extra string, nums []int, bodies []string) string {
	var head, body strings.Builder
	for i, n := range nums {
		fmt.Fprintf(&head, "%d %d ", n, body.Len())
		body.WriteString(bodies[i] + "\n")
	}
	content := head.String() + "\n" + body.String()
	return fmt.Sprintf("<< /Type /ObjStm /N %d /First %d /Length %d %s >>\nstream\n%s\nendstream", len(nums), head.Len()+1, len(content), extra, content)
}

// The page the crashing files would show, were they whole: objects 2
// (pages), 3 (page), 5 (content), 6 (font), the catalog 1 being where
// each file puts it.
var crashPage = map[int]string{
	2: "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
	3: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R /Resources << /Font << /F1 6 0 R >> >> >>",
	5: "<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 700 Td (BAO CAO) Tj ET\n\nendstream",
	6: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
}

const catalog = "<< /Type /Catalog /Pages 2 0 R >>"

func with(m map[int]string, more map[int]string) map[int]string {
	out := map[int]string{}
	for k, v := range m {
		out[k] = v
	}
	for k, v := range more {
		out[k] = v
	}
	return out
}

// crashRecipes are the files that ended the whole process (issue 26),
// each with the reason Read must now give.
var crashRecipes = []struct {
	file string
	make func() []byte
	msg  string
}{
	// The catalog lies in object stream 4, which the cross-reference
	// stream says lies in object stream 4: the library resolves 4 to
	// find 4, until the stack overflows.
	{"objstm-contains-itself.pdf", func() []byte {
		return objStmPDF(with(crashPage, map[int]string{4: objStm("", []int{1}, []string{catalog})}),
			map[int][2]int{1: {4, 0}, 4: {4, 0}}, "", "", false)
	}, "x: tệp PDF không đọc được: cấu trúc tệp lặp lại hoặc lồng nhau vô hạn (tràn ngăn xếp khi đọc)"},
	// Object streams 4 and 7 each said to lie in the other.
	{"objstm-contain-each-other.pdf", func() []byte {
		return objStmPDF(with(crashPage, map[int]string{4: objStm("", []int{1}, []string{catalog}), 7: objStm("", []int{8}, []string{"null"})}),
			map[int][2]int{1: {4, 0}, 4: {7, 0}, 7: {4, 0}}, "", "", false)
	}, "x: tệp PDF không đọc được: cấu trúc tệp lặp lại hoặc lồng nhau vô hạn (tràn ngăn xếp khi đọc)"},
	// The cross-reference stream's PNG predictor asks for rows of a
	// terabyte: the library allocates them before reading a byte.
	{"predictor-huge-columns.pdf", func() []byte {
		return objStmPDF(with(crashPage, map[int]string{1: catalog}), nil,
			"/DecodeParms << /Predictor 12 /Columns 1099511627775 >>", "", true)
	}, "x: tệp PDF không đọc được: đọc tệp đòi quá nhiều bộ nhớ (hơn 200 MB)"},
	// The cross-reference stream's /W gives a field of a terabyte.
	{"xref-huge-w.pdf", func() []byte {
		return objStmPDF(with(crashPage, map[int]string{1: catalog}), nil, "", "[1 1099511627775 2]", false)
	}, "x: tệp PDF không đọc được: đọc tệp đòi quá nhiều bộ nhớ (hơn 200 MB)"},
}

// TestCrashFixtures: each file that ended the process is now one file
// "không đọc được" with the reason, and the next file reads as before.
func TestCrashFixtures(t *testing.T) {
	good, err := os.ReadFile("testdata/bao-cao.pdf")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range crashRecipes {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel() // two worker processes each: their start-up overlaps
			path := filepath.Join("testdata", "crash", tc.file)
			if testenv.Update() {
				if err := os.WriteFile(path, tc.make(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(data, tc.make()) {
				t.Fatalf("%s differs from its recipe: go test -run TestCrashFixtures -update", path)
			}
			d, err := Read("x", data, Limits{})
			if err == nil || err.Error() != tc.msg {
				t.Fatalf("got %v (doc %v)\n want %q", err, d, tc.msg)
			}
			if _, err := Read("bao-cao.pdf", good, Limits{}); err != nil {
				t.Fatalf("the good file after it: %v", err)
			}
		})
	}
}

// boundRecipes are the PDFs that cost the whole 20 s budget or hundreds
// of MB before issue 26, each stopped at a bound of its own; the message
// names the bound.
var boundRecipes = []struct {
	name string
	make func() []byte
	msg  string
}{
	// Object streams 4 and 7 extend each other and neither holds the
	// catalog: the library searched along the chain for ever.
	{"objstm-extends-loop", func() []byte {
		return objStmPDF(with(crashPage, map[int]string{
			4: objStm("/Extends 7 0 R", []int{8}, []string{"null"}),
			7: objStm("/Extends 4 0 R", []int{9}, []string{"null"})}),
			map[int][2]int{1: {4, 0}, 8: {4, 0}, 9: {7, 0}}, "", "", false)
	}, "x: tệp PDF có cấu trúc bất thường (vòng lặp, lồng quá sâu hoặc quá nhiều đối tượng); không đọc"},
	// A page whose /Contents names 50,000 streams (2.8 s and 700 MB).
	{"contents-50000", func() []byte {
		objs := append([]string{}, pageObjs...)
		objs[2] = strings.Replace(objs[2], "/Contents 4 0 R", "/Contents ["+strings.Repeat("4 0 R ", 50_000)+"]", 1)
		return mkPDF(objs, "/Root 1 0 R", 6)
	}, "x: một trang PDF có quá nhiều phần nội dung (50000, tối đa 1000)"},
	// 100 pages, each with the 60 fonts of one shared resource dictionary.
	{"fonts-many", func() []byte {
		fonts := ""
		for i := 0; i < 60; i++ {
			fonts += fmt.Sprintf("/F%d 5 0 R ", i)
		}
		return manyPages(100, "<< /Font << "+fonts+">> >>", nil)
	}, "x: tệp PDF dùng quá nhiều phông chữ (hơn 5000 lượt trên các trang)"},
	// 100 pages, each with a font whose CMap inflates to 200 KB.
	{"cmaps-large", func() []byte {
		var z bytes.Buffer
		zw := zlib.NewWriter(&z)
		zw.Write(bytes.Repeat([]byte(" "), 200<<10))
		zw.Close()
		cmap := fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", z.Len(), z.Bytes())
		return manyPages(100, "<< /Font << /F1 7 0 R >> >>", []string{"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 8 0 R >>", cmap})
	}, "x: các bảng mã chữ của tệp PDF quá lớn (hơn 16 MB trên các trang)"},
}

// manyPages is a PDF of n pages sharing the resources res and the content
// of pageObjs, with more objects from number 7 on.
func manyPages(n int, res string, more []string) []byte {
	objs := append([]string{}, pageObjs...)
	objs = append(objs, res) // 6
	objs = append(objs, more...)
	kids := ""
	for i := 0; i < n; i++ {
		kids += fmt.Sprintf("%d 0 R ", len(objs)+1)
		objs = append(objs, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources 6 0 R >>")
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids, n)
	objs[2] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources 6 0 R >>"
	return mkPDF(objs, "/Root 1 0 R", len(objs)+1)
}

// TestPDFBounds: each class of costly PDF stops at its bound. The bounds
// are checked in process, where the test sees them: the worker would turn
// an unbounded file into a time limit instead.
func TestPDFBounds(t *testing.T) {
	pdfInWorker = false
	defer func() { pdfInWorker = true }()
	for _, tc := range boundRecipes {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Read("x", tc.make(), Limits{})
			if err == nil || err.Error() != tc.msg {
				t.Fatalf("got %v (doc %v)\n want %q", err, d, tc.msg)
			}
		})
	}
}
