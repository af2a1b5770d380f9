package xlsx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"tonghop/aggregate/archive/archivetest"
	"tonghop/aggregate/book"
)

// TestHostileFiles reads the aggregate package's hostile files.
func TestHostileFiles(t *testing.T) {
	dir := filepath.Join("..", "testdata", "hostile")
	for _, tc := range []struct {
		file string
		kind error // nil: read
	}{
		{"cong-thuc/UBND thanh pho Gia Nghia.xlsx", nil},
		{"vba/bao-cao-co-macro.xlsm", nil},
		{"khong-doc-duoc/cat-ngang.xlsx", ErrBroken},
		{"khong-doc-duoc/cong-van.xlsx", ErrNotXLSX},
		{"khong-doc-duoc/nen.xlsx", ErrNotXLSX},
		{"khong-doc-duoc/rong.xlsx", ErrNotXLSX},
		{"khong-doc-duoc/van-ban.xlsx", ErrNotXLSX},
		{"mat-khau/bao-cao-mat-khau.xlsx", ErrEncrypted},
	} {
		t.Run(tc.file, func(t *testing.T) {
			b, err := Read(readFile(t, filepath.Join(dir, tc.file)), Limits{})
			switch {
			case tc.kind == nil && (err != nil || b == nil):
				t.Fatalf("error %v", err)
			case tc.kind != nil && !errors.Is(err, tc.kind):
				t.Fatalf("error %v, want %v", err, tc.kind)
			}
		})
	}
}

// corpus reads the inputs of a go test fuzz corpus directory: each file is
// "go test fuzz v1" then one Go literal per argument.
func corpus(t testing.TB, dir string) [][]any {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]any
	for _, e := range entries {
		sc := bufio.NewScanner(bytes.NewReader(readFile(t, filepath.Join(dir, e.Name()))))
		sc.Buffer(nil, 1<<24)
		var args []any
		for sc.Scan() {
			line := sc.Text()
			open, close := strings.IndexByte(line, '('), strings.LastIndexByte(line, ')')
			if open < 0 || close < open {
				continue
			}
			lit := line[open+1 : close]
			switch line[:open] {
			case "[]byte":
				s, err := strconv.Unquote(lit)
				if err != nil {
					t.Fatalf("%s: %v", e.Name(), err)
				}
				args = append(args, []byte(s))
			case "byte", "uint8":
				if r, err := strconv.Unquote(lit); err == nil && strings.HasPrefix(lit, "'") && len(r) == 1 {
					args = append(args, r[0])
				} else if n, err := strconv.Atoi(lit); err == nil {
					args = append(args, uint8(n))
				} else {
					t.Fatalf("%s: %q", e.Name(), line)
				}
			}
		}
		out = append(out, args)
	}
	return out
}

// partTargets are the parts FuzzReadParts replaces, in the aggregate
// package's order, so that its corpus replays here.
var partTargets = []string{
	"xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml", "xl/sharedStrings.xml", "xl/workbook.xml",
	"xl/_rels/workbook.xml.rels", "[Content_Types].xml", "docProps/core.xml", "docProps/custom.xml", "xl/styles.xml",
}

// replacePart re-zips base with one part's content replaced.
func replacePart(t testing.TB, base []byte, name string, data []byte) []byte {
	t.Helper()
	return archivetest.ReplacePart(t, base, name, func(w io.Writer, _ []byte) { w.Write(data) })
}

// TestAggregateCorpora replays the aggregate package's fuzz corpora: an
// error or a Book that keeps the invariants, never a panic.
func TestAggregateCorpora(t *testing.T) {
	dir := filepath.Join("..", "testdata", "fuzz")
	for _, args := range corpus(t, filepath.Join(dir, "FuzzReadBytes")) {
		checkRead(t, args[0].([]byte), Limits{})
	}
	base := readFile(t, filepath.Join("testdata", "excelize.xlsx"))
	for _, args := range corpus(t, filepath.Join(dir, "FuzzReadParts")) {
		which, data := args[0].(uint8), args[1].([]byte)
		checkRead(t, replacePart(t, base, partTargets[int(which)%len(partTargets)], data), Limits{})
	}
}

