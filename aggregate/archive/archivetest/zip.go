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

// Part is one part of a zip archive, inflated.
type Part struct {
	Name string
	Data []byte
}

// Parts returns every part of a zip archive, inflated, in the archive's
// order.
func Parts(t testing.TB, data []byte) []Part {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := make([]Part, 0, len(zr.File))
	for _, f := range zr.File {
		parts = append(parts, Part{f.Name, unpacked(t, f)})
	}
	return parts
}

// Rewrite copies a zip archive, letting edit change (or, returning nil,
// drop) each part; a part edit leaves as it was is copied compressed.
func Rewrite(t testing.TB, data []byte, edit func(name string, b []byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := fastWriter(&out)
	for _, f := range zr.File {
		b := unpacked(t, f)
		e := edit(f.Name, b)
		if e == nil {
			continue
		}
		if bytes.Equal(e, b) { // unchanged: copied as it is, not compressed again
			if err := zw.Copy(f); err != nil {
				t.Fatal(err)
			}
			continue
		}
		b = e
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

// ReplacePart copies a zip archive with part written anew by write, given
// its old content, and the other parts copied compressed as they are: a
// part too big to hold twice is streamed.
func ReplacePart(t testing.TB, data []byte, part string, write func(w io.Writer, old []byte)) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := fastWriter(&out)
	found := false
	for _, f := range zr.File {
		if f.Name != part {
			if err := zw.Copy(f); err != nil {
				t.Fatal(err)
			}
			continue
		}
		found = true
		old := unpacked(t, f)
		w, err := zw.Create(part)
		if err != nil {
			t.Fatal(err)
		}
		write(w, old)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if !found {
		t.Fatalf("no part %s", part)
	}
	return out.Bytes()
}

// fastWriter is a zip writer that compresses at the fastest level: a giant
// part costs a third of the default's time.
func fastWriter(w io.Writer) *zip.Writer {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	return zw
}

// unpacked is the content of an archive's entry.
func unpacked(t testing.TB, f *zip.File) []byte {
	t.Helper()
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
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

// Piece is bytes repeated N times in an archive entry.
type Piece struct {
	Data []byte
	N    int
}

// Deflated is the raw deflate stream of the pieces, in order, with the
// CRC-32 and size of what it inflates to. Each piece is compressed once
// and its blocks repeated: a fresh compressor's flushed output refers to
// nothing before it, so it may follow any byte-aligned block. Hundreds of
// megabytes cost the time of their CRC instead of their compression.
func Deflated(pieces ...Piece) (comp []byte, crc uint32, size int64) {
	var out bytes.Buffer
	h := crc32.NewIEEE()
	for _, p := range pieces {
		var one bytes.Buffer
		fw, _ := flate.NewWriter(&one, flate.BestSpeed)
		fw.Write(p.Data)
		fw.Flush() // ends byte-aligned, not final
		for range p.N {
			out.Write(one.Bytes())
			h.Write(p.Data)
		}
		size += int64(len(p.Data)) * int64(p.N)
	}
	out.Write([]byte{0x03, 0x00}) // an empty final block
	return out.Bytes(), h.Sum32(), size
}

// AddDeflated adds an entry holding the pieces (Deflated) to the archive
// being written, its header declaring declared bytes unpacked (the true
// size when declared < 0).
func AddDeflated(t testing.TB, zw *zip.Writer, name string, declared int64, pieces ...Piece) {
	t.Helper()
	comp, crc, size := Deflated(pieces...)
	if declared < 0 {
		declared = size
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(len(comp)), UncompressedSize64: uint64(declared)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(comp); err != nil {
		t.Fatal(err)
	}
}

// BigPart is a workbook-looking archive whose part name holds size bytes
// of unit repeated.
func BigPart(t testing.TB, name string, size int64, unit string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, p := range [][2]string{{"[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`}, {"xl/workbook.xml", "<workbook/>"}} {
		w, _ := zw.Create(p[0])
		w.Write([]byte(p[1]))
	}
	chunk := bytes.Repeat([]byte(unit), 64<<10/len(unit)+1)
	n := int(size / int64(len(chunk)))
	AddDeflated(t, zw, name, -1, Piece{chunk, n}, Piece{chunk[:size-int64(n)*int64(len(chunk))], 1})
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
	zr, err := zip.NewReader(bytes.NewReader(workbook), int64(len(workbook)))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range zr.File {
		if f.Name == part {
			root := []byte(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
			AddDeflated(t, zw, part, 1024, Piece{root, 1}, Piece{bytes.Repeat([]byte("<x/>"), 1<<18), 100})
			continue
		}
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
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
