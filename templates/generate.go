package templates

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"tonghop/templates/atomicfile"
	"tonghop/templates/vn"

	"github.com/xuri/excelize/v2"
	"golang.org/x/sync/errgroup"
)

// ListFileName is the mail-merge list Generate writes next to the workbooks.
const ListFileName = "danh-sach-gui.csv"

// newFastZip returns the zip writer of the templates. Most parts of a
// workbook (theme, styles, the sheets of a group, relationships) are the same
// from one unit to the next; compressing them again was a quarter of the
// time spent on a workbook. It compresses each part once, at
// flate.BestSpeed, and reuses the result when the same part comes again.
func newFastZip(w io.Writer) excelize.ZipWriter { return &partZip{zw: zip.NewWriter(w)} }

type partZip struct {
	zw   *zip.Writer
	name string
	buf  bytes.Buffer
	open bool
}

func (z *partZip) Create(name string) (io.Writer, error) {
	if err := z.flush(); err != nil {
		return nil, err
	}
	z.name, z.open = name, true
	z.buf.Reset()
	return &z.buf, nil
}

func (z *partZip) AddFS(fsys fs.FS) error {
	if err := z.flush(); err != nil {
		return err
	}
	return z.zw.AddFS(fsys)
}

func (z *partZip) Close() error {
	if err := z.flush(); err != nil {
		return err
	}
	return z.zw.Close()
}

func (z *partZip) flush() error {
	if !z.open {
		return nil
	}
	z.open = false
	p, err := parts.compressed(z.name, z.buf.Bytes())
	if err != nil {
		return err
	}
	w, err := z.zw.CreateRaw(&zip.FileHeader{
		Name: z.name, Method: zip.Deflate, CRC32: p.crc,
		CompressedSize64: uint64(len(p.comp)), UncompressedSize64: uint64(len(p.raw)),
	})
	if err != nil {
		return err
	}
	_, err = w.Write(p.comp)
	return err
}

// partCache keeps, per part name, the last few distinct contents with their
// compressed form.
type partCache struct {
	mu sync.Mutex
	m  map[string][]*part
}

type part struct {
	raw, comp []byte
	crc       uint32
}

// maxPartVariants bounds the memory of the cache: a campaign's groups give
// a handful of variants of each sheet.
const maxPartVariants = 16

var (
	parts     = partCache{m: map[string][]*part{}}
	flatePool sync.Pool
)

func (pc *partCache) compressed(name string, raw []byte) (*part, error) {
	pc.mu.Lock()
	for _, p := range pc.m[name] {
		if bytes.Equal(p.raw, raw) {
			pc.mu.Unlock()
			return p, nil
		}
	}
	pc.mu.Unlock()

	var out bytes.Buffer
	fw, _ := flatePool.Get().(*flate.Writer)
	if fw == nil {
		var err error
		if fw, err = flate.NewWriter(&out, flate.BestSpeed); err != nil {
			return nil, err
		}
	} else {
		fw.Reset(&out)
	}
	_, err := fw.Write(raw)
	if cerr := fw.Close(); err == nil {
		err = cerr
	}
	flatePool.Put(fw)
	if err != nil {
		return nil, err
	}
	p := &part{raw: bytes.Clone(raw), comp: out.Bytes(), crc: crc32.ChecksumIEEE(raw)}

	pc.mu.Lock()
	vs := pc.m[name]
	if len(vs) >= maxPartVariants {
		vs = vs[1:]
	}
	pc.m[name] = append(vs, p)
	pc.mu.Unlock()
	return p, nil
}

// GenerateOptions selects what Generate writes.
type GenerateOptions struct {
	OutDir string // created when missing
	// Units and Groups select units by code; both empty means every unit.
	// A unit is selected when it is listed or its group is.
	Units, Groups []string
	// Progress, when set, is called after each workbook, one call at a time.
	Progress func(done, total int)
	// Workers is how many workbooks are built at once; 0 means one per CPU.
	Workers int
}

// GeneratedFile is one workbook written.
type GeneratedFile struct {
	Unit *Unit
	Path string
}

