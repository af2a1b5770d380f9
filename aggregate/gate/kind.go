package gate

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
)

// Kind is what a file is, told by its content, never its name.
type Kind int

// Kinds of file a folder of returned reports holds.
const (
	Unknown   Kind = iota // none of the below: refused by Sniff
	Empty                 // no byte at all
	XLSX                  // an Office Open XML workbook, or an archive to try as one
	Encrypted             // an Office document encrypted with a password (OLE)
	XLS                   // Excel 97–2003 (BIFF in OLE)
	ODS                   // OpenDocument spreadsheet
	DOC                   // Word 97–2003 (OLE)
	DOCX                  // Office Open XML document
	ODT                   // OpenDocument text
	PDF                   // PDF
	Text                  // plain text: CSV, tab-separated, a letter
	Mail                  // an Internet message (.eml)
	MSG                   // an Outlook message (.msg, OLE)
	Zip                   // an archive holding none of the above's parts
	RAR                   // a .rar archive (RAR4 or RAR5)
	SevenZip              // a .7z archive
	TNEF                  // Outlook's winmail.dat, a mail's attachments wrapped
	Image                 // a photo or a scan saved as an image (ImageKind)
)

var kindNames = [...]string{"không rõ", "tệp rỗng", ".xlsx", "tệp có mật khẩu", ".xls", ".ods", ".doc", ".docx", ".odt", ".pdf", "văn bản", "thư điện tử (.eml)", "thư Outlook (.msg)", ".zip", ".rar", ".7z", "winmail.dat", "ảnh"}

// String names the kind in Vietnamese, for messages.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "?"
}

// Classify tells what a file is from its first bytes and, for archives,
// the names of its parts (read from the archive's directory, nothing
// unpacked but a short "mimetype").
func Classify(data []byte) Kind {
	if len(data) == 0 {
		return Empty
	}
	switch MagicOf(data) {
	case OLEMagic:
		switch {
		case bytes.Contains(data, oleEncryptionInfo):
			return Encrypted
		case bytes.Contains(data, oleWord):
			return DOC
		case bytes.Contains(data, oleWorkbook) || bytes.Contains(data, oleBook):
			return XLS
		case bytes.Contains(data, oleMsgProperty):
			return MSG
		}
		return Unknown
	case ZipMagic:
		return classifyZip(data)
	case PDFMagic:
		return PDF
	case RARMagic:
		return RAR
	case SevenZipMagic:
		return SevenZip
	case TNEFMagic:
		return TNEF
	}
	if isImage(data) {
		return Image
	}
	head := data
	if len(head) > sniffTextPrefix {
		head = head[:sniffTextPrefix]
	}
	if !looksLikeText(head) {
		return Unknown
	}
	if looksLikeMail(head) {
		return Mail
	}
	lower := bytes.ToLower(head)
	if bytes.Contains(lower, []byte("urn:schemas-microsoft-com:office:spreadsheet")) ||
		bytes.Contains(lower, []byte("<html")) || bytes.Contains(lower, []byte("<table")) ||
		bytes.HasPrefix(head, []byte("{\\rtf")) {
		return Unknown // a spreadsheet or letter in a form Sniff explains
	}
	return Text
}

// oleMsgProperty is the prefix of an Outlook message's property streams.
var oleMsgProperty = utf16("__substg1.0_")

// classifyZip tells an archive's kind from its part names. An archive that
// cannot be read is left to Sniff (XLSX), which says why.
func classifyZip(data []byte) Kind {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil || len(zr.File) > MaxParts {
		return XLSX
	}
	has := map[string]bool{}
	mime := ""
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
		return ODS
	case mime == "application/vnd.oasis.opendocument.text":
		return ODT
	case has["word/document.xml"]:
		return DOCX
	case has["[content_types].xml"] || has["xl/workbook.xml"]:
		return XLSX
	case strings.HasPrefix(mime, odfMimePrefix):
		return Unknown
	}
	return Zip
}

// looksLikeMail reports whether text starts with the header block of an
// Internet message: header fields up to a blank line, among them From and
// one of Date, Subject, Message-ID, MIME-Version.
func looksLikeMail(head []byte) bool {
	from, other := false, false
	for _, line := range strings.Split(strings.ReplaceAll(string(head), "\r\n", "\n"), "\n") {
		if line == "" {
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			continue // a folded header line
		}
		name, _, ok := strings.Cut(line, ":")
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			return false
		}
		switch strings.ToLower(name) {
		case "from":
			from = true
		case "date", "subject", "message-id", "mime-version":
			other = true
		}
	}
	return from && other
}
