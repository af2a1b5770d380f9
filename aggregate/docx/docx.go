// Package docx writes a document.Doc as an editable Word file (.docx,
// WordprocessingML, ECMA-376 transitional): real paragraphs and tables that
// an officer edits in Word, WPS or LibreOffice before signature. It sits on
// top of package document, as the PDF writer does, and only lays out what
// the report builder put there.
//
// The package is written by hand over text templates rather than with a
// library: none of the pure-Go libraries at hand writes section properties
// per section, a different first-page header, restarting page numbers,
// repeated header rows and merged cells together (unioffice, which does, is
// not free), and the subset needed here is small.
package docx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"time"

	"tonghop/aggregate/document"
)

// Meta is the document's properties. Created fixes the dates inside the
// package, so that the same Doc and Meta give the same bytes.
type Meta struct {
	Title   string
	Author  string
	Created time.Time
}

// maxBytes bounds the uncompressed size of document.xml: a report of a
// national campaign (10,600 units) needs a few tens of megabytes.
const maxBytes = 512 << 20

// Write writes d as a .docx package to w.
func Write(w io.Writer, d *document.Doc, meta Meta) error {
	if d == nil || len(d.Sections) == 0 {
		return fmt.Errorf("tạo tệp Word: tài liệu không có nội dung")
	}
	created := meta.Created.UTC()
	if created.IsZero() || created.Year() < 1980 {
		created = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	parts := []struct {
		name string
		data []byte // nil: the document itself, written as it is rendered
	}{
		{"[Content_Types].xml", []byte(contentTypes)},
		{"_rels/.rels", []byte(rootRels)},
		{"docProps/app.xml", []byte(appXML)},
		{"docProps/core.xml", coreXML(meta, created)},
		{"word/_rels/document.xml.rels", []byte(documentRels)},
		{"word/document.xml", nil},
		{"word/header1.xml", headerXML(true)},
		{"word/header2.xml", headerXML(false)},
		{"word/settings.xml", []byte(settingsXML)},
		{"word/styles.xml", []byte(stylesXML)},
	}
	zw := zip.NewWriter(w)
	for _, p := range parts {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: created})
		if err != nil {
			return fmt.Errorf("tạo tệp Word: %w", err)
		}
		if p.data == nil {
			err = documentXML(f, d)
		} else {
			_, err = f.Write(p.data)
		}
		if err != nil {
			return fmt.Errorf("tạo tệp Word: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("tạo tệp Word: %w", err)
	}
	return nil
}

// coreXML is the core properties part: title, author, dates, language.
func coreXML(m Meta, at time.Time) []byte {
	var b bytes.Buffer
	ts := at.Format("2006-01-02T15:04:05Z")
	b.WriteString(xmlHeader)
	b.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	b.WriteString(`<dc:title>` + escape(m.Title) + `</dc:title>`)
	b.WriteString(`<dc:creator>` + escape(m.Author) + `</dc:creator>`)
	b.WriteString(`<cp:lastModifiedBy>` + escape(m.Author) + `</cp:lastModifiedBy>`)
	b.WriteString(`<dc:language>vi-VN</dc:language>`)
	b.WriteString(`<dcterms:created xsi:type="dcterms:W3CDTF">` + ts + `</dcterms:created>`)
	b.WriteString(`<dcterms:modified xsi:type="dcterms:W3CDTF">` + ts + `</dcterms:modified>`)
	b.WriteString(`</cp:coreProperties>`)
	return b.Bytes()
}

// headerXML is a page header: the centred PAGE field, or an empty paragraph
// for the pages that show no number.
func headerXML(page bool) []byte {
	var b bytes.Buffer
	b.WriteString(xmlHeader)
	b.WriteString(`<w:hdr xmlns:w="` + nsW + `" xmlns:r="` + nsR + `">`)
	if page {
		rpr := `<w:rPr><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr>`
		b.WriteString(`<w:p><w:pPr><w:jc w:val="center"/>` + rpr + `</w:pPr>`)
		b.WriteString(`<w:r>` + rpr + `<w:fldChar w:fldCharType="begin"/></w:r>`)
		b.WriteString(`<w:r>` + rpr + `<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>`)
		b.WriteString(`<w:r>` + rpr + `<w:fldChar w:fldCharType="separate"/></w:r>`)
		b.WriteString(`<w:r>` + rpr + `<w:t>2</w:t></w:r>`)
		b.WriteString(`<w:r>` + rpr + `<w:fldChar w:fldCharType="end"/></w:r></w:p>`)
	} else {
		b.WriteString(`<w:p><w:pPr><w:jc w:val="center"/></w:pPr></w:p>`)
	}
	b.WriteString(`</w:hdr>`)
	return b.Bytes()
}
