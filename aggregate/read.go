package aggregate

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"tonghop/templates"
	"tonghop/templates/vn"
)

// ReadOptions are the options of reading returned files.
type ReadOptions struct {
	// Password opens workbooks encrypted with a password (--mat-khau).
	Password string
}

// Size limits. A returned report is a few tens of kilobytes; the limits leave
// room for pasted pictures and stop zip bombs before they are unpacked.
const (
	maxFileSize       = 32 << 20 // bytes of the file on disk
	unzipSizeLimit    = 64 << 20 // bytes of all parts of a workbook, unpacked
	unzipXMLSizeLimit = 16 << 20 // parts up to this size stay in memory
	// maxPartSize bounds one sheet or the shared strings, unpacked: the
	// report sheet is about 25 KB, and excelize parses a whole sheet into
	// memory (a sheet of a million rows took 10 s and 700 MB).
	maxPartSize = 4 << 20
	maxParts    = 5000 // parts of a workbook; a report has about fifteen
)

// ReadFile reads, identifies and validates one returned file. It never panics
// and never returns nil: an unreadable file gives a Report with Rejected set
// and an error Issue saying what to do.
func ReadFile(c *templates.Campaign, path string, opts ReadOptions) *Report {
	if skip := lockFileIssue(path); skip != "" {
		return skipped(path, skip)
	}
	st, err := os.Stat(path)
	if err != nil {
		return rejected(&Report{File: FileInfo{Path: path}}, fmt.Sprintf("không mở được tệp: %v", osErr(err)))
	}
	if st.IsDir() {
		return rejected(&Report{File: FileInfo{Path: path}}, "đây là thư mục, không phải tệp")
	}
	if st.Size() > maxFileSize {
		r := &Report{File: FileInfo{Path: path, Size: st.Size(), ModTime: st.ModTime()}}
		return rejected(r, fmt.Sprintf("tệp quá lớn (%s; giới hạn %s): báo cáo đơn vị chỉ cần vài chục KB — xóa ảnh dán vào bảng tính hoặc gửi lại đúng tệp biểu mẫu",
			byteSize(st.Size()), byteSize(maxFileSize)))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return rejected(&Report{File: FileInfo{Path: path, Size: st.Size(), ModTime: st.ModTime()}}, fmt.Sprintf("không đọc được tệp: %v", osErr(err)))
	}
	r := ReadBytes(c, path, data, opts)
	r.File.ModTime = st.ModTime()
	return r
}

// ReadBytes is ReadFile on content already in memory; name is the file's
// path, used in messages and to recognise lock files.
func ReadBytes(c *templates.Campaign, name string, data []byte, opts ReadOptions) (r *Report) {
	sum := sha256.Sum256(data)
	r = &Report{File: FileInfo{Path: name, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}}
	if skip := lockFileIssue(name); skip != "" {
		s := skipped(name, skip)
		s.File = r.File
		return s
	}
	// excelize is not meant to panic on any input, but one malformed file
	// must never stop the others: a panic becomes a rejection.
	defer func() {
		if p := recover(); p != nil {
			r.Values, r.Issues, r.Unit = nil, nil, nil
			rejected(r, fmt.Sprintf("tệp hỏng, không đọc được (%v): mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại", p))
		}
	}()
	if int64(len(data)) > maxFileSize {
		return rejected(r, fmt.Sprintf("tệp quá lớn (%s; giới hạn %s): báo cáo đơn vị chỉ cần vài chục KB — xóa ảnh dán vào bảng tính hoặc gửi lại đúng tệp biểu mẫu",
			byteSize(int64(len(data))), byteSize(maxFileSize)))
	}
	if msg := sniff(data, opts); msg != "" {
		return rejected(r, msg)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    unzipSizeLimit,
		UnzipXMLSizeLimit: unzipXMLSizeLimit,
		Password:          opts.Password,
	})
	if err != nil {
		if f != nil {
			f.Close()
		}
		return rejected(r, openError(err, opts))
	}
	defer f.Close()
	rd := &reader{c: c, f: f, r: r, file: name}
	if sheet, msg := checkSheets(f); msg != "" {
		rejected(r, msg)
		r.Issues[len(r.Issues)-1].Sheet = sheet
		return r
	}
	rd.read()
	validate(c, r, rd.bad)
	r.Issues.Sort()
	return r
}

// rejected marks the report as unusable with an error saying why.
func rejected(r *Report, msg string) *Report {
	r.Rejected = true
	r.Issues = append(r.Issues, Issue{File: r.File.Path, Severity: templates.SeverityError, Msg: msg})
	return r
}

// skipped is the report of a file that is not a report at all (a lock file):
// rejected, with a warning only, so that it never fails a run.
func skipped(path, msg string) *Report {
	r := &Report{File: FileInfo{Path: path}, Rejected: true, Skipped: true}
	r.Issues = Issues{{File: path, Severity: templates.SeverityWarning, Msg: msg}}
	return r
}

