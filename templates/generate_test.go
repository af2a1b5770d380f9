package templates

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"tonghop/templates/testenv"
	"tonghop/templates/vn"

	"github.com/xuri/excelize/v2"
)

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
			if testenv.Update() {
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
			if err != nil || !vn.SerialDate(n, false).Equal(want) {
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

// Names from the campaign workbook (an input too) reach the mail-merge list
// without control or bidi-override characters, and inert in Excel.
func TestCSVTextSafe(t *testing.T) {
	for in, want := range map[string]string{
		"UBND xã\u202e Đắk Wil": "UBND xã Đắk Wil",
		"=HYPERLINK(1)":         "'=HYPERLINK(1)",
		"a\x1b[2Jb":             "a[2Jb",
		"dòng 1\ndòng 2":        "dòng 1\ndòng 2",
	} {
		if got := csvText(in); got != want {
			t.Errorf("csvText(%q) = %q, want %q", in, got, want)
		}
	}
}
