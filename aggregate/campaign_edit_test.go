package aggregate_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tonghop/aggregate"
	"tonghop/aggregate/aggregatetest/returned"
	"tonghop/aggregate/summary"
	"tonghop/templates"
	"tonghop/templates/vn"
)

// TestEditedCampaignDrivesGenerateAndMerge edits the campaign workbook the
// way an officer does in Excel — a commune added, the deadline moved, an
// indicator added — with excelize rather than the code under test, and
// checks that generate and merge follow the edited campaign, not the
// embedded one.
func TestEditedCampaignDrivesGenerateAndMerge(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	def, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "chien-dich.xlsx")
	if err := templates.WriteCampaign(def, path); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	appendRow := func(sheet string, values ...any) {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		cell, _ := excelize.CoordinatesToCellName(1, len(rows)+1)
		if err := f.SetSheetRow(sheet, cell, &values); err != nil {
			t.Fatal(err)
		}
	}
	appendRow("Đơn vị", "UBX-99999", "UBND xã Thử Nghiệm", "UBX", "UBH-660", "99999", "", "")
	appendRow("Chỉ tiêu", "D6", "D", "Hệ thống thông tin cơ sở", "Buổi tuyên truyền lưu động", "buổi", "Số nguyên", "UBH; UBX", 0, "", "Có", "", "Số buổi tuyên truyền lưu động.")
	rows, err := f.GetRows("Chiến dịch")
	if err != nil {
		t.Fatal(err)
	}
	moved := false
	for i, row := range rows {
		if len(row) > 0 && row[0] == "han_so_lieu" {
			cell, _ := excelize.CoordinatesToCellName(2, i+1)
			if err := f.SetCellStr("Chiến dịch", cell, "20/04/2024"); err != nil {
				t.Fatal(err)
			}
			moved = true
		}
	}
	if !moved {
		t.Fatal("no han_so_lieu row in the campaign workbook")
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	c, err := templates.Load(path)
	if err != nil {
		t.Fatal(err)
	}

	// Generate: the new commune gets a workbook with the new indicator.
	out := filepath.Join(dir, "bieu-mau")
	if _, err := templates.Generate(c, templates.GenerateOptions{OutDir: out, Units: []string{"UBX-99999"}}); err != nil {
		t.Fatal(err)
	}
	gen, err := excelize.OpenFile(filepath.Join(out, templates.FileName(c.Unit("UBX-99999"))))
	if err != nil {
		t.Fatal(err)
	}
	hasD6 := false
	for _, dn := range gen.GetDefinedName() {
		hasD6 = hasD6 || dn.Name == templates.IndicatorName("D6")
	}
	gen.Close()
	if !hasD6 {
		t.Error("the new commune's workbook has no CT_D6")
	}

	// Merge: a report dated 10/04/2024 is late for the embedded campaign
	// (before 05/04) and on time for the edited one (before 20/04); the
	// new commune is expected and its D6 is summed.
	in := filepath.Join(dir, "nhan-ve")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	vals := returned.CleanValues()
	vals[templates.NameReportDate] = vn.Serial(returned.Day(2024, 4, 10))
	vals["D6"] = 2 // required by the edited campaign
	newVals := returned.CleanValues()
	newVals["D6"] = 4
	paths := []string{
		returned.Save(t, c, "UBX-24611", vals, nil, in, "nghia-duc.xlsx"),
		returned.Save(t, c, "UBX-99999", newVals, nil, in, "thu-nghiem.xlsx"),
	}
	asOf := time.Date(2024, 4, 25, 0, 0, 0, 0, time.UTC)
	res := aggregate.Input{Paths: paths}.Merge(c, aggregate.MergeOptions{AsOf: asOf, Root: in})
	status := map[string]aggregate.Status{}
	for _, ur := range res.Units {
		status[ur.Unit.Code] = ur.Status
	}
	if len(res.Units) != 131 {
		t.Errorf("expected units %d, want 131", len(res.Units))
	}
	if status["UBX-24611"] != aggregate.StatusOnTime || status["UBX-99999"] != aggregate.StatusOnTime {
		t.Errorf("edited campaign: UBX-24611 %s, UBX-99999 %s, want both đúng hạn", status["UBX-24611"].Label(), status["UBX-99999"].Label())
	}
	if got := summary.Of(res).Province.Totals["D6"]; got.Sum != 6 || got.Answered != 2 {
		t.Errorf("D6 total %+v, want 2 + 4 from two reports", got)
	}

	// The embedded campaign reads the same existing unit's file as late.
	res = aggregate.Input{Paths: paths[:1]}.Merge(def, aggregate.MergeOptions{AsOf: asOf, Root: in})
	for _, ur := range res.Units {
		if ur.Unit.Code == "UBX-24611" && ur.Status != aggregate.StatusLate {
			t.Errorf("embedded campaign: UBX-24611 %s, want muộn", ur.Status.Label())
		}
	}
}