// lockFileIssue says why a file is skipped as an office suite's lock file,
// "" when it is not one.
func lockFileIssue(path string) string {
	base := filepath.Base(path)
	switch {
	case strings.HasPrefix(base, "~$"):
		return "bỏ qua: đây là tệp khóa tạm Excel tạo ra khi một bảng tính đang mở, không phải báo cáo (đóng Excel thì tệp tự mất)"
	case strings.HasPrefix(base, ".~lock."):
		return "bỏ qua: đây là tệp khóa tạm LibreOffice tạo ra khi một bảng tính đang mở, không phải báo cáo (đóng LibreOffice thì tệp tự mất)"
	}
	return ""
}

func osErr(err error) string {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "không có tệp này"
	case errors.Is(err, os.ErrPermission):
		return "không có quyền đọc"
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func byteSize(n int64) string {
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
	msgSaveAsXLSX   = "mở tệp bằng Excel hoặc LibreOffice, chọn Lưu thành (Save As) dạng “Sổ làm việc Excel (.xlsx)” rồi gửi lại; tốt nhất là điền vào đúng biểu mẫu đã gửi"
	msgEncrypted    = "tệp được đặt mật khẩu: dùng --mat-khau hoặc gửi lại bản không mật khẩu"
	msgWrongPass    = "tệp được đặt mật khẩu và mật khẩu đưa vào (--mat-khau) không đúng: hỏi lại đơn vị mật khẩu hoặc đề nghị gửi bản không mật khẩu"
	msgTruncated    = "tệp bị hỏng hoặc tải về chưa hết (không đọc được cấu trúc .xlsx): tải lại tệp đính kèm từ thư điện tử; nếu vẫn lỗi, đề nghị đơn vị gửi lại"
	msgBrokenPart   = "tệp .xlsx hỏng, không đọc được (một phần bên trong tệp bị cắt cụt hoặc sai cấu trúc): mở bằng Excel hoặc LibreOffice (chương trình sẽ đề nghị sửa tệp), lưu lại rồi gửi lại; nếu không mở được, đề nghị đơn vị gửi lại"
	msgNotWorkbook  = "không phải tệp Excel (.xlsx): đề nghị đơn vị điền vào biểu mẫu Excel đã gửi và gửi lại tệp .xlsx"
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

// sniff looks at the content, never the extension, and says why the file
// cannot be opened as an .xlsx workbook; "" when it can be tried.
func sniff(data []byte, opts ReadOptions) string {
	switch {
	case len(data) == 0:
		return "tệp rỗng (0 byte): có thể tải tệp đính kèm chưa xong — tải lại từ thư điện tử; nếu vẫn rỗng, đề nghị đơn vị gửi lại"
	case bytes.HasPrefix(data, []byte(oleMagic)):
		return sniffOLE(data, opts)
	case bytes.HasPrefix(data, []byte(zipMagic)) || bytes.HasPrefix(data, []byte(zipEmptyMagic)):
		return sniffZip(data)
	case bytes.HasPrefix(data, []byte("%PDF")):
		return "tệp PDF: không đọc được số liệu từ PDF. Nếu đây là báo cáo bằng văn bản thì lưu riêng; số liệu cần gửi bằng biểu mẫu Excel (.xlsx) đã gửi"
	case len(data) < len(oleMagic) && (bytes.HasPrefix([]byte(oleMagic), data) || bytes.HasPrefix([]byte(zipMagic), data)):
		return msgTruncated // the first bytes of a workbook, and nothing more
	}
	head := data
	if len(head) > sniffTextPrefix {
		head = head[:sniffTextPrefix]
	}
	lower := bytes.ToLower(head)
	switch {
	case bytes.Contains(lower, []byte("urn:schemas-microsoft-com:office:spreadsheet")):
		return "tệp Bảng tính XML 2003, không phải .xlsx: " + msgSaveAsXLSX
	case bytes.Contains(lower, []byte("<html")) || bytes.Contains(lower, []byte("<table")):
		return "tệp trang web (HTML) mang đuôi bảng tính, không phải .xlsx: " + msgSaveAsXLSX
	case bytes.HasPrefix(head, []byte("{\\rtf")):
		return "tệp văn bản RTF (Word), không phải bảng tính: " + msgNotWorkbook
	case looksLikeText(head):
		return "tệp văn bản/CSV, không phải .xlsx: tệp CSV mất biểu mẫu (tên vùng, mã đơn vị) nên không đọc chắc chắn được — " + msgSaveAsXLSX
	}
	return msgNotWorkbook
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

func sniffOLE(data []byte, opts ReadOptions) string {
	switch {
	case bytes.Contains(data, oleEncryptionInfo):
		if opts.Password == "" {
			return msgEncrypted
		}
		return "" // excelize decrypts it
	case bytes.Contains(data, oleWord):
		return "tệp Word (.doc), không phải bảng tính: " + msgNotWorkbook
	case bytes.Contains(data, oleWorkbook) || bytes.Contains(data, oleBook):
		return "tệp .xls (Excel 97-2003), không đọc được: " + msgSaveAsXLSX
	}
	return "tệp Office đời cũ (không phải .xlsx): " + msgSaveAsXLSX
}

func sniffZip(data []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return msgTruncated
	}
	if len(zr.File) > maxParts {
		return fmt.Sprintf("tệp có quá nhiều thành phần (%d; giới hạn %d): không phải báo cáo bình thường, có thể là tệp độc hại — không mở, đề nghị đơn vị gửi lại đúng biểu mẫu", len(zr.File), maxParts)
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
		if (strings.HasPrefix(name, "xl/worksheets/") || name == "xl/sharedstrings.xml") && f.UncompressedSize64 > maxPartSize && f.UncompressedSize64 > bigSize {
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
	case total > unzipSizeLimit:
		return fmt.Sprintf("tệp giải nén quá lớn (%s; giới hạn %s): không phải báo cáo bình thường, có thể là tệp độc hại — không mở, đề nghị đơn vị gửi lại đúng biểu mẫu",
			byteSize(int64(min(total, math.MaxInt64))), byteSize(unzipSizeLimit))
	case bigPart != "":
		what := "trang tính"
		if strings.EqualFold(bigPart, "xl/sharedStrings.xml") {
			what = "bảng chữ dùng chung"
		}
		return fmt.Sprintf("tệp có %s %s quá lớn khi giải nén (%s; giới hạn %s): báo cáo bình thường chỉ vài chục KB — có thể trang tính bị dán quá nhiều dữ liệu hoặc là tệp độc hại; không mở, đề nghị đơn vị gửi lại đúng biểu mẫu",
			what, bigPart, byteSize(int64(min(bigSize, math.MaxInt64))), byteSize(maxPartSize))
	case mime == odsMimeType || (has["content.xml"] && !has["[content_types].xml"] && mime == ""):
		return "tệp .ods (LibreOffice/OpenOffice): mở bằng LibreOffice/Excel và lưu lại dạng .xlsx (Lưu thành → “Excel 2007-365 (.xlsx)”) rồi gửi lại"
	case strings.HasPrefix(mime, odfMimePrefix):
		return "tệp văn bản OpenDocument, không phải bảng tính: " + msgNotWorkbook
	case has["word/document.xml"]:
		return "tệp Word (.docx), không phải bảng tính: " + msgNotWorkbook
	case has["ppt/presentation.xml"]:
		return "tệp PowerPoint, không phải bảng tính: " + msgNotWorkbook
	case !has["[content_types].xml"] || !has["xl/workbook.xml"] && !has["xl/workbook.bin"]:
		return "tệp nén .zip, không phải bảng tính .xlsx: giải nén và kiểm tra lại tệp bên trong, hoặc đề nghị đơn vị gửi lại tệp .xlsx"
	case has["xl/workbook.bin"]:
		return "tệp Excel nhị phân (.xlsb), không đọc được: " + msgSaveAsXLSX
	}
	return scanParts(zr)
}

// maxSheetCells bounds the cells excelize makes when it loads a sheet: it
// fills every row up to its last cell, about 200 bytes a cell, so that a
// few hundred rows with a cell in column XFD (a file of a few KB) would
// take gigabytes. A report fills a few hundred cells; one row reaching
// XFD is 16,384.
const maxSheetCells = 250_000

// scanParts reads every XML part as excelize will, without trusting the
// sizes the archive declares (a part longer than declared is an error) nor
// the part names (a sheet may be stored anywhere): a part over maxPartSize
// or a sheet that would expand past maxSheetCells refuses the file.
func scanParts(zr *zip.Reader) string {
	for _, f := range zr.File {
		if f.UncompressedSize64 == 0 || strings.HasSuffix(f.Name, "/") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return msgTruncated
		}
		head := make([]byte, 1024)
		n, err := io.ReadFull(rc, head)
		head = head[:n]
		if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
			rc.Close()
			return msgTruncated
		}
		if root, ok := rootElement(head); ok && root != "worksheet" && root != "dialogsheet" {
			// Not a sheet (styles, theme, a picture): excelize reads at most
			// the declared size of it, already bounded.
			rc.Close()
			continue
		}
		rest, err := io.ReadAll(io.LimitReader(rc, maxPartSize+1-int64(n)))
		rc.Close()
		if err != nil {
			return msgTruncated
		}
		part := append(head, rest...)
		if len(part) > maxPartSize {
			return fmt.Sprintf("tệp có phần %s quá lớn khi giải nén (hơn %s): báo cáo bình thường chỉ vài chục KB — có thể trang tính bị dán quá nhiều dữ liệu hoặc là tệp độc hại; không mở, đề nghị đơn vị gửi lại đúng biểu mẫu",
				f.Name, byteSize(maxPartSize))
		}
		if cells, far := sheetCells(part); cells > maxSheetCells {
			return fmt.Sprintf("tệp có trang tính quá nhiều ô khi mở ra (%s ô; giới hạn %s), ô xa nhất %s: có thể có dữ liệu gõ nhầm ở rất xa vùng biểu mẫu, hoặc là tệp độc hại — mở bằng Excel, xóa các cột, dòng thừa bên phải và bên dưới biểu mẫu, lưu lại rồi gửi lại",
				vn.Round(float64(cells), 2), vn.Round(maxSheetCells, 2), far)
		}
	}
	return ""
}

// sheetCells counts the cells excelize would make of a sheet's XML: for each
// row, the column of its last cell. It reads row and cell elements with any
// namespace prefix and attributes in either quote; a cell without a
// reference follows the one before, as in excelize. far is the reference of
// the cell furthest right.
func sheetCells(b []byte) (cells int64, far string) {
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
				far = cellName(col, max(row, 1))
			}
		}
		i = end - 1
	}
	endRow()
	return cells, far
}

