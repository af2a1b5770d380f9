// Package benchcorpus makes the files the benchmarks and the memory test
// read, looking like a national campaign: a campaign of N distinct units
// (the default one plus commune clones spread over its districts, as
// ../shared/bench/mkcampaign.py makes) and one returned workbook per unit,
// written by openpyxl — a writer other than ours — through the template's
// defined names (fill.py, a copy of ../shared/bench/fill.py: every 51st
// unit left missing, every 97th file breaking C2 ≤ C1). Filling takes
// about 30 s per 1,000 files on two cores, so the files are kept in
// TONGHOP_BENCH_DIR/n<N> when it is set. Like net/http/httptest, it is
// imported by tests only.
package benchcorpus

import (
	_ "embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"tonghop/templates"
	"tonghop/templates/testenv"
)

//go:embed fill.py
var fillScript []byte

// Corpus is a campaign file and the folder of the files returned for it.
type Corpus struct {
	Campaign string // the campaign workbook
	Dir      string // the returned workbooks, N of them
	Paths    []string
}

// Make returns the corpus of n returned files, made once per folder by
// openpyxl (testenv.NeedPython: skipped under -short or without it).
func Make(tb testing.TB, n int) Corpus {
	tb.Helper()
	python := testenv.NeedPython(tb, "openpyxl")
	root := os.Getenv("TONGHOP_BENCH_DIR")
	if root == "" {
		root = tb.TempDir()
	}
	dir := filepath.Join(root, fmt.Sprintf("n%d", n))
	c := Corpus{Campaign: filepath.Join(dir, "chien-dich.xlsx"), Dir: filepath.Join(dir, "bao-cao")}
	if c.Paths = list(c.Dir); len(c.Paths) == n {
		return c
	}
	start := time.Now()
	camp, err := Campaign(n + n/50)
	if err != nil {
		tb.Fatal(err)
	}
	tpl := filepath.Join(dir, "bieu-mau")
	for _, d := range []string{tpl, c.Dir} {
		if err := os.RemoveAll(d); err != nil {
			tb.Fatal(err)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := templates.WriteCampaign(camp, c.Campaign); err != nil {
		tb.Fatal(err)
	}
	if _, err := templates.Generate(camp, templates.GenerateOptions{OutDir: tpl}); err != nil {
		tb.Fatal(err)
	}
	script := filepath.Join(dir, "fill.py")
	if err := os.WriteFile(script, fillScript, 0o644); err != nil {
		tb.Fatal(err)
	}
	fill := exec.Command(python, script, tpl, c.Dir, strconv.Itoa(n), "-p", strconv.Itoa(runtime.NumCPU()))
	if out, err := fill.CombinedOutput(); err != nil {
		tb.Fatalf("fill.py: %v\n%s", err, out)
	}
	if c.Paths = list(c.Dir); len(c.Paths) != n {
		tb.Fatalf("fill.py wrote %d files, want %d", len(c.Paths), n)
	}
	tb.Logf("campaign of %d units, %d files filled by openpyxl in %v", len(camp.Units), n, time.Since(start).Round(time.Second))
	return c
}

// list returns the workbooks of dir, sorted.
func list(dir string) []string {
	paths, _ := filepath.Glob(filepath.Join(dir, "*.xlsx"))
	return paths
}

// Campaign is the default campaign grown to units units by communes named
// "UBND xã Thử Nghiệm Số NNNNN", spread over the districts in turn, read
// back from its workbook as the command reads it.
func Campaign(units int) (*templates.Campaign, error) {
	c, err := templates.Default()
	if err != nil {
		return nil, err
	}
	var districts []string
	for _, u := range c.Units {
		if u.Group == "UBH" {
			districts = append(districts, u.Code)
		}
	}
	for i := 0; len(c.Units) < units; i++ {
		c.Units = append(c.Units, templates.Unit{
			Code: fmt.Sprintf("UBX-9%05d", i), Name: fmt.Sprintf("UBND xã Thử Nghiệm Số %05d", i+1),
			Group: "UBX", Parent: districts[i%len(districts)], GSOCode: strconv.Itoa(50000 + i),
		})
	}
	f, err := os.CreateTemp("", "tonghop-bench-*.xlsx")
	if err != nil {
		return nil, err
	}
	f.Close()
	defer os.Remove(f.Name())
	if err := templates.WriteCampaign(c, f.Name()); err != nil {
		return nil, err
	}
	return templates.Load(f.Name())
}
