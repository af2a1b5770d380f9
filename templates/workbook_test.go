package templates

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// exported returns a copy of the campaign's exported fields: indexes and
// compiled expressions cleared, so that two campaigns compare by content.
func exported(c *Campaign) Campaign {
	cc := *c
	cc.groupByCode, cc.unitByCode, cc.indByID = nil, nil, nil
	cc.Indicators = append([]Indicator(nil), c.Indicators...)
	for i := range cc.Indicators {
		cc.Indicators[i].requiredWhen = nil
	}
	cc.Rules = append([]Rule(nil), c.Rules...)
	for i := range cc.Rules {
		cc.Rules[i].when, cc.Rules[i].must = nil, nil
	}
	cc.Lists = append([]List(nil), c.Lists...)
	for i := range cc.Lists {
		cc.Lists[i].cond = nil
	}
	return cc
}

func mustDefault(t testing.TB) *Campaign {
	t.Helper()
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// defaultBook is the default campaign's workbook as WriteCampaign wrote it
// for the first test that asked: the tests that edit a copy each (dozens of
// them) would otherwise spend a third of the package's run writing the same
// bytes again.
var defaultBook struct {
	once sync.Once
	b    []byte
	err  error
}

// writeDefault writes the default campaign workbook under a temporary folder.
func writeDefault(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "chien-dich.xlsx")
	defaultBook.once.Do(func() {
		c, err := Default()
		if err == nil {
			err = WriteCampaign(c, path)
		}
		if err == nil {
			defaultBook.b, err = os.ReadFile(path)
		}
		defaultBook.err = err
	})
	if defaultBook.err != nil {
		t.Fatalf("writing the default campaign: %v", defaultBook.err)
	}
	if err := os.WriteFile(path, defaultBook.b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// editWorkbook opens the workbook with excelize (a writer other than
// WriteCampaign), applies edit and saves it in place.
func editWorkbook(t *testing.T, path string, edit func(f *excelize.File)) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	edit(f)
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
}

// rowOf returns the 1-based row whose first cell is value, failing when none.
func rowOf(t *testing.T, f *excelize.File, sheet, value string) int {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 0 && r[0] == value {
			return i + 1
		}
	}
	t.Fatalf("%s: no row %q", sheet, value)
	return 0
}

// setRow writes values as text into row, from column A.
func setRow(t *testing.T, f *excelize.File, sheet string, row int, values ...string) {
	t.Helper()
	for j, v := range values {
		cell, _ := excelize.CoordinatesToCellName(j+1, row)
		if err := f.SetCellStr(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
}

func setCell(t *testing.T, f *excelize.File, sheet, cell string, v any) {
	t.Helper()
	if err := f.SetCellValue(sheet, cell, v); err != nil {
		t.Fatal(err)
	}
}

// appendRow writes values into the first row after the sheet's data.
func appendRow(t *testing.T, f *excelize.File, sheet string, values ...string) int {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	setRow(t, f, sheet, len(rows)+1, values...)
	return len(rows) + 1
}

func TestWriteCampaignRoundTrip(t *testing.T) {
	want := mustDefault(t)
	path := writeDefault(t)
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(exported(want), exported(got)) {
		w, g := encode(want), encode(got)
		for _, tb := range tables {
			if !reflect.DeepEqual(w[tb], g[tb]) {
				t.Errorf("%s differs after the round trip:\nwant %q\ngot  %q", tb.sheet, w[tb], g[tb])
			}
		}
		t.Fatal("campaign read back differs from the campaign written")
	}
	// Writing what was read gives the same workbook content again.
	again := filepath.Join(t.TempDir(), "lan-2.xlsx")
	if err := WriteCampaign(got, again); err != nil {
		t.Fatal(err)
	}
	if a, b := sheetContent(t, path), sheetContent(t, again); !reflect.DeepEqual(a, b) {
		t.Error("writing the campaign read back gives other cells")
	}
}

// sheetContent returns every sheet's raw cell values.
func sheetContent(t *testing.T, path string) map[string][][]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][][]string{}
	for _, s := range f.GetSheetList() {
		rows, err := f.GetRows(s, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		out[s] = rows
	}
	return out
}

// TestEncodeMatchesEmbeddedCSV checks that encode is the inverse of decode
// on the embedded tables: every non-empty cell of every CSV row comes back.
func TestEncodeMatchesEmbeddedCSV(t *testing.T) {
	enc := encode(mustDefault(t))
	for _, tb := range tables {
		t.Run(tb.file, func(t *testing.T) {
			b, err := defaultFS.ReadFile("campaign/" + tb.file)
			if err != nil {
				t.Fatal(err)
			}
			csvRows, err := readCSV(b)
			if err != nil {
				t.Fatal(err)
			}
			want, got := byKey(csvRows), byKey(enc[tb])
			if len(want) != len(got) {
				t.Fatalf("%d rows in the CSV, %d encoded", len(want), len(got))
			}
			for i := range want {
				if !reflect.DeepEqual(want[i], got[i]) {
					t.Errorf("row %d:\nCSV     %v\nencoded %v", i+2, want[i], got[i])
				}
			}
		})
	}
}

// byKey turns rows with a header into maps of the non-empty cells, NFC.
func byKey(rows [][]string) []map[string]string {
	var out []map[string]string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for j, v := range r {
			if v = NFC(v); v != "" {
				m[rows[0][j]] = v
			}
		}
		out = append(out, m)
	}
	return out
}