// rootElement returns the local name of the first element of an XML part
// from its first bytes; ok is false when they do not tell (a long prolog):
// the whole part is then scanned. "" with ok means not XML at all.
func rootElement(head []byte) (name string, ok bool) {
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

// openError turns excelize's error on opening into a message.
func openError(err error, opts ReadOptions) string {
	switch {
	case errors.Is(err, excelize.ErrWorkbookPassword):
		return msgWrongPass
	case errors.Is(err, excelize.ErrWorkbookFileFormat) && opts.Password != "":
		return msgWrongPass
	case strings.Contains(err.Error(), "unzip size exceeds"):
		return fmt.Sprintf("tệp giải nén quá lớn (giới hạn %s): đề nghị đơn vị gửi lại đúng biểu mẫu", byteSize(unzipSizeLimit))
	case errors.Is(err, zip.ErrFormat), errors.Is(err, zip.ErrChecksum), errors.Is(err, io.ErrUnexpectedEOF):
		return msgTruncated
	}
	var syntax *xml.SyntaxError
	if errors.As(err, &syntax) || errors.Is(err, io.EOF) {
		// A part of the package is cut short or is not XML: the parser's
		// English words would tell the officer nothing.
		return msgBrokenPart
	}
	return fmt.Sprintf("tệp .xlsx hỏng, không đọc được (%v): mở bằng Excel hoặc LibreOffice, lưu lại rồi gửi lại", err)
}

// checkSheets refuses a workbook whose sheets cannot be told apart or whose
// sheets the reader needs cannot be parsed, naming the sheet; "" when fine.
// Reading such a sheet cell by cell would give one English XML error per
// indicator.
func checkSheets(f *excelize.File) (sheet, msg string) {
	seen := map[string]string{}
	for _, s := range f.GetSheetList() {
		key := strings.ToLower(s) // Excel compares sheet names without case
		if _, dup := seen[key]; dup {
			return s, fmt.Sprintf("tệp có hai trang cùng tên %s (Excel không cho phép, tệp đã bị sửa bằng công cụ khác hoặc bị hỏng): không biết phải đọc trang nào — mở tệp bằng Excel, lưu lại rồi gửi lại, hoặc đề nghị đơn vị gửi lại", quote(s))
		}
		seen[key] = s
	}
	// The report sheet is loaded here once for all its cells. Other sheets
	// are searched row by row, which stops quietly at an XML error.
	if s, ok := seen[strings.ToLower(templates.SheetReport)]; ok {
		if _, err := f.GetCellValue(s, "A1"); err != nil {
			return s, fmt.Sprintf("trang %s bị hỏng, không đọc được (nội dung XML sai): mở tệp bằng Excel (Excel sẽ đề nghị sửa tệp), lưu lại rồi gửi lại; nếu vẫn lỗi, đề nghị đơn vị gửi lại", quote(s))
		}
	}
	return "", ""
}

// reader reads one opened workbook into its report.
type reader struct {
	c    *templates.Campaign
	f    *excelize.File
	r    *Report
	file string

	date1904 bool
	names    map[string]cellRef    // defined names, upper case
	rows     map[string][][]string // sheet rows, read once for fallbacks
	bad      map[string]bool       // indicators whose cell could not be read
	merges   map[string][]excelize.MergeCell
}

// cellRef is a cell a defined name refers to.
type cellRef struct {
	Sheet, Cell string
	Broken      bool // "#REF!": the cell was deleted
}

func (rd *reader) issue(sev templates.Severity, sheet, cell, ind, msg string) {
	unit := ""
	if rd.r.Unit != nil {
		unit = rd.r.Unit.Code
	}
	rd.r.Issues = append(rd.r.Issues, Issue{File: rd.file, Sheet: sheet, Cell: cell, Unit: unit, Indicator: ind, Severity: sev, Msg: msg})
}

func (rd *reader) read() {
	f := rd.f
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		rd.date1904 = *props.Date1904
	}
	if dp, err := f.GetDocProps(); err == nil && dp != nil && dp.Modified != "" {
		if t, err := time.Parse(time.RFC3339, strings.TrimSpace(dp.Modified)); err == nil {
			rd.r.File.Saved = t
		}
	}
	rd.names = map[string]cellRef{}
	for _, dn := range f.GetDefinedName() {
		key := strings.ToUpper(strings.TrimSpace(dn.Name))
		ref, ok := parseRefersTo(dn.RefersTo)
		if !ok {
			continue
		}
		// A workbook-scoped name wins over a sheet-scoped one.
		if old, seen := rd.names[key]; seen && dn.Scope != "Workbook" && !old.Broken {
			continue
		}
		rd.names[key] = ref
	}
	rd.rows = map[string][][]string{}
	rd.bad = map[string]bool{}

	rd.identify()
	if rd.r.Rejected || rd.r.Unit == nil {
		return
	}
	rd.readValues()
	rd.readReporter()
}

