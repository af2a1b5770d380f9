package aggregate

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tonghop/aggregate/aggregatetest/returned"
	"tonghop/aggregate/archive/archivetest"
	"tonghop/templates/testenv"
)

// TestIssue23Inbox merges an inbox as an officer's really looks (issue
// 23): written reports headed in each usual way (made by LibreOffice), a
// photo and a scan (pdftoppm, Ghostscript), a .7z and a password zip
// (7-Zip), a forwarded mail and a mail signed with the unit's name
// (Python's email package), a Microsoft Forms export with date cells
// (openpyxl) — all in testdata/issue23/input, made by make.sh — and, made
// here, a RAR, a winmail.dat in an Outlook mail, a workbook named for one
// unit but filled in another's form, and a district's workbook carrying
// its communes' sheets. Every unit that sent something is accounted for:
// its figures counted, or "đã gửi, không đọc được" with a note, or its
// written report received — never "chưa báo cáo" with nothing said.
func TestIssue23Inbox(t *testing.T) {
	checkIssue23Inbox(t, filepath.Join("testdata", "issue23", "input"))
}

// TestIssue23Regenerate makes the inbox again with make.sh and the tools
// it names, and checks it as TestIssue23Inbox checks the committed one.
func TestIssue23Regenerate(t *testing.T) {
	for _, app := range []string{"soffice", "pdftoppm", "gs", "7z"} {
		testenv.NeedApp(t, app)
	}
	testenv.NeedPython(t, "openpyxl")
	dir := t.TempDir()
	script, err := os.ReadFile(filepath.Join("testdata", "issue23", "make.sh"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "make.sh"), script, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sh", "make.sh")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make.sh: %v\n%s", err, out)
	}
	checkIssue23Inbox(t, filepath.Join(dir, "input"))
}

