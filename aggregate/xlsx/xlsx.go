// Package xlsx reads an .xlsx workbook from untrusted bytes into a
// book.Book: sheets with their cells and merged ranges, defined names, the
// 1904 date flag and the document properties. It sits under the reader of
// returned reports, beside the .ods and .xls readers, and knows nothing of
// the campaign.
//
// Read inflates each part it needs exactly once and checks the file while
// it parses it: every count and size the file controls is bounded by
// Limits, counted on the bytes actually inflated, and reading stops at the
// first limit passed. Styles, themes, drawings and everything else are
// never opened, except the number formats of xl/styles.xml (a date or a
// percent cell is told by its format).
package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"tonghop/aggregate/book"
	"tonghop/aggregate/gate"
)

// Limits bounds what an untrusted file may make Read do. A zero field takes
// its value from the limits policy (package gate).
type Limits struct {
	MaxEntries   int   // entries in the zip archive
	MaxPartSize  int64 // bytes inflated from any one part
	MaxTotalSize int64 // bytes inflated from all the parts read
	MaxSheets    int   // sheets listed in xl/workbook.xml
	MaxCells     int   // <c> elements in one sheet, empty ones included
	MaxBookCells int   // <c> elements in all the sheets together
	MaxStrings   int   // shared strings
	MaxNames     int   // defined names
	MaxMerges    int   // merged ranges in one sheet
	MaxRels      int   // relationships of the workbook part
	MaxProps     int   // custom document properties
	MaxDepth     int   // XML element nesting in any part
	// OnlySheets, when set, are the only sheets whose cells are read; the
	// others are listed, empty, and their parts never inflated.
	OnlySheets []string
}

// withDefaults fills the zero fields of l from the limits policy
// (package gate).
func (l Limits) withDefaults() Limits {
	l.MaxEntries = gate.Bound(l.MaxEntries, gate.XLSXMaxEntries)
	l.MaxPartSize = gate.Bound(l.MaxPartSize, gate.XLSXMaxPartSize)
	l.MaxTotalSize = gate.Bound(l.MaxTotalSize, gate.XLSXMaxTotalSize)
	l.MaxSheets = gate.Bound(l.MaxSheets, gate.XLSXMaxSheets)
	l.MaxCells = gate.Bound(l.MaxCells, gate.XLSXMaxCells)
	l.MaxBookCells = gate.Bound(l.MaxBookCells, gate.XLSXMaxBookCells)
	l.MaxStrings = gate.Bound(l.MaxStrings, gate.XLSXMaxStrings)
	l.MaxNames = gate.Bound(l.MaxNames, gate.XLSXMaxNames)
	l.MaxMerges = gate.Bound(l.MaxMerges, gate.XLSXMaxMerges)
	l.MaxRels = gate.Bound(l.MaxRels, gate.XLSXMaxRels)
	l.MaxProps = gate.Bound(l.MaxProps, gate.XLSXMaxProps)
	l.MaxDepth = gate.Bound(l.MaxDepth, gate.XLSXMaxDepth)
	return l
}

// oleEncryptionInfo is the stream name "EncryptionInfo" in UTF-16LE, as an
// OLE directory entry holds it.
var oleEncryptionInfo = []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o\x00")

// Read reads an .xlsx (or .xlsm) workbook. The error is ErrNotXLSX
// (ErrEncrypted for a password-protected workbook), a *LimitError
// (ErrTooLarge) or ErrBroken, each with an officer's text in Vietnamese
// naming the part, sheet and cell; the Book is nil then.
//
// The Book has every sheet xl/workbook.xml lists, in its order; a sheet's
// Cells hold only cells with a value or a formula. Text is as stored (NFC or
// NFD: the caller normalises). A follower of a shared formula (<f
// t="shared" si="0"/>, no text) keeps its cached value but has Formula "".
// A defined name scoped to a sheet index that does not exist is dropped;
// a merge range that does not read is skipped; every other oddity either
// reads (see the tests) or is ErrBroken.
//
// Read never modifies data and keeps no reference to it.
func Read(data []byte, lim Limits) (b *book.Book, err error) {
	defer func() {
		// A last resort: the parsers are fuzzed and must not panic, but one
		// bad file must never take the whole merge down.
		if r := recover(); r != nil {
			b, err = nil, &brokenError{detail: fmt.Sprintf("lỗi nội bộ khi đọc (%v)", r)}
		}
	}()
	return read(data, lim)
}

// read is Read without the recover, for the fuzz tests.
func read(data []byte, lim Limits) (*book.Book, error) {
	lim = lim.withDefaults()
	switch {
	case len(data) == 0:
		return nil, &notXLSXError{ErrNotXLSX, "tệp rỗng"}
	case gate.MagicOf(data) == gate.OLEMagic:
		if bytes.Contains(data, oleEncryptionInfo) {
			return nil, &notXLSXError{ErrEncrypted, ""}
		}
		return nil, &notXLSXError{ErrNotXLSX, "tệp Office đời cũ, có thể là .xls hoặc .doc"}
	case gate.MagicOf(data) != gate.ZipMagic:
		return nil, &notXLSXError{ErrNotXLSX, ""}
	}
	if n, ok := eocdEntries(data); ok && n > lim.MaxEntries {
		// Refused before archive/zip allocates an entry for each.
		return nil, &LimitError{What: WhatEntries, Limit: int64(lim.MaxEntries)}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, &brokenError{truncated: true, detail: "tệp nén bị cắt ngang hoặc hỏng"}
	}
	return readArchive(zr, lim)
}