func TestCampaignWorkbookLayout(t *testing.T) {
	c := mustDefault(t)
	f, err := excelize.OpenFile(writeDefault(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	var sheets []string
	for _, tb := range tables {
		sheets = append(sheets, tb.sheet)
	}
	if got := f.GetSheetList(); !reflect.DeepEqual(got, sheets) {
		t.Fatalf("sheets %q, want %q", got, sheets)
	}
	if f.GetActiveSheetIndex() != 0 {
		t.Errorf("active sheet %d, want the first", f.GetActiveSheetIndex())
	}
	if font, _ := f.GetDefaultFont(); font != campaignFont {
		t.Errorf("default font %q", font)
	}

	for _, tb := range tables {
		t.Run(tb.sheet, func(t *testing.T) {
			rows, err := f.GetRows(tb.sheet)
			if err != nil {
				t.Fatal(err)
			}
			comments, err := f.GetComments(tb.sheet)
			if err != nil {
				t.Fatal(err)
			}
			note := map[string]string{}
			for _, cm := range comments {
				var b strings.Builder
				for _, p := range cm.Paragraph {
					b.WriteString(p.Text)
				}
				note[cm.Cell] = b.String() + cm.Text
			}
			for j, col := range tb.cols {
				cell, _ := excelize.CoordinatesToCellName(j+1, 1)
				if rows[0][j] != col.header {
					t.Errorf("%s = %q, want %q", cell, rows[0][j], col.header)
				}
				if note[cell] != col.note {
					t.Errorf("note of %s = %q, want %q", cell, note[cell], col.note)
				}
				name, _ := excelize.ColumnNumberToName(j + 1)
				if w, _ := f.GetColWidth(tb.sheet, name); w != col.width {
					t.Errorf("width of column %s = %v, want %v", name, w, col.width)
				}
				style, _ := f.GetCellStyle(tb.sheet, cell)
				st, err := f.GetStyle(style)
				if err != nil {
					t.Fatal(err)
				}
				if st.Font == nil || !st.Font.Bold || st.Font.Family != campaignFont || len(st.Border) != 4 ||
					st.Fill.Type != "pattern" || st.Alignment == nil || !st.Alignment.WrapText {
					t.Errorf("header %s is not bold Times New Roman with fill, borders and wrap: %+v", cell, st)
				}
			}
			panes, err := f.GetPanes(tb.sheet)
			if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
				t.Errorf("header not frozen: %+v %v", panes, err)
			}
			end, _ := excelize.CoordinatesToCellName(len(tb.cols), len(rows))
			if dim, _ := f.GetSheetDimension(tb.sheet); dim != "A1:"+end {
				t.Errorf("dimension %q, want A1:%s", dim, end)
			}
		})
	}

	t.Run("keys, explanations and dates", func(t *testing.T) {
		rows, _ := f.GetRows(tableMeta.sheet)
		labels := map[string]string{}
		for _, mk := range metaKeys {
			labels[mk.key] = mk.label
		}
		seen := map[string]bool{}
		for _, r := range rows[1:] {
			if len(r) < 3 || r[2] != labels[r[0]] {
				t.Errorf("row %q: explanation is not the key's label", r)
			}
			seen[r[0]] = true
		}
		if len(seen) != len(metaKeys) {
			t.Errorf("%d keys shown, want all %d", len(seen), len(metaKeys))
		}
		// Dates are date cells shown dd/mm/yyyy.
		row := rowOf(t, f, tableMeta.sheet, "bat_dau")
		cell, _ := excelize.CoordinatesToCellName(2, row)
		if v, _ := f.GetCellValue(tableMeta.sheet, cell); v != "15/12/2023" {
			t.Errorf("bat_dau shown as %q", v)
		}
		if typ, _ := f.GetCellType(tableMeta.sheet, cell); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
			t.Errorf("bat_dau is text, want a date cell")
		}
		if v, _ := f.GetCellValue(tableMeta.sheet, cell, excelize.Options{RawCellValue: true}); v != "45275" {
			t.Errorf("bat_dau serial %q, want 45275", v)
		}
	})

	t.Run("drop-downs", func(t *testing.T) {
		var types []string
		for _, ty := range Types {
			types = append(types, ty.Label())
		}
		groups := `'Nhóm'!$A$2:$A$` + strconv.Itoa(len(c.Groups)+1+spareChoices)
		units := `'Đơn vị'!$A$2:$A$` + strconv.Itoa(len(c.Units)+1+spareChoices)
		for _, tc := range []struct {
			t       *table
			col     string
			formula string
			strict  bool
		}{
			{tableMeta, "A", "", true},
			{tableGroups, "D", groups, true},
			{tableUnits, "C", groups, true},
			{tableUnits, "D", units, false},
			{tableIndicators, "F", `"` + strings.Join(types, ",") + `"`, true},
			{tableIndicators, "G", groups, false},
			{tableIndicators, "J", `"Có,Không"`, true},
			{tableRules, "D", `"Lỗi,Cảnh báo"`, true},
		} {
			dvs, err := f.GetDataValidations(tc.t.sheet)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, dv := range dvs {
				if !strings.HasPrefix(dv.Sqref, tc.col+"2:") {
					continue
				}
				found = true
				if dv.Type != "list" || (tc.formula != "" && dv.Formula1 != tc.formula) {
					t.Errorf("%s!%s: validation %s %q, want list %q", tc.t.sheet, tc.col, dv.Type, dv.Formula1, tc.formula)
				}
				if strict := dv.ErrorStyle != nil && *dv.ErrorStyle == "stop"; strict != tc.strict {
					t.Errorf("%s!%s: refuses other values = %v, want %v", tc.t.sheet, tc.col, strict, tc.strict)
				}
				if !dv.ShowInputMessage || dv.Prompt == nil || *dv.Prompt == "" {
					t.Errorf("%s!%s: no prompt", tc.t.sheet, tc.col)
				}
			}
			if !found {
				t.Errorf("%s!%s: no drop-down", tc.t.sheet, tc.col)
			}
		}
	})
}

