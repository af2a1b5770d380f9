package mail

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-message"
	gomail "github.com/emersion/go-message/mail"
)

// FetchOptions says which folder Fetch reads and where it saves.
type FetchOptions struct {
	URL      string         // imaps://USER@HOST[:PORT]/FOLDER, or imap://… for STARTTLS; FOLDER defaults to INBOX
	Password string         // never logged
	Since    time.Time      // only mails that arrived on or after this day; zero: all
	Subject  string         // only mails whose subject contains this text; empty: all
	Out      string         // folder for the .eml files and the state file
	Insecure bool           // skip certificate verification; refused unless the host is loopback
	Location *time.Location // for the date in file names; nil: time.Local
	MaxSize  int64          // bytes of one mail; 0: DefaultLimits().MaxSize
	Progress func(done, total int)
}

// FetchResult tells what one Fetch did.
type FetchResult struct {
	Matched    int      // mails matching the criteria in the folder
	Saved      []string // file names written, oldest UID first
	Duplicates int      // new UIDs whose bytes were already saved (a changed UIDVALIDITY)
	Skipped    []string // Vietnamese warnings: mails not saved and why
}

// The kinds of FetchError, for errors.Is.
var (
	ErrBadURL         = errors.New("địa chỉ IMAP không hợp lệ")
	ErrInsecureRemote = errors.New("chỉ được bỏ kiểm tra chứng chỉ với máy chủ chạy trên chính máy này (localhost, 127.0.0.1)")
	ErrUnreachable    = errors.New("không kết nối được máy chủ")
	ErrCertificate    = errors.New("chứng chỉ TLS của máy chủ không hợp lệ hoặc không đáng tin cậy")
	ErrNoStartTLS     = errors.New("máy chủ không hỗ trợ STARTTLS: không gửi mật khẩu qua kết nối không mã hóa")
	ErrLogin          = errors.New("sai tên đăng nhập hoặc mật khẩu")
	ErrNoFolder       = errors.New("không có thư mục thư này")
	ErrProtocol       = errors.New("lỗi khi trao đổi với máy chủ")
	ErrSave           = errors.New("không lưu được thư")
)

// FetchError is a failure of Fetch, in Vietnamese, naming the server and
// the folder.
type FetchError struct {
	Server, Folder string
	Kind           error  // one of the Err… values above
	Detail         string // Vietnamese, may be empty
	Err            error  // the underlying library or system error, may be nil
}

func (e *FetchError) Error() string {
	s := e.Kind.Error()
	if e.Server != "" {
		s += " (máy chủ " + e.Server
		if e.Folder != "" {
			s += fmt.Sprintf(", thư mục %q", e.Folder)
		}
		s += ")"
	}
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	if e.Err != nil {
		s += " (chi tiết kỹ thuật: " + e.Err.Error() + ")"
	}
	return s
}

// Unwrap returns the kind, so that errors.Is(err, ErrLogin) works.
func (e *FetchError) Unwrap() error { return e.Kind }

// imapURL is a parsed FetchOptions.URL.
type imapURL struct {
	startTLS         bool
	user, host, addr string // addr is host:port
	folder           string
}

// parseIMAPURL reads imaps://USER@HOST[:PORT]/FOLDER.
func parseIMAPURL(s string) (imapURL, error) {
	var out imapURL
	u, err := url.Parse(s)
	if err != nil {
		return out, &FetchError{Kind: ErrBadURL, Detail: fmt.Sprintf("%q", s)}
	}
	port := "993"
	switch strings.ToLower(u.Scheme) {
	case "imaps":
	case "imap":
		out.startTLS, port = true, "143"
	default:
		return out, &FetchError{Kind: ErrBadURL, Detail: fmt.Sprintf("%q phải bắt đầu bằng imaps:// hoặc imap://", s)}
	}
	if u.User == nil || u.User.Username() == "" {
		return out, &FetchError{Kind: ErrBadURL, Detail: fmt.Sprintf("%q thiếu tên đăng nhập (imaps://TÊN@MÁY-CHỦ/THƯ-MỤC)", s)}
	}
	if _, set := u.User.Password(); set {
		return out, &FetchError{Kind: ErrBadURL, Detail: "không ghi mật khẩu trong địa chỉ; dùng biến môi trường TONGHOP_IMAP_PASSWORD hoặc gõ khi được hỏi"}
	}
	out.user, out.host = u.User.Username(), u.Hostname()
	if out.host == "" {
		return out, &FetchError{Kind: ErrBadURL, Detail: fmt.Sprintf("%q thiếu tên máy chủ", s)}
	}
	if u.Port() != "" {
		port = u.Port()
	}
	out.addr = net.JoinHostPort(out.host, port)
	out.folder = strings.Trim(u.Path, "/")
	if out.folder == "" {
		out.folder = "INBOX"
	}
	return out, nil
}

