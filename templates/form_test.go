package templates

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"tonghop/templates/testenv"

	"github.com/xuri/excelize/v2"
)

// convert has LibreOffice convert files to format in outDir, in batches of
// at most loBatch files (one start per batch, not per file), two batches at
// a time, each its own LibreOffice (testenv.Office).
func convert(t *testing.T, to, outDir string, files []string) {
	t.Helper()
	const loBatch = 35
	var cmds []*exec.Cmd
	for len(files) > 0 {
		n := min(loBatch, len(files))
		cmds = append(cmds, testenv.Office(t, append([]string{"--convert-to", to, "--outdir", outDir}, files[:n]...)...))
		files = files[n:]
	}
	errs := make([]error, len(cmds))
	sem := make(chan struct{}, 2)
	var wg sync.WaitGroup
	for i, cmd := range cmds {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if out, err := cmd.CombinedOutput(); err != nil {
				errs[i] = fmt.Errorf("soffice --convert-to %s: %v\n%s", to, err, out)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestLibreOffice: every generated workbook opens in LibreOffice and, re-saved by it as .xlsx, keeps its identity (the
// hidden sheet and the custom properties), every defined name, and the
// values filled in.
func TestLibreOffice(t *testing.T) {
	testenv.NeedApp(t, "soffice")
	c := defaultCampaign(t)
	in, out := t.TempDir(), t.TempDir()
	res, err := Generate(c, GenerateOptions{OutDir: in})
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
	convert(t, "xlsx", out, files)

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
			header: map[string]string{"Hạn gửi báo cáo:": "trước ngày 05/4/2024, gửi qua thư điện tử đến tonghop@daknong.gov.vn", "Liên hệ:": "Nguyễn Thị Lan, điện thoại 0261 3544 888"},
		},
		{
			name: "office without a name", office: office, email: "tonghop@daknong.gov.vn",
			line:   "Phòng Thông tin - Báo chí - Xuất bản, thư điện tử tonghop@daknong.gov.vn",
			sendTo: "Gửi lại tệp này qua thư điện tử đến địa chỉ tonghop@daknong.gov.vn",
			header: map[string]string{"Hạn gửi báo cáo:": "trước ngày 05/4/2024, gửi qua thư điện tử đến tonghop@daknong.gov.vn", "Liên hệ:": office},
		},
		{
			name: "phone only", phone: "0261 3544 888",
			line:   "điện thoại 0261 3544 888",
			sendTo: "Gửi lại tệp này qua thư điện tử",
			header: map[string]string{"Hạn gửi báo cáo:": "trước ngày 05/4/2024", "Liên hệ:": "Điện thoại 0261 3544 888"},
		},
		{
			name:   "nothing",
			sendTo: "Gửi lại tệp này qua thư điện tử",
			header: map[string]string{"Hạn gửi báo cáo:": "trước ngày 05/4/2024"},
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
			if !strings.Contains(all, "\n"+tc.sendTo+" trước ngày 05/4/2024.") {
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
		if want := "\n" + capitalize(ind.Accepts()) + "."; !strings.HasSuffix(prompt[at], want) {
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
			"Cảnh báo: 2/3 đơn vị chưa có email (TU01, BC02). Điền cột Email của trang “Đơn vị” trong tệp chiến dịch (tạo bằng tonghop init), lưu lại rồi chạy lại lệnh."},
		{"many without", GenerateResult{Files: files(130), NoEmail: units("TU01", "TU02", "TU03", "TU04", "TU05", "TU06", "SBN01")},
			"Cảnh báo: 7/130 đơn vị chưa có email (TU01, TU02, TU03, TU04, TU05, …). Điền cột Email của trang “Đơn vị” trong tệp chiến dịch (tạo bằng tonghop init), lưu lại rồi chạy lại lệnh."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.res.NoEmailWarning(); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}
