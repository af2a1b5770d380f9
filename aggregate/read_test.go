package aggregate

import (
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tonghop/templates"
)

func rdCampaign(t testing.TB) *templates.Campaign {
	t.Helper()
	c, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func rdDate(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// cleanValues are a valid filling of a UBX (commune) form: what a unit
// types, as the cell would hold it (numbers, "Có"/"Không", date serials).
func cleanValues() map[string]any {
	return map[string]any{
		"A1": "Có", "A2": "Có", "A3": templates.DateToSerial(rdDate(2023, 12, 15)), "A4": "Có",
		"A5": 12, "A6": 5, "A7": 3,
		"B1": 2, "B2": "Có", "B3": 20, "B4": 7,
		"C1": 40, "C2": 35,
		"D1": 15, "D2": 120.5, "D3": 1, "D4": 30, "D5": 12,
		"F1": "Đã triển khai đầy đủ.", "F2": "", "F3": "Không",
		templates.NameReporterName:  "Nguyễn Văn A",
		templates.NameReporterTitle: "Công chức Văn hóa - Xã hội",
		templates.NameReporterPhone: "0912345678",
		templates.NameReporterEmail: "a@example.vn",
		templates.NameReportDate:    templates.DateToSerial(rdDate(2024, 3, 20)),
	}
}

// nameCell returns the cell a defined name of f refers to.
func nameCell(t testing.TB, f *excelize.File, name string) (sheet, cell string) {
	t.Helper()
	for _, dn := range f.GetDefinedName() {
		if dn.Name == name {
			ref, ok := parseRefersTo(dn.RefersTo)
			if !ok || ref.Broken {
				t.Fatalf("name %s refers to %q", name, dn.RefersTo)
			}
			return ref.Sheet, ref.Cell
		}
	}
	t.Fatalf("no defined name %s", name)
	return "", ""
}

// fill sets values through the defined names (CT_<id> for indicators, the
// name itself for the reporter block).
func fill(t testing.TB, f *excelize.File, vals map[string]any) {
	t.Helper()
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		name := k
		if !strings.HasPrefix(k, "NBC_") {
			name = templates.IndicatorName(k)
		}
		sheet, cell := nameCell(t, f, name)
		v := vals[k]
		if s, ok := v.(string); ok && s == "" {
			continue
		}
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
}

// workbook generates the unit's template, fills it, lets edit change it,
// and saves it under dir with the file name given.
func workbook(t testing.TB, c *templates.Campaign, code string, vals map[string]any, edit func(f *excelize.File), dir, name string) string {
	t.Helper()
	u := c.Unit(code)
	if u == nil {
		t.Fatalf("no unit %s", code)
	}
	f, err := c.Template(u)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fill(t, f, vals)
	if edit != nil {
		edit(f)
	}
	path := filepath.Join(dir, name)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// issueLines renders issues as "severity|sheet|cell|indicator|message" for
// exact comparison.
func issueLines(is Issues) []string {
	out := []string{}
	for _, i := range is {
		out = append(out, fmt.Sprintf("%s|%s|%s|%s|%s", i.Severity.Label(), i.Sheet, i.Cell, i.Indicator, i.Msg))
	}
	return out
}

func TestReadCleanTemplate(t *testing.T) {
	c := rdCampaign(t)
	dir := t.TempDir()
	path := workbook(t, c, "UBX-24611", cleanValues(), nil, dir, "bc.xlsx")
	r := ReadFile(c, path, ReadOptions{})
	if len(r.Issues) > 0 || r.Rejected {
		t.Fatalf("issues:\n%s", strings.Join(issueLines(r.Issues), "\n"))
	}
	if r.Unit == nil || r.Unit.Code != "UBX-24611" {
		t.Fatalf("unit %v", r.Unit)
	}
	got := map[string]any{}
	for id, v := range r.Values {
		got[id] = v.Any()
	}
	want := map[string]any{
		"A1": true, "A2": true, "A3": rdDate(2023, 12, 15), "A4": true,
		"A5": 12.0, "A6": 5.0, "A7": 3.0, "B1": 2.0, "B2": true, "B3": 20.0, "B4": 7.0,
		"C1": 40.0, "C2": 35.0, "D1": 15.0, "D2": 120.5, "D3": 1.0, "D4": 30.0, "D5": 12.0,
		"F1": "Đã triển khai đầy đủ.", "F2": nil, "F3": "Không",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("values\n got %v\nwant %v", got, want)
	}
	wantRep := Reporter{Name: "Nguyễn Văn A", Title: "Công chức Văn hóa - Xã hội", Phone: "0912345678", Email: "a@example.vn", Date: rdDate(2024, 3, 20)}
	gotRep := r.Reporter
	gotRep.DateSheet, gotRep.DateCell = "", ""
	if gotRep != wantRep {
		t.Errorf("reporter\n got %+v\nwant %+v", gotRep, wantRep)
	}
	if r.File.SHA256 == "" || r.File.Size == 0 || r.File.ModTime.IsZero() || r.File.Saved.IsZero() {
		t.Errorf("file info %+v", r.File)
	}
	if r.Identity != c.IdentityOf(r.Unit) {
		t.Errorf("identity %+v, want %+v", r.Identity, c.IdentityOf(r.Unit))
	}
	t.Logf("evidence: %s", r.Evidence)
}

