package mail

import (
	"bufio"
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"
)

func TestParseIMAPURL(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want imapURL
		err  string
	}{
		{"imaps://baocao@mail.daknong.gov.vn/INBOX", imapURL{user: "baocao", host: "mail.daknong.gov.vn", addr: "mail.daknong.gov.vn:993", folder: "INBOX"}, ""},
		{"imap://baocao%40daknong.gov.vn@127.0.0.1:1143/B%C3%A1o%20c%C3%A1o/2024", imapURL{startTLS: true, user: "baocao@daknong.gov.vn", host: "127.0.0.1", addr: "127.0.0.1:1143", folder: "Báo cáo/2024"}, ""},
		{"imaps://u@[::1]", imapURL{user: "u", host: "::1", addr: "[::1]:993", folder: "INBOX"}, ""},
		{"imaps://mail.daknong.gov.vn/INBOX", imapURL{}, `địa chỉ IMAP không hợp lệ: "imaps://mail.daknong.gov.vn/INBOX" thiếu tên đăng nhập (imaps://TÊN@MÁY-CHỦ/THƯ-MỤC)`},
		{"pop3://u@h/INBOX", imapURL{}, `địa chỉ IMAP không hợp lệ: "pop3://u@h/INBOX" phải bắt đầu bằng imaps:// hoặc imap://`},
		{"imaps://u@/INBOX", imapURL{}, `địa chỉ IMAP không hợp lệ: "imaps://u@/INBOX" thiếu tên máy chủ`},
	} {
		got, err := parseIMAPURL(tc.in)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("%s: error %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

// fakeServer answers one IMAP connection with a greeting and then
// reply(line) for every command line, recording the lines.
func fakeServer(t *testing.T, greeting string, reply func(tag, cmd string) string) (addr string, lines chan string) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	lines = make(chan string, 100)
	go func() {
		c, err := l.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		c.Write([]byte(greeting + "\r\n"))
		r := bufio.NewReader(c)
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				close(lines)
				return
			}
			lines <- strings.TrimSpace(line)
			tag, cmd, _ := strings.Cut(strings.TrimSpace(line), " ")
			c.Write([]byte(reply(tag, cmd) + "\r\n"))
		}
	}()
	return l.Addr().String(), lines
}

func TestFetchRefusesPlaintext(t *testing.T) {
	addr, lines := fakeServer(t, "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready", func(tag, cmd string) string {
		return tag + " BAD unknown command"
	})
	_, err := Fetch(context.Background(), FetchOptions{URL: "imap://donvi@" + addr + "/INBOX", Password: "bí-mật", Out: t.TempDir()})
	want := `máy chủ không hỗ trợ STARTTLS: không gửi mật khẩu qua kết nối không mã hóa (máy chủ ` + addr + `, thư mục "INBOX") (chi tiết kỹ thuật: `
	if !errors.Is(err, ErrNoStartTLS) || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("error %v\nwant %q…", err, want)
	}
	// Every line the client sent, up to its hanging up: a connection left
	// open, or never made, fails here rather than passing unchecked.
	var sent []string
	for timeout := time.After(10 * time.Second); ; {
		select {
		case l, ok := <-lines:
			if ok {
				sent = append(sent, l)
				continue
			}
		case <-timeout:
			t.Fatalf("the client neither hung up nor stopped talking; sent %q", sent)
		}
		break
	}
	for _, l := range sent {
		if strings.Contains(l, "LOGIN") || strings.Contains(l, "bí-mật") || strings.Contains(l, "AUTHENTICATE") {
			t.Errorf("sent %q in clear", l)
		}
	}
}

func TestFetchUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there any more
	_, err = Fetch(context.Background(), FetchOptions{URL: "imaps://donvi@" + addr + "/INBOX", Out: t.TempDir()})
	want := `không kết nối được máy chủ (máy chủ ` + addr + `, thư mục "INBOX") (chi tiết kỹ thuật: `
	if !errors.Is(err, ErrUnreachable) || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("error %v\nwant %q…", err, want)
	}
}
