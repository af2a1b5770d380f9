// Package ods reads an OpenDocument spreadsheet (.ods, LibreOffice's default
// format) returned by a unit into a book.Book, the neutral shape that the
// reader of returned reports handles for every format: sheets with their
// visibility, cells with their stored values, merged areas, named ranges in
// the .xlsx syntax, and the document properties of meta.xml.
//
// Dates and times (stored as ISO text in an .ods) become serial day numbers
// from 1899-12-30, so Book.Date1904 is always false. A formula is kept in the
// OpenFormula syntax of the file without its "of:=" prefix ("[.D16]*2"),
// with its cached result as the cell's value; a sheet with
// table:display="false" is Hidden (.ods has no "very hidden").
//
// The file is untrusted: every size and count it controls is bounded by
// Limits, content.xml is streamed through a counting reader, and every
// failure is one of the typed errors below with a Vietnamese message.
//
// It sits under the returned-report reader and imports nothing of the project
// but package book.
package ods

import (
	"errors"
	"fmt"
	"tonghop/aggregate/gate"
)

// Limits bounds what one file may make the reader do. A zero field takes
// its value from the limits policy (package gate).
type Limits struct {
	MaxEntries   int   // entries of the zip archive
	MaxPartSize  int64 // bytes of one part, unpacked, counted while reading
	MaxTotalSize int64 // bytes of all parts read, unpacked
	MaxCells     int   // cells with content, repeats and merged areas counted
	MaxDepth     int   // nesting of XML elements
	MaxSheets    int
	MaxNames     int // named ranges and custom properties, each
	MaxTextLen   int // bytes of the text of one cell or property
}

// withDefaults fills the zero fields of l from the limits policy
// (package gate).
func (l Limits) withDefaults() Limits {
	l.MaxEntries = gate.Bound(l.MaxEntries, gate.ODSMaxEntries)
	l.MaxPartSize = gate.Bound(l.MaxPartSize, gate.ODSMaxPartSize)
	l.MaxTotalSize = gate.Bound(l.MaxTotalSize, gate.ODSMaxTotalSize)
	l.MaxCells = gate.Bound(l.MaxCells, gate.ODSMaxCells)
	l.MaxDepth = gate.Bound(l.MaxDepth, gate.ODSMaxDepth)
	l.MaxSheets = gate.Bound(l.MaxSheets, gate.ODSMaxSheets)
	l.MaxNames = gate.Bound(l.MaxNames, gate.ODSMaxNames)
	l.MaxTextLen = gate.Bound(l.MaxTextLen, gate.MaxTextLen)
	return l
}

// Errors of Read. Test them with errors.Is; a *LimitError with errors.As.
var (
	// ErrNotODS: the data is not an OpenDocument spreadsheet at all (not a
	// zip, or another kind of OpenDocument file).
	ErrNotODS = errors.New("tệp không phải bảng tính OpenDocument (.ods)")
	// ErrEncrypted: the file was saved with a password.
	ErrEncrypted = errors.New("tệp .ods được đặt mật khẩu, không đọc được: đề nghị đơn vị bỏ mật khẩu (Tệp > Thuộc tính > Bảo mật) rồi gửi lại")
	// ErrBroken: the file is an .ods but damaged (truncated, bad XML…).
	// The error returned wraps it and says where.
	ErrBroken = errors.New("tệp .ods bị hỏng, không đọc được")
)

// brokenError is ErrBroken with the part and what is wrong in it.
type brokenError struct {
	part   string // "content.xml"
	detail string // Vietnamese
}

func (e *brokenError) Error() string {
	return fmt.Sprintf("tệp .ods bị hỏng, không đọc được (%s: %s): mở bằng LibreOffice, lưu lại rồi gửi lại", e.part, e.detail)
}

func (e *brokenError) Is(target error) bool { return target == ErrBroken }

// LimitError says that the file exceeds one of the Limits.
type LimitError struct {
	What  string // what was counted, in Vietnamese: "số ô có dữ liệu"
	Limit int64
	Part  string // the part of the archive, "" for the archive itself
	Sheet string // the sheet, "" when none
	Cell  string // the cell ("D12"), "" when none
}

func (e *LimitError) Error() string {
	where := ""
	if e.Part != "" {
		where = " trong " + e.Part
	}
	if e.Sheet != "" {
		where += fmt.Sprintf(", trang tính “%s”", e.Sheet)
	}
	if e.Cell != "" {
		where += ", ô " + e.Cell
	}
	return fmt.Sprintf("tệp .ods vượt giới hạn: %s quá %d%s — không phải biểu mẫu báo cáo bình thường, đề nghị đơn vị gửi lại đúng biểu mẫu",
		e.What, e.Limit, where)
}