// readArchive reads the parts of an opened archive; lim has its defaults.
func readArchive(zr *zip.Reader, lim Limits) (*book.Book, error) {
	if len(zr.File) > lim.MaxEntries {
		return nil, &LimitError{What: WhatEntries, Limit: int64(lim.MaxEntries)}
	}
	buf := partBuffers.Get().(*[]byte)
	defer func() {
		if cap(*buf) <= maxPooledBuffer {
			partBuffers.Put(buf)
		}
	}()
	r := &reader{lim: lim, total: lim.MaxTotalSize, cells: lim.MaxBookCells, buf: buf,
		parts: make(map[string]*zip.File, len(zr.File)), opened: map[string]bool{}}
	for _, f := range zr.File {
		name := strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))
		if _, dup := r.parts[name]; dup {
			return nil, &brokenError{part: f.Name, detail: "tệp nén có hai thành phần cùng tên"}
		}
		r.parts[name] = f
	}
	return r.read()
}

// eocdEntries reads the entry count of the zip's end of central directory
// record, the last one in the data; ok is false when there is none or the
// count is in a zip64 record (archive/zip checks those).
func eocdEntries(data []byte) (n int, ok bool) {
	const size = 22 // the record without its comment
	from := max(0, len(data)-size-0xFFFF)
	i := bytes.LastIndex(data[from:], []byte("PK\x05\x06"))
	if i < 0 || from+i+size > len(data) {
		return 0, false
	}
	rec := data[from+i:]
	n = int(rec[10]) | int(rec[11])<<8
	return n, n != 0xFFFF
}

// reader holds the state of one Read.
type reader struct {
	lim    Limits
	total  int64 // bytes that may still be inflated
	cells  int   // <c> elements that may still be read
	parts  map[string]*zip.File
	opened map[string]bool // parts already read: none is inflated twice
	book   *book.Book
	sst    []string
	xf     []book.Format // the number format of each cell format (styles.go)
	buf    *[]byte       // the part being read
}

// open returns a decoder over a part, read whole into the reader's
// buffer (so the previous part's tokens are gone), nil when the file has
// no such part.
func (r *reader) open(name string) (*decoder, error) {
	return r.openBounded(name, r.lim.MaxPartSize)
}

// openBounded is open with a part limit of its own, below MaxPartSize.
func (r *reader) openBounded(name string, limit int64) (*decoder, error) {
	key := strings.ToLower(name)
	f := r.parts[key]
	if f == nil {
		return nil, nil
	}
	if r.opened[key] {
		// Two sheets on one part, or a sheet on the shared strings: Excel
		// refuses it, and reading it again would inflate it twice.
		return nil, &brokenError{part: f.Name, detail: "một thành phần được dùng hai lần (hai trang tính trỏ cùng một phần)"}
	}
	r.opened[key] = true
	rc, err := f.Open()
	if err != nil {
		return nil, &brokenError{part: f.Name, truncated: true, detail: "không giải nén được (" + zipDetail(err) + ")"}
	}
	defer rc.Close()
	pr := &partReader{r: rc, part: f.Name, left: limit, total: &r.total, lim: r.lim}
	buf := (*r.buf)[:0]
	// The declared size is a hint only (partReader counts what comes),
	// bounded by the part limit.
	if want := int(min(f.UncompressedSize64, uint64(limit)) + 1); cap(buf) < want {
		buf = make([]byte, 0, want)
	}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := pr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			*r.buf = buf
			return nil, err
		}
	}
	*r.buf = buf
	return newDecoder(buf, f.Name, r.lim.MaxDepth), nil
}

// partBuffers keeps the buffers parts are read into from one Read to the
// next: a returned report's parts are tens of kilobytes, read by the
// thousand.
var partBuffers = sync.Pool{New: func() any { return new([]byte) }}

// maxPooledBuffer is the largest buffer kept for the next Read; a larger
// one (a big part) is left to the garbage collector.
const maxPooledBuffer = 1 << 20

// zipDetail turns an archive/zip error into words.
func zipDetail(err error) string {
	switch {
	case errors.Is(err, zip.ErrAlgorithm):
		return "kiểu nén không hỗ trợ"
	case errors.Is(err, zip.ErrChecksum):
		return "sai mã kiểm tra, dữ liệu nén bị hỏng"
	case errors.Is(err, zip.ErrFormat):
		return "cấu trúc tệp nén sai"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "dữ liệu nén bị cắt ngang"
	}
	return "dữ liệu nén hỏng"
}

// partReader counts the bytes inflated from a part, whatever its header
// declares, and stops at the part's and the book's limits.
type partReader struct {
	r     io.Reader
	part  string
	left  int64  // bytes this part may still give
	total *int64 // bytes the book may still give
	lim   Limits
	err   error // the first error, returned from then on
}

func (p *partReader) Read(b []byte) (int, error) {
	if p.err != nil {
		return 0, p.err
	}
	n, err := p.r.Read(b)
	p.left -= int64(n)
	*p.total -= int64(n)
	switch {
	case p.left < 0:
		p.err = &LimitError{Part: p.part, What: WhatPartSize, Limit: p.lim.MaxPartSize}
	case *p.total < 0:
		p.err = &LimitError{Part: p.part, What: WhatTotalSize, Limit: p.lim.MaxTotalSize}
	case err != nil && err != io.EOF:
		p.err = &brokenError{part: p.part, truncated: true, detail: "không giải nén được (" + zipDetail(err) + ")"}
	default:
		return n, err
	}
	return 0, p.err
}
