package aggregate_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"tonghop/aggregate"
	"tonghop/aggregate/aggregatetest/returned"
	"tonghop/aggregate/archive/archivetest"
	"tonghop/aggregate/gate"
	"tonghop/aggregate/summary"
	"tonghop/aggregate/textout"
	"tonghop/aggregate/workbook"
	"tonghop/templates"
)

// corpusFile is one file of the hostile corpus.
type corpusFile struct {
	path   string           // slash-separated, relative to the input folder
	data   []byte           // nil for links and pipes
	link   string           // a symbolic link to this target
	pipe   bool             // a named pipe
	use    string           // expected Use.Label in "Tệp nguồn"
	reason string           // expected "Lý do" in "Tệp nguồn"
	unit   string           // the unit of a report that is read
	vals   map[string]any   // the figures put in a report counted
	status aggregate.Status // the unit's expected status
	issue  string           // an expected error of a report used but invalid
	listed string           // the name it is listed under, when not path (a file inside an archive)
}

// inputState is what must not change in an input: content, time and mode
// (for a link, its target).
type inputState struct {
	sha, link string
	mode      os.FileMode
	mod       time.Time
}

// snapshot records the state of every entry under dirs, without following
// links, without opening pipes, skipping skip (the output folder).
func snapshot(t *testing.T, skip string, dirs ...string) map[string]inputState {
	t.Helper()
	out := map[string]inputState{}
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if p == skip {
				return filepath.SkipDir
			}
			info, err := os.Lstat(p)
			if err != nil {
				return err
			}
			st := inputState{mode: info.Mode(), mod: info.ModTime()}
			switch {
			case info.Mode()&os.ModeSymlink != 0:
				st.link, err = os.Readlink(p)
			case info.Mode().IsRegular():
				var b []byte
				b, err = os.ReadFile(p)
				sum := sha256.Sum256(b)
				st.sha = hex.EncodeToString(sum[:])
			}
			out[p] = st
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// answers converts figures to the values read back (Value.Any).
func answers(vals map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range vals {
		if strings.HasPrefix(k, "NBC_") {
			continue
		}
		switch x := v.(type) {
		case int:
			v = float64(x)
		case string:
			if x == "" {
				v = nil
			}
		}
		out[k] = v
	}
	return out
}

// TestHostileCorpusLosesNothing merges the whole bad-input corpus mixed
// with good reports, in a folder that also holds the output folder: no
// input changes, every good report is counted with its exact values, every
// bad file is listed in "Tệp nguồn" with its reason, and text typed to look
// like a formula stays text in every output.
func TestHostileCorpusLosesNothing(t *testing.T) {
	t.Parallel()
	c := returned.Campaign(t)
	base := t.TempDir()
	root := filepath.Join(base, "Báo cáo về")
	outside := filepath.Join(base, "nơi khác")
	out := filepath.Join(root, "ket-qua")
	clean := returned.Clean(t, c)
	sheet := returned.ReportSheetPart(t, c)

	const (
		evilLink  = `=HYPERLINK("http://x.example","bấm vào")`
		evilAt    = "@SUM(1+1)"
		evilMinus = "-1+1"
		evilPlus  = "+84 912 345 678"
	)
	report := func(code string, k int, edit func(v map[string]any)) map[string]any {
		v := returned.Figures(c, code, k)
		v[templates.NameReporterName] = "Nguyễn Văn A"
		v[templates.NameReportDate] = returned.Day(2024, 4, 1)
		if edit != nil {
			edit(v)
		}
		return v
	}
	good := func(path, code string, k int, edit func(v map[string]any)) corpusFile {
		v := report(code, k, edit)
		return corpusFile{path: path, data: returned.Form(t, c, code, v, nil), use: "được dùng", unit: code, vals: v, status: aggregate.StatusOnTime}
	}
	bad := func(path string, data []byte, reason string) corpusFile {
		return corpusFile{path: path, data: data, use: "bị loại", reason: reason}
	}
	inside := func(cf corpusFile, name string) corpusFile {
		cf.listed = cf.path + " › " + name
		return cf
	}
	// Folders nested past Windows' 260 characters.
	long := strings.Repeat("thư mục lồng nhau rất dài/", 12) + "báo cáo xã có tên rất dài.xlsx"
	evil := good("Văn phòng Tỉnh ủy.xlsx", "TU01", 1, func(v map[string]any) {
		v["F1"], v["F2"], v["F3"] = evilLink, evilAt, evilMinus
		v[templates.NameReporterName] = evilPlus
	})
	macro := good("co-macro.xlsm", "TU03", 3, nil)
	{
		f, err := excelize.OpenReader(bytes.NewReader(macro.data))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.AddVBAProject(returned.VBAProject()); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(t.TempDir(), "x.xlsm")
		if err := f.SaveAs(p); err != nil {
			t.Fatal(err)
		}
		f.Close()
		macro.data = returned.ReadAll(t, p)
	}
	noSheet := report("TU05", 5, nil)
	merged := report("TU06", 6, nil)
	typedLink := report("SBN04", 4, func(v map[string]any) { v["C1"] = evilLink })
	files := []corpusFile{
		evil,
		macro,
		good(norm.NFC.String("Ban Tổ chức - NFC.xlsx"), "TU02", 2, nil),
		good(norm.NFD.String("Sở Nội vụ - NFD.xlsx"), "SBN02", 7, nil),
		good("thư mục có  dấu cách/ BC   có dấu cách .xlsx", "UBH-660", 8, nil),
		good(long, "UBX-24611", 9, nil),
		good("a:b.xlsx", "BC01", 10, nil),
		good("con.xlsx", "UBX-24612", 11, nil),
		good("nop lan cuoi.", "SBN01", 12, nil), // trailing dot, no extension
		{path: "lien-ket.xlsx", link: filepath.Join(outside, "SBN03.xlsx")},
		{path: "thu-muc-lien-ket", link: filepath.Join(outside, "thu-muc"), use: "bị loại", reason: "liên kết (lối tắt) tới thư mục nằm ngoài thư mục báo cáo, không đi theo: chép thư mục đó vào nếu cần tổng hợp"},
		{path: "vong", link: ".", use: "bị loại", reason: "liên kết trỏ về thư mục đã đọc (vòng lặp), bỏ qua"},
		{path: "lien-ket-hong.xlsx", link: filepath.Join(outside, "khong-co.xlsx"), use: "bị loại", reason: "liên kết hỏng hoặc không đọc được tệp"},
		bad("rong.xlsx", []byte{}, "tệp rỗng (0 byte) — có thể tải tệp đính kèm chưa xong: tải lại từ thư điện tử; nếu vẫn rỗng, đề nghị đơn vị gửi lại"),
		bad("van-ban.xlsx", []byte("Kính gửi Sở Thông tin và Truyền thông,\nĐơn vị xin gửi báo cáo.\n"), "tệp văn bản/CSV, không phải .xlsx: tệp CSV mất biểu mẫu (tên vùng, mã đơn vị) nên không đọc chắc chắn được — "+gate.MsgSaveAsXLSX),
		bad("cong-van.xlsx", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n"), "tệp văn bản (báo cáo bằng văn bản?) không đọc được: tệp PDF hỏng hoặc bị cắt cụt — nếu đây là báo cáo bằng văn bản của đơn vị, đề nghị gửi lại tệp .docx hoặc .pdf"),
		bad("cat-ngang.xlsx", clean[:len(clean)/2], gate.MsgTruncated),
		// An archive is read as the files inside it.
		inside(bad("nen.xlsx", archivetest.Zip(t, "bao-cao/bc.xlsx", "x"), "tệp văn bản/CSV, không phải .xlsx: tệp CSV mất biểu mẫu (tên vùng, mã đơn vị) nên không đọc chắc chắn được — "+gate.MsgSaveAsXLSX), "bao-cao/bc.xlsx"),
		// .xls and .ods are read: these are UBX-24611's blank template, which
		// never pushes aside its filled report.
		{path: "cu.xls", data: returned.ReadAll(t, filepath.Join("testdata", "read", "bieu-mau.xls")), use: "bị thay thế", reason: "tệp có lỗi chung (biểu mẫu chưa được điền: cả 21 chỉ tiêu đều trống — có thể đơn vị gửi nhầm biểu mẫu trống; đề nghị gửi lại bản đã điền), đơn vị đã có báo cáo khác: " + long},
		{path: "bang-tinh.ods", data: returned.ReadAll(t, filepath.Join("testdata", "read", "bieu-mau.ods")), use: "bị thay thế", reason: "tệp có lỗi chung (biểu mẫu chưa được điền: cả 21 chỉ tiêu đều trống — có thể đơn vị gửi nhầm biểu mẫu trống; đề nghị gửi lại bản đã điền), đơn vị đã có báo cáo khác: " + long},
		bad("danh-sach.csv", returned.ReadAll(t, filepath.Join("testdata", "read", "go-lai.csv")), "tệp văn bản/CSV, không phải .xlsx: tệp CSV mất biểu mẫu (tên vùng, mã đơn vị) nên không đọc chắc chắn được — "+gate.MsgSaveAsXLSX),
		bad("mat-khau.xlsx", returned.Form(t, c, "TU04", report("TU04", 4, nil), nil, excelize.Options{Password: "DakNong2024"}), gate.MsgEncrypted),
		bad("bom.xlsx", archivetest.BigPart(t, "xl/sharedStrings.xml", 200<<20, "<si><t>Đắk Nông</t></si>"), returned.MsgBomb200),
		bad("trieu-dong.xlsx", returned.MillionRows(t, c), "tệp có trang tính “Báo cáo” (xl/worksheets/sheet2.xml) quá lớn khi giải nén (hơn 4 MB): không phải báo cáo bình thường, có thể là tệp độc hại — không mở, đề nghị đơn vị gửi lại đúng biểu mẫu"),
		bad("gia-kich-thuoc.xlsx", archivetest.LyingPart(t, clean, sheet), gate.MsgTruncated),
		bad("nhieu-phan.xlsx", archivetest.ManyParts(5000), returned.MsgManyParts),
		bad("xml-hong.xlsx", archivetest.Rewrite(t, clean, func(n string, b []byte) []byte {
			if n == sheet {
				return b[:len(b)/2]
			}
			return b
		}), returned.MsgMalformedReport),
		bad("trung-ten.xlsx", archivetest.EditPart(t, clean, "xl/workbook.xml", `name="Hướng dẫn"`, `name="BÁO CÁO"`), returned.MsgDuplicateSheet),
		bad("~$Văn phòng Tỉnh ủy.xlsx", []byte("\x0bNguyen Van A"), "tệp khóa tạm của Excel/WPS (có người đang mở báo cáo), bỏ qua"),
		{path: "khong-bao-cao.xlsx", data: returned.Form(t, c, "TU05", noSheet, func(f *excelize.File) {
			f.UnprotectWorkbook()
			if err := f.DeleteSheet(templates.SheetReport); err != nil {
				t.Fatal(err)
			}
		}), use: "được dùng", unit: "TU05", status: aggregate.StatusInvalid, issue: returned.MsgNoReportSheet},
		{path: "gop-o.xlsx", data: returned.Form(t, c, "TU06", merged, func(f *excelize.File) {
			sh, cell := returned.NameCell(t, f, "CT_C1")
			if err := f.MergeCell(sh, "C"+cell[1:], cell); err != nil {
				t.Fatal(err)
			}
		}), use: "được dùng", unit: "TU06", status: aggregate.StatusInvalid},
		{path: "go-cong-thuc.xlsx", data: returned.Form(t, c, "SBN04", typedLink, nil), use: "được dùng", unit: "SBN04", status: aggregate.StatusInvalid,
			issue: "C1: “" + evilLink + "” không phải là số — chỉ nhập số"},
	}
	if _, err := exec.LookPath("mkfifo"); err == nil {
		files = append(files, corpusFile{path: "ong-dan.xlsx", pipe: true, use: "bị loại", reason: "không phải tệp thông thường (ống dẫn, thiết bị…), bỏ qua"})
	}
	// Link targets, outside the input folder.
	linked := []corpusFile{
		good("lien-ket.xlsx", "SBN03", 13, nil),
	}
	// A folder outside, linked: never walked (issue 16), its report unread.
	behindLink := good("Sở Tư pháp.xlsx", "SBN05", 14, nil)
	write := func(p string, b []byte) {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(outside, "SBN03.xlsx"), linked[0].data)
	write(filepath.Join(outside, "thu-muc", "Sở Tư pháp.xlsx"), behindLink.data)
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f.path))
		switch {
		case f.link != "":
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(f.link, p); err != nil {
				t.Skipf("no symbolic links here: %v", err)
			}
		case f.pipe:
			if err := exec.Command("mkfifo", p).Run(); err != nil {
				t.Fatal(err)
			}
		default:
			write(p, f.data)
		}
	}
	if len(root)+1+len(long) <= 260 {
		t.Fatalf("long path only %d characters", len(root)+1+len(long))
	}
	// The previous outputs, inside the input folder: never read.
	write(filepath.Join(out, "tong-hop.xlsx"), clean)
	write(filepath.Join(out, "phan-hoi", "TU01_x.txt"), []byte("cũ"))
	files = append(files[:9], append(linked, files[9:]...)...)
	files = slices.DeleteFunc(files, func(f corpusFile) bool { return f.link != "" && f.use == "" })

	before := snapshot(t, out, root, outside)
	in, err := aggregate.Collect(root, out)
	if err != nil {
		t.Fatal(err)
	}
	res := in.Merge(c, aggregate.MergeOptions{OutDir: out, AsOf: returned.Day(2024, 4, 10), Root: root, Workers: 2})
	book := filepath.Join(out, "tong-hop.xlsx")
	sum := summary.Of(res)
	if err := workbook.Write(sum, book); err != nil {
		t.Fatal(err)
	}
	fb, err := textout.WriteFeedback(&textout.Letters{Summary: sum}, filepath.Join(out, textout.FeedbackDir))
	if err != nil {
		t.Fatal(err)
	}
	if after := snapshot(t, out, root, outside); !reflect.DeepEqual(before, after) {
		for p, b := range before {
			if a, ok := after[p]; !ok || a != b {
				t.Errorf("%s changed: %+v → %+v", p, b, a)
			}
		}
		for p := range after {
			if _, ok := before[p]; !ok {
				t.Errorf("%s appeared", p)
			}
		}
	}

	t.Run("every file listed with its use and reason", func(t *testing.T) {
		f, err := excelize.OpenFile(book)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows(workbook.SheetFiles)
		if err != nil {
			t.Fatal(err)
		}
		listed := map[string][]string{}
		for _, r := range rows[1:] {
			for len(r) < 10 {
				r = append(r, "")
			}
			listed[filepath.ToSlash(r[1])] = r
		}
		for _, cf := range files {
			key := cf.path
			if cf.listed != "" {
				key = cf.listed
			}
			r, ok := listed[key]
			if !ok {
				t.Errorf("%s not listed in %s", key, workbook.SheetFiles)
				continue
			}
			if r[8] != cf.use || cf.reason != "" && r[9] != cf.reason {
				t.Errorf("%s: %q, %q\n want %q, %q", cf.path, r[8], r[9], cf.use, cf.reason)
			}
			if cf.unit != "" && r[6] != cf.unit {
				t.Errorf("%s: unit %q, want %s", cf.path, r[6], cf.unit)
			}
			delete(listed, key)
		}
		for p, r := range listed {
			t.Errorf("unexpected file %s listed: %q", p, r)
		}
	})
	t.Run("every good report counted with its values", func(t *testing.T) {
		byCode := map[string]*aggregate.UnitResult{}
		for _, ur := range res.Units {
			byCode[ur.Unit.Code] = ur
		}
		for _, cf := range files {
			if cf.unit == "" {
				continue
			}
			ur := byCode[cf.unit]
			if ur.Status != cf.status {
				t.Errorf("%s (%s): %s, want %s; issues %q", cf.unit, cf.path, ur.Status.Label(), cf.status.Label(), issuesOf(ur))
				continue
			}
			if cf.issue != "" && !slices.ContainsFunc(ur.Report.Issues, func(i aggregate.Issue) bool { return i.Msg == cf.issue }) {
				t.Errorf("%s: no issue %q in %q", cf.unit, cf.issue, ur.Report.Issues)
			}
			if cf.status != aggregate.StatusOnTime {
				continue
			}
			for id, want := range answers(cf.vals) {
				if got := valueOf(ur.Report.Values, id); !reflect.DeepEqual(got, want) {
					t.Errorf("%s %s = %#v, want %#v", cf.unit, id, got, want)
				}
			}
		}
		var counted int
		for _, cf := range files {
			if cf.unit != "" && cf.status == aggregate.StatusOnTime {
				counted++
			}
		}
		if p := sum.Province; p.Valid != counted || p.OnTime != counted {
			t.Errorf("province: %d valid, %d on time; want %d", p.Valid, p.OnTime, counted)
		}
	})
	t.Run("formula-like text stays text", func(t *testing.T) {
		checkInertXML(t, book, evilLink, evilAt, evilMinus, evilPlus)
		f, err := excelize.OpenFile(book)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, _ := f.GetRows(workbook.SheetDetail)
		var found []string
		for _, r := range rows {
			for _, v := range r {
				switch v {
				case evilLink, evilAt, evilMinus, evilPlus:
					found = append(found, v)
				}
			}
		}
		if len(found) != 4 {
			t.Errorf("%s holds %q, want the four texts as typed", workbook.SheetDetail, found)
		}
		var text string
		for _, p := range fb {
			if strings.HasPrefix(filepath.Base(p), "SBN04_") {
				b, _ := os.ReadFile(p)
				text = string(b)
			}
		}
		if !strings.Contains(text, "C1: “"+evilLink+"” không phải là số") {
			t.Errorf("feedback of SBN04 does not quote the text as typed:\n%s", text)
		}
		var js bytes.Buffer
		var reports []*aggregate.Report
		for _, fo := range res.Files {
			reports = append(reports, fo.Report)
		}
		if err := textout.WriteCheckJSON(&js, c, reports); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Files []struct {
				Values []struct {
					ID    string `json:"id"`
					Value any    `json:"value"`
				} `json:"values"`
				Reporter *struct {
					Name string `json:"name"`
				} `json:"reporter"`
			} `json:"files"`
		}
		if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, f := range doc.Files {
			for _, v := range f.Values {
				if s, ok := v.Value.(string); ok {
					got[s] = true
				}
			}
			if f.Reporter != nil {
				got[f.Reporter.Name] = true
			}
		}
		for _, s := range []string{evilLink, evilAt, evilMinus, evilPlus} {
			if !got[s] {
				t.Errorf("check --json lacks %q as a string", s)
			}
		}
	})
}

