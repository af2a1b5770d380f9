package templates

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"tonghop/templates/testenv"
	"tonghop/templates/vn"

	"github.com/xuri/excelize/v2"
)

// campaignSoffice returns a function that runs LibreOffice headless
// (testenv.Office) with args.
func campaignSoffice(t *testing.T) func(args ...string) {
	t.Helper()
	testenv.NeedApp(t, "soffice")
	return func(args ...string) {
		t.Helper()
		testenv.Run(t, testenv.Office(t, args...))
	}
}

// TestCampaignWorkbookLibreOffice checks the init workbook against another
// office suite: LibreOffice converts every sheet, its re-save loads back to
// the same campaign, and an edit LibreOffice writes is read.
func TestCampaignWorkbookLibreOffice(t *testing.T) {
	run := campaignSoffice(t)
	want := mustDefault(t)
	path := writeDefault(t)

	t.Run("every sheet to CSV", func(t *testing.T) {
		out := t.TempDir()
		// Tokens: comma, double quote, UTF-8, from line 1, …, cells as
		// shown (dates dd/mm/yyyy), …, -1 for every sheet.
		run("--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1", "--outdir", out, path)
		sheets := map[string][][]string{}
		for _, tb := range tables {
			name := filepath.Join(out, "chien-dich-"+tb.sheet+".csv")
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatalf("sheet %s not converted: %v", tb.sheet, err)
			}
			r := csv.NewReader(strings.NewReader(string(b)))
			r.FieldsPerRecord = -1
			rows, err := r.ReadAll()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if !reflect.DeepEqual(rows[0], headerTexts(tb)) {
				t.Errorf("%s header %q", tb.sheet, rows[0])
			}
			sheets[tb.sheet] = rows
		}
		if n := len(sheets[tableUnits.sheet]) - 1; n != len(want.Units) {
			t.Errorf("%d units in the CSV, want %d", n, len(want.Units))
		}
		if n := len(sheets[tableIndicators.sheet]) - 1; n != len(want.Indicators) {
			t.Errorf("%d indicators in the CSV, want %d", n, len(want.Indicators))
		}
		find := func(sheet, first string) []string {
			for _, r := range sheets[sheet] {
				if r[0] == first {
					return r
				}
			}
			t.Errorf("%s: no row %s", sheet, first)
			return make([]string, 12)
		}
		if r := find(tableMeta.sheet, "han_so_lieu"); r[1] != "05/04/2024" {
			t.Errorf("han_so_lieu shown as %q", r[1])
		}
		if r := find(tableIndicators.sheet, "A3"); r[7] != "16/08/2023" || r[8] != "31/01/2024" || r[10] != "A2" {
			t.Errorf("A3 row %q", r)
		}
		if r := find(tableUnits.sheet, "UBX-24643"); r[2] != "UBX" || r[3] == "" {
			t.Errorf("UBX-24643 row %q", r)
		}
		if r := find(tableRules.sheet, "R1"); r[2] != "C2 <= C1" || r[3] != "Lỗi" {
			t.Errorf("R1 row %q", r)
		}
	})

	t.Run("re-saved by LibreOffice", func(t *testing.T) {
		out := t.TempDir()
		run("--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, path)
		got, err := Load(filepath.Join(out, "chien-dich.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(exported(want), exported(got)) {
			t.Error("the workbook re-saved by LibreOffice reads as another campaign")
		}
		f, err := excelize.OpenFile(filepath.Join(out, "chien-dich.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		dvs, _ := f.GetDataValidations(tableIndicators.sheet)
		if len(dvs) != 4 { // Kiểu, Nhóm, Bắt buộc, Cách tính tổng
			t.Errorf("%d drop-downs left on %s after LibreOffice, want 4", len(dvs), tableIndicators.sheet)
		}
	})

	t.Run("edited in LibreOffice", func(t *testing.T) {
		// LibreOffice writes a flat ODS (XML text); the test edits that
		// text as a person would edit cells — a commune added after the
		// last unit, the data deadline moved — and LibreOffice writes it
		// back as .xlsx.
		dir := t.TempDir()
		run("--convert-to", "fods", "--outdir", dir, path)
		fods := filepath.Join(dir, "chien-dich.fods")
		b, err := os.ReadFile(fods)
		if err != nil {
			t.Fatal(err)
		}
		doc := string(b)

		last := want.Units[len(want.Units)-1]
		at := strings.Index(doc, "<text:p>"+last.Code+"</text:p>")
		if at < 0 {
			t.Fatalf("unit %s not in the flat ODS", last.Code)
		}
		start := strings.LastIndex(doc[:at], "<table:table-row")
		end := at + strings.Index(doc[at:], "</table:table-row>") + len("</table:table-row>")
		row := doc[start:end]
		row = strings.Replace(row, "<text:p>"+last.Code+"</text:p>", "<text:p>UBX-99998</text:p>", 1)
		row = strings.Replace(row, "<text:p>"+last.Name+"</text:p>", "<text:p>UBND xã Thử Nghiệm</text:p>", 1)
		doc = doc[:end] + row + doc[end:]

		old := `office:date-value="2024-04-05" calcext:value-type="date">` + "\n      <text:p>05/04/2024</text:p>"
		if !strings.Contains(doc, old) {
			t.Fatalf("data deadline cell not found in the flat ODS")
		}
		doc = strings.Replace(doc, old, strings.NewReplacer("2024-04-05", "2024-04-19", "05/04/2024", "19/04/2024").Replace(old), 1)
		edited := filepath.Join(dir, "sua.fods")
		if err := os.WriteFile(edited, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		out := t.TempDir()
		run("--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, edited)
		c, err := Load(filepath.Join(out, "sua.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		u := c.Unit("UBX-99998")
		if u == nil || u.Name != "UBND xã Thử Nghiệm" || u.Group != "UBX" || u.Parent != last.Parent {
			t.Fatalf("added unit %+v", u)
		}
		if len(c.UnitsOf("UBX")) != len(want.UnitsOf("UBX"))+1 {
			t.Errorf("UBX has %d units", len(c.UnitsOf("UBX")))
		}
		if got := vn.Date(c.DataDeadline); got != "19/4/2024" {
			t.Errorf("data deadline %s, want 19/04/2024", got)
		}
		// Nothing else changed.
		c.Units = c.Units[:len(c.Units)-1]
		c.DataDeadline = want.DataDeadline
		if !reflect.DeepEqual(exported(want), exported(c)) {
			t.Error("the LibreOffice edit changed more than the unit and the deadline")
		}
	})
}

// headerTexts returns the Vietnamese headers of a table.
func headerTexts(tb *table) []string {
	h := make([]string, len(tb.cols))
	for i, c := range tb.cols {
		h[i] = c.header
	}
	return h
}

// libreOfficeFixture is testdata/campaign/libreoffice-sua.xlsx, read when
// the test binary starts.
var libreOfficeFixture, libreOfficeFixtureErr = os.ReadFile(filepath.Join("testdata", "campaign", "libreoffice-sua.xlsx"))

// TestLibreOfficeFixture reads a campaign workbook written by LibreOffice
// 7.4 (testdata/campaign/libreoffice-sua.xlsx), so that a workbook of another
// writer is read even where LibreOffice is not installed. It was made as the
// "edited in LibreOffice" subtest does: the init workbook converted to flat
// ODS, the commune UBX-99998 "UBND xã Thử Nghiệm" (GSO 99998) added after
// UBX-24748 and han_so_lieu moved to 19/04/2024, then converted to .xlsx.
func TestLibreOfficeFixture(t *testing.T) {
	// Read from a copy taken when the test binary started: in one CI run
	// (go test -race ./... with LibreOffice) the committed file was
	// reported missing by the time this test ran, and the cause was not
	// found; the copy makes the test about reading the workbook.
	if libreOfficeFixtureErr != nil {
		t.Fatal(libreOfficeFixtureErr)
	}
	path := filepath.Join(t.TempDir(), "libreoffice-sua.xlsx")
	if err := os.WriteFile(path, libreOfficeFixture, 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	u := c.Unit("UBX-99998")
	want := Unit{Code: "UBX-99998", Name: "UBND xã Thử Nghiệm", Group: "UBX", Parent: "UBH-667", GSOCode: "99998"}
	if u == nil || !reflect.DeepEqual(*u, want) {
		t.Fatalf("unit %+v, want %+v", u, want)
	}
	if got := vn.Date(c.DataDeadline); got != "19/4/2024" {
		t.Errorf("data deadline %s", got)
	}
	if got := vn.Date(c.PeriodStart) + " " + vn.Date(c.PeriodEnd); got != "15/12/2023 31/01/2024" {
		t.Errorf("period %s", got)
	}
	if len(c.Units) != 131 || len(c.UnitsOf("UBX")) != 72 || len(c.Children("UBH-667")) != 7 {
		t.Errorf("units %d, UBX %d, under UBH-667 %d", len(c.Units), len(c.UnitsOf("UBX")), len(c.Children("UBH-667")))
	}
	a3 := c.Indicator("A3")
	if a3 == nil || a3.MinDate == nil || vn.Date(*a3.MinDate) != "16/8/2023" || a3.RequiredWhen != "A2" {
		t.Errorf("A3 = %+v", a3)
	}
}
