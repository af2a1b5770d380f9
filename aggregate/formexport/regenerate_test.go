package formexport

import (
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
	"tonghop/templates/testenv"

	"github.com/xuri/excelize/v2"
)

// TestMicrosoftXLSXRegenerate writes msforms.xlsx again with openpyxl and
// checks that its rows are those of the committed file. It needs python3
// with openpyxl (Debian's python3-openpyxl): skipped under -short or when
// missing (testenv.NeedPython).
func TestMicrosoftXLSXRegenerate(t *testing.T) {
	py := testenv.NeedPython(t, "openpyxl")
	script, err := filepath.Abs("testdata/make-msforms.py")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cmd := exec.Command(py, script)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make-msforms.py: %v\n%s", err, out)
	}
	rows := func(path string) [][]string {
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		r, err := f.GetRows("Sheet1", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if got, want := rows(filepath.Join(dir, "msforms.xlsx")), rows("testdata/msforms.xlsx"); !reflect.DeepEqual(got, want) {
		t.Errorf("regenerated rows differ:\n got %q\nwant %q", got, want)
	}
}
