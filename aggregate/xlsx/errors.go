package xlsx

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// kindError is a sentinel with an officer's text; parent makes one kind a
// special case of another (an encrypted workbook is not an .xlsx zip).
type kindError struct {
	msg    string
	parent error
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.parent }

// Errors returned by Read, wrapped with detail: test them with errors.Is.
var (
	// ErrNotXLSX: the bytes are not an .xlsx zip (empty, text, PDF, .xls,
	// .ods, .docx, an OLE file…). The caller sniffs further or gives up.
	ErrNotXLSX error = &kindError{msg: "tệp không phải bảng tính .xlsx"}
	// ErrEncrypted: an OLE compound file holding EncryptionInfo, that is an
	// .xlsx saved with a password. errors.Is(err, ErrNotXLSX) holds too; the
	// caller may try excelize with the password.
	ErrEncrypted error = &kindError{msg: "tệp .xlsx được đặt mật khẩu (đã mã hóa): cần mật khẩu để mở", parent: ErrNotXLSX}
	// ErrTooLarge: a limit was reached; the error is a *LimitError.
	ErrTooLarge error = &kindError{msg: "tệp quá lớn hoặc có quá nhiều dữ liệu"}
	// ErrBroken: an .xlsx zip whose content cannot be read (a part cut
	// short, bad XML, a missing sheet, a cell reference off the sheet…).
	ErrBroken error = &kindError{msg: "tệp .xlsx hỏng"}
	// ErrTruncated: the archive itself does not read (cut short, a bad
	// checksum, a part longer than its header says): most often a download
	// that did not finish. errors.Is(err, ErrBroken) holds too.
	ErrTruncated error = &kindError{msg: "tệp nén bị cắt ngang hoặc hỏng", parent: ErrBroken}
)

// What a LimitError counts.
const (
	WhatEntries   = "entries"       // entries of the zip archive
	WhatPartSize  = "part size"     // bytes inflated from one part
	WhatTotalSize = "total size"    // bytes inflated from all parts read
	WhatSheets    = "sheets"        // sheets in xl/workbook.xml
	WhatCells     = "cells"         // <c> elements of one sheet
	WhatBookCells = "book cells"    // <c> elements of all the sheets
	WhatStrings   = "strings"       // shared strings
	WhatNames     = "names"         // defined names
	WhatMerges    = "merges"        // merged ranges of one sheet
	WhatRels      = "relationships" // relationships of the workbook
	WhatProps     = "properties"    // custom document properties
	WhatDepth     = "depth"         // XML element nesting
)

// LimitError says that the file went past one of the Limits; reading stopped
// there. errors.Is(err, ErrTooLarge) holds.
type LimitError struct {
	Part  string // the zip part being read, "" for the archive itself
	Sheet string // the sheet, when the part is one
	What  string // one of the What constants
	Limit int64  // the limit that was passed
	Far   string // for WhatCells, the cell furthest right met, "" when none
}

// Is makes errors.Is(err, ErrTooLarge) hold.
func (e *LimitError) Is(target error) bool { return target == ErrTooLarge }

// Error is a sentence for the officer, in Vietnamese.
func (e *LimitError) Error() string {
	const tail = ": không phải báo cáo bình thường, có thể là tệp độc hại — không mở, đề nghị đơn vị gửi lại đúng biểu mẫu"
	where := e.where()
	n := thousands(e.Limit)
	switch e.What {
	case WhatEntries:
		return "tệp có quá nhiều thành phần (hơn " + n + ")" + tail
	case WhatPartSize:
		return "tệp có " + where + " quá lớn khi giải nén (hơn " + byteSize(e.Limit) + ")" + tail
	case WhatTotalSize:
		return "tệp giải nén quá lớn (hơn " + byteSize(e.Limit) + ", dừng ở " + where + ")" + tail
	case WhatSheets:
		return "tệp có quá nhiều trang tính (hơn " + n + ")" + tail
	case WhatCells:
		far := ""
		if e.Far != "" {
			far = ", ô xa nhất " + e.Far
		}
		return "tệp có " + where + " quá nhiều ô khi mở ra (hơn " + n + far + "): có thể có dữ liệu gõ nhầm ở rất xa vùng biểu mẫu, hoặc là tệp độc hại — mở bằng Excel, xóa các cột, dòng thừa bên phải và bên dưới biểu mẫu, lưu lại rồi gửi lại"
	case WhatBookCells:
		return "tệp có tổng cộng quá nhiều ô (hơn " + n + ", dừng ở " + where + ")" + tail
	case WhatStrings:
		return "tệp có quá nhiều chuỗi chữ dùng chung (hơn " + n + ", " + where + ")" + tail
	case WhatNames:
		return "tệp có quá nhiều tên vùng (hơn " + n + ", " + where + ")" + tail
	case WhatMerges:
		return "tệp có " + where + " quá nhiều vùng gộp ô (hơn " + n + ")" + tail
	case WhatRels:
		return "tệp có quá nhiều liên kết giữa các thành phần (hơn " + n + ", " + where + ")" + tail
	case WhatProps:
		return "tệp có quá nhiều thuộc tính tùy chỉnh (hơn " + n + ", " + where + ")" + tail
	case WhatDepth:
		return "tệp có " + where + " lồng phần tử XML quá sâu (hơn " + n + " cấp)" + tail
	}
	return "tệp vượt giới hạn " + e.What + " (" + n + ", " + where + ")" + tail
}

func (e *LimitError) where() string {
	switch {
	case e.Sheet != "":
		return "trang tính “" + e.Sheet + "” (" + e.Part + ")"
	case e.Part != "":
		return "phần " + e.Part
	}
	return "tệp nén"
}

// SheetOf is the sheet an error of Read names, "" when none.
func SheetOf(err error) string {
	var b *brokenError
	var l *LimitError
	switch {
	case errors.As(err, &b):
		return b.sheet
	case errors.As(err, &l):
		return l.Sheet
	}
	return ""
}

// brokenError is ErrBroken (ErrTruncated when the archive does not read)
// with where and what.
type brokenError struct {
	part, sheet, cell string
	detail            string // Vietnamese
	truncated         bool
}

func (e *brokenError) Is(target error) bool {
	return target == ErrBroken || e.truncated && target == ErrTruncated
}

func (e *brokenError) Error() string {
	var b strings.Builder
	b.WriteString("tệp .xlsx hỏng")
	switch {
	case e.sheet != "":
		b.WriteString(", trang tính “" + e.sheet + "”")
		if e.part != "" {
			b.WriteString(" (" + e.part + ")")
		}
	case e.part != "":
		b.WriteString(", phần " + e.part)
	}
	if e.cell != "" {
		b.WriteString(", ô " + e.cell)
	}
	b.WriteString(": " + e.detail + " — mở bằng Excel hoặc LibreOffice (chương trình sẽ đề nghị sửa tệp), lưu lại rồi gửi lại; nếu không mở được, đề nghị đơn vị gửi lại")
	return b.String()
}

// notXLSXError is ErrNotXLSX (or ErrEncrypted) with what the bytes look like.
type notXLSXError struct {
	kind   error
	detail string // Vietnamese, "" when none
}

func (e *notXLSXError) Unwrap() error { return e.kind }

func (e *notXLSXError) Error() string {
	if e.detail == "" {
		return e.kind.Error()
	}
	return e.kind.Error() + " (" + e.detail + ")"
}

// thousands writes n with dots between thousands, as Vietnamese does.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

// byteSize writes a size the way an officer reads it.
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return strings.Replace(fmt.Sprintf("%.1f MB", float64(n)/(1<<20)), ".", ",", 1)
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d byte", n)
}
