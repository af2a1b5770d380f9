package aggregate

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"tonghop/templates"
)

// TestFastPathMatchesExcelize reads every workbook the tests know — the
// committed samples, the fixtures, the hostile fixtures and the fuzz
// corpus of whole files — once through the fast .xlsx reader and once
// through excelize, and requires the same report from both: unit, identity,
// every value, the reporter, the saved time and every issue.
func TestFastPathMatchesExcelize(t *testing.T) {
	c := rdCampaign(t)
	fast := NewReader(c, ReadOptions{})
	slow := NewReader(c, ReadOptions{})
	slow.excelizeOnly = true
	files := map[string][]byte{}
	for _, dir := range []string{filepath.Join("..", "samples", "bao-cao"), filepath.Join("testdata", "read"), filepath.Join("testdata", "hostile")} {
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if b, err := os.ReadFile(p); err == nil {
					files[p] = b
				}
			}
			return nil
		})
	}
	corpus := filepath.Join("testdata", "fuzz", "FuzzReadBytes")
	ents, _ := os.ReadDir(corpus)
	for _, e := range ents {
		if b, ok := fuzzBytes(t, filepath.Join(corpus, e.Name())); ok {
			files[filepath.Join(corpus, e.Name())+".xlsx"] = b
		}
	}
	if len(files) < 130 {
		t.Fatalf("only %d files found", len(files))
	}
	compared := 0
	for name, data := range files {
		a, b := fast.readData(name, data), slow.readData(name, data)
		if d := reportDiff(a, b); d != "" {
			t.Errorf("%s: fast and excelize paths differ: %s", name, d)
		}
		compared++
	}
	t.Logf("%d files read alike by both paths", compared)
}

// reportDiff describes how two reports of one file differ, "" when they
// do not.
func reportDiff(a, b *Report) string {
	code := func(u *templates.Unit) string {
		if u == nil {
			return ""
		}
		return u.Code
	}
	switch {
	case a.State != b.State:
		return fmt.Sprintf("state %v/%v", a.State, b.State)
	case code(a.Unit) != code(b.Unit):
		return fmt.Sprintf("unit %q / %q", code(a.Unit), code(b.Unit))
	case a.Identity != b.Identity:
		return fmt.Sprintf("identity %+v / %+v", a.Identity, b.Identity)
	case !a.File.Saved.Equal(b.File.Saved):
		return fmt.Sprintf("saved %v / %v", a.File.Saved, b.File.Saved)
	case a.Reporter != b.Reporter:
		return fmt.Sprintf("reporter %+v / %+v", a.Reporter, b.Reporter)
	case a.Evidence != b.Evidence:
		return fmt.Sprintf("evidence %q / %q", a.Evidence, b.Evidence)
	}
	if !reflect.DeepEqual(a.Vals(), b.Vals()) {
		return fmt.Sprintf("values %v / %v", a.Vals(), b.Vals())
	}
	ia, ib := issueLines(a.Issues), issueLines(b.Issues)
	if !reflect.DeepEqual(ia, ib) {
		return fmt.Sprintf("issues\n%s\n/\n%s", strings.Join(ia, "\n"), strings.Join(ib, "\n"))
	}
	return ""
}

// fuzzBytes reads the []byte value of a one-argument fuzz corpus file.
func fuzzBytes(t *testing.T, path string) ([]byte, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(b, []byte("\n"))
	if len(lines) < 2 || !bytes.HasPrefix(lines[1], []byte("[]byte(")) {
		return nil, false
	}
	s := strings.TrimSuffix(strings.TrimPrefix(string(lines[1]), "[]byte("), ")")
	v, err := strconv.Unquote(s)
	if err != nil {
		return nil, false
	}
	return []byte(v), true
}