// GenerateResult says what Generate wrote.
type GenerateResult struct {
	Files []GeneratedFile // in campaign order
	List  string          // path of the mail-merge list
	// Questions is the path of the online form's question list
	// (OnlineQuestionsFileName): the questions in order with their types
	// and choices, to build the form with texts that map back.
	Questions string
	// NoEmail are the units written without an email address, in campaign
	// order: the mail-merge list cannot reach them.
	NoEmail []*Unit
}

// noEmailShown is how many codes NoEmailWarning names before "…".
const noEmailShown = 5

// NoEmailWarning is the one line that tells the officer which units the
// mail-merge list cannot reach and how to fill their emails in; "" when every
// unit has one.
func (res GenerateResult) NoEmailWarning() string {
	n := len(res.NoEmail)
	if n == 0 {
		return ""
	}
	var codes []string
	for _, u := range res.NoEmail[:min(n, noEmailShown)] {
		codes = append(codes, u.Code)
	}
	list := strings.Join(codes, ", ")
	if n > noEmailShown {
		list += ", …"
	}
	return fmt.Sprintf("Cảnh báo: %d/%d đơn vị chưa có email (%s). Điền cột Email của trang “%s” trong tệp chiến dịch (tạo bằng tonghop init), lưu lại rồi chạy lại lệnh.",
		n, len(res.Files), list, tableUnits.sheet)
}

// Select returns the units chosen by codes of units and groups (matched
// without regard to case), in campaign order; both empty means all. Unknown
// codes are an error naming them all.
func (c *Campaign) Select(units, groups []string) ([]*Unit, error) {
	wantUnit, wantGroup := map[string]bool{}, map[string]bool{}
	var badUnits, badGroups []string
	for _, code := range units {
		code = strings.TrimSpace(code)
		if code == "" {
			continue
		}
		u := c.findUnit(code)
		if u == nil {
			badUnits = append(badUnits, code)
			continue
		}
		wantUnit[u.Code] = true
	}
	for _, code := range groups {
		code = strings.TrimSpace(code)
		if code == "" {
			continue
		}
		g := c.findGroup(code)
		if g == nil {
			badGroups = append(badGroups, code)
			continue
		}
		wantGroup[g.Code] = true
	}
	var msgs []string
	if len(badUnits) > 0 {
		msgs = append(msgs, "không có đơn vị mã "+strings.Join(badUnits, ", "))
	}
	if len(badGroups) > 0 {
		var known []string
		for _, g := range c.Groups {
			known = append(known, g.Code)
		}
		msgs = append(msgs, fmt.Sprintf("không có nhóm mã %s (các nhóm: %s)", strings.Join(badGroups, ", "), strings.Join(known, ", ")))
	}
	if len(msgs) > 0 {
		return nil, errors.New(strings.Join(msgs, "; "))
	}
	all := len(wantUnit) == 0 && len(wantGroup) == 0
	var out []*Unit
	for i := range c.Units {
		u := &c.Units[i]
		if all || wantUnit[u.Code] || wantGroup[u.Group] {
			out = append(out, u)
		}
	}
	return out, nil
}

func (c *Campaign) findUnit(code string) *Unit {
	if u := c.Unit(code); u != nil {
		return u
	}
	for i := range c.Units {
		if strings.EqualFold(c.Units[i].Code, code) {
			return &c.Units[i]
		}
	}
	return nil
}

func (c *Campaign) findGroup(code string) *Group {
	if g := c.Group(code); g != nil {
		return g
	}
	for i := range c.Groups {
		if strings.EqualFold(c.Groups[i].Code, code) {
			return &c.Groups[i]
		}
	}
	return nil
}

