package mail

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
	"tonghop/aggregate/gate"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

var xlsxBytes = []byte("PK\x03\x04 bang tinh Dak Mil")

func TestParseEML(t *testing.T) {
	ict := time.FixedZone("", 7*3600)
	thunderbird := &Mail{
		Date:        time.Date(2024, 4, 4, 16, 5, 12, 0, ict),
		From:        Address{Name: "Văn phòng UBND huyện Đắk Mil", Email: "vanphong@dakmil.gov.vn"},
		Subject:     "Báo cáo kết quả tuyên truyền kỷ niệm 20 năm tái lập tỉnh",
		MessageID:   "5f1c2a3b-1d2e-4f50-9a8b-0c1d2e3f4a5b@dakmil.gov.vn",
		Attachments: []Attachment{{Name: "Báo cáo 20 năm - Đắk Mil.xlsx", Data: xlsxBytes}},
	}
	for _, tc := range []struct {
		file string
		want *Mail
	}{
		{"thunderbird.eml", thunderbird},
		{"outlook.eml", &Mail{
			Date:      time.Date(2024, 4, 5, 2, 15, 0, 0, time.UTC),
			From:      Address{Name: "Phòng Văn hóa - Thông tin", Email: "pvhtt@cujut.gov.vn"},
			Subject:   "V/v gửi báo cáo 20 năm",
			MessageID: "SEYPR01MB1234567ABCDEF@SEYPR01MB1234.apcprd01.prod.exchangelabs.com",
			Attachments: []Attachment{
				{Name: "image001.png", Data: []byte("\x89PNG\r\n\x1a\nimage")},
				{Name: "BC 20 năm (final) (1).xlsx", Data: xlsxBytes},
			},
		}},
		{"gmail.eml", &Mail{
			Date:      time.Date(2024, 4, 6, 9, 1, 2, 0, ict),
			Received:  time.Date(2024, 4, 6, 9, 1, 7, 0, ict),
			From:      Address{Name: "Xã Đắk Wer", Email: "xadakwer@gmail.com"},
			Subject:   "Gửi báo cáo của UBND xã Đắk Wer",
			MessageID: "CAF1x2y3z4=abc+DEF@mail.gmail.com",
			Attachments: []Attachment{{
				Name: "Báo cáo UBND xã Đắk Wer - huyện Đắk R’lấp (bản chính thức).zip",
				Data: []byte("PK\x03\x04zip-bytes"),
			}},
		}},
		{"forwarded.eml", &Mail{
			Date:        time.Date(2024, 4, 8, 7, 30, 0, 0, ict),
			From:        Address{Name: "Tran Thi B", Email: "tranthib@daknong.gov.vn"},
			Subject:     "Fwd: Báo cáo",
			MessageID:   "fwd-0001@daknong.gov.vn",
			Attachments: thunderbird.Attachments,
		}},
		{"no-attachment.eml", &Mail{
			Date:    time.Date(2024, 4, 9, 10, 0, 0, 0, ict),
			From:    Address{Email: "ubndxa@daknong.gov.vn"},
			Subject: "Xin gia hạn nộp báo cáo",
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "eml", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			got, err := Parse(tc.file, data, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			assertMail(t, got, tc.want)
		})
	}
}

func assertMail(t *testing.T, got, want *Mail) {
	t.Helper()
	if !got.Date.Equal(want.Date) {
		t.Errorf("Date %v, want %v", got.Date, want.Date)
	}
	if !got.Received.Equal(want.Received) {
		t.Errorf("Received %v, want %v", got.Received, want.Received)
	}
	if got.From != want.From {
		t.Errorf("From %q, want %q", got.From, want.From)
	}
	if got.Subject != want.Subject {
		t.Errorf("Subject %q, want %q", got.Subject, want.Subject)
	}
	if got.MessageID != want.MessageID {
		t.Errorf("MessageID %q, want %q", got.MessageID, want.MessageID)
	}
	if len(got.Attachments) != len(want.Attachments) {
		t.Fatalf("%d attachments %v, want %d", len(got.Attachments), names(got), len(want.Attachments))
	}
	for i, a := range want.Attachments {
		g := got.Attachments[i]
		if g.Name != a.Name || !bytes.Equal(g.Data, a.Data) {
			t.Errorf("attachment %d: %q (%d bytes), want %q (%d bytes)", i, g.Name, len(g.Data), a.Name, len(a.Data))
		}
	}
}

func names(m *Mail) []string {
	var out []string
	for _, a := range m.Attachments {
		out = append(out, a.Name)
	}
	return out
}

// TestParseMsg reads a real Outlook .msg (mscfb's test file, written by
// Outlook 2013 against Exchange) and the same file with a Vietnamese
// attachment name patched into its Unicode name properties.
func TestParseMsg(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "outlook-mscfb.msg"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Parse("thu.msg", data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := &Mail{
		Date:      time.Date(2013, 11, 17, 21, 26, 9, 0, time.UTC),
		Received:  time.Date(2013, 11, 17, 21, 26, 10, 11673000, time.UTC),
		From:      Address{Name: "Lehane, Richard", Email: "Richard.Lehane@records.nsw.gov.au"},
		Subject:   "test",
		MessageID: "3031EDB65352F345AF0723D0EBAAAE463A3D90@EXCHANGE.records.nsw.gov.au",
	}
	assertMail(t, m, &Mail{Date: want.Date, Received: want.Received, From: want.From, Subject: want.Subject, MessageID: want.MessageID, Attachments: m.Attachments})
	if got := fmt.Sprint(names(m), len(m.Attachments[0].Data), len(m.Attachments[1].Data)); got != "[test.doc image001.gif] 12288 2864" {
		t.Errorf("attachments %s", got)
	}
	if gate.MagicOf(m.Attachments[0].Data) != gate.OLEMagic || !bytes.HasPrefix(m.Attachments[1].Data, []byte("GIF8")) {
		t.Errorf("attachment bytes are not the .doc and the .gif")
	}

	// "test.doc" is 8 UTF-16 units in 3704 and 3707: the same length as
	// "Đắk.xlsx", so the streams can be rewritten in place.
	patched := bytes.ReplaceAll(data, utf16le("test.doc"), utf16le("Đắk.xlsx"))
	m, err = Parse("thu.msg", patched, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(m); got[0] != "Đắk.xlsx" {
		t.Errorf("patched name %q, want %q", got[0], "Đắk.xlsx")
	}
}

func utf16le(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

func TestParseErrors(t *testing.T) {
	thunderbird, err := os.ReadFile(filepath.Join("testdata", "eml", "thunderbird.eml"))
	if err != nil {
		t.Fatal(err)
	}
	msg, err := os.ReadFile(filepath.Join("testdata", "outlook-mscfb.msg"))
	if err != nil {
		t.Fatal(err)
	}
	small := Limits{MaxSize: 1 << 20, MaxAttachments: 10, MaxParts: 100, MaxDepth: 5, MaxHeaderBytes: 4 << 10}
	for _, tc := range []struct {
		name string
		data []byte
		lim  Limits
		kind error
		want string
	}{
		{"cut.eml", thunderbird[:len(thunderbird)-200], Limits{}, ErrMalformed,
			"cut.eml: thư hỏng hoặc không đúng định dạng (tệp đính kèm \"Báo cáo 20 năm - Đắk Mil.xlsx\" hỏng)"},
		{"cut-between-parts.eml", manyParts(3)[:200], Limits{}, ErrMalformed,
			"cut-between-parts.eml: thư hỏng hoặc không đúng định dạng (thư bị cắt cụt hoặc hỏng cấu trúc MIME)"},
		{"header-bomb.eml", []byte("Subject: x\r\nX-A: " + strings.Repeat("a", 8<<10) + "\r\n\r\nbody"), small, ErrHeaderTooLarge,
			"header-bomb.eml: phần đầu thư quá lớn (tối đa 4096 byte)"},
		{"many-fields.eml", []byte(strings.Repeat("X-A: b\r\n", 2000) + "\r\n"), small, ErrHeaderTooLarge,
			"many-fields.eml: phần đầu thư quá lớn (tối đa 4096 byte)"},
		{"parts.eml", manyParts(10000), small, ErrTooManyParts,
			"parts.eml: thư có quá nhiều phần (quá 10 tệp đính kèm)"},
		{"parts-no-names.eml", manyTextParts(10000), small, ErrTooManyParts,
			"parts-no-names.eml: thư có quá nhiều phần (quá 100 phần)"},
		{"deep.eml", deepMail(200), small, ErrTooDeep,
			"deep.eml: thư lồng nhau quá sâu (quá 5 cấp)"},
		{"big.eml", bigAttachment(2 << 20), small, ErrTooLarge,
			"big.eml: thư quá lớn (2870012 byte, tối đa 1048576)"},
		{"bao-cao.xlsx", []byte("PK\x03\x04\x14\x00\x06\x00"), Limits{}, ErrMalformed,
			"bao-cao.xlsx: thư hỏng hoặc không đúng định dạng (không đọc được phần đầu thư)"},
		{"empty.eml", nil, Limits{}, ErrNotMail,
			"empty.eml: không phải tệp thư (.eml hoặc .msg) (không có các trường From, Date, Subject)"},
		{"not-outlook.msg", []byte("Subject: x\r\n\r\n"), Limits{}, ErrNotMail,
			"not-outlook.msg: không phải tệp thư (.eml hoặc .msg) (tệp .msg không phải tệp Outlook)"},
		{"cut.msg", msg[:5000], Limits{}, ErrMalformed,
			"cut.msg: thư hỏng hoặc không đúng định dạng (không đọc được tệp Outlook .msg)"},
		{"few.msg", msg, Limits{MaxAttachments: 1}, ErrTooManyParts,
			"few.msg: thư có quá nhiều phần (quá 1 tệp đính kèm)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Parse(tc.name, tc.data, tc.lim)
			if err == nil {
				t.Fatalf("no error, got %d attachments", len(m.Attachments))
			}
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, tc.kind) {
				t.Errorf("error %T %v, want kind %v", err, err, tc.kind)
			}
			if err.Error() != tc.want {
				t.Errorf("message\n%q\nwant\n%q", err.Error(), tc.want)
			}
		})
	}
}

// manyParts is a multipart with n named attachments.
func manyParts(n int) []byte {
	var b bytes.Buffer
	b.WriteString("Subject: x\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "--B\r\nContent-Disposition: attachment; filename=\"f%d.xlsx\"\r\n\r\nx\r\n", i)
	}
	b.WriteString("--B--\r\n")
	return b.Bytes()
}

// manyTextParts is a multipart with n unnamed text parts.
func manyTextParts(n int) []byte {
	var b bytes.Buffer
	b.WriteString("Subject: x\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n")
	for i := 0; i < n; i++ {
		b.WriteString("--B\r\nContent-Type: text/plain\r\n\r\nx\r\n")
	}
	b.WriteString("--B--\r\n")
	return b.Bytes()
}

// deepMail nests n multiparts.
func deepMail(n int) []byte {
	var b bytes.Buffer
	b.WriteString("Subject: x\r\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "Content-Type: multipart/mixed; boundary=B%d\r\n\r\n--B%d\r\n", i, i)
	}
	b.WriteString("Content-Type: text/plain\r\n\r\nx\r\n")
	for i := n - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "--B%d--\r\n", i)
	}
	return b.Bytes()
}

