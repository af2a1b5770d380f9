package textout

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"tonghop/aggregate"
	"tonghop/aggregate/aggregatetest"
	"tonghop/templates"
)

// TestTablesFitTheWidth: the check's tables are exactly as wide as asked
// (up to maxTableWidth), however long the messages; a file or a pipe gets
// DefaultWidth.
func TestTablesFitTheWidth(t *testing.T) {
	c := aggregatetest.Campaign(t)
	r := aggregatetest.UnitReport(t, c, "TU05", "tu05.xlsx", map[string]any{"A1": true, "C1": 10, "C2": 12})
	r.Issues = aggregate.Issues{{Sheet: templates.SheetReport, Cell: "D20", Indicator: "C2", Severity: templates.SeverityError,
		Msg: strings.Repeat("C2 = 12 lớn hơn C1 = 10: số người thay khung ảnh đại diện không thể vượt tổng số cán bộ; ", 4)}}
	for _, width := range []int{60, 80, 100, 160} {
		var b bytes.Buffer
		writeCheckReport(&b, width, c, r)
		want := min(width, maxTableWidth)
		widest := 0
		for _, l := range strings.Split(b.String(), "\n") {
			if strings.HasPrefix(l, "│") || strings.HasPrefix(l, "┌") {
				n := utf8.RuneCountInString(l)
				widest = max(widest, n)
				if n != want {
					t.Errorf("width %d: a line of %d: %q", width, n, l)
					break
				}
			}
		}
		if widest != want {
			t.Errorf("width %d: widest table line %d", width, widest)
		}
	}
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := Width(f); got != DefaultWidth {
		t.Errorf("Width(file) = %d", got)
	}
}
