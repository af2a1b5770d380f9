package aggregate

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	bk "tonghop/aggregate/book"
	"tonghop/aggregate/gate"
	"tonghop/aggregate/ods"
	"tonghop/aggregate/xls"
	"tonghop/aggregate/xlsx"
)

// opened is a workbook ready for the reader: its content as a bk.Book,
// and, when the format allows, a way to compute a formula whose result the
// writer did not store.
type opened struct {
	b     *bk.Book
	calc  func(sheet, cell string) (string, error) // nil when not possible
	close func()
}

// open opens a workbook of any format the reader knows, by its content:
// .ods and .xls with their own readers, .xlsx (and encrypted .xlsx, with
// the password) through excelize. msg says why it cannot be opened, naming
// the sheet when there is one.
func (rr *Reader) open(data []byte, kind gate.Kind) (o opened, sheet, msg string) {
	switch kind {
	case gate.ODS:
		b, err := ods.Read(data, ods.Limits{})
		if err != nil {
			return o, "", formatError(err, ods.ErrEncrypted)
		}
		return opened{b: b}, "", ""
	case gate.XLS:
		var b *bk.Book
		var err error
		for _, password := range rr.opts.tries() {
			if b, err = xls.ReadPassword(data, password, xls.Limits{}); !errors.Is(err, xls.ErrEncrypted) {
				break
			}
		}
		if err != nil {
			return o, "", formatError(err, xls.ErrEncrypted)
		}
		return opened{b: b}, "", ""
	}
	if kind == gate.XLSX && !rr.excelizeOnly {
		// The fast path reads only what the reader needs, in one pass with
		// the hostile-file limits folded in. Whatever it cannot decide — an
		// encrypted or broken file, one over a limit — goes the excelize
		// way below, which says why in the words officers already know.
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return o, "", gate.MsgTruncated
		}
		if msg := gate.CheckDirectory(zr); msg != "" {
			return o, "", msg
		}
		// A sheet that would expand (every row filled up to its last cell,
		// as excelize does) past the gate's bound is over the fast path's
		// cell limit, which counts the same way: the excelize way refuses it.
		if b, err := xlsx.ReadArchive(zr, xlsx.Limits{MaxCells: gate.MaxSheetCells}); err == nil && sound(zr) {
			calc, closer := lazyCalc(data, rr.opts)
			return opened{b: b, calc: calc, close: closer}, "", ""
		}
	}
	if msg := gate.Sniff(data, len(rr.opts.Passwords) > 0); msg != "" {
		return o, "", msg
	}
	return openExcelize(data, rr.opts)
}

// sound reports whether a workbook the fast path read is one excelize
// would open too, so that both paths decide alike: the package's
// relationships are there and its styles are well-formed XML.
func sound(zr *zip.Reader) bool {
	rels := false
	for _, f := range zr.File {
		switch strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/")) {
		case "_rels/.rels":
			rels = true
		case "xl/styles.xml":
			if !wellFormed(f) {
				return false
			}
		}
	}
	return rels
}

// wellFormed tells cheaply, within the gate's part bound, whether a part
// excelize parses up front (the styles) is whole: it ends with its root's
// end tag, and holds no more elements than the gate allows. A part cut
// short, or one built to cost excelize seconds, sends the file the
// excelize way, where the gate says why.
func wellFormed(f *zip.File) bool {
	rc, err := f.Open()
	if err != nil {
		return false
	}
	defer rc.Close()
	// Streamed in small chunks: the part is never held whole, so a part
	// built to be large costs no memory here.
	var head, tail []byte
	buf := make([]byte, 32<<10)
	var total int64
	starts := 0
	prevLT := false
	for {
		n, err := rc.Read(buf)
		chunk := buf[:n]
		if total += int64(n); total > gate.MaxPartSize {
			return false
		}
		for _, c := range chunk {
			if prevLT && c != '/' && c != '?' && c != '!' {
				if starts++; starts > gate.MaxElements {
					return false
				}
			}
			prevLT = c == '<'
		}
		if len(head) < 1024 {
			head = append(head, chunk[:min(len(chunk), 1024-len(head))]...)
		}
		tail = append(tail, chunk...)
		if len(tail) > 512 {
			tail = append(tail[:0], tail[len(tail)-512:]...)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return false
		}
	}
	root, ok := gate.RootElement(head)
	if !ok || root == "" {
		return false
	}
	end := bytes.TrimRight(tail, " \t\r\n")
	if !bytes.HasSuffix(end, []byte(">")) {
		return false
	}
	i := bytes.LastIndex(end, []byte("</"))
	if i < 0 {
		return false
	}
	name := string(bytes.TrimSpace(end[i+2 : len(end)-1]))
	if k := strings.LastIndexByte(name, ':'); k >= 0 {
		name = name[k+1:]
	}
	return name == root
}

