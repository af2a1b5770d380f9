package aggregate_test

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"tonghop/aggregate"
	"tonghop/aggregate/aggregatetest"
	"tonghop/aggregate/aggregatetest/returned"
	"tonghop/aggregate/summary"
	"tonghop/aggregate/workbook"
)

// The merge's rules over a result made in code (aggregatetest.Sample:
// summary's TestOf checks the figures summary.Of gives for it) and over a
// folder of real workbooks (returned.Realistic), seen through the summary
// (package summary imports this package) and, where LibreOffice is there,
// through the workbook's formulas.

func TestMergeRules(t *testing.T) {
	res := aggregatetest.Sample(t)
	c := res.Campaign

	t.Run("statuses", func(t *testing.T) {
		want := map[string]aggregate.Status{
			"TU01": aggregate.StatusOnTime, "TU02": aggregate.StatusLate, "TU03": aggregate.StatusOnTime, "TU04": aggregate.StatusLate,
			"TU05": aggregate.StatusInvalid, "TU06": aggregate.StatusMissing, "UBH-660": aggregate.StatusOnTime, "UBX-24611": aggregate.StatusOnTime,
			"UBX-24612": aggregate.StatusMissing,
		}
		for _, ur := range res.Units {
			if w, ok := want[ur.Unit.Code]; ok && ur.Status != w {
				t.Errorf("%s: status %s, want %s", ur.Unit.Code, ur.Status.Label(), w.Label())
			}
		}
		if len(res.Units) != len(c.Units) {
			t.Errorf("%d units, want %d", len(res.Units), len(c.Units))
		}
	})
	t.Run("files", func(t *testing.T) {
		got := map[string]aggregate.Use{}
		var paths []string
		for _, f := range res.Files {
			got[f.Report.File.Path] = f.Use
			paths = append(paths, f.Report.File.Path)
			if f.Use != aggregate.UseUsed && f.Reason == "" {
				t.Errorf("%s: %s without a reason", f.Report.File.Path, f.Use.Label())
			}
		}
		want := map[string]aggregate.Use{
			"a/tu01.xlsx": aggregate.UseUsed, "tu02.xlsx": aggregate.UseUsed, "tu03 (1).xlsx": aggregate.UseSuperseded, "tu03.xlsx": aggregate.UseUsed,
			"tu04.xlsx": aggregate.UseUsed, "z/copy of tu04.xlsx": aggregate.UseDuplicate, "tu05.xlsx": aggregate.UseUsed, "hong.xlsx": aggregate.UseRejected,
			"ubh660.xlsx": aggregate.UseUsed, "ubx24611.xlsx": aggregate.UseUsed, "~$tu01.xlsx": aggregate.UseRejected,
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("uses:\n got %v\nwant %v", got, want)
		}
		if !sort.StringsAreSorted(paths) {
			t.Errorf("files not sorted: %q", paths)
		}
	})
	t.Run("issues", func(t *testing.T) {
		var files []string
		for _, is := range res.Issues {
			files = append(files, is.File+"|"+is.Unit)
		}
		want := []string{"hong.xlsx|", "tu05.xlsx|TU05"}
		if !reflect.DeepEqual(files, want) {
			t.Errorf("issues %q, want %q", files, want)
		}
	})
	t.Run("not yet due", func(t *testing.T) {
		res := aggregate.MergeReports(c, nil, nil, aggregate.MergeOptions{AsOf: returned.Day(2024, 4, 4)})
		for _, ur := range res.Units {
			if ur.Status != aggregate.StatusNotYetDue {
				t.Fatalf("%s: %s", ur.Unit.Code, ur.Status.Label())
			}
		}
	})
}

