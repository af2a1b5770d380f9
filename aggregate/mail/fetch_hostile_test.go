package mail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"tonghop/aggregate/gate"
	"tonghop/aggregate/mail/mailtest"
)

// hostileMail is the mail the fake servers hold: its subject carries a
// right-to-left override, which must not reach the saved file's name.
func hostileMail(t *testing.T) []byte {
	t.Helper()
	return []byte("From: =?utf-8?b?VUJORCB4w6MgUXXhuqNuZyBTxqFu?= <quangson@daknong.gov.vn>\r\n" +
		"Subject: " + mime.BEncoding.Encode("utf-8", "Báo cáo \u202excod.exe") + "\r\n" +
		"Date: Fri, 05 Apr 2024 09:14:00 +0700\r\nMessage-ID: <1@daknong.gov.vn>\r\n\r\nKính gửi Sở.\r\n")
}

// testWire are short times, so that a stall costs a fraction of a second,
// and a small search limit.
func testWire(st *wireStats) wireConfig {
	return wireConfig{connect: 500 * time.Millisecond, idle: 300 * time.Millisecond, grace: 500 * time.Millisecond, minRate: 64 << 10, maxUIDs: 1000, stats: st}
}

// on replaces one command's answer of the honest fake server.
func on(cmd string, h mailtest.Handler) mailtest.Handler {
	return func(f *mailtest.Fake, c *mailtest.Conn, tag, got, args string) bool {
		if got == cmd {
			return h(f, c, tag, got, args)
		}
		return f.Honest(c, tag, got, args)
	}
}

// onBody replaces the answer to the FETCH of the mail's bytes.
func onBody(h func(f *mailtest.Fake, c *mailtest.Conn, tag string) bool) mailtest.Handler {
	return on("UID FETCH", func(f *mailtest.Fake, c *mailtest.Conn, tag, cmd, args string) bool {
		if strings.Contains(args, "RFC822.SIZE") {
			return f.Honest(c, tag, cmd, args)
		}
		return h(f, c, tag)
	})
}

// flood writes lines until the client stops reading.
func flood(c *mailtest.Conn, line string) bool {
	b := []byte(strings.Repeat(line, 4096))
	for {
		if _, err := c.Write(b); err != nil {
			return false
		}
	}
}

