package templates

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// defaultRaw returns the tables of the embedded campaign, to edit.
func defaultRaw(t testing.TB) map[*table][][]string {
	t.Helper()
	raw := map[*table][][]string{}
	for _, tb := range tables {
		b, err := defaultFS.ReadFile("campaign/" + tb.file)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := readCSV(b)
		if err != nil {
			t.Fatal(err)
		}
		raw[tb] = rows
	}
	return raw
}

func decodeRaw(raw map[*table][][]string) (*Campaign, Problems) {
	return decode(raw, func(t *table) string { return t.sheet })
}

// TestExpressionsThatCouldRunForever: the constructs of expr-lang that
// loop or build large values are refused at load, each with its sheet,
// row and column; the documented language still loads.
func TestExpressionsThatCouldRunForever(t *testing.T) {
	rest := ": chỉ được dùng mã chỉ tiêu, số, ngày, văn bản trong ngoặc kép, so sánh, phép tính + - * / và && || ! (xem README, mục «Cách viết biểu thức»)"
	cases := []struct{ must, want string }{
		{"all(1..1000000000, {# > 0})", `biểu thức "all(1..1000000000, {# > 0})" dùng dãy số (..)` + rest},
		{"count(1..100000, {count(1..100000, {true}) > 0}) > 0", `biểu thức "count(1..100000, {count(1..100000, {true}) > 0}) > 0" dùng dãy số (..)` + rest},
		{`len(repeat("x", 1000000000)) > 0`, `biểu thức "len(repeat(\"x\", 1000000000)) > 0" dùng hàm repeat` + rest},
		{"C1 in [1, 2]", `biểu thức "C1 in [1, 2]" dùng cú pháp không được hỗ trợ` + rest},
		{"now() > NBC_NGAY", `biểu thức "now() > NBC_NGAY" dùng hàm now` + rest},
		{"C1 ** 2 > C2", `biểu thức "C1 ** 2 > C2" dùng phép "**"` + rest},
		{strings.Repeat("C1 + ", 250) + "C1 > 0", "ô dài 1.256 ký tự, tối đa 1.000"},
	}
	for _, tc := range cases {
		name := tc.must
		if len(name) > 40 {
			name = name[:40]
		}
		t.Run(name, func(t *testing.T) {
			raw := defaultRaw(t)
			raw[tableRules][1][2] = tc.must // R1's "Phải"
			_, probs := decodeRaw(raw)
			want := Problems{{Sheet: tableRules.sheet, Row: 2, Column: "Phải", Msg: tc.want}}
			if !reflect.DeepEqual(probs, want) {
				t.Errorf("problems %q, want %q", probs, want)
			}
		})
	}
	raw := defaultRaw(t)
	raw[tableRules][1][2] = "C2 <= C1 && (C1 - C2) * 2 >= 0 || !A1 && NBC_NGAY >= BAT_DAU ? true : false"
	if _, probs := decodeRaw(raw); len(probs) != 0 {
		t.Errorf("documented operators refused: %q", probs)
	}
}

// TestOverLongTexts: a name, a code, an expression or a text longer than
// its column allows is refused at load with its sheet and row.
func TestOverLongTexts(t *testing.T) {
	raw := defaultRaw(t)
	raw[tableUnits][2][1] = strings.Repeat("Ủy ban ", 40)                   // 280 characters
	raw[tableUnits][3][0] = strings.Repeat("TU", 40)                        // 80
	raw[tableRules][2][4] = strings.Repeat("Đề nghị kiểm tra lại. ", 200)   // 4.400
	raw[tableIndicators][1][3] = strings.Repeat("Đơn vị có trang tin ", 14) // 280
	_, probs := decodeRaw(raw)
	want := []string{
		"Đơn vị, dòng 3, cột Tên: ô dài 280 ký tự, tối đa 255",
		"Đơn vị, dòng 4, cột Mã: ô dài 80 ký tự, tối đa 64",
		"Quy tắc, dòng 3, cột Thông báo: ô dài 4.400 ký tự, tối đa 4.000",
	}
	var got []string
	for _, p := range probs {
		got = append(got, p.String())
	}
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || g == w
		}
		if !found {
			t.Errorf("problems lack %q:\n%s", w, strings.Join(got, "\n"))
		}
	}
}

// manyUnits is the default campaign with n communes (UBX) more.
func manyUnits(t testing.TB, n int) map[*table][][]string {
	raw := defaultRaw(t)
	for i := 0; i < n; i++ {
		raw[tableUnits] = append(raw[tableUnits], []string{fmt.Sprintf("X%06d", i), fmt.Sprintf("Xã Thử %d", i), "UBX", "UBH-660", "", ""})
	}
	return raw
}

// TestUnitLimit: a campaign over MaxUnits is refused at load; up to it,
// loading costs allocations linear in the units.
func TestUnitLimit(t *testing.T) {
	_, probs := decodeRaw(manyUnits(t, MaxUnits))
	want := Problems{{Sheet: tableUnits.sheet, Msg: "chiến dịch có 20.130 đơn vị, tối đa 20.000"}}
	if !reflect.DeepEqual(probs, want) {
		t.Fatalf("problems %q, want %q", probs, want)
	}
	if testing.Short() {
		return
	}
	allocs := func(n int) float64 {
		raw := manyUnits(t, n)
		return testing.AllocsPerRun(2, func() { decodeRaw(raw) })
	}
	a2, a16 := allocs(2000), allocs(16000)
	t.Logf("load allocations: %.0f for 2.000 more units, %.0f for 16.000", a2, a16)
	if a16 > 9*a2 {
		t.Errorf("loading 8 times the units allocates %.1f times as much: more than linear", a16/a2)
	}
}

// FuzzCompile: compiling any text never panics, and an expression that
// compiles uses only the documented constructs.
func FuzzCompile(f *testing.F) {
	c, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Add("C2 <= C1")
	f.Add("all(1..1000000000, {# > 0})")
	f.Add(`A2 && NBC_NGAY >= BAT_DAU ? C1 > 0 : !A1`)
	f.Fuzz(func(t *testing.T, src string) {
		e, err := c.compile(src)
		if err != nil {
			return
		}
		if len(src) > 4*MaxExprLen {
			t.Fatalf("%d bytes compiled", len(src))
		}
		// Whatever it is, it runs over the zero values in bounded time.
		c.eval(e, Values(c.typedEnv()))
	})
}
