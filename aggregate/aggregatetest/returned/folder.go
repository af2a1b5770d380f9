package returned

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tonghop/templates"
)

// File is one file of a returned-reports folder.
type File struct {
	Path     string         // relative to the folder, slash-separated
	Unit     string         // the template it was made from
	Name     string         // DV_TEN written over the template's, "" to keep it
	Vals     map[string]any // the figures typed, as Figures gives them
	Reported time.Time      // NBC_NGAY
	Saved    time.Time      // the workbook's saved time
	CopyOf   string         // path of a file to copy byte for byte instead
	Raw      string         // bytes to write instead (a broken file)
}

// Workbook makes the unit's form and fills it as the unit would: its
// figures, the reporter's name, the report date, the saved time.
func Workbook(t testing.TB, c *templates.Campaign, rf File) []byte {
	t.Helper()
	vals := map[string]any{templates.NameReporterName: "Nguyễn Văn A"}
	for id, v := range rf.Vals {
		vals[id] = v
	}
	if rf.Name != "" {
		vals[templates.NameUnitName] = rf.Name
	}
	if !rf.Reported.IsZero() {
		vals[templates.NameReportDate] = rf.Reported
	}
	return Form(t, c, rf.Unit, vals, func(f *excelize.File) { setSaved(t, f, rf.Saved) })
}

// setSaved sets the workbook's saved time (docProps/core.xml).
func setSaved(t testing.TB, f *excelize.File, saved time.Time) {
	t.Helper()
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	props.Modified = saved.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(props); err != nil {
		t.Fatal(err)
	}
}

// WriteFolder writes the files into dir, each with its saved time as its
// file time too (1/4/2024 when it has none).
func WriteFolder(t testing.TB, c *templates.Campaign, dir string, files []File) {
	t.Helper()
	written := map[string][]byte{}
	for _, rf := range files {
		var b []byte
		switch {
		case rf.CopyOf != "":
			b = written[rf.CopyOf]
		case rf.Raw != "":
			b = []byte(rf.Raw)
		default:
			b = Workbook(t, c, rf)
		}
		written[rf.Path] = b
		p := filepath.Join(dir, filepath.FromSlash(rf.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		mod := rf.Saved
		if mod.IsZero() {
			mod = Day(2024, 4, 1)
		}
		if err := os.Chtimes(p, mod, mod); err != nil {
			t.Fatal(err)
		}
	}
}

// Realistic writes into dir a returned-reports folder with every case the
// merge must handle (deadline 05/4/2024), and returns its files and what
// each unit counted reported, by unit code.
func Realistic(t testing.TB, c *templates.Campaign, dir string) (files []File, counted map[string]map[string]any) {
	t.Helper()
	at := func(d, m, h int) time.Time { return time.Date(2024, time.Month(m), d, h, 0, 0, 0, zone) }
	clean := func(path, code string, k int, reported time.Time) File {
		return File{Path: path, Unit: code, Vals: Figures(c, code, k), Reported: reported, Saved: reported.Add(9 * time.Hour)}
	}
	invalid := Figures(c, "SBN05", 5)
	invalid["C2"] = 500 // more than C1
	files = []File{
		clean("BC 20 nam - Van phong Tinh uy.xlsx", "TU01", 1, Day(2024, 4, 1)),
		clean("Thư ngày 2-4/Ban To chuc TU.xlsx", "TU02", 2, Day(2024, 4, 2)),
		clean("Văn phòng UBND tỉnh - báo cáo.xlsx", "SBN01", 3, Day(2024, 3, 28)),
		clean("So Noi vu (nop muon).xlsx", "SBN02", 4, Day(2024, 4, 6)),
		// Sent twice: the later workbook is used.
		{Path: "So Tu phap.xlsx", Unit: "SBN03", Vals: Figures(c, "SBN03", 100), Reported: Day(2024, 3, 20), Saved: at(20, 3, 10)},
		{Path: "So Tu phap (gui lai).xlsx", Unit: "SBN03", Vals: Figures(c, "SBN03", 6), Reported: Day(2024, 3, 27), Saved: at(27, 3, 15)},
		// A byte-identical copy, in a sub-folder.
		{Path: "Thư cũ/BC 20 nam - Van phong Tinh uy (1).xlsx", CopyOf: "BC 20 nam - Van phong Tinh uy.xlsx"},
		// SBN04 filled in SBN01's file and put its own name on it.
		{Path: "BC So KH va DT.xlsx", Unit: "SBN01", Name: "Sở Kế hoạch và Đầu tư", Vals: Figures(c, "SBN04", 7), Reported: Day(2024, 4, 3), Saved: at(3, 4, 16)},
		{Path: "So Tai chinh.xlsx", Unit: "SBN05", Vals: invalid, Reported: Day(2024, 4, 1), Saved: at(1, 4, 9)},
		{Path: "hong.xlsx", Raw: "PK\x03\x04 không phải tệp zip hoàn chỉnh"},
		clean("UBND TP Gia Nghia.xlsx", "UBH-660", 8, Day(2024, 4, 2)),
		clean("Phuong Nghia Duc.xlsx", "UBX-24611", 9, Day(2024, 4, 2)),
		clean("Phuong Nghia Thanh.xlsx", "UBX-24612", 10, Day(2024, 4, 4)),
		clean("Bao Dak Nong.xlsx", "BC01", 11, Day(2024, 4, 1)),
		{Path: "~$So Tu phap.xlsx", Raw: "lock"},
	}
	WriteFolder(t, c, dir, files)
	// Counted: not the copies, the broken file, the invalid report, the
	// superseded first report of SBN03, nor SBN04's re-use of SBN01's form
	// (it is SBN04's report, with an error; SBN01's own report stays).
	counted = map[string]map[string]any{}
	for _, f := range files {
		switch {
		case f.CopyOf != "", f.Raw != "", f.Name != "", f.Unit == "SBN05", f.Path == "So Tu phap.xlsx":
			continue
		}
		counted[f.Unit] = f.Vals
	}
	return files, counted
}

// Generate writes n filled workbooks into dir, cycling through the units,
// and returns their paths: one template per unit, filled anew for each
// file (Figures with k = i mod 17, report dates through March 2024).
func Generate(c *templates.Campaign, dir string, n int) ([]string, error) {
	forms := map[string]*excelize.File{}
	defer func() {
		for _, f := range forms {
			f.Close()
		}
	}()
	var paths []string
	for i := range n {
		u := &c.Units[i%len(c.Units)]
		f := forms[u.Code]
		if f == nil {
			var err error
			if f, err = c.Template(u); err != nil {
				return nil, err
			}
			forms[u.Code] = f
		}
		vals := Figures(c, u.Code, i%17)
		vals[templates.NameReportDate] = Day(2024, 3, 1+i%28)
		if err := fill(f, vals, false); err != nil {
			return nil, err
		}
		props, _ := f.GetDocProps()
		props.Modified = time.Date(2024, 3, 1, 8, 0, i%3600, 0, time.UTC).Format(time.RFC3339)
		if err := f.SetDocProps(props); err != nil {
			return nil, err
		}
		p := filepath.Join(dir, fmt.Sprintf("%05d_%s", i, templates.FileName(u)))
		if err := f.SaveAs(p); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}
