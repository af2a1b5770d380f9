package xlsx

import (
	"bytes"
	"fmt"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tonghop/aggregate/book"
)

// TestDifferential reads every real-client workbook with Read and with
// excelize and wants the same sheets, cells, formulas, names, date system,
// modified time and custom properties.
func TestDifferential(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files,
		// The aggregate package's own real-client and hostile files.
		filepath.Join("..", "testdata", "read", "go-lai-libreoffice.xlsx"),
		filepath.Join("..", "testdata", "hostile", "cong-thuc", "UBND thanh pho Gia Nghia.xlsx"),
		filepath.Join("..", "testdata", "hostile", "vba", "bao-cao-co-macro.xlsm"))
	if len(files) < 8 {
		t.Fatalf("only %d files: %v", len(files), files)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) { compareExcelize(t, readFile(t, path)) })
	}
}

// TestDifferentialSamples compares Read with excelize on the repository's
// sample returns (samples/bao-cao: 127 .xlsx files with every kind of
// problem a unit makes), read where they lie.
func TestDifferentialSamples(t *testing.T) {
	var files []string
	filepath.WalkDir(filepath.Join("..", "..", "samples", "bao-cao"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".xlsx") || strings.HasSuffix(p, ".xlsm")) {
			files = append(files, p)
		}
		return nil
	})
	if len(files) == 0 {
		t.Skip("no samples/bao-cao")
	}
	for _, p := range files {
		t.Run(filepath.Base(p), func(t *testing.T) { compareExcelize(t, readFile(t, p)) })
	}
}

