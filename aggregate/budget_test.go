package aggregate

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"tonghop/templates"
)

// endless is a file that never stops growing.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

// TestReadUpToStopsAtTheLimit reads a file that grows without end: the
// read fails as soon as it passes the limit, holding no more than about
// the limit in memory.
func TestReadUpToStopsAtTheLimit(t *testing.T) {
	const limit = 1 << 20
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := readUpTo(endless{}, 1000, limit)
	runtime.ReadMemStats(&after)
	var big tooLargeError
	if !errors.As(err, &big) || big.size != limit+1 {
		t.Fatalf("readUpTo = %v, want tooLargeError{%d}", err, limit+1)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 3*limit+64<<10 {
		t.Fatalf("allocated %d bytes reading past a limit of %d", got, limit)
	}
	data, err := readUpTo(io.LimitReader(endless{}, limit), limit, limit)
	if err != nil || len(data) != limit {
		t.Fatalf("a file of exactly the limit: %d bytes, %v", len(data), err)
	}
}

// TestWithinBudget gives up on a read that does not finish, with its
// message, and keeps the report of one that does.
func TestWithinBudget(t *testing.T) {
	never := make(chan struct{})
	defer close(never)
	slow := func() *Report { <-never; return &Report{} }
	late := &Report{State: StateRejected}
	if r := withinBudget(10*time.Millisecond, slow, func() *Report { return late }); r != late {
		t.Fatalf("a read that never ends gave %+v", r)
	}
	done := &Report{}
	if r := withinBudget(time.Hour, func() *Report { return done }, func() *Report { return late }); r != done {
		t.Fatalf("a finished read gave %+v", r)
	}
	if got, want := overBudget(FileTimeBudget), "đọc tệp quá 20 giây nên đã bỏ qua: tệp có cấu trúc bất thường (có thể bị hỏng hoặc được tạo để gây hại) — đề nghị đơn vị mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại"; got != want {
		t.Fatalf("overBudget = %q, want %q", got, want)
	}
}

// TestReadBytesRefusesHugeCounts goes the whole excelize path with a real
// report whose styles part holds 100,000 styles (32 KB on disk; excelize
// took 0,38 s and 181 MB before the gate counted elements): the file is
// refused, and reading it allocates a few MB.
func TestReadBytesRefusesHugeCounts(t *testing.T) {
	c, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	data := rewriteZip(t, cleanBytes(t, c), func(name string, b []byte) []byte {
		if name != "xl/styles.xml" {
			return b
		}
		i := bytes.Index(b, []byte("<cellXfs"))
		j := bytes.IndexByte(b[i:], '>') + i + 1
		return append(append(append([]byte{}, b[:j]...), strings.Repeat(`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`, 100_000)...), b[j:]...)
	})
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	r := readBytes(c, "bc.xlsx", data, ReadOptions{})
	runtime.ReadMemStats(&after)
	want := "tệp có quá nhiều phần tử trong cấu trúc (hơn 40.000, đến phần xl/styles.xml): báo cáo bình thường chỉ vài nghìn — có thể là tệp độc hại; không mở, đề nghị đơn vị mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại"
	if r.State == StateIdentified || len(r.Issues) != 1 || r.Issues[0].Msg != want {
		t.Fatalf("state %v, issues %+v", r.State, r.Issues)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 16<<20 {
		t.Errorf("reading allocated %d MB", got>>20)
	}
}