// lazyCalc computes formulas that have no stored result with excelize,
// opening the workbook the first time one is met (rare: Excel and
// LibreOffice store results), behind the same gate as the excelize path.
func lazyCalc(data []byte, opts ReadOptions) (calc func(sheet, cell string) (string, error), closer func()) {
	var f *excelize.File
	var failed error
	calc = func(sheet, cell string) (string, error) {
		if f == nil && failed == nil {
			// Only a plain .xlsx takes the fast path: no password to try.
			if msg := gate.Sniff(data, false); msg != "" {
				failed = errors.New(msg)
			} else if f, failed = excelize.OpenReader(bytes.NewReader(data), excelize.Options{
				RawCellValue: true, UnzipSizeLimit: gate.UnzipSizeLimit, UnzipXMLSizeLimit: gate.UnzipXMLSizeLimit,
			}); failed != nil {
				f = nil
			}
		}
		if failed != nil {
			return "", failed
		}
		return f.CalcCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	}
	closer = func() {
		if f != nil {
			f.Close()
		}
	}
	return calc, closer
}

// duplicateSheets refuses a workbook of any format whose sheets cannot be
// told apart: Excel compares sheet names without case, and reading one of
// two sheets of the same name would be a guess. "" when fine.
func duplicateSheets(b *bk.Book) (sheet, msg string) {
	seen := map[string]bool{}
	for _, s := range b.Sheets {
		key := strings.ToLower(s.Name)
		if seen[key] {
			return s.Name, fmt.Sprintf("tệp có hai trang cùng tên %s (Excel không cho phép, tệp đã bị sửa bằng công cụ khác hoặc bị hỏng): không biết phải đọc trang nào — mở tệp bằng Excel, lưu lại rồi gửi lại, hoặc đề nghị đơn vị gửi lại", quote(s.Name))
		}
		seen[key] = true
	}
	return "", ""
}

// formatError is the message of a format reader's error: its Vietnamese
// text, with what to do; an encrypted file is told as the .xlsx path tells
// it.
func formatError(err, encrypted error) string {
	if errors.Is(err, encrypted) {
		return gate.MsgEncrypted
	}
	return err.Error() + ": mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi gửi lại; nếu vẫn lỗi, đề nghị đơn vị gửi lại"
}

