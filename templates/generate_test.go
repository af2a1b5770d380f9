package templates

import (
	"archive/zip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"tonghop/templates/vn"

	"github.com/xuri/excelize/v2"
)

// -update rewrites testdata/golden. Registered only once, whichever test
// file of the package gets there first.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

func defaultCampaign(t testing.TB) *Campaign {
	t.Helper()
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSlug(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"commune", "UBND xã Đắk Wil", "UBND-xa-Dak-Wil"},
		{"curly apostrophe", "UBND xã Đắk R’Moan", "UBND-xa-Dak-RMoan"},
		{"straight apostrophe", "UBND xã Ea T'Ling", "UBND-xa-Ea-TLing"},
		{"punctuation runs", "Đài PT - TH  (Đắk Nông)", "Dai-PT-TH-Dak-Nong"},
		{"NFD input", "\u0110a\u0306\u0301k Mil", "Dak-Mil"},
		{"horn and breve", "Ủy ban Mặt trận Tổ quốc Việt Nam", "Uy-ban-Mat-tran-To-quoc-Viet-Nam"},
		{"lower đ", "đoàn", "doan"},
		{"digits kept", "Phường 1, TP Gia Nghĩa", "Phuong-1-TP-Gia-Nghia"},
		{"non-latin dropped", "Sở 文化 VHTTDL", "So-VHTTDL"},
		{"only punctuation", " -- ", ""},
		{"long name cut at a dash", strings.Repeat("Ban Chỉ đạo ", 12), strings.TrimSuffix(strings.Repeat("Ban-Chi-dao-", 6), "-") + "-Ban-Chi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Slug(tt.in)
			if got != tt.want {
				t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if len(got) > maxSlug {
				t.Errorf("Slug(%q) is %d bytes long, max %d", tt.in, len(got), maxSlug)
			}
			for _, r := range got {
				if r > 127 {
					t.Errorf("Slug(%q) = %q is not ASCII", tt.in, got)
				}
			}
		})
	}
}

