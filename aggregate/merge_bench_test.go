package aggregate

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"tonghop/aggregate/aggregatetest/returned"
	"tonghop/aggregate/benchcorpus"
	"tonghop/templates"
)

// Benchmarks of the reader and the merge alone over the corpus of package
// benchcorpus: a campaign of N distinct units (TONGHOP_BENCH_N, default
// 1,000) and N files filled by openpyxl, kept in TONGHOP_BENCH_DIR when set.
// BenchmarkMerge reads and merges them as the merge command does;
// BenchmarkZipFloor reads the same files with a bare archive/zip +
// encoding/xml token scan of the sheets, the floor any reader pays. Both
// report ms/file and the peak live heap (peak-heap-MB). The whole command,
// outputs and all, is BenchmarkMergeCommand in package tonghop.
//
//	TONGHOP_BENCH_DIR=/tmp/tonghop-bench go test ./aggregate -run '^$' -bench 'Merge$|ZipFloor' -benchtime 3x
//	TONGHOP_BENCH_N=10000 TONGHOP_BENCH_DIR=/tmp/tonghop-bench go test ./aggregate -run '^$' -bench 'Merge$|ZipFloor' -benchtime 1x

func benchN() int {
	if n, err := strconv.Atoi(os.Getenv("TONGHOP_BENCH_N")); err == nil && n > 0 {
		return n
	}
	return 1000
}

// benchFiles returns the campaign and the files of the corpus.
func benchFiles(b *testing.B) (*templates.Campaign, []string) {
	bc := benchcorpus.Make(b, benchN())
	c, err := templates.Load(bc.Campaign)
	if err != nil {
		b.Fatal(err)
	}
	return c, bc.Paths
}

// peakHeap samples the live heap until stop is called and returns the
// highest value seen, in bytes.
func peakHeap() (stop func() uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak {
				peak = v
			}
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

func BenchmarkMerge(b *testing.B) {
	c, paths := benchFiles(b)
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	stop := peakHeap()
	for b.Loop() {
		res := Input{Paths: paths}.Merge(c, MergeOptions{AsOf: returned.Day(2024, 4, 10)})
		if len(res.Files) != len(paths) {
			b.Fatalf("%d files merged", len(res.Files))
		}
	}
	peak := stop()
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/float64(len(paths)), "ms/file")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// BenchmarkZipFloor reads every sheet of the same files with archive/zip
// and an encoding/xml token scan, on as many workers as Merge.
func BenchmarkZipFloor(b *testing.B) {
	_, paths := benchFiles(b)
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	stop := peakHeap()
	for b.Loop() {
		var wg sync.WaitGroup
		next := make(chan string)
		errs := make(chan error, 1)
		for w := 0; w < runtime.GOMAXPROCS(0); w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for p := range next {
					if _, err := scanSheets(p); err != nil {
						select {
						case errs <- err:
						default:
						}
					}
				}
			}()
		}
		for _, p := range paths {
			next <- p
		}
		close(next)
		wg.Wait()
		select {
		case err := <-errs:
			b.Fatal(err)
		default:
		}
	}
	peak := stop()
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/float64(len(paths)), "ms/file")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// scanSheets token-scans the worksheets and shared strings of a workbook
// and counts the cells.
func scanSheets(path string) (int, error) {
	z, err := zip.OpenReader(path)
	if err != nil {
		return 0, err
	}
	defer z.Close()
	cells := 0
	for _, f := range z.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/") && f.Name != "xl/sharedStrings.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return 0, err
		}
		d := xml.NewDecoder(rc)
		for {
			tok, err := d.RawToken()
			if err == io.EOF {
				break
			}
			if err != nil {
				rc.Close()
				return 0, fmt.Errorf("%s: %s: %w", path, f.Name, err)
			}
			if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "c" {
				cells++
			}
		}
		rc.Close()
	}
	return cells, nil
}
