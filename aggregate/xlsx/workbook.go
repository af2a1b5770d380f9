package xlsx

import (
	"bytes"
	"errors"
	"io"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"tonghop/aggregate/book"
)

const (
	partWorkbook = "xl/workbook.xml"
	partRels     = "xl/_rels/workbook.xml.rels"
	partStrings  = "xl/sharedStrings.xml"
	partCore     = "docProps/core.xml"
	partApp      = "docProps/app.xml"
	partCustom   = "docProps/custom.xml"
)

// sheetEntry is a <sheet> of xl/workbook.xml.
type sheetEntry struct {
	name  string
	state book.State
	rid   string
}

// read reads the parts in the order their content depends on: the
// workbook (sheets, names, date system), its relationships (where the
// sheets are), the shared strings, each sheet, then the properties.
func (r *reader) read() (*book.Book, error) {
	r.book = &book.Book{Format: "xlsx"}
	sheets, err := r.readWorkbook()
	if err != nil {
		return nil, err
	}
	rels, sstPart, stylesPart, err := r.readRels()
	if err != nil {
		return nil, err
	}
	if sstPart == "" {
		sstPart = partStrings
	}
	if stylesPart == "" {
		stylesPart = partStyles
	}
	if err := r.readStrings(sstPart); err != nil {
		return nil, err
	}
	if err := r.readStyles(stylesPart); err != nil {
		return nil, err
	}
	r.book.Sheets = make([]*book.Sheet, 0, len(sheets))
	for _, e := range sheets {
		s := &book.Sheet{Name: e.name, State: e.state, Cells: map[book.Ref]book.Cell{}}
		target, ok := rels[e.rid]
		if !ok {
			return nil, &brokenError{part: partRels, sheet: e.name, detail: "không tìm thấy liên kết tới trang tính (" + e.rid + ")"}
		}
		if len(r.lim.OnlySheets) > 0 && !slices.Contains(r.lim.OnlySheets, e.name) {
			r.book.Sheets = append(r.book.Sheets, s)
			continue
		}
		if err := r.readSheet(s, target); err != nil {
			return nil, err
		}
		r.book.Sheets = append(r.book.Sheets, s)
	}
	if err := r.readProps(); err != nil {
		return nil, err
	}
	return r.book, nil
}

// readWorkbook reads xl/workbook.xml; a zip without it is not an .xlsx.
func (r *reader) readWorkbook() ([]sheetEntry, error) {
	d, err := r.open(partWorkbook)
	if err != nil {
		return nil, err
	}
	if d == nil {
		return nil, &notXLSXError{ErrNotXLSX, "tệp nén không có " + partWorkbook}
	}
	var sheets []sheetEntry
	type pending struct {
		name  book.Name
		local int // localSheetId, -1 for the workbook
	}
	var names []pending
	var buf []byte
	for {
		t, err := d.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if t.kind != tokStart {
			continue
		}
		switch string(t.local) {
		case "workbookPr":
			if d.depth != 2 {
				continue
			}
			v, _ := t.attr("date1904")
			r.book.Date1904 = string(v) == "1" || string(v) == "true"
		case "sheet":
			if d.depth != 3 {
				continue
			}
			if len(sheets) == r.lim.MaxSheets {
				return nil, &LimitError{Part: d.part, What: WhatSheets, Limit: int64(r.lim.MaxSheets)}
			}
			sheets = append(sheets, sheetEntryOf(t))
		case "definedName":
			if d.depth != 3 {
				continue
			}
			if len(names) == r.lim.MaxNames {
				return nil, &LimitError{Part: d.part, What: WhatNames, Limit: int64(r.lim.MaxNames)}
			}
			p := pending{local: -1}
			name, _ := t.attr("name")
			p.name.Name = string(name)
			if v, ok := t.attr("localSheetId"); ok {
				if n, err := strconv.Atoi(strings.TrimSpace(string(v))); err == nil && n >= 0 {
					p.local = n
				} else {
					p.local = -2 // unusable: the name is dropped below
				}
			}
			if buf, err = d.text(buf[:0]); err != nil {
				return nil, err
			}
			p.name.RefersTo = string(buf)
			names = append(names, p)
		}
	}
	for _, p := range names {
		switch {
		case p.local == -1:
		case p.local >= 0 && p.local < len(sheets):
			p.name.Scope = sheets[p.local].name
		default:
			// A name scoped to a sheet that does not exist: Excel drops it
			// on repair, and it can point at nothing the reader wants.
			continue
		}
		r.book.Names = append(r.book.Names, p.name)
	}
	return sheets, nil
}

