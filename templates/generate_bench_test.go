//go:build linux

// Linux only: the CPU time is read from rusage as Linux reports it; CI runs
// on Linux.

package templates

import (
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"
)

// BenchmarkGenerateWorkers writes the default campaign's templates (130),
// or those of the campaign file TONGHOP_BENCH_CAMPAIGN (the bench kit's
// c1020.xlsx: a national campaign), with one worker and with two, files
// and all, and reports the wall time and the CPU time (both cores count)
// per template: the ratio of the two ms/workbook figures is what the
// second core brings.
//
//	go test ./templates -run '^$' -bench GenerateWorkers -benchtime 5x
//	TONGHOP_BENCH_CAMPAIGN=c1020.xlsx go test ./templates -run '^$' -bench GenerateWorkers -benchtime 5x
func BenchmarkGenerateWorkers(b *testing.B) {
	c := defaultCampaign(b)
	if path := os.Getenv("TONGHOP_BENCH_CAMPAIGN"); path != "" {
		var err error
		if c, err = Load(path); err != nil {
			b.Fatal(err)
		}
	}
	// Every run's files stay until the end: on ext4 without a journal,
	// creating a file skips the inodes freed in the last minutes, checking
	// each, so that the runs after a removal spent more time creating
	// files than building templates (the second sub-benchmark paid for the
	// first).
	root := b.TempDir()
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			n := 0
			cpu0 := processCPU()
			for b.Loop() {
				dir, err := os.MkdirTemp(root, "")
				if err != nil {
					b.Fatal(err)
				}
				res, err := Generate(c, GenerateOptions{OutDir: dir, Workers: workers})
				if err != nil {
					b.Fatal(err)
				}
				n += len(res.Files)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(n), "ms/workbook")
			b.ReportMetric((processCPU()-cpu0).Seconds()*1000/float64(n), "cpu-ms/workbook")
		})
	}
}

// processCPU is the CPU time (user and system) the process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(syscall.TimevalToNsec(ru.Utime) + syscall.TimevalToNsec(ru.Stime))
}
