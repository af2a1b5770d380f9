package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"tonghop/aggregate/mail"
	"tonghop/aggregate/mail/mailtest"
)

// sentMail is one mail loaded into the test server.
type sentMail struct {
	folder  string
	arrived time.Time
	from    string
	subject string
	data    []byte
}

// campaignMails builds the mails of a campaign's returns: 130 units, every
// tenth with two attachments, every 25th resent a day later, one without
// attachment, one carrying a .zip, one in another folder and one arriving
// after the deadline.
func campaignMails(t *testing.T) []sentMail {
	t.Helper()
	vn := time.FixedZone("ICT", 7*3600)
	start := time.Date(2024, 3, 20, 8, 0, 0, 0, vn)
	var out []sentMail
	add := func(folder string, i int, arrived time.Time, subject string, atts []mail.Attachment) {
		from := fmt.Sprintf("Văn thư đơn vị %03d", i)
		d := mail.Draft{
			From:        mail.Address{Name: from, Email: fmt.Sprintf("dv%03d@daknong.gov.vn", i)},
			To:          []mail.Address{{Name: "Sở Thông tin và Truyền thông", Email: "stttt@daknong.gov.vn"}},
			Subject:     subject,
			Body:        "Kính gửi Sở TT&TT,\nđơn vị gửi báo cáo kèm theo.",
			Attachments: atts,
			Date:        arrived.Add(-2 * time.Minute),
		}
		var b bytes.Buffer
		if err := mail.WriteDraft(&b, d); err != nil {
			t.Fatal(err)
		}
		out = append(out, sentMail{folder, arrived, from, subject, b.Bytes()})
	}
	for i := 1; i <= 130; i++ {
		arrived := start.Add(time.Duration(i) * 37 * time.Minute)
		subject := fmt.Sprintf("Báo cáo kỷ niệm 20 năm tái lập tỉnh - đơn vị %03d", i)
		atts := []mail.Attachment{{Name: fmt.Sprintf("BC 20 năm - Đắk Mil %03d.xlsx", i), Data: []byte(fmt.Sprintf("PK\x03\x04 bảng %d", i))}}
		switch {
		case i == 7:
			atts = nil
			subject = "Không kèm tệp - đơn vị 007"
		case i == 8:
			atts = []mail.Attachment{{Name: "bao-cao.zip", Data: []byte("PK\x03\x04zip")}}
		case i == 130:
			arrived = time.Date(2024, 4, 6, 10, 30, 0, 0, vn) // after the 05/4/2024 deadline
		case i%10 == 0:
			atts = append(atts, mail.Attachment{Name: "Công văn kèm theo.pdf", Data: []byte("%PDF-1.4")})
		}
		add("INBOX", i, arrived, subject, atts)
		if i%25 == 0 {
			add("INBOX", i, arrived.Add(24*time.Hour), subject+" (gửi lại)", atts)
		}
	}
	add("Khac", 200, start, "Thư ở thư mục khác", nil)
	return out
}

func runFetchCmd(args ...string) (int, string) {
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"fetch"}, args...), &stdout, &stderr)
	return code, stdout.String() + stderr.String()
}

// emlFiles lists the .eml files of dir, sorted.
func emlFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".eml") {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out
}

func TestFetchDovecot(t *testing.T) {
	srv := mailtest.Start(t)
	mails := campaignMails(t)
	inbox := 0
	for _, m := range mails {
		srv.Append(m.folder, m.data, m.arrived)
		if m.folder == "INBOX" {
			inbox++
		}
	}
	t.Setenv("TONGHOP_IMAP_PASSWORD", srv.Password)

	t.Run("all, then nothing new", func(t *testing.T) { fetchAll(t, srv, mails, inbox) })
	t.Run("since and subject", func(t *testing.T) { fetchFiltered(t, srv, mails) })
	t.Run("other folder and STARTTLS", func(t *testing.T) {
		out := t.TempDir()
		code, msg := runFetchCmd("--imap", srv.StartTLSURL("Khac"), "--out", out, insecure)
		if code != 0 || len(emlFiles(t, out)) != 1 {
			t.Fatalf("exit %d, files %v: %s", code, emlFiles(t, out), msg)
		}
	})
	t.Run("failures", func(t *testing.T) { fetchFailures(t, srv) })
}

func TestFetchUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "tonghop fetch: cần --imap imaps://TÊN@MÁY-CHỦ/THƯ-MỤC\n"},
		{[]string{"--imap", "imaps://x@h/INBOX", "--since", "hôm qua"}, 2,
			"tonghop fetch: --since \"hôm qua\" không phải ngày (viết 31/01/2024 hoặc 2024-01-31)\n"},
		{[]string{"--imap", "http://x@h/INBOX"}, 2,
			"tonghop fetch: địa chỉ IMAP không hợp lệ: \"http://x@h/INBOX\" phải bắt đầu bằng imaps:// hoặc imap://\n"},
		{[]string{"--imap", "imaps://x:mk@h/INBOX"}, 2,
			"tonghop fetch: địa chỉ IMAP không hợp lệ: không ghi mật khẩu trong địa chỉ; dùng biến môi trường TONGHOP_IMAP_PASSWORD hoặc gõ khi được hỏi\n"},
	} {
		t.Setenv("TONGHOP_IMAP_PASSWORD", "x")
		code, msg := runFetchCmd(tc.args...)
		if code != tc.code || msg != tc.want {
			t.Errorf("%v: exit %d, %q; want %d, %q", tc.args, code, msg, tc.code, tc.want)
		}
	}
	code, msg := runFetchCmd("--help")
	if code != 0 || !strings.Contains(msg, "Mã thoát:\n  0  đã tải hết thư khớp điều kiện\n  1  ") {
		t.Errorf("--help: exit %d\n%s", code, msg)
	}
}

const insecure = "--khong-kiem-tra-chung-chi"

// fetchAll fetches the inbox twice, then again after a UIDVALIDITY change and
// without the state file.
func fetchAll(t *testing.T, srv *mailtest.Server, mails []sentMail, inbox int) {
	out := t.TempDir()
	code, msg := runFetchCmd("--imap", srv.URL("INBOX"), "--out", out, insecure)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, msg)
	}
	want := fmt.Sprintf("Đã lưu %d thư mới vào %s (%d thư khớp điều kiện, 0 thư trùng nội dung thư đã lưu).\n", inbox, out, inbox)
	if msg != want {
		t.Errorf("output %q, want %q", msg, want)
	}
	files := emlFiles(t, out)
	if len(files) != inbox {
		t.Fatalf("%d files, want %d", len(files), inbox)
	}
	for _, m := range mails {
		if m.folder != "INBOX" {
			continue
		}
		// 120 bytes: the length Fetch bounds a name's stem to.
		name := mail.SafeFileName(m.arrived.In(time.Local).Format("2006-01-02 15.04")+" - "+m.from+" - "+m.subject, 120) + ".eml"
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Errorf("missing %q: %v\n%q", name, err, emlFiles(t, out))
			continue
		}
		if !bytes.Equal(mail.WithoutArrival(got), m.data) || bytes.Equal(got, m.data) {
			t.Errorf("%s: bytes differ from the appended mail below fetch's Received field", name)
		}
		if st, err := os.Stat(filepath.Join(out, name)); err == nil && !st.ModTime().Equal(m.arrived) {
			t.Errorf("%s: mtime %v, want arrival %v", name, st.ModTime(), m.arrived)
		}
	}
	code, msg = runFetchCmd("--imap", srv.URL("INBOX"), "--out", out, insecure)
	want = fmt.Sprintf("Đã lưu 0 thư mới vào %s (%d thư khớp điều kiện, 0 thư trùng nội dung thư đã lưu).\n", out, inbox)
	if code != 0 || msg != want {
		t.Errorf("second run: exit %d, %q, want 0, %q", code, msg, want)
	}
	if n := len(emlFiles(t, out)); n != inbox {
		t.Errorf("second run left %d files, want %d", n, inbox)
	}

	// A changed UIDVALIDITY fetches the folder again, but no mail is
	// saved twice: their bytes are known.
	statePath := filepath.Join(out, mail.StateFile)
	b, err := os.ReadFile(statePath)
	if err != nil {
		t.Fatal(err)
	}
	b = regexp.MustCompile(`"uidvalidity": \d+`).ReplaceAll(b, []byte(`"uidvalidity": 1`))
	if err := os.WriteFile(statePath, b, 0o644); err != nil {
		t.Fatal(err)
	}
	code, msg = runFetchCmd("--imap", srv.URL("INBOX"), "--out", out, insecure)
	want = fmt.Sprintf("Đã lưu 0 thư mới vào %s (%d thư khớp điều kiện, %d thư trùng nội dung thư đã lưu).\n", out, inbox, inbox)
	if code != 0 || msg != want {
		t.Errorf("new UIDVALIDITY: exit %d, %q, want 0, %q", code, msg, want)
	}
	// Without its state file, the folder is rebuilt from the .eml files.
	os.Remove(statePath)
	code, msg = runFetchCmd("--imap", srv.URL("INBOX"), "--out", out, insecure)
	if code != 0 || msg != want {
		t.Errorf("no state file: exit %d, %q, want 0, %q", code, msg, want)
	}
}