// sheetEntryOf reads a <sheet> element.
func sheetEntryOf(t *token) sheetEntry {
	se := sheetEntry{}
	name, _ := t.attr("name")
	se.name = string(name)
	for _, a := range t.attrs {
		if string(a.local) == "id" && len(a.space) != 0 { // r:id, whatever the prefix
			se.rid = string(a.value)
		}
	}
	switch v, _ := t.attr("state"); string(v) {
	case "hidden":
		se.state = book.Hidden
	case "veryHidden":
		se.state = book.VeryHidden
	}
	return se
}

// readRels reads the workbook's relationships: relationship id → part
// name, and the shared strings and styles parts when they are declared.
func (r *reader) readRels() (rels map[string]string, sst, styles string, err error) {
	d, err := r.open(partRels)
	if err != nil || d == nil {
		return nil, "", "", err
	}
	rels = map[string]string{}
	n := 0
	for {
		t, err := d.next()
		if err == io.EOF {
			return rels, sst, styles, nil
		}
		if err != nil {
			return nil, "", "", err
		}
		if t.kind != tokStart || !t.is("Relationship") || d.depth != 2 {
			continue
		}
		if n++; n > r.lim.MaxRels {
			return nil, "", "", &LimitError{Part: d.part, What: WhatRels, Limit: int64(r.lim.MaxRels)}
		}
		if mode, _ := t.attr("TargetMode"); strings.EqualFold(string(mode), "External") {
			continue
		}
		id, _ := t.attr("Id")
		rawTarget, _ := t.attr("Target")
		target := resolveTarget(string(rawTarget))
		rels[string(id)] = target
		switch typ, _ := t.attr("Type"); {
		case bytes.HasSuffix(typ, []byte("/sharedStrings")):
			sst = target
		case bytes.HasSuffix(typ, []byte("/styles")):
			styles = target
		}
	}
}

// resolveTarget turns a relationship target of xl/workbook.xml into a part
// name: relative to xl/, or absolute from the package root.
func resolveTarget(t string) string {
	t = strings.ReplaceAll(t, "\\", "/")
	if strings.IndexByte(t, '%') >= 0 {
		if u, err := url.PathUnescape(t); err == nil {
			t = u
		}
	}
	if strings.HasPrefix(t, "/") {
		return strings.TrimPrefix(path.Clean(t), "/")
	}
	return path.Clean("xl/" + t)
}

// readProps reads the document properties; a file without them is fine,
// and so is one whose properties part is not XML (Excel opens it, and
// rewrites it on saving): its properties are then left out, those read
// before the error included. A limit passed, or an archive that does not
// inflate, ends the read.
func (r *reader) readProps() error {
	var core book.Book
	err := r.readSimple(partCore, func(local string, depth int, text string) {
		switch local {
		case "modified":
			core.Modified = parseTime(text)
		case "created":
			core.Created = parseTime(text)
		}
	})
	if err = propsError(err); err != nil {
		return err
	}
	r.book.Modified, r.book.Created = core.Modified, core.Created
	app := ""
	err = r.readSimple(partApp, func(local string, depth int, text string) {
		if local == "Application" && depth == 2 {
			app = text
		}
	})
	if err = propsError(err); err != nil {
		return err
	}
	r.book.Application = app
	err = r.readCustom()
	if e := propsError(err); e != nil {
		return e
	}
	if err != nil {
		r.book.Custom = nil
	}
	return nil
}

// propsError is the error of reading a properties part that ends the read:
// nil for XML that does not read, with the part's properties left out.
func propsError(err error) error {
	var b *brokenError
	if errors.As(err, &b) && !b.truncated {
		return nil
	}
	return err
}

// readSimple calls fn with each element of a part that holds only text.
func (r *reader) readSimple(part string, fn func(local string, depth int, text string)) error {
	d, err := r.open(part)
	if err != nil || d == nil {
		return err
	}
	var buf []byte
	for {
		t, err := d.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if t.kind == tokStart && d.depth == 2 {
			local := string(t.local)
			if buf, err = d.text(buf[:0]); err != nil {
				return err
			}
			fn(local, 2, string(buf))
		}
	}
}

// readCustom reads docProps/custom.xml: each <property name=…> holds one
// vt: element whose text is the value, whatever its type.
func (r *reader) readCustom() error {
	d, err := r.open(partCustom)
	if err != nil || d == nil {
		return err
	}
	var buf []byte
	var name string
	n := 0
	for {
		t, err := d.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch {
		case t.kind != tokStart:
		case d.depth == 2 && t.is("property"):
			if n++; n > r.lim.MaxProps {
				return &LimitError{Part: d.part, What: WhatProps, Limit: int64(r.lim.MaxProps)}
			}
			v, _ := t.attr("name")
			name = string(v)
		case d.depth == 3:
			if buf, err = d.text(buf[:0]); err != nil {
				return err
			}
			if r.book.Custom == nil {
				r.book.Custom = map[string]string{}
			}
			r.book.Custom[name] = string(buf)
		}
	}
}

// parseTime reads a W3CDTF time as core.xml holds it; zero when it cannot.
func parseTime(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}
