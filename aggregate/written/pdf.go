package written

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/ledongthuc/pdf"

	"tonghop/aggregate/gate"
	"tonghop/aggregate/isolate"
)

// PDF text comes from github.com/ledongthuc/pdf (a maintained fork of
// rsc.io/pdf with text extraction and ToUnicode CMaps). Like its parent it
// trusts the file: a /Prev loop in the cross-reference chain or a page tree
// that contains itself loops forever, a huge /Size or subsection start
// allocates without bound, and deep nesting recurses. checkPDF rejects
// those before the library sees the file, the page tree is walked here with
// bounds, content streams are measured before they are interpreted, and
// Read recovers from the library's panics.
//
// What no check before the library can promise — that it never recurses
// without end (object streams said to lie in themselves or in each other)
// nor allocates a terabyte (a predictor's /Columns, a cross-reference
// stream's /W), both fatal to the whole process in Go — is held by running
// the library in a worker process (package isolate): a crash, a runaway
// stack or allocation, or a file past the time limit costs only that file.

const (
	maxPDFNesting = 64   // arrays and dictionaries within each other
	maxPDFPrev    = 64   // cross-reference sections
	maxPageDepth  = 32   // levels of the page tree
	pdfWindow     = 4096 // bytes searched for a trailer's /Prev
)

var errPDFStructure = errors.New("tệp PDF có cấu trúc bất thường (vòng lặp, lồng quá sâu hoặc quá nhiều đối tượng); không đọc")

// pdfJob is the worker job reading a PDF: pdfInput in, pdfOutput out.
const pdfJob = "written.pdf"

func init() { isolate.Register(pdfJob, pdfWorker) }

type pdfInput struct {
	Data []byte
	Lim  Limits
}

type pdfOutput struct {
	Text              string
	Created, Modified time.Time
}

// pdfInWorker is false only in the fuzz tests, which look for our own
// bugs in process.
var pdfInWorker = true

// readPDF reads a PDF's text and dates in a worker process.
func readPDF(data []byte, lim Limits, doc *Doc) (string, error) {
	if !pdfInWorker {
		return pdfText(data, lim, doc)
	}
	var in bytes.Buffer
	if err := gob.NewEncoder(&in).Encode(pdfInput{data, lim}); err != nil {
		return "", err
	}
	res, err := isolate.Run(pdfJob, in.Bytes(), isolate.Limits{})
	var f *isolate.Failure
	switch {
	case errors.As(err, &f) && !f.Crashed:
		return "", errors.New(f.Reason)
	case errors.As(err, &f):
		return "", errors.New("tệp PDF không đọc được: " + f.Reason)
	case err != nil:
		return "", err
	}
	var out pdfOutput
	if err := gob.NewDecoder(bytes.NewReader(res)).Decode(&out); err != nil {
		return "", fmt.Errorf("tệp PDF không đọc được: kết quả đọc hỏng (%v)", err)
	}
	doc.Created, doc.Modified = out.Created, out.Modified
	return out.Text, nil
}

// pdfWorker is the worker's side of readPDF.
func pdfWorker(b []byte) ([]byte, error) {
	var in pdfInput
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&in); err != nil {
		return nil, err
	}
	var doc Doc
	text, err := pdfText(in.Data, in.Lim, &doc)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	err = gob.NewEncoder(&out).Encode(pdfOutput{text, doc.Created, doc.Modified})
	return out.Bytes(), err
}

