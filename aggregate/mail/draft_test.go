package mail

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message"

	"tonghop/templates/testenv"
)

func sampleDraft() Draft {
	return Draft{
		From: Address{Name: "Sở Thông tin và Truyền thông Đắk Nông", Email: "stttt@daknong.gov.vn"},
		To: []Address{
			{Name: "UBND huyện Đắk R’lấp", Email: "ubnd@dakrlap.gov.vn"},
			{Email: "vanthu@dakrlap.gov.vn"},
		},
		Subject: "Đề nghị báo cáo kết quả tuyên truyền Kỷ niệm 20 năm Ngày tái lập tỉnh",
		Body: "Kính gửi UBND huyện Đắk R’lấp,\n\nSở gửi kèm biểu mẫu báo cáo; đề nghị đơn vị điền và gửi lại trước ngày 05/4/2024.\n" +
			strings.Repeat("Dòng dài để kiểm tra ngắt dòng quoted-printable. ", 5) + "\n",
		Attachments: []Attachment{
			{Name: "UBH07_UBND huyện Đắk R’lấp.xlsx", Data: append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0, 1, 2, 0xff, '\r', '\n'}, 200)...)},
			{Name: "Công văn 1234-STTTT (bản ký số, có dấu đỏ của Sở, gửi các đơn vị trên địa bàn tỉnh).pdf", Data: []byte("%PDF-1.7\n")},
		},
		Date: time.Date(2024, 3, 15, 8, 30, 0, 0, time.FixedZone("", 7*3600)),
	}
}

