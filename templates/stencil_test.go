package templates

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
)

// variantsCampaign is the default campaign with units that make many form
// variants and every case the stencil must either get right or leave to
// Template: names with XML's special characters, long names over several
// lines, names of every length in a group, names and codes equal to a text
// the form already has. It returns the codes of the units the stencil must
// leave to Template.
func variantsCampaign(t testing.TB) (*Campaign, []string) {
	t.Helper()
	raw := defaultRaw(t)
	add := func(code, name, group, parent string) {
		raw[tableUnits] = append(raw[tableUnits], []string{code, name, group, parent, "", ""})
	}
	add("SBN90", `Sở Văn hóa, Thể thao & Du lịch <thử> "A" 'B'`, "SBN", "")
	add("TU90", strings.Repeat("Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở ", 5), "TU", "")
	add("TU91", "X", "TU", "")
	add("TU92", "Văn phòng Tỉnh ủy (mã TU01)", "TU", "") // the guide line of TU01 contains it, but no string equals it
	add("LLVT90", "Bộ Chỉ huy Quân sự tỉnh; Bộ đội Biên phòng tỉnh", "LLVT", "")
	for i := range 40 {
		add(fmt.Sprintf("UBX-9%03d", i), "Xã Thử "+strings.Repeat("Ea", i*2), "UBX", "UBH-660")
	}
	// Texts a shared string of the form already holds: excelize writes a
	// string once, so these workbooks differ from the stencil's.
	add("BC90", "Các cơ quan báo chí của tỉnh", "BC", "") // its group's name
	add("TU93", "Mã đơn vị:", "TU", "")                   // a label of the report sheet
	add("A", "Đơn vị mã A", "TU", "")                     // section A's code
	add("1", "Đơn vị mã 1", "TU", "")                     // the template version
	add("TU94", "TU94", "TU", "")                         // its own code
	add("TU95", "Ban _x0041_ thử", "TU", "")              // excelize escapes _xHHHH_
	c, probs := decodeRaw(raw)
	if err := probs.Err(); err != nil {
		t.Fatalf("test campaign: %v", err)
	}
	fallback := []string{"VPDBQH", "BC90", "TU93", "A", "1", "TU94", "TU95"}
	// Texts the campaign workbook cannot hold (trimmed, one line), set
	// directly: the stencil leaves them to Template too.
	for code, name := range map[string]string{"TU01": " Văn phòng Tỉnh ủy", "TU02": "Ban Tổ chức\nTỉnh ủy"} {
		c.Unit(code).Name = name
		fallback = append(fallback, code)
	}
	return c, fallback
}

// TestStencilMatchesTemplate: for every unit of the default campaign, of a
// campaign with many variants (and of TONGHOP_STENCIL_CAMPAIGN, a campaign
// file such as the 1020-unit one of the bench kit, when set), the file
// Generate writes is byte for byte the one Template and WriteTo write —
// every part, and the zip around them (names, CRCs, sizes, times, order),
// whichever unit of a variant built the stencil. The units whose name or
// code a stencil cannot stand for are the expected ones, and only they
// (planned as Generate plans, the units alone in their variant too).
func TestStencilMatchesTemplate(t *testing.T) {
	type tc struct {
		name        string
		c           *Campaign
		fallback    []string
		anyFallback bool // a campaign from outside: whichever units
	}
	// VPDBQH is named as its group.
	cases := []tc{{name: "default", c: defaultCampaign(t), fallback: []string{"VPDBQH"}}}
	c, fb := variantsCampaign(t)
	cases = append(cases, tc{name: "variants", c: c, fallback: fb})
	if path := os.Getenv("TONGHOP_STENCIL_CAMPAIGN"); path != "" {
		c, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, tc{name: path, c: c, anyFallback: true})
	}
	for _, k := range cases {
		t.Run(k.name, func(t *testing.T) {
			t.Parallel()
			units := make([]*Unit, len(k.c.Units))
			for i := range k.c.Units {
				units[i] = &k.c.Units[i]
			}
			want := wholeTemplates(t, k.name, k.c)
			for _, order := range []string{"forward", "backward", "planned"} {
				st := newStencils(k.c)
				if order == "planned" { // as Generate: no stencil for a variant of one unit
					for _, build := range st.plan(units) {
						build()
					}
				}
				var fallback []string
				variants := map[formVariant]bool{}
				for n := range units {
					i := n
					if order == "backward" {
						i = len(units) - 1 - n
					}
					u := units[i]
					s := st.of(u)
					if s == nil {
						fallback = append(fallback, u.Code)
						continue
					}
					variants[k.c.variantOf(u)] = true
					var got bytes.Buffer
					if err := s.write(&got, u); err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(got.Bytes(), want[i]) {
						t.Errorf("%s (%s): %s", u.Code, order, zipDiff(want[i], got.Bytes()))
					}
				}
				slices.Sort(fallback)
				wantFallback := slices.Sorted(slices.Values(k.fallback))
				if order == "planned" {
					if missing := slices.DeleteFunc(wantFallback, func(code string) bool { return slices.Contains(fallback, code) }); len(missing) > 0 {
						t.Errorf("planned: %q stencilled", missing)
					}
				} else if !k.anyFallback && !slices.Equal(fallback, wantFallback) {
					t.Errorf("%s: built by Template: %q, want %q", order, fallback, wantFallback)
				}
				t.Logf("%s: %d units, %d from %d stencils, %d by Template %q", order, len(units), len(units)-len(fallback), len(variants), len(fallback), fallback)
			}
		})
	}
}