// Generate writes one report workbook per selected unit into opts.OutDir,
// named by FileName, and the mail-merge list ListFileName. Each file is
// written to a temporary file in the folder and renamed into place, so an
// interrupted run leaves no half-written workbook.
func Generate(c *Campaign, opts GenerateOptions) (GenerateResult, error) {
	var res GenerateResult
	units, err := c.Select(opts.Units, opts.Groups)
	if err != nil {
		return res, err
	}
	dir := opts.OutDir
	if dir == "" {
		dir = "."
	}
	// The folder's own messages, in Vietnamese: "f.txt: đó là một tệp,
	// không phải thư mục" rather than the system's "not a directory".
	if err := atomicfile.PrepareDir(dir); err != nil {
		return res, err
	}
	names := make([]string, len(units)) // FileName, once per unit
	for i, u := range units {
		names[i] = FileName(u)
	}
	if dup := duplicateFileNames(names); dup != "" {
		return res, fmt.Errorf("hai đơn vị cùng tên tệp %s", dup)
	}

	// The workbooks are written as one batch: each to its temporary file
	// as it is built, all flushed to disk once and renamed into place at
	// the end (one flush per file kept one core idle, waiting on the disk).
	files := make([]GeneratedFile, len(units))
	batch := atomicfile.NewBatch(dir)
	var (
		mu   sync.Mutex
		done int
	)
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	st := newStencils(c)
	g, ctx := errgroup.WithContext(context.Background())
	g.SetLimit(workers)
	for _, build := range st.plan(units) {
		g.Go(func() error {
			build()
			return nil
		})
	}
	for i, u := range units {
		g.Go(func() error {
			if ctx.Err() != nil {
				return nil // another workbook failed: stop early
			}
			if err := c.writeTemplate(u, names[i], batch, st); err != nil {
				return err
			}
			files[i] = GeneratedFile{Unit: u, Path: filepath.Join(dir, names[i])}
			if opts.Progress != nil {
				mu.Lock()
				done++
				opts.Progress(done, len(units))
				mu.Unlock()
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		batch.Abort()
		return res, err
	}
	// The two lists go in the same batch, renamed after the workbooks:
	// written apart, each cost a folder listing and two flushes, on one
	// core while the other had nothing to do.
	if err := batch.Write(ListFileName, func(w io.Writer) error { return c.writeList(w, units, names) }); err != nil {
		batch.Abort()
		return res, err
	}
	if err := batch.Write(OnlineQuestionsFileName, func(w io.Writer) error { return WriteOnlineQuestions(w, c) }); err != nil {
		batch.Abort()
		return res, err
	}
	if err := batch.Commit(); err != nil {
		return res, err
	}
	res.Files = files
	for _, u := range units {
		if u.Email == "" {
			res.NoEmail = append(res.NoEmail, u)
		}
	}
	res.List = filepath.Join(dir, ListFileName)
	res.Questions = filepath.Join(dir, OnlineQuestionsFileName)
	return res, nil
}

func duplicateFileNames(names []string) string {
	seen := map[string]bool{}
	for _, name := range names {
		n := strings.ToLower(name)
		if seen[n] {
			return name
		}
		seen[n] = true
	}
	return ""
}

// writeTemplate writes the unit's workbook: from its variant's stencil when
// there is one, else built whole by Template.
func (c *Campaign) writeTemplate(u *Unit, name string, batch *atomicfile.Batch, st *stencils) error {
	return batch.Write(name, func(w io.Writer) error { return c.writeTo(w, u, st) })
}

// writeTo writes u's template: from its variant's stencil when there is
// one, else built whole.
func (c *Campaign) writeTo(w io.Writer, u *Unit, st *stencils) error {
	if s := st.of(u); s != nil {
		return s.write(w, u)
	}
	f, err := c.Template(u)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.WriteTo(w)
	return err
}

// TemplateWriter returns a writer of units' templates, the same bytes as
// Generate writes, for a caller that attaches many of them (the drafts of
// a merge): each variant's stencil is built once, when its first unit is
// written. Safe for concurrent use.
func (c *Campaign) TemplateWriter() func(w io.Writer, u *Unit) error {
	st := newStencils(c)
	return func(w io.Writer, u *Unit) error { return c.writeTo(w, u, st) }
}

// csvText keeps a field inert when the list is opened in Excel: the names
// come from the campaign workbook an officer edits, and a field starting
// with = + - @ (or a tab or carriage return) would be taken as a formula.
// The usual quote prefix makes it text.
func csvText(s string) string {
	s = vn.Safe(s) // no control or bidi-override characters
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// writeList writes the mail-merge list: UTF-8 with a BOM so that Excel
// reads the Vietnamese right, one row per unit (names are their file names).
func (c *Campaign) writeList(w io.Writer, units []*Unit, names []string) error {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = true
	rows := [][]string{{"Mã đơn vị", "Tên đơn vị", "Nhóm", "Email", "Tên tệp"}}
	for i, u := range units {
		rows = append(rows, []string{csvText(u.Code), csvText(u.Name), csvText(u.Group), csvText(u.Email), csvText(names[i])})
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
