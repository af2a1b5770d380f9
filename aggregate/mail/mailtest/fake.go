package mailtest

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// Fake is a scripted IMAP server on 127.0.0.1 for tests of a misbehaving
// server: it holds one mail (UID 1) and answers each command through a
// Handler, which may answer honestly (Fake.Honest) or not at all, flood,
// stall or cut. It serves one connection at a time, until the test ends.
type Fake struct {
	Addr  string
	Mail  []byte        // the mail of UID 1
	Stall chan struct{} // closed when the test ends: a handler that stalls waits on it

	implicitTLS bool
	tls         *tls.Config
	handle      Handler
	mu          sync.Mutex
	commands    []string
}

// Handler answers one command line (tag, upper-case command name with
// "UID " kept, the rest). It is called first with cmd "CONNECT" on the raw
// connection, before TLS and the greeting, then with "GREETING". It
// returns false to close the connection.
type Handler func(f *Fake, c *Conn, tag, cmd, args string) bool

// Conn is the server's side of one connection.
type Conn struct {
	net.Conn
	r *bufio.Reader
}

// Printf writes a formatted answer; lines end with "\r\n" written by the
// caller.
func (c *Conn) Printf(format string, a ...any) { fmt.Fprintf(c.Conn, format, a...) }

// StartFake starts a fake server: with implicit TLS (imaps) when implicitTLS,
// else in clear offering STARTTLS (imap). h nil is Fake.Honest.
func StartFake(t testing.TB, implicitTLS bool, mail []byte, h Handler) *Fake {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if h == nil {
		h = (*Fake).Honest
	}
	f := &Fake{Addr: l.Addr().String(), Mail: mail, Stall: make(chan struct{}), implicitTLS: implicitTLS, tls: ServerTLS(t), handle: h}
	var wg sync.WaitGroup
	t.Cleanup(func() {
		close(f.Stall)
		l.Close()
		wg.Wait()
	})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			raw, err := l.Accept()
			if err != nil {
				return
			}
			f.serve(raw)
		}
	}()
	return f
}

// URL is the address of INBOX for user donvi.
func (f *Fake) URL() string {
	scheme := "imap"
	if f.implicitTLS {
		scheme = "imaps"
	}
	return (&url.URL{Scheme: scheme, User: url.User("donvi"), Host: f.Addr, Path: "/INBOX"}).String()
}

// Commands returns the command lines received so far.
func (f *Fake) Commands() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.commands...)
}

func (f *Fake) serve(raw net.Conn) {
	c := &Conn{Conn: raw, r: bufio.NewReader(raw)}
	defer func() { c.Close() }()
	if !f.handle(f, c, "*", "CONNECT", "") {
		return
	}
	if f.implicitTLS {
		tc := tls.Server(raw, f.tls)
		if tc.Handshake() != nil {
			return
		}
		c.Conn, c.r = tc, bufio.NewReader(tc)
	}
	if !f.handle(f, c, "*", "GREETING", "") {
		return
	}
	for {
		line, err := c.r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		f.mu.Lock()
		f.commands = append(f.commands, line)
		f.mu.Unlock()
		tag, rest, _ := strings.Cut(line, " ")
		cmd, args, _ := strings.Cut(rest, " ")
		cmd = strings.ToUpper(cmd)
		if cmd == "UID" {
			var sub string
			sub, args, _ = strings.Cut(args, " ")
			cmd += " " + strings.ToUpper(sub)
		}
		if !f.handle(f, c, tag, cmd, args) {
			return
		}
	}
}

// Honest answers like a small real server holding f.Mail as UID 1.
func (f *Fake) Honest(c *Conn, tag, cmd, args string) bool {
	switch cmd {
	case "CONNECT":
	case "GREETING":
		c.Printf("* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] ready\r\n")
	case "STARTTLS":
		c.Printf("%s OK begin TLS\r\n", tag)
		tc := tls.Server(c.Conn, f.tls)
		if tc.Handshake() != nil {
			return false
		}
		c.Conn, c.r = tc, bufio.NewReader(tc)
	case "CAPABILITY":
		c.Printf("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n%s OK done\r\n", tag)
	case "LOGIN":
		c.Printf("%s OK logged in\r\n", tag)
	case "SELECT", "EXAMINE":
		c.Printf("* 1 EXISTS\r\n* OK [UIDVALIDITY 7] ok\r\n* OK [UIDNEXT 2] ok\r\n%s OK [READ-ONLY] done\r\n", tag)
	case "UID SEARCH":
		c.Printf("* SEARCH 1\r\n%s OK done\r\n", tag)
	case "UID FETCH":
		if strings.Contains(args, "RFC822.SIZE") {
			c.Printf("* 1 FETCH (UID 1 RFC822.SIZE %d %s)\r\n%s OK done\r\n", len(f.Mail), FakeListing, tag)
		} else {
			c.Printf("* 1 FETCH (UID 1 BODY[] {%d}\r\n%s)\r\n%s OK done\r\n", len(f.Mail), f.Mail, tag)
		}
	case "LOGOUT":
		c.Printf("* BYE bye\r\n%s OK done\r\n", tag)
		return false
	default:
		c.Printf("%s BAD unknown command\r\n", tag)
	}
	return true
}

// FakeListing is the arrival time and envelope Honest gives the mail.
const FakeListing = `INTERNALDATE "05-Apr-2024 09:15:00 +0700" ENVELOPE (NIL "Bao cao" (("UBND xa Quang Son" NIL "quangson" "daknong.gov.vn")) NIL NIL NIL NIL NIL NIL NIL)`
