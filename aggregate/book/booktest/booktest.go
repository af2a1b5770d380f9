// Package booktest holds what the tests of the format readers (xlsx, ods,
// xls) share: comparing two books, finding the real applications that
// write the fixtures (measuring allocations is testenv.Allocated). Only
// tests import it.
package booktest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tonghop/aggregate/book"
	"tonghop/templates/testenv"
)

// SameContent compares two books' sheets, cells, merges and names: a file
// converted again by an application against its committed fixture.
func SameContent(t *testing.T, want, got *book.Book) {
	t.Helper()
	if len(got.Sheets) != len(want.Sheets) {
		t.Fatalf("%d sheets; committed fixture has %d", len(got.Sheets), len(want.Sheets))
	}
	for i, ws := range want.Sheets {
		gs := got.Sheets[i]
		if gs.Name != ws.Name || gs.State != ws.State || len(gs.Cells) != len(ws.Cells) || len(gs.Merges) != len(ws.Merges) {
			t.Errorf("sheet %q: %d cells, %d merges; committed fixture: %q, %d cells, %d merges",
				gs.Name, len(gs.Cells), len(gs.Merges), ws.Name, len(ws.Cells), len(ws.Merges))
			continue
		}
		for r, c := range ws.Cells {
			if gs.Cells[r] != c {
				t.Errorf("%s!%s = %+v; committed fixture %+v", ws.Name, r, gs.Cells[r], c)
			}
		}
		for j, m := range ws.Merges {
			if gs.Merges[j] != m {
				t.Errorf("%s merge %d = %v; committed fixture %v", ws.Name, j, gs.Merges[j], m)
			}
		}
	}
	if len(got.Names) != len(want.Names) {
		t.Fatalf("%d names; committed fixture has %d", len(got.Names), len(want.Names))
	}
	for i, n := range want.Names {
		if got.Names[i] != n {
			t.Errorf("name %d = %+v; committed fixture %+v", i, got.Names[i], n)
		}
	}
}

// HasMerge reports whether the sheet merges exactly from:to.
func HasMerge(s *book.Sheet, from, to string) bool {
	f, _ := book.ParseRef(from)
	tt, _ := book.ParseRef(to)
	for _, m := range s.Merges {
		if m == (book.Range{From: f, To: tt}) {
			return true
		}
	}
	return false
}

// converters are the applications that write fixtures: each converts the
// file src to the format ext (xls, ods) into dir and returns the result's
// path.
var converters = []struct {
	name    string // "LibreOffice", "Gnumeric"
	convert func(t *testing.T, src, ext, dir string) string
}{
	{"LibreOffice", func(t *testing.T, src, ext, dir string) string {
		return testenv.Convert(t, src, ext, dir)
	}},
	{"Gnumeric", func(t *testing.T, src, ext, dir string) string {
		out := filepath.Join(dir, strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))+"."+ext)
		testenv.Run(t, testenv.Command(t, "ssconvert", src, out))
		return out
	}},
}

// Regenerate converts src to ext with every converter installed
// (testenv.NeedApp) and calls check with the converted file and the
// converter's name.
func Regenerate(t *testing.T, src, ext string, check func(t *testing.T, path, app string)) {
	for _, cv := range converters {
		t.Run(cv.name, func(t *testing.T) {
			check(t, cv.convert(t, src, ext, t.TempDir()), cv.name)
		})
	}
}

// ReadSame reads the file at path with read and, when fixture is not
// empty, checks that it has the content of testdata/fixture read the same
// way: every sheet, cell, merge and name.
func ReadSame(t *testing.T, read func([]byte) (*book.Book, error), path, fixture string) *book.Book {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := read(data)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if fixture != "" {
		data, err := os.ReadFile(filepath.Join("testdata", fixture))
		if err != nil {
			t.Fatal(err)
		}
		old, err := read(data)
		if err != nil {
			t.Fatal(err)
		}
		SameContent(t, old, b)
	}
	return b
}

// Cells counts the cells and merges of every sheet: what a reader's
// MaxCells bounds.
func Cells(b *book.Book) int {
	n := 0
	for _, s := range b.Sheets {
		n += len(s.Cells) + len(s.Merges)
	}
	return n
}

// BenchRead measures read over the file at path.
func BenchRead(b *testing.B, path string, read func([]byte) (*book.Book, error)) {
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := read(data); err != nil {
			b.Fatal(err)
		}
	}
}
