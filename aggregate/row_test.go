package aggregate

import (
	"math"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"tonghop/aggregate/aggregatetest/returned"
	"tonghop/templates"
)

// valuesOf returns values holding vals, on a form of their ids in order.
func valuesOf(vals map[string]Value) Values {
	var inds []*templates.Indicator
	for _, id := range slices.Sorted(func(yield func(string) bool) {
		for id := range vals {
			if !yield(id) {
				return
			}
		}
	}) {
		inds = append(inds, &templates.Indicator{ID: id, Type: vals[id].Type})
	}
	vs := NewValues(inds)
	for id, v := range vals {
		vs.Set(id, v)
	}
	return vs
}

// val returns the value of id, the zero Value when there is none.
func val(vs Values, id string) Value {
	v, _ := vs.Get(id)
	return v
}

func TestValuesRoundTrip(t *testing.T) {
	day := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	vals := map[string]Value{
		"yes":       {Type: templates.TypeYesNo, Bool: true, Raw: "Có", Sheet: templates.SheetReport, Cell: "D8"},
		"no":        {Type: templates.TypeYesNo, Raw: "không", Sheet: templates.SheetReport, Cell: "D9"},
		"whole":     {Type: templates.TypeWhole, Num: 45, Raw: "45", Sheet: templates.SheetReport, Cell: "D12"},
		"typed":     {Type: templates.TypeWhole, Num: 1234, Raw: "1.234", Sheet: templates.SheetReport, Cell: "AB1048576"},
		"number":    {Type: templates.TypeNumber, Num: 0.1 + 0.2, Raw: "0.30000000000000004"},
		"negative":  {Type: templates.TypeNumber, Num: math.Copysign(0, -1), Raw: "-0"},
		"date":      {Type: templates.TypeDate, Date: day, Raw: "45356", Sheet: templates.SheetReport, Cell: "D11"},
		"typedDate": {Type: templates.TypeDate, Date: day, Raw: "5/3/2024"},
		"text":      {Type: templates.TypeText, Text: "Đã treo", Raw: "Đã treo", Sheet: templates.SheetReport, Cell: "D30"},
		"trimmed":   {Type: templates.TypeText, Text: "Đã treo", Raw: " Đã treo "},
		"empty":     {Type: templates.TypeWhole, Empty: true},
		"bad":       {Type: templates.TypeWhole, Empty: true, Raw: "#DIV/0!", Sheet: templates.SheetReport, Cell: "D16"},
		// Values that do not pack are kept whole.
		"zone":      {Type: templates.TypeDate, Date: day.In(time.FixedZone("ICT", 7*3600)), Raw: "x"},
		"clock":     {Type: templates.TypeDate, Date: day.Add(90 * time.Minute)},
		"both":      {Type: templates.TypeDate, Date: day, Num: 3},
		"sheet":     {Type: templates.TypeWhole, Num: 2, Sheet: "Trang khác", Cell: "C3"},
		"lowercase": {Type: templates.TypeWhole, Num: 2, Sheet: templates.SheetReport, Cell: "d3"},
		"absolute":  {Type: templates.TypeWhole, Num: 2, Sheet: templates.SheetReport, Cell: "$D$3"},
		"type":      {Type: "khác", Text: "?"},
	}
	vs := valuesOf(vals)
	if vs.Len() != len(vals) {
		t.Errorf("Len %d, want %d", vs.Len(), len(vals))
	}
	for id, want := range vals {
		got, ok := vs.Get(id)
		if !ok || !reflect.DeepEqual(got, want) || got != want {
			t.Errorf("%s: got %#v (%v), want %#v", id, got, ok, want)
		}
	}
	var ids []string
	for id, v := range vs.All() {
		ids = append(ids, id)
		if !reflect.DeepEqual(v, vals[id]) {
			t.Errorf("All: %s = %#v, want %#v", id, v, vals[id])
		}
	}
	if !slices.IsSorted(ids) || len(ids) != len(vals) {
		t.Errorf("All yields %v, want every id in form order", ids)
	}
	if _, ok := vs.Get("nowhere"); ok || vs.Set("nowhere", Value{}) {
		t.Error("an indicator not on the form has a value")
	}
	var zero Values
	if _, ok := zero.Get("yes"); ok || zero.Len() != 0 || zero.Set("yes", Value{}) {
		t.Error("the zero Values is not empty")
	}
	part := NewValues([]*templates.Indicator{{ID: "a"}, {ID: "b"}})
	part.Set("b", Value{Type: templates.TypeWhole, Num: 1})
	if _, ok := part.Get("a"); ok || part.Len() != 1 {
		t.Error("an indicator never set has a value")
	}
}

// TestValuesBytesPerReport measures the memory one report's values hold,
// kept as a map (as they were) and as Values, over the sample files read
// many times: each copy's texts are its own, as when every file is read.
func TestValuesBytesPerReport(t *testing.T) {
	c := returned.Campaign(t)
	paths, _ := filepath.Glob(filepath.Join("..", "samples", "bao-cao", "*.xlsx"))
	var reports []*Report
	rr := NewReader(c, ReadOptions{}) // as a merge reads them: one reader
	for _, p := range paths {
		if r := rr.readPath(p)[0]; r.Unit != nil && r.Values.Len() > 0 {
			reports = append(reports, r)
		}
	}
	if len(reports) == 0 {
		t.Skip("no sample report")
	}
	forms := map[string]*form{}
	for _, g := range c.Groups {
		forms[g.Code] = newForm(c.IndicatorsFor(g.Code))
	}
	const n = 5000
	own := func(v Value) Value {
		v.Raw, v.Text = strings.Clone(v.Raw), strings.Clone(v.Text)
		return v
	}
	measure := func(build func(r *Report) any) float64 {
		kept := make([]any, n)
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for i := range kept {
			kept[i] = build(reports[i%len(reports)])
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(kept)
		return float64(after.HeapAlloc-before.HeapAlloc) / n
	}
	asMap := measure(func(r *Report) any {
		m := make(map[string]Value, r.Values.Len())
		for id, v := range r.Values.All() {
			m[id] = own(v)
		}
		return m
	})
	asRow := measure(func(r *Report) any {
		vs := Values{form: forms[r.Unit.Group]}
		for id, v := range r.Values.All() {
			vs.Set(id, own(v))
		}
		return &vs
	})
	t.Logf("%d sample reports (%d values in the first): %.0f bytes per report as a map, %.0f as Values", len(reports), reports[0].Values.Len(), asMap, asRow)
	if asRow >= asMap/2 {
		t.Errorf("Values take %.0f bytes per report, the map %.0f: want at most half", asRow, asMap)
	}
}