// hasSheet reports whether the workbook has the sheet.
func (rd *reader) hasSheet(name string) bool {
	i, err := rd.f.GetSheetIndex(name)
	return err == nil && i >= 0
}

// cellName is the A1 name of a cell, from 1-based column and row.
func cellName(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col, row)
	return s
}

// parseRefersTo reads a defined name's reference: "'Báo cáo'!$D$12",
// "Sheet1!D12", "'Báo cáo'!$D$12:$E$12" (the first cell is taken) or a
// deleted "#REF!". ok is false for anything else (constants, formulas).
func parseRefersTo(s string) (cellRef, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "=")
	i := strings.LastIndexByte(s, '!')
	if i <= 0 {
		if strings.Contains(s, "#REF!") {
			return cellRef{Broken: true}, true
		}
		return cellRef{}, false
	}
	sheet, cell := s[:i], s[i+1:]
	if strings.HasPrefix(sheet, "'") && strings.HasSuffix(sheet, "'") && len(sheet) >= 2 {
		sheet = strings.ReplaceAll(sheet[1:len(sheet)-1], "''", "'")
	}
	if strings.Contains(sheet, "#REF") || strings.Contains(cell, "#REF") {
		return cellRef{Sheet: sheet, Broken: true}, true
	}
	if j := strings.IndexByte(cell, ':'); j >= 0 {
		cell = cell[:j]
	}
	cell = strings.ReplaceAll(cell, "$", "")
	if _, _, err := excelize.CellNameToCoordinates(cell); err != nil {
		return cellRef{}, false
	}
	return cellRef{Sheet: sheet, Cell: cell}, true
}

