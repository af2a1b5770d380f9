//go:build linux

// Linux only: the CPU time and peak memory are read from rusage as Linux
// reports it; CI runs on Linux.

package main

import (
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

	"tonghop/aggregate/benchcorpus"
)

// The benchmark and the memory test of the whole merge command read a
// corpus that looks like a national campaign (package benchcorpus): N
// distinct units, N files filled by openpyxl, kept in TONGHOP_BENCH_DIR.
//
//	TONGHOP_BENCH_DIR=/tmp/tonghop-bench go test . -run '^$' -bench MergeCommand -benchtime 3x
//	TONGHOP_BENCH_N=10000 TONGHOP_BENCH_DIR=/tmp/tonghop-bench go test . -run '^$' -bench MergeCommand -benchtime 1x -timeout 60m
//	TONGHOP_MEM_N=10000 TONGHOP_BENCH_DIR=/tmp/tonghop-bench go test . -run TestMergeMemory -v -timeout 60m

// benchAsOf is the merge's "today": after the deadline, so that the units
// left out are missing.
const benchAsOf = "2024-04-15"

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
	bc := benchcorpus.Make(b, n)
	campaign, returned := bc.Campaign, bc.Dir
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
	bc := benchcorpus.Make(t, n)
	campaign, returned := bc.Campaign, bc.Dir
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
