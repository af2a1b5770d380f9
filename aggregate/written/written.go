// Package written recognises the written reports (báo cáo bằng văn bản)
// that units send beside their figures: a .docx, .odt, .pdf or .doc with a
// Nghị định 30/2020 title block. It extracts the text in reading order and
// the title block's fields — issuing body, number, kind, subject, place
// and date — and the file's own dates. It is a leaf at the start of the
// flow: it imports nothing of the project, every size an untrusted file
// controls is bounded, and no input makes it panic or hang.
package written

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"tonghop/aggregate/gate"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Doc is what a written report says about itself.
type Doc struct {
	Format string   // "docx", "odt", "pdf", "doc"
	Text   string   // the text in reading order, NFC, bounded by Limits.MaxText
	Lines  []string // Text's non-empty lines, trimmed, spaces collapsed
	// Issuer holds the title block's lines naming the issuing body, in
	// order: "UBND HUYỆN ĐẮK MIL", "PHÒNG VĂN HÓA VÀ THÔNG TIN".
	Issuer  []string
	Number  string    // "45/BC-UBND"; "/BC-UBND" when the number is left blank
	Kind    string    // "BÁO CÁO", "CÔNG VĂN", "KẾ HOẠCH"…
	Subject string    // the line(s) under the kind, or the "V/v" of a công văn
	Place   string    // "Đắk Mil"
	Date    time.Time // the dateline's date; zero when blank or absent
	// Modified and Created are the document properties; zero when absent.
	Modified, Created time.Time
	// NoText is set for a document without a line of text: a scan or a
	// photo saved as PDF (no text layer), or a Word file holding only a
	// picture. Nothing of it can be read, its title block included.
	NoText bool
}

// Limits bounds the work one file may cause. A zero field takes its
// value from the limits policy (package gate).
type Limits struct {
	MaxBytes int64 // the file itself
	MaxPart  int64 // one inflated part or stream
	// MaxText bounds the extracted text and, for a PDF,
	// the content interpreted: MaxText/2 bytes a page (more is refused),
	// 4×MaxText in all (later pages are skipped).
	MaxText    int
	MaxPages   int // PDF pages read (later pages are skipped)
	MaxObjects int // PDF objects
}

// withDefaults fills the zero fields of l from the limits policy
// (package gate).
func (l Limits) withDefaults() Limits {
	l.MaxBytes = gate.Bound(l.MaxBytes, gate.MaxFileSize)
	l.MaxPart = gate.Bound(l.MaxPart, gate.WrittenMaxPart)
	l.MaxText = gate.Bound(l.MaxText, gate.WrittenMaxText)
	l.MaxPages = gate.Bound(l.MaxPages, gate.WrittenMaxPages)
	l.MaxObjects = gate.Bound(l.MaxObjects, gate.WrittenMaxObjects)
	return l
}

// recoverPanics is Read's last-resort recovery; fuzz tests clear it.
var recoverPanics = true

// ErrNotDocument is returned (wrapped, with the file name) for a file that
// is none of the document formats.
var ErrNotDocument = errors.New("không phải văn bản .docx, .odt, .pdf hay .doc")

// Read recognises and reads a written report. name is only used in
// messages. The error, in Vietnamese, names the file.
func Read(name string, data []byte, lim Limits) (doc *Doc, err error) {
	lim = lim.withDefaults()
	defer func() {
		// Last resort: the readers check what they read. The fuzz tests
		// turn it off to see our own bugs.
		if !recoverPanics {
			return
		}
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("%s: tệp hỏng, không đọc được", name)
		}
	}()
	if int64(len(data)) > lim.MaxBytes {
		return nil, fmt.Errorf("%s: tệp quá lớn (%d byte, tối đa %d byte)", name, len(data), lim.MaxBytes)
	}
	var text string
	doc = &Doc{Format: sniff(data)}
	switch doc.Format {
	case "docx":
		text, err = readDocx(data, lim, doc)
	case "odt":
		text, err = readODT(data, lim, doc)
	case "pdf":
		text, err = readPDF(data, lim, doc)
	case "doc":
		text, err = readDoc(data, lim, doc)
	default:
		if gate.MagicOf(data) == gate.ZipMagic && !zipOK(data) {
			return nil, fmt.Errorf("%s: tệp nén (.docx, .odt) hỏng hoặc bị cắt cụt", name)
		}
		return nil, fmt.Errorf("%s: %w", name, ErrNotDocument)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	doc.Text, doc.Lines = clean(text, lim.MaxText)
	doc.NoText = len(doc.Lines) == 0
	doc.parseTitle()
	return doc, nil
}

// Looks reports cheaply whether data is a document (.docx, .odt, .pdf,
// .doc) rather than a spreadsheet or anything else: a sniff of the first
// bytes and, for zip and OLE files, of their directories. The name is not
// used: content decides, whatever the file is called.
func Looks(name string, data []byte) bool {
	defer func() { recover() }()
	return sniff(data) != ""
}

// sniff names the format by content, "" when none of ours.
func sniff(data []byte) string {
	switch gate.MagicOf(data) {
	case gate.PDFMagic:
		return "pdf"
	case gate.ZipMagic:
		return sniffZip(data)
	case gate.OLEMagic:
		if isWordOLE(data) {
			return "doc"
		}
	}
	return ""
}

// clean normalises the extracted text: NFC, bounded to max bytes (on a
// rune boundary), and its non-empty lines with runs of white space made
// one space.
func clean(text string, max int) (string, []string) {
	if len(text) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	text = norm.NFC.String(text)
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.Join(strings.FieldsFunc(l, unicode.IsSpace), " "); l != "" {
			lines = append(lines, l)
		}
	}
	return text, lines
}

// textBuf collects extracted text up to a bound; past it, writes are
// dropped and full reports true so that the reader can stop.
type textBuf struct {
	b   strings.Builder
	max int
}

func (t *textBuf) write(s string) {
	if room := t.max - t.b.Len(); room > 0 {
		if len(s) > room {
			s = s[:room]
		}
		t.b.WriteString(s)
	}
}

func (t *textBuf) full() bool { return t.b.Len() >= t.max }

// newline ends a line unless the text already ends one.
func (t *textBuf) newline() {
	if s := t.b.String(); s != "" && !strings.HasSuffix(s, "\n") {
		t.write("\n")
	}
}
