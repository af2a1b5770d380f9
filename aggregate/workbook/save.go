package workbook

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// saver is the zip writer excelize saves the workbook through. excelize
// would hold each streamed sheet in memory up to 16 MB (StreamChunkSize, a
// constant) and the whole zip in a buffer (File.WriteTo calls
// WriteToBuffer): at 10,000 units, tens of megabytes. Here every part
// excelize writes is small — a streamed sheet holds only its header row —
// and is kept until Close, which writes the parts to w in a fixed order
// (the same bytes every run, whatever order excelize keeps its streams
// in): the data rows of each streamed sheet are encoded into its part as
// the zip is written, and the formulas of the other sheets get their
// results marked as numbers (numericFormulas).
type saver struct {
	w     io.Writer
	at    time.Time                         // the parts' date
	rows  map[string]func(*rowWriter) error // by part name
	parts map[string]*bytes.Buffer
}

func (s *saver) Create(name string) (io.Writer, error) {
	buf := new(bytes.Buffer)
	s.parts[name] = buf
	return buf, nil
}

func (s *saver) AddFS(fs.FS) error { return errors.New("AddFS is not supported") }

func (s *saver) Close() error {
	for name := range s.rows {
		if _, ok := s.parts[name]; !ok {
			return fmt.Errorf("không có phần %s trong tệp", name)
		}
	}
	names := make([]string, 0, len(s.parts))
	for name := range s.parts {
		names = append(names, name)
	}
	// excelize's own order: reverse by name.
	sort.Sort(sort.Reverse(sort.StringSlice(names)))
	zw := zip.NewWriter(s.w)
	for _, name := range names {
		body := s.parts[name].Bytes()
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: s.at})
		if err != nil {
			return err
		}
		rows, streamed := s.rows[name]
		switch {
		case streamed:
			err = splice(w, body, rows)
		case strings.HasPrefix(name, "xl/worksheets/") && strings.HasSuffix(name, ".xml"):
			_, err = w.Write(numericFormulas(body))
		default:
			_, err = w.Write(body)
		}
		if err != nil {
			return fmt.Errorf("ghi %s: %w", name, err)
		}
		delete(s.parts, name) // done with it
	}
	return zw.Close()
}

// splice writes a streamed sheet's part, body, with the rows put before
// the end of its sheet data.
func splice(w io.Writer, body []byte, rows func(*rowWriter) error) error {
	end := bytes.LastIndex(body, []byte("</sheetData>"))
	if end < 0 {
		return errors.New("không thấy </sheetData>")
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(body[:end])
	if err := rows(&rowWriter{w: bw}); err != nil {
		return err
	}
	bw.Write(body[end:])
	return bw.Flush()
}

// partOf is the name of a sheet's part: excelize names the part of a sheet
// it creates by the sheet's id.
func (b *book) partOf(sheet string) string {
	for id, name := range b.f.GetSheetMap() {
		if name == sheet {
			return fmt.Sprintf("xl/worksheets/sheet%d.xml", id)
		}
	}
	b.check(fmt.Errorf("không có trang %s", sheet))
	return ""
}

// save writes the workbook to w.
func (b *book) save(w io.Writer) error {
	// The date of the figures, not of the run: the same result gives the
	// same bytes. A zip cannot date before 1980.
	at := b.s.AsOf.UTC()
	if at.Year() < 1980 {
		at = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	b.f.SetZipWriter(func(io.Writer) excelize.ZipWriter {
		// Not into excelize's buffer: straight to w.
		return &saver{w: w, at: at, rows: b.rows, parts: map[string]*bytes.Buffer{}}
	})
	return b.f.Write(io.Discard)
}