// checkRead reads data without the recover and checks the invariants of
// what it returns.
func checkRead(t *testing.T, data []byte, lim Limits) *book.Book {
	t.Helper()
	b, err := read(data, lim)
	if err != nil {
		if b != nil {
			t.Fatalf("a book and an error %v", err)
		}
		if !errors.Is(err, ErrNotXLSX) && !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrBroken) {
			t.Fatalf("untyped error %#v", err)
		}
		return nil
	}
	lim = lim.withDefaults()
	if len(b.Sheets) > lim.MaxSheets || len(b.Names) > lim.MaxNames || len(b.Custom) > lim.MaxProps {
		t.Fatalf("%d sheets, %d names, %d properties", len(b.Sheets), len(b.Names), len(b.Custom))
	}
	total := 0
	for _, s := range b.Sheets {
		if s == nil || s.Cells == nil || len(s.Cells) > lim.MaxCells || len(s.Merges) > lim.MaxMerges {
			t.Fatalf("sheet %+v", s)
		}
		if total += len(s.Cells); total > lim.MaxBookCells {
			t.Fatalf("%d cells in the book", total)
		}
		for r, c := range s.Cells {
			if _, ok := book.ParseRef(r.String()); !ok {
				t.Fatalf("sheet %q: cell %v off the sheet", s.Name, r)
			}
			if c.Kind == book.Empty && c.Formula == "" {
				t.Fatalf("sheet %q: empty cell %v stored", s.Name, r)
			}
			if c.Kind == book.Number {
				if _, err := strconv.ParseFloat(c.Value, 64); err != nil {
					t.Fatalf("sheet %q: %v number %q", s.Name, r, c.Value)
				}
			}
		}
	}
	return b
}

// deflated is a zip whose sheet part is head, n bytes of unit repeated, tail,
// written through the deflater so that a few KB stand for megabytes.
func deflated(t testing.TB, head string, unit string, n int, tail string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestCompression) })
	for _, p := range [][2]string{
		{"xl/workbook.xml", workbookXML(`<sheet name="Báo cáo" sheetId="1" r:id="rId1"/>`, "")},
		{"xl/_rels/workbook.xml.rels", relsXML(`<Relationship Id="rId1" Type="` + relWS + `" Target="worksheets/sheet1.xml"/>`)},
	} {
		w, _ := zw.Create(p[0])
		w.Write([]byte(p[1]))
	}
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	w.Write([]byte(head))
	chunk := []byte(strings.Repeat(unit, max(1, 64<<10/len(unit))))
	for left := n / len(unit) * len(unit); left > 0; left -= len(chunk) {
		w.Write(chunk[:min(left, len(chunk))])
	}
	w.Write([]byte(tail))
	zw.Close()
	return buf.Bytes()
}

// TestBombs: the worst files an attacker can make within the limits cost
// bounded memory, counted in bytes allocated rather than time. One text
// token is buffered whole up to the part limit (4 MB), so about twice that
// is allocated while it grows.
func TestBombs(t *testing.T) {
	const open = `<worksheet ` + nsMain + `><sheetData><row r="1">`
	spaces := 256 << 20
	if testing.Short() {
		spaces = 16 << 20 // deflating 256 MB takes seconds
	}
	for _, tc := range []struct {
		name     string
		data     []byte
		kind     error
		maxAlloc uint64
	}{
		{"spaces past the part limit", deflated(t, open, " ", spaces, "</row></sheetData></worksheet>"), ErrTooLarge, 32 << 20},
		{"900,000 empty cells", deflated(t, `<worksheet `+nsMain+`><sheetData>`, "<row><c/><c/><c/><c/><c/><c/><c/><c/></row>", 4<<20-100, "</sheetData></worksheet>"), ErrTooLarge, 160 << 20},
		{"130,000 cells at XFD1048576", deflated(t, open, `<c r="XFD1048576"><v>1</v></c>`, 130_000*31, "</row></sheetData></worksheet>"), nil, 160 << 20},
		{"deep nesting", deflated(t, open, "<a>", 3<<20, ""), ErrTooLarge, 16 << 20},
		{"one huge attribute", deflated(t, open+`<c r="A1" t="`, "x", 4<<20-1000, `"/></row></sheetData></worksheet>`), nil, 40 << 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Logf("%d bytes zipped", len(tc.data))
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			b, err := read(tc.data, Limits{})
			runtime.ReadMemStats(&after)
			if tc.kind == nil && err != nil || tc.kind != nil && !errors.Is(err, tc.kind) {
				t.Fatalf("error %v, want %v", err, tc.kind)
			}
			if b != nil && len(b.Sheets[0].Cells) > 1 {
				t.Errorf("%d cells", len(b.Sheets[0].Cells))
			}
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("allocated %d KB", alloc>>10)
			if alloc > tc.maxAlloc {
				t.Errorf("allocated %d MB, bound %d MB", alloc>>20, tc.maxAlloc>>20)
			}
		})
	}
}
