// Package gate is the untrusted-file gate: it looks at a returned file's
// bytes, never its name, and says why it cannot be opened as a workbook, or
// refuses an archive built to cost minutes and gigabytes (zip bombs, sheets
// that expand to millions of cells) before any parser expands it. It knows
// nothing of campaigns or reports; its messages are Vietnamese and say what
// to do.
package gate

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"tonghop/templates/vn"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Size limits. A returned report is a few tens of kilobytes; the limits leave
// room for pasted pictures and stop zip bombs before they are unpacked.
const (
	MaxFileSize       = 32 << 20 // bytes of the file on disk
	UnzipSizeLimit    = 64 << 20 // bytes of all parts of a workbook, unpacked
	UnzipXMLSizeLimit = 16 << 20 // parts up to this size stay in memory
	// MaxPartSize bounds one sheet or the shared strings, unpacked: the
	// report sheet is about 25 KB, and excelize parses a whole sheet into
	// memory (a sheet of a million rows took 10 s and 700 MB).
	MaxPartSize = 4 << 20
	MaxParts    = 5000 // parts of a workbook; a report has about fifteen
)

func ByteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return strings.Replace(strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64), ".", ",", 1) + " MB"
	case n >= 1<<10:
		return strconv.FormatInt(n>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " byte"
}

// Messages for files that are not a usable workbook. Each says what to do.
const (
	MsgSaveAsXLSX   = "mở tệp bằng Excel hoặc LibreOffice, chọn Lưu thành (Save As) dạng “Sổ làm việc Excel (.xlsx)” rồi gửi lại; tốt nhất là điền vào đúng biểu mẫu đã gửi"
	MsgEncrypted    = "tệp được đặt mật khẩu: dùng --mat-khau hoặc gửi lại bản không mật khẩu"
	MsgWrongPass    = "tệp được đặt mật khẩu và mật khẩu đưa vào (--mat-khau) không đúng: hỏi lại đơn vị mật khẩu hoặc đề nghị gửi bản không mật khẩu"
	MsgTruncated    = "tệp bị hỏng hoặc tải về chưa hết (không đọc được cấu trúc .xlsx): tải lại tệp đính kèm từ thư điện tử; nếu vẫn lỗi, đề nghị đơn vị gửi lại"
	MsgBrokenPart   = "tệp .xlsx hỏng, không đọc được (một phần bên trong tệp bị cắt cụt hoặc sai cấu trúc): mở bằng Excel hoặc LibreOffice (chương trình sẽ đề nghị sửa tệp), lưu lại rồi gửi lại; nếu không mở được, đề nghị đơn vị gửi lại"
	MsgNotWorkbook  = "không phải tệp Excel (.xlsx): đề nghị đơn vị điền vào biểu mẫu Excel đã gửi và gửi lại tệp .xlsx"
	oleMagic        = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"
	odsMimeType     = "application/vnd.oasis.opendocument.spreadsheet"
	odfMimePrefix   = "application/vnd.oasis.opendocument."
	zipMagic        = "PK\x03\x04"
	zipEmptyMagic   = "PK\x05\x06"
	sniffTextPrefix = 4096
)

// utf16 returns s in UTF-16LE as the directory of an OLE2 compound file
// stores stream names.
func utf16(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}

var (
	oleEncryptionInfo = utf16("EncryptionInfo")
	oleWorkbook       = utf16("Workbook")
	oleBook           = utf16("Book")
	oleWord           = utf16("WordDocument")
)

