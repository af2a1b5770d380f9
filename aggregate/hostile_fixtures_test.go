package aggregate

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"

	"tonghop/aggregate/aggregatetest/returned"
	"tonghop/aggregate/archive/archivetest"
	"tonghop/aggregate/gate"
	"tonghop/templates"
	"tonghop/templates/testenv"
)

// Hostile inputs seen from the reader (Reader.readPath, readBlob): files
// that cannot be read, and the committed fixtures of the end-to-end cases.
// The whole corpus merged and written out is hostile_corpus_test.go.

// TestHostileUnreadable: a file that cannot be read is listed with the
// reason, and the others are read.
func TestHostileUnreadable(t *testing.T) {
	c := returned.Campaign(t)
	t.Run("no permission", func(t *testing.T) {
		dir := t.TempDir()
		p := filepath.Join(dir, "khong-quyen.xlsx")
		if err := os.WriteFile(p, returned.Clean(t, c), 0o644); err != nil {
			t.Fatal(err)
		}
		sub := filepath.Join(dir, "thu-muc-khoa")
		if err := os.Mkdir(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, 0); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(sub, 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(sub, 0o755) })
		if f, err := os.Open(p); err == nil {
			f.Close()
			t.Skip("chmod 000 does not stop this user from reading (running as root?): an unreadable file cannot be made here")
		}
		r := readFile(c, p, ReadOptions{})
		checkReport(t, r, "", true, nil, []string{"Lỗi||||không đọc được tệp: không có quyền đọc"})
		in, err := Collect(dir, "")
		skipped := in.Skipped
		if err != nil {
			t.Fatal(err)
		}
		if len(skipped) != 1 || skipped[0].Reason != "không mở được thư mục: không có quyền đọc" {
			t.Errorf("skipped %+v", skipped)
		}
	})
	t.Run("removed after listing", func(t *testing.T) {
		dir := t.TempDir()
		for _, n := range []string{"a.xlsx", "b.xlsx"} {
			if err := os.WriteFile(filepath.Join(dir, n), returned.Form(t, c, "UBX-24611", returned.CleanValues(), nil), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		in, err := Collect(dir, "")
		paths := in.Paths
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(paths[0]); err != nil {
			t.Fatal(err)
		}
		res := in.Merge(c, MergeOptions{AsOf: returned.Day(2024, 4, 10), Root: dir})
		var got []string
		for _, f := range res.Files {
			got = append(got, f.Report.File.Path+": "+f.Use.Label()+": "+f.Reason)
		}
		want := []string{"a.xlsx: bị loại: không mở được tệp: không có tệp này", "b.xlsx: được dùng: "}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("files %q, want %q", got, want)
		}
	})
}

// hostileFixtures are the committed inputs of the end-to-end cases
// (testdata/cases/check-*, merge-* of the command): small files only, the
// big ones are made in the tests. The password of the encrypted one is
// hostilePassword.
func hostileFixtures(t *testing.T, c *templates.Campaign) map[string][]byte {
	t.Helper()
	clean := returned.Clean(t, c)
	macro := returned.Form(t, c, "UBX-24612", returned.CleanValues(), nil)
	f, err := excelize.OpenReader(bytes.NewReader(macro))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.AddVBAProject(returned.VBAProject()); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "x.xlsm")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	good := returned.Figures(c, "UBH-660", 1)
	good["F1"] = `=HYPERLINK("http://x.example","bấm vào")`
	good["F2"] = "@SUM(1+1)"
	good[templates.NameReporterName] = "+84 912 345 678"
	good[templates.NameReportDate] = returned.Day(2024, 4, 1)
	return map[string][]byte{
		"khong-doc-duoc/rong.xlsx":                {},
		"khong-doc-duoc/van-ban.xlsx":             []byte("Kính gửi Sở Thông tin và Truyền thông,\nĐơn vị xin gửi báo cáo.\n"),
		"khong-doc-duoc/cong-van.xlsx":            []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n"),
		"khong-doc-duoc/cat-ngang.xlsx":           clean[:4096],
		"khong-doc-duoc/nen.xlsx":                 archivetest.Zip(t, "bao-cao/bc.xlsx", "x"),
		"mat-khau/bao-cao-mat-khau.xlsx":          returned.Form(t, c, "UBX-24611", returned.CleanValues(), nil, excelize.Options{Password: hostilePassword}),
		"vba/bao-cao-co-macro.xlsm":               returned.ReadAll(t, p),
		"cong-thuc/UBND thanh pho Gia Nghia.xlsx": returned.Form(t, c, "UBH-660", good, nil),
	}
}

const hostilePassword = "DakNong2024"

// TestHostileFixtures checks the committed fixtures read as the end-to-end
// cases expect; -update writes them again.
func TestHostileFixtures(t *testing.T) {
	t.Parallel()
	c := returned.Campaign(t)
	dir := filepath.Join("testdata", "hostile")
	if testenv.Update() {
		for name, b := range hostileFixtures(t, c) {
			p := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		file, password, unit, issue string
	}{
		{"khong-doc-duoc/rong.xlsx", "", "", "tệp rỗng (0 byte) — có thể tải tệp đính kèm chưa xong: tải lại từ thư điện tử; nếu vẫn rỗng, đề nghị đơn vị gửi lại"},
		{"khong-doc-duoc/van-ban.xlsx", "", "", "tệp văn bản/CSV, không phải .xlsx: tệp CSV mất biểu mẫu (tên vùng, mã đơn vị) nên không đọc chắc chắn được — " + gate.MsgSaveAsXLSX},
		{"khong-doc-duoc/cong-van.xlsx", "", "", "tệp văn bản (báo cáo bằng văn bản?) không đọc được: tệp PDF hỏng hoặc bị cắt cụt — nếu đây là báo cáo bằng văn bản của đơn vị, đề nghị gửi lại tệp .docx hoặc .pdf"},
		{"khong-doc-duoc/cat-ngang.xlsx", "", "", gate.MsgTruncated},
		{"khong-doc-duoc/nen.xlsx", "", "", "tệp nén .zip, không phải bảng tính .xlsx — giải nén và kiểm tra lại tệp bên trong, hoặc đề nghị đơn vị gửi lại tệp .xlsx"},
		{"mat-khau/bao-cao-mat-khau.xlsx", "", "", gate.MsgEncrypted},
		{"mat-khau/bao-cao-mat-khau.xlsx", "sai", "", gate.MsgWrongPass},
		{"mat-khau/bao-cao-mat-khau.xlsx", hostilePassword, "UBX-24611", ""},
		{"vba/bao-cao-co-macro.xlsm", "", "UBX-24612", ""},
		{"cong-thuc/UBND thanh pho Gia Nghia.xlsx", "", "UBH-660", ""},
	}
	for _, tc := range tests {
		t.Run(tc.file+" "+tc.password, func(t *testing.T) {
			// Read from the step after the containers, as a zip nested
			// deeper than gate.MaxNesting is: at the top, nen.xlsx is opened as
			// the archive it is.
			path := filepath.Join(dir, filepath.FromSlash(tc.file))
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var opts ReadOptions
			if tc.password != "" {
				opts.Passwords = []string{tc.password}
			}
			r := readBytes(c, path, data, opts)
			var issues []string
			if tc.issue != "" {
				issues = []string{"Lỗi||||" + tc.issue}
			}
			checkReport(t, r, tc.unit, tc.unit == "", nil, issues)
		})
	}
}
