package templates

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"errors"
	"hash/crc32"
	"io"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Stencils: the workbooks of two units of the same form variant (variantOf)
// differ only where the unit's name and code are written. Generate builds
// each variant's workbook once with excelize, under a name and a code made
// of placeholder characters as long as the real ones, keeps its parts
// (compressed once), and writes each unit's file by copying the parts that
// carry no placeholder as they are and filling the name and the code into
// the others. Building the whole workbook per unit cost 2.5–3 ms of CPU and
// most of the garbage; filling a stencil costs a fraction of that. The
// files are byte for byte those Template and WriteTo write
// (TestStencilMatchesTemplate); a unit whose name or code a stencil cannot
// stand for (plainText, fits), or alone in its variant, is built whole.

// The placeholder characters, from Unicode's private use area: no campaign
// text has them (newStencil checks that none is left over).
const (
	nameMark = '\uE000'
	codeMark = '\uE001'
)

// stencil is one variant's workbook, cut into its zip parts in the order
// excelize writes them.
type stencil struct {
	parts []stencilPart
	// shared are the shared strings of the workbook that do not carry the
	// unit: a unit's own strings must not be among them (excelize writes
	// a string once and points every cell to it).
	shared map[string]bool
	// unitStrings are the shared strings that carry the unit, as text
	// with the placeholders.
	unitStrings []string
	nameMarks   string // the placeholder name
	codeMarks   string
}

// stencilPart is one part: either fixed (comp, crc, size), or text cut at
// the places where the name (slot 'n') or the code (slot 'c') goes.
type stencilPart struct {
	name   string
	fixed  bool
	comp   []byte
	crc    uint32
	size   int
	chunks [][]byte // len(slots)+1 pieces of text around the slots
	slots  []byte
}

// stencils builds and keeps the stencils of one Generate run.
type stencils struct {
	c  *Campaign
	mu sync.Mutex
	m  map[formVariant]*stencilEntry
}

type stencilEntry struct {
	once sync.Once
	u    *Unit    // the unit whose stencil it is; nil: none for this variant
	s    *stencil // nil when the variant is not stencilled
}

func (e *stencilEntry) get(c *Campaign) *stencil {
	e.once.Do(func() {
		if e.u != nil {
			e.s = newStencil(c, e.u)
		}
	})
	return e.s
}

func newStencils(c *Campaign) *stencils {
	return &stencils{c: c, m: map[formVariant]*stencilEntry{}}
}

// plan returns the builds of the stencils the units need, for Generate to
// run first and in parallel (built when a worker first needs them, the
// stencils of a campaign in group order were built one after the other,
// the other workers waiting). A variant with one unit gets no stencil: the
// unit is built whole, which is cheaper than a stencil.
func (ss *stencils) plan(units []*Unit) []func() {
	first := map[formVariant]*Unit{}
	count := map[formVariant]int{}
	var order []formVariant
	for _, u := range units {
		if !plainText(u.Name) || !plainText(u.Code) {
			continue
		}
		v := ss.c.variantOf(u)
		if count[v] == 0 {
			first[v] = u
			order = append(order, v)
		}
		count[v]++
	}
	var builds []func()
	ss.mu.Lock()
	defer ss.mu.Unlock()
	for _, v := range order {
		e := &stencilEntry{}
		ss.m[v] = e
		if count[v] > 1 {
			e.u = first[v]
			builds = append(builds, func() { e.get(ss.c) })
		}
	}
	return builds
}

// of returns the stencil that writes the unit's workbook, or nil when the
// unit must be built the old way. Without a plan, the first unit of a
// variant builds its stencil.
func (ss *stencils) of(u *Unit) *stencil {
	if !plainText(u.Name) || !plainText(u.Code) {
		return nil
	}
	v := ss.c.variantOf(u)
	ss.mu.Lock()
	e := ss.m[v]
	if e == nil {
		e = &stencilEntry{u: u}
		ss.m[v] = e
	}
	ss.mu.Unlock()
	s := e.get(ss.c)
	if s == nil || !s.fits(u) {
		return nil
	}
	return s
}