// Sniff looks at the content, never the extension, and says why the file
// cannot be opened as an .xlsx workbook; "" when it can be tried.
func Sniff(data []byte, password bool) string {
	switch {
	case len(data) == 0:
		return "tệp rỗng (0 byte): có thể tải tệp đính kèm chưa xong — tải lại từ thư điện tử; nếu vẫn rỗng, đề nghị đơn vị gửi lại"
	case bytes.HasPrefix(data, []byte(oleMagic)):
		return sniffOLE(data, password)
	case bytes.HasPrefix(data, []byte(zipMagic)) || bytes.HasPrefix(data, []byte(zipEmptyMagic)):
		return sniffZip(data)
	case bytes.HasPrefix(data, []byte("%PDF")):
		return "tệp PDF: không đọc được số liệu từ PDF. Nếu đây là báo cáo bằng văn bản thì lưu riêng; số liệu cần gửi bằng biểu mẫu Excel (.xlsx) đã gửi"
	case len(data) < len(oleMagic) && (bytes.HasPrefix([]byte(oleMagic), data) || bytes.HasPrefix([]byte(zipMagic), data)):
		return MsgTruncated // the first bytes of a workbook, and nothing more
	}
	head := data
	if len(head) > sniffTextPrefix {
		head = head[:sniffTextPrefix]
	}
	lower := bytes.ToLower(head)
	switch {
	case bytes.Contains(lower, []byte("urn:schemas-microsoft-com:office:spreadsheet")):
		return "tệp Bảng tính XML 2003, không phải .xlsx: " + MsgSaveAsXLSX
	case bytes.Contains(lower, []byte("<html")) || bytes.Contains(lower, []byte("<table")):
		return "tệp trang web (HTML) mang đuôi bảng tính, không phải .xlsx: " + MsgSaveAsXLSX
	case bytes.HasPrefix(head, []byte("{\\rtf")):
		return "tệp văn bản RTF (Word), không phải bảng tính: " + MsgNotWorkbook
	case looksLikeText(head):
		return "tệp văn bản/CSV, không phải .xlsx: tệp CSV mất biểu mẫu (tên vùng, mã đơn vị) nên không đọc chắc chắn được — " + MsgSaveAsXLSX
	}
	return MsgNotWorkbook
}

// looksLikeText reports whether b is text: valid UTF-8 (or UTF-16 with a
// byte order mark) without control bytes other than white space.
func looksLikeText(b []byte) bool {
	if bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
		return true
	}
	// A cut may split the last rune of the prefix.
	for i := 0; i < utf8.UTFMax && len(b) > 0 && !utf8.Valid(b); i++ {
		b = b[:len(b)-1]
	}
	if !utf8.Valid(b) {
		return false
	}
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			return false
		}
	}
	return true
}

func sniffOLE(data []byte, password bool) string {
	switch {
	case bytes.Contains(data, oleEncryptionInfo):
		if !password {
			return MsgEncrypted
		}
		return "" // excelize decrypts it
	case bytes.Contains(data, oleWord):
		return "tệp Word (.doc), không phải bảng tính: " + MsgNotWorkbook
	case bytes.Contains(data, oleWorkbook) || bytes.Contains(data, oleBook):
		return "tệp .xls (Excel 97-2003), không đọc được: " + MsgSaveAsXLSX
	}
	return "tệp Office đời cũ (không phải .xlsx): " + MsgSaveAsXLSX
}

func sniffZip(data []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return MsgTruncated
	}
	if msg := checkDirectory(zr); msg != "" {
		return msg
	}
	return scanParts(zr)
}

// CheckDirectory is the part of Sniff that reads only an archive's
// directory: its kind, its number of parts and their declared sizes. ""
// when an .xlsx reader may go on (and must bound what it inflates itself).
func CheckDirectory(zr *zip.Reader) string { return checkDirectory(zr) }

