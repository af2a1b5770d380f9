package xlsx

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"tonghop/aggregate/book"
	"tonghop/templates/testenv"
)

// TestGolden proves what Read makes of each file by a golden text dump:
// the real-client fixtures, the aggregate package's real and hostile
// workbooks, and every entry of the fuzz corpora (one golden file per
// corpus). The dump holds the sheets, their cells with kinds, number
// formats and formulas, merges, names, properties, or the error. go test -update rewrites the
// dumps; read the diff.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	agg := filepath.Join("..", "testdata")
	files = append(files, filepath.Join(agg, "read", "go-lai-libreoffice.xlsx"))
	hostile, err := filepath.Glob(filepath.Join(agg, "hostile", "*", "*.xls[xm]"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, hostile...)
	if len(files) < 12 {
		t.Fatalf("only %d files: %v", len(files), files)
	}
	for _, path := range files {
		name := filepath.Base(path)
		if rel, err := filepath.Rel(filepath.Join(agg, "hostile"), path); err == nil && !strings.HasPrefix(rel, "..") {
			name = "hostile-" + strings.ReplaceAll(filepath.ToSlash(rel), "/", "-")
		}
		t.Run(name, func(t *testing.T) { golden(t, name, dumpRead(readFile(t, path), Limits{})) })
	}

	// The corpora, with the limits their fuzz targets use.
	fuzzLim := Limits{MaxPartSize: 1 << 20, MaxCells: 5000, MaxStrings: 5000}
	base := readFile(t, filepath.Join("testdata", "excelize.xlsx"))
	baseDump := dumpRead(base, Limits{})
	for _, c := range []struct {
		name  string
		dir   string
		lim   Limits
		parts bool // entries are (part index, part content) replacing a part of base
	}{
		{"corpus-FuzzRead", filepath.Join("testdata", "fuzz", "FuzzRead"), fuzzLim, false},
		{"corpus-FuzzReadPart", filepath.Join("testdata", "fuzz", "FuzzReadPart"), partLim, true},
		{"corpus-aggregate-FuzzReadBytes", filepath.Join(agg, "fuzz", "FuzzReadBytes"), Limits{}, false},
		{"corpus-aggregate-FuzzReadParts", filepath.Join(agg, "fuzz", "FuzzReadParts"), Limits{}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			entries, err := os.ReadDir(c.dir)
			if err != nil {
				t.Fatal(err)
			}
			args := corpus(t, c.dir)
			var w strings.Builder
			for i, e := range entries {
				var data []byte
				if c.parts {
					which := args[i][0].(uint8)
					data = replacePart(t, base, partTargets[int(which)%len(partTargets)], args[i][1].([]byte))
				} else {
					data = args[i][0].([]byte)
				}
				got := dumpRead(data, c.lim)
				if c.parts && !strings.HasPrefix(got, "error") { // only what differs from the base's dump
					got = lineDiff(baseDump, got)
				}
				fmt.Fprintf(&w, "== %s\n%s", e.Name(), got)
			}
			golden(t, c.name, w.String())
		})
	}
}

// golden compares got with testdata/golden/<name>.txt, or rewrites it
// under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name+".txt")
	if testenv.Update() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, path, []byte(got))
		return
	}
	if want := string(readFile(t, path)); got != want {
		t.Errorf("Read(%s) differs from %s (go test -update rewrites it):\n got %s\nwant %s", name, path, got, want)
	}
}

// dumpRead is what Read makes of data: the dump of the Book, or the kind
// and text of the error.
func dumpRead(data []byte, lim Limits) string {
	b, err := Read(data, lim)
	if err != nil {
		kind := "?"
		for _, k := range []struct {
			name string
			err  error
		}{{"encrypted", ErrEncrypted}, {"not xlsx", ErrNotXLSX}, {"too large", ErrTooLarge}, {"broken", ErrBroken}} {
			if errors.Is(err, k.err) {
				kind = k.name
				break
			}
		}
		return fmt.Sprintf("error (%s): %v\n", kind, err)
	}
	return dumpBook(b, true)
}

var formatNames = [...]string{book.FormatGeneral: "general", book.FormatDate: "date", book.FormatTime: "time", book.FormatPercent: "percent"}

var kindNames = [...]string{book.Empty: "empty", book.Number: "number", book.String: "string", book.Bool: "bool", book.Error: "error"}

// dumpBook is a Book's content, in order; with props, also what a writer
// stamps on each save (times, application).
func dumpBook(b *book.Book, props bool) string {
	var w strings.Builder
	fmt.Fprintf(&w, "date1904 %v\nnames %q\ncustom %v\n", b.Date1904, b.Names, b.Custom)
	if props {
		fmt.Fprintf(&w, "modified %v created %v application %q\n", b.Modified, b.Created, b.Application)
	}
	for _, s := range b.Sheets {
		fmt.Fprintf(&w, "sheet %q state %d merges %v\n", s.Name, s.State, s.Merges)
		if s.Broken != "" {
			fmt.Fprintf(&w, "  broken: %s\n", s.Broken)
		}
		refs := make([]book.Ref, 0, len(s.Cells))
		for r := range s.Cells {
			refs = append(refs, r)
		}
		slices.SortFunc(refs, func(a, b book.Ref) int { return cmp.Or(cmp.Compare(a.Row, b.Row), cmp.Compare(a.Col, b.Col)) })
		for _, r := range refs {
			c := s.Cells[r]
			fmt.Fprintf(&w, "  %v %s %q", r, kindNames[c.Kind], c.Value)
			if c.Format != book.FormatGeneral {
				fmt.Fprintf(&w, " %s", formatNames[c.Format])
			}
			if c.Formula != "" {
				fmt.Fprintf(&w, " =%q", c.Formula)
			}
			w.WriteByte('\n')
		}
	}
	return w.String()
}

// lineDiff lists the lines of want missing from got ("-") and the lines of
// got not in want ("+"), each in its own order.
func lineDiff(want, got string) string {
	wl, gl := strings.SplitAfter(want, "\n"), strings.SplitAfter(got, "\n")
	var w strings.Builder
	for _, l := range wl {
		if l != "" && !slices.Contains(gl, l) {
			w.WriteString("- " + l)
		}
	}
	for _, l := range gl {
		if l != "" && !slices.Contains(wl, l) {
			w.WriteString("+ " + l)
		}
	}
	return w.String()
}