// cellContent is a cell as found.
type cellContent struct {
	Raw     string // the raw value (cached result for formulas)
	Type    excelize.CellType
	Formula string // without "=", "" when none
	// Computed is set when the formula had no cached result and its value
	// was computed here.
	Computed bool
	Err      string // a formula error value (#REF!, #DIV/0!), or why it could not be computed
}

// errorValues are the error values a cell can hold.
var errorValues = []string{"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!"}

func isErrorValue(s string) bool {
	s = strings.ToUpper(strings.TrimSpace(s))
	for _, e := range errorValues {
		if s == e {
			return true
		}
	}
	return false
}

// cell reads one cell, computing a formula that has no cached result.
func (rd *reader) cell(sheet, cell string) (cellContent, error) {
	var cc cellContent
	var err error
	if cc.Raw, err = rd.f.GetCellValue(sheet, cell); err != nil {
		return cc, err
	}
	cc.Type, _ = rd.f.GetCellType(sheet, cell)
	cc.Formula, _ = rd.f.GetCellFormula(sheet, cell)
	if cc.Formula != "" && strings.TrimSpace(cc.Raw) == "" {
		v, err := rd.f.CalcCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		switch {
		case err != nil && isErrorValue(v):
			cc.Err = strings.ToUpper(strings.TrimSpace(v))
		case err != nil:
			cc.Err = err.Error()
		default:
			cc.Raw, cc.Computed = v, true
		}
	}
	if cc.Err == "" && (cc.Type == excelize.CellTypeError || isErrorValue(cc.Raw)) && strings.TrimSpace(cc.Raw) != "" {
		cc.Err = strings.ToUpper(strings.TrimSpace(cc.Raw))
	}
	return cc, nil
}

// Bounds of the rows read when a sheet is searched (the fallback for lost
// defined names, the identity sheet, the unit name): the form is a few dozen
// rows and columns. A sheet with a cell at XFD1048576 would otherwise make
// GetRows allocate gigabytes.
const (
	maxScanRows = 2000
	maxScanCols = 64
)

// sheetRows returns a sheet's first rows with raw values, read once.
func (rd *reader) sheetRows(sheet string) [][]string {
	if rows, ok := rd.rows[sheet]; ok {
		return rows
	}
	var out [][]string
	if it, err := rd.f.Rows(sheet); err == nil {
		for n := 0; n < maxScanRows && it.Next(); n++ {
			row, err := it.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				break
			}
			if len(row) > maxScanCols {
				row = append([]string(nil), row[:maxScanCols]...)
			}
			out = append(out, row)
		}
		it.Close()
	}
	for len(out) > 0 && len(out[len(out)-1]) == 0 {
		out = out[:len(out)-1]
	}
	rd.rows[sheet] = out
	return out
}

// contentSheets returns the sheets where the form may be: the report sheet
// first, then every other visible sheet; never the identity sheet.
func (rd *reader) contentSheets() []string {
	var out []string
	list := rd.f.GetSheetList()
	for _, s := range list {
		if s == templates.SheetReport {
			out = append(out, s)
		}
	}
	for _, s := range list {
		if s == templates.SheetReport || s == templates.SheetIdentity {
			continue
		}
		if vis, _ := rd.f.GetSheetVisible(s); vis {
			out = append(out, s)
		}
	}
	return out
}

