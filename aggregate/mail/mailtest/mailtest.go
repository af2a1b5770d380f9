// Package mailtest starts a throw-away Dovecot IMAP server for tests: a
// config, a self-signed certificate, a passwd-file user and a maildir, all
// in t.TempDir(), listening on 127.0.0.1 with implicit TLS (imaps) and with
// STARTTLS (imap). Tests that use it need Dovecot as testenv.NeedApp says
// (skipped under -short), and root. ServerTLS gives the fake servers tests
// write (fake.go) a certificate of the same kind.
package mailtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"tonghop/templates/testenv"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// Server is a running Dovecot.
type Server struct {
	User, Password string
	TLSAddr        string // 127.0.0.1:port, implicit TLS
	PlainAddr      string // 127.0.0.1:port, STARTTLS
	Dir            string // its temporary folder (config, log, mail)

	t      testing.TB
	cmd    *exec.Cmd
	mu     sync.Mutex
	client *imapclient.Client
	made   map[string]bool
}

// Start starts Dovecot for the test and stops it when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := testenv.NeedApp(t, "dovecot")
	if os.Geteuid() != 0 {
		// Dovecot switches to its own users for login and mail processes.
		if testenv.Required() {
			t.Fatal("TONGHOP_REQUIRE_APPS=1 nhưng Dovecot thử nghiệm cần chạy với quyền root")
		}
		t.Skip("Dovecot thử nghiệm cần quyền root")
	}
	s := &Server{User: "donvi", Password: randomHex(t, 12), Dir: t.TempDir(), t: t, made: map[string]bool{"INBOX": true}}
	// The login and mail processes run as other users: they must be able
	// to traverse the temporary folders.
	for _, d := range []string{filepath.Dir(s.Dir), s.Dir} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	s.TLSAddr, s.PlainAddr = freeAddr(t), freeAddr(t)
	s.writeConfig()
	var log strings.Builder
	s.cmd = exec.Command(bin, "-F", "-c", filepath.Join(s.Dir, "dovecot.conf"))
	s.cmd.Stdout, s.cmd.Stderr = &syncWriter{w: &log}, &syncWriter{w: &log}
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start dovecot: %v", err)
	}
	t.Cleanup(s.stop)
	for _, addr := range []string{s.TLSAddr, s.PlainAddr} {
		if err := waitListening(addr, 10*time.Second); err != nil {
			b, _ := os.ReadFile(filepath.Join(s.Dir, "dovecot.log"))
			t.Fatalf("dovecot did not listen on %s: %v\n%s\n%s", addr, err, log.String(), b)
		}
	}
	return s
}

// URL is the imaps:// address of folder, for FetchOptions.URL.
func (s *Server) URL(folder string) string {
	return (&url.URL{Scheme: "imaps", User: url.User(s.User), Host: s.TLSAddr, Path: "/" + folder}).String()
}

// StartTLSURL is the imap:// address of folder on the STARTTLS port.
func (s *Server) StartTLSURL(folder string) string {
	return (&url.URL{Scheme: "imap", User: url.User(s.User), Host: s.PlainAddr, Path: "/" + folder}).String()
}

// Append stores msg in folder (created when needed) with date as its
// arrival time (INTERNALDATE), through IMAP APPEND.
func (s *Server) Append(folder string, msg []byte, date time.Time) {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.client == nil {
		c, err := imapclient.DialTLS(s.TLSAddr, &imapclient.Options{TLSConfig: &tls.Config{InsecureSkipVerify: true}})
		if err != nil {
			s.t.Fatalf("append: dial: %v", err)
		}
		if err := c.Login(s.User, s.Password).Wait(); err != nil {
			s.t.Fatalf("append: login: %v", err)
		}
		s.client = c
	}
	if !s.made[folder] {
		if err := s.client.Create(folder, nil).Wait(); err != nil {
			s.t.Fatalf("append: create %s: %v", folder, err)
		}
		s.made[folder] = true
	}
	cmd := s.client.Append(folder, int64(len(msg)), &imap.AppendOptions{Time: date})
	if _, err := cmd.Write(msg); err != nil {
		s.t.Fatalf("append: %v", err)
	}
	if err := cmd.Close(); err != nil {
		s.t.Fatalf("append: %v", err)
	}
	if _, err := cmd.Wait(); err != nil {
		s.t.Fatalf("append to %s: %v", folder, err)
	}
}