// compareExcelize checks Read against excelize's view of the same bytes.
func compareExcelize(t *testing.T, data []byte) {
	t.Helper()
	b, err := Read(data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	list := f.GetSheetList()
	if len(list) != len(b.Sheets) {
		t.Fatalf("sheets %d, excelize %d", len(b.Sheets), len(list))
	}
	shared := 0
	for i, s := range b.Sheets {
		if s.Name != list[i] {
			t.Errorf("sheet %d %q, excelize %q", i, s.Name, list[i])
			continue
		}
		if vis, _ := f.GetSheetVisible(s.Name); vis != (s.State == book.Visible) {
			t.Errorf("sheet %q state %d, excelize visible %v", s.Name, s.State, vis)
		}
		shared += compareCells(t, f, b, s)
		compareMerges(t, f, s)
	}
	if shared > 0 {
		t.Logf("%d shared-formula followers (formula left empty by design)", shared)
	}
	compareNames(t, f, b)
	compareProps(t, f, b)
}

// compareCells compares the union of the cells excelize shows and ours;
// it returns the shared-formula followers, whose formula Read leaves empty.
func compareCells(t *testing.T, f *excelize.File, b *book.Book, s *book.Sheet) (shared int) {
	t.Helper()
	rows, err := f.GetRows(s.Name)
	if err != nil {
		t.Fatalf("excelize GetRows %q: %v", s.Name, err)
	}
	refs := map[book.Ref]bool{}
	for r := range s.Cells {
		refs[r] = true
	}
	for i, row := range rows {
		for j, v := range row {
			if v != "" {
				refs[book.Ref{Row: i + 1, Col: j + 1}] = true
			}
		}
	}
	for r := range refs {
		name := r.String()
		got := s.Cells[r]
		val, err1 := f.GetCellValue(s.Name, name)
		formula, err2 := f.GetCellFormula(s.Name, name)
		typ, err3 := f.GetCellType(s.Name, name)
		if err1 != nil || err2 != nil || err3 != nil {
			t.Errorf("%s!%s: excelize %v %v %v", s.Name, name, err1, err2, err3)
			continue
		}
		want := book.Cell{Value: val, Formula: formula}
		switch {
		case val == "":
		case typ == excelize.CellTypeBool:
			want.Kind = book.Bool
		case typ == excelize.CellTypeError:
			want.Kind = book.Error
		case typ == excelize.CellTypeDate:
			want.Kind, want.Value = book.Number, excelSerial(t, val, b.Date1904)
		case typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset:
			want.Kind = book.Number
			if _, err := strconv.ParseFloat(val, 64); err != nil {
				want.Kind = book.String
			}
		default:
			want.Kind = book.String
		}
		if want.Kind == book.Number {
			want.Format = excelizeFormat(t, f, s.Name, name)
		}
		if got.Formula == "" && formula != "" && got.Kind == want.Kind && got.Value == want.Value {
			shared++
			want.Formula = ""
		}
		if got != want {
			t.Errorf("%s!%s = %+v, excelize %+v (type %v)", s.Name, name, got, want, typ)
		}
	}
	return shared
}

// excelizeFormat is the number format excelize finds for a cell: its
// style's built-in id or custom code, classified as the reader does. It
// checks the reader's way from the s attribute to the code (cellXfs,
// numFmts), not the classification itself (TestFormatOf does).
func excelizeFormat(t *testing.T, f *excelize.File, sheet, cell string) book.Format {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatalf("excelize GetCellStyle %s!%s: %v", sheet, cell, err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatalf("excelize GetStyle %d: %v", id, err)
	}
	if st.CustomNumFmt != nil {
		return formatOf(*st.CustomNumFmt)
	}
	return builtinFormat(st.NumFmt)
}

// excelSerial is excelize's serial of an ISO date, for t="d" cells.
func excelSerial(t *testing.T, iso string, date1904 bool) string {
	for _, layout := range isoLayouts {
		if tm, err := time.Parse(layout, iso); err == nil {
			x, err := excelize.ExcelDateToTime(0, date1904)
			if err != nil {
				t.Fatal(err)
			}
			return strconv.FormatFloat(tm.Sub(x).Hours()/24, 'f', -1, 64)
		}
	}
	return iso
}

func compareMerges(t *testing.T, f *excelize.File, s *book.Sheet) {
	t.Helper()
	mc, err := f.GetMergeCells(s.Name)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, m := range mc {
		want = append(want, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	var got []string
	for _, m := range s.Merges {
		got = append(got, m.From.String()+":"+m.To.String())
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("sheet %q merges %v, excelize %v", s.Name, got, want)
	}
}

func compareNames(t *testing.T, f *excelize.File, b *book.Book) {
	t.Helper()
	var want []book.Name
	for _, dn := range f.GetDefinedName() {
		n := book.Name{Name: dn.Name, Scope: dn.Scope, RefersTo: dn.RefersTo}
		if n.Scope == "Workbook" {
			n.Scope = ""
		}
		want = append(want, n)
	}
	if fmt.Sprintf("%q", b.Names) != fmt.Sprintf("%q", want) {
		t.Errorf("names\n got %q\nwant %q", b.Names, want)
	}
}

func compareProps(t *testing.T, f *excelize.File, b *book.Book) {
	t.Helper()
	wp, err := f.GetWorkbookProps()
	if err != nil {
		t.Fatal(err)
	}
	if (wp.Date1904 != nil && *wp.Date1904) != b.Date1904 {
		t.Errorf("date1904 %v, excelize %v", b.Date1904, wp.Date1904)
	}
	dp, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if m := parseTime(dp.Modified); !m.Equal(b.Modified) || dp.Modified != "" && m.IsZero() {
		t.Errorf("modified %v, excelize %q", b.Modified, dp.Modified)
	}
	cp, err := f.GetCustomProps()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, p := range cp {
		want[p.Name] = fmt.Sprint(p.Value)
		if v, ok := p.Value.(bool); ok && (b.Custom[p.Name] == "1") == v && (b.Custom[p.Name] == "0") == !v {
			want[p.Name] = b.Custom[p.Name] // <vt:bool>1</vt:bool>, kept as text
		}
	}
	if len(want) == 0 {
		want = nil
	}
	if fmt.Sprint(want) != fmt.Sprint(b.Custom) {
		t.Errorf("custom %v, excelize %v", b.Custom, want)
	}
}