// pdfText reads a PDF's text and dates in this process.
func pdfText(data []byte, lim Limits, doc *Doc) (text string, err error) {
	defer func() {
		// The library reports malformed input by panicking.
		if r := recover(); r != nil {
			text, err = "", errors.New("tệp PDF hỏng, không đọc được")
		}
	}()
	if err := checkPDF(data, lim); err != nil {
		return "", err
	}
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		if strings.Contains(err.Error(), "password") || strings.Contains(err.Error(), "encrypt") {
			return "", errors.New("tệp PDF có mật khẩu hoặc mã hóa; không đọc được")
		}
		return "", errors.New("tệp PDF hỏng hoặc bị cắt cụt")
	}
	info := r.Trailer().Key("Info")
	doc.Created = pdfDate(info.Key("CreationDate").Text())
	doc.Modified = pdfDate(info.Key("ModDate").Text())
	pages, err := pdfPages(r.Trailer().Key("Root").Key("Pages"), lim.MaxPages)
	if err != nil {
		return "", err
	}
	out := &textBuf{max: lim.MaxText}
	// The work budget: content bytes interpreted over all pages. Pages
	// past it (drawings without text, or a hostile file) are skipped.
	budget := 4 * int64(lim.MaxText)
	var fw fontWork
	for _, p := range pages {
		if out.full() || budget <= 0 {
			break
		}
		n, err := contentSize(p.V.Key("Contents"), int64(lim.MaxText/2))
		if err != nil {
			return "", err
		}
		budget -= n
		if err := fw.cmapSizes(p); err != nil {
			return "", err
		}
		pageLines(pageSegments(p), out)
	}
	return out.b.String(), nil
}

// checkPDF scans the raw file for what the library cannot bear: nesting
// deeper than maxPDFNesting, more objects than allowed, a cross-reference
// subsection or /Size beyond the object bound, and a /Prev chain that loops
// or is too long. It is linear in the file.
func checkPDF(data []byte, lim Limits) error {
	if bytes.Count(data, []byte(" obj")) > lim.MaxObjects {
		return errPDFStructure
	}
	depth := 0
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '[':
			depth++
		case ']':
			depth--
		case '<':
			if i+1 < len(data) && data[i+1] == '<' {
				depth++
				i++
			}
		case '>':
			if i+1 < len(data) && data[i+1] == '>' {
				depth--
				i++
			}
		case 's':
			// Skip stream data: binary bytes are not structure.
			if bytes.HasPrefix(data[i:], []byte("stream")) && (i == 0 || data[i-1] != 'd') {
				end := bytes.Index(data[i:], []byte("endstream"))
				if end < 0 {
					return nil
				}
				i += end + len("endstream") - 1
			}
		}
		if depth < 0 {
			depth = 0
		}
		if depth > maxPDFNesting {
			return errPDFStructure
		}
	}
	for _, v := range intsAfter(data, []byte("/Size")) {
		if v > int64(lim.MaxObjects) {
			return errPDFStructure
		}
	}
	if !xrefSectionsOK(data, int64(lim.MaxObjects)) {
		return errPDFStructure
	}
	if !prevChainOK(data) {
		return errPDFStructure
	}
	if !extendsOK(data) {
		return errPDFStructure
	}
	return nil
}

// extendsOK refuses object streams whose /Extends chain loops or runs past
// maxPDFPrev streams: the library looks for an object along the chain
// without end. A stream never lies in an object stream, so every object
// stream's dictionary is in the file's bytes: the /Extends found after the
// header "n g obj" is n's.
func extendsOK(data []byte) bool {
	key := []byte("/Extends")
	if !bytes.Contains(data, key) {
		return true
	}
	extends := map[int64]int64{}
	header := int64(-1) // the object whose body is being scanned
	// next finds sep at or after off, len(data) when there is none.
	next := func(sep []byte, off int) int {
		if i := bytes.Index(data[off:], sep); i >= 0 {
			return off + i
		}
		return len(data)
	}
	obj, ext := next([]byte(" obj"), 0), next(key, 0)
	for ext < len(data) {
		if obj < ext {
			header = objNumBefore(data, obj)
			obj = next([]byte(" obj"), obj+1)
			continue
		}
		if to, ok := refAt(data, ext+len(key)); ok && header >= 0 {
			extends[header] = to
		}
		ext = next(key, ext+1)
	}
	for from := range extends {
		n, ok := 0, true
		for to := from; ok; to, ok = extends[to] {
			if n++; n > maxPDFPrev || (n > 1 && to == from) {
				return false
			}
		}
	}
	return true
}

// refAt reads the object number of a reference "n g R" at off.
func refAt(data []byte, off int) (int64, bool) {
	f := bytes.Fields(data[off:min(len(data), off+32)])
	if len(f) < 3 || !bytes.HasPrefix(f[2], []byte("R")) {
		return 0, false
	}
	n, err := strconv.ParseInt(string(f[0]), 10, 64)
	return n, err == nil
}

