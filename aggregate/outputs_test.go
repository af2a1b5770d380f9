package aggregate_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"tonghop/aggregate"
	"tonghop/aggregate/aggregatetest"
	"tonghop/aggregate/aggregatetest/returned"
	"tonghop/aggregate/summary"
	"tonghop/aggregate/textout"
	"tonghop/aggregate/workbook"
	"tonghop/templates/testenv"
)

// The tests of this package that go on to the outputs: `check`'s text and
// JSON (package textout), the workbook and the letters of a merge
// (packages workbook and textout, which import this package).

// TestCheckPaths: a folder with a clean report, a report with an error, a
// lock file and a stray CSV, plus a path that does not exist.
func TestCheckPaths(t *testing.T) {
	c := returned.Campaign(t)
	dir := t.TempDir()
	returned.Save(t, c, "UBX-24611", returned.CleanValues(), nil, dir, "a-sach.xlsx")
	vals := returned.CleanValues()
	vals["C2"] = 45
	returned.Save(t, c, "UBX-24612", vals, nil, dir, "b-loi.xlsx")
	for name, content := range map[string]string{"~$a-sach.xlsx": "x", "ghi-chu.txt": "a,b\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	missing := filepath.Join(dir, "khong-co.xlsx")
	reports := aggregate.CheckPaths(c, []string{dir, missing}, aggregate.ReadOptions{}, 0)
	type row struct {
		base              string
		unit              string
		rejected, skipped bool
		errors            int
	}
	var got []row
	for _, r := range reports {
		x := row{base: filepath.Base(r.File.Path), rejected: r.State != aggregate.StateIdentified, skipped: r.State == aggregate.StateSkipped}
		if r.Unit != nil {
			x.unit = r.Unit.Code
		}
		for _, i := range r.Issues {
			if i.Severity == "loi" {
				x.errors++
			}
		}
		got = append(got, x)
	}
	want := []row{
		{"a-sach.xlsx", "UBX-24611", false, false, 0},
		{"b-loi.xlsx", "UBX-24612", false, false, 1},
		{"ghi-chu.txt", "", true, true, 0},
		{"~$a-sach.xlsx", "", true, true, 0},
		{"khong-co.xlsx", "", true, false, 1},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	// Skipped files come after the files read, each group sorted.
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("report %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if code := aggregate.CheckExitCode(reports); code != aggregate.CheckErrors {
		t.Errorf("exit code %d", code)
	}
	var b bytes.Buffer
	if err := textout.WriteCheck(&b, c, reports); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		"Đơn vị: UBND phường Nghĩa Thành (UBX-24612) — UBND các xã, phường, thị trấn",
		"C2 = 45 lớn hơn C1 = 40",
		"Bỏ qua (không phải báo cáo).",
		"Tổng cộng 5 tệp: 1 không có lỗi, 1 có lỗi, 1 không đọc được, 2 bỏ qua; 2 lỗi, 2 cảnh báo.",
	} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("output lacks %q:\n%s", s, b.String())
		}
	}
	b.Reset()
	if err := textout.WriteCheckJSON(&b, c, reports); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Files []struct {
			Unit *struct {
				Code string `json:"code"`
			} `json:"unit"`
		} `json:"files"`
		Summary struct {
			Files int `json:"files"`
		} `json:"summary"`
		ExitCode int `json:"exit_code"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.ExitCode != aggregate.CheckErrors || doc.Summary.Files != 5 || len(doc.Files) != 5 || doc.Files[1].Unit.Code != "UBX-24612" {
		t.Errorf("json %+v", doc)
	}
}

// TestMergeIsIdempotent merges the same folder twice: the workbook and the
// feedback have the same content.
func TestMergeIsIdempotent(t *testing.T) {
	t.Parallel()
	c := returned.Campaign(t)
	dir := filepath.Join(t.TempDir(), "bao-cao")
	returned.Realistic(t, c, dir)
	run := func() (string, map[string]string) {
		out := t.TempDir()
		in, err := aggregate.Collect(dir, out)
		if err != nil {
			t.Fatal(err)
		}
		res := in.Merge(c, aggregate.MergeOptions{AsOf: returned.Day(2024, 4, 10), Root: dir})
		book := filepath.Join(out, "tong-hop.xlsx")
		sum := summary.Of(res)
		if err := workbook.Write(sum, book); err != nil {
			t.Fatal(err)
		}
		fb, err := textout.WriteFeedback(&textout.Letters{Summary: sum}, filepath.Join(out, textout.FeedbackDir))
		if err != nil {
			t.Fatal(err)
		}
		texts := map[string]string{}
		for _, p := range fb {
			b, _ := os.ReadFile(p)
			texts[filepath.Base(p)] = string(b)
		}
		return aggregatetest.WorkbookContent(t, book), texts
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

// TestLibreOfficeCheck: `check` says a clean form filled in and saved by
// LibreOffice has no issue (TestLibreOfficeResave checks what is read).
func TestLibreOfficeCheck(t *testing.T) {
	c := returned.Campaign(t)
	in := returned.Save(t, c, "UBX-24611", returned.CleanValues(), nil, t.TempDir(), "UBX-24611.xlsx")
	path := testenv.Convert(t, in, "xlsx", t.TempDir())
	reports := aggregate.CheckPaths(c, []string{path}, aggregate.ReadOptions{}, 1)
	if code := aggregate.CheckExitCode(reports); code != aggregate.CheckOK {
		t.Errorf("check exit code %d", code)
	}
	var b strings.Builder
	if err := textout.WriteCheck(&b, c, reports); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Không có lỗi, không có cảnh báo.") || !strings.Contains(b.String(), "│ D2  │ Thời lượng phát thanh") {
		t.Errorf("check output:\n%s", b.String())
	}
}
