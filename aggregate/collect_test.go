package aggregate

import (
	"os"
	"path/filepath"
	"testing"
)

// A temporary file left by a killed run, in a folder that is read as
// input (an old output folder moved among the reports): Collect lists it
// as skipped and never reads it, though it starts like a workbook.
func TestCollectSkipsTempFiles(t *testing.T) {
	dir := t.TempDir()
	name := ".tong-hop.xlsx.123.tmp"
	if err := os.WriteFile(filepath.Join(dir, name), []byte("PK\x03\x04 nửa chừng"), 0o644); err != nil {
		t.Fatal(err)
	}
	paths, skipped, err := Collect(dir, filepath.Join(t.TempDir(), "ket-qua"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 0 || len(skipped) != 1 || skipped[0].Report.File.Path != filepath.Join(dir, name) || skipped[0].Reason != "tệp ẩn của hệ điều hành, bỏ qua" {
		t.Fatalf("paths %q, skipped %+v", paths, skipped)
	}
}

// assertOnly fails unless dir holds exactly the names.
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if len(got) != len(names) {
		t.Fatalf("folder holds %q, want %q", got, names)
	}
	for i := range names {
		if got[i] != names[i] {
			t.Fatalf("folder holds %q, want %q", got, names)
		}
	}
}