func TestFileName(t *testing.T) {
	tests := []struct {
		name string
		u    Unit
		want string
	}{
		{"commune", Unit{Code: "UBX-24643", Name: "UBND xã Đắk Wil"}, "UBX-24643_UBND-xa-Dak-Wil.xlsx"},
		{"press", Unit{Code: "BC01", Name: "Báo Đắk Nông"}, "BC01_Bao-Dak-Nong.xlsx"},
		{"name without letters", Unit{Code: "X1", Name: "…"}, "X1.xlsx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FileName(&tt.u); got != tt.want {
				t.Errorf("FileName = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestFileNamesUnique: every unit of the default campaign gets its own file.
func TestFileNamesUnique(t *testing.T) {
	c := defaultCampaign(t)
	seen := map[string]string{}
	for _, u := range c.Units {
		n := strings.ToLower(FileName(&u))
		if other, ok := seen[n]; ok {
			t.Errorf("%s and %s share the file name %s", other, u.Code, n)
		}
		seen[n] = u.Code
	}
}

// TestTemplateGolden compares the content of the first unit's workbook of
// every group with testdata/golden/<group>.txt.
func TestTemplateGolden(t *testing.T) {
	c := defaultCampaign(t)
	for _, g := range c.Groups {
		t.Run(g.Code, func(t *testing.T) {
			units := c.UnitsOf(g.Code)
			if len(units) == 0 {
				t.Skip("no unit")
			}
			f, err := c.Template(units[0])
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			// Compare what a reader sees: the saved file, reopened.
			path := filepath.Join(t.TempDir(), FileName(units[0]))
			if err := f.SaveAs(path); err != nil {
				t.Fatal(err)
			}
			got := dumpFile(t, path)
			golden := filepath.Join("testdata", "golden", g.Code+".txt")
			if updating() {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./templates -update)", err)
			}
			if got != string(want) {
				t.Errorf("content differs from %s (go test ./templates -update, then review git diff):\n%s", golden, firstDiff(string(want), got))
			}
		})
	}
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d\nwant: %s\ngot:  %s", i+1, a, b)
		}
	}
	return ""
}

func dumpFile(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := dumpWorkbook(f, path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// dumpWorkbook extracts what matters of a generated workbook as text: sheets
// and their state, document properties, defined names, and per sheet the
// dimension, protection, page setup, merged cells, cell values with their
// lock state, row heights and data validations.
func dumpWorkbook(f *excelize.File, path string) (string, error) {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	sheets := f.GetSheetList()
	p("== sheets")
	for i, s := range sheets {
		state := f.WorkBook.Sheets.Sheet[i].State
		if state == "" {
			state = "visible"
		}
		p("%s: %s", s, state)
	}
	if wp := f.WorkBook.WorkbookProtection; wp != nil {
		p("workbook protection: lockStructure=%v lockWindows=%v", wp.LockStructure, wp.LockWindows)
	}
	p("== document properties")
	dp, err := f.GetDocProps()
	if err != nil {
		return "", err
	}
	p("title: %s\nsubject: %s\ncreator: %s\nlast modified by: %s\ndescription: %s\nkeywords: %s\nlanguage: %s\ncreated: %s\nmodified: %s",
		dp.Title, dp.Subject, dp.Creator, dp.LastModifiedBy, dp.Description, dp.Keywords, dp.Language, dp.Created, dp.Modified)
	props, err := f.GetCustomProps()
	if err != nil {
		return "", err
	}
	sort.Slice(props, func(i, j int) bool { return props[i].Name < props[j].Name })
	for _, pr := range props {
		p("custom %s = %v", pr.Name, pr.Value)
	}
	p("== defined names")
	names := f.GetDefinedName()
	sort.Slice(names, func(i, j int) bool {
		if names[i].Name != names[j].Name {
			return names[i].Name < names[j].Name
		}
		return names[i].Scope < names[j].Scope
	})
	for _, n := range names {
		scope := n.Scope
		if scope == "" {
			scope = "Workbook"
		}
		p("%s [%s] = %s", n.Name, scope, n.RefersTo)
	}
	for i, s := range sheets {
		p("== sheet %s", s)
		dim, err := f.GetSheetDimension(s)
		if err != nil {
			return "", err
		}
		p("dimension: %s", dim)
		tag, err := sheetProtection(path, i)
		if err != nil {
			return "", err
		}
		if tag == "" {
			p("protected: no")
		} else {
			prot, err := f.GetSheetProtection(s)
			if err != nil {
				return "", err
			}
			p("protected: password=%v selectLocked=%v selectUnlocked=%v formatColumns=%v formatRows=%v insertRows=%v deleteRows=%v formatCells=%v",
				strings.Contains(tag, "assword=") || strings.Contains(tag, "hashValue="),
				prot.SelectLockedCells, prot.SelectUnlockedCells, prot.FormatColumns, prot.FormatRows, prot.InsertRows, prot.DeleteRows, prot.FormatCells)
		}
		if pl, err := f.GetPageLayout(s); err == nil && pl.Size != nil {
			p("page: size=%d orientation=%s fitToWidth=%d fitToHeight=%d", deref(pl.Size), deref(pl.Orientation), deref(pl.FitToWidth), deref(pl.FitToHeight))
		}
		if m, err := f.GetPageMargins(s); err == nil && m.Left != nil {
			p("margins: top=%v bottom=%v left=%v right=%v", deref(m.Top), deref(m.Bottom), deref(m.Left), deref(m.Right))
		}
		merged, err := f.GetMergeCells(s)
		if err != nil {
			return "", err
		}
		var ms []string
		for _, m := range merged {
			ms = append(ms, m.GetStartAxis()+":"+m.GetEndAxis())
		}
		sort.Strings(ms)
		p("merged: %s", strings.Join(ms, " "))
		rows, err := f.GetRows(s, excelize.Options{RawCellValue: true})
		if err != nil {
			return "", err
		}
		var unlocked []string
		for r := 1; r <= len(rows)+12; r++ {
			for col := 1; col <= 6; col++ {
				cell, _ := excelize.CoordinatesToCellName(col, r)
				v := ""
				if r <= len(rows) && col <= len(rows[r-1]) {
					v = rows[r-1][col-1]
				}
				locked, err := cellLocked(f, s, cell)
				if err != nil {
					return "", err
				}
				if !locked {
					unlocked = append(unlocked, cell)
				}
				if v != "" {
					p("%s: %q", cell, v)
				}
			}
		}
		p("unlocked: %s", strings.Join(unlocked, " "))
		dvs, err := f.GetDataValidations(s)
		if err != nil {
			return "", err
		}
		sort.Slice(dvs, func(i, j int) bool { return cellOrder(dvs[i].Sqref) < cellOrder(dvs[j].Sqref) })
		for _, dv := range dvs {
			p("validation %s: %s %s %s %s blank=%v", dv.Sqref, dv.Type, dv.Operator, dv.Formula1, dv.Formula2, dv.AllowBlank)
			p("  prompt %q: %q", deref(dv.PromptTitle), deref(dv.Prompt))
			p("  error %s %q: %q", deref(dv.ErrorStyle), deref(dv.ErrorTitle), deref(dv.Error))
		}
	}
	return b.String(), nil
}

// sheetProtection returns the sheetProtection element of the sheet's XML,
// "" when the sheet is not protected. Sheets are stored in order as
// sheetN.xml, by excelize and by LibreOffice alike.
func sheetProtection(path string, index int) (string, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return "", err
	}
	defer zr.Close()
	r, err := zr.Open(fmt.Sprintf("xl/worksheets/sheet%d.xml", index+1))
	if err != nil {
		return "", err
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		return "", err
	}
	return protectionTag.FindString(string(b)), nil
}

var protectionTag = regexp.MustCompile(`<sheetProtection[^>]*>`)

func cellOrder(sqref string) int {
	col, row, err := excelize.CellNameToCoordinates(strings.Fields(sqref)[0])
	if err != nil {
		return 0
	}
	return row*100 + col
}

func cellLocked(f *excelize.File, sheet, cell string) (bool, error) {
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		return false, err
	}
	st, err := f.GetStyle(id)
	if err != nil {
		return false, err
	}
	// A cell without protection settings is locked (Excel's default).
	return st.Protection == nil || st.Protection.Locked, nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// TestTemplateSections: each group's form has exactly the indicators of the
// group, and the sections that go with them.
func TestTemplateSections(t *testing.T) {
	c := defaultCampaign(t)
	tests := []struct {
		name, unit   string
		have, absent []string // sections
	}{
		{"commune has grassroots, no press", "UBX-24643", []string{"A", "B", "C", "D", "F"}, []string{"E"}},
		{"district has grassroots, no press", "UBH-661", []string{"D"}, []string{"E"}},
		{"press has press, no grassroots", "BC01", []string{"A", "E", "F"}, []string{"D"}},
		{"department has neither", "SBN01", []string{"A", "C", "F"}, []string{"D", "E"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := c.Unit(tt.unit)
			if u == nil {
				t.Fatalf("no unit %s in the default campaign", tt.unit)
			}
			f, err := c.Template(u)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			colA, err := f.GetCols(SheetReport)
			if err != nil {
				t.Fatal(err)
			}
			inA := map[string]bool{}
			for _, v := range colA[0] {
				inA[v] = true
			}
			names := map[string]bool{}
			for _, dn := range f.GetDefinedName() {
				names[dn.Name] = true
			}
			for _, sec := range tt.have {
				if !inA[sec] {
					t.Errorf("section %s missing from column A", sec)
				}
			}
			for _, sec := range tt.absent {
				if inA[sec] {
					t.Errorf("section %s present in column A", sec)
				}
			}
			for _, ind := range c.Indicators {
				want := ind.AppliesTo(u.Group)
				if names[IndicatorName(ind.ID)] != want || inA[ind.ID] != want {
					t.Errorf("%s: named %v, in column A %v, want %v", ind.ID, names[IndicatorName(ind.ID)], inA[ind.ID], want)
				}
			}
		})
	}
}

// TestTemplateFallbackColumns: every CT_ name points at column D of the row
// whose column A holds the indicator id, as the contract promises.
func TestTemplateFallbackColumns(t *testing.T) {
	c := defaultCampaign(t)
	for _, g := range c.Groups {
		t.Run(g.Code, func(t *testing.T) {
			u := c.UnitsOf(g.Code)[0]
			f, err := c.Template(u)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			for _, ind := range c.IndicatorsFor(g.Code) {
				sheet, cell := nameCell(t, f, IndicatorName(ind.ID))
				col, row, err := excelize.CellNameToCoordinates(cell)
				if err != nil {
					t.Fatal(err)
				}
				idCell, _ := excelize.JoinCellName(ColID, row)
				id, _ := f.GetCellValue(sheet, idCell)
				if name, _ := excelize.ColumnNumberToName(col); name != ColValue || sheet != SheetReport || id != ind.ID {
					t.Errorf("%s → %s!%s, column %s holds %q", IndicatorName(ind.ID), sheet, cell, ColID, id)
				}
			}
		})
	}
}

// nameCell resolves a workbook-scoped defined name to its sheet and cell.
func nameCell(t testing.TB, f *excelize.File, name string) (sheet, cell string) {
	t.Helper()
	for _, dn := range f.GetDefinedName() {
		if dn.Name != name || (dn.Scope != "" && dn.Scope != "Workbook") {
			continue
		}
		sheet, cell, ok := splitRef(dn.RefersTo)
		if !ok {
			t.Fatalf("%s refers to %q", name, dn.RefersTo)
		}
		return sheet, cell
	}
	t.Fatalf("no defined name %s", name)
	return "", ""
}

func splitRef(ref string) (sheet, cell string, ok bool) {
	i := strings.LastIndex(ref, "!")
	if i < 0 {
		return "", "", false
	}
	sheet, cell = ref[:i], strings.ReplaceAll(ref[i+1:], "$", "")
	if strings.HasPrefix(sheet, "'") && strings.HasSuffix(sheet, "'") && len(sheet) >= 2 {
		sheet = strings.ReplaceAll(sheet[1:len(sheet)-1], "''", "'")
	}
	return sheet, cell, true
}

// fillValues returns a value for every input of the unit's form, by
// defined name, of every type: yes/no, whole, decimal, date, long text.
func fillValues(c *Campaign, u *Unit) map[string]any {
	long := strings.Repeat("Khó khăn: thiếu nhân lực “chuyên trách” & kinh phí <tuyên truyền>; đề nghị hỗ trợ.\n", 24)
	long = strings.TrimSuffix(long, "\n")
	vals := map[string]any{
		NameReporterName:  "Nguyễn Thị Ánh",
		NameReporterTitle: "Chuyên viên Văn phòng",
		NameReporterPhone: "0912345678",
		NameReporterEmail: "anh.nt@daknong.gov.vn",
		NameReportDate:    time.Date(2024, 4, 3, 0, 0, 0, 0, time.UTC),
	}
	for i, ind := range c.IndicatorsFor(u.Group) {
		var v any
		switch ind.Type {
		case TypeYesNo:
			v = []string{"Có", "Không"}[i%2]
		case TypeWhole:
			v = 10 + i
		case TypeNumber:
			v = 12.5 + float64(i)
		case TypeDate:
			v = time.Date(2024, 1, 5, 0, 0, 0, 0, time.UTC)
		case TypeText:
			v = fmt.Sprintf("%s %s", ind.ID, long)
		}
		vals[IndicatorName(ind.ID)] = v
	}
	return vals
}

func fillByNames(t testing.TB, f *excelize.File, vals map[string]any) {
	t.Helper()
	for name, v := range vals {
		sheet, cell := nameCell(t, f, name)
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
}

// checkByNames reads every name back, raw, and compares with what was put.
func checkByNames(t testing.TB, path string, vals map[string]any) {
	t.Helper()
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, name := range sortedNames(vals) {
		sheet, cell := nameCell(t, f, name)
		raw, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		var got any = raw
		switch want := vals[name].(type) {
		case int:
			n, err := strconv.ParseFloat(raw, 64)
			if err != nil || n != float64(want) {
				t.Errorf("%s (%s): got %q, want %d", name, cell, raw, want)
			}
			continue
		case float64:
			n, err := strconv.ParseFloat(raw, 64)
			if err != nil || n != want {
				t.Errorf("%s (%s): got %q, want %v", name, cell, raw, want)
			}
			continue
		case time.Time:
			n, err := strconv.ParseFloat(raw, 64)
			if err != nil || !SerialToDate(n).Equal(want) {
				t.Errorf("%s (%s): got %q, want %s", name, cell, raw, vn.Date(want))
			}
			continue
		}
		if got != vals[name] {
			t.Errorf("%s (%s): got %q, want %q", name, cell, raw, vals[name])
		}
	}
}

func sortedNames(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestRoundTrip: a template filled by code through the defined names, saved
// and reopened, gives back exactly the values put in.
func TestRoundTrip(t *testing.T) {
	c := defaultCampaign(t)
	for _, code := range []string{"UBX-24643", "BC01", "TU03"} {
		t.Run(code, func(t *testing.T) {
			u := c.Unit(code)
			f, err := c.Template(u)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			vals := fillValues(c, u)
			fillByNames(t, f, vals)
			path := filepath.Join(t.TempDir(), FileName(u))
			if err := f.SaveAs(path); err != nil {
				t.Fatal(err)
			}
			vals[NameUnitCode] = u.Code
			vals[NameUnitName] = u.Name
			checkByNames(t, path, vals)
		})
	}
}

// TestTemplateDeterministic: the same unit gives the same content twice.
func TestTemplateDeterministic(t *testing.T) {
	c := defaultCampaign(t)
	u := c.Unit("UBX-24643")
	var dumps [2]string
	for i := range dumps {
		f, err := c.Template(u)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), FileName(u))
		if err := f.SaveAs(path); err != nil {
			t.Fatal(err)
		}
		f.Close()
		dumps[i] = dumpFile(t, path)
	}
	if dumps[0] != dumps[1] {
		t.Errorf("two runs differ:\n%s", firstDiff(dumps[0], dumps[1]))
	}
}

func TestGenerate(t *testing.T) {
	c := defaultCampaign(t)
	dir := filepath.Join(t.TempDir(), "bieu-mau")
	var calls []int
	res, err := Generate(c, GenerateOptions{
		OutDir: dir, Units: []string{" ubx-24643 ", "BC01"}, Groups: []string{"bc"},
		Progress: func(done, total int) {
			if total != 4 {
				t.Errorf("progress total %d, want 4", total)
			}
			calls = append(calls, done)
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Files {
		got = append(got, filepath.Base(f.Path))
	}
	want := []string{"BC01_Bao-Dak-Nong.xlsx", "BC02_Dai-Phat-thanh-Truyen-hinh-Dak-Nong.xlsx", "BC03_Tap-chi-Nam-Nung.xlsx", "UBX-24643_UBND-xa-Dak-Wil.xlsx"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("files %v, want %v", got, want)
	}
	if fmt.Sprint(calls) != "[1 2 3 4]" {
		t.Errorf("progress calls %v, want [1 2 3 4]", calls)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 6 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("folder holds %v, want 4 workbooks, the list and the online questions (no temporary files)", names)
	}
	if q, err := os.ReadFile(filepath.Join(dir, OnlineQuestionsFileName)); err != nil || !strings.HasPrefix(string(q), "\ufeffSTT,") || res.Questions != filepath.Join(dir, OnlineQuestionsFileName) {
		t.Errorf("online questions %q (%v), result %q", q, err, res.Questions)
	}
	for _, f := range res.Files {
		wb, err := excelize.OpenFile(f.Path)
		if err != nil {
			t.Fatal(err)
		}
		_, cell := nameCell(t, wb, NameUnitCode)
		if v, _ := wb.GetCellValue(SheetReport, cell); v != f.Unit.Code {
			t.Errorf("%s: DV_MA holds %q, want %s", f.Path, v, f.Unit.Code)
		}
		wb.Close()
	}
	list, err := os.ReadFile(res.List)
	if err != nil {
		t.Fatal(err)
	}
	wantList := "\ufeffMã đơn vị,Tên đơn vị,Nhóm,Email,Tên tệp\r\n" +
		"BC01,Báo Đắk Nông,BC,,BC01_Bao-Dak-Nong.xlsx\r\n"
	if !strings.HasPrefix(string(list), wantList) || strings.Count(string(list), "\r\n") != 5 {
		t.Errorf("list:\n%s", list)
	}
	var noEmail []string
	for _, u := range res.NoEmail {
		noEmail = append(noEmail, u.Code)
	}
	if got := strings.Join(noEmail, " "); got != "BC01 BC02 BC03 UBX-24643" {
		t.Errorf("units without email: %s", got)
	}
}

func TestGenerateUnknownCodes(t *testing.T) {
	c := defaultCampaign(t)
	dir := filepath.Join(t.TempDir(), "out")
	_, err := Generate(c, GenerateOptions{OutDir: dir, Units: []string{"BC01", "KHONG-CO", "X9"}, Groups: []string{"ZZ"}})
	if err == nil {
		t.Fatal("no error for unknown codes")
	}
	for _, want := range []string{"KHONG-CO, X9", "ZZ", "UBX"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("output folder created despite the error")
	}
}

// BenchmarkGenerate writes every unit of the default campaign; ms/workbook
// is the figure to watch (aim: ≤ 3 ms per workbook per core).
func BenchmarkGenerate(b *testing.B) {
	c := defaultCampaign(b)
	n := 0
	for b.Loop() {
		res, err := Generate(c, GenerateOptions{OutDir: b.TempDir()})
		if err != nil {
			b.Fatal(err)
		}
		n += len(res.Files)
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(n), "ms/workbook")
}

// BenchmarkTemplate builds and serialises one workbook in memory.
func BenchmarkTemplate(b *testing.B) {
	c := defaultCampaign(b)
	u := c.Unit("UBX-24643")
	for b.Loop() {
		f, err := c.Template(u)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := f.WriteTo(io.Discard); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}

// soffice returns the LibreOffice binary, skipping the test when it is
// missing unless TONGHOP_REQUIRE_APPS=1 (CI) makes that a failure.
func soffice(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("TONGHOP_REQUIRE_APPS") == "1" {
			t.Fatalf("LibreOffice (soffice) is required: %v", err)
		}
		t.Skip("LibreOffice (soffice) not installed")
	}
	return path
}

// convert runs LibreOffice headless over files, in batches of at most
// loBatch files, two batches at a time, each with its own profile and a
// timeout.
func convert(t *testing.T, bin, to, outDir string, files []string) {
	t.Helper()
	const loBatch = 35
	var batches [][]string
	for len(files) > 0 {
		n := min(loBatch, len(files))
		batches = append(batches, files[:n])
		files = files[n:]
	}
	errs := make([]error, len(batches))
	sem := make(chan struct{}, 2)
	var wg sync.WaitGroup
	for i, batch := range batches {
		profile := "file://" + filepath.ToSlash(t.TempDir())
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
			defer cancel()
			args := append([]string{"-env:UserInstallation=" + profile, "--headless", "--norestore", "--convert-to", to, "--outdir", outDir}, batch...)
			if out, err := exec.CommandContext(ctx, bin, args...).CombinedOutput(); err != nil {
				errs[i] = fmt.Errorf("soffice --convert-to %s: %v\n%s", to, err, out)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestLibreOffice: every generated workbook (with -short: one per group)
// opens in LibreOffice and, re-saved by it as .xlsx, keeps its identity (the
// hidden sheet and the custom properties), every defined name, and the
// values filled in.
func TestLibreOffice(t *testing.T) {
	bin := soffice(t)
	c := defaultCampaign(t)
	in, out := t.TempDir(), t.TempDir()
	opts := GenerateOptions{OutDir: in}
	if testing.Short() {
		// One unit per group: the workbooks of a group differ only in the
		// unit's name and code.
		for _, g := range c.Groups {
			if us := c.UnitsOf(g.Code); len(us) > 0 {
				opts.Units = append(opts.Units, us[0].Code)
			}
		}
	}
	res, err := Generate(c, opts)
	if err != nil {
		t.Fatal(err)
	}
	files := make([]string, 0, len(res.Files)+1)
	for _, f := range res.Files {
		files = append(files, f.Path)
	}
	// One template filled in, to see the values survive too.
	u := c.Unit("UBX-24643")
	vals := fillValues(c, u)
	f, err := c.Template(u)
	if err != nil {
		t.Fatal(err)
	}
	fillByNames(t, f, vals)
	filled := filepath.Join(in, "filled.xlsx")
	if err := f.SaveAs(filled); err != nil {
		t.Fatal(err)
	}
	f.Close()
	files = append(files, filled)
	convert(t, bin, "xlsx", out, files)

	for _, gf := range res.Files {
		path := filepath.Join(out, filepath.Base(gf.Path))
		t.Run(gf.Unit.Code, func(t *testing.T) {
			if _, err := os.Stat(path); err != nil {
				t.Fatalf("LibreOffice did not convert %s: %v", filepath.Base(gf.Path), err)
			}
			orig, err := excelize.OpenFile(gf.Path)
			if err != nil {
				t.Fatal(err)
			}
			defer orig.Close()
			resaved, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer resaved.Close()
			checkIdentity(t, c, gf.Unit, resaved)
			want, got := namesOf(orig), namesOf(resaved)
			for name, ref := range want {
				if got[name] != ref {
					t.Errorf("defined name %s: %q after LibreOffice, was %q", name, got[name], ref)
				}
			}
		})
	}
	t.Run("filled", func(t *testing.T) {
		vals[NameUnitCode] = u.Code
		vals[NameUnitName] = u.Name
		checkByNames(t, filepath.Join(out, "filled.xlsx"), vals)
	})
}

// checkIdentity checks the identity of the contract in a workbook: the
// hidden sheet's key/value rows and the custom document properties.
func checkIdentity(t *testing.T, c *Campaign, u *Unit, f *excelize.File) {
	t.Helper()
	want := IdentityPairs(c.IdentityOf(u))
	rows, err := f.GetRows(SheetIdentity)
	if err != nil {
		t.Fatalf("identity sheet: %v", err)
	}
	got := map[string]string{}
	for _, r := range rows {
		if len(r) >= 2 {
			got[r[0]] = r[1]
		}
	}
	for _, kv := range want {
		if got[kv[0]] != kv[1] {
			t.Errorf("identity sheet %s = %q, want %q", kv[0], got[kv[0]], kv[1])
		}
	}
	if visible, _ := f.GetSheetVisible(SheetIdentity); visible {
		t.Errorf("identity sheet is visible")
	}
	props, err := f.GetCustomProps()
	if err != nil {
		t.Fatal(err)
	}
	gotProps := map[string]string{}
	for _, p := range props {
		gotProps[p.Name] = fmt.Sprint(p.Value)
	}
	for _, kv := range want {
		if gotProps[kv[0]] != kv[1] {
			t.Errorf("custom property %s = %q, want %q", kv[0], gotProps[kv[0]], kv[1])
		}
	}
}

func namesOf(f *excelize.File) map[string]string {
	m := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		m[dn.Name+"@"+dn.Scope] = dn.RefersTo
	}
	return m
}

// TestContact: the guide and the report header name the person (the office
// when no name is given), the phone and the email the campaign has, and cope
// with each of them missing.
func TestContact(t *testing.T) {
	const office = "Phòng Thông tin - Báo chí - Xuất bản"
	for _, tc := range []struct {
		name                  string
		office, person, phone string
		email                 string
		line, sendTo          string
		header                map[string]string // label → value in the report header
		absent                []string          // labels not in the header
	}{
		{
			name: "everything", office: office, person: "Nguyễn Thị Lan", phone: "0261 3544 888", email: "tonghop@daknong.gov.vn",
			line:   "Nguyễn Thị Lan (Phòng Thông tin - Báo chí - Xuất bản), điện thoại 0261 3544 888, thư điện tử tonghop@daknong.gov.vn",
			sendTo: "Gửi lại tệp này qua thư điện tử đến địa chỉ tonghop@daknong.gov.vn",
			header: map[string]string{"Hạn gửi báo cáo:": "trước ngày 05/04/2024, gửi qua thư điện tử đến tonghop@daknong.gov.vn", "Liên hệ:": "Nguyễn Thị Lan, điện thoại 0261 3544 888"},
		},
		{
			name: "office without a name", office: office, email: "tonghop@daknong.gov.vn",
			line:   "Phòng Thông tin - Báo chí - Xuất bản, thư điện tử tonghop@daknong.gov.vn",
			sendTo: "Gửi lại tệp này qua thư điện tử đến địa chỉ tonghop@daknong.gov.vn",
			header: map[string]string{"Hạn gửi báo cáo:": "trước ngày 05/04/2024, gửi qua thư điện tử đến tonghop@daknong.gov.vn", "Liên hệ:": office},
		},
		{
			name: "phone only", phone: "0261 3544 888",
			line:   "điện thoại 0261 3544 888",
			sendTo: "Gửi lại tệp này qua thư điện tử",
			header: map[string]string{"Hạn gửi báo cáo:": "trước ngày 05/04/2024", "Liên hệ:": "Điện thoại 0261 3544 888"},
		},
		{
			name:   "nothing",
			sendTo: "Gửi lại tệp này qua thư điện tử",
			header: map[string]string{"Hạn gửi báo cáo:": "trước ngày 05/04/2024"},
			absent: []string{"Liên hệ:"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := defaultCampaign(t)
			c.Contact, c.ContactPerson, c.ContactPhone, c.ContactEmail = tc.office, tc.person, tc.phone, tc.email
			if got := c.contactLine(); got != tc.line {
				t.Errorf("contact line %q\nwant         %q", got, tc.line)
			}
			if got := c.sendTo(); got != tc.sendTo {
				t.Errorf("send to %q, want %q", got, tc.sendTo)
			}
			f, err := c.Template(c.Unit("UBX-24643"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			guide, err := f.GetRows(SheetGuide)
			if err != nil {
				t.Fatal(err)
			}
			var text []string
			for _, r := range guide {
				if len(r) > 0 {
					text = append(text, r[0])
				}
			}
			all := strings.Join(text, "\n")
			if !strings.Contains(all, "\n"+tc.sendTo+" trước ngày 05/04/2024.") {
				t.Errorf("guide does not say %q:\n%s", tc.sendTo, all)
			}
			wantContact := ""
			if tc.line != "" {
				wantContact = "6. Liên hệ\nKhi cần hỏi, xin liên hệ: " + tc.line + "."
			}
			if gotContact := strings.Contains(all, "6. Liên hệ"); gotContact != (wantContact != "") || !strings.HasSuffix(all, wantContact) {
				t.Errorf("guide ends:\n%s\nwant:\n%s", all[max(0, len(all)-200):], wantContact)
			}
			rows, err := f.GetRows(SheetReport)
			if err != nil {
				t.Fatal(err)
			}
			header := map[string]string{}
			for _, r := range rows {
				if len(r) >= 3 && strings.HasSuffix(r[1], ":") {
					header[r[1]] = r[2]
				}
			}
			for label, v := range tc.header {
				if header[label] != v {
					t.Errorf("header %s %q, want %q", label, header[label], v)
				}
			}
			for _, label := range tc.absent {
				if v, ok := header[label]; ok {
					t.Errorf("header has %s %q", label, v)
				}
			}
			// The input cells keep their rows with or without a contact.
			if _, at := nameCell(t, f, IndicatorName("A1")); at != "D12" {
				t.Errorf("CT_A1 at %s, want D12", at)
			}
		})
	}
}

// TestNotesColumn: the Ghi chú cell of every indicator row is open and
// empty, and what the cell accepts is in its input prompt instead.
func TestNotesColumn(t *testing.T) {
	c := defaultCampaign(t)
	f, err := c.Template(c.Unit("UBX-24643"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dvs, err := f.GetDataValidations(SheetReport)
	if err != nil {
		t.Fatal(err)
	}
	prompt := map[string]string{}
	for _, dv := range dvs {
		prompt[dv.Sqref] = *dv.Prompt
	}
	for _, ind := range c.IndicatorsFor("UBX") {
		sheet, at := nameCell(t, f, IndicatorName(ind.ID))
		_, row, err := excelize.CellNameToCoordinates(at)
		if err != nil {
			t.Fatal(err)
		}
		note, _ := excelize.CoordinatesToCellName(5, row)
		if v, _ := f.GetCellValue(sheet, note); v != "" {
			t.Errorf("%s: Ghi chú holds %q", ind.ID, v)
		}
		id, _ := f.GetCellStyle(sheet, note)
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.Protection == nil || st.Protection.Locked {
			t.Errorf("%s: Ghi chú %s is locked", ind.ID, note)
		}
		if ind.Type == TypeText {
			continue
		}
		if want := "\n" + accepts(ind) + "."; !strings.HasSuffix(prompt[at], want) {
			t.Errorf("%s: prompt %q does not end with %q", ind.ID, prompt[at], want)
		}
	}
}

func TestInputMessage(t *testing.T) {
	long := strings.Repeat("chữ ", 80) // 320 characters
	for _, tc := range []struct {
		name, help, rule, want string
	}{
		{"hint and rule", "Số tin, bài. Chỉ nhập số.", "Số nguyên, từ 0 trở lên", "Số tin, bài. Chỉ nhập số.\nSố nguyên, từ 0 trở lên."},
		{"no rule", "Đánh giá chung.", "", "Đánh giá chung."},
		{"long hint cut, rule kept", long, "Chọn Có hoặc Không", string([]rune(long)[:255-19-1-1]) + "…\nChọn Có hoặc Không."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := inputMessage(tc.help, tc.rule)
			if got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
			if n := len([]rune(got)); n > dvMaxMessage {
				t.Errorf("%d characters, Excel allows %d", n, dvMaxMessage)
			}
		})
	}
}

func TestNoEmailWarning(t *testing.T) {
	units := func(codes ...string) []*Unit {
		var out []*Unit
		for _, c := range codes {
			out = append(out, &Unit{Code: c})
		}
		return out
	}
	files := func(n int) []GeneratedFile { return make([]GeneratedFile, n) }
	for _, tc := range []struct {
		name string
		res  GenerateResult
		want string
	}{
		{"every unit has an email", GenerateResult{Files: files(3)}, ""},
		{"two without", GenerateResult{Files: files(3), NoEmail: units("TU01", "BC02")},
			"Cảnh báo: 2/3 đơn vị chưa có email (TU01, BC02). Điền cột Email của trang “Đơn vị” trong tệp chiến dịch (tạo bằng tonghop init), rồi chạy lại với --campaign."},
		{"many without", GenerateResult{Files: files(130), NoEmail: units("TU01", "TU02", "TU03", "TU04", "TU05", "TU06", "SBN01")},
			"Cảnh báo: 7/130 đơn vị chưa có email (TU01, TU02, TU03, TU04, TU05, …). Điền cột Email của trang “Đơn vị” trong tệp chiến dịch (tạo bằng tonghop init), rồi chạy lại với --campaign."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.res.NoEmailWarning(); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}
