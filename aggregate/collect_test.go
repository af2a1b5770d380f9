package aggregate

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"tonghop/aggregate/gate"
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
	in, err := Collect(dir, filepath.Join(t.TempDir(), "ket-qua"))
	paths, skipped := in.Paths, in.Skipped
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 0 || len(skipped) != 1 || skipped[0].Report.File.Path != filepath.Join(dir, name) || skipped[0].Reason != "tệp ẩn của hệ điều hành, bỏ qua" {
		t.Fatalf("paths %q, skipped %+v", paths, skipped)
	}
}

// TestCollectLinks: a link to a file is followed wherever it points; a
// link to a folder never is — not to the whole disk, not outside, not
// back into the input folder.
func TestCollectLinks(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	root, outside := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(outside, "SBN03.xlsx"), []byte("PK\x03\x04"), 0o644)
	os.MkdirAll(filepath.Join(root, "Thư 1"), 0o755)
	for name, target := range map[string]string{
		"goc":            "/",
		"ra-ngoai":       outside,
		"lien-ket.xlsx":  filepath.Join(outside, "SBN03.xlsx"),
		"Thư 1/vong":     root,
		"thu-1-lien-ket": filepath.Join(root, "Thư 1"),
	} {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	in, err := Collect(root, "")
	paths, skipped := in.Paths, in.Skipped
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{filepath.Join(root, "lien-ket.xlsx")}; !reflect.DeepEqual(paths, want) {
		t.Errorf("paths %q, want %q", paths, want)
	}
	got := map[string]string{}
	for _, s := range skipped {
		rel, _ := filepath.Rel(root, s.Report.File.Path)
		got[filepath.ToSlash(rel)] = s.Reason
	}
	loop := "liên kết trỏ về thư mục đã đọc (vòng lặp), bỏ qua"
	want := map[string]string{
		"goc":            loop, // "/" holds the input folder
		"ra-ngoai":       "liên kết (lối tắt) tới thư mục nằm ngoài thư mục báo cáo, không đi theo: chép thư mục đó vào nếu cần tổng hợp",
		"Thư 1/vong":     loop,
		"thu-1-lien-ket": "liên kết tới một thư mục đã được đọc trực tiếp, bỏ qua",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("skipped %q, want %q", got, want)
	}
}

// nest makes depth folders one inside the other under root, each holding
// a report.
func nest(t testing.TB, root string, depth int) {
	dir := root
	for i := 0; i < depth; i++ {
		dir = filepath.Join(dir, "thu-muc")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "bc.xlsx"), []byte("PK\x03\x04"), 0o644)
	}
}

// TestCollectDeepNesting: folders deeper than gate.MaxWalkDepth are listed,
// not read, and the walk costs allocations linear in the depth (the
// first round resolved every folder's whole path: quadratic).
func TestCollectDeepNesting(t *testing.T) {
	root := t.TempDir()
	nest(t, root, gate.MaxWalkDepth+8)
	in, err := Collect(root, "")
	paths, skipped := in.Paths, in.Skipped
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != gate.MaxWalkDepth {
		t.Errorf("%d files read, want %d", len(paths), gate.MaxWalkDepth)
	}
	deep := root + strings.Repeat(string(filepath.Separator)+"thu-muc", gate.MaxWalkDepth+1)
	if len(skipped) != 1 || skipped[0].Report.File.Path != deep ||
		skipped[0].Reason != "thư mục lồng quá sâu (hơn 32 cấp), không đọc: hãy chép các báo cáo ra thư mục nông hơn" {
		t.Fatalf("skipped %+v", skipped)
	}
	allocs := func(depth int) float64 {
		r := t.TempDir()
		nest(t, r, depth)
		return testing.AllocsPerRun(3, func() { Collect(r, "") })
	}
	a8, a32 := allocs(8), allocs(32)
	t.Logf("allocations: %.0f at depth 8, %.0f at depth 32", a8, a32)
	if a32 > 4.5*a8 {
		t.Errorf("Collect allocates %.0f times at depth 32, %.0f at depth 8: more than linear", a32, a8)
	}
}

// TestOutFolderByPath: on a volume without file IDs (FAT32 and exFAT USB
// sticks, Wine's drives: os.SameFile is false there) the output folder
// inside the input folder is still recognised, by its cleaned absolute
// path however it was spelled, case-insensitively on Windows only.
func TestOutFolderByPath(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	walked := filepath.Join(dir, "bao-cao", "Ket-Qua") // as Collect joins it while walking
	for _, tc := range []struct {
		name, outDir, goos string
		want               bool
	}{
		{"relative", filepath.Join("bao-cao", "Ket-Qua"), "linux", true},
		{"dot and trailing separator", "." + string(filepath.Separator) + filepath.Join("bao-cao", "Ket-Qua") + string(filepath.Separator), "linux", true},
		{"through ..", filepath.Join("bao-cao", "x", "..", "Ket-Qua"), "linux", true},
		{"absolute", walked, "linux", true},
		{"other case on windows", filepath.Join(dir, "BAO-CAO", "ket-qua"), "windows", true},
		{"other case elsewhere", filepath.Join(dir, "BAO-CAO", "ket-qua"), "linux", false},
		{"sibling", filepath.Join("bao-cao", "Ket-Qua-2"), "windows", false},
		{"none", "", "windows", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := outFolderOf(tc.outDir, tc.goos)
			o.info = nil // what a volume without file IDs amounts to
			if got := o.is(walked, nil); got != tc.want {
				t.Errorf("outFolderOf(%q, %s).is(%q) = %v, want %v", tc.outDir, tc.goos, walked, got, tc.want)
			}
		})
	}
}

// A folder below the merged one that holds its own campaign workbook (the
// second sample campaign under samples/, a later period kept beside this
// one) is another campaign's folder: listed as skipped, never read. The
// merged folder itself may hold the campaign workbook, and fetch's state
// beside the mails it saved: tonghop's own files, neither read nor listed
// (the state file is no "hidden system file").
func TestCollectSkipsCampaignFolders(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{
		"a.xlsx",
		"chien-dich.xlsx",
		filepath.Join("thu", ".tonghop-imap.json"),
		filepath.Join("ky-sau", "chien-dich.xlsx"),
		filepath.Join("ky-sau", "bao-cao", "b.xlsx"),
		filepath.Join("thu-muc", "c.xlsx"),
	} {
		p = filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("PK\x03\x04"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	in, err := Collect(dir, "")
	paths, skipped := in.Paths, in.Skipped
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "a.xlsx"), filepath.Join(dir, "thu-muc", "c.xlsx")}
	if !reflect.DeepEqual(paths, want) {
		t.Errorf("paths %q, want %q", paths, want)
	}
	if len(skipped) != 1 || skipped[0].Report.File.Path != filepath.Join(dir, "ky-sau") || !strings.Contains(skipped[0].Reason, "chiến dịch") {
		t.Errorf("skipped %+v, want the folder ky-sau", skipped)
	}
}
