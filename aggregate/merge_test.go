package aggregate

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"tonghop/aggregate/aggregatetest/returned"
	"tonghop/templates"
)

// unitReport builds a report as the reader would return it for the unit,
// with the values given as Go values (bool, int, float64, time.Time,
// string) by indicator id: aggregatetest.UnitReport, for the internal
// test that checks unexported fields (merge_tail_test.go), which cannot
// import aggregatetest (it imports this package).
func unitReport(t testing.TB, c *templates.Campaign, code, path string, vals map[string]any) *Report {
	t.Helper()
	u := c.Unit(code)
	if u == nil {
		t.Fatalf("no unit %s", code)
	}
	r := &Report{
		File:     FileInfo{Path: path, Size: 1000, SHA256: "sha-" + path, ModTime: returned.Day(2024, 3, 1)},
		Identity: c.IdentityOf(u),
		Unit:     u,
		Values:   NewValues(c.IndicatorsFor(u.Group)),
	}
	for _, ind := range c.IndicatorsFor(u.Group) {
		v := Value{Type: ind.Type, Empty: true, Sheet: templates.SheetReport, Cell: "D" + ind.ID}
		if x, ok := vals[ind.ID]; ok {
			v.Empty = false
			switch x := x.(type) {
			case bool:
				v.Bool = x
			case int:
				v.Num = float64(x)
			case float64:
				v.Num = x
			case time.Time:
				v.Date = x
			case string:
				v.Text = x
			}
			v.Raw = v.String()
		}
		r.Values.Set(ind.ID, v)
	}
	return r
}

func TestNewerIsATotalOrder(t *testing.T) {
	mk := func(path string, saved, mod time.Time) *Report {
		return &Report{File: FileInfo{Path: path, Saved: saved, ModTime: mod}}
	}
	rs := []*Report{
		mk("b", time.Time{}, returned.Day(2024, 4, 3)),
		mk("a", returned.Day(2024, 3, 1), returned.Day(2024, 3, 1)),
		mk("c", returned.Day(2024, 3, 1), returned.Day(2024, 3, 2)),
		mk("d", returned.Day(2024, 3, 1), returned.Day(2024, 3, 2)),
	}
	// Any input order gives the same winner and order.
	for _, perm := range [][]int{{0, 1, 2, 3}, {3, 2, 1, 0}, {2, 0, 3, 1}} {
		var in []*Report
		for _, i := range perm {
			in = append(in, rs[i])
		}
		sort.SliceStable(in, func(i, j int) bool { return newer(in[i], in[j]) })
		var got []string
		for _, r := range in {
			got = append(got, r.File.Path)
		}
		if strings.Join(got, "") != "dcab" {
			t.Errorf("order %v from %v", got, perm)
		}
	}
}

func TestCollect(t *testing.T) {
	root := t.TempDir()
	write := func(rel, content string) {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.xlsx", "x")
	write("Thư 1/BC Đắk Mil (final) (1).XLSX", "x")
	write("Thư 1/~$BC Đắk Mil.xlsx", "x")
	write(".~lock.a.xlsx#", "x")
	write("cong-van.pdf", "%PDF")
	write("anh-chup.jpg", "\xff\xd8\xff\xe0")
	write("ghi-chu.txt", "x")
	write("khong-duoi", "PK\x03\x04rest")
	write("cu.xls", "x")
	write("output/tong-hop.xlsx", "x")
	write("output/phan-hoi/TU01_x.txt", "x")
	if runtime.GOOS != "windows" {
		if err := os.Symlink(root, filepath.Join(root, "Thư 1", "vong")); err != nil {
			t.Fatal(err)
		}
	}
	in, err := Collect(root, filepath.Join(root, "output"))
	paths, skipped := in.Paths, in.Skipped
	if err != nil {
		t.Fatal(err)
	}
	rel := func(p string) string { r, _ := filepath.Rel(root, p); return filepath.ToSlash(r) }
	var got []string
	for _, p := range paths {
		got = append(got, rel(p))
	}
	// A PDF may be a written report: it is read; a photo is listed as
	// sent, unreadable.
	want := []string{"Thư 1/BC Đắk Mil (final) (1).XLSX", "a.xlsx", "anh-chup.jpg", "cong-van.pdf", "cu.xls", "khong-duoi"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("paths %q, want %q", got, want)
	}
	reasons := map[string]string{}
	for _, s := range skipped {
		reasons[rel(s.Report.File.Path)] = s.Reason
		if s.Use != UseRejected || s.Report.State != StateSkipped {
			t.Errorf("%s: not rejected", s.Report.File.Path)
		}
	}
	for p, word := range map[string]string{
		".~lock.a.xlsx#":          "LibreOffice",
		"Thư 1/~$BC Đắk Mil.xlsx": "Excel",
		"ghi-chu.txt":             ".txt",
	} {
		if !strings.Contains(reasons[p], word) {
			t.Errorf("%s: reason %q, want it to mention %q", p, reasons[p], word)
		}
	}
	if runtime.GOOS != "windows" && !strings.Contains(reasons["Thư 1/vong"], "vòng lặp") {
		t.Errorf("link loop: %q", reasons["Thư 1/vong"])
	}
	t.Run("missing folder", func(t *testing.T) {
		_, err := Collect(filepath.Join(root, "khong-co"), "")
		if err == nil || !strings.Contains(err.Error(), "không có thư mục") {
			t.Errorf("err %v", err)
		}
	})
	t.Run("output folder as input", func(t *testing.T) {
		_, err := Collect(filepath.Join(root, "output"), filepath.Join(root, "output"))
		if err == nil {
			t.Error("no error")
		}
	})
}

// A workbook whose saved time is still the template's own (the writer that
// filled it did not update it) has no saved time: newest wins falls back to
// the report date, then the file's time. One whose writer stamped a time
// keeps it.
func TestSavedTimeOfTheTemplateIsNone(t *testing.T) {
	c := returned.Campaign(t)
	stamped := returned.Workbook(t, c, returned.File{Unit: "SBN03", Vals: returned.Figures(c, "SBN03", 1), Saved: c.TemplateStamp()})
	own := returned.Workbook(t, c, returned.File{Unit: "SBN03", Vals: returned.Figures(c, "SBN03", 1), Saved: time.Date(2024, 3, 20, 3, 0, 0, 0, time.UTC)})
	if r := readBytes(c, "a.xlsx", stamped, ReadOptions{}); !r.File.Saved.IsZero() {
		t.Errorf("template stamp read as saved time %v", r.File.Saved)
	}
	if r := readBytes(c, "b.xlsx", own, ReadOptions{}); !r.File.Saved.Equal(time.Date(2024, 3, 20, 3, 0, 0, 0, time.UTC)) {
		t.Errorf("saved time %v, want 2024-03-20 03:00 UTC", r.File.Saved)
	}
}