// openExcelize opens an .xlsx (or an encrypted one, with the password)
// through excelize and copies what the reader needs into a bk.Book: every
// cell of the first maxScanRows rows and maxScanCols columns of each sheet,
// and every cell a defined name points to. msg is the reason it cannot be
// opened, "" on success; the caller closes the result.
//
// It is long because it copies each part of what excelize reads into the book in turn.
func openExcelize(data []byte, opts ReadOptions) (o opened, sheet, msg string) {
	var f *excelize.File
	var err error
	for _, password := range opts.tries() {
		f, err = excelize.OpenReader(bytes.NewReader(data), excelize.Options{
			RawCellValue:      true,
			UnzipSizeLimit:    gate.UnzipSizeLimit,
			UnzipXMLSizeLimit: gate.UnzipXMLSizeLimit,
			Password:          password,
		})
		if !wrongPassword(err, password) {
			break
		}
	}
	if err != nil {
		if f != nil {
			f.Close()
		}
		return o, "", openError(err, opts)
	}
	// Rows are streamed from each sheet's XML before any cell is looked up:
	// excelize keeps a sheet in memory once a cell of it is read, and a
	// sheet in memory is written back to XML for streaming, which a row
	// reaching column XFD makes cost hundreds of megabytes.
	found := map[string][]bk.Ref{}
	for _, name := range f.GetSheetList() {
		found[name] = rowRefs(f, name)
	}
	if sheet, msg := checkSheets(f); msg != "" {
		f.Close()
		return o, sheet, msg
	}
	b := &bk.Book{Format: "xlsx", Custom: map[string]string{}}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		b.Date1904 = *props.Date1904
	}
	if dp, err := f.GetDocProps(); err == nil && dp != nil {
		b.Modified = parseTime(dp.Modified)
		b.Created = parseTime(dp.Created)
	}
	if ap, err := f.GetAppProps(); err == nil && ap != nil {
		b.Application = ap.Application
	}
	if props, err := f.GetCustomProps(); err == nil {
		for _, p := range props {
			b.Custom[p.Name] = fmt.Sprint(p.Value)
		}
	}
	named := map[string][]string{} // sheet (folded) → cells names point to
	for _, dn := range f.GetDefinedName() {
		scope := dn.Scope
		if scope == "Workbook" {
			scope = ""
		}
		b.Names = append(b.Names, bk.Name{Name: dn.Name, Scope: scope, RefersTo: dn.RefersTo})
		if ref, ok := parseRefersTo(dn.RefersTo); ok && !ref.Broken {
			key := strings.ToLower(ref.Sheet)
			named[key] = append(named[key], ref.Cell)
		}
	}
	for _, name := range f.GetSheetList() {
		s := &bk.Sheet{Name: name, Cells: map[bk.Ref]bk.Cell{}}
		if vis, _ := f.GetSheetVisible(name); !vis {
			s.State = bk.Hidden
		}
		for _, r := range found[name] {
			copyCell(f, s, r)
		}
		for _, cell := range named[strings.ToLower(name)] {
			if r, ok := bk.ParseRef(cell); ok {
				if _, seen := s.Cells[r]; !seen {
					copyCell(f, s, r)
				}
			}
		}
		if mcs, err := f.GetMergeCells(name, true); err == nil {
			for _, mc := range mcs {
				from, ok1 := bk.ParseRef(mc.GetStartAxis())
				to, ok2 := bk.ParseRef(mc.GetEndAxis())
				if ok1 && ok2 {
					s.Merges = append(s.Merges, bk.Range{From: from, To: to})
				}
			}
		}
		b.Sheets = append(b.Sheets, s)
	}
	o.b = b
	o.calc = func(sheet, cell string) (string, error) {
		return f.CalcCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	}
	o.close = func() { f.Close() }
	return o, "", ""
}

// rowRefs streams a sheet's first rows and returns its non-empty cells.
func rowRefs(f *excelize.File, sheet string) []bk.Ref {
	it, err := f.Rows(sheet)
	if err != nil {
		return nil
	}
	defer it.Close()
	var refs []bk.Ref
	for row := 1; row <= maxScanRows && it.Next(); row++ {
		cols, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			break
		}
		for col, v := range cols {
			if col >= maxScanCols {
				break
			}
			if v != "" {
				refs = append(refs, bk.Ref{Row: row, Col: col + 1})
			}
		}
	}
	return refs
}

// copyCell copies one cell, converting excelize's types to book's kinds.
func copyCell(f *excelize.File, s *bk.Sheet, r bk.Ref) {
	name := r.String()
	raw, err := f.GetCellValue(s.Name, name)
	if err != nil {
		return
	}
	formula, _ := f.GetCellFormula(s.Name, name)
	typ, _ := f.GetCellType(s.Name, name)
	c := bk.Cell{Value: raw, Formula: formula}
	switch {
	case strings.TrimSpace(raw) == "" && formula == "":
		return
	case strings.TrimSpace(raw) == "":
		c.Kind, c.Value = bk.Empty, ""
	case typ == excelize.CellTypeBool:
		c.Kind = bk.Bool
	case typ == excelize.CellTypeError:
		c.Kind = bk.Error
	case typ == excelize.CellTypeDate:
		// An ISO date cell (t="d"): book keeps dates as serials.
		if t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(raw)); err == nil {
			c.Kind, c.Value = bk.Number, serial(t)
		} else {
			c.Kind = bk.String
		}
	case typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset:
		c.Kind = bk.Number
	default:
		c.Kind = bk.String
	}
	s.Cells[r] = c
}

// parseTime reads a document property time (W3CDTF); zero when it is not
// one.
func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}
	}
	return t
}

// sortedKeys returns a map's keys in order, for a deterministic walk.
func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