// objNumBefore reads n of "n g obj" from the header ending at end (where
// " obj" starts), -1 when it is none.
func objNumBefore(data []byte, end int) int64 {
	f := bytes.Fields(data[max(0, end-24):end])
	if len(f) < 2 {
		return -1
	}
	n, err := strconv.ParseInt(string(f[len(f)-2]), 10, 64)
	if err != nil {
		return -1
	}
	return n
}

// intsAfter returns the integer after each occurrence of key.
func intsAfter(data, key []byte) []int64 {
	var out []int64
	for off := 0; ; {
		i := bytes.Index(data[off:], key)
		if i < 0 {
			return out
		}
		off += i + len(key)
		if v, ok := intAt(data, off); ok {
			out = append(out, v)
		}
	}
}

// intAt reads an unsigned integer after optional white space at off.
func intAt(data []byte, off int) (int64, bool) {
	for off < len(data) && isSpace(data[off]) {
		off++
	}
	j := off
	for j < len(data) && j-off < 12 && data[j] >= '0' && data[j] <= '9' {
		j++
	}
	v, err := strconv.ParseInt(string(data[off:j]), 10, 64)
	return v, err == nil
}

func isSpace(b byte) bool {
	return b == ' ' || b == '\n' || b == '\r' || b == '\t' || b == '\f' || b == 0
}

// xrefSectionsOK checks each classic cross-reference table's subsection
// headers ("start count"): start+count must stay within max objects.
func xrefSectionsOK(data []byte, max int64) bool {
	for off := 0; ; {
		i := bytes.Index(data[off:], []byte("xref"))
		if i < 0 {
			return true
		}
		at := off + i
		off = at + 4
		if at >= 5 && string(data[at-5:at]) == "start" {
			continue
		}
		f := bytes.Fields(data[off:min(len(data), off+64)])
		if len(f) >= 2 {
			start, err1 := strconv.ParseInt(string(f[0]), 10, 64)
			n, err2 := strconv.ParseInt(string(f[1]), 10, 64)
			if err1 == nil && err2 == nil && (start > max || n > max || start+n > max) {
				return false
			}
		}
	}
}

// prevChainOK follows startxref and each section's /Prev, refusing a loop
// or more than maxPDFPrev sections.
func prevChainOK(data []byte) bool {
	i := bytes.LastIndex(data, []byte("startxref"))
	if i < 0 {
		return true // the library reports it
	}
	off, ok := intAt(data, i+len("startxref"))
	seen := map[int64]bool{}
	for ok {
		if off < 0 || off >= int64(len(data)) {
			return true // the library reports it
		}
		if seen[off] || len(seen) == maxPDFPrev {
			return false
		}
		seen[off] = true
		sec := data[off:]
		if end := bytes.Index(sec, []byte("startxref")); end >= 0 {
			sec = sec[:end]
		}
		if t := bytes.Index(sec, []byte("trailer")); t >= 0 {
			sec = sec[t:]
		}
		if s := bytes.Index(sec, []byte("stream")); s >= 0 {
			sec = sec[:s]
		}
		p := bytes.Index(sec[:min(len(sec), pdfWindow)], []byte("/Prev"))
		if p < 0 {
			return true
		}
		off, ok = intAt(sec, p+len("/Prev"))
	}
	return true
}

