package written

import (
	"os"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func addFixture(f *testing.F, name string) {
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
}

// fuzzRead checks what Read returns for any input: no panic of our own
// (the last-resort recovery is off), bounded NFC text.
func fuzzRead(t *testing.T, data []byte) {
	recoverPanics, pdfInWorker = false, false
	defer func() { recoverPanics, pdfInWorker = true, true }()
	lim := Limits{MaxText: 4096, MaxPart: 1 << 20, MaxPages: 5, MaxObjects: 5000}
	d, err := Read("f", data, lim)
	if err != nil {
		return
	}
	if len(d.Text) > lim.MaxText || !utf8.ValidString(d.Text) || !norm.NFC.IsNormalString(d.Text) {
		t.Fatalf("text %d bytes, valid %v", len(d.Text), utf8.ValidString(d.Text))
	}
	for _, l := range d.Lines {
		if l == "" {
			t.Fatal("empty line")
		}
	}
}

func FuzzReadPDF(f *testing.F) {
	addFixture(f, "bao-cao.pdf")
	f.Add(mkPDF(pageObjs, "/Root 1 0 R", 6))
	f.Fuzz(fuzzRead)
}

func FuzzReadDoc(f *testing.F) {
	addFixture(f, "bao-cao.doc")
	f.Fuzz(fuzzRead)
}

func FuzzReadZip(f *testing.F) {
	addFixture(f, "bao-cao.docx")
	addFixture(f, "bao-cao.odt")
	f.Fuzz(fuzzRead)
}

// FuzzDocxXML fuzzes the part the docx reader parses, inside a valid zip.
func FuzzDocxXML(f *testing.F) {
	f.Add([]byte("<w:document><w:body><w:tbl><w:tc><w:p><w:r><w:t>UBND HUYỆN</w:t><w:tab/><w:br/></w:r></w:p></w:tc></w:tbl></w:body></w:document>"))
	f.Add([]byte("<office:text><text:p>Số:<text:s text:c=\"99999\"/>45<text:line-break/></text:p></office:text>"))
	f.Fuzz(func(t *testing.T, part []byte) {
		fuzzRead(t, zipOf(map[string][]byte{"word/document.xml": part}))
		fuzzRead(t, zipOf(map[string][]byte{"mimetype": []byte("application/vnd.oasis.opendocument.text"), "content.xml": part}))
	})
}

// FuzzParseTitle fuzzes the title-block parser on any text.
func FuzzParseTitle(f *testing.F) {
	f.Add("UBND HUYỆN ĐẮK MIL\nSố: 45/BC-UBND\nĐắk Mil, ngày 08 tháng 4 năm 2024\nBÁO CÁO\nKết quả")
	f.Add("V/v\nngày tháng năm 0000\nBÁO CÁO")
	f.Fuzz(func(t *testing.T, s string) {
		d := &Doc{}
		_, d.Lines = clean(s, 1<<16)
		d.parseTitle()
		if len(d.Issuer) > 4 {
			t.Fatalf("issuer %q", d.Issuer)
		}
	})
}
