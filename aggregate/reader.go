package aggregate

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	// bk until the workbook writer, whose builder type is named book, leaves this package
	"tonghop/aggregate/gate"
	"tonghop/aggregate/names"
	"tonghop/templates"
)

// ReadOptions are the options of reading returned files.
type ReadOptions struct {
	// Password opens workbooks encrypted with a password (--mat-khau).
	Password string
	// Now is the run's date and time (merge's --as-of): an online form's
	// timestamps after it are doubtful. Zero means none is checked.
	Now time.Time
}

// Reader reads returned files against one campaign. It owns what every
// file needs and is built once: the name matcher (every unit name and alias
// folded). Safe for concurrent use.
type Reader struct {
	c       *templates.Campaign
	m       *names.Matcher
	byEmail map[string]*templates.Unit // units by their email, lower case
	forms   map[string]*form           // each group's form, shared by its reports' values
	opts    ReadOptions
	// excelizeOnly reads every .xlsx through excelize, never the fast
	// path: the differential test compares the two.
	excelizeOnly bool
}

// NewReader returns a reader of the campaign's returned files.
func NewReader(c *templates.Campaign, opts ReadOptions) *Reader {
	rr := &Reader{c: c, m: names.NewMatcher(c), byEmail: map[string]*templates.Unit{}, forms: map[string]*form{}, opts: opts}
	for _, g := range c.Groups {
		f := newForm(c.IndicatorsFor(g.Code))
		f.fingerprint = c.Fingerprint(g.Code)
		rr.forms[g.Code] = f
	}
	for i := range c.Units {
		if e := strings.ToLower(strings.TrimSpace(c.Units[i].Email)); e != "" {
			rr.byEmail[e] = &c.Units[i]
		}
	}
	return rr
}

// ReadFile reads one file with a reader of its own: for a single file; a
// folder is read with one Reader.
func ReadFile(c *templates.Campaign, path string, opts ReadOptions) *Report {
	return NewReader(c, opts).File(path)
}

// ReadBytes is ReadFile on content already in memory.
func ReadBytes(c *templates.Campaign, name string, data []byte, opts ReadOptions) *Report {
	return NewReader(c, opts).Bytes(name, data)
}

// File reads, identifies and validates one returned file. It never panics
// and never returns nil: an unreadable file gives a Report with Rejected set
// and an error Issue saying what to do. A mail or an archive is read as one
// file here; Inputs reads the files inside it.
func (rr *Reader) File(path string) *Report {
	return rr.fileBounded(path) // budget.go: regular files only, read through a limit, within FileTimeBudget
}

// Inputs reads one file of the input folder: the report it holds, or, for
// a mail (.eml, .msg) or an archive (.zip), one report per attachment or
// entry.
func (rr *Reader) Inputs(path string) []*Report {
	return rr.inputsWithin(path, FileTimeBudget)
}

// ReadAll reads the files at paths with Inputs, at most workers at a time
// (0: one per CPU), calling progress (when set) after each. Reports come
// back in the order of paths, a container's in place. Merge and check both
// read through it.
func (rr *Reader) ReadAll(paths []string, workers int, progress func(done, total int)) []*Report {
	var out []*Report
	for _, rs := range rr.readEach(paths, workers, progress) {
		out = append(out, rs...)
	}
	return out
}

// readEach is ReadAll keeping each path's reports apart.
func (rr *Reader) readEach(paths []string, workers int, progress func(done, total int)) [][]*Report {
	reports := make([][]*Report, len(paths))
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var g errgroup.Group
	g.SetLimit(workers)
	var mu sync.Mutex
	done := 0
	for i, p := range paths {
		g.Go(func() error {
			reports[i] = rr.Inputs(p)
			if progress != nil {
				mu.Lock()
				done++
				progress(done, len(paths))
				mu.Unlock()
			}
			return nil
		})
	}
	g.Wait() // workers return no error: every problem is in its report
	return reports
}

// now is the run's time for the readers that need one, in Vietnam's time
// zone (where timestamps without a zone were written).
func (rr *Reader) now() time.Time {
	if rr.opts.Now.IsZero() {
		return time.Date(9999, 12, 31, 0, 0, 0, 0, vnZone)
	}
	return rr.opts.Now.In(vnZone)
}

// sha is the hex SHA-256 of a file's bytes: byte-identical copies are told
// by it.
func sha(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func tooLarge(n int64) string {
	return fmt.Sprintf("tệp quá lớn (%s; giới hạn %s): báo cáo đơn vị chỉ cần vài chục KB — xóa ảnh dán vào bảng tính hoặc gửi lại đúng tệp biểu mẫu",
		gate.ByteSize(n), gate.ByteSize(gate.MaxFileSize))
}

// Bytes is File on content already in memory; name is the file's path,
// used in messages and to recognise lock files.
func (rr *Reader) Bytes(name string, data []byte) *Report {
	return rr.bytesOf(name, data, gate.Classify(data))
}

// bytesOf is Bytes on content whose kind is already told.
func (rr *Reader) bytesOf(name string, data []byte, kind gate.Kind) *Report {
	r := rr.bytes(name, data, kind)
	if r.Rejected && !r.Skipped && r.Unit == nil {
		rr.attribute(r)
	}
	return r
}

// attribute gives a rejected file the unit its file name names clearly,
// with the evidence.
func (rr *Reader) attribute(r *Report) {
	base := fileBase(r.File.Path)
	best, _ := names.Decide(rr.m.MatchFileName(base))
	if best == nil || best.Score < attributeScore {
		return
	}
	r.Attributed = best.Unit
	r.Evidence = fmt.Sprintf("không đọc được tệp; tên tệp %s chỉ đơn vị %s (%s, %s)", quote(base), unitLabel(best.Unit), best.How, sure(best))
}

// attributeScore is how sure a file name must be to attribute a file that
// could not be read, or to stand against the identity inside a file.
const attributeScore = 0.9

func (rr *Reader) bytes(name string, data []byte, kind gate.Kind) (r *Report) {
	c := rr.c
	r = &Report{File: FileInfo{Path: name, Size: int64(len(data)), SHA256: sha(data)}}
	if skip := lockFileReason(name); skip != "" {
		s := skipped(name, skip)
		s.File = r.File
		return s
	}
	// excelize is not meant to panic on any input, but one malformed file
	// must never stop the others: a panic becomes a rejection.
	defer func() {
		if p := recover(); p != nil {
			r.Values, r.Issues, r.Unit = Values{}, nil, nil
			rejected(r, fmt.Sprintf("tệp hỏng, không đọc được (%v): mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại", p))
		}
	}()
	if int64(len(data)) > gate.MaxFileSize {
		return rejected(r, tooLarge(int64(len(data))))
	}
	switch kind {
	case gate.DOCX, gate.ODT, gate.PDF, gate.DOC:
		return rr.writtenReport(name, data, time.Time{}, nil)
	}
	o, sheet, msg := rr.open(data, kind)
	if msg != "" {
		rejected(r, msg)
		r.Issues[len(r.Issues)-1].Sheet = sheet
		return r
	}
	if o.close != nil {
		defer o.close()
	}
	if sheet, msg := duplicateSheets(o.b); msg != "" {
		rejected(r, msg)
		r.Issues[len(r.Issues)-1].Sheet = sheet
		return r
	}
	if ownWorkbook(o.b) {
		return skippedFile(r, ownOutputNote)
	}
	rd := &reader{c: c, m: rr.m, b: o.b, calc: o.calc, r: r, file: name, forms: rr.forms}
	rd.read()
	validate(c, r, rd.bad)
	r.Issues.Sort()
	return r
}
