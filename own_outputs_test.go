package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestOwnOutputsInInput merges the samples, puts the outputs — the
// workbook, the PDF and the DOCX, renamed as an officer might — among the
// units' files, and merges again: the same figures, and the three files
// listed in "Tệp nguồn" as tonghop's own outputs, skipped, blamed on no unit.
func TestOwnOutputsInInput(t *testing.T) {
	if testing.Short() {
		t.Skip("merges the samples twice")
	}
	first := t.TempDir()
	var out, errb bytes.Buffer
	if code := run([]string{"merge", "samples", "--out", first, "--as-of", "2024-04-15"}, &out, &errb); code != exitInvalid {
		t.Fatalf("first merge: exit %d\n%s%s", code, out.String(), errb.String())
	}
	input := t.TempDir()
	copyTree(t, filepath.Join("samples", "bao-cao"), filepath.Join(input, "bao-cao"))
	for from, to := range map[string]string{"tong-hop.xlsx": "Tong hop gui lanh dao.xlsx", "bao-cao-tong-hop.pdf": "BC tong hop.pdf", "bao-cao-tong-hop.docx": "BC tong hop.docx"} {
		b, err := os.ReadFile(filepath.Join(first, from))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(input, to), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	second := t.TempDir()
	out.Reset()
	errb.Reset()
	if code := run([]string{"merge", input, "--out", second, "--as-of", "2024-04-15"}, &out, &errb); code != exitInvalid {
		t.Fatalf("second merge: exit %d\n%s%s", code, out.String(), errb.String())
	}
	f, err := excelize.OpenFile(filepath.Join(second, "tong-hop.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Tệp nguồn")
	if err != nil {
		t.Fatal(err)
	}
	skipped := 0
	for _, r := range rows {
		if len(r) > 9 && strings.HasPrefix(r[9], "tệp kết quả do tonghop ghi ra") {
			skipped++
			if r[6] != "" {
				t.Errorf("%s blamed on unit %s", r[1], r[6])
			}
		}
	}
	if skipped != 3 {
		t.Errorf("%d own outputs skipped, want 3", skipped)
	}
	a, _ := excelize.OpenFile(filepath.Join(first, "tong-hop.xlsx"))
	defer a.Close()
	for _, cell := range []string{"C5", "D5", "E5", "F5"} {
		x, _ := a.GetCellFormula("Tổng hợp", cell)
		y, _ := f.GetCellFormula("Tổng hợp", cell)
		if x != y {
			t.Errorf("Tổng hợp!%s: %q, then %q", cell, x, y)
		}
	}
}

// copyTree copies a folder of files.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestStaleRemindersRemovedOnlyIfOurs: a unit reminded in one run reports
// before the next; the next run removes that reminder (its manifest lists
// it), and leaves a file the officer put among the reminders.
func TestStaleRemindersRemovedOnlyIfOurs(t *testing.T) {
	if testing.Short() {
		t.Skip("merges the samples twice")
	}
	input := t.TempDir()
	copyTree(t, filepath.Join("samples", "bao-cao"), input)
	held := filepath.Join(t.TempDir(), "held.xlsx")
	if err := os.Rename(filepath.Join(input, "BC 20 nam - Lien doan Lao dong tinh.xlsx"), held); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	merge := func() map[string]bool {
		var o, e bytes.Buffer
		if code := run([]string{"merge", input, "--out", out, "--as-of", "2024-04-15"}, &o, &e); code != exitInvalid {
			t.Fatalf("merge: exit %d\n%s%s", code, o.String(), e.String())
		}
		names := map[string]bool{}
		ents, _ := os.ReadDir(filepath.Join(out, "nhac-bao-cao"))
		for _, en := range ents {
			names[en.Name()] = true
		}
		return names
	}
	first := merge()
	if err := os.WriteFile(filepath.Join(out, "nhac-bao-cao", "ghi-chu.txt"), []byte("của cán bộ"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(held, filepath.Join(input, "BC 20 nam - Lien doan Lao dong tinh.xlsx")); err != nil {
		t.Fatal(err)
	}
	second := merge()
	var gone []string
	for n := range first {
		if !second[n] {
			gone = append(gone, n)
		}
	}
	if len(gone) != 1 || !strings.Contains(gone[0], "Lien-doan-Lao-dong") {
		t.Errorf("reminders removed: %v, want the one to the unit that has reported since", gone)
	}
	if !second["ghi-chu.txt"] {
		t.Error("the officer's file among the reminders was removed")
	}
}
