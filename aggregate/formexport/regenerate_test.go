package formexport

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestMicrosoftXLSXRegenerate writes msforms.xlsx again with openpyxl and
// checks that its rows are those of the committed file. It needs python3
// with openpyxl (Debian's python3-openpyxl): skipped under -short or when
// missing, failing when missing and TONGHOP_REQUIRE_APPS=1.
func TestMicrosoftXLSXRegenerate(t *testing.T) {
	if testing.Short() {
		t.Skip("needs python3-openpyxl; skipped under -short")
	}
	// The python3 first on PATH (a pyenv shim, say) may lack the
	// system's openpyxl: try it, then the system's.
	var py string
	err := exec.ErrNotFound
	for _, cand := range []string{"python3", "/usr/bin/python3"} {
		if p, lerr := exec.LookPath(cand); lerr == nil {
			if err = exec.Command(p, "-c", "import openpyxl").Run(); err == nil {
				py = p
				break
			}
		}
	}
	if py == "" {
		if os.Getenv("TONGHOP_REQUIRE_APPS") == "1" {
			t.Fatalf("python3 with openpyxl is required (TONGHOP_REQUIRE_APPS=1): %v", err)
		}
		t.Skip("python3 with openpyxl is not installed")
	}
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
