package aggregate

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"tonghop/aggregate/gate"
	"tonghop/aggregate/names"
	"tonghop/templates"
)

// ReadOptions are the options of reading returned files.
type ReadOptions struct {
	// Passwords open workbooks and archives encrypted with a password
	// (--mat-khau, as often as needed), each tried in turn.
	Passwords []string
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
	budget  time.Duration // how long one file of the input folder may take
	// unpackers open the containers, by kind (containers.go).
	unpackers map[gate.Kind]unpacker
}

// NewReader returns a reader of the campaign's returned files.
func NewReader(c *templates.Campaign, opts ReadOptions) *Reader {
	rr := &Reader{c: c, m: names.NewMatcher(c), byEmail: map[string]*templates.Unit{}, forms: map[string]*form{}, opts: opts, budget: gate.FileTime}
	rr.unpackers = map[gate.Kind]unpacker{gate.Mail: rr.unmail, gate.MSG: rr.unmail,
		gate.Zip: rr.unarchive, gate.RAR: rr.unarchive, gate.SevenZip: rr.unarchive, gate.TNEF: rr.unarchive}
	for _, g := range c.Groups {
		f := newForm(c.IndicatorsFor(g.Code))
		f.fingerprint = c.Fingerprint(g.Code)
		rr.forms[g.Code] = f
	}
	for i := range c.Units {
		for _, e := range c.Units[i].Addresses() {
			rr.byEmail[strings.ToLower(e)] = &c.Units[i]
		}
	}
	return rr
}

// ReadAll reads the files at paths, at most workers at a time (0: one per
// CPU), calling progress (when set) after each. Reports come back in the
// order of paths, a container's in place. Merge and check both read
// through it.
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
			reports[i] = rr.readPath(p)
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

// readPath is how one file of the input folder is read, step by step:
//
//  1. find: Collect listed the file (a lock file named directly is skipped);
//  2. bound: only a regular file, read through MaxFileSize, within the
//     time budget (budget.go);
//  3. unpack containers: a mail or an archive becomes the files inside it,
//     within the bounds of containers.go;
//
// then each file it holds is read by readBlob: tell the kind, open, read,
// identify, values, validate. It never panics and never returns nothing:
// a file that cannot be read gives a rejected report saying what to do.
func (rr *Reader) readPath(path string) []*Report {
	if reason := lockFileReason(path); reason != "" {
		return []*Report{skippedFile(&Report{File: FileInfo{Path: path}}, reason)}
	}
	data, info, r := load(path)
	if r != nil {
		return []*Report{r}
	}
	return withinBudget(rr.budget, func() []*Report {
		return rr.unpack(blob{name: path, data: data, modTime: info.ModTime()}, 0, rr.newBudget(), rr.readBlob)
	}, func() []*Report {
		r := &Report{File: FileInfo{Path: path, Size: info.Size(), ModTime: info.ModTime()}}
		return []*Report{rejected(r, overBudget(rr.budget))}
	})
}

// readBlob reads one file that is no container: the rest of the steps of
// readPath, in their order.
//
//  4. tell the kind, by content (gate.Classify): an online form's export
//     and a written report go their own way (channels.go);
//  5. open: a workbook of any format becomes a book.Book (open.go);
//  6. read: its defined names and saved time (read.go);
//  7. identify: its unit (identify.go);
//  8. values: every indicator's cell and the reporter block (read.go,
//     values.go);
//  9. validate: against the campaign (validate.go).
//
// A file whose unit could not be told is then attributed by its name or
// its mail, and an attachment is tied to its mail.
func (rr *Reader) readBlob(f blob) (out []*Report) {
	r := f.report()
	if reason := lockFileReason(f.name); reason != "" {
		skippedFile(r, reason)
		rr.fromMail(r, f.mail)
		return []*Report{r}
	}
	switch f.kind {
	case gate.Text:
		if rows, err := rr.formRows(f.data, f.kind); rows != nil {
			return rr.formReports(f, rows, err)
		}
	case gate.DOCX, gate.ODT, gate.PDF, gate.DOC, gate.Image:
		// A photo of a page is a written report without text, as a
		// scanned PDF is.
		return []*Report{rr.writtenReport(f)}
	}
	// excelize is not meant to panic on any input, but one malformed file
	// must never stop the others: a panic becomes a rejection.
	defer func() {
		if p := recover(); p != nil {
			r.Values, r.Issues, r.Unit = Values{}, nil, nil
			rejected(r, fmt.Sprintf("tệp hỏng, không đọc được (%v) — mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại", p))
			out = rr.unidentified(f, r)
		}
	}()
	o, sheet, msg := rr.open(f.data, f.kind)
	if msg == "" {
		if o.close != nil {
			defer o.close()
		}
		sheet, msg = duplicateSheets(o.b)
	}
	switch {
	case msg != "":
		rejected(r, msg).Issues[len(r.Issues)-1].Sheet = sheet
		return rr.unidentified(f, r)
	case ownWorkbook(o.b):
		skippedFile(r, ownOutputNote)
		rr.fromMail(r, f.mail)
		return []*Report{r}
	}
	rd := rr.newReader(o, r)
	rd.identify()
	if r.State == StateIdentified && !rd.previousForm {
		rd.readValues()
		rd.readReporter()
		rd.carriedUnits()
		validate(rr.c, r, rd.bad)
	}
	r.Issues.Sort()
	if r.Unit == nil {
		return rr.unidentified(f, r)
	}
	rr.fromMail(r, f.mail)
	return []*Report{r}
}

// unidentified finishes the report of a workbook whose unit could not be
// told: perhaps the online form's responses downloaded as a workbook (no
// template identity, no unit name), else a file the unit sent that could
// not be read, attributed by its name or its mail when they say clearly.
func (rr *Reader) unidentified(f blob, r *Report) []*Report {
	if f.kind == gate.XLSX && r.State == StateRejected {
		if rows, err := rr.formRows(f.data, f.kind); rows != nil {
			return rr.formReports(f, rows, err)
		}
	}
	if r.State == StateRejected {
		rr.attribute(r)
	}
	rr.fromMail(r, f.mail)
	return []*Report{r}
}

// now is the run's time for the readers that need one, in Vietnam's time
// zone (where timestamps without a zone were written).
func (rr *Reader) now() time.Time {
	if rr.opts.Now.IsZero() {
		return time.Date(9999, 12, 31, 0, 0, 0, 0, vnZone)
	}
	return rr.opts.Now.In(vnZone)
}