// TestFetchMisbehavingServer runs Fetch against servers that stop in the
// middle of a mail, flood, stall, send lines without end, huge literals
// and searches, or do not start TLS. Each must end promptly with its
// Vietnamese message, with nothing saved; what the client read is bounded
// by the limits of the command that was being answered, checked through the
// guard's own count, and the memory allocated through runtime.MemStats.
func TestFetchMisbehavingServer(t *testing.T) {
	addrPlaceholder := "ĐỊA-CHỈ"
	cases := []struct {
		name        string
		implicitTLS bool
		h           mailtest.Handler
		kind        error
		want        string // the whole message, ĐỊA-CHỈ standing for the server's address
	}{
		{"stops in the middle of a mail", true, onBody(func(f *mailtest.Fake, c *mailtest.Conn, tag string) bool {
			c.Printf("* 1 FETCH (UID 1 BODY[] {%d}\r\n%s", len(f.Mail), f.Mail[:40])
			return false
		}), ErrCut, "kết nối bị ngắt giữa chừng, thư đang tải dở không được lưu (máy chủ ĐỊA-CHỈ, thư mục \"INBOX\"): khi tải thư “Bao cao” của UBND xa Quang Son đến lúc 09:15 ngày 05/04/2024 (UID 1): máy chủ mới gửi 40 byte của một khối dữ liệu 217 byte"},
		{"announces 4 GB and closes", true, onBody(func(f *mailtest.Fake, c *mailtest.Conn, tag string) bool {
			c.Printf("* 1 FETCH (UID 1 BODY[] {4294967296}\r\n%s", f.Mail)
			return false
		}), ErrOverLimit, "máy chủ gửi dữ liệu vượt giới hạn an toàn (máy chủ ĐỊA-CHỈ, thư mục \"INBOX\"): khi tải thư “Bao cao” của UBND xa Quang Son đến lúc 09:15 ngày 05/04/2024 (UID 1): máy chủ báo gửi một khối dữ liệu 4096,0 MB, tối đa 64,0 MB"},
		{"floods untagged answers", true, on("EXAMINE", func(f *mailtest.Fake, c *mailtest.Conn, tag, cmd, args string) bool {
			return flood(c, "* 1 EXISTS\r\n")
		}), ErrOverLimit, "máy chủ gửi dữ liệu vượt giới hạn an toàn (máy chủ ĐỊA-CHỈ, thư mục \"INBOX\"): khi mở thư mục: máy chủ gửi hơn 1000 dòng trả lời"},
		{"stalls in FETCH", true, onBody(func(f *mailtest.Fake, c *mailtest.Conn, tag string) bool {
			c.Printf("* 1 FETCH (UID 1 BODY[] {%d}\r\n%s", len(f.Mail), f.Mail[:10])
			<-f.Stall
			return false
		}), ErrTimeout, "máy chủ không trả lời kịp (máy chủ ĐỊA-CHỈ, thư mục \"INBOX\"): đã chờ 0,3 giây không nhận được gì khi tải thư “Bao cao” của UBND xa Quang Son đến lúc 09:15 ngày 05/04/2024 (UID 1)"},
		{"drips too slowly", true, onBody(func(f *mailtest.Fake, c *mailtest.Conn, tag string) bool {
			c.Printf("* 1 FETCH (UID 1 BODY[] {%d}\r\n", len(f.Mail))
			for _, b := range f.Mail {
				select {
				case <-f.Stall:
					return false
				case <-time.After(100 * time.Millisecond):
				}
				if _, err := c.Write([]byte{b}); err != nil {
					return false
				}
			}
			return false
		}), ErrTimeout, "máy chủ không trả lời kịp (máy chủ ĐỊA-CHỈ, thư mục \"INBOX\"): máy chủ gửi quá chậm khi tải thư “Bao cao” của UBND xa Quang Son đến lúc 09:15 ngày 05/04/2024 (UID 1) ("},
		{"stalls before the greeting", true, on("GREETING", func(f *mailtest.Fake, c *mailtest.Conn, tag, cmd, args string) bool {
			<-f.Stall
			return false
		}), ErrTimeout, "máy chủ không trả lời kịp (máy chủ ĐỊA-CHỈ, thư mục \"INBOX\"): đã chờ 0,3 giây không nhận được gì khi chờ lời chào của máy chủ"},
		{"never starts TLS", true, on("CONNECT", func(f *mailtest.Fake, c *mailtest.Conn, tag, cmd, args string) bool {
			<-f.Stall
			return false
		}), ErrTimeout, "máy chủ không trả lời kịp (máy chủ ĐỊA-CHỈ, thư mục \"INBOX\"): máy chủ không hoàn tất mã hóa TLS trong 0,5 giây (chi tiết kỹ thuật: context deadline exceeded)"},
		{"a line without end", true, on("LOGIN", func(f *mailtest.Fake, c *mailtest.Conn, tag, cmd, args string) bool {
			c.Printf("* OK ")
			return flood(c, "a")
		}), ErrOverLimit, "máy chủ gửi dữ liệu vượt giới hạn an toàn (máy chủ ĐỊA-CHỈ, thư mục \"INBOX\"): khi đăng nhập: một dòng máy chủ gửi dài hơn 64 KB"},
		{"an ESEARCH range of a billion UIDs", true, on("UID SEARCH", func(f *mailtest.Fake, c *mailtest.Conn, tag, cmd, args string) bool {
			c.Printf("* ESEARCH (TAG \"%s\") UID ALL 1:1000000000\r\n%s OK done\r\n", tag, tag)
			return true
		}), ErrOverLimit, "máy chủ gửi dữ liệu vượt giới hạn an toàn (máy chủ ĐỊA-CHỈ, thư mục \"INBOX\"): khi tìm thư: máy chủ báo hơn 1000 thư khớp điều kiện, tối đa 1000 một lần tải; thu hẹp bằng --since hoặc --subject"},
		{"a SEARCH of more UIDs than the limit, in descending order", true, on("UID SEARCH", func(f *mailtest.Fake, c *mailtest.Conn, tag, cmd, args string) bool {
			c.Printf("* SEARCH")
			for i := 1_000_000; i > 0; i -= 2 {
				if _, err := fmt.Fprintf(c, " %d", i); err != nil {
					return false
				}
			}
			c.Printf("\r\n%s OK done\r\n", tag)
			return true
		}), ErrOverLimit, "máy chủ gửi dữ liệu vượt giới hạn an toàn (máy chủ ĐỊA-CHỈ, thư mục \"INBOX\"): khi tìm thư: máy chủ gửi hơn 1016 số trong một dòng"},
		{"refuses STARTTLS", false, on("STARTTLS", func(f *mailtest.Fake, c *mailtest.Conn, tag, cmd, args string) bool {
			c.Printf("%s BAD unknown command\r\n", tag)
			return true
		}), ErrNoStartTLS, "máy chủ không hỗ trợ STARTTLS: không gửi mật khẩu qua kết nối không mã hóa (máy chủ ĐỊA-CHỈ, thư mục \"INBOX\") (chi tiết kỹ thuật: máy chủ trả lời \"S1 BAD unknown command\")"},
		{"strips STARTTLS: says OK and stays in clear", false, on("STARTTLS", func(f *mailtest.Fake, c *mailtest.Conn, tag, cmd, args string) bool {
			c.Printf("%s OK go on\r\n", tag)
			time.Sleep(50 * time.Millisecond)
			c.Printf("* OK still in clear\r\n")
			<-f.Stall
			return false
		}), ErrNoStartTLS, "máy chủ không hỗ trợ STARTTLS: không gửi mật khẩu qua kết nối không mã hóa (máy chủ ĐỊA-CHỈ, thư mục \"INBOX\"): máy chủ nhận lệnh STARTTLS nhưng không mã hóa được kết nối (chi tiết kỹ thuật: tls: first record does not look like a TLS handshake)"},
		{"injects a command after STARTTLS", false, on("STARTTLS", func(f *mailtest.Fake, c *mailtest.Conn, tag, cmd, args string) bool {
			c.Printf("%s OK go on\r\n* OK injected\r\n", tag)
			<-f.Stall
			return false
		}), ErrNoStartTLS, "máy chủ không hỗ trợ STARTTLS: không gửi mật khẩu qua kết nối không mã hóa (máy chủ ĐỊA-CHỈ, thư mục \"INBOX\"): máy chủ gửi dữ liệu không mã hóa sau khi nhận lệnh STARTTLS (chi tiết kỹ thuật: 15 byte)"},
		{"pre-authenticates in clear", false, on("GREETING", func(f *mailtest.Fake, c *mailtest.Conn, tag, cmd, args string) bool {
			c.Printf("* PREAUTH welcome\r\n")
			<-f.Stall
			return false
		}), ErrNoStartTLS, "máy chủ không hỗ trợ STARTTLS: không gửi mật khẩu qua kết nối không mã hóa (máy chủ ĐỊA-CHỈ, thư mục \"INBOX\"): máy chủ cho vào không cần đăng nhập trên kết nối không mã hóa (chi tiết kỹ thuật: máy chủ chào \"* PREAUTH welcome\")"},
	}
	var (
		mu         sync.Mutex
		worstTime  time.Duration
		worstAlloc uint64
	)
	t.Cleanup(func() {
		t.Logf("worst: %v, %.1f MB allocated", worstTime.Round(time.Millisecond), float64(worstAlloc)/(1<<20))
	})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// The cases run side by side: four of them wait out a
			// timeout. Each one's allocation count then includes what the
			// others allocated meanwhile, which can only raise it: the
			// bound below still fails a case that allocates too much.
			t.Parallel()
			srv := mailtest.StartFake(t, tc.implicitTLS, hostileMail(t), tc.h)
			out := t.TempDir()
			var st wireStats
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			done := make(chan error, 1)
			go func() {
				_, err := Fetch(context.Background(), FetchOptions{URL: srv.URL(), Password: "mk", Out: out, Insecure: true, Location: time.FixedZone("ICT", 7*3600), wire: testWire(&st)})
				done <- err
			}()
			var err error
			select {
			case err = <-done:
			case <-time.After(60 * time.Second): // a safety net, not a measure
				t.Fatal("Fetch did not return")
			}
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			alloc := after.TotalAlloc - before.TotalAlloc
			mu.Lock()
			worstTime, worstAlloc = max(worstTime, took), max(worstAlloc, alloc)
			mu.Unlock()
			t.Logf("%v, %.1f MB allocated, read %d bytes, longest line %d, largest literal %d", took.Round(time.Millisecond), float64(alloc)/(1<<20), st.bytes, st.longestLine, st.largestLiteral)

			want := strings.ReplaceAll(tc.want, addrPlaceholder, srv.Addr)
			// The slow server's message ends with what came in how long,
			// which depends on the machine's timing.
			if !errors.Is(err, tc.kind) || err.Error() != want && !(strings.HasSuffix(want, "(") && strings.HasPrefix(err.Error(), want)) {
				t.Errorf("error %v\nwant      %s", err, want)
			}
			if files, _ := filepath.Glob(filepath.Join(out, "*.eml")); len(files) != 0 {
				t.Errorf("saved %v", files)
			}
			for _, c := range srv.Commands() {
				if !tc.implicitTLS && strings.Contains(c, "LOGIN") {
					t.Errorf("sent %q in clear", c)
				}
			}
			// The bounds: what was read stays within the limits of the
			// command answered, whatever the server sent.
			search := searchAnswer(testWire(nil).maxUIDs)
			if st.bytes > search.bytes+64<<10 || st.longestLine > search.line+1 || st.largestLiteral > gate.MailMaxSize {
				t.Errorf("read %d bytes (at most %d), a line of %d (at most %d), a literal of %d", st.bytes, search.bytes, st.longestLine, search.line, st.largestLiteral)
			}
			// Nothing near a 4 GB literal, a billion UIDs or an endless line.
			if alloc > 64<<20 {
				t.Errorf("allocated %d MB", alloc>>20)
			}
		})
	}
}

