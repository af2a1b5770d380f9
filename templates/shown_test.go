package templates

import (
	"errors"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tonghop/templates/testenv"
)

// TestCampaignAsShown: a campaign workbook tidied by a person — a title
// and a note above the header, blank spacer rows between and inside
// sections, each section's "Mục" and "Tên mục" merged down its rows — reads
// as the same campaign; a problem on such a sheet names the row the
// person sees. The edits are made by openpyxl (testdata/as-shown.py), as
// another program than tonghop's own writer.
func TestCampaignAsShown(t *testing.T) {
	py := testenv.NeedPython(t, "openpyxl")
	want, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	src, out, broken := filepath.Join(dir, "chien-dich.xlsx"), filepath.Join(dir, "da-sua.xlsx"), filepath.Join(dir, "sai.xlsx")
	if err := WriteCampaign(want, src); err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs("testdata/as-shown.py")
	if err != nil {
		t.Fatal(err)
	}
	printed, err := exec.Command(py, script, src, out, broken).Output()
	if err != nil {
		t.Fatalf("as-shown.py: %v", err)
	}
	got, err := Load(out)
	if err != nil {
		t.Fatalf("the tidied workbook does not load: %v", err)
	}
	if len(got.Indicators) != len(want.Indicators) || len(got.Units) != len(want.Units) {
		t.Fatalf("%d indicators, %d units; want %d, %d", len(got.Indicators), len(got.Units), len(want.Indicators), len(want.Units))
	}
	for i, ind := range got.Indicators {
		w := want.Indicators[i]
		if ind.ID != w.ID || ind.Section != w.Section || ind.SectionTitle != w.SectionTitle || ind.Label != w.Label || ind.Type != w.Type {
			t.Errorf("indicator %d: %s %s %q %q %s, want %s %s %q %q %s", i, ind.ID, ind.Section, ind.SectionTitle, ind.Label, ind.Type,
				w.ID, w.Section, w.SectionTitle, w.Label, w.Type)
		}
	}
	for i, u := range got.Units {
		if u.Code != want.Units[i].Code || u.Name != want.Units[i].Name {
			t.Errorf("unit %d: %s %s, want %s %s", i, u.Code, u.Name, want.Units[i].Code, want.Units[i].Name)
		}
	}

	row, err := strconv.Atoi(strings.TrimSpace(string(printed)))
	if err != nil {
		t.Fatalf("as-shown.py printed %q, want the row of C1", printed)
	}
	_, err = Load(broken)
	var ps Problems
	if !errors.As(err, &ps) || len(ps) == 0 {
		t.Fatalf("misspelt type: %v, want problems", err)
	}
	// The rules that read C1 fail after it as well; the first problem is
	// the type's.
	if p := ps[0]; p.Sheet != tableIndicators.sheet || p.Row != row || p.Column != "Kiểu" || !strings.Contains(p.Msg, "Số thực") {
		t.Errorf("problem %q, want it on sheet %s, row %d (as shown), column Kiểu", p, tableIndicators.sheet, row)
	}
}

// TestAsShown: merged areas spread their value, spacer rows inside them
// are blank again, and the header row is found under a title.
func TestAsShown(t *testing.T) {
	merge := func(from, to string) excelize.MergeCell { return excelize.MergeCell{from + ":" + to, ""} }
	rows := [][]string{
		{"DANH MỤC CHỈ TIÊU"},
		{},
		{"Mã", "Mục", "Tên mục", "Nội dung"},
		{"A1", "A", "Trang tin", "Có trang"},
		{"A2", "", "", "Có banner"},
		{},
		{"", "", "", ""},
		{"B1", "B", "Hồ sơ", "Số hồ sơ"},
	}
	got := asShown(rows, []excelize.MergeCell{merge("A1", "D1"), merge("B4", "B7"), merge("C4", "C7")})
	want := [][]string{
		{"DANH MỤC CHỈ TIÊU", "DANH MỤC CHỈ TIÊU", "DANH MỤC CHỈ TIÊU", "DANH MỤC CHỈ TIÊU"},
		{},
		{"Mã", "Mục", "Tên mục", "Nội dung"},
		{"A1", "A", "Trang tin", "Có trang"},
		{"A2", "A", "Trang tin", "Có banner"},
		nil,
		nil,
		{"B1", "B", "Hồ sơ", "Số hồ sơ"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("asShown:\n got %q\nwant %q", got, want)
	}
	if h := headerRow(tableIndicators, got); h != 2 {
		t.Errorf("header row %d, want 2 (under the title)", h)
	}
	if h := headerRow(tableIndicators, [][]string{{"x"}, {"y"}}); h != 0 {
		t.Errorf("no header anywhere: row %d, want 0 (its problems then name the columns)", h)
	}
}
