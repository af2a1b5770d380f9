//go:build linux

// Linux only: the CPU time and peak memory are read from rusage as Linux
// reports it; CI runs on Linux.

package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"syscall"
	"testing"
	"time"

	"tonghop/templates"
)

// The benchmark and the memory test of the whole merge command look like a
// national campaign: a campaign of N distinct units (the default one plus
// commune clones spread over its districts, as ../shared/bench/mkcampaign.py
// makes) and one returned workbook per unit, written by openpyxl — a writer
// other than ours — through the template's defined names
// (testdata/bench/fill.py, a copy of ../shared/bench/fill.py: every 51st
// unit left missing, every 97th file breaking C2 ≤ C1). Filling takes about
// 30 s per 1,000 files on two cores, so the files are kept in
// TONGHOP_BENCH_DIR/n<N> when it is set.
//
//	TONGHOP_BENCH_DIR=/tmp/tonghop-bench go test . -run '^$' -bench MergeCommand -benchtime 3x
//	TONGHOP_BENCH_N=10000 TONGHOP_BENCH_DIR=/tmp/tonghop-bench go test . -run '^$' -bench MergeCommand -benchtime 1x -timeout 60m
//	TONGHOP_MEM_N=10000 TONGHOP_BENCH_DIR=/tmp/tonghop-bench go test . -run TestMergeMemory -v -timeout 60m

// benchAsOf is the merge's "today": after the deadline, so that the units
// left out are missing.
const benchAsOf = "2024-04-15"

// benchCorpus returns the campaign file and the folder of n returned
// workbooks, made once per folder.
func benchCorpus(tb testing.TB, n int) (campaign, returned string) {
	tb.Helper()
	python, err := exec.LookPath("/usr/bin/python3")
	if err == nil {
		err = exec.Command(python, "-c", "import openpyxl").Run()
	}
	if err != nil {
		if os.Getenv("TONGHOP_REQUIRE_APPS") == "1" {
			tb.Fatalf("/usr/bin/python3 with openpyxl is required (TONGHOP_REQUIRE_APPS=1): %v", err)
		}
		tb.Skip("no /usr/bin/python3 with openpyxl (python3-openpyxl): the returned files are written by it")
	}
	root := os.Getenv("TONGHOP_BENCH_DIR")
	if root == "" {
		root = tb.TempDir()
	}
	dir := filepath.Join(root, fmt.Sprintf("n%d", n))
	campaign = filepath.Join(dir, "chien-dich.xlsx")
	returned = filepath.Join(dir, "bao-cao")
	if ents, err := os.ReadDir(returned); err == nil && len(ents) == n {
		return campaign, returned
	}
	start := time.Now()
	c, err := benchCampaign(n + n/50)
	if err != nil {
		tb.Fatal(err)
	}
	tpl := filepath.Join(dir, "bieu-mau")
	for _, d := range []string{tpl, returned} {
		if err := os.RemoveAll(d); err != nil {
			tb.Fatal(err)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := templates.WriteCampaign(c, campaign); err != nil {
		tb.Fatal(err)
	}
	if _, err := templates.Generate(c, templates.GenerateOptions{OutDir: tpl}); err != nil {
		tb.Fatal(err)
	}
	fill := exec.Command(python, filepath.Join("testdata", "bench", "fill.py"), tpl, returned, strconv.Itoa(n), "-p", strconv.Itoa(runtime.NumCPU()))
	if out, err := fill.CombinedOutput(); err != nil {
		tb.Fatalf("fill.py: %v\n%s", err, out)
	}
	tb.Logf("campaign of %d units, %d files filled by openpyxl in %v", len(c.Units), n, time.Since(start).Round(time.Second))
	return campaign, returned
}

// benchCampaign is the default campaign grown to units units by communes
// named "UBND xã Thử Nghiệm Số NNNNN", spread over the districts in turn,
// read back from its workbook as the command reads it.
func benchCampaign(units int) (*templates.Campaign, error) {
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
	path := filepath.Join(os.TempDir(), fmt.Sprintf("tonghop-bench-%d-%d.xlsx", os.Getpid(), units))
	defer os.Remove(path)
	if err := templates.WriteCampaign(c, path); err != nil {
		return nil, err
	}
	return templates.Load(path)
}

func envN(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// BenchmarkMergeCommand runs the merge command in this process: read,
// identify, validate, merge, and every output (workbook, PDF, feedback,
// drafts, console). It reports ms/file, the peak live heap and the CPU
// time of the process per file (cpu-ms/file: both cores count).
func BenchmarkMergeCommand(b *testing.B) {
	n := envN("TONGHOP_BENCH_N", 1000)
	campaign, returned := benchCorpus(b, n)
	out := b.TempDir()
	runtime.GC()
	cpu0 := cpuSeconds()
	stop := peakHeap()
	for b.Loop() {
		if code := run([]string{"merge", returned, "--campaign", campaign, "--out", out, "--as-of", benchAsOf}, io.Discard, io.Discard); code != 1 {
			b.Fatalf("merge: exit %d, want 1 (missing units, rule errors)", code)
		}
	}
	peak := stop()
	cpu := cpuSeconds() - cpu0
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/float64(n), "ms/file")
	b.ReportMetric(cpu*1000/float64(b.N)/float64(n), "cpu-ms/file")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// cpuSeconds is the CPU time (user and system) the process has used so
// far.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(syscall.TimevalToNsec(ru.Utime) + syscall.TimevalToNsec(ru.Stime)).Seconds()
}

// peakHeap samples the live heap until stop is called and returns the
// highest value seen, in bytes.
func peakHeap() (stop func() uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		return peak
	}
}

// memLimitMB is the most the merge command may hold (peak resident
// memory) at TONGHOP_MEM_N distinct units.
const memLimitMB = 100

// TestMergeMemory runs the tonghop command, built into a temporary folder,
// over the campaign of TONGHOP_MEM_N distinct units and their returned
// files (benchCorpus) and fails when its peak resident memory is over
// memLimitMB. Opt-in: the files take minutes to fill at 10,000.
func TestMergeMemory(t *testing.T) {
	n := envN("TONGHOP_MEM_N", 0)
	if n == 0 {
		t.Skip("TONGHOP_MEM_N not set: peak memory of the merge command at N distinct units")
	}
	campaign, returned := benchCorpus(t, n)
	bin := filepath.Join(t.TempDir(), "tonghop")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "merge", returned, "--campaign", campaign, "--out", t.TempDir(), "--as-of", benchAsOf)
	start := time.Now()
	err := cmd.Run()
	elapsed := time.Since(start)
	if code := cmd.ProcessState.ExitCode(); code != 1 {
		t.Fatalf("merge: exit %d (%v), want 1 (missing units, rule errors)", code, err)
	}
	st := cmd.ProcessState
	rss := st.SysUsage().(*syscall.Rusage).Maxrss << 10 // KiB on Linux
	cpu := st.UserTime() + st.SystemTime()
	t.Logf("%d files: %v, CPU %v (%.2f ms/file), peak RSS %.0f MB", n, elapsed.Round(time.Millisecond),
		cpu.Round(time.Millisecond), float64(cpu.Microseconds())/1000/float64(n), float64(rss)/(1<<20))
	if rss > memLimitMB<<20 {
		t.Errorf("peak RSS %.0f MB at %d files, over %d MB", float64(rss)/(1<<20), n, memLimitMB)
	}
}