// locate finds the input cell of an indicator: by its defined name, else in
// column ColValue of the row whose column ColID holds the id. how is "" for
// the name, else a description of the fallback for the drift warning.
func (rd *reader) locate(id string) (ref cellRef, byName bool, found bool) {
	if ref, ok := rd.names[strings.ToUpper(templates.IndicatorName(id))]; ok && !ref.Broken && rd.hasSheet(ref.Sheet) {
		return ref, true, true
	}
	idCol, _ := excelize.ColumnNameToNumber(templates.ColID)
	valCol, _ := excelize.ColumnNameToNumber(templates.ColValue)
	for _, sheet := range rd.contentSheets() {
		for i, row := range rd.sheetRows(sheet) {
			if len(row) >= idCol && strings.EqualFold(strings.TrimSpace(row[idCol-1]), id) {
				cell, _ := excelize.CoordinatesToCellName(valCol, i+1)
				return cellRef{Sheet: sheet, Cell: cell}, false, true
			}
		}
	}
	return cellRef{}, false, false
}

// readValues reads every indicator of the unit's form.
func (rd *reader) readValues() {
	inds := rd.c.IndicatorsFor(rd.r.Unit.Group)
	rd.r.Values = make(map[string]Value, len(inds))
	type drift struct {
		id  string
		ref cellRef
	}
	var drifts []drift
	type located struct {
		ref           cellRef
		byName, found bool
	}
	locs := make([]located, len(inds))
	lost := 0
	for i, ind := range inds {
		l := &locs[i]
		l.ref, l.byName, l.found = rd.locate(ind.ID)
		if !l.found {
			lost++
		}
	}
	if lost == len(inds) && len(inds) > 1 {
		// Nothing of the form is left: one error, not one per indicator.
		where := fmt.Sprintf("trang %s vẫn còn nhưng không còn tên vùng %s… và không có dòng nào ghi mã chỉ tiêu ở cột %s", quote(templates.SheetReport), templates.NamePrefixIndicator, templates.ColID)
		if !rd.hasSheet(templates.SheetReport) {
			where = fmt.Sprintf("không có trang %s (bị xóa hoặc đổi tên) và không trang nào có dòng ghi mã chỉ tiêu ở cột %s", quote(templates.SheetReport), templates.ColID)
		}
		for _, ind := range inds {
			rd.bad[ind.ID] = true
			rd.r.Values[ind.ID] = Value{Type: ind.Type, Empty: true}
		}
		rd.issue(templates.SeverityError, "", "", "", fmt.Sprintf("không tìm thấy chỉ tiêu nào của biểu mẫu: %s — đề nghị đơn vị điền lại vào biểu mẫu gốc đã gửi", where))
		return
	}
	for i, ind := range inds {
		ref, byName, found := locs[i].ref, locs[i].byName, locs[i].found
		if !found {
			rd.bad[ind.ID] = true
			rd.r.Values[ind.ID] = Value{Type: ind.Type, Empty: true}
			rd.issue(templates.SeverityError, "", "", ind.ID, fmt.Sprintf("không tìm thấy ô của chỉ tiêu %s (%s): không có tên vùng %s và không có dòng ghi mã %s ở cột %s — biểu mẫu đã bị sửa, đề nghị đơn vị điền lại vào biểu mẫu gốc",
				ind.ID, ind.Label, templates.IndicatorName(ind.ID), ind.ID, templates.ColID))
			continue
		}
		if !byName {
			drifts = append(drifts, drift{ind.ID, ref})
		}
		rd.r.Values[ind.ID] = rd.readValue(ind, ref)
	}
	switch {
	case len(drifts) == 0:
	case len(drifts) == len(inds) && len(inds) > 1:
		rd.issue(templates.SeverityWarning, drifts[0].ref.Sheet, "", "", fmt.Sprintf("tệp không còn tên vùng %s… dùng được (bị xóa, hoặc trỏ tới trang không còn; có thể biểu mẫu được gõ lại hoặc xuất từ Google Sheets): đã đọc %d chỉ tiêu theo mã ở cột %s, giá trị ở cột %s — kiểm tra lại các số đọc được",
			templates.NamePrefixIndicator, len(drifts), templates.ColID, templates.ColValue))
	default:
		for _, d := range drifts {
			rd.issue(templates.SeverityWarning, d.ref.Sheet, d.ref.Cell, d.id, fmt.Sprintf("không còn tên vùng %s dùng được: đã đọc %s theo mã ở cột %s, ô %s — kiểm tra lại giá trị",
				templates.IndicatorName(d.id), d.id, templates.ColID, d.ref.Cell))
		}
	}
}