func checkDirectory(zr *zip.Reader) string {
	if len(zr.File) > MaxParts {
		return fmt.Sprintf("tệp có quá nhiều thành phần (%d; giới hạn %d): không phải báo cáo bình thường, có thể là tệp độc hại — không mở, đề nghị đơn vị gửi lại đúng biểu mẫu", len(zr.File), MaxParts)
	}
	var total uint64
	has := map[string]bool{}
	var mime string
	var bigPart string
	var bigSize uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		name := strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))
		has[name] = true
		if (strings.HasPrefix(name, "xl/worksheets/") || name == "xl/sharedstrings.xml") && f.UncompressedSize64 > MaxPartSize && f.UncompressedSize64 > bigSize {
			bigPart, bigSize = f.Name, f.UncompressedSize64
		}
		if name == "mimetype" && f.UncompressedSize64 < 256 {
			if rc, err := f.Open(); err == nil {
				b, _ := io.ReadAll(io.LimitReader(rc, 256))
				rc.Close()
				mime = strings.TrimSpace(string(b))
			}
		}
	}
	switch {
	case total > UnzipSizeLimit:
		return fmt.Sprintf("tệp giải nén quá lớn (%s; giới hạn %s): không phải báo cáo bình thường, có thể là tệp độc hại — không mở, đề nghị đơn vị gửi lại đúng biểu mẫu",
			ByteSize(int64(min(total, math.MaxInt64))), ByteSize(UnzipSizeLimit))
	case bigPart != "":
		what := "trang tính"
		if strings.EqualFold(bigPart, "xl/sharedStrings.xml") {
			what = "bảng chữ dùng chung"
		}
		return fmt.Sprintf("tệp có %s %s quá lớn khi giải nén (%s; giới hạn %s): báo cáo bình thường chỉ vài chục KB — có thể trang tính bị dán quá nhiều dữ liệu hoặc là tệp độc hại; không mở, đề nghị đơn vị gửi lại đúng biểu mẫu",
			what, bigPart, ByteSize(int64(min(bigSize, math.MaxInt64))), ByteSize(MaxPartSize))
	case mime == odsMimeType || (has["content.xml"] && !has["[content_types].xml"] && mime == ""):
		return "tệp .ods (LibreOffice/OpenOffice): mở bằng LibreOffice/Excel và lưu lại dạng .xlsx (Lưu thành → “Excel 2007-365 (.xlsx)”) rồi gửi lại"
	case strings.HasPrefix(mime, odfMimePrefix):
		return "tệp văn bản OpenDocument, không phải bảng tính: " + MsgNotWorkbook
	case has["word/document.xml"]:
		return "tệp Word (.docx), không phải bảng tính: " + MsgNotWorkbook
	case has["ppt/presentation.xml"]:
		return "tệp PowerPoint, không phải bảng tính: " + MsgNotWorkbook
	case !has["[content_types].xml"] || !has["xl/workbook.xml"] && !has["xl/workbook.bin"]:
		return "tệp nén .zip, không phải bảng tính .xlsx: giải nén và kiểm tra lại tệp bên trong, hoặc đề nghị đơn vị gửi lại tệp .xlsx"
	case has["xl/workbook.bin"]:
		return "tệp Excel nhị phân (.xlsb), không đọc được: " + MsgSaveAsXLSX
	}
	return ""
}

// MaxSheetCells bounds the cells excelize makes when it loads a sheet: it
// fills every row up to its last cell, about 200 bytes a cell, so that a
// few hundred rows with a cell in column XFD (a file of a few KB) would
// take gigabytes. A report fills a few hundred cells; one row reaching
// XFD is 16,384.
const MaxSheetCells = 250_000

