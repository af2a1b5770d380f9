// Package gate is the untrusted-file gate: it looks at a returned file's
// bytes, never its name, tells what kind of file it is, and says why one
// cannot be opened as a workbook. It parses nothing: each format's reader
// bounds what it inflates and parses itself, in the one pass that reads the
// file. It knows nothing of campaigns or reports; its messages are
// Vietnamese and say what to do.
package gate

import (
	"archive/zip"
	"bytes"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ByteSize writes a size the way an officer reads it.
func ByteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return strings.Replace(strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64), ".", ",", 1) + " MB"
	case n >= 1<<10:
		return strconv.FormatInt(n>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " byte"
}

// Messages for files that are not a usable workbook. Each says what is
// wrong, then " — " (Advice), then what to do: the officer reads all of
// it, a letter to the unit only what is wrong (Cause), since
// what to do may name tonghop's options.
const (
	// Advice separates what is wrong from what to do, in every message
	// about a file that cannot be used.
	Advice          = " — "
	MsgSaveAsXLSX   = "mở tệp bằng Excel hoặc LibreOffice, chọn Lưu thành (Save As) dạng “Sổ làm việc Excel (.xlsx)” rồi gửi lại; tốt nhất là điền vào đúng biểu mẫu đã gửi"
	MsgEncrypted    = "tệp được đặt mật khẩu — dùng --mat-khau hoặc gửi lại bản không mật khẩu"
	MsgWrongPass    = "tệp được đặt mật khẩu, mật khẩu đưa vào không mở được — chạy lại với --mat-khau đúng (hỏi lại đơn vị mật khẩu) hoặc đề nghị gửi bản không mật khẩu"
	MsgTruncated    = "tệp bị hỏng hoặc tải về chưa hết (không đọc được cấu trúc .xlsx) — tải lại tệp đính kèm từ thư điện tử; nếu vẫn lỗi, đề nghị đơn vị gửi lại"
	MsgNotWorkbook  = "không phải tệp Excel (.xlsx)" + Advice + sendXLSX
	sendXLSX        = "đề nghị đơn vị điền vào biểu mẫu Excel đã gửi và gửi lại tệp .xlsx"
	odsMimeType     = "application/vnd.oasis.opendocument.spreadsheet"
	odfMimePrefix   = "application/vnd.oasis.opendocument."
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
	if len(data) == 0 {
		return "tệp rỗng (0 byte) — có thể tải tệp đính kèm chưa xong: tải lại từ thư điện tử; nếu vẫn rỗng, đề nghị đơn vị gửi lại"
	}
	switch MagicOf(data) {
	case OLEMagic:
		return sniffOLE(data, password)
	case ZipMagic:
		return sniffZip(data)
	case PDFMagic:
		return "tệp PDF, không đọc được số liệu từ PDF — nếu đây là báo cáo bằng văn bản thì lưu riêng; số liệu cần gửi bằng biểu mẫu Excel (.xlsx) đã gửi"
	}
	switch {
	case isImage(data):
		return "ảnh chụp hoặc ảnh quét (" + ImageKind(data) + "): đã gửi, không đọc được số liệu từ ảnh — đề nghị đơn vị gửi tệp Excel (.xlsx) của biểu mẫu đã gửi; nếu đây là báo cáo bằng văn bản thì gửi tệp .docx hoặc .pdf có chữ"
	case truncatedMagic(data):
		return MsgTruncated // the first bytes of a workbook, and nothing more
	}
	head := data
	if len(head) > sniffTextPrefix {
		head = head[:sniffTextPrefix]
	}
	lower := bytes.ToLower(head)
	switch {
	case bytes.Contains(lower, []byte("urn:schemas-microsoft-com:office:spreadsheet")):
		return "tệp Bảng tính XML 2003, không phải .xlsx" + Advice + MsgSaveAsXLSX
	case bytes.Contains(lower, []byte("<html")) || bytes.Contains(lower, []byte("<table")):
		return "tệp trang web (HTML) mang đuôi bảng tính, không phải .xlsx" + Advice + MsgSaveAsXLSX
	case bytes.HasPrefix(head, []byte("{\\rtf")):
		return "tệp văn bản RTF (Word), không phải bảng tính" + Advice + sendXLSX
	case looksLikeText(head):
		return "tệp văn bản/CSV, không phải .xlsx: tệp CSV mất biểu mẫu (tên vùng, mã đơn vị) nên không đọc chắc chắn được" + Advice + MsgSaveAsXLSX
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
		return "tệp Word (.doc), không phải bảng tính" + Advice + sendXLSX
	case bytes.Contains(data, oleWorkbook) || bytes.Contains(data, oleBook):
		return "tệp .xls (Excel 97-2003), không đọc được" + Advice + MsgSaveAsXLSX
	}
	return "tệp Office đời cũ (không phải .xlsx)" + Advice + MsgSaveAsXLSX
}