// bigAttachment is a mail whose base64 attachment decodes to n bytes.
func bigAttachment(n int) []byte {
	var b bytes.Buffer
	b.WriteString("Subject: x\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\n")
	b.WriteString("Content-Disposition: attachment; filename=big.xlsx\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	line := strings.Repeat("QUFB", 19) + "\r\n" // 57 bytes a line
	for i := 0; i < n/57+1; i++ {
		b.WriteString(line)
	}
	b.WriteString("--B--\r\n")
	return b.Bytes()
}

func TestSafeFileName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"2024-04-05 09.15 - Đắk Mil - BC: 20 năm?", "2024-04-05 09.15 - Đắk Mil - BC_ 20 năm_"},
		{"a/b\\c<d>e|f*g\"h", "a_b_c_d_e_f_g_h"},
		{"CON", "_CON"},
		{"nul.txt", "_nul.txt"},
		{"com1", "_com1"},
		{"CONSOLE", "CONSOLE"},
		{"tên.  ", "tên"},
		{"  \t\r\n ", "thư"},
		{"a\x00b\x1fc", "a b c"},
		{"Do\u0302\u0301ng", "Dống"},
		{"Báo cáo \u202excod.exe", "Báo cáo xcod.exe"},
		{"\u2067Sở Y tế\u2069\u200f \u0085x", "Sở Y tế x"},
		{strings.Repeat("ắ", 50), strings.Repeat("ắ", 13)}, // 3 bytes each, cut at 40
	} {
		max := 200
		if strings.HasPrefix(tc.in, "ắ") {
			max = 40
		}
		if got := SafeFileName(tc.in, max); got != tc.want {
			t.Errorf("SafeFileName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestParseMemory parses a mail carrying an 8 MiB base64 attachment and
// checks that Parse allocates a small multiple of the file, not more.
func TestParseMemory(t *testing.T) {
	data := bigAttachment(8 << 20)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	m, err := Parse("big.eml", data, Limits{})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(m.Attachments[0].Data); n < 8<<20 {
		t.Fatalf("attachment %d bytes", n)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 6*uint64(len(data)) {
		t.Errorf("Parse allocated %d bytes for a %d-byte mail", alloc, len(data))
	} else {
		t.Logf("Parse allocated %d bytes for a %d-byte mail (%.1f×)", alloc, len(data), float64(alloc)/float64(len(data)))
	}
}

// TestParseBuiltMsg reads .msg files written by the test's compound-file
// writer: Vietnamese names, a PT_STRING8 subject in code page 1258, a big
// attachment (regular sectors), and a forwarded message whose attachment
// counts too.
func TestParseBuiltMsg(t *testing.T) {
	big := bytes.Repeat([]byte("PK\x03\x04 dữ liệu "), 1000)
	inner := &testMsg{subject: "Báo cáo của xã Đắk Wer", senderName: "Xã Đắk Wer", senderEmail: "xadakwer@gmail.com",
		attachments: []testAttach{{name: "Báo cáo xã Đắk Wer.xlsx", data: xlsxBytes}}}
	cp1258, err := charmapEncode("Chuyển tiếp: báo cáo 20 năm")
	if err != nil {
		t.Fatal(err)
	}
	data := buildMsg(testMsg{
		ansiSubject: cp1258, senderName: "Phòng Văn hóa - Thông tin huyện Cư Jút", senderEmail: "pvhtt@cujut.gov.vn",
		submit: time.Date(2024, 4, 5, 2, 15, 0, 0, time.UTC),
		attachments: []testAttach{
			{name: "BC 20 năm - Cư Jút.xlsx", data: big},
			{embedded: inner},
		},
	})
	m, err := Parse("chuyen-tiep.msg", data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	assertMail(t, m, &Mail{
		Date:    time.Date(2024, 4, 5, 2, 15, 0, 0, time.UTC),
		From:    Address{Name: "Phòng Văn hóa - Thông tin huyện Cư Jút", Email: "pvhtt@cujut.gov.vn"},
		Subject: "Chuyển tiếp: báo cáo 20 năm",
		Attachments: []Attachment{
			{Name: "BC 20 năm - Cư Jút.xlsx", Data: big},
			{Name: "Báo cáo xã Đắk Wer.xlsx", Data: xlsxBytes},
		},
	})

	// Forwarded inside forwarded, deeper than MaxDepth.
	deep := inner
	for i := 0; i < 4; i++ {
		deep = &testMsg{subject: "Fwd", attachments: []testAttach{{embedded: deep}}}
	}
	_, err = Parse("sau.msg", buildMsg(*deep), Limits{MaxDepth: 3})
	if want := "sau.msg: thư lồng nhau quá sâu (quá 3 cấp)"; err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
}

// charmapEncode writes s in code page 1258, which has the base letters
// (â, ơ, ư…) and the five tone marks but few precomposed toned letters.
func charmapEncode(s string) ([]byte, error) {
	enc := charmap.Windows1258.NewEncoder()
	var out []byte
	for _, r := range norm.NFC.String(s) {
		if b, err := enc.Bytes([]byte(string(r))); err == nil {
			out = append(out, b...)
			continue
		}
		var base, tone []rune
		for _, d := range norm.NFD.String(string(r)) {
			if strings.ContainsRune("\u0300\u0301\u0303\u0309\u0323", d) {
				tone = append(tone, d)
			} else {
				base = append(base, d)
			}
		}
		b, err := enc.Bytes([]byte(norm.NFC.String(string(base)) + string(tone)))
		if err != nil {
			return nil, err
		}
		out = append(out, b...)
	}
	return out, nil
}

// TestParseAttachmentShapes covers attachment headers seen in the wild
// beyond the fixtures.
func TestParseAttachmentShapes(t *testing.T) {
	csv1258, err := charmapEncode("Đơn vị;Số tin\r\nXã Đắk Wer;12\r\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, part string
		body       []byte
		wantName   string
		wantData   []byte
	}{
		{"csv in windows-1258 keeps its bytes",
			"Content-Type: text/csv; charset=windows-1258; name=\"bc.csv\"\r\nContent-Disposition: attachment; filename=\"bc.csv\"\r\n",
			csv1258, "bc.csv", csv1258},
		{"raw UTF-8 name (SMTPUTF8)",
			"Content-Type: application/vnd.ms-excel; name=\"Báo cáo Đắk Song.xls\"\r\nContent-Disposition: attachment; filename=\"Báo cáo Đắk Song.xls\"\r\n",
			[]byte("\xd0\xcf\x11\xe0"), "Báo cáo Đắk Song.xls", []byte("\xd0\xcf\x11\xe0")},
		{"name only in Content-Type, no disposition",
			"Content-Type: application/pdf; name=\"=?UTF-8?B?" + "Q8O0bmcgdsSDbi5wZGY=" + "?=\"\r\n",
			[]byte("%PDF"), "Công văn.pdf", []byte("%PDF")},
		{"attachment without a name",
			"Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\nContent-Disposition: attachment\r\n",
			xlsxBytes, "tệp đính kèm 1.xlsx", xlsxBytes},
		{"path in the name",
			"Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"..\\\\..\\\\Windows\\\\bc.xlsx\"\r\n",
			xlsxBytes, "bc.xlsx", xlsxBytes},
		{"ISO-8859-1 RFC 2231 name falls back to the Content-Type name",
			"Content-Type: application/pdf; name=\"=?iso-8859-1?Q?r=E9sum=E9.pdf?=\"\r\nContent-Disposition: attachment; filename*=iso-8859-1''r%E9sum%E9.pdf\r\n",
			[]byte("%PDF"), "résumé.pdf", []byte("%PDF")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mail := "From: a@b.vn\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\n" +
				tc.part + "\r\n" + string(tc.body) + "\r\n--B--\r\n"
			m, err := Parse("x.eml", []byte(mail), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if len(m.Attachments) != 1 || m.Attachments[0].Name != tc.wantName || !bytes.Equal(m.Attachments[0].Data, tc.wantData) {
				t.Errorf("got %q %q, want %q %q", names(m), m.Attachments[0].Data, tc.wantName, tc.wantData)
			}
		})
	}
}

// TestSignature keeps a mail's closing lines, where a sender from an
// address the campaign does not know signs with the unit's name, and stops
// at the quoted or forwarded text below them.
func TestSignature(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"plain", "Kính gửi Sở,\r\nXin gửi báo cáo.\r\n\r\nTrân trọng,\r\nNguyễn Văn An\r\nUBND xã Đắk Sắk\r\n", []string{"Kính gửi Sở,", "Xin gửi báo cáo.", "Trân trọng,", "Nguyễn Văn An", "UBND xã Đắk Sắk"}},
		{"above a quote", "Gửi lại ạ.\nVăn phòng HĐND-UBND huyện\n> Trích thư cũ\n> UBND xã khác\n", []string{"Gửi lại ạ.", "Văn phòng HĐND-UBND huyện"}},
		{"above a forward", "Chuyển tiếp\n---------- Forwarded message ---------\nFrom: a@b.c\nUBND xã khác", []string{"Chuyển tiếp"}},
		{"last lines only", strings.Repeat("dòng\n", 20) + "cuối", append(strings.Split(strings.Repeat("dòng\n", 7), "\n")[:7], "cuối")},
		{"empty", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := signature(tc.text); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
