package xlsx

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tonghop/templates/testenv"
)

// The real-client fixtures, all made from testdata/template.xlsx (a form
// written by `go run . generate`): excelize.xlsx is filled by fillExcelize;
// libreoffice.xlsx and gnumeric.xlsx are excelize.xlsx re-saved by soffice
// and ssconvert; openpyxl.xlsx is the template filled by
// testdata/fill_openpyxl.py.
var fixtures = []struct {
	file string
	app  string // the program that writes it, "" for excelize
	make func(t *testing.T, dir string) []byte
}{
	{"excelize.xlsx", "", func(t *testing.T, dir string) []byte { return fillExcelize(t) }},
	{"libreoffice.xlsx", "soffice", func(t *testing.T, dir string) []byte {
		in := filepath.Join(dir, "in.xlsx")
		writeFile(t, in, fillExcelize(t))
		out := filepath.Join(dir, "out")
		return readFile(t, testenv.Convert(t, in, "xlsx", out))
	}},
	{"gnumeric.xlsx", "ssconvert", func(t *testing.T, dir string) []byte {
		in, out := filepath.Join(dir, "in.xlsx"), filepath.Join(dir, "out.xlsx")
		writeFile(t, in, fillExcelize(t))
		testenv.Run(t, testenv.Command(t, "ssconvert", in, out))
		return readFile(t, out)
	}},
	{"openpyxl.xlsx", "python3", func(t *testing.T, dir string) []byte {
		out := filepath.Join(dir, "out.xlsx")
		testenv.Run(t, exec.Command(testenv.NeedPython(t, "openpyxl"), filepath.Join("testdata", "fill_openpyxl.py"), filepath.Join("testdata", "template.xlsx"), out))
		return readFile(t, out)
	}},
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t testing.TB, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// fillExcelize fills the template through its defined names and adds what
// the reader must cope with: formulas without cached values, an error, a
// boolean, NFD text, a hidden sheet whose name has a quote, a sheet-scoped
// duplicate name, a name to #REF!, merged cells and the 1904 date system.
func fillExcelize(t testing.TB) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(readFile(t, filepath.Join("testdata", "template.xlsx"))))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	at := map[string][2]string{}
	for _, dn := range f.GetDefinedName() {
		if s, c, ok := strings.Cut(dn.RefersTo, "!"); ok {
			at[dn.Name] = [2]string{strings.ReplaceAll(strings.Trim(s, "'"), "''", "'"), strings.ReplaceAll(c, "$", "")}
		}
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for name, v := range map[string]any{
		"CT_A1": "Có", "CT_A2": "có", "CT_A3": time.Date(2023, 12, 20, 0, 0, 0, 0, time.UTC), "CT_A5": 7, "CT_A6": "1.234",
		"CT_A7": 0, "CT_B1": 2.5, "CT_B2": true, "CT_C1": 40, "CT_D1": 5,
		"CT_F1": "Đa\u0306\u0301k Nông: triển khai\nđầy đủ", "CT_F2": "  Không có  ", "NBC_HO_TEN": "Nguyễn Văn An",
		"NBC_NGAY": time.Date(2024, 4, 2, 9, 30, 0, 0, time.UTC),
	} {
		p, ok := at[name]
		if !ok {
			t.Fatalf("template has no %s", name)
		}
		must(f.SetCellValue(p[0], p[1], v))
	}
	must(f.SetCellFormula(at["CT_C2"][0], at["CT_C2"][1], "CT_C1-5"))
	must(f.SetCellFormula(at["CT_D2"][0], at["CT_D2"][1], "CT_D1*2.5"))
	must(f.SetCellFormula(at["CT_B3"][0], at["CT_B3"][1], "1/0"))
	must(f.SetCellFormula(at["CT_B4"][0], at["CT_B4"][1], `"Có"&""`))
	sh := "It's"
	_, err = f.NewSheet(sh)
	must(err)
	must(f.SetCellValue(sh, "A1", false))
	must(f.SetCellValue(sh, "B2", 0.1))
	must(f.SetCellValue(sh, "C3", "x_x000D_y"))
	must(f.SetCellValue(sh, "XFD3", "xa")) // column XFD: excelize fills every row above a cell, so not row 1048576
	must(f.MergeCell(sh, "A5", "C6"))
	must(f.SetSheetVisible(sh, false))
	must(f.SetDefinedName(&excelize.DefinedName{Name: "CT_A1", RefersTo: "'It''s'!$A$1", Scope: sh}))
	must(f.SetDefinedName(&excelize.DefinedName{Name: "Mat", RefersTo: "#REF!"}))
	yes := true
	must(f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}))
	must(f.SetDocProps(&excelize.DocProperties{Modified: "2024-04-02T09:45:00Z", Created: "2023-12-15T00:00:00Z", Creator: "test"}))
	must(f.SetCustomProps(excelize.CustomProperty{Name: "so", Value: int32(7)}))
	must(f.SetCustomProps(excelize.CustomProperty{Name: "co", Value: true}))
	var buf bytes.Buffer
	must(f.Write(&buf))
	return buf.Bytes()
}

// dump is a Book's content without what a writer stamps on each save.
func dump(t testing.TB, data []byte) string {
	t.Helper()
	b, err := Read(data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return dumpBook(b, false)
}

// TestFixtures rebuilds each fixture with the program that wrote it and
// checks that it reads the same as the committed one (with -update, it
// rewrites the committed one). TestGolden then says what the committed one
// reads as.
func TestFixtures(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.file, func(t *testing.T) {
			data := fx.make(t, t.TempDir())
			path := filepath.Join("testdata", fx.file)
			if testenv.Update() {
				writeFile(t, path, data)
				return
			}
			if got, want := dump(t, data), dump(t, readFile(t, path)); got != want {
				t.Errorf("%s re-made by %s reads differently from the committed one (go test -update rewrites it):\n got %s\nwant %s", fx.file, fx.app, got, want)
			}
		})
	}
}
