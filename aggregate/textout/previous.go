package textout

import (
	"fmt"
	"io"
	"strings"

	"tonghop/aggregate/summary"
)

// maxConsoleUnits is how many added or removed units the console names.
const maxConsoleUnits = 10

// writePrevious says, after merge --ky-truoc, which file the period was
// compared with and which units were added or removed since.
func writePrevious(w io.Writer, s *summary.Summary) {
	p := s.Previous
	if p == nil {
		return
	}
	fmt.Fprintf(w, "\nSo với kỳ trước (%s): %d chỉ tiêu so sánh được, xem cột “So với kỳ trước” của trang Tổng hợp.\n", p.Path, len(p.Changes))
	var added, removed []string
	for _, u := range p.Added {
		added = append(added, u.Code+" "+u.Name)
	}
	for _, u := range p.Removed {
		removed = append(removed, strings.TrimSpace(u.Code+" "+u.Name))
	}
	for _, l := range []struct {
		what  string
		units []string
	}{{"đơn vị mới, kỳ trước không có", added}, {"đơn vị của kỳ trước, kỳ này không còn", removed}} {
		if len(l.units) == 0 {
			continue
		}
		names := l.units
		if len(names) > maxConsoleUnits {
			names = append(names[:maxConsoleUnits:maxConsoleUnits], fmt.Sprintf("… và %d đơn vị khác", len(l.units)-maxConsoleUnits))
		}
		fmt.Fprintf(w, "  - %d %s: %s.\n", len(l.units), l.what, strings.Join(names, "; "))
	}
}