func checkIssue23Inbox(t *testing.T, src string) {
	t.Helper()
	c := returned.Campaign(t)
	dir := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	put := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		put(e.Name(), b)
	}
	at := func(d int) time.Time { return time.Date(2024, 3, d, 8, 0, 0, 0, time.UTC) }
	book := func(code string, d int) []byte {
		return returned.Workbook(t, c, returned.File{Unit: code, Vals: returned.Figures(c, code, d), Reported: returned.Day(2024, 3, d), Saved: at(d)})
	}
	put("so-lieu.rar", archivetest.RAR5([]archivetest.Entry{{Name: "Báo cáo.xlsx", Modified: at(20), Data: book("SBN07", 20)}}))
	put("thu-outlook.eml", tnefMail(`"Sở Khoa học và Công nghệ" <skhcn@example.vn>`, "Báo cáo", time.Date(2024, 3, 22, 9, 0, 0, 0, vnZone),
		archivetest.TNEF([]archivetest.Entry{{Name: "bc.xlsx", Modified: at(22), Data: book("SBN10", 22)}})))
	// Sở Nội vụ's file, filled in SBN11's form.
	put("Báo cáo Sở Nội vụ.xlsx", book("SBN11", 23))
	// Đắk Song's form with a sheet for each of two communes.
	f, err := excelize.OpenReader(bytes.NewReader(book("UBH-665", 24)))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Thị trấn Đức An", "Xã Đắk Hòa"} {
		if _, err := f.NewSheet(s); err != nil {
			t.Fatal(err)
		}
		f.SetCellValue(s, "A1", "Số liệu của "+s)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	f.Close()
	put("Dak Song.xlsx", buf.Bytes())

	in, err := Collect(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	res := in.Merge(c, MergeOptions{AsOf: returned.Day(2024, 4, 15), Root: dir})
	units := map[string]*UnitResult{}
	for _, ur := range res.Units {
		units[ur.Unit.Code] = ur
	}
	written := map[string]WrittenResult{}
	for _, wr := range res.Written {
		if wr.Report != nil {
			written[wr.Unit.Code] = wr
		}
	}
	// What each sender is, by unit code: the figures' status, whether a
	// written report is received, and a word its evidence or note holds.
	for _, tc := range []struct {
		code, what string
		status     Status
		written    bool
		word       string
	}{
		{"SBN13", "SỞ VĂN HÓA, THỂ THAO / VÀ DU LỊCH", StatusMissing, true, "chắc chắn"},
		{"TU03", "TỈNH ỦY ĐẮK NÔNG / BAN TUYÊN GIÁO", StatusMissing, true, ""},
		{"UBX-24664", "UBND HUYỆN ĐẮK MIL / UBND THỊ TRẤN ĐẮK MIL (.odt)", StatusMissing, true, "chắc chắn"},
		{"DU-664", "ĐẢNG BỘ TỈNH / HUYỆN ỦY KRÔNG NÔ", StatusMissing, true, ""},
		{"CTXH03", "BAN CHẤP HÀNH / ĐOÀN TNCS HỒ CHÍ MINH / TỈNH ĐẮK NÔNG", StatusMissing, true, ""},
		{"CTXH02", "LIÊN ĐOÀN LAO ĐỘNG / TỈNH ĐẮK NÔNG", StatusMissing, true, ""},
		{"UBH-667", "forwarded: UBND HUYỆN TUY ĐỨC / PHÒNG VĂN HÓA VÀ THÔNG TIN", StatusMissing, true, "khá chắc"},
		{"SBN05", ".7z holding a written report", StatusMissing, true, ""},
		{"UBX-24679", "photo named for the unit: its written report, as a scan", StatusUnreadable, true, "ảnh chụp"},
		{"UBX-24718", "AES zip, no password: the entry's name", StatusUnreadable, false, ""},
		{"UBX-24616", "scan from an unknown address, signed", StatusUnreadable, true, "bản quét"},
		// Only three questions answered: the others required are errors.
		{"SBN03", "Microsoft Forms export", StatusInvalid, false, ""},
		{"SBN07", "RAR5", StatusOnTime, false, ""},
		{"SBN10", "winmail.dat", StatusOnTime, false, ""},
		{"SBN11", "its form, in a file named for Sở Nội vụ", StatusOnTime, false, ""},
		{"SBN02", "named by SBN11's file", StatusUnreadable, false, "biểu mẫu của Sở"},
		{"UBH-665", "its form with its communes' sheets", StatusOnTime, false, ""},
		{"UBX-24717", "a sheet in Đắk Song's file", StatusUnreadable, false, "có số liệu trong tệp"},
		{"UBX-24719", "a sheet in Đắk Song's file", StatusUnreadable, false, "có số liệu trong tệp"},
	} {
		ur := units[tc.code]
		wr, got := written[tc.code]
		if ur.Status != tc.status || got != tc.written {
			t.Errorf("%s (%s): status %v, written %v; want %v, %v", tc.code, tc.what, ur.Status.Label(), got, tc.status.Label(), tc.written)
			continue
		}
		words := ur.Note
		if ur.Report != nil {
			words += " " + ur.Report.Evidence + " " + rejectReason(ur.Report)
		}
		if got {
			words += " " + wr.Report.Evidence
		}
		if !strings.Contains(words, tc.word) {
			t.Errorf("%s (%s): %q lacks %q", tc.code, tc.what, words, tc.word)
		}
		if ur.Status == StatusMissing && !got {
			t.Errorf("%s (%s) sent something and is %q", tc.code, tc.what, ur.Status.Label())
		}
	}
	// The forward counts from the district's own mail, 5/4, not 9/4.
	if s := written["UBH-667"].Submitted; s.Basis != BasisForwarded || !s.Day().Equal(returned.Day(2024, 4, 5)) {
		t.Errorf("UBH-667 submitted %v (%s), want 05/04/2024 from the forwarded original", s.Day(), s.Basis.Label())
	}
	// The form's date answer is read as the date it shows.
	if v, _ := units["SBN03"].Report.Values.Get("A3"); v.Empty || !v.Date.Equal(returned.Day(2023, 12, 15)) {
		t.Errorf("SBN03 A3 = %+v, want 15/12/2023", v)
	}
	for _, is := range units["SBN03"].Report.Issues {
		if strings.Contains(is.Msg, "không phải là ngày") {
			t.Errorf("SBN03: %s", is.Msg)
		}
	}
	// Nothing in the inbox is left unattributed.
	for _, fo := range res.Files {
		if r := fo.Report; fo.Use == UseRejected && r.State == StateRejected && r.Attributed == nil && r.Unit == nil {
			t.Errorf("%s: nobody's (%s)", r.File.Path, fo.Reason)
		}
	}
}

// TestCarriedColumns: a district's form with two extra columns headed by
// its communes' names carries their figures; one stray unit name (a form
// copied from another unit) does not make a file carry anything.
func TestCarriedColumns(t *testing.T) {
	c := returned.Campaign(t)
	for _, tc := range []struct {
		name  string
		heads []string
		want  []string
	}{
		{"two communes", []string{"Xã Đắk Sắk", "Thị trấn Đắk Mil"}, []string{"UBX-24679", "UBX-24664"}},
		{"one name", []string{"Xã Đắk Sắk"}, nil},
		{"figures", []string{"12", "Tổng"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := excelize.OpenReader(bytes.NewReader(returned.Workbook(t, c, returned.File{Unit: "UBH-663", Vals: returned.Figures(c, "UBH-663", 3), Reported: returned.Day(2024, 3, 20), Saved: time.Date(2024, 3, 20, 8, 0, 0, 0, time.UTC)})))
			if err != nil {
				t.Fatal(err)
			}
			for i, h := range tc.heads {
				cell, _ := excelize.CoordinatesToCellName(7+i, 11)
				f.SetCellValue("Báo cáo", cell, h)
			}
			var buf bytes.Buffer
			if err := f.Write(&buf); err != nil {
				t.Fatal(err)
			}
			f.Close()
			r := readBytes(c, "Dak Mil.xlsx", buf.Bytes(), ReadOptions{})
			var got []string
			for _, u := range r.Carries {
				got = append(got, u.Code)
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("carries %v, want %v", got, tc.want)
			}
		})
	}
}
