package samples

import (
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"tonghop/aggregate"
	"tonghop/aggregate/summary"
)

// TestMerge merges the committed samples as of AsOf and checks every count,
// every unit's status and every file's use against what the scenario says.
func TestMerge(t *testing.T) {
	c := campaign(t)
	want, err := Expect(c)
	if err != nil {
		t.Fatal(err)
	}
	in, err := aggregate.Collect(Dir, "")
	if err != nil {
		t.Fatal(err)
	}
	res := in.Merge(c, aggregate.MergeOptions{AsOf: AsOf, Root: Dir})

	uses := map[aggregate.Use]int{}
	gotUses := map[string]Use{}
	for _, f := range res.Files {
		uses[f.Use]++
		gotUses[filepath.ToSlash(f.Report.File.Path)] = fromUse(f.Use)
		// Only the report that counts for its unit keeps its values:
		// nothing else is shown from them, and they are most of a large
		// merge's memory.
		if n := f.Report.Values.Len(); f.Use != aggregate.UseUsed && n > 0 {
			t.Errorf("%s (%s) keeps %d values", f.Report.File.Path, f.Use.Label(), n)
		}
	}
	sum := summary.Of(res)
	p := sum.Province
	counts := []struct {
		name      string
		got, want int
	}{
		{"đơn vị phải báo cáo", p.Expected, want.Expected},
		{"đã gửi", p.Received, want.Received},
		{"hợp lệ", p.Valid, want.Valid},
		{"có lỗi hoặc không đọc được", p.Invalid, want.Invalid + want.Unreadable},
		{"đúng hạn", p.OnTime, want.OnTime},
		{"nộp muộn", p.Late, want.Late},
		{"chưa báo cáo", p.Missing, want.Missing},
		{"tệp", len(res.Files), want.Files},
		{"tệp được dùng", uses[aggregate.UseUsed], want.Used},
		{"bản trùng", uses[aggregate.UseDuplicate], want.Duplicates},
		{"bị thay thế", uses[aggregate.UseSuperseded], want.Superseded},
		{"bị loại", uses[aggregate.UseRejected], want.Rejected},
	}
	for _, tt := range counts {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("có %d, muốn %d", tt.got, tt.want)
			}
		})
	}
	t.Run("trạng thái từng đơn vị", func(t *testing.T) {
		for _, ur := range res.Units {
			if got, w := fromStatus(ur.Status), want.Units[ur.Unit.Code]; got != w {
				t.Errorf("%s: trạng thái %q, muốn %v", ur.Unit.Code, ur.Status.Label(), w)
			}
		}
	})
	t.Run("dùng từng tệp", func(t *testing.T) {
		if !reflect.DeepEqual(gotUses, want.Uses) {
			for path, w := range want.Uses {
				if g, ok := gotUses[path]; !ok || g != w {
					t.Errorf("%s: có %v (thấy: %v), muốn %v", path, g, ok, w)
				}
			}
			for path := range gotUses {
				if _, ok := want.Uses[path]; !ok {
					t.Errorf("%s: tệp ngoài kịch bản", path)
				}
			}
		}
	})
	t.Run("chưa đặt banner", func(t *testing.T) {
		var got []string
		for _, l := range sum.Lists {
			if l.List.ID != "CHUA_BANNER" {
				continue
			}
			for _, ur := range l.Units {
				got = append(got, ur.Unit.Code)
			}
		}
		w := append([]string(nil), want.NoBanner...)
		sort.Strings(got)
		sort.Strings(w)
		if !reflect.DeepEqual(got, w) {
			t.Errorf("có %v, muốn %v", got, w)
		}
	})
	t.Run("lỗi chỉ ở tệp có lỗi", func(t *testing.T) {
		// Every error is in a file the scenario made wrong on purpose.
		wrong := map[string]bool{}
		for _, f := range mustPlan(t).Files {
			if f.hasAny(errorQuirks) || f.AsUnit != "" || f.Convert == SaveXLS {
				wrong[filepath.ToSlash(f.Path)] = true
			}
		}
		for _, is := range res.Issues {
			if is.Severity == "loi" && !wrong[filepath.ToSlash(is.File)] {
				t.Errorf("lỗi ngoài kịch bản: %s", is)
			}
		}
	})
}

func mustPlan(t *testing.T) *Plan {
	t.Helper()
	p, err := NewPlan(campaign(t))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func fromUse(u aggregate.Use) Use {
	switch u {
	case aggregate.UseUsed:
		return Used
	case aggregate.UseSuperseded:
		return Superseded
	case aggregate.UseDuplicate:
		return Duplicate
	case aggregate.UseRejected:
		return Rejected
	}
	panic(fmt.Sprint("unknown use ", u))
}

func fromStatus(s aggregate.Status) Status {
	switch s {
	case aggregate.StatusOnTime:
		return OnTime
	case aggregate.StatusLate:
		return Late
	case aggregate.StatusInvalid:
		return Invalid
	case aggregate.StatusUnreadable:
		return Unreadable
	}
	return Missing
}
