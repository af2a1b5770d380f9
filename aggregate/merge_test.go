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

	"tonghop/templates"
)

func mergeCampaign(t testing.TB) *templates.Campaign {
	t.Helper()
	c, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ymd(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// unitReport builds a report as the reader would return it for the unit,
// with the values given as Go values (bool, int, float64, time.Time,
// string) by indicator id.
func unitReport(t testing.TB, c *templates.Campaign, code, path string, vals map[string]any) *Report {
	t.Helper()
	u := c.Unit(code)
	if u == nil {
		t.Fatalf("no unit %s", code)
	}
	r := &Report{
		File:     FileInfo{Path: path, Size: 1000, SHA256: "sha-" + path, ModTime: ymd(2024, 3, 1)},
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

// mergedSample merges reports made in code: on time, late, resubmitted,
// byte-identical copy, invalid, unreadable, a district and a commune, and
// a lock file skipped before reading.
func mergedSample(t testing.TB) *Result {
	t.Helper()
	c := mergeCampaign(t)
	full := func(a1, a2 bool, a5, c1, c2 int) map[string]any {
		return map[string]any{"A1": a1, "A2": a2, "A5": a5, "C1": c1, "C2": c2}
	}

	onTime := unitReport(t, c, "TU01", "a/tu01.xlsx", full(true, false, 3, 20, 15))
	onTime.Reporter.Date = ymd(2024, 4, 1)

	late := unitReport(t, c, "TU02", "tu02.xlsx", full(true, true, 2, 10, 2))
	late.Reporter.Date = ymd(2024, 4, 5) // the deadline day itself is late

	// TU03 sent twice: the newer workbook wins even though its file is older.
	old := unitReport(t, c, "TU03", "tu03 (1).xlsx", full(true, true, 100, 30, 30))
	old.File.Saved = time.Date(2024, 3, 10, 8, 0, 0, 0, time.UTC)
	old.File.ModTime = ymd(2024, 4, 2)
	cur := unitReport(t, c, "TU03", "tu03.xlsx", full(true, true, 7, 30, 29))
	cur.File.Saved = time.Date(2024, 3, 20, 8, 0, 0, 0, time.UTC)
	cur.File.ModTime = ymd(2024, 3, 21)

	// TU04's file, and a byte-identical copy of it.
	orig := unitReport(t, c, "TU04", "tu04.xlsx", full(false, false, 0, 5, 0))
	orig.File.Saved = time.Date(2024, 4, 4, 18, 0, 0, 0, time.UTC) // 05/4 01:00 in Vietnam: late
	cp := *orig
	cp.File.Path = "z/copy of tu04.xlsx"
	cp.Issues = nil

	// TU05 with an error: kept out of the totals.
	bad := unitReport(t, c, "TU05", "tu05.xlsx", full(true, true, 50, 10, 12))
	bad.Reporter.Date = ymd(2024, 4, 1)
	bad.Issues = Issues{{Sheet: templates.SheetReport, Cell: "DC2", Indicator: "C2", Severity: templates.SeverityError, Msg: "C2 lớn hơn C1"}}

	// A file nobody could read.
	broken := &Report{File: FileInfo{Path: "hong.xlsx", SHA256: "sha-hong"}, State: StateRejected,
		Issues: Issues{{Severity: templates.SeverityError, Msg: "tệp không phải là bảng tính Excel"}}}

	// A district and one of its communes.
	dist := unitReport(t, c, "UBH-660", "ubh660.xlsx", map[string]any{"A1": true, "A2": true, "C1": 100, "C2": 80, "D1": 10, "D2": 30.5})
	dist.Reporter.Date = ymd(2024, 3, 30)
	commune := unitReport(t, c, "UBX-24611", "ubx24611.xlsx", map[string]any{"A1": false, "A2": false, "C1": 20, "C2": 5, "D1": 4, "D2": 12.25})
	commune.Reporter.Date = ymd(2024, 3, 30)

	reports := []*Report{onTime, late, old, cur, orig, &cp, bad, broken, dist, commune}
	skipped := []FileOutcome{{Report: &Report{File: FileInfo{Path: "~$tu01.xlsx"}, State: StateSkipped}, Use: UseRejected, Reason: "tệp khóa"}}
	return MergeReports(c, reports, skipped, MergeOptions{AsOf: ymd(2024, 4, 10)})
}

func TestMergeRules(t *testing.T) {
	res := mergedSample(t)
	c := res.Campaign

	t.Run("statuses", func(t *testing.T) {
		want := map[string]Status{
			"TU01": StatusOnTime, "TU02": StatusLate, "TU03": StatusOnTime, "TU04": StatusLate,
			"TU05": StatusInvalid, "TU06": StatusMissing, "UBH-660": StatusOnTime, "UBX-24611": StatusOnTime,
			"UBX-24612": StatusMissing,
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
		got := map[string]Use{}
		var paths []string
		for _, f := range res.Files {
			got[f.Report.File.Path] = f.Use
			paths = append(paths, f.Report.File.Path)
			if f.Use != UseUsed && f.Reason == "" {
				t.Errorf("%s: %s without a reason", f.Report.File.Path, f.Use.Label())
			}
		}
		want := map[string]Use{
			"a/tu01.xlsx": UseUsed, "tu02.xlsx": UseUsed, "tu03 (1).xlsx": UseSuperseded, "tu03.xlsx": UseUsed,
			"tu04.xlsx": UseUsed, "z/copy of tu04.xlsx": UseDuplicate, "tu05.xlsx": UseUsed, "hong.xlsx": UseRejected,
			"ubh660.xlsx": UseUsed, "ubx24611.xlsx": UseUsed, "~$tu01.xlsx": UseRejected,
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("uses:\n got %v\nwant %v", got, want)
		}
		if !sort.StringsAreSorted(paths) {
			t.Errorf("files not sorted: %q", paths)
		}
	})
	t.Run("group totals", func(t *testing.T) {
		g := summarize(res).Groups[0]
		if g.Group.Code != "TU" {
			t.Fatalf("first group %s", g.Group.Code)
		}
		want := Summary{Expected: 6, Received: 5, Valid: 4, Invalid: 1, OnTime: 2, Late: 2, Missing: 1}
		got := g.Summary
		got.Totals = nil
		if !reflect.DeepEqual(got, want) {
			t.Errorf("TU summary %+v, want %+v", got, want)
		}
		// TU01 + TU02 + TU03 (newer) + TU04; not TU05, not the superseded file.
		checkTotal(t, g.Totals, "A5", Total{Sum: 3 + 2 + 7 + 0, Answered: 4})
		checkTotal(t, g.Totals, "C1", Total{Sum: 20 + 10 + 30 + 5, Answered: 4})
		// A2 is asked of units with a website (scope A1): the one without is left out.
		checkTotal(t, g.Totals, "A2", Total{Yes: 2, Answered: 3})
		checkTotal(t, g.Totals, "A1", Total{Yes: 3, Answered: 4})
		checkTotal(t, g.Totals, "B1", Total{})
	})
	t.Run("district rolls up its communes", func(t *testing.T) {
		var d *DistrictResult
		for i := range summarize(res).Districts {
			if summarize(res).Districts[i].District.Unit.Code == "UBH-660" {
				d = &summarize(res).Districts[i]
			}
		}
		if d == nil {
			t.Fatal("no district UBH-660")
		}
		if len(d.Children) != len(c.Children("UBH-660")) {
			t.Errorf("%d communes, want %d", len(d.Children), len(c.Children("UBH-660")))
		}
		if d.Expected != 1+len(c.Children("UBH-660")) || d.Valid != 2 {
			t.Errorf("expected %d valid %d", d.Expected, d.Valid)
		}
		checkTotal(t, d.Totals, "D2", Total{Sum: 42.75, Answered: 2})
		checkTotal(t, d.Totals, "C2", Total{Sum: 85, Answered: 2})
		if len(summarize(res).Districts) != len(c.UnitsOf("UBH")) {
			t.Errorf("%d districts", len(summarize(res).Districts))
		}
	})
	t.Run("province", func(t *testing.T) {
		p := summarize(res).Province
		if p.Expected != len(c.Units) || p.Valid != 6 || p.Invalid != 1 || p.Received != 7 || p.Missing != len(c.Units)-7 {
			t.Errorf("province %+v", p)
		}
		checkTotal(t, p.Totals, "C1", Total{Sum: 65 + 120, Answered: 6})
	})
	t.Run("lists", func(t *testing.T) {
		got := map[string][]string{}
		for _, l := range summarize(res).Lists {
			for _, ur := range l.Units {
				got[l.List.ID] = append(got[l.List.ID], ur.Unit.Code)
			}
		}
		// A1 && !A2: TU01 only (TU04 has no website, TU05 is not counted).
		if !reflect.DeepEqual(got["CHUA_BANNER"], []string{"TU01"}) {
			t.Errorf("CHUA_BANNER %v", got["CHUA_BANNER"])
		}
		// C2 < C1/2: TU02 (2 of 10), TU04 (0 of 5), UBX-24611 (5 of 20).
		if !reflect.DeepEqual(got["CHUA_KHUNG_ANH"], []string{"TU02", "TU04", "UBX-24611"}) {
			t.Errorf("CHUA_KHUNG_ANH %v", got["CHUA_KHUNG_ANH"])
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
		res := MergeReports(c, nil, nil, MergeOptions{AsOf: ymd(2024, 4, 4)})
		for _, ur := range res.Units {
			if ur.Status != StatusNotYetDue {
				t.Fatalf("%s: %s", ur.Unit.Code, ur.Status.Label())
			}
		}
		if summarize(res).Province.Missing != len(c.Units) {
			t.Errorf("missing %d", summarize(res).Province.Missing)
		}
	})
}

func checkTotal(t *testing.T, totals map[string]Total, id string, want Total) {
	t.Helper()
	if got := totals[id]; got != want {
		t.Errorf("total %s = %+v, want %+v", id, got, want)
	}
}

func TestNewerIsATotalOrder(t *testing.T) {
	mk := func(path string, saved, mod time.Time) *Report {
		return &Report{File: FileInfo{Path: path, Saved: saved, ModTime: mod}}
	}
	rs := []*Report{
		mk("b", time.Time{}, ymd(2024, 4, 3)),
		mk("a", ymd(2024, 3, 1), ymd(2024, 3, 1)),
		mk("c", ymd(2024, 3, 1), ymd(2024, 3, 2)),
		mk("d", ymd(2024, 3, 1), ymd(2024, 3, 2)),
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

// returned is one file of a realistic input folder.
type returned struct {
	path     string // relative to the folder
	unit     string // the template it was made from
	name     string // DV_TEN written over the template's, "" to keep it
	vals     map[string]any
	reported time.Time // NBC_NGAY
	saved    time.Time // the workbook's saved time
	copyOf   string    // path of a file to copy byte for byte instead
	raw      string    // bytes to write instead (a broken file)
}

// returnedWorkbook makes a unit's template and fills it as a unit would.
func returnedWorkbook(t testing.TB, c *templates.Campaign, rf returned) []byte {
	t.Helper()
	f, err := c.Template(c.Unit(rf.unit))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	refs := map[string][2]string{}
	for _, dn := range f.GetDefinedName() {
		s := strings.TrimPrefix(dn.RefersTo, "=")
		i := strings.LastIndexByte(s, '!')
		if i < 0 {
			continue
		}
		sheet := strings.ReplaceAll(strings.Trim(s[:i], "'"), "''", "'")
		refs[dn.Name] = [2]string{sheet, strings.ReplaceAll(s[i+1:], "$", "")}
	}
	set := func(name string, v any) {
		ref, ok := refs[name]
		if !ok {
			t.Fatalf("template of %s has no name %s", rf.unit, name)
		}
		if b, ok := v.(bool); ok {
			v = "Không"
			if b {
				v = "Có"
			}
		}
		if err := f.SetCellValue(ref[0], ref[1], v); err != nil {
			t.Fatal(err)
		}
	}
	for id, v := range rf.vals {
		set(templates.IndicatorName(id), v)
	}
	if rf.name != "" {
		set(templates.NameUnitName, rf.name)
	}
	set(templates.NameReporterName, "Nguyễn Văn A")
	if !rf.reported.IsZero() {
		set(templates.NameReportDate, rf.reported)
	}
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	props.Modified = rf.saved.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(props); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// writeFolder writes the files into dir, each with its saved time as its
// file time too.
func writeFolder(t testing.TB, c *templates.Campaign, dir string, files []returned) {
	t.Helper()
	written := map[string][]byte{}
	for _, rf := range files {
		var b []byte
		switch {
		case rf.copyOf != "":
			b = written[rf.copyOf]
		case rf.raw != "":
			b = []byte(rf.raw)
		default:
			b = returnedWorkbook(t, c, rf)
		}
		written[rf.path] = b
		p := filepath.Join(dir, filepath.FromSlash(rf.path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		mod := rf.saved
		if mod.IsZero() {
			mod = ymd(2024, 4, 1)
		}
		if err := os.Chtimes(p, mod, mod); err != nil {
			t.Fatal(err)
		}
	}
}

// figures is a clean set of answers for a unit; k varies them.
func figures(c *templates.Campaign, code string, k int) map[string]any {
	v := map[string]any{
		"A1": true, "A2": k%3 != 0, "A4": k%2 == 0, "A5": 3 + k, "A6": 2 * k, "A7": k % 4,
		"B1": 1 + k%2, "B2": k%4 != 1, "B3": 10 + k, "B4": k,
		"C1": 20 + 3*k, "C2": 9 + k,
		"F1": "Triển khai đầy đủ", "F2": "=Không có", "F3": "+đề nghị tiếp tục",
	}
	if v["A2"].(bool) {
		v["A3"] = ymd(2023, 12, 15)
	}
	g := c.Unit(code).Group
	if g == "UBH" || g == "UBX" {
		v["D1"], v["D2"], v["D3"], v["D4"], v["D5"] = 5+k, 12.5+float64(k), k%3, 4*k, 2+k
	}
	if g == "BC" {
		v["E1"], v["E2"], v["E3"] = 30+k, 2, 45.5
	}
	return v
}

// realisticFolder is a returned-reports folder with every case the merge
// must handle, and what each unit reported.
func realisticFolder(t testing.TB, c *templates.Campaign, dir string) (files []returned, counted map[string]map[string]any) {
	t.Helper()
	at := func(d, m, h int) time.Time { return time.Date(2024, time.Month(m), d, h, 0, 0, 0, vnZone) }
	clean := func(path, code string, k int, reported time.Time) returned {
		return returned{path: path, unit: code, vals: figures(c, code, k), reported: reported, saved: reported.Add(9 * time.Hour)}
	}
	invalid := figures(c, "SBN05", 5)
	invalid["C2"] = 500 // more than C1
	files = []returned{
		clean("BC 20 nam - Van phong Tinh uy.xlsx", "TU01", 1, ymd(2024, 4, 1)),
		clean("Thư ngày 2-4/Ban To chuc TU.xlsx", "TU02", 2, ymd(2024, 4, 2)),
		clean("Văn phòng UBND tỉnh - báo cáo.xlsx", "SBN01", 3, ymd(2024, 3, 28)),
		clean("So Noi vu (nop muon).xlsx", "SBN02", 4, ymd(2024, 4, 6)),
		// Sent twice: the later workbook is used.
		{path: "So Tu phap.xlsx", unit: "SBN03", vals: figures(c, "SBN03", 100), reported: ymd(2024, 3, 20), saved: at(20, 3, 10)},
		{path: "So Tu phap (gui lai).xlsx", unit: "SBN03", vals: figures(c, "SBN03", 6), reported: ymd(2024, 3, 27), saved: at(27, 3, 15)},
		// A byte-identical copy, in a sub-folder.
		{path: "Thư cũ/BC 20 nam - Van phong Tinh uy (1).xlsx", copyOf: "BC 20 nam - Van phong Tinh uy.xlsx"},
		// SBN04 filled in SBN01's file and put its own name on it.
		{path: "BC So KH va DT.xlsx", unit: "SBN01", name: "Sở Kế hoạch và Đầu tư", vals: figures(c, "SBN04", 7), reported: ymd(2024, 4, 3), saved: at(3, 4, 16)},
		{path: "So Tai chinh.xlsx", unit: "SBN05", vals: invalid, reported: ymd(2024, 4, 1), saved: at(1, 4, 9)},
		{path: "hong.xlsx", raw: "PK\x03\x04 không phải tệp zip hoàn chỉnh"},
		clean("UBND TP Gia Nghia.xlsx", "UBH-660", 8, ymd(2024, 4, 2)),
		clean("Phuong Nghia Duc.xlsx", "UBX-24611", 9, ymd(2024, 4, 2)),
		clean("Phuong Nghia Thanh.xlsx", "UBX-24612", 10, ymd(2024, 4, 4)),
		clean("Bao Dak Nong.xlsx", "BC01", 11, ymd(2024, 4, 1)),
		{path: "~$So Tu phap.xlsx", raw: "lock"},
	}
	writeFolder(t, c, dir, files)
	// Counted: not the copies, the broken file, the invalid report, the
	// superseded first report of SBN03, nor SBN04's re-use of SBN01's form
	// (it is SBN04's report, with an error; SBN01's own report stays).
	counted = map[string]map[string]any{}
	for _, f := range files {
		switch {
		case f.copyOf != "", f.raw != "", f.name != "", f.unit == "SBN05", f.path == "So Tu phap.xlsx":
			continue
		}
		counted[f.unit] = f.vals
	}
	return files, counted
}

func TestMergeRealisticFolder(t *testing.T) {
	c := mergeCampaign(t)
	dir := filepath.Join(t.TempDir(), "bao-cao")
	_, counted := realisticFolder(t, c, dir)
	out := filepath.Join(dir, "output") // our own output inside the folder is never read
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "tong-hop.xlsx"), []byte("cũ"), 0o644); err != nil {
		t.Fatal(err)
	}
	in, err := Collect(dir, out)
	if err != nil {
		t.Fatal(err)
	}
	res := in.Merge(c, MergeOptions{AsOf: ymd(2024, 4, 10), Root: dir, Workers: 2})

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
		want := map[string]Status{
			"TU01": StatusOnTime, "TU02": StatusOnTime, "SBN01": StatusOnTime, "SBN02": StatusLate,
			"SBN03": StatusOnTime, "SBN04": StatusInvalid, "SBN05": StatusInvalid, "UBH-660": StatusOnTime,
			"UBX-24611": StatusOnTime, "UBX-24612": StatusOnTime, "BC01": StatusOnTime,
		}
		for _, ur := range res.Units {
			w, ok := want[ur.Unit.Code]
			if !ok {
				w = StatusMissing
			}
			if ur.Status != w {
				t.Errorf("%s: %s, want %s (issues: %v)", ur.Unit.Code, ur.Status.Label(), w.Label(), issuesOf(ur))
			}
		}
	})
	t.Run("totals", func(t *testing.T) {
		// Expected totals, from the figures put into the files.
		want := map[string]map[string]Total{} // group ("" = province) → id → total
		for code, vals := range counted {
			for _, g := range []string{c.Unit(code).Group, ""} {
				if want[g] == nil {
					want[g] = map[string]Total{}
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
		check := func(name string, s Summary, w map[string]Total) {
			for i := range c.Indicators {
				id := c.Indicators[i].ID
				if got := s.Totals[id]; got != w[id] {
					t.Errorf("%s %s: %+v, want %+v", name, id, got, w[id])
				}
			}
		}
		for _, g := range summarize(res).Groups {
			check(g.Group.Code, g.Summary, want[g.Group.Code])
		}
		check("province", summarize(res).Province, want[""])
		p := summarize(res).Province
		if p.Expected != len(c.Units) || p.Received != 11 || p.Valid != 9 || p.Invalid != 2 || p.OnTime != 8 || p.Late != 1 || p.Missing != len(c.Units)-11 {
			t.Errorf("province counts %+v", p)
		}
	})
	t.Run("district", func(t *testing.T) {
		for _, d := range summarize(res).Districts {
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
		if err := WriteWorkbook(res, book); err != nil {
			t.Fatal(err)
		}
		converted := libreOfficeResave(t, book)
		checkSummaryFormulas(t, res, converted)
		checkDistrictFormulas(t, res, converted)
	})
}

func issuesOf(ur *UnitResult) Issues {
	if ur.Report == nil {
		return nil
	}
	return ur.Report.Issues
}

// TestMergeIsIdempotent merges the same folder twice: the workbook and the
// feedback have the same content.
func TestMergeIsIdempotent(t *testing.T) {
	c := mergeCampaign(t)
	dir := filepath.Join(t.TempDir(), "bao-cao")
	realisticFolder(t, c, dir)
	run := func() (string, map[string]string) {
		out := t.TempDir()
		in, err := Collect(dir, out)
		if err != nil {
			t.Fatal(err)
		}
		res := in.Merge(c, MergeOptions{AsOf: ymd(2024, 4, 10), Root: dir})
		book := filepath.Join(out, "tong-hop.xlsx")
		if err := WriteWorkbook(res, book); err != nil {
			t.Fatal(err)
		}
		fb, err := WriteFeedback(res, filepath.Join(out, FeedbackDir))
		if err != nil {
			t.Fatal(err)
		}
		texts := map[string]string{}
		for _, p := range fb {
			b, _ := os.ReadFile(p)
			texts[filepath.Base(p)] = string(b)
		}
		return workbookContent(t, book), texts
	}
	book1, fb1 := run()
	book2, fb2 := run()
	if book1 != book2 {
		t.Error("the workbook differs between two merges of the same folder")
	}
	if !reflect.DeepEqual(fb1, fb2) {
		t.Error("the feedback differs between two merges of the same folder")
	}
	if len(fb1) == 0 {
		t.Error("no feedback written")
	}
}

// A workbook whose saved time is still the template's own (the writer that
// filled it did not update it) has no saved time: newest wins falls back to
// the report date, then the file's time. One whose writer stamped a time
// keeps it.
func TestSavedTimeOfTheTemplateIsNone(t *testing.T) {
	c := mergeCampaign(t)
	stamped := returnedWorkbook(t, c, returned{unit: "SBN03", vals: figures(c, "SBN03", 1), saved: c.TemplateStamp()})
	own := returnedWorkbook(t, c, returned{unit: "SBN03", vals: figures(c, "SBN03", 1), saved: time.Date(2024, 3, 20, 3, 0, 0, 0, time.UTC)})
	if r := readBytes(c, "a.xlsx", stamped, ReadOptions{}); !r.File.Saved.IsZero() {
		t.Errorf("template stamp read as saved time %v", r.File.Saved)
	}
	if r := readBytes(c, "b.xlsx", own, ReadOptions{}); !r.File.Saved.Equal(time.Date(2024, 3, 20, 3, 0, 0, 0, time.UTC)) {
		t.Errorf("saved time %v, want 2024-03-20 03:00 UTC", r.File.Saved)
	}
}