// scanParts reads every XML part as excelize will, without trusting the
// sizes the archive declares (a part longer than declared is an error) nor
// the part names (a sheet may be stored anywhere): a part over MaxPartSize
// or a sheet that would expand past MaxSheetCells refuses the file.
func scanParts(zr *zip.Reader) string {
	elements := 0
	for _, f := range zr.File {
		if f.UncompressedSize64 == 0 || strings.HasSuffix(f.Name, "/") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return MsgTruncated
		}
		head := make([]byte, 1024)
		n, err := io.ReadFull(rc, head)
		head = head[:n]
		if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
			rc.Close()
			return MsgTruncated
		}
		if root, ok := RootElement(head); ok && root != "worksheet" && root != "dialogsheet" {
			// Not a sheet. A picture costs its bytes, already bounded; an
			// XML part (styles, defined names, relationships …) costs
			// excelize about 2 KB an element, so their elements are
			// counted, all parts together.
			if root == "" || strings.EqualFold(f.Name, "xl/sharedStrings.xml") {
				rc.Close()
				continue
			}
			n, err := countElements(head, rc)
			rc.Close()
			if err != nil {
				return MsgTruncated
			}
			if elements += n; elements > MaxElements {
				return fmt.Sprintf("tệp có quá nhiều phần tử trong cấu trúc (hơn %s, đến phần %s): báo cáo bình thường chỉ vài nghìn — có thể là tệp độc hại; không mở, đề nghị đơn vị mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại",
					vn.Int(MaxElements), f.Name)
			}
			continue
		}
		rest, err := io.ReadAll(io.LimitReader(rc, MaxPartSize+1-int64(n)))
		rc.Close()
		if err != nil {
			return MsgTruncated
		}
		part := append(head, rest...)
		if len(part) > MaxPartSize {
			return fmt.Sprintf("tệp có phần %s quá lớn khi giải nén (hơn %s): báo cáo bình thường chỉ vài chục KB — có thể trang tính bị dán quá nhiều dữ liệu hoặc là tệp độc hại; không mở, đề nghị đơn vị gửi lại đúng biểu mẫu",
				f.Name, ByteSize(MaxPartSize))
		}
		if n := countNamed(part, "mergeCell"); n > MaxMergeCells {
			return fmt.Sprintf("tệp có trang tính với quá nhiều vùng gộp ô (%s; giới hạn %s): biểu mẫu chỉ có vài chục — có thể là tệp độc hại; không mở, đề nghị đơn vị gửi lại đúng biểu mẫu",
				vn.Int(n), vn.Int(MaxMergeCells))
		}
		if cells, far := SheetCells(part); cells > MaxSheetCells {
			return fmt.Sprintf("tệp có trang tính quá nhiều ô khi mở ra (%s ô; giới hạn %s), ô xa nhất %s: có thể có dữ liệu gõ nhầm ở rất xa vùng biểu mẫu, hoặc là tệp độc hại — mở bằng Excel, xóa các cột, dòng thừa bên phải và bên dưới biểu mẫu, lưu lại rồi gửi lại",
				vn.Round(float64(cells), 2), vn.Round(MaxSheetCells, 2), far)
		}
	}
	return ""
}

// Count limits on what excelize expands (issue 16: a file of a few hundred
// KB holding 100,000 styles, defined names or relationships cost excelize
// 150–250 MB; 100,000 merged ranges cost 100 s, the work growing with the
// square of their number).
const (
	// MaxElements bounds the XML elements of all parts other than the
	// sheets and the shared strings (bounded by size): a report has a
	// few thousand; a workbook bloated with copied styles, tens of
	// thousands.
	MaxElements = 40_000
	// MaxMergeCells bounds the merged ranges of one sheet; the report
	// sheet has a few dozen.
	MaxMergeCells = 2_000
)

