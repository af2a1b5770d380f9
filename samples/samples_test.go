package samples

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	wbook "tonghop/aggregate/book"
	"tonghop/aggregate/xlsx"
	"tonghop/templates"
	"tonghop/templates/testenv"
)

func campaign(t testing.TB) *templates.Campaign {
	t.Helper()
	c, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// book is what a sample workbook says, as the reader sees it: the raw value
// of every defined name's cell, the identity (hidden sheet and custom
// properties) and the saved time. Bytes are never compared: excelize and
// LibreOffice may write the same content differently.
type book struct {
	Kind     string            // "xlsx", "xls"
	SameAs   string            // the first file with the same bytes, if any
	Names    map[string]string // defined name → raw cell value
	Identity map[string]string // hidden sheet rows
	Props    map[string]string // custom document properties
	Modified string            // core property dcterms:modified
}

// extract reads the content of every file under dir, by path relative to
// dir with "/" separators.
func extract(t *testing.T, dir string, converted map[string]Convert) map[string]book {
	t.Helper()
	out := map[string]book{}
	firstOf := map[[32]byte]string{}
	var paths []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		paths = append(paths, path)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(paths)
	for _, path := range paths {
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var b book
		sum := sha256.Sum256(data)
		if first, ok := firstOf[sum]; ok {
			b.SameAs = first
		} else {
			firstOf[sum] = rel
		}
		switch strings.ToLower(filepath.Ext(rel)) {
		case ".xls":
			b.Kind = "xls"
			if !bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) {
				t.Errorf("%s: không phải tệp .xls (OLE2)", rel)
			}
		case ".xlsx":
			b.Kind = "xlsx"
			if err := readBook(&b, data, converted[rel] != Native); err != nil {
				t.Errorf("%s: %v", rel, err)
			}
		default:
			b.Kind = filepath.Ext(rel)
		}
		out[rel] = b
	}
	return out
}

// readBook reads the workbook through the program's own .xlsx reader:
// excelize parses every part of each of the 250 workbooks, which made
// this test take seconds.
func readBook(b *book, data []byte, byOffice bool) error {
	x, err := xlsx.Read(data, xlsx.Limits{})
	if err != nil {
		return err
	}
	b.Names = map[string]string{}
	for _, dn := range x.Names {
		if dn.Scope != "" {
			continue
		}
		ref, ok := parseRef(dn.RefersTo)
		if !ok {
			continue
		}
		sh := x.Sheet(ref.sheet)
		r, ok := wbook.ParseRef(ref.cell)
		if sh == nil || !ok {
			return fmt.Errorf("%s: không có ô %s!%s", dn.Name, ref.sheet, ref.cell)
		}
		b.Names[dn.Name] = sh.Cell(r).Value
	}
	if sh := x.Sheet(templates.SheetIdentity); sh != nil {
		b.Identity = map[string]string{}
		for r, c := range sh.Cells {
			if r.Col == 2 {
				b.Identity[sh.Cell(wbook.Ref{Row: r.Row, Col: 1}).Value] = c.Value
			}
		}
	}
	// LibreOffice versions differ in which custom properties they keep; a
	// re-saved file is compared without them.
	if !byOffice {
		b.Props = maps.Clone(x.Custom)
		if b.Props == nil {
			b.Props = map[string]string{}
		}
	}
	if !x.Modified.IsZero() {
		b.Modified = x.Modified.Format(time.RFC3339Nano)
	}
	return nil
}