// sniffZip tells what an archive that holds no readable workbook is, from
// its directory alone: the .xlsx reader has bounded and read everything it
// could before.
func sniffZip(data []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return MsgTruncated
	}
	return checkDirectory(zr)
}

func checkDirectory(zr *zip.Reader) string {
	has := map[string]bool{}
	var mime string
	for _, f := range zr.File {
		name := strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))
		has[name] = true
		if name == "mimetype" && f.UncompressedSize64 < 256 {
			if rc, err := f.Open(); err == nil {
				b, _ := io.ReadAll(io.LimitReader(rc, 256))
				rc.Close()
				mime = strings.TrimSpace(string(b))
			}
		}
	}
	switch {
	case mime == odsMimeType || (has["content.xml"] && !has["[content_types].xml"] && mime == ""):
		return "tệp .ods (LibreOffice/OpenOffice) — mở bằng LibreOffice/Excel và lưu lại dạng .xlsx (Lưu thành → “Excel 2007-365 (.xlsx)”) rồi gửi lại"
	case strings.HasPrefix(mime, odfMimePrefix):
		return "tệp văn bản OpenDocument, không phải bảng tính" + Advice + sendXLSX
	case has["word/document.xml"]:
		return "tệp Word (.docx), không phải bảng tính" + Advice + sendXLSX
	case has["ppt/presentation.xml"]:
		return "tệp PowerPoint, không phải bảng tính" + Advice + sendXLSX
	case has["xl/workbook.bin"]:
		return "tệp Excel nhị phân (.xlsb), không đọc được" + Advice + MsgSaveAsXLSX
	}
	return "tệp nén .zip, không phải bảng tính .xlsx — giải nén và kiểm tra lại tệp bên trong, hoặc đề nghị đơn vị gửi lại tệp .xlsx"
}

// ImageKind names the image format data starts with, "" when none:
// JPEG, PNG, TIFF, HEIC (an ISO media file whose brand is heic, heix or mif1).
func ImageKind(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return ".jpg"
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return ".png"
	case bytes.HasPrefix(data, []byte("II*\x00")) || bytes.HasPrefix(data, []byte("MM\x00*")):
		return ".tif"
	case len(data) >= 12 && string(data[4:8]) == "ftyp" &&
		(string(data[8:12]) == "heic" || string(data[8:12]) == "heix" || string(data[8:12]) == "mif1"):
		return ".heic"
	}
	return ""
}

// isImage reports whether data is a photo or a scan.
func isImage(data []byte) bool { return ImageKind(data) != "" }

// Cause is what a message about a file says is wrong, without what the
// officer should do about it: every such message is written as what is
// wrong, Advice (" — "), then what to do, and what to do may name
// tonghop's options (--mat-khau) or the officer's steps. A letter to the
// unit quotes the cause and asks for what the letter itself says.
func Cause(msg string) string {
	cause, _, _ := strings.Cut(msg, Advice)
	return cause
}
