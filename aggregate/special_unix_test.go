//go:build unix

package aggregate

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"tonghop/aggregate/aggregatetest/returned"
)

// TestMergeSpecialFilesNeverBlock: a folder holding a FIFO named like a
// mail, links named like reports to a FIFO, to a device and to a kernel
// file that polls readable but never has data (/proc/kmsg) is merged at
// once: each special file is listed as skipped, the workbook beside them
// is merged.
func TestMergeSpecialFilesNeverBlock(t *testing.T) {
	c := returned.Campaign(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "thu.eml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("mkfifo:", err)
	}
	links := map[string]string{"lien-ket.xlsx": fifo, "thiet-bi.xlsx": "/dev/zero"}
	if _, err := os.Lstat("/proc/kmsg"); err == nil {
		links["nhat-ky.xlsx"] = "/proc/kmsg"
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	at := time.Date(2024, 3, 20, 8, 0, 0, 0, time.UTC)
	os.WriteFile(filepath.Join(dir, "SBN03.xlsx"), returned.Workbook(t, c, returned.File{Unit: "SBN03", Vals: returned.Figures(c, "SBN03", 3), Reported: returned.Day(2024, 3, 20), Saved: at}), 0o644)
	in, err := Collect(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	res := in.Merge(c, MergeOptions{AsOf: returned.Day(2024, 4, 15), Root: dir})
	want := map[string]bool{"thu.eml": true}
	for name := range links {
		want[name] = true
	}
	for _, fo := range res.Files {
		name := filepath.ToSlash(fo.Report.File.Path)
		if !want[name] {
			continue
		}
		delete(want, name)
		if fo.Use != UseRejected || !strings.Contains(fo.Reason, "không phải tệp thông thường") {
			t.Errorf("%s: %s %q, want skipped as not a regular file", name, fo.Use.Label(), fo.Reason)
		}
	}
	for name := range want {
		t.Errorf("%s: no outcome", name)
	}
	for _, ur := range res.Units {
		if ur.Unit.Code == "SBN03" && ur.Status != StatusOnTime {
			t.Errorf("SBN03 beside the special files: %s", ur.Status.Label())
		}
	}
}