// TestCommittedSamples checks that the committed samples are what Build
// writes, by content; with -update it rewrites them.
func TestCommittedSamples(t *testing.T) {
	c := campaign(t)
	plan, err := NewPlan(c)
	if err != nil {
		t.Fatal(err)
	}
	converted := map[string]Convert{}
	for _, f := range plan.Files {
		converted[filepath.ToSlash(f.Path)] = f.Convert
	}
	// The files LibreOffice converts are compared only where it runs (not
	// under -short).
	office := testenv.HasApp(t, "soffice")
	if testenv.Update() && !office {
		t.Fatal("cần LibreOffice (soffice) để ghi lại các tệp mẫu: cài LibreOffice Calc rồi chạy lại go test ./samples -update (không kèm -short)")
	}

	tmp := t.TempDir()
	if err := BuildWith(c, tmp, Options{WithoutOffice: !office}); err != nil {
		t.Fatal(err)
	}
	got := extract(t, tmp, converted)
	if testenv.Update() {
		updateSamples(t, tmp, got, extract(t, Dir, converted), converted)
	}
	want := extract(t, Dir, converted)
	if len(want) == 0 {
		t.Fatalf("không có tệp mẫu trong %s: chạy go test ./samples -update", Dir)
	}
	for path, w := range want {
		g, ok := got[path]
		if !ok {
			if !office && converted[path] != Native {
				continue // made by LibreOffice, which is missing here
			}
			t.Errorf("%s: có trong thư mục mẫu nhưng Build không tạo (chạy go test ./samples -update)", path)
			continue
		}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s: nội dung khác với tệp mẫu đã lưu (chạy go test ./samples -update rồi xem git diff)\n%s", path, diffBook(w, g))
		}
	}
	for path := range got {
		if _, ok := want[path]; !ok {
			t.Errorf("%s: Build tạo nhưng thư mục mẫu không có (chạy go test ./samples -update)", path)
		}
	}
	if !office {
		t.Log("không có LibreOffice: bỏ qua so sánh các tệp do LibreOffice ghi")
	}
}

// updateSamples brings the committed folder to what Build wrote in tmp
// without churning it: excelize writes the same bytes for the same content,
// so every native file is copied (git sees no change when there is none);
// LibreOffice stamps each run into its files, so the files it made are
// copied only when their content changed or some native file did (a changed
// template changes them too).
func updateSamples(t *testing.T, tmp string, got, old map[string]book, converted map[string]Convert) {
	t.Helper()
	changed := false
	for path := range got {
		if converted[path] != Native {
			continue
		}
		a, _ := os.ReadFile(filepath.Join(tmp, filepath.FromSlash(path)))
		b, err := os.ReadFile(filepath.Join(Dir, filepath.FromSlash(path)))
		if err != nil || !bytes.Equal(a, b) {
			changed = true
		}
	}
	for path, b := range old {
		if _, ok := got[path]; !ok {
			if err := os.Remove(filepath.Join(Dir, filepath.FromSlash(path))); err != nil {
				t.Fatal(err)
			}
		} else if converted[path] != Native && !reflect.DeepEqual(b, got[path]) {
			changed = true
		}
	}
	for path := range got {
		if converted[path] != Native && !changed {
			if _, ok := old[path]; ok {
				continue
			}
		}
		dst := filepath.Join(Dir, filepath.FromSlash(path))
		data, err := os.ReadFile(filepath.Join(tmp, filepath.FromSlash(path)))
		if err == nil {
			err = os.MkdirAll(filepath.Dir(dst), 0o755)
		}
		if err == nil {
			err = os.WriteFile(dst, data, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	// Folders left empty by removed files.
	filepath.WalkDir(Dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && path != Dir {
			os.Remove(path) // fails, harmlessly, unless empty
		}
		return nil
	})
}

// diffBook lists the differences between two books, one per line.
func diffBook(want, got book) string {
	var lines []string
	if want.Kind != got.Kind || want.SameAs != got.SameAs || want.Modified != got.Modified {
		lines = append(lines, fmt.Sprintf("  tệp: muốn %s/%q/%s, có %s/%q/%s", want.Kind, want.SameAs, want.Modified, got.Kind, got.SameAs, got.Modified))
	}
	for _, m := range []struct {
		what      string
		want, got map[string]string
	}{{"ô", want.Names, got.Names}, {"định danh", want.Identity, got.Identity}, {"thuộc tính", want.Props, got.Props}} {
		keys := map[string]bool{}
		for k := range m.want {
			keys[k] = true
		}
		for k := range m.got {
			keys[k] = true
		}
		var sorted []string
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			w, wok := m.want[k]
			g, gok := m.got[k]
			if w != g || wok != gok {
				lines = append(lines, fmt.Sprintf("  %s %s: muốn %q, có %q", m.what, k, w, g))
			}
		}
	}
	return strings.Join(lines, "\n")
}

// TestPlan checks the scenario against the default campaign: every unit
// accounted for once, names unique, what the README promises.
func TestPlan(t *testing.T) {
	c := campaign(t)
	p, err := NewPlan(c)
	if err != nil {
		t.Fatal(err)
	}
	e, err := Expect(c)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range p.Files {
		key := strings.ToLower(f.Path)
		if seen[key] {
			t.Errorf("tên tệp trùng: %s", f.Path)
		}
		seen[key] = true
	}
	footnote := []string{"SBN07", "SBN04", "SBN09", "UBH-663", "UBH-666", "UBH-661", "UBH-662"}
	sort.Strings(footnote)
	noBanner := append([]string(nil), e.NoBanner...)
	sort.Strings(noBanner)
	tests := []struct {
		name      string
		got, want any
	}{
		{"đơn vị", e.Expected, 130},
		{"chưa báo cáo", e.Missing, 4},
		{"đã gửi, không đọc được", e.Unreadable, 0},
		{"nộp muộn", e.Late, 8},
		{"có lỗi", e.Invalid, 4},
		{"bản trùng", e.Duplicates, 1},
		{"bị thay thế", e.Superseded, 1},
		{"bị loại", e.Rejected, 0},
		{"chưa đặt banner", noBanner, footnote},
		// Every file belongs to one unit; an unreadable file is both
		// rejected and its unit's only file.
		{"mọi tệp một đơn vị", e.Received - e.Unreadable + e.Duplicates + e.Superseded + e.Rejected, e.Files},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !reflect.DeepEqual(tt.got, tt.want) {
				t.Errorf("có %v, muốn %v", tt.got, tt.want)
			}
		})
	}
}

