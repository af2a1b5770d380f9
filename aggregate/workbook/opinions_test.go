package workbook

import (
	"fmt"
	"testing"

	"tonghop/aggregate/aggregatetest"
	"tonghop/aggregate/report/reporttest"
)

// TestOpinionsSheet reads "Ý kiến đơn vị" back: one row per answer of the
// samples, with the group part V of the report gives it.
func TestOpinionsSheet(t *testing.T) {
	s := reporttest.Samples(t)
	path := t.TempDir() + "/tong-hop.xlsx"
	if err := Write(s, path); err != nil {
		t.Fatal(err)
	}
	f := aggregatetest.OpenRaw(t, path)
	rows, err := f.GetRows(SheetOpinions)
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	group := map[string]string{} // "F2 unit code" → group column
	for _, tr := range s.TextResults {
		want += tr.Answered()
		n := 0
		for _, g := range tr.Groups {
			label := "Ý kiến riêng"
			if len(g.Answers) > 1 {
				n++
				label = fmt.Sprintf("Nhóm %d", n)
			}
			for _, a := range g.Answers {
				group[tr.Indicator.ID+" "+a.Unit.Unit.Code] = label
			}
		}
		for _, a := range tr.Blank {
			group[tr.Indicator.ID+" "+a.Unit.Unit.Code] = "Không có ý kiến"
		}
	}
	if want < 100 {
		t.Fatalf("samples have %d answers, want a realistic number", want)
	}
	if len(rows)-1 != want {
		t.Fatalf("%d rows, want %d answers", len(rows)-1, want)
	}
	if got := rows[0]; got[2] != "Nhóm ý kiến" || got[7] != "Ý kiến của đơn vị" {
		t.Errorf("header %q", got)
	}
	for i, r := range rows[1:] {
		id := r[1][:2]
		if g := group[id+" "+r[5]]; g != r[2] {
			t.Errorf("row %d (%s %s): group %q, want %q", i+2, id, r[5], r[2], g)
		}
	}
	// The first group of the difficulties is the report's "20 đơn vị nêu
	// ý kiến tương tự: “Kinh phí dành cho công tác tuyên truyền còn hạn
	// chế”".
	n := 0
	for _, r := range rows[1:] {
		if r[1][:2] == "F2" && r[2] == "Nhóm 1" {
			n++
			if r[4] != "Kinh phí dành cho công tác tuyên truyền còn hạn chế." || r[3] != "20" {
				t.Errorf("F2 group 1 row %q", r)
			}
		}
	}
	if n != 20 {
		t.Errorf("F2 group 1 has %d rows, want 20", n)
	}
}