// maxPlainRunes bounds the name and code a stencil takes: far below the
// length at which excelize cuts a cell's text.
const maxPlainRunes = 1000

// plainText reports whether excelize writes s into every part the same
// way as the placeholders, once escaped for XML: no white space at either
// end (a shared string then gets xml:space), no tab or line break, no
// "_x" (excelize escapes _xHHHH_), no placeholder character, nothing XML
// cannot hold.
func plainText(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > maxPlainRunes || !utf8.ValidString(s) ||
		strings.TrimSpace(s) != s || strings.Contains(s, "_x") {
		return false
	}
	for _, r := range s {
		switch {
		case r == nameMark || r == codeMark || r == utf8.RuneError:
			return false
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0): // tab, breaks, control characters
			return false
		case r >= 0xD800 && r <= 0xDFFF || r == 0xFFFE || r == 0xFFFF:
			return false
		}
	}
	return true
}

// newStencil builds the stencil of u's variant; nil when the workbook
// cannot be cut (a campaign text with a placeholder character, a build
// error: the units are then built the old way, which reports the error).
func newStencil(c *Campaign, u *Unit) *stencil {
	s := &stencil{
		nameMarks: strings.Repeat(string(nameMark), utf8.RuneCountInString(u.Name)),
		codeMarks: strings.Repeat(string(codeMark), utf8.RuneCountInString(u.Code)),
	}
	mu := *u
	mu.Name, mu.Code = s.nameMarks, s.codeMarks
	f, err := c.buildForm(&mu, c.OwesWrittenReport(u))
	if err != nil {
		return nil
	}
	defer f.Close()
	pc := &partCollector{}
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return pc })
	if _, err := f.WriteToBuffer(); err != nil || pc.err != nil {
		return nil
	}
	name, code := []byte(mu.Name), []byte(mu.Code)
	var sst []byte
	for _, p := range pc.parts {
		sp := stencilPart{name: p.name}
		rest := p.data
		for {
			i, j := bytes.Index(rest, name), bytes.Index(rest, code)
			if i < 0 && j < 0 {
				break
			}
			slot, at, n := byte('n'), i, len(name)
			if i < 0 || (j >= 0 && j < i) {
				slot, at, n = 'c', j, len(code)
			}
			sp.chunks = append(sp.chunks, rest[:at])
			sp.slots = append(sp.slots, slot)
			rest = rest[at+n:]
		}
		sp.chunks = append(sp.chunks, rest)
		for _, ch := range sp.chunks {
			if bytes.ContainsRune(ch, nameMark) || bytes.ContainsRune(ch, codeMark) {
				return nil
			}
		}
		if len(sp.slots) == 0 {
			var comp bytes.Buffer
			if err := deflate(&comp, p.data); err != nil {
				return nil
			}
			sp.fixed, sp.comp, sp.crc, sp.size, sp.chunks = true, comp.Bytes(), crc32.ChecksumIEEE(p.data), len(p.data), nil
		}
		if p.name == "xl/sharedStrings.xml" {
			sst = p.data
		}
		s.parts = append(s.parts, sp)
	}
	var table struct {
		SI []struct {
			T string `xml:"t"`
		} `xml:"si"`
	}
	if err := xml.Unmarshal(sst, &table); err != nil {
		return nil
	}
	s.shared = map[string]bool{}
	for _, si := range table.SI {
		if strings.ContainsRune(si.T, nameMark) || strings.ContainsRune(si.T, codeMark) {
			s.unitStrings = append(s.unitStrings, si.T)
		} else {
			s.shared[si.T] = true
		}
	}
	return s
}