// fetchFiltered checks --since and --subject.
func fetchFiltered(t *testing.T, srv *mailtest.Server, mails []sentMail) {
	// Dovecot compares SINCE with the arrival day in its own time zone,
	// which is this process's.
	count := func(since string, subject string) int {
		day, _ := time.ParseInLocation("2006-01-02", since, time.Local)
		n := 0
		for _, m := range mails {
			if m.folder == "INBOX" && !m.arrived.Before(day) && strings.Contains(m.subject, subject) {
				n++
			}
		}
		return n
	}
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"--since", "06/04/2024"}, count("2024-04-06", "")},
		{[]string{"--since", "2024-03-23"}, count("2024-03-23", "")},
		{[]string{"--subject", "gửi lại"}, 5},
		{[]string{"--subject", "Không kèm tệp"}, 1},
		{[]string{"--subject", "gửi lại", "--since", "22-3-2024"}, count("2024-03-22", "gửi lại")},
	} {
		out := t.TempDir()
		code, msg := runFetchCmd(append([]string{"--imap", srv.URL("INBOX"), "--out", out, insecure}, tc.args...)...)
		if code != 0 || len(emlFiles(t, out)) != tc.want || tc.want == 0 {
			t.Errorf("%v: exit %d, %d files, want %d\n%s", tc.args, code, len(emlFiles(t, out)), tc.want, msg)
		}
	}
}

// fetchFailures checks the Vietnamese messages and exit code 2 of each failure.
func fetchFailures(t *testing.T, srv *mailtest.Server) {
	for _, tc := range []struct {
		name     string
		url      string
		password string
		insecure bool
		want     string
	}{
		{"wrong password", srv.URL("INBOX"), "sai-mat-khau", true,
			`tonghop fetch: sai tên đăng nhập hoặc mật khẩu (máy chủ ` + srv.TLSAddr + `, thư mục "INBOX"): người dùng "donvi"` + "\n"},
		{"missing folder", srv.URL("Khong-co"), srv.Password, true,
			`tonghop fetch: không có thư mục thư này (máy chủ ` + srv.TLSAddr + `, thư mục "Khong-co")` + "\n"},
		{"self-signed refused", srv.URL("INBOX"), srv.Password, false,
			`tonghop fetch: chứng chỉ TLS của máy chủ không hợp lệ hoặc không đáng tin cậy (máy chủ ` + srv.TLSAddr + `, thư mục "INBOX") (chi tiết kỹ thuật: `},
		{"self-signed refused on STARTTLS", srv.StartTLSURL("INBOX"), srv.Password, false,
			`tonghop fetch: chứng chỉ TLS của máy chủ không hợp lệ hoặc không đáng tin cậy (máy chủ ` + srv.PlainAddr + `, thư mục "INBOX") (chi tiết kỹ thuật: `},
		{"insecure refused for a remote host", "imaps://donvi@mail.daknong.gov.vn/INBOX", srv.Password, true,
			"tonghop fetch: chỉ được bỏ kiểm tra chứng chỉ với máy chủ chạy trên chính máy này (localhost, 127.0.0.1) (máy chủ mail.daknong.gov.vn:993, thư mục \"INBOX\")\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("TONGHOP_IMAP_PASSWORD", tc.password)
			out := t.TempDir()
			args := []string{"--imap", tc.url, "--out", out}
			if tc.insecure {
				args = append(args, insecure)
			}
			code, msg := runFetchCmd(args...)
			if code != 2 || !strings.HasPrefix(msg, tc.want) {
				t.Errorf("exit %d, %q\nwant 2, %q…", code, msg, tc.want)
			}
			if n := len(emlFiles(t, out)); n != 0 {
				t.Errorf("%d files saved", n)
			}
		})
	}
}

