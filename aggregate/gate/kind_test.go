package gate

import (
	"archive/zip"
	"bytes"
	"testing"

	_ "tonghop/templates/testenv" // the flags every package's tests accept (go test ./... -update)
)

func zipOf(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"mimetype", "[Content_Types].xml", "xl/workbook.xml", "word/document.xml", "content.xml", "a.xlsx"} {
		if body, ok := parts[name]; ok {
			w, err := zw.Create(name)
			if err != nil {
				t.Fatal(err)
			}
			w.Write([]byte(body))
		}
	}
	zw.Close()
	return buf.Bytes()
}

func TestClassify(t *testing.T) {
	ole := func(stream string) []byte {
		return append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1................"), utf16(stream)...)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want Kind
	}{
		{"empty", nil, Empty},
		{"xlsx", zipOf(t, map[string]string{"[Content_Types].xml": "x", "xl/workbook.xml": "x"}), XLSX},
		{"docx", zipOf(t, map[string]string{"[Content_Types].xml": "x", "word/document.xml": "x"}), DOCX},
		{"ods", zipOf(t, map[string]string{"mimetype": odsMimeType, "content.xml": "x"}), ODS},
		{"ods without mimetype", zipOf(t, map[string]string{"content.xml": "x"}), ODS},
		{"odt", zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "x"}), ODT},
		{"odp", zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.presentation", "content.xml": "x"}), Unknown},
		{"plain zip", zipOf(t, map[string]string{"a.xlsx": "x"}), Zip},
		{"truncated zip", []byte("PK\x03\x04abc"), XLSX},
		{"jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'}, Image},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00"), Image},
		{"encrypted", ole("EncryptionInfo"), Encrypted},
		{"xls", ole("Workbook"), XLS},
		{"xls 95", ole("Book"), XLS},
		{"doc", ole("WordDocument"), DOC},
		{"msg", ole("__substg1.0_0037001F"), MSG},
		{"other ole", ole("PowerPoint Document"), Unknown},
		{"pdf", []byte("%PDF-1.7\n..."), PDF},
		{"csv", []byte("\ufeffDấu thời gian,Tên đơn vị\n10/3/2024 9:15:07,UBND xã Đắk Wil\n"), Text},
		{"eml", []byte("Return-Path: <a@b.vn>\r\nFrom: =?UTF-8?B?VUJORA==?= <a@b.vn>\r\nSubject: Bao cao\r\n\r\nbody"), Mail},
		{"letter with a colon", []byte("Kính gửi: Sở Thông tin và Truyền thông\nĐơn vị xin gửi báo cáo.\n"), Text},
		{"html", []byte("<html><table><tr><td>1</td></tr></table></html>"), Unknown},
		{"binary", []byte{0, 1, 2, 0xff}, Unknown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Classify(tc.data); got != tc.want {
				t.Errorf("Classify = %v, want %v", got, tc.want)
			}
		})
	}
}

func FuzzClassify(f *testing.F) {
	f.Add([]byte("From: a\nDate: b\n\nx"))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if k := Classify(b); k.String() == "?" {
			t.Fatalf("kind %d", k)
		}
	})
}

func TestMagicOf(t *testing.T) {
	for _, tc := range []struct {
		head string
		want Magic
	}{
		{"PK\x03\x04rest", ZipMagic},
		{"PK\x05\x06", ZipMagic},
		{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", OLEMagic},
		{"%PDF-1.7", PDFMagic},
		{"Rar!\x1a\x07\x00", RARMagic},
		{"Rar!\x1a\x07\x01\x00", RARMagic},
		{"7z\xbc\xaf\x27\x1c", SevenZipMagic},
		{"\x78\x9f\x3e\x22", TNEFMagic},
		{"", NoMagic},
		{"PK", NoMagic},
		{"%PDF", NoMagic},
		{"\xD0\xCF\x11\xE0", NoMagic},
		{"Mã đơn vị;C1", NoMagic},
	} {
		if got := MagicOf([]byte(tc.head)); got != tc.want {
			t.Errorf("MagicOf(%q) = %v, want %v", tc.head, got, tc.want)
		}
		if len(tc.head) > MagicLen && MagicOf([]byte(tc.head[:MagicLen])) != tc.want {
			t.Errorf("MagicOf(%q) needs more than MagicLen bytes", tc.head)
		}
	}
}