// readValue reads and converts one indicator's cell.
func (rd *reader) readValue(ind *templates.Indicator, ref cellRef) Value {
	v := Value{Type: ind.Type, Sheet: ref.Sheet, Cell: ref.Cell, Empty: true}
	if area, top := rd.mergedOver(ref.Sheet, ref.Cell); area != "" {
		rd.bad[ind.ID] = true
		rd.issue(templates.SeverityError, ref.Sheet, ref.Cell, ind.ID, mergedMsg(ind.ID, ref.Cell, area, top))
		return v
	}
	cc, err := rd.cell(ref.Sheet, ref.Cell)
	if err != nil {
		rd.bad[ind.ID] = true
		rd.issue(templates.SeverityError, ref.Sheet, ref.Cell, ind.ID, fmt.Sprintf("không đọc được ô của %s: %v", ind.ID, err))
		return v
	}
	v.Raw = cc.Raw
	if cc.Err != "" {
		rd.bad[ind.ID] = true
		rd.issue(templates.SeverityError, ref.Sheet, ref.Cell, ind.ID, formulaErrorMsg(ind.ID, cc))
		return v
	}
	if cc.Computed {
		rd.issue(templates.SeverityWarning, ref.Sheet, ref.Cell, ind.ID, fmt.Sprintf("%s là công thức =%s chưa có kết quả lưu sẵn; đã tự tính được %s — mở tệp bằng Excel, lưu lại để chắc chắn", ind.ID, cc.Formula, quote(cc.Raw)))
	}
	conv := rd.convert(ind.ID, ind.ID, ind.Type, cc, ref)
	conv.Sheet, conv.Cell = ref.Sheet, ref.Cell
	return conv
}

// mergedOver returns the merged area that covers the cell without starting
// at it, and the area's first cell; "" when the cell is not covered. Excel
// keeps only the first cell of a merged area: what was typed in the cell is
// hidden (and gone once Excel saves), and excelize reads the first cell's
// value (often the label) in its place.
func (rd *reader) mergedOver(sheet, cell string) (area, top string) {
	if rd.merges == nil {
		rd.merges = map[string][]excelize.MergeCell{}
	}
	mcs, ok := rd.merges[sheet]
	if !ok {
		mcs, _ = rd.f.GetMergeCells(sheet, true)
		rd.merges[sheet] = mcs
	}
	if len(mcs) == 0 {
		return "", ""
	}
	col, row, err := excelize.CellNameToCoordinates(cell)
	if err != nil {
		return "", ""
	}
	for _, mc := range mcs {
		c1, r1, err1 := excelize.CellNameToCoordinates(mc.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(mc.GetEndAxis())
		if err1 != nil || err2 != nil {
			continue
		}
		if col >= min(c1, c2) && col <= max(c1, c2) && row >= min(r1, r2) && row <= max(r1, r2) && (col != c1 || row != r1) {
			return mc.GetStartAxis() + ":" + mc.GetEndAxis(), mc.GetStartAxis()
		}
	}
	return "", ""
}

func mergedMsg(what, cell, area, top string) string {
	return fmt.Sprintf("%s: ô %s nằm trong vùng gộp ô %s, Excel chỉ giữ giá trị của ô đầu %s nên giá trị nhập ở %s bị che mất — bỏ gộp ô (Unmerge) và nhập lại giá trị vào ô %s", what, cell, area, top, cell, cell)
}

func formulaErrorMsg(id string, cc cellContent) string {
	if cc.Formula != "" {
		return fmt.Sprintf("%s: công thức =%s cho kết quả lỗi %s — sửa công thức hoặc nhập thẳng giá trị", id, cc.Formula, cc.Err)
	}
	return fmt.Sprintf("%s: ô chứa giá trị lỗi %s — nhập lại giá trị", id, cc.Err)
}

// convert turns a cell into a value of the type, reporting every inexact
// coercion with the original text. id is the indicator ("" for a reporter
// field); what names the value in messages.
func (rd *reader) convert(id, what string, typ templates.Type, cc cellContent, ref cellRef) Value {
	v := Value{Type: typ, Raw: cc.Raw, Empty: true}
	raw := cc.Raw
	if strings.TrimSpace(raw) == "" {
		return v
	}
	// A number cell holds a number; shared and inline strings hold text
	// (a number typed as text among them).
	num, numErr := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	isNum := numErr == nil && !math.IsNaN(num) && !math.IsInf(num, 0) &&
		(cc.Type == excelize.CellTypeNumber || cc.Type == excelize.CellTypeUnset || cc.Type == excelize.CellTypeBool)
	isBool := isNum && cc.Type == excelize.CellTypeBool
	warn := func(format string, args ...any) {
		rd.issue(templates.SeverityWarning, ref.Sheet, ref.Cell, id, fmt.Sprintf(format, args...))
	}
	fail := func(format string, args ...any) Value {
		if id != "" {
			rd.bad[id] = true
		}
		rd.issue(templates.SeverityError, ref.Sheet, ref.Cell, id, fmt.Sprintf(format, args...))
		return v
	}
	if !isNum {
		raw = rd.legacyText(id, what, raw, ref)
	}
	switch typ {
	case templates.TypeYesNo:
		if isNum {
			switch {
			case num == 1:
				v.Bool, v.Empty = true, false
			case num == 0:
				v.Bool, v.Empty = false, false
			default:
				return fail("%s = %s: cần chọn “Có” hoặc “Không”", what, vn.Number(num))
			}
			if !isBool {
				warn("%s: đọc số %s thành “%s”", what, vn.Number(num), templates.FormatValue(v.Bool))
			}
			return v
		}
		b, how, err := ParseYesNo(raw)
		if err != nil {
			return fail("%s: %v — chọn “Có” hoặc “Không” trong danh sách", what, err)
		}
		v.Bool, v.Empty = b, false
		if how != Exact {
			warn("%s: đọc %s thành “%s”", what, quote(raw), templates.FormatValue(b))
		}
	case templates.TypeWhole, templates.TypeNumber:
		whole := typ == templates.TypeWhole
		if isBool {
			return fail("%s = %s: cần nhập số, không phải Đúng/Sai", what, strings.ToUpper(strconv.FormatBool(num != 0)))
		}
		if isNum {
			if whole && num != math.Trunc(num) {
				return fail("%s = %s: phải là số nguyên", what, vn.Number(num))
			}
			v.Num, v.Empty = num+0, false // +0: no negative zero
			return v
		}
		n, how, err := ParseNumber(raw, whole)
		if err != nil {
			return fail("%s: %v — chỉ nhập số", what, err)
		}
		v.Num, v.Empty = n, false
		if how != Exact {
			warn("%s: đọc %s thành %s", what, quote(raw), vn.Number(n))
		}
	case templates.TypeDate:
		if isBool {
			return fail("%s = %s: cần nhập ngày", what, strings.ToUpper(strconv.FormatBool(num != 0)))
		}
		if isNum {
			if num < 1 || num >= 2958466 {
				return fail("%s = %s: không phải ngày hợp lệ — nhập dạng ngày/tháng/năm, ví dụ 15/12/2023", what, vn.Number(num))
			}
			v.Date, v.Empty = rd.serialToDate(num), false
			return v
		}
		if cc.Type == excelize.CellTypeDate {
			if t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(raw)); err == nil {
				v.Date, v.Empty = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), false
				return v
			}
		}
		t, how, err := ParseDate(raw)
		if err != nil {
			return fail("%s: %v", what, err)
		}
		v.Date, v.Empty = t, false
		if how != Exact {
			warn("%s: đọc %s thành ngày %s", what, quote(raw), vn.Date(t))
		}
	default: // text
		if isBool {
			raw = strings.ToUpper(strconv.FormatBool(num != 0))
		} else if isNum {
			raw = vn.Number(num)
		}
		v.Text = cleanCell(raw)
		v.Empty = v.Text == ""
	}
	return v
}

