// Package xls reads a legacy Excel workbook (.xls: BIFF8 records in an OLE
// compound file, as Excel 97–2003, LibreOffice and WPS save it) returned by
// a unit into a book.Book, the neutral shape that the reader of returned
// reports handles for every format: sheets with their visibility, cells with
// their stored values, merged areas, defined names in the .xlsx syntax, and
// the summary properties.
//
// The file is untrusted: every size and count it controls is bounded by
// Limits and every failure is one of the typed errors below with a
// Vietnamese message.
//
// A file encrypted with "RC4 CryptoAPI" (FILEPASS; Excel 2002 and later) is
// decrypted with Excel's DefaultPassword, or the password given to
// ReadPassword; older methods (XOR obfuscation, plain RC4) are ErrEncrypted.
//
// Formulas are not decoded into text: a formula cell has its cached result
// and Formula "=" (see FormulaMarker). Only BIFF8 (Excel 97 and later) is
// read; BIFF5 files (Excel 5/95) are refused with ErrOldFormat.
//
// It sits under the returned-report reader and imports nothing of the project
// but package book.
package xls

import (
	"errors"
	"fmt"
	"tonghop/aggregate/gate"
)

// FormulaMarker is the Formula of every formula cell: the reader keeps a
// formula's cached result but does not turn its tokens back into text.
const FormulaMarker = "="

// Limits bounds what one file may make the reader do. A zero field takes
// its value from the limits policy (package gate).
type Limits struct {
	MaxStreamSize int64 // bytes of the Workbook stream and of a property stream
	MaxCells      int   // cells with content and merged areas
	MaxStrings    int   // strings of the shared string table
	MaxTextLen    int   // characters of one string
	MaxSheets     int
	MaxNames      int // defined names
	MaxContinues  int // CONTINUE records after one record
}

// withDefaults fills the zero fields of l from the limits policy
// (package gate).
func (l Limits) withDefaults() Limits {
	l.MaxStreamSize = gate.Bound(l.MaxStreamSize, gate.XLSMaxStreamSize)
	l.MaxCells = gate.Bound(l.MaxCells, gate.XLSMaxCells)
	l.MaxStrings = gate.Bound(l.MaxStrings, gate.XLSMaxStrings)
	l.MaxTextLen = gate.Bound(l.MaxTextLen, gate.MaxTextLen)
	l.MaxSheets = gate.Bound(l.MaxSheets, gate.XLSMaxSheets)
	l.MaxNames = gate.Bound(l.MaxNames, gate.XLSMaxNames)
	l.MaxContinues = gate.Bound(l.MaxContinues, gate.XLSMaxContinues)
	return l
}

// Errors of Read. Test them with errors.Is; a *LimitError with errors.As.
var (
	// ErrNotXLS: the data is not an OLE compound file with a Workbook
	// stream (an .xlsx renamed .xls is one of these: test it first).
	ErrNotXLS = errors.New("tệp không phải bảng tính Excel 97–2003 (.xls)")
	// ErrEncrypted: the workbook was saved with a password to open (an
	// .xls with FILEPASS, or an encrypted .xlsx, which is an OLE file too).
	ErrEncrypted = errors.New("tệp Excel được đặt mật khẩu mở tệp, không đọc được: đề nghị đơn vị bỏ mật khẩu rồi gửi lại")
	// ErrOldFormat: Excel 5.0/95 or older (BIFF5 and before).
	ErrOldFormat = errors.New("tệp .xls định dạng quá cũ (Excel 5.0/95), không đọc được: mở bằng Excel hoặc LibreOffice, lưu lại dạng .xlsx rồi gửi lại")
	// ErrBroken: the file is an .xls but damaged. The error returned wraps
	// it and says where.
	ErrBroken = errors.New("tệp .xls bị hỏng, không đọc được")
)

// brokenError is ErrBroken with what is wrong, and where.
type brokenError struct {
	detail string // Vietnamese
	sheet  string
	cell   string
}

func (e *brokenError) Error() string {
	where := ""
	if e.sheet != "" {
		where = fmt.Sprintf(", trang tính “%s”", e.sheet)
	}
	if e.cell != "" {
		where += ", ô " + e.cell
	}
	return fmt.Sprintf("tệp .xls bị hỏng, không đọc được (%s%s): mở bằng Excel hoặc LibreOffice, lưu lại dạng .xlsx rồi gửi lại", e.detail, where)
}

func (e *brokenError) Is(target error) bool { return target == ErrBroken }

// LimitError says that the file exceeds one of the Limits.
type LimitError struct {
	What  string // what was counted, in Vietnamese: "số chuỗi dùng chung"
	Limit int64
	Sheet string // the sheet, "" when none
	Cell  string // the cell ("D12"), "" when none
}

func (e *LimitError) Error() string {
	where := ""
	if e.Sheet != "" {
		where = fmt.Sprintf(" ở trang tính “%s”", e.Sheet)
	}
	if e.Cell != "" {
		where += ", ô " + e.Cell
	}
	return fmt.Sprintf("tệp .xls vượt giới hạn: %s quá %d%s — không phải biểu mẫu báo cáo bình thường, đề nghị đơn vị gửi lại đúng biểu mẫu",
		e.What, e.Limit, where)
}