// TestFetchMisbehavingServerCommand: through the command, a misbehaving
// server (aggregate/mail tests each kind; these need no waiting) ends
// fetch with exit 2, one Vietnamese line naming the server, and nothing
// saved.
func TestFetchMisbehavingServerCommand(t *testing.T) {
	mailBytes := []byte("From: a@daknong.gov.vn\r\nSubject: Bao cao\r\n\r\nx\r\n")
	on := func(cmd string, h func(f *mailtest.Fake, c *mailtest.Conn, tag, args string) bool) mailtest.Handler {
		return func(f *mailtest.Fake, c *mailtest.Conn, tag, got, args string) bool {
			if got == cmd && (cmd != "UID FETCH" || !strings.Contains(args, "RFC822.SIZE")) {
				return h(f, c, tag, args)
			}
			return f.Honest(c, tag, got, args)
		}
	}
	for _, tc := range []struct {
		name        string
		implicitTLS bool
		h           mailtest.Handler
		want        string
	}{
		{"a 4 GB literal, then closed", true, on("UID FETCH", func(f *mailtest.Fake, c *mailtest.Conn, tag, args string) bool {
			c.Printf("* 1 FETCH (UID 1 BODY[] {4294967296}\r\n%s", f.Mail)
			return false
		}), "máy chủ gửi dữ liệu vượt giới hạn an toàn (máy chủ ĐỊA-CHỈ, thư mục \"INBOX\"): khi tải thư “Bao cao” của UBND xa Quang Son đến lúc "},
		{"an ESEARCH of a billion UIDs", true, on("UID SEARCH", func(f *mailtest.Fake, c *mailtest.Conn, tag, args string) bool {
			c.Printf("* ESEARCH (TAG \"%s\") UID ALL 1:1000000000\r\n%s OK done\r\n", tag, tag)
			return true
		}), "máy chủ gửi dữ liệu vượt giới hạn an toàn (máy chủ ĐỊA-CHỈ, thư mục \"INBOX\"): khi tìm thư: máy chủ báo hơn 100000 thư khớp điều kiện, tối đa 100000 một lần tải; thu hẹp bằng --since hoặc --subject\n"},
		{"a line without end", true, on("LOGIN", func(f *mailtest.Fake, c *mailtest.Conn, tag, args string) bool {
			c.Printf("* OK ")
			b := bytes.Repeat([]byte("a"), 1<<16)
			for {
				if _, err := c.Write(b); err != nil {
					return false
				}
			}
		}), "máy chủ gửi dữ liệu vượt giới hạn an toàn (máy chủ ĐỊA-CHỈ, thư mục \"INBOX\"): khi đăng nhập: một dòng máy chủ gửi dài hơn 64 KB\n"},
		{"STARTTLS refused", false, on("STARTTLS", func(f *mailtest.Fake, c *mailtest.Conn, tag, args string) bool {
			c.Printf("%s NO not here\r\n", tag)
			return true
		}), "máy chủ không hỗ trợ STARTTLS: không gửi mật khẩu qua kết nối không mã hóa (máy chủ ĐỊA-CHỈ, thư mục \"INBOX\") (chi tiết kỹ thuật: máy chủ trả lời \"S1 NO not here\")\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := mailtest.StartFake(t, tc.implicitTLS, mailBytes, tc.h)
			t.Setenv("TONGHOP_IMAP_PASSWORD", "mk")
			out := t.TempDir()
			code, msg := runFetchCmd("--imap", srv.URL(), "--out", out, insecure)
			want := "tonghop fetch: " + strings.ReplaceAll(tc.want, "ĐỊA-CHỈ", srv.Addr)
			if code != 2 || !strings.HasPrefix(msg, want) || strings.Count(msg, "\n") != 1 {
				t.Errorf("exit %d, %q\nwant 2, %q…", code, msg, want)
			}
			if n := len(emlFiles(t, out)); n != 0 {
				t.Errorf("%d files saved", n)
			}
		})
	}
}