// TestFetchHonestFake: the same fake server, answering honestly, gives the
// mail whole, under a name without the subject's right-to-left override;
// the misbehaving cases above differ from it by one answer each.
func TestFetchHonestFake(t *testing.T) {
	for _, implicitTLS := range []bool{true, false} {
		mail := hostileMail(t)
		srv := mailtest.StartFake(t, implicitTLS, mail, nil)
		out := t.TempDir()
		res, err := Fetch(context.Background(), FetchOptions{URL: srv.URL(), Password: "mk", Out: out, Insecure: true, Location: time.FixedZone("ICT", 7*3600), wire: testWire(nil)})
		if err != nil {
			t.Fatal(err)
		}
		want := "2024-04-05 09.15 - UBND xã Quảng Sơn - Báo cáo xcod.exe.eml"
		if len(res.Saved) != 1 || res.Saved[0] != want {
			t.Fatalf("saved %q, want %q", res.Saved, want)
		}
		// The mail as sent, below the Received field of its arrival.
		got, err := os.ReadFile(filepath.Join(out, want))
		top := "Received: by tonghop fetch; Fri, 05 Apr 2024 09:15:00 +0700\r\n"
		if err != nil || !bytes.Equal(got, append([]byte(top), mail...)) {
			t.Errorf("saved bytes differ: %v\n%.200s", err, got)
		}
		if m, err := Parse(want, got, Limits{}); err != nil || !m.Received.Equal(time.Date(2024, 4, 5, 9, 15, 0, 0, time.FixedZone("ICT", 7*3600))) {
			t.Errorf("arrival read back: %v, %v", m.Received, err)
		}
	}
}