// zipDiff says where two workbooks differ: the first part whose name,
// header or text differs.
func zipDiff(want, got []byte) string {
	zw, err := zip.NewReader(bytes.NewReader(want), int64(len(want)))
	if err != nil {
		return "want: " + err.Error()
	}
	zg, err := zip.NewReader(bytes.NewReader(got), int64(len(got)))
	if err != nil {
		return "got: " + err.Error()
	}
	if len(zw.File) != len(zg.File) {
		return fmt.Sprintf("%d parts, want %d", len(zg.File), len(zw.File))
	}
	for i, fw := range zw.File {
		fg := zg.File[i]
		if fw.Name != fg.Name {
			return fmt.Sprintf("part %d is %s, want %s", i, fg.Name, fw.Name)
		}
		a, b := readPart(fw), readPart(fg)
		if a != b {
			return fmt.Sprintf("%s: %s", fw.Name, firstByteDiff(a, b))
		}
		if fw.FileHeader.Modified != fg.FileHeader.Modified || fw.Method != fg.Method || fw.CompressedSize64 != fg.CompressedSize64 {
			return fmt.Sprintf("%s: zip header differs", fw.Name)
		}
	}
	return "same parts, different zip bytes"
}

func readPart(f *zip.File) string {
	r, err := f.Open()
	if err != nil {
		return err.Error()
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

// firstByteDiff shows where two texts of one line (XML parts) part ways.
func firstByteDiff(want, got string) string {
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	from := max(0, i-60)
	return fmt.Sprintf("at byte %d\nwant: …%s\ngot:  …%s", i, want[from:min(len(want), i+60)], got[from:min(len(got), i+60)])
}

// TestTemplateWriterMatchesTemplate: the writer a merge attaches templates
// with (to its draft letters) writes, unit by unit in any order, the bytes
// Template and WriteTo write.
func TestTemplateWriterMatchesTemplate(t *testing.T) {
	t.Parallel()
	c, _ := variantsCampaign(t)
	want := wholeTemplates(t, "variants", c)
	write := c.TemplateWriter()
	// Another unit supplies each stencil's lengths than in Generate.
	for i := len(c.Units) - 1; i >= 0; i-- {
		u := &c.Units[i]
		var got bytes.Buffer
		if err := write(&got, u); err != nil {
			t.Fatalf("%s: %v", u.Code, err)
		}
		if !bytes.Equal(want[i], got.Bytes()) {
			t.Fatalf("%s: %s", u.Code, zipDiff(want[i], got.Bytes()))
		}
	}
}

// wholeTemplates returns each unit's workbook as Template and WriteTo
// build it whole, in the campaign's unit order. The two stencil tests
// compare against the same workbooks of "variants" (variantsCampaign
// builds the same campaign on every call), so those are built once.
func wholeTemplates(t *testing.T, name string, c *Campaign) [][]byte {
	t.Helper()
	build := func() ([][]byte, error) {
		out := make([][]byte, len(c.Units))
		for i := range c.Units {
			f, err := c.Template(&c.Units[i])
			if err != nil {
				return nil, err
			}
			var b bytes.Buffer
			_, err = f.WriteTo(&b)
			f.Close()
			if err != nil {
				return nil, err
			}
			out[i] = b.Bytes()
		}
		return out, nil
	}
	var (
		want [][]byte
		err  error
	)
	if name == "variants" {
		variantsOnce.Do(func() { variantsWant, variantsErr = build() })
		want, err = variantsWant, variantsErr
	} else {
		want, err = build()
	}
	if err != nil {
		t.Fatal(err)
	}
	return want
}

var (
	variantsOnce sync.Once
	variantsWant [][]byte
	variantsErr  error
)
