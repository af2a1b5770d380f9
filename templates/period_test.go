package templates

import (
	"strings"
	"testing"
	"time"
)

func TestNextPeriod(t *testing.T) {
	d := func(s string) time.Time {
		t, err := time.Parse("02/01/2006", s)
		if err != nil {
			panic(err)
		}
		return t
	}
	tests := []struct {
		name                     string
		id, title                string
		start, end, deadline     string
		wantID, wantTitle        string
		wantStart, wantEnd, want string // want: the new data deadline
	}{
		{"quarter, Roman numerals", "lam-dong-cds-2025-q3", "Báo cáo kết quả chuyển đổi số quý III năm 2025",
			"01/07/2025", "30/09/2025", "10/10/2025",
			"lam-dong-cds-2025-q4", "Báo cáo kết quả chuyển đổi số quý IV năm 2025", "01/10/2025", "31/12/2025", "10/01/2026"},
		{"quarter into the next year", "bc-2025-q4", "Báo cáo quý IV/2025 (so với quý III/2025)",
			"01/10/2025", "31/12/2025", "05/01/2026",
			"bc-2026-q1", "Báo cáo quý I/2026 (so với quý III/2025)", "01/01/2026", "31/03/2026", "05/04/2026"},
		{"quarter first in the ID, digits", "q2-2026-tuyen-truyen", "Tuyên truyền Quý 2 năm 2026",
			"01/04/2026", "30/06/2026", "15/07/2026",
			"q3-2026-tuyen-truyen", "Tuyên truyền Quý 3 năm 2026", "01/07/2026", "30/09/2026", "15/10/2026"},
		{"month, zero padded", "thong-ke-2026-09", "Thống kê tháng 09/2026",
			"01/09/2026", "30/09/2026", "05/10/2026",
			"thong-ke-2026-10", "Thống kê tháng 10/2026", "01/10/2026", "31/10/2026", "05/11/2026"},
		{"month into the next year", "tk-2026-12", "Thống kê tháng 12 năm 2026",
			"01/12/2026", "31/12/2026", "03/01/2027",
			"tk-2027-01", "Thống kê tháng 1 năm 2027", "01/01/2027", "31/01/2027", "03/02/2027"},
		{"half year", "sk-2026-h1", "Sơ kết 6 tháng đầu năm 2026",
			"01/01/2026", "30/06/2026", "10/07/2026",
			"sk-2026-h1-2026-07-01", "Sơ kết 6 tháng cuối năm 2026", "01/07/2026", "31/12/2026", "10/01/2027"},
		{"year", "tong-ket-2025", "Tổng kết năm 2025",
			"01/01/2025", "31/12/2025", "15/01/2026",
			"tong-ket-2026", "Tổng kết năm 2026", "01/01/2026", "31/12/2026", "15/01/2027"},
		{"weeks, no label", "giao-ban", "Giao ban tuần",
			"06/07/2026", "12/07/2026", "14/07/2026",
			"giao-ban-2026-07-13", "Giao ban tuần", "13/07/2026", "19/07/2026", "21/07/2026"},
		{"days, dated ID moves on", "giao-ban-2026-07-13", "Giao ban tuần",
			"13/07/2026", "19/07/2026", "21/07/2026",
			"giao-ban-2026-07-20", "Giao ban tuần", "20/07/2026", "26/07/2026", "28/07/2026"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &Campaign{ID: tt.id, Title: tt.title, PeriodStart: d(tt.start), PeriodEnd: d(tt.end), DataDeadline: d(tt.deadline),
				Units: []Unit{{Code: "X1", Name: "UBND xã Một"}}}
			n, notes, err := NextPeriod(c)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{n.ID, n.Title, n.PeriodStart.Format("02/01/2006"), n.PeriodEnd.Format("02/01/2006"), n.DataDeadline.Format("02/01/2006"), n.PreviousID}
			want := []string{tt.wantID, tt.wantTitle, tt.wantStart, tt.wantEnd, tt.want, tt.id}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("NextPeriod:\n got %q\nwant %q\nnotes %q", got, want, notes)
			}
			if c.ID != tt.id || len(n.Units) != 1 || !n.WrittenDeadline.IsZero() {
				t.Errorf("the campaign changed (%s) or lost its units (%d) or gained a deadline", c.ID, len(n.Units))
			}
		})
	}
	if _, _, err := NextPeriod(&Campaign{ID: "x"}); err == nil || !strings.Contains(err.Error(), "ngày bắt đầu") {
		t.Errorf("no dates: err %v, want one naming the start date", err)
	}
}
