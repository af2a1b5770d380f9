package xlsx

import (
	"encoding/xml"
	"io"
	"net/url"
	"path"
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
	rels, sstPart, err := r.readRels()
	if err != nil {
		return nil, err
	}
	if sstPart == "" {
		sstPart = partStrings
	}
	if err := r.readStrings(sstPart); err != nil {
		return nil, err
	}
	r.book.Sheets = make([]*book.Sheet, 0, len(sheets))
	for _, e := range sheets {
		s := &book.Sheet{Name: e.name, State: e.state, Cells: map[book.Ref]book.Cell{}}
		target, ok := rels[e.rid]
		if !ok {
			return nil, &brokenError{part: partRels, sheet: e.name, detail: "không tìm thấy liên kết tới trang tính (" + e.rid + ")"}
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
	d, c, err := r.open(partWorkbook)
	if err != nil {
		return nil, err
	}
	if d == nil {
		return nil, &notXLSXError{ErrNotXLSX, "tệp nén không có " + partWorkbook}
	}
	defer c.Close()
	var sheets []sheetEntry
	type pending struct {
		name  book.Name
		local int // localSheetId, -1 for the workbook
	}
	var names []pending
	var buf []byte
	for {
		tok, err := d.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		e, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch e.Name.Local {
		case "workbookPr":
			if d.depth != 2 {
				continue
			}
			v, _ := attr(e, "date1904")
			r.book.Date1904 = v == "1" || v == "true"
		case "sheet":
			if d.depth != 3 {
				continue
			}
			if len(sheets) == r.lim.MaxSheets {
				return nil, &LimitError{Part: d.part, What: WhatSheets, Limit: int64(r.lim.MaxSheets)}
			}
			sheets = append(sheets, sheetEntryOf(e))
		case "definedName":
			if d.depth != 3 {
				continue
			}
			if len(names) == r.lim.MaxNames {
				return nil, &LimitError{Part: d.part, What: WhatNames, Limit: int64(r.lim.MaxNames)}
			}
			p := pending{local: -1}
			p.name.Name, _ = attr(e, "name")
			if v, ok := attr(e, "localSheetId"); ok {
				if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 {
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
func sheetEntryOf(e xml.StartElement) sheetEntry {
	se := sheetEntry{}
	se.name, _ = attr(e, "name")
	for _, a := range e.Attr {
		if a.Name.Local == "id" && a.Name.Space != "" { // r:id, whatever the prefix
			se.rid = a.Value
		}
	}
	switch v, _ := attr(e, "state"); v {
	case "hidden":
		se.state = book.Hidden
	case "veryHidden":
		se.state = book.VeryHidden
	}
	return se
}

// readRels reads the workbook's relationships: relationship id → part
// name, and the shared strings part when one is declared.
func (r *reader) readRels() (map[string]string, string, error) {
	d, c, err := r.open(partRels)
	if err != nil || d == nil {
		return nil, "", err
	}
	defer c.Close()
	rels := map[string]string{}
	var sst string
	n := 0
	for {
		tok, err := d.next()
		if err == io.EOF {
			return rels, sst, nil
		}
		if err != nil {
			return nil, "", err
		}
		e, ok := tok.(xml.StartElement)
		if !ok || e.Name.Local != "Relationship" || d.depth != 2 {
			continue
		}
		if n++; n > r.lim.MaxRels {
			return nil, "", &LimitError{Part: d.part, What: WhatRels, Limit: int64(r.lim.MaxRels)}
		}
		if mode, _ := attr(e, "TargetMode"); strings.EqualFold(mode, "External") {
			continue
		}
		id, _ := attr(e, "Id")
		target, _ := attr(e, "Target")
		target = resolveTarget(target)
		rels[id] = target
		if typ, _ := attr(e, "Type"); strings.HasSuffix(typ, "/sharedStrings") {
			sst = target
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

// readProps reads the document properties; a file without them is fine.
func (r *reader) readProps() error {
	err := r.readSimple(partCore, func(local string, depth int, text string) {
		switch local {
		case "modified":
			r.book.Modified = parseTime(text)
		case "created":
			r.book.Created = parseTime(text)
		}
	})
	if err != nil {
		return err
	}
	err = r.readSimple(partApp, func(local string, depth int, text string) {
		if local == "Application" && depth == 2 {
			r.book.Application = text
		}
	})
	if err != nil {
		return err
	}
	return r.readCustom()
}

// readSimple calls fn with each element of a part that holds only text.
func (r *reader) readSimple(part string, fn func(local string, depth int, text string)) error {
	d, c, err := r.open(part)
	if err != nil || d == nil {
		return err
	}
	defer c.Close()
	var buf []byte
	for {
		tok, err := d.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if e, ok := tok.(xml.StartElement); ok && d.depth == 2 {
			if buf, err = d.text(buf[:0]); err != nil {
				return err
			}
			fn(e.Name.Local, 2, string(buf))
		}
	}
}

// readCustom reads docProps/custom.xml: each <property name=…> holds one
// vt: element whose text is the value, whatever its type.
func (r *reader) readCustom() error {
	d, c, err := r.open(partCustom)
	if err != nil || d == nil {
		return err
	}
	defer c.Close()
	var buf []byte
	var name string
	n := 0
	for {
		tok, err := d.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		e, ok := tok.(xml.StartElement)
		switch {
		case !ok:
		case d.depth == 2 && e.Name.Local == "property":
			if n++; n > r.lim.MaxProps {
				return &LimitError{Part: d.part, What: WhatProps, Limit: int64(r.lim.MaxProps)}
			}
			name, _ = attr(e, "name")
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
