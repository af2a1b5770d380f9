package samples

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"tonghop/aggregate"
	"tonghop/aggregate/summary"
	"tonghop/templates"
	"tonghop/templates/testenv"
	"tonghop/templates/vn"
)

// The second sample campaign, samples/hai-cap: a province of two levels
// after 2025 (Lâm Đồng: departments, then communes and wards, no
// districts), whose form uses every kind of indicator — yes/no with a
// scope, date, whole, percentage averaged and weighted, money, decimal,
// choice, text. gia-tri.csv is what each unit typed ("nhap"; a leading #
// marks a number cell, as Excel stores it: a percent cell holds 0,817 for
// 81,7 %) and what it meant ("gia_tri"). The test merges the returned
// files and recomputes every total from "gia_tri" with its own arithmetic,
// not from the program's summary.
const (
	haiCap     = "hai-cap"
	haiCapAsOf = "2025-10-15"
)

// haiCapValues reads gia-tri.csv: unit code → indicator → (typed, meant).
func haiCapValues(t *testing.T) (order []string, vals map[string]map[string][2]string) {
	t.Helper()
	f, err := os.Open(filepath.Join(haiCap, "gia-tri.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	vals = map[string]map[string][2]string{}
	for _, r := range rows[1:] {
		if vals[r[0]] == nil {
			vals[r[0]] = map[string][2]string{}
			order = append(order, r[0])
		}
		vals[r[0]][r[1]] = [2]string{r[2], r[3]}
	}
	return order, vals
}

// writeHaiCap writes the campaign workbook and the returned files from
// gia-tri.csv (go test ./samples -run HaiCap -update).
func writeHaiCap(t *testing.T, c *templates.Campaign, order []string, vals map[string]map[string][2]string) {
	if err := templates.WriteCampaign(c, filepath.Join(haiCap, "chien-dich.xlsx")); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(haiCap, Dir)
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	writeReturns(t, c, order, vals, dir, time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC))
}

// writeReturns fills the form of each unit of order with what it typed
// (vals) and saves it in dir under the unit's name, dated from first on.
func writeReturns(t *testing.T, c *templates.Campaign, order []string, vals map[string]map[string][2]string, dir string, first time.Time) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i, code := range order {
		u := c.Unit(code)
		f, err := c.Template(u)
		if err != nil {
			t.Fatal(err)
		}
		names := definedNames(f)
		set := func(name string, v any) {
			ref, ok := names[name]
			if !ok {
				t.Fatalf("%s: no defined name %s", code, name)
			}
			if err := f.SetCellValue(ref.sheet, ref.cell, v); err != nil {
				t.Fatal(err)
			}
		}
		for id, v := range vals[code] {
			typed := v[0]
			if n, ok := strings.CutPrefix(typed, "#"); ok {
				x, err := strconv.ParseFloat(n, 64)
				if err != nil {
					t.Fatalf("%s %s: %v", code, id, err)
				}
				set(templates.IndicatorName(id), x)
				continue
			}
			if ind := c.Indicator(id); ind.Type == templates.TypeDate {
				d, err := time.Parse("02/01/2006", typed)
				if err != nil {
					t.Fatal(err)
				}
				set(templates.IndicatorName(id), vn.Serial(d))
				continue
			}
			set(templates.IndicatorName(id), typed)
		}
		set(templates.NameReporterName, "Nguyễn Thị Lan")
		set(templates.NameReporterTitle, "Chuyên viên")
		set(templates.NameReportDate, vn.Serial(first.AddDate(0, 0, i%9)))
		if err := f.SaveAs(filepath.Join(dir, u.Name+".xlsx")); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
}

func TestHaiCap(t *testing.T) {
	c, err := templates.Load(filepath.Join(haiCap, "chien-dich"))
	if err != nil {
		t.Fatal(err)
	}
	order, vals := haiCapValues(t)
	if testenv.Update() {
		writeHaiCap(t, c, order, vals)
	}
	t.Run("the campaign workbook is the campaign", func(t *testing.T) {
		x, err := templates.Load(filepath.Join(haiCap, "chien-dich.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		if x.ID != c.ID || len(x.Indicators) != len(c.Indicators) || len(x.Units) != len(c.Units) || x.HasDistricts() {
			t.Fatalf("chien-dich.xlsx reads as %s with %d indicators, %d units", x.ID, len(x.Indicators), len(x.Units))
		}
		for i, ind := range x.Indicators {
			w := c.Indicators[i]
			if ind.Type != w.Type || ind.Scope != w.Scope || ind.Method() != w.Method() || ind.Weight != w.Weight {
				t.Errorf("%s: %s %q %s %s, want %s %q %s %s", ind.ID, ind.Type, ind.Scope, ind.Method(), ind.Weight, w.Type, w.Scope, w.Method(), w.Weight)
			}
		}
	})

	in, err := aggregate.Collect(filepath.Join(haiCap, Dir), "")
	if err != nil {
		t.Fatal(err)
	}
	asOf, _ := time.Parse("2006-01-02", haiCapAsOf)
	res := in.Merge(c, aggregate.MergeOptions{AsOf: asOf, Root: filepath.Join(haiCap, Dir)})
	s := summary.Of(res)
	if p := s.Province; p.Valid != len(order) || p.Missing != len(c.Units)-len(order) {
		t.Fatalf("%d counted, %d missing; want %d and %d", p.Valid, p.Missing, len(order), len(c.Units)-len(order))
	}

	// The totals, recomputed from what the units meant.
	for id, want := range haiCapTotals(t, c, order, vals) {
		ind := c.Indicator(id)
		if ind.Type == templates.TypeYesNo {
			continue // below, on their denominators
		}
		got, ok := s.Province.Totals[id].Figure(ind)
		if !ok || math.Abs(got-want) > 1e-6*math.Max(1, math.Abs(want)) {
			t.Errorf("%s (%s): %v, want %v", id, ind.Method(), got, want)
		}
	}
	// The yes/no indicators over their scope: A2 only over A1 = Có.
	for _, y := range s.YesNo {
		yes, whole := 0, 0
		for _, code := range order {
			v, ok := vals[code][y.Indicator.ID]
			if y.Indicator.Scope == "A1" && vals[code]["A1"][1] != "Có" {
				continue
			}
			if ok {
				whole++
				if v[1] == "Có" {
					yes++
				}
			}
		}
		if r := y.Rate(); r.Part != yes || r.Whole != whole {
			t.Errorf("%s: %d/%d, want %d/%d", y.Indicator.ID, r.Part, r.Whole, yes, whole)
		}
	}
	// Every amount typed in words is understood, and the unit told so.
	for _, code := range order {
		v := vals[code]["C1"]
		if strings.HasPrefix(v[0], "#") {
			continue
		}
		f, err := strconv.ParseFloat(v[1], 64)
		if err != nil {
			t.Fatalf("gia-tri.csv: %q", v[1])
		}
		want := fmt.Sprintf("đã hiểu là %s đồng", vn.Number(f))
		found := false
		for _, is := range s.Issues {
			if is.Unit == code && strings.Contains(is.Msg, want) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: %q typed, no warning %q", code, v[0], want)
		}
	}
	// The choices are counted as typed.
	for _, code := range order {
		ur := res.Units[indexOf(res.Units, code)]
		if v, ok := ur.Report.Values.Get("D1"); !ok || v.Text != vals[code]["D1"][1] {
			t.Errorf("%s: D1 = %q, want %q", code, v.Text, vals[code]["D1"][1])
		}
	}
}

// haiCapTotals recomputes, with its own arithmetic, the whole's figure of
// each numeric indicator over the units of codes from what they meant
// (gia-tri.csv), and of each yes/no indicator its count of Có over its
// scope.
func haiCapTotals(t *testing.T, c *templates.Campaign, codes []string, vals map[string]map[string][2]string) map[string]float64 {
	t.Helper()
	num := func(s string) float64 {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("gia-tri.csv: %q", s)
		}
		return f
	}
	out := map[string]float64{}
	for i := range c.Indicators {
		ind := &c.Indicators[i]
		if ind.Type == templates.TypeYesNo {
			yes := 0.0
			for _, code := range codes {
				if ind.Scope == "A1" && vals[code]["A1"][1] != "Có" {
					continue
				}
				if vals[code][ind.ID][1] == "Có" {
					yes++
				}
			}
			out[ind.ID] = yes
			continue
		}
		if !ind.Type.Numeric() {
			continue
		}
		var sum, n, wsum, wtot float64
		for _, code := range codes {
			v, ok := vals[code][ind.ID]
			if !ok {
				continue
			}
			sum += num(v[1])
			n++
			if ind.Weight != "" {
				w := num(vals[code][ind.Weight][1])
				wsum += num(v[1]) * w
				wtot += w
			}
		}
		switch ind.ID {
		case "B3": // "Trung bình"
			out[ind.ID] = sum / n
		case "B2", "C4": // "Trung bình theo B1", "… theo C3"
			out[ind.ID] = wsum / wtot
		default:
			out[ind.ID] = sum
		}
	}
	return out
}

func indexOf(us []*aggregate.UnitResult, code string) int {
	for i, u := range us {
		if u.Unit.Code == code {
			return i
		}
	}
	return -1
}