// serialToDate converts a serial day number of the workbook's date system.
func (rd *reader) serialToDate(n float64) time.Time {
	if rd.date1904 {
		return time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(math.Floor(n)))
	}
	return templates.SerialToDate(n)
}

// legacyText converts text typed with a legacy Vietnamese font encoding,
// with a warning showing both.
func (rd *reader) legacyText(id, what, s string, ref cellRef) string {
	l := DetectLegacy(s)
	if l == LegacyNone {
		return s
	}
	conv := ConvertLegacy(s, l)
	rd.issue(templates.SeverityWarning, ref.Sheet, ref.Cell, id, fmt.Sprintf("%s: chữ gõ bằng bảng mã cũ %s: %s đã đổi thành %s — nên gõ lại bằng Unicode", what, l, quote(s), quote(conv)))
	return conv
}

// readReporter reads the reporter block by its defined names. A lost name
// leaves its field empty: the reporter block is informative, except the
// report date that the rules read.
func (rd *reader) readReporter() {
	field := func(name, what string, typ templates.Type) (Value, bool) {
		ref, ok := rd.names[name]
		if !ok || ref.Broken || !rd.hasSheet(ref.Sheet) {
			return Value{}, false
		}
		if area, top := rd.mergedOver(ref.Sheet, ref.Cell); area != "" {
			rd.issue(templates.SeverityError, ref.Sheet, ref.Cell, "", mergedMsg(what, ref.Cell, area, top))
			return Value{}, false
		}
		cc, err := rd.cell(ref.Sheet, ref.Cell)
		if err != nil {
			return Value{}, false
		}
		if cc.Err != "" {
			rd.issue(templates.SeverityError, ref.Sheet, ref.Cell, "", formulaErrorMsg(what, cc))
			return Value{}, false
		}
		v := rd.convert("", what, typ, cc, ref)
		v.Sheet, v.Cell = ref.Sheet, ref.Cell
		return v, !v.Empty
	}
	rep := &rd.r.Reporter
	if v, ok := field(templates.NameReporterName, "Họ tên người báo cáo", templates.TypeText); ok {
		rep.Name = v.Text
	}
	if v, ok := field(templates.NameReporterTitle, "Chức vụ người báo cáo", templates.TypeText); ok {
		rep.Title = v.Text
	}
	if v, ok := field(templates.NameReporterPhone, "Điện thoại người báo cáo", templates.TypeText); ok {
		rep.Phone = v.Text
	}
	if v, ok := field(templates.NameReporterEmail, "Email người báo cáo", templates.TypeText); ok {
		rep.Email = v.Text
	}
	if v, ok := field(templates.NameReportDate, "Ngày báo cáo", templates.TypeDate); ok {
		rep.Date = v.Date
		rep.DateSheet, rep.DateCell = v.Sheet, v.Cell
	}
}
