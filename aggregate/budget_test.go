package aggregate

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"tonghop/aggregate/aggregatetest/returned"
	"tonghop/aggregate/archive/archivetest"
	"tonghop/aggregate/gate"
	"tonghop/templates"
	"tonghop/templates/testenv"
)

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
	if got, want := overBudget(gate.FileTime), "đọc tệp quá 20 giây nên đã bỏ qua: tệp có cấu trúc bất thường (có thể bị hỏng hoặc được tạo để gây hại) — đề nghị đơn vị mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại"; got != want {
		t.Fatalf("overBudget = %q, want %q", got, want)
	}
}

// TestReadBytesSkipsStyleBloat: a real report whose styles part holds
// 100,000 styles (32 KB on disk; excelize took 0,38 s and 181 MB to open
// it) is read for its values without the styles ever being inflated, and
// reading it allocates a few MB.
func TestReadBytesSkipsStyleBloat(t *testing.T) {
	c, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	data := archivetest.Rewrite(t, returned.Clean(t, c), func(name string, b []byte) []byte {
		if name != "xl/styles.xml" {
			return b
		}
		i := bytes.Index(b, []byte("<cellXfs"))
		j := bytes.IndexByte(b[i:], '>') + i + 1
		return append(append(append([]byte{}, b[:j]...), strings.Repeat(`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`, 100_000)...), b[j:]...)
	})
	var r *Report
	alloc := testenv.Allocated(func() { r = readBytes(c, "bc.xlsx", data, ReadOptions{}) })
	if r.State != StateIdentified || r.Unit == nil || len(r.Issues) != 0 {
		t.Fatalf("state %v, unit %v, issues %+v", r.State, r.Unit, r.Issues)
	}
	// A formula without a stored result is not computed: excelize would
	// parse the styles.
	if msg := calcSize(data); !strings.Contains(msg, "không tự tính công thức") {
		t.Errorf("calcSize = %q", msg)
	}
	if alloc > 16<<20 {
		t.Errorf("reading allocated %d MB", alloc>>20)
	}
}