func TestThousands(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1.000"}, {1834, "1.834"}, {1234567, "1.234.567"}}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := thousands(tt.n); got != tt.want {
				t.Errorf("thousands(%d) = %q, muốn %q", tt.n, got, tt.want)
			}
		})
	}
}

func TestParseRef(t *testing.T) {
	tests := []struct {
		in   string
		want cellRef
		ok   bool
	}{
		{"'Báo cáo'!$D$12", cellRef{"Báo cáo", "D12"}, true},
		{"Sheet1!D3", cellRef{"Sheet1", "D3"}, true},
		{"'It''s'!$A$1", cellRef{"It's", "A1"}, true},
		{"'Báo cáo'!$D$12:$E$12", cellRef{}, false},
		{"42", cellRef{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseRef(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("parseRef(%q) = %v, %v; muốn %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

// TestReadme checks that samples/README.md is what the scenario says; with
// -update it rewrites it.
func TestReadme(t *testing.T) {
	want, err := Readme(campaign(t))
	if err != nil {
		t.Fatal(err)
	}
	if testenv.Update() {
		if err := os.WriteFile("README.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatalf("%v (chạy go test ./samples -update)", err)
	}
	if string(got) != want {
		t.Errorf("README.md khác với kịch bản: chạy go test ./samples -update rồi xem git diff")
	}
}

// BenchmarkWorkbook measures writing one filled sample report.
func BenchmarkWorkbook(b *testing.B) {
	c := campaign(b)
	p, err := NewPlan(c)
	if err != nil {
		b.Fatal(err)
	}
	pf := p.Files[0]
	for b.Loop() {
		if _, err := workbook(c, &pf); err != nil {
			b.Fatal(err)
		}
	}
}