func TestWriteCampaignErrors(t *testing.T) {
	c := mustDefault(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "tep")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	readOnly := filepath.Join(dir, "chi-doc")
	if err := os.Mkdir(readOnly, 0o555); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, path, want string
	}{
		{"missing folder", filepath.Join(dir, "khong-co", "chien-dich.xlsx"), "thư mục " + filepath.Join(dir, "khong-co") + " không tồn tại"},
		{"folder is a file", filepath.Join(file, "chien-dich.xlsx"), file + " không phải là thư mục"},
		{"path is a folder", readOnly + ".xlsx", ""},
		{"not xlsx", filepath.Join(dir, "chien-dich.csv"), "phải có đuôi .xlsx"},
		{"read-only folder", filepath.Join(readOnly, "chien-dich.xlsx"), "không có quyền ghi vào thư mục " + readOnly},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "path is a folder" {
				if err := os.Mkdir(tc.path, 0o755); err != nil {
					t.Fatal(err)
				}
				tc.want = "đây là một thư mục"
			}
			if tc.name == "read-only folder" {
				if probe, err := os.CreateTemp(readOnly, "probe"); err == nil {
					probe.Close()
					os.Remove(probe.Name())
					t.Skip("the folder is writable anyway (running as root)")
				}
			}
			err := WriteCampaign(c, tc.path)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.path) {
				t.Fatalf("error %v, want one naming %s and saying %q", err, tc.path, tc.want)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.HasSuffix(e.Name(), ".tmp") {
					t.Errorf("temporary file %s left behind", e.Name())
				}
			}
		})
	}

	t.Run("replaces an existing file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "chien-dich.xlsx")
		if err := os.WriteFile(path, []byte("cũ"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := WriteCampaign(c, path); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(path); err != nil {
			t.Fatal(err)
		}
		entries, _ := os.ReadDir(filepath.Dir(path))
		if len(entries) != 1 {
			t.Errorf("folder holds %d files, want 1", len(entries))
		}
	})
}

