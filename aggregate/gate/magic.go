package gate

import "bytes"

// Magic is the container a file's first bytes announce.
type Magic int

// The signatures at the start of the files a returned report may be.
const (
	NoMagic       Magic = iota // none of the below
	ZipMagic                   // a zip: .xlsx, .ods, .docx, .odt or a .zip (an empty one too)
	OLEMagic                   // an OLE compound file: .xls, .doc, .msg, or an encrypted Office file
	PDFMagic                   // a PDF
	RARMagic                   // a RAR archive, RAR4 or RAR5
	SevenZipMagic              // a 7z archive
	TNEFMagic                  // Outlook's winmail.dat
)

// MagicLen is the most bytes MagicOf looks at: a caller that reads only
// a file's head reads this many.
const MagicLen = 8

var magics = []struct {
	prefix string
	magic  Magic
}{
	{"PK\x03\x04", ZipMagic},
	{"PK\x05\x06", ZipMagic}, // the end record of an archive with no entry
	{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", OLEMagic},
	{"%PDF-", PDFMagic},
	{"Rar!\x1a\x07\x00", RARMagic},
	{"Rar!\x1a\x07\x01\x00", RARMagic},
	{"7z\xbc\xaf\x27\x1c", SevenZipMagic},
	{"\x78\x9f\x3e\x22", TNEFMagic},
}

// MagicOf tells the container from a file's first bytes: the one home of
// the file signatures, for the gate, the archive unpacker, the written
// report reader, the mail reader and the folder walk.
func MagicOf(head []byte) Magic {
	for _, m := range magics {
		if bytes.HasPrefix(head, []byte(m.prefix)) {
			return m.magic
		}
	}
	return NoMagic
}

// truncatedMagic reports whether head is shorter than a zip's or an OLE
// file's signature and starts it: the first bytes of a workbook, and
// nothing more.
func truncatedMagic(head []byte) bool {
	if len(head) == 0 {
		return false
	}
	for _, m := range magics[:3] {
		if len(head) < len(m.prefix) && bytes.HasPrefix([]byte(m.prefix), head) {
			return true
		}
	}
	return false
}
