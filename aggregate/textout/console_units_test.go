package textout

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tonghop/aggregate"
	"tonghop/aggregate/aggregatetest"
	"tonghop/aggregate/summary"
	"tonghop/templates"
)

// TestConsoleNamesEveryUnit merges a folder holding each kind of
// submission that cannot be counted — a photo, a broken workbook, a mail
// without attachment, a file named for one unit but filled in another's
// template, a unit's file that carries another unit's figures — and checks that every unit concerned has a line under "Cần
// xử lý".
func TestConsoleNamesEveryUnit(t *testing.T) {
	c := aggregatetest.Campaign(t)
	c.Unit("SBN03").Email = "vanthu@stp.daknong.gov.vn"
	tu01, carrying := tu01Forms(t, c)
	mailNoAttachment := "From: Van thu So Tu phap <vanthu@stp.daknong.gov.vn>\r\nTo: stttt@daknong.gov.vn\r\n" +
		"Subject: Bao cao tuyen truyen\r\nDate: Wed, 03 Apr 2024 09:15:00 +0700\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n\r\nKinh gui So, xin gui bao cao.\r\n"
	files := map[string][]byte{
		"TU03 Ban Tuyên giáo Tỉnh ủy.jpg": append([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0}, bytes.Repeat([]byte{7}, 200)...),
		"SBN02 Sở Nội vụ.xlsx":            []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00 cut short"),
		"thu-so-tu-phap.eml":              []byte(mailNoAttachment),
		"Ban Dân vận Tỉnh ủy.xlsx":        tu01, // TU04's name, TU01's template
		"Văn phòng Tỉnh ủy.xlsx":          carrying,
	}
	res := mergeFiles(t, c, files)
	var out bytes.Buffer
	if err := WriteConsole(&out, &Letters{Summary: summary.Of(res)}, nil); err != nil {
		t.Fatal(err)
	}
	_, todo, ok := strings.Cut(out.String(), "Cần xử lý:")
	if !ok {
		t.Fatalf("no “Cần xử lý”:\n%s", out.String())
	}
	cases := []struct {
		name  string
		units []string
		words string
	}{
		{"photo", []string{"TU03"}, "đã gửi, không đọc được"},
		{"broken workbook", []string{"SBN02"}, "đã gửi, không đọc được"},
		{"mail without attachment", []string{"SBN03"}, "không có tệp đính kèm"},
		{"name and content disagree", []string{"TU01", "TU04"}, "đề nghị hai đơn vị xác nhận"},
		{"name and content disagree: the named unit", []string{"TU04"}, "đã gửi, không đọc được — tệp “Ban Dân vận Tỉnh ủy.xlsx” mang tên đơn vị"},
		{"several units' figures", []string{"TU02"}, "tệp ghi số liệu của nhiều đơn vị"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, l := range strings.Split(todo, "\n") {
				if !strings.Contains(l, tc.words) {
					continue
				}
				all := true
				for _, code := range tc.units {
					all = all && strings.Contains(l, code+" ")
				}
				if all {
					return
				}
			}
			t.Errorf("no line names %v with “%s”:\n%s", tc.units, tc.words, todo)
		})
	}
}

// TestLettersOfUnitsNamedElsewhere: a unit whose name is on another
// unit's form, or whose figures are in another unit's file, is told what
// arrived and that its own report is not counted — never that a file of
// its own could not be used, and never the officer's steps.
func TestLettersOfUnitsNamedElsewhere(t *testing.T) {
	c := aggregatetest.Campaign(t)
	tu01, carrying := tu01Forms(t, c)
	res := mergeFiles(t, c, map[string][]byte{
		"Ban Dân vận Tỉnh ủy.xlsx": tu01,     // TU04's name, TU01's form
		"Văn phòng Tỉnh ủy.xlsx":   carrying, // TU01's file with TU02's sheet
	})
	l := &Letters{Summary: summary.Of(res)}
	for _, tc := range []struct {
		unit string
		want []string
	}{
		{"TU04", []string{"tệp “Ban Dân vận Tỉnh ủy.xlsx”", "liên quan đến quý cơ quan, đơn vị", "là biểu mẫu của", "chưa được tính"}},
		{"TU02", []string{"tệp “Văn phòng Tỉnh ủy.xlsx”", "liên quan đến quý cơ quan, đơn vị", "có số liệu trong tệp", "chưa được tính"}},
	} {
		t.Run(tc.unit, func(t *testing.T) {
			var text string
			for _, fb := range l.Feedback {
				if fb.Unit.Code == tc.unit {
					text = l.feedbackText(fb)
				}
			}
			if text == "" {
				t.Fatalf("no letter for %s", tc.unit)
			}
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("missing %q in\n%s", w, text)
				}
			}
			for _, bad := range []string{"không sử dụng được tệp này", "cán bộ tổng hợp kiểm tra", "cần xác nhận với hai đơn vị"} {
				if strings.Contains(text, bad) {
					t.Errorf("the letter says %q:\n%s", bad, text)
				}
			}
		})
	}
}

// tu01Forms is TU01's generated form, and the same with a sheet named for
// Ban Tổ chức Tỉnh ủy (TU02), as a file carrying another unit's figures.
func tu01Forms(t *testing.T, c *templates.Campaign) (form, carrying []byte) {
	t.Helper()
	gen, err := templates.Generate(c, templates.GenerateOptions{OutDir: t.TempDir(), Units: []string{"TU01"}})
	if err != nil {
		t.Fatal(err)
	}
	form, err = os.ReadFile(gen.Files[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	book, err := excelize.OpenReader(bytes.NewReader(form))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := book.NewSheet("Ban Tổ chức Tỉnh ủy"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := book.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return form, buf.Bytes()
}

// mergeFiles writes files (name → content) to a folder and merges it as
// of 12/4/2024.
func mergeFiles(t *testing.T, c *templates.Campaign, files map[string][]byte) *aggregate.Result {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return aggregate.Input{Paths: paths}.Merge(c, aggregate.MergeOptions{AsOf: aggregatetest.Day(2024, 4, 12), Root: dir})
}