func TestWriteDraftRoundTrip(t *testing.T) {
	d := sampleDraft()
	var b bytes.Buffer
	if err := WriteDraft(&b, d); err != nil {
		t.Fatal(err)
	}
	m, err := Parse("nhap.eml", b.Bytes(), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	assertMail(t, m, &Mail{
		Date:        d.Date,
		From:        d.From,
		Subject:     d.Subject,
		MessageID:   "1a23b2dcfd04dd339e59c8e5cd1e6e32@daknong.gov.vn",
		Attachments: d.Attachments,
	})

	// To and Body are not in Mail: read them with go-message.
	e, err := message.Read(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if got := e.Header.Get("To"); !strings.Contains(got, "<ubnd@dakrlap.gov.vn>, <vanthu@dakrlap.gov.vn>") {
		t.Errorf("To %q", got)
	}
	if got := e.Header.Get("X-Unsent"); got != "1" {
		t.Errorf("X-Unsent %q, want 1", got)
	}
	part, err := e.MultipartReader().NextPart()
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(part.Body)
	if got := strings.ReplaceAll(string(body), "\r\n", "\n"); got != d.Body {
		t.Errorf("body\n%q\nwant\n%q", got, d.Body)
	}

	// Same draft, same bytes.
	var again bytes.Buffer
	WriteDraft(&again, d)
	if !bytes.Equal(b.Bytes(), again.Bytes()) {
		t.Error("two writes of one draft differ")
	}
	testenv.Golden(t, filepath.Join("testdata", "draft.eml"), b.Bytes())
}

// TestWriteDraftStructure checks what Thunderbird and Outlook need to open
// a draft (no Thunderbird or Outlook on the test machine): 7-bit CRLF
// lines of at most 78 bytes (but the xlsx type's), MIME-Version, a
// multipart/mixed with a quoted-printable UTF-8 text part first, then one
// base64 part per attachment with its type, an RFC 2047 name= and an
// RFC 2231 filename*=, and X-Unsent: 1 (Outlook's "ready to send" flag).
func TestWriteDraftStructure(t *testing.T) {
	var b bytes.Buffer
	if err := WriteDraft(&b, sampleDraft()); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	if strings.Contains(strings.ReplaceAll(s, "\r\n", ""), "\n") || strings.Contains(strings.ReplaceAll(s, "\r\n", ""), "\r") {
		t.Error("bare CR or LF")
	}
	header, body, _ := strings.Cut(s, "\r\n\r\n")
	for i, line := range strings.Split(s, "\r\n") {
		for _, c := range []byte(line) {
			if c >= 0x80 {
				t.Fatalf("line %d not 7-bit: %q", i+1, line)
			}
		}
		if len(line) > 998 {
			t.Errorf("line %d has %d bytes", i+1, len(line))
		}
	}
	for _, line := range strings.Split(body, "\r\n") {
		// The xlsx type alone is 71 bytes: Thunderbird writes that line
		// the same way.
		if len(line) > 78 && !strings.HasPrefix(line, "Content-Type: application/vnd.openxmlformats-") {
			t.Errorf("body line of %d bytes: %q", len(line), line)
		}
	}
	for _, want := range []string{"Mime-Version: 1.0\r\n", "X-Unsent: 1\r\n", "Content-Type: multipart/mixed;", "Date: Fri, 15 Mar 2024 08:30:00 +0700\r\n"} {
		if !strings.Contains(header, want) {
			t.Errorf("header lacks %q", want)
		}
	}
	for _, want := range []string{
		"Content-Type: text/plain; charset=utf-8\r\n",
		"Content-Transfer-Encoding: quoted-printable\r\n",
		"Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;",
		" name=\"=?utf-8?b?VUJIMDdfVUJORCBodXnhu4duIMSQ4bqvayBS4oCZ?=\r\n =?utf-8?b?bOG6pXAueGxzeA==?=\"\r\n",
		"Content-Disposition: attachment;\r\n filename*0*=utf-8''UBH07_UBND%20huy%E1%BB%87n%20%C4%90%E1%BA%AFk%20R;\r\n filename*1*=%E2%80%99l%E1%BA%A5p.xlsx\r\n",
		"Content-Type: application/pdf;",
		"filename*0*=utf-8''C%C3%B4ng%20v%C4%83n%201234-STTTT%20%28b%E1%BA%A3n;\r\n",
		"Content-Transfer-Encoding: base64\r\n",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q", want)
		}
	}
	if strings.Index(body, "text/plain") > strings.Index(body, "spreadsheetml") {
		t.Error("text part is not first")
	}
}

// TestWriteDraftPython reads the draft with Python's email package, an
// independent MIME implementation, when python3 is installed.
func TestWriteDraftPython(t *testing.T) {
	py := testenv.NeedApp(t, "python3")
	path := filepath.Join(t.TempDir(), "nhap.eml")
	var b bytes.Buffer
	WriteDraft(&b, sampleDraft())
	os.WriteFile(path, b.Bytes(), 0o644)
	script := `import sys, email, email.policy
m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
print(m['X-Unsent'], m['Subject'])
for p in m.iter_attachments():
    print(p.get_content_type(), p.get_filename(), len(p.get_payload(decode=True)))
print(m.get_body(('plain',)).get_content().splitlines()[0])
`
	out, err := exec.Command(py, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, out)
	}
	want := "1 Đề nghị báo cáo kết quả tuyên truyền Kỷ niệm 20 năm Ngày tái lập tỉnh\n" +
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet UBH07_UBND huyện Đắk R’lấp.xlsx 1204\n" +
		"application/pdf Công văn 1234-STTTT (bản ký số, có dấu đỏ của Sở, gửi các đơn vị trên địa bàn tỉnh).pdf 9\n" +
		"Kính gửi UBND huyện Đắk R’lấp,\n"
	if string(out) != want {
		t.Errorf("python3 read\n%s\nwant\n%s", out, want)
	}
}

func TestWriteDraftNoDate(t *testing.T) {
	d := sampleDraft()
	d.Date = time.Time{}
	d.Attachments = nil
	var b bytes.Buffer
	if err := WriteDraft(&b, d); err != nil {
		t.Fatal(err)
	}
	m, err := Parse("nhap.eml", b.Bytes(), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if !m.Date.IsZero() || m.MessageID == "" || len(m.Attachments) != 0 || m.Subject != d.Subject {
		t.Errorf("got %+v", m)
	}
}
