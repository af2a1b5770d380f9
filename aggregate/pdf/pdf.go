// Package pdf writes the consolidated report (a document.Doc built by
// package report) as the PDF the Department prints, signs and sends to the
// provincial People's Committee, laid out as Nghị định 30/2020/NĐ-CP asks:
// A4 with its margins, Liberation Serif (metric-compatible with Times New
// Roman) embedded, page numbers centred in the top margin from the second
// page of each section, landscape sections for wide tables, tables that
// repeat their header rows. It renders the same Doc as package docx, so the
// two files differ only in the writer.
//
// It sits at the end of the flow (result → summary → report → writers) and
// is imported only by main.
package pdf

import (
	"fmt"
	"io"
	"time"

	"tonghop/aggregate/document"
	"tonghop/templates"
	"tonghop/templates/atomicfile"
)

// Meta is the document's properties. Created fixes the creation date, so
// that the same Doc and Meta give the same bytes.
type Meta struct {
	Title   string
	Author  string
	Created time.Time
}

// Write renders d as a PDF to w.
func Write(w io.Writer, d *document.Doc, meta Meta) error {
	if d == nil || len(d.Sections) == 0 {
		return fmt.Errorf("tạo báo cáo PDF: tài liệu không có nội dung")
	}
	l := newLayout(meta.Created)
	l.f.SetTitle(templates.NFC(meta.Title), true)
	l.f.SetAuthor(templates.NFC(meta.Author), true)
	l.f.SetCreator("tonghop", true)
	l.f.SetProducer("tonghop", true)
	l.f.SetLang("vi-VN")
	for i := range d.Sections {
		if err := l.section(&d.Sections[i], i == 0); err != nil {
			return fmt.Errorf("tạo báo cáo PDF, phần %d: %w", i+1, err)
		}
	}
	if err := l.f.Error(); err != nil {
		return fmt.Errorf("tạo báo cáo PDF: %w", err)
	}
	return l.f.Output(w)
}

// WriteFile renders d to path, straight into a temporary file in the same
// folder that is renamed into place.
func WriteFile(path string, d *document.Doc, meta Meta) error {
	if err := atomicfile.Write(path, func(w io.Writer) error { return Write(w, d, meta) }); err != nil {
		return fmt.Errorf("ghi %s: %w", path, err)
	}
	return nil
}