// pdfPages walks the page tree with bounds on its depth and size.
func pdfPages(root pdf.Value, maxPages int) ([]pdf.Page, error) {
	var pages []pdf.Page
	visits := 0
	var walk func(v pdf.Value, depth int) error
	walk = func(v pdf.Value, depth int) error {
		visits++
		if depth > maxPageDepth || visits > 10*maxPages+100 {
			return errPDFStructure
		}
		switch v.Key("Type").Name() {
		case "Page":
			for p, i := v, 0; !p.IsNull(); p, i = p.Key("Parent"), i+1 {
				if i > maxPageDepth {
					return errPDFStructure
				}
			}
			pages = append(pages, pdf.Page{V: v})
		case "Pages":
			kids := v.Key("Kids")
			for i := 0; i < kids.Len() && len(pages) < maxPages; i++ {
				if err := walk(kids.Index(i), depth+1); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := walk(root, 0); err != nil {
		return nil, err
	}
	return pages, nil
}

// maxContentParts bounds the streams of a page's /Contents array: a
// page of 50,000 took 2.8 s and 700 MB; a real page has a handful.
const maxContentParts = 1000

// contentSize measures a page's content streams, refusing them past max
// bytes: every segment of a page is kept in memory to be sorted.
func contentSize(v pdf.Value, max int64) (int64, error) {
	var streams []pdf.Value
	switch v.Kind() {
	case pdf.Stream:
		streams = append(streams, v)
	case pdf.Array:
		if v.Len() > maxContentParts {
			return 0, fmt.Errorf("một trang PDF có quá nhiều phần nội dung (%d, tối đa %d)", v.Len(), maxContentParts)
		}
		for i := 0; i < v.Len(); i++ {
			streams = append(streams, v.Index(i))
		}
	}
	total := int64(0)
	for _, s := range streams {
		if s.Kind() != pdf.Stream {
			continue
		}
		rc := s.Reader()
		n, _ := io.Copy(io.Discard, io.LimitReader(rc, max-total+1))
		rc.Close()
		if total += n; total > max {
			return total, fmt.Errorf("nội dung một trang PDF quá lớn (hơn %d byte)", max)
		}
	}
	return total, nil
}

// Bounds of the fonts a PDF may make us read: the limits policy's.
const (
	maxCMap      = gate.WrittenMaxCMap
	maxPageFonts = gate.WrittenMaxPageFonts
	maxFileFonts = gate.WrittenMaxFileFonts
	maxFileCMaps = gate.WrittenMaxFileCMaps
)

// fontWork counts the fonts and CMap bytes read over a whole file.
type fontWork struct {
	fonts int
	cmaps int64
}

// cmapSizes refuses a page whose fonts' ToUnicode CMaps inflate past
// maxCMap, or that takes the file past its font bounds.
func (w *fontWork) cmapSizes(p pdf.Page) error {
	fonts := p.Resources().Key("Font")
	keys := fonts.Keys()
	if len(keys) > maxPageFonts {
		return errPDFStructure
	}
	if w.fonts += len(keys); w.fonts > maxFileFonts {
		return fmt.Errorf("tệp PDF dùng quá nhiều phông chữ (hơn %d lượt trên các trang)", maxFileFonts)
	}
	for _, name := range keys {
		n, err := contentSize(fonts.Key(name).Key("ToUnicode"), maxCMap)
		if err != nil {
			return fmt.Errorf("bảng mã chữ của phông %s trong tệp PDF quá lớn", name)
		}
		if w.cmaps += n; w.cmaps > maxFileCMaps {
			return fmt.Errorf("các bảng mã chữ của tệp PDF quá lớn (hơn %d MB trên các trang)", maxFileCMaps>>20)
		}
	}
	return nil
}

// pdfDate reads "D:20240408101500+07'00'" and its shorter forms.
func pdfDate(s string) time.Time {
	s = strings.TrimPrefix(strings.TrimSpace(s), "D:")
	if len(s) < 4 {
		return time.Time{}
	}
	digits := s
	zone := ""
	if i := strings.IndexAny(s, "Z+-"); i >= 0 {
		digits, zone = s[:i], s[i:]
	}
	layout := "20060102150405"
	if len(digits) > len(layout) || len(digits)%2 != 0 {
		return time.Time{}
	}
	t, err := time.Parse(layout[:len(digits)], digits)
	if err != nil {
		return time.Time{}
	}
	zone = strings.ReplaceAll(zone, "'", "")
	if len(zone) == 5 {
		h, e1 := strconv.Atoi(zone[1:3])
		m, e2 := strconv.Atoi(zone[3:5])
		if e1 == nil && e2 == nil {
			off := (h*60 + m) * 60
			if zone[0] == '-' {
				off = -off
			}
			t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.FixedZone("", off))
		}
	}
	return t
}
