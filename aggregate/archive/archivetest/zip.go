package archivetest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"regexp"
	"testing"
)

// The zip builders below make the hostile workbooks of package aggregate's
// tests (an .xlsx is a zip): bombs whose part is too big or lies about its
// size, archives of too many parts, workbooks with one part edited. Big
// inputs are generated, never committed.

// Zip returns a zip archive with the files given (name, content pairs).
func Zip(t testing.TB, files ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i := 0; i+1 < len(files); i += 2 {
		w, err := zw.Create(files[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(files[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Rewrite copies a zip archive, letting edit change (or, returning nil,
// drop) each part.
func Rewrite(t testing.TB, data []byte, edit func(name string, b []byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if b = edit(f.Name, b); b == nil {
			continue
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// EditPart rewrites one part of an archive with a regular expression; the
// test fails when the part or a match is missing.
func EditPart(t testing.TB, data []byte, part, re, repl string) []byte {
	t.Helper()
	found := false
	out := Rewrite(t, data, func(name string, b []byte) []byte {
		if name != part {
			return b
		}
		rx := regexp.MustCompile(re)
		if !rx.Match(b) {
			t.Fatalf("%s: no match for %s", part, re)
		}
		found = true
		return rx.ReplaceAll(b, []byte(repl))
	})
	if !found {
		t.Fatalf("no part %s", part)
	}
	return out
}

// BigPart is a workbook-looking archive whose part name holds size bytes
// of unit repeated, written in the deflate stream without ever being held
// in memory.
func BigPart(t testing.TB, name string, size int64, unit string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for _, p := range [][2]string{{"[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`}, {"xl/workbook.xml", "<workbook/>"}} {
		w, _ := zw.Create(p[0])
		w.Write([]byte(p[1]))
	}
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte(unit), 64<<10/len(unit)+1)
	for n := int64(0); n < size; n += int64(len(chunk)) {
		if _, err := w.Write(chunk[:min(int64(len(chunk)), size-n)]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// LyingPart copies the archive workbook with its part replaced by one that
// declares 1 KB unpacked and holds 100 MB of XML: a bomb that fools a check
// of the declared sizes.
func LyingPart(t testing.TB, workbook []byte, part string) []byte {
	t.Helper()
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestSpeed)
	chunk := bytes.Repeat([]byte("<x/>"), 1<<18)
	crc := crc32.NewIEEE()
	root := []byte(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	fw.Write(root)
	crc.Write(root)
	for range 100 {
		fw.Write(chunk)
		crc.Write(chunk)
	}
	fw.Close()
	zr, err := zip.NewReader(bytes.NewReader(workbook), int64(len(workbook)))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range zr.File {
		if f.Name == part {
			w, err := zw.CreateRaw(&zip.FileHeader{Name: part, Method: zip.Deflate,
				CRC32: crc.Sum32(), CompressedSize64: uint64(comp.Len()), UncompressedSize64: 1024})
			if err != nil {
				t.Fatal(err)
			}
			w.Write(comp.Bytes())
			continue
		}
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	zw.Close()
	return b.Bytes()
}

// ManyParts is a workbook-looking archive of n tiny parts.
func ManyParts(n int) []byte {
	files := []string{"[Content_Types].xml", "<x/>", "xl/workbook.xml", "<x/>"}
	for i := range n {
		files = append(files, fmt.Sprintf("xl/media/image%d.png", i), "x")
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i := 0; i+1 < len(files); i += 2 {
		w, _ := zw.Create(files[i])
		w.Write([]byte(files[i+1]))
	}
	zw.Close()
	return b.Bytes()
}