// TestEditedWorkbook edits the written workbook the way an officer would,
// with excelize rather than WriteCampaign, and checks that the campaign read
// back carries the edit, and nothing else changed.
func TestEditedWorkbook(t *testing.T) {
	def := mustDefault(t)
	d := func(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		name  string
		edit  func(t *testing.T, f *excelize.File)
		check func(t *testing.T, c *Campaign)
	}{
		{
			name: "unit added",
			edit: func(t *testing.T, f *excelize.File) {
				appendRow(t, f, tableUnits.sheet, "UBX-99999", "UBND xã Đắk Mới", "UBX", "UBH-660", "99999", "Đăk Mới; Dak Moi", "dakmoi@example.vn")
			},
			check: func(t *testing.T, c *Campaign) {
				u := c.Unit("UBX-99999")
				want := Unit{Code: "UBX-99999", Name: "UBND xã Đắk Mới", Group: "UBX", Parent: "UBH-660", GSOCode: "99999",
					Aliases: []string{"Đăk Mới", "Dak Moi"}, Email: "dakmoi@example.vn"}
				if u == nil || !reflect.DeepEqual(*u, want) {
					t.Fatalf("unit %+v, want %+v", u, want)
				}
				if n := len(c.UnitsOf("UBX")); n != 72 {
					t.Errorf("UBX has %d units, want 72", n)
				}
				kids := c.Children("UBH-660")
				if kids[len(kids)-1].Code != "UBX-99999" {
					t.Errorf("the new commune is not under UBH-660")
				}
				if len(c.Units) != len(def.Units)+1 {
					t.Errorf("%d units, want %d", len(c.Units), len(def.Units)+1)
				}
			},
		},
		{
			name: "deadline moved as a date cell",
			edit: func(t *testing.T, f *excelize.File) {
				row := rowOf(t, f, tableMeta.sheet, "han_so_lieu")
				cell, _ := excelize.CoordinatesToCellName(2, row)
				setCell(t, f, tableMeta.sheet, cell, d(2024, 4, 12))
			},
			check: func(t *testing.T, c *Campaign) {
				if !c.DataDeadline.Equal(d(2024, 4, 12)) {
					t.Errorf("data deadline %v", c.DataDeadline)
				}
			},
		},
		{
			name: "deadline moved as typed text",
			edit: func(t *testing.T, f *excelize.File) {
				row := rowOf(t, f, tableMeta.sheet, "han_van_ban")
				cell, _ := excelize.CoordinatesToCellName(2, row)
				setCell(t, f, tableMeta.sheet, cell, "3/5/2024")
			},
			check: func(t *testing.T, c *Campaign) {
				if !c.WrittenDeadline.Equal(d(2024, 5, 3)) {
					t.Errorf("written deadline %v", c.WrittenDeadline)
				}
			},
		},
		{
			name: "indicator added",
			edit: func(t *testing.T, f *excelize.File) {
				row := rowOf(t, f, tableIndicators.sheet, "D5") + 1
				if err := f.InsertRows(tableIndicators.sheet, row, 1); err != nil {
					t.Fatal(err)
				}
				setRow(t, f, tableIndicators.sheet, row, "D6", "D", "Hệ thống thông tin cơ sở", "Cụm loa mới lắp đặt", "cụm", "Số nguyên", "UBH; UBX")
				setCell(t, f, tableIndicators.sheet, "H"+strconv.Itoa(row), 0)
				setCell(t, f, tableIndicators.sheet, "I"+strconv.Itoa(row), 500)
				setCell(t, f, tableIndicators.sheet, "J"+strconv.Itoa(row), "Có")
			},
			check: func(t *testing.T, c *Campaign) {
				ind := c.Indicator("D6")
				if ind == nil || ind.Type != TypeWhole || ind.Max == nil || *ind.Max != 500 || ind.Min == nil || *ind.Min != 0 || !ind.Required {
					t.Fatalf("D6 = %+v", ind)
				}
				ids := func(inds []*Indicator) string {
					var s []string
					for _, i := range inds {
						s = append(s, i.ID)
					}
					return strings.Join(s, " ")
				}
				if got := ids(c.IndicatorsFor("UBX")); !strings.Contains(got, "D5 D6 F1") {
					t.Errorf("UBX form: %s", got)
				}
				if strings.Contains(ids(c.IndicatorsFor("SBN")), "D6") {
					t.Error("D6 on the SBN form")
				}
				if c.Fingerprint("UBX") == def.Fingerprint("UBX") || c.Fingerprint("UBH") == def.Fingerprint("UBH") {
					t.Error("UBX/UBH fingerprint unchanged")
				}
				if c.Fingerprint("SBN") != def.Fingerprint("SBN") {
					t.Error("SBN fingerprint changed")
				}
			},
		},
		{
			name: "rule added",
			edit: func(t *testing.T, f *excelize.File) {
				appendRow(t, f, tableRules.sheet, "R7", "D4 > 0", "D3 > 0", "Cảnh báo", "D4 = {D4} lượt trình chiếu nhưng D3 = {D3}")
			},
			check: func(t *testing.T, c *Campaign) {
				r := &c.Rules[len(c.Rules)-1]
				if r.ID != "R7" || r.Severity != SeverityWarning {
					t.Fatalf("last rule %+v", r)
				}
				holds, applies, err := c.Check(r, Values{"D3": 0.0, "D4": 12.0})
				if err != nil || !applies || holds {
					t.Errorf("R7 on D3=0, D4=12: holds=%v applies=%v err=%v", holds, applies, err)
				}
				if msg := c.Format(r, Values{"D3": 0.0, "D4": 12.0}); msg != "D4 = 12 lượt trình chiếu nhưng D3 = 0" {
					t.Errorf("message %q", msg)
				}
				if got := strings.Join(r.Vars(), ","); got != "D3,D4" {
					t.Errorf("vars %s", got)
				}
			},
		},
		{
			name: "new keys, online question and ratio filled in",
			edit: func(t *testing.T, f *excelize.File) {
				for key, v := range map[string]string{
					"kinh_gui":           "Bộ Thông tin và Truyền thông",
					"lien_he_nguoi":      "Nguyễn Thị Lan",
					"lien_he_dien_thoai": "0261 3544 888",
					"lien_he_email":      "tonghop@daknong.gov.vn",
				} {
					row := rowOf(t, f, tableMeta.sheet, key)
					cell, _ := excelize.CoordinatesToCellName(2, row)
					setCell(t, f, tableMeta.sheet, cell, v)
				}
				setCell(t, f, tableIndicators.sheet, "M"+strconv.Itoa(rowOf(t, f, tableIndicators.sheet, "C2")), "Có bao nhiêu người đã thay khung ảnh đại diện?")
				appendRow(t, f, tableRatios.sheet, "TL2", "Tỷ lệ trang mạng xã hội đã thay ảnh bìa", "B3", "B1")
			},
			check: func(t *testing.T, c *Campaign) {
				if c.Addressee != "Bộ Thông tin và Truyền thông" || c.ContactPerson != "Nguyễn Thị Lan" ||
					c.ContactPhone != "0261 3544 888" || c.ContactEmail != "tonghop@daknong.gov.vn" {
					t.Errorf("keys %q %q %q %q", c.Addressee, c.ContactPerson, c.ContactPhone, c.ContactEmail)
				}
				if q := c.Indicator("C2").OnlineQuestion; q != "Có bao nhiêu người đã thay khung ảnh đại diện?" {
					t.Errorf("C2 online question %q", q)
				}
				if q := c.Indicator("C1").OnlineQuestion; q != "" {
					t.Errorf("C1 online question %q", q)
				}
				want := append(append([]Ratio(nil), def.Ratios...), Ratio{ID: "TL2", Label: "Tỷ lệ trang mạng xã hội đã thay ảnh bìa", Numerator: "B3", Denominator: "B1"})
				if !reflect.DeepEqual(c.Ratios, want) {
					t.Errorf("ratios %+v", c.Ratios)
				}
			},
		},
		{
			// A workbook written before the ratios existed has no Tỷ lệ sheet.
			name: "older workbook without the ratio sheet",
			edit: func(t *testing.T, f *excelize.File) {
				if err := f.DeleteSheet(tableRatios.sheet); err != nil {
					t.Fatal(err)
				}
			},
			check: func(t *testing.T, c *Campaign) {
				if len(c.Ratios) != 0 {
					t.Errorf("ratios %+v", c.Ratios)
				}
				want := exported(def)
				want.Ratios = nil
				if !reflect.DeepEqual(exported(c), want) {
					t.Error("campaign changed")
				}
			},
		},
		{
			name: "columns reordered and blank rows inserted",
			edit: func(t *testing.T, f *excelize.File) {
				rows, err := f.GetRows(tableUnits.sheet)
				if err != nil {
					t.Fatal(err)
				}
				for i, r := range rows {
					for len(r) < 3 {
						r = append(r, "")
					}
					setRow(t, f, tableUnits.sheet, i+1, r[2], r[0], r[1]) // Nhóm, Mã, Tên
				}
				if err := f.InsertRows(tableUnits.sheet, 10, 2); err != nil {
					t.Fatal(err)
				}
			},
			check: func(t *testing.T, c *Campaign) {
				if !reflect.DeepEqual(exported(c), exported(def)) {
					t.Error("campaign changed")
				}
			},
		},
		{
			name: "group order and sheet names changed",
			edit: func(t *testing.T, f *excelize.File) {
				// Swap the order numbers of TU and SBN; rename a sheet
				// without diacritics, as some editors do.
				setCell(t, f, tableGroups.sheet, "C2", 2)
				setCell(t, f, tableGroups.sheet, "C3", 1)
				if err := f.SetSheetName(tableIndicators.sheet, "chi tieu"); err != nil {
					t.Fatal(err)
				}
			},
			check: func(t *testing.T, c *Campaign) {
				if c.Groups[0].Code != "SBN" || c.Groups[1].Code != "TU" {
					t.Errorf("groups %s %s", c.Groups[0].Code, c.Groups[1].Code)
				}
				if len(c.Indicators) != len(def.Indicators) {
					t.Errorf("%d indicators", len(c.Indicators))
				}
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel() // each edits a copy of its own
			path := writeDefault(t)
			editWorkbook(t, path, func(f *excelize.File) { tc.edit(t, f) })
			c, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, c)
		})
	}
}

func BenchmarkWriteCampaign(b *testing.B) {
	c := mustDefault(b)
	dir := b.TempDir()
	for b.Loop() {
		if err := WriteCampaign(c, filepath.Join(dir, "chien-dich.xlsx")); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadCampaign(b *testing.B) {
	path := writeDefault(b)
	for b.Loop() {
		if _, err := Load(path); err != nil {
			b.Fatal(err)
		}
	}
}