// fits reports whether the unit's workbook is the stencil filled with its
// name and code: the same lengths the stencil was cut for are not needed
// (the variant fixes the row heights), but every shared string that
// carries the unit must stay distinct from the others, as the
// placeholders were.
func (s *stencil) fits(u *Unit) bool {
	seen := make([]string, 0, len(s.unitStrings))
	for _, t := range s.unitStrings {
		v := strings.ReplaceAll(strings.ReplaceAll(t, s.nameMarks, u.Name), s.codeMarks, u.Code)
		if s.shared[v] || slices.Contains(seen, v) {
			return false
		}
		seen = append(seen, v)
	}
	return true
}

// write writes the unit's workbook.
func (s *stencil) write(w io.Writer, u *Unit) error {
	name, code := xmlText(u.Name), xmlText(u.Code)
	fb := fillPool.Get().(*fillBuffers)
	defer fillPool.Put(fb)
	fb.out.Reset()
	fb.zipBuf.Reset(&fb.out)
	zw := zip.NewWriter(fb.zipBuf) // takes fb.zipBuf as its buffer
	for i := range s.parts {
		p := &s.parts[i]
		h := &zip.FileHeader{Name: p.name, Method: zip.Deflate}
		data := p.comp
		if p.fixed {
			h.CRC32, h.UncompressedSize64 = p.crc, uint64(p.size)
		} else {
			raw := &fb.raw
			raw.Reset()
			for k, slot := range p.slots {
				raw.Write(p.chunks[k])
				if slot == 'n' {
					raw.WriteString(name)
				} else {
					raw.WriteString(code)
				}
			}
			raw.Write(p.chunks[len(p.slots)])
			fb.comp.Reset()
			if err := deflate(&fb.comp, raw.Bytes()); err != nil {
				return err
			}
			data = fb.comp.Bytes()
			h.CRC32, h.UncompressedSize64 = crc32.ChecksumIEEE(raw.Bytes()), uint64(raw.Len())
		}
		h.CompressedSize64 = uint64(len(data))
		fw, err := zw.CreateRaw(h)
		if err != nil {
			return err
		}
		if _, err := fw.Write(data); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	_, err := w.Write(fb.out.Bytes())
	return err
}

// fillBuffers are the buffers of one write, kept from one workbook to the
// next: allocated anew for each, they made a third of the garbage, and
// the collections that stop both workers.
type fillBuffers struct {
	out, raw, comp bytes.Buffer
	zipBuf         *bufio.Writer
}

var fillPool = sync.Pool{New: func() any {
	fb := new(fillBuffers)
	fb.zipBuf = bufio.NewWriter(&fb.out)
	return fb
}}

// xmlText is s escaped as encoding/xml escapes text, which is how excelize
// writes the name and the code in every part.
func xmlText(s string) string {
	if !strings.ContainsAny(s, `&<>"'`) {
		return s
	}
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// deflate appends raw to out compressed as partZip compresses a part.
func deflate(out *bytes.Buffer, raw []byte) error {
	fw, _ := flatePool.Get().(*flate.Writer)
	if fw == nil {
		var err error
		if fw, err = flate.NewWriter(out, flate.BestSpeed); err != nil {
			return err
		}
	} else {
		fw.Reset(out)
	}
	_, err := fw.Write(raw)
	if cerr := fw.Close(); err == nil {
		err = cerr
	}
	flatePool.Put(fw)
	return err
}

// partCollector is the zip writer that keeps the parts of a workbook
// instead of zipping them.
type partCollector struct {
	parts []struct {
		name string
		data []byte
	}
	cur *bytes.Buffer
	err error
}

func (pc *partCollector) Create(name string) (io.Writer, error) {
	pc.end()
	pc.cur = new(bytes.Buffer)
	pc.parts = append(pc.parts, struct {
		name string
		data []byte
	}{name: name})
	return pc.cur, nil
}

func (pc *partCollector) end() {
	if pc.cur != nil {
		pc.parts[len(pc.parts)-1].data = pc.cur.Bytes()
		pc.cur = nil
	}
}

func (pc *partCollector) AddFS(fs.FS) error {
	pc.err = errors.New("stencil: AddFS")
	return pc.err
}

func (pc *partCollector) Close() error {
	pc.end()
	return nil
}