// isLoopback is true for localhost and loopback addresses, the only hosts
// for which certificate checks may be skipped.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Fetch saves every mail of a folder matching the criteria as one .eml file
// in o.Out, except those a previous Fetch saved (state file beside them).
// Each file's modification time is the mail's arrival time (INTERNALDATE).
// The folder is opened read-only: nothing changes on the server.
func Fetch(ctx context.Context, o FetchOptions) (res *FetchResult, err error) {
	u, err := parseIMAPURL(o.URL)
	if err != nil {
		return nil, err
	}
	fail := func(kind error, detail string, err error) error {
		return &FetchError{Server: u.addr, Folder: u.folder, Kind: kind, Detail: detail, Err: err}
	}
	if o.Insecure && !isLoopback(u.host) {
		return nil, fail(ErrInsecureRemote, "", nil)
	}
	if o.MaxSize <= 0 {
		o.MaxSize = DefaultLimits().MaxSize
	}
	if o.Location == nil {
		o.Location = time.Local
	}
	defer func() {
		// go-imap panics on a few impossible server answers; a hostile
		// server must not crash the command.
		if r := recover(); r != nil {
			res, err = nil, fail(ErrProtocol, "", fmt.Errorf("%v", r))
		}
	}()
	c, err := dial(u, o.Insecure)
	if err != nil {
		return nil, fail(classifyDial(err, u.startTLS), "", err)
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()

	if err := c.Login(u.user, o.Password).Wait(); err != nil {
		var ie *imap.Error
		if errors.As(err, &ie) {
			return nil, fail(ErrLogin, fmt.Sprintf("người dùng %q", u.user), nil)
		}
		return nil, fail(ErrProtocol, "", err)
	}
	sel, err := c.Select(u.folder, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		var ie *imap.Error
		if errors.As(err, &ie) {
			return nil, fail(ErrNoFolder, "", nil)
		}
		return nil, fail(ErrProtocol, "", err)
	}
	crit := &imap.SearchCriteria{Since: o.Since}
	if o.Subject != "" {
		crit.Header = []imap.SearchCriteriaHeaderField{{Key: "Subject", Value: o.Subject}}
	}
	found, err := c.UIDSearch(crit, nil).Wait()
	if err != nil {
		return nil, fail(ErrProtocol, "", err)
	}
	uids := found.AllUIDs()
	if len(uids) > maxFolderMails {
		return nil, fail(ErrProtocol, fmt.Sprintf("thư mục có %d thư, quá giới hạn %d", len(uids), maxFolderMails), nil)
	}
	st, err := loadState(o.Out)
	if err != nil {
		return nil, fail(ErrSave, "", err)
	}
	key := u.user + "@" + u.addr + "/" + u.folder
	res = &FetchResult{Matched: len(uids)}
	todo := st.pending(key, sel.UIDValidity, uids)
	if err := fetchInto(c, todo, st, key, o, res); err != nil {
		var se saveError
		if errors.As(err, &se) {
			return res, fail(ErrSave, "", se.error)
		}
		return res, fail(ErrProtocol, "", err)
	}
	c.Logout().Wait()
	return res, nil
}

const maxFolderMails = 1_000_000

func dial(u imapURL, insecure bool) (*imapclient.Client, error) {
	opts := &imapclient.Options{
		TLSConfig: &tls.Config{ServerName: u.host, InsecureSkipVerify: insecure, MinVersion: tls.VersionTLS12},
		Dialer:    &net.Dialer{Timeout: 30 * time.Second},
	}
	var c *imapclient.Client
	var err error
	if u.startTLS {
		c, err = imapclient.DialStartTLS(u.addr, opts)
	} else {
		c, err = imapclient.DialTLS(u.addr, opts)
	}
	if err != nil {
		return nil, err
	}
	if err := c.WaitGreeting(); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// classifyDial tells a certificate problem from an unreachable host and a
// server that refused STARTTLS.
func classifyDial(err error, startTLS bool) error {
	var cv *tls.CertificateVerificationError
	var ua x509.UnknownAuthorityError
	var he x509.HostnameError
	var ci x509.CertificateInvalidError
	var ie *imap.Error
	switch {
	case errors.As(err, &cv), errors.As(err, &ua), errors.As(err, &he), errors.As(err, &ci):
		return ErrCertificate
	case startTLS && errors.As(err, &ie):
		return ErrNoStartTLS
	}
	return ErrUnreachable
}

// saveError marks a local write failure inside fetchInto, as opposed to a
// failure of the server.
type saveError struct{ error }

// fetchInto downloads the UIDs in batches, saving each mail and the state
// after every batch, so an interrupted run loses at most one batch.
func fetchInto(c *imapclient.Client, todo []imap.UID, st *state, key string, o FetchOptions, res *FetchResult) error {
	const batch = 50
	names, err := existingNames(o.Out)
	if err != nil {
		return saveError{err}
	}
	done, total := 0, len(todo)
	for len(todo) > 0 {
		n := min(batch, len(todo))
		set := imap.UIDSetNum(todo[:n]...)
		todo = todo[n:]
		cmd := c.Fetch(set, &imap.FetchOptions{UID: true, InternalDate: true, RFC822Size: true,
			BodySection: []*imap.FetchItemBodySection{{Peek: true}}})
		for m := cmd.Next(); m != nil; m = cmd.Next() {
			got, err := readFetched(m, o.MaxSize)
			if err != nil {
				cmd.Close()
				return err
			}
			if err := st.save(key, got, o, names, res); err != nil {
				cmd.Close()
				return saveError{err}
			}
			done++
			if o.Progress != nil {
				o.Progress(done, total)
			}
		}
		if err := cmd.Close(); err != nil {
			return err
		}
		if err := st.write(o.Out); err != nil {
			return saveError{err}
		}
	}
	return nil
}

// fetched is one mail as the server sent it.
type fetched struct {
	uid     imap.UID
	arrived time.Time
	body    []byte
	tooBig  int64 // the size, when over the limit (body is then nil)
}

func readFetched(m *imapclient.FetchMessageData, max int64) (fetched, error) {
	var f fetched
	for item := m.Next(); item != nil; item = m.Next() {
		switch it := item.(type) {
		case imapclient.FetchItemDataUID:
			f.uid = it.UID
		case imapclient.FetchItemDataInternalDate:
			f.arrived = it.Time
		case imapclient.FetchItemDataBodySection:
			if it.Literal == nil {
				continue
			}
			b, err := io.ReadAll(io.LimitReader(it.Literal, max+1))
			if err != nil {
				return f, err
			}
			if int64(len(b)) > max {
				io.Copy(io.Discard, it.Literal)
				f.tooBig = it.Literal.Size()
				continue
			}
			f.body = b
		}
	}
	return f, nil
}

// describe reads the sender and subject for a file name; a mail whose
// header cannot be read is still saved, under its date alone.
func describe(body []byte) (from, subject string) {
	e, _ := message.Read(bytes.NewReader(body))
	if e == nil {
		return "", ""
	}
	h := gomail.Header{Header: e.Header}
	a := fromAddress(h)
	from = a.Name
	if from == "" {
		from = a.Email
	}
	subject, _ = h.Subject()
	return from, cleanText(subject)
}

func contentHash(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