// checkInertXML reads the parts of a written workbook: no hyperlink, no
// hyperlink relationship, no formula that holds any of the texts, and each
// text present as text.
func checkInertXML(t *testing.T, path string, texts ...string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var strs bytes.Buffer
	formula := regexp.MustCompile(`<f[ >][^<]*</f>|<f>[^<]*</f>`)
	for _, f := range archivetest.Parts(t, data) {
		b := f.Data
		if bytes.Contains(b, []byte("<hyperlink")) || bytes.Contains(b, []byte("relationships/hyperlink")) {
			t.Errorf("%s holds a hyperlink", f.Name)
		}
		for _, fm := range formula.FindAll(b, -1) {
			for _, s := range []string{"HYPERLINK", "SUM(1+1)", "912"} {
				if bytes.Contains(fm, []byte(s)) {
					t.Errorf("%s: formula %s comes from an input", f.Name, fm)
				}
			}
		}
		strs.Write(b)
	}
	for _, s := range texts {
		var esc bytes.Buffer
		xml.EscapeText(&esc, []byte(s))
		if !bytes.Contains(strs.Bytes(), esc.Bytes()) {
			t.Errorf("text %q not found in the workbook", s)
		}
	}
}

// TestMailListStaysInert: unit names come from the campaign workbook an
// officer edits; in danh-sach-gui.csv a name that starts like a formula is
// prefixed with a quote, and in the generated form it is plain text.
func TestMailListStaysInert(t *testing.T) {
	c := returned.Campaign(t)
	names := map[string]string{
		"TU01": `=HYPERLINK("http://x.example","bấm vào")`,
		"TU02": "+84 912 345 678",
		"TU03": "-1+1",
		"TU04": "@SUM(1+1)",
		"TU05": "Ban Dân vận Tỉnh ủy = Dân vận",
	}
	var codes []string
	for code, name := range names {
		c.Unit(code).Name = name
		codes = append(codes, code)
	}
	c.Unit("TU05").Email = "=cmd|' /C calc'!A0"
	dir := t.TempDir()
	res, err := templates.Generate(c, templates.GenerateOptions{OutDir: dir, Units: codes})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(res.List)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, r := range rows[1:] {
		got[r[0]] = r
	}
	want := map[string][2]string{
		"TU01": {`'=HYPERLINK("http://x.example","bấm vào")`, ""},
		"TU02": {"'+84 912 345 678", ""},
		"TU03": {"'-1+1", ""},
		"TU04": {"'@SUM(1+1)", ""},
		"TU05": {"Ban Dân vận Tỉnh ủy = Dân vận", "'=cmd|' /C calc'!A0"},
	}
	for code, w := range want {
		r := got[code]
		if len(r) < 4 || r[1] != w[0] || w[1] != "" && r[3] != w[1] {
			t.Errorf("%s: row %q, want name %q email %q", code, r, w[0], w[1])
		}
	}
	for _, gf := range res.Files {
		f, err := excelize.OpenFile(gf.Path)
		if err != nil {
			t.Fatal(err)
		}
		sh, cell := returned.NameCell(t, f, templates.NameUnitName)
		v, _ := f.GetCellValue(sh, cell)
		fm, _ := f.GetCellFormula(sh, cell)
		if v != names[gf.Unit.Code] || fm != "" {
			t.Errorf("%s: %s!%s = %q, formula %q", gf.Unit.Code, sh, cell, v, fm)
		}
		f.Close()
	}
}

// valueOf is the value of id as Value.Any gives it (of the zero Value when
// there is none).
func valueOf(vs aggregate.Values, id string) any {
	v, _ := vs.Get(id)
	return v.Any()
}