// countElements counts the start tags of an XML part, head being its first
// bytes already read and r the rest. It reads the part through once,
// holding a small buffer.
func countElements(head []byte, r io.Reader) (int, error) {
	n := 0
	lt := false // the previous byte was '<'
	count := func(b []byte) {
		for _, c := range b {
			if lt && c != '/' && c != '?' && c != '!' {
				n++
			}
			lt = c == '<'
		}
	}
	count(head)
	buf := make([]byte, 32<<10)
	for {
		k, err := r.Read(buf)
		count(buf[:k])
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// countNamed counts the elements of a local name (any prefix) in b.
func countNamed(b []byte, name string) int {
	n := 0
	for i := 0; ; {
		k := bytes.Index(b[i:], []byte(name))
		if k < 0 {
			return n
		}
		at, end := i+k, i+k+len(name)
		if end < len(b) && (isXMLSpace(b[end]) || b[end] == '/' || b[end] == '>') && startsTag(b, at) {
			n++
		}
		i = end
	}
}

// startsTag reports whether the name at b[at] is an element's: right after
// '<', or after "<prefix:" (a prefix of at most 32 bytes, so the look back
// stays constant).
func startsTag(b []byte, at int) bool {
	if at > 0 && b[at-1] == '<' {
		return true
	}
	if at == 0 || b[at-1] != ':' {
		return false
	}
	for j := at - 2; j >= 0 && j >= at-34; j-- {
		switch c := b[j]; {
		case c == '<':
			return j < at-2
		case isXMLSpace(c) || c == '>' || c == '/' || c == '"' || c == '\'':
			return false
		}
	}
	return false
}

// SheetCells counts the cells excelize would make of a sheet's XML: for each
// row, the column of its last cell. It reads row and cell elements with any
// namespace prefix and attributes in either quote; a cell without a
// reference follows the one before, as in excelize. far is the reference of
// the cell furthest right.
func SheetCells(b []byte) (cells int64, far string) {
	row, col, last := 0, 0, 0
	farCol := 0
	endRow := func() {
		cells += int64(last)
		last = 0
	}
	for i := 0; i < len(b); i++ {
		if b[i] != '<' {
			continue
		}
		j := i + 1
		for j < len(b) && !isXMLSpace(b[j]) && b[j] != '>' && b[j] != '/' {
			j++
		}
		name := b[i+1 : j]
		if k := bytes.LastIndexByte(name, ':'); k >= 0 {
			name = name[k+1:]
		}
		isRow, isCell := string(name) == "row", string(name) == "c"
		if !isRow && !isCell {
			continue
		}
		ref, end := xmlAttr(b, j, "r")
		if isRow {
			endRow()
			if n, err := strconv.Atoi(ref); err == nil && n > 0 {
				row = n
			} else {
				row++
			}
			col = 0
		} else {
			if c, r, err := excelize.CellNameToCoordinates(ref); err == nil {
				col = c
				if row == 0 {
					row = r
				}
			} else {
				col++
			}
			if col > last {
				last = col
			}
			if col > farCol {
				farCol = col
				far, _ = excelize.CoordinatesToCellName(col, max(row, 1))
			}
		}
		i = end - 1
	}
	endRow()
	return cells, far
}

// RootElement returns the local name of the first element of an XML part
// from its first bytes; ok is false when they do not tell (a long prolog):
// the whole part is then scanned. "" with ok means not XML at all.
func RootElement(head []byte) (name string, ok bool) {
	b := bytes.TrimPrefix(head, []byte("\uFEFF"))
	for {
		b = bytes.TrimLeft(b, " \t\r\n")
		switch {
		case len(b) == 0:
			return "", false
		case b[0] != '<':
			return "", true
		case bytes.HasPrefix(b, []byte("<?")):
			i := bytes.Index(b, []byte("?>"))
			if i < 0 {
				return "", false
			}
			b = b[i+2:]
		case bytes.HasPrefix(b, []byte("<!")):
			i := bytes.IndexByte(b, '>')
			if i < 0 {
				return "", false
			}
			b = b[i+1:]
		default:
			j := 1
			for j < len(b) && !isXMLSpace(b[j]) && b[j] != '>' && b[j] != '/' {
				j++
			}
			if j == len(b) {
				return "", false
			}
			n := b[1:j]
			if k := bytes.LastIndexByte(n, ':'); k >= 0 {
				n = n[k+1:]
			}
			return string(n), true
		}
	}
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// xmlAttr returns the value of the attribute (any prefix) of the element
// whose attributes start at b[i], and where the element's tag ends. Entities
// are decoded as an XML parser would.
func xmlAttr(b []byte, i int, want string) (val string, end int) {
	for i < len(b) {
		for i < len(b) && isXMLSpace(b[i]) {
			i++
		}
		if i >= len(b) || b[i] == '>' || b[i] == '/' {
			break
		}
		j := i
		for j < len(b) && b[j] != '=' && !isXMLSpace(b[j]) && b[j] != '>' {
			j++
		}
		name := b[i:j]
		if k := bytes.LastIndexByte(name, ':'); k >= 0 {
			name = name[k+1:]
		}
		for j < len(b) && isXMLSpace(b[j]) {
			j++
		}
		if j >= len(b) || b[j] != '=' {
			i = j
			if j < len(b) && b[j] != '>' {
				i++
			}
			continue
		}
		j++
		for j < len(b) && isXMLSpace(b[j]) {
			j++
		}
		if j >= len(b) || b[j] != '"' && b[j] != '\'' {
			i = j
			continue
		}
		q := b[j]
		k := bytes.IndexByte(b[j+1:], q)
		if k < 0 {
			return val, len(b)
		}
		v := b[j+1 : j+1+k]
		i = j + 2 + k
		if string(name) == want {
			val = string(v)
			if bytes.IndexByte(v, '&') >= 0 {
				var s string
				if xml.Unmarshal(append(append([]byte("<a>"), v...), "</a>"...), &s) == nil {
					val = s
				}
			}
		}
	}
	return val, i
}