func TestMergeRealisticFolder(t *testing.T) {
	t.Parallel()
	c := returned.Campaign(t)
	dir := filepath.Join(t.TempDir(), "bao-cao")
	_, counted := returned.Realistic(t, c, dir)
	out := filepath.Join(dir, "output") // our own output inside the folder is never read
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "tong-hop.xlsx"), []byte("cũ"), 0o644); err != nil {
		t.Fatal(err)
	}
	in, err := aggregate.Collect(dir, out)
	if err != nil {
		t.Fatal(err)
	}
	res := in.Merge(c, aggregate.MergeOptions{AsOf: returned.Day(2024, 4, 10), Root: dir, Workers: 2})
	sum := summary.Of(res)

	t.Run("files", func(t *testing.T) {
		got := map[string]string{}
		for _, f := range res.Files {
			unit := ""
			if f.Report.Unit != nil {
				unit = f.Report.Unit.Code
			}
			got[filepath.ToSlash(f.Report.File.Path)] = f.Use.Label() + " " + unit
		}
		want := map[string]string{
			"BC 20 nam - Van phong Tinh uy.xlsx":            "được dùng TU01",
			"Thư ngày 2-4/Ban To chuc TU.xlsx":              "được dùng TU02",
			"Văn phòng UBND tỉnh - báo cáo.xlsx":            "được dùng SBN01",
			"So Noi vu (nop muon).xlsx":                     "được dùng SBN02",
			"So Tu phap.xlsx":                               "bị thay thế SBN03",
			"So Tu phap (gui lai).xlsx":                     "được dùng SBN03",
			"Thư cũ/BC 20 nam - Van phong Tinh uy (1).xlsx": "bản trùng TU01",
			"BC So KH va DT.xlsx":                           "được dùng SBN04",
			"So Tai chinh.xlsx":                             "được dùng SBN05",
			"hong.xlsx":                                     "bị loại ",
			"UBND TP Gia Nghia.xlsx":                        "được dùng UBH-660",
			"Phuong Nghia Duc.xlsx":                         "được dùng UBX-24611",
			"Phuong Nghia Thanh.xlsx":                       "được dùng UBX-24612",
			"Bao Dak Nong.xlsx":                             "được dùng BC01",
			"~$So Tu phap.xlsx":                             "bị loại ",
		}
		if !reflect.DeepEqual(got, want) {
			for p, w := range want {
				if got[p] != w {
					t.Errorf("%s: %q, want %q", p, got[p], w)
				}
			}
			for p, g := range got {
				if _, ok := want[p]; !ok {
					t.Errorf("unexpected file %s: %q", p, g)
				}
			}
		}
	})
	t.Run("statuses", func(t *testing.T) {
		want := map[string]aggregate.Status{
			"TU01": aggregate.StatusOnTime, "TU02": aggregate.StatusOnTime, "SBN01": aggregate.StatusOnTime, "SBN02": aggregate.StatusLate,
			"SBN03": aggregate.StatusOnTime, "SBN04": aggregate.StatusInvalid, "SBN05": aggregate.StatusInvalid, "UBH-660": aggregate.StatusOnTime,
			"UBX-24611": aggregate.StatusOnTime, "UBX-24612": aggregate.StatusOnTime, "BC01": aggregate.StatusOnTime,
		}
		for _, ur := range res.Units {
			w, ok := want[ur.Unit.Code]
			if !ok {
				w = aggregate.StatusMissing
			}
			if ur.Status != w {
				t.Errorf("%s: %s, want %s (issues: %v)", ur.Unit.Code, ur.Status.Label(), w.Label(), issuesOf(ur))
			}
		}
	})
	t.Run("totals", func(t *testing.T) {
		// Expected totals, from the figures put into the files.
		want := map[string]map[string]summary.Total{} // group ("" = province) → id → total
		for code, vals := range counted {
			for _, g := range []string{c.Unit(code).Group, ""} {
				if want[g] == nil {
					want[g] = map[string]summary.Total{}
				}
				for id, v := range vals {
					tot := want[g][id]
					switch x := v.(type) {
					case bool:
						tot.Answered++
						if x {
							tot.Yes++
						}
					case int:
						tot.Answered++
						tot.Sum += float64(x)
					case float64:
						tot.Answered++
						tot.Sum += x
					default:
						tot.Answered++
					}
					want[g][id] = tot
				}
			}
		}
		check := func(name string, s summary.Tally, w map[string]summary.Total) {
			for i := range c.Indicators {
				id := c.Indicators[i].ID
				if got := s.Totals[id]; got != w[id] {
					t.Errorf("%s %s: %+v, want %+v", name, id, got, w[id])
				}
			}
		}
		for _, g := range sum.Groups {
			check(g.Group.Code, g.Tally, want[g.Group.Code])
		}
		check("province", sum.Province, want[""])
		p := sum.Province
		if p.Expected != len(c.Units) || p.Received != 11 || p.Valid != 9 || p.Invalid != 2 || p.OnTime != 8 || p.Late != 1 || p.Missing != len(c.Units)-11 {
			t.Errorf("province counts %+v", p)
		}
	})
	t.Run("district", func(t *testing.T) {
		for _, d := range sum.Districts {
			if d.District.Unit.Code != "UBH-660" {
				continue
			}
			wantD1 := float64(counted["UBH-660"]["D1"].(int) + counted["UBX-24611"]["D1"].(int) + counted["UBX-24612"]["D1"].(int))
			if got := d.Totals["D1"]; got.Sum != wantD1 || got.Answered != 3 || d.Valid != 3 {
				t.Errorf("UBH-660 D1 %+v (valid %d), want sum %v", got, d.Valid, wantD1)
			}
		}
	})
	t.Run("outputs", func(t *testing.T) {
		book := filepath.Join(out, "tong-hop.xlsx")
		if err := workbook.Write(sum, book); err != nil {
			t.Fatal(err)
		}
		converted := aggregatetest.LibreOfficeResave(t, book)
		aggregatetest.CheckSummaryFormulas(t, sum, converted, workbook.SheetSummary)
		aggregatetest.CheckDistrictFormulas(t, sum, converted, workbook.SheetDistricts)
	})
}

func issuesOf(ur *aggregate.UnitResult) aggregate.Issues {
	if ur.Report == nil {
		return nil
	}
	return ur.Report.Issues
}