func (s *Server) stop() {
	s.mu.Lock()
	if s.client != nil {
		s.client.Close()
		s.client = nil
	}
	s.mu.Unlock()
	// SIGINT makes the master stop its children and exit.
	s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
}

func (s *Server) writeConfig() {
	t, d := s.t, s.Dir
	certPEM, keyPEM := selfSigned(t)
	write := func(name, content string, mode os.FileMode) {
		if err := os.WriteFile(filepath.Join(d, name), []byte(content), mode); err != nil {
			t.Fatal(err)
		}
	}
	write("cert.pem", certPEM, 0o644)
	write("key.pem", keyPEM, 0o600)
	uid, gid := nobody()
	mail := filepath.Join(d, "mail")
	if err := os.Mkdir(mail, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(mail, uid, gid); err != nil {
		t.Fatal(err)
	}
	write("passwd", fmt.Sprintf("%s:{PLAIN}%s:%d:%d::%s::\n", s.User, s.Password, uid, gid, filepath.Join(mail, s.User)), 0o644)
	tlsHost, tlsPort, _ := net.SplitHostPort(s.TLSAddr)
	_, plainPort, _ := net.SplitHostPort(s.PlainAddr)
	conf := strings.NewReplacer("DIR", d, "HOST", tlsHost, "TLSPORT", tlsPort, "PLAINPORT", plainPort).Replace(configTemplate)
	write("dovecot.conf", conf, 0o644)
}

// configTemplate is for Dovecot 2.3 (Debian 12). Login and mail processes
// run as dovenull/dovecot and as the passwd-file user (nobody), never root.
const configTemplate = `base_dir = DIR/run
state_dir = DIR/state
log_path = DIR/dovecot.log
protocols = imap
listen = HOST
default_login_user = dovenull
default_internal_user = dovecot
ssl = yes
ssl_cert = <DIR/cert.pem
ssl_key = <DIR/key.pem
auth_mechanisms = plain
disable_plaintext_auth = yes
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u DIR/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u DIR/passwd
}
mail_location = maildir:DIR/mail/%u
namespace inbox {
  inbox = yes
  separator = /
}
service imap-login {
  inet_listener imap {
    address = HOST
    port = PLAINPORT
  }
  inet_listener imaps {
    address = HOST
    port = TLSPORT
    ssl = yes
  }
}
`

func nobody() (int, int) {
	if u, err := user.Lookup("nobody"); err == nil {
		uid, err1 := strconv.Atoi(u.Uid)
		gid, err2 := strconv.Atoi(u.Gid)
		if err1 == nil && err2 == nil {
			return uid, gid
		}
	}
	return 65534, 65534
}

// ServerTLS is a TLS configuration with a fresh self-signed certificate
// for 127.0.0.1 and localhost, for the fake servers tests write themselves.
func ServerTLS(t testing.TB) *tls.Config {
	t.Helper()
	certPEM, keyPEM := selfSigned(t)
	cert, err := tls.X509KeyPair([]byte(certPEM), []byte(keyPEM))
	if err != nil {
		t.Fatal(err)
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}}
}

// selfSigned makes a one-day certificate for 127.0.0.1 and localhost.
func selfSigned(t testing.TB) (certPEM, keyPEM string) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "localhost"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}))
}

func freeAddr(t testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func waitListening(addr string, d time.Duration) error {
	deadline := time.Now().Add(d)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func randomHex(t testing.TB, n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

type syncWriter struct {
	mu sync.Mutex
	w  *strings.Builder
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(p)
}
