package xls

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"

	"github.com/richardlehane/mscfb"

	"tonghop/aggregate/book"
	"tonghop/aggregate/gate"
)

// oleMagic starts every OLE compound file. Kept here rather than asked of
// gate.MagicOf: it is the precondition of mscfb, the parser this reader
// hands the bytes to, and the reader is fuzzed alone.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Read reads an .xls file's content. It never panics; an error is
// ErrNotXLS, ErrEncrypted, ErrOldFormat, wraps ErrBroken, or is a
// *LimitError, each with a Vietnamese message naming the sheet and cell
// where there is one. A file encrypted with Excel's DefaultPassword reads
// as any other.
func Read(data []byte, lim Limits) (*book.Book, error) {
	return ReadPassword(data, "", lim)
}

// ReadPassword is Read for a file encrypted with a password to open
// ("RC4 CryptoAPI", Excel 2002 and later); "" tries DefaultPassword only.
// A wrong password, or an older encryption method, is ErrEncrypted.
func ReadPassword(data []byte, password string, lim Limits) (b *book.Book, err error) {
	lim = lim.withDefaults()
	if !bytes.HasPrefix(data, oleMagic) {
		return nil, ErrNotXLS
	}
	// mscfb and msoleps index into the file with offsets it declares, and
	// not every path is checked: a panic there is a damaged file.
	defer func() {
		if recover() != nil {
			b, err = nil, &brokenError{detail: "cấu trúc tệp OLE hỏng"}
		}
	}()
	streams, err := openStreams(data, lim)
	if err != nil {
		return nil, err
	}
	if streams.workbook == nil {
		if streams.encryptedPackage {
			return nil, ErrEncrypted // an .xlsx with a password is an OLE file
		}
		return nil, ErrNotXLS
	}
	walked := 0
	s := &stream{b: streams.workbook, lim: lim, walked: &walked}
	g, err := readWorkbookGlobals(s)
	var fp *filePass
	if errors.As(err, &fp) {
		k, kerr := parseFilePass(fp.data, DefaultPassword)
		if kerr != nil && password != "" {
			k, kerr = parseFilePass(fp.data, password)
		}
		if kerr != nil {
			return nil, kerr
		}
		walked = 0
		s = &stream{b: decrypt(streams.workbook, k), lim: lim, walked: &walked, decrypted: true}
		g, err = readWorkbookGlobals(s)
	}
	if err != nil {
		return nil, err
	}
	b = &book.Book{Format: "xls", Date1904: g.date1904}
	budget := lim.MaxCells
	for _, si := range g.sheets {
		sh := &book.Sheet{Name: si.name, State: si.state, Cells: map[book.Ref]book.Cell{}}
		b.Sheets = append(b.Sheets, sh)
		if si.kind != 0 && si.kind != 1 {
			continue // charts and modules hold no cells
		}
		if int64(si.pos) >= int64(len(s.b)) {
			return nil, &brokenError{detail: "vị trí trang tính nằm ngoài luồng dữ liệu", sheet: si.name}
		}
		sr := &sheetReader{s: &stream{b: s.b, pos: int(si.pos), lim: lim, walked: &walked}, g: g, sheet: sh, budget: &budget}
		if err := sr.read(); err != nil {
			return nil, withSheet(err, si.name)
		}
	}
	b.Names = g.bookNames()
	readProperties(b, streams)
	return b, nil
}

// withSheet names the sheet in an error that does not name one yet.
func withSheet(err error, sheet string) error {
	var be *brokenError
	if errors.As(err, &be) && be.sheet == "" {
		return &brokenError{detail: be.detail, sheet: sheet, cell: be.cell}
	}
	var le *LimitError
	if errors.As(err, &le) && le.Sheet == "" {
		return &LimitError{What: le.What, Limit: le.Limit, Sheet: sheet, Cell: le.Cell}
	}
	return err
}

// readWorkbookGlobals checks the BOF and reads the globals.
func readWorkbookGlobals(s *stream) (*globals, error) {
	if err := checkBOF(s); err != nil {
		return nil, err
	}
	return readGlobals(s)
}

// checkBOF reads the workbook's BOF: BIFF8 only.
func checkBOF(s *stream) error {
	r, ok, err := s.next()
	if err != nil {
		return err
	}
	if !ok || r.typ != recBOF || len(r.data) < 4 {
		if ok && (r.typ == 0x0009 || r.typ == 0x0209 || r.typ == 0x0409) {
			return ErrOldFormat // BOF of BIFF2–BIFF4
		}
		return &brokenError{detail: "luồng Workbook không bắt đầu bằng bản ghi BOF"}
	}
	if binary.LittleEndian.Uint16(r.data) != 0x0600 {
		return ErrOldFormat
	}
	return nil
}

// oleStreams are the streams read from the compound file.
type oleStreams struct {
	workbook []byte
	summary  []byte // \x05SummaryInformation
	docSum   []byte // \x05DocumentSummaryInformation
	// encryptedPackage: the file is an encrypted .xlsx (ECMA-376
	// encryption wraps the zip into an OLE file).
	encryptedPackage bool
}

// openStreams reads the streams of the compound file, each through the
// size limit.
func openStreams(data []byte, lim Limits) (*oleStreams, error) {
	r, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return nil, &brokenError{detail: "cấu trúc tệp OLE hỏng hoặc bị cắt cụt"}
	}
	out := &oleStreams{}
	for i, f := range r.File {
		if i > gate.OLEMaxEntries {
			break
		}
		if len(f.Path) != 0 {
			continue // inside a storage: not the workbook's own streams
		}
		var dst *[]byte
		switch {
		case f.Name == "EncryptedPackage":
			out.encryptedPackage = true
			continue
		case f.Name == "Workbook", f.Name == "Book" && out.workbook == nil:
			dst = &out.workbook
		case f.Initial == 5 && f.Name == "SummaryInformation":
			dst = &out.summary
		case f.Initial == 5 && f.Name == "DocumentSummaryInformation":
			dst = &out.docSum
		default:
			continue
		}
		// A stream longer than the file loops through its sectors.
		limit := min(lim.MaxStreamSize, int64(len(data)))
		b, err := io.ReadAll(io.LimitReader(f, limit+1))
		switch {
		case int64(len(b)) > lim.MaxStreamSize:
			return nil, &LimitError{What: "dung lượng luồng " + f.Name + " (byte)", Limit: lim.MaxStreamSize}
		case int64(len(b)) > limit:
			return nil, &brokenError{detail: "chuỗi sector của luồng " + f.Name + " lặp vòng"}
		case err != nil && dst == &out.workbook:
			return nil, &brokenError{detail: "luồng Workbook bị cắt cụt"}
		case err != nil:
			continue // the properties are lost, not the figures
		}
		*dst = b
	}
	return out, nil
}
