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
	"mime"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"tonghop/aggregate/gate"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-message"
	"github.com/emersion/go-message/charset"
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
	MaxSize  int64          // bytes of one mail; 0: gate.MailMaxSize
	Progress func(done, total int)

	wire wireConfig // the bounds on the server; zero: defaultWire (tests shorten them)
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
	ErrTimeout        = errors.New("máy chủ không trả lời kịp")
	ErrOverLimit      = errors.New("máy chủ gửi dữ liệu vượt giới hạn an toàn")
	ErrCut            = errors.New("kết nối bị ngắt giữa chừng, thư đang tải dở không được lưu")
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
//
// The server is not trusted: every answer is bounded in time, bytes, line
// length, literal size and count (see wire.go), a failure is a *FetchError
// in Vietnamese, and a mail is saved only when all its bytes arrived. A
// mail larger than o.MaxSize is not downloaded at all; it is named in
// FetchResult.Skipped.
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
		o.MaxSize = gate.MailMaxSize
	}
	if o.Location == nil {
		o.Location = time.Local
	}
	o.wire = o.wire.withDefaults()
	c, g, err := dial(ctx, u, o)
	if err != nil {
		var we *wireError
		if errors.As(err, &we) {
			return nil, fail(we.kind, we.detail, we.err)
		}
		return nil, fail(classifyDial(err), "", err)
	}
	defer hangUp(c, g)
	stop := context.AfterFunc(ctx, func() { g.Close() })
	defer stop()
	defer func() {
		// go-imap panics on a few impossible server answers; a hostile
		// server must not crash the command.
		if r := recover(); r != nil {
			res, err = nil, fail(ErrProtocol, "", fmt.Errorf("%v", r))
		}
	}()
	// failed tells a broken limit from the server's own refusal.
	failed := func(err error, refused func(*imap.Error) error) error {
		if we := g.failure(); we != nil {
			return fail(we.kind, we.detail, we.err)
		}
		var ie *imap.Error
		if errors.As(err, &ie) && refused != nil {
			return refused(ie)
		}
		return fail(ErrProtocol, "", err)
	}

	g.expect("khi đăng nhập", smallAnswer())
	err = c.Login(u.user, o.Password).Wait()
	g.rest()
	if err != nil {
		return nil, failed(err, func(*imap.Error) error { return fail(ErrLogin, fmt.Sprintf("người dùng %q", u.user), nil) })
	}
	g.expect("khi mở thư mục", smallAnswer())
	sel, err := c.Select(u.folder, &imap.SelectOptions{ReadOnly: true}).Wait()
	g.rest()
	if err != nil {
		return nil, failed(err, func(*imap.Error) error { return fail(ErrNoFolder, "", nil) })
	}
	crit := &imap.SearchCriteria{Since: o.Since}
	if o.Subject != "" {
		crit.Header = []imap.SearchCriteriaHeaderField{{Key: "Subject", Value: o.Subject}}
	}
	g.expect("khi tìm thư", searchAnswer(o.wire.maxUIDs))
	found, err := c.UIDSearch(crit, nil).Wait()
	g.rest()
	if err != nil {
		return nil, failed(err, nil)
	}
	uids, err := foundUIDs(found, o.wire.maxUIDs)
	if err != nil {
		return nil, fail(ErrOverLimit, err.Error(), nil)
	}
	st, err := loadState(o.Out)
	if err != nil {
		return nil, fail(ErrSave, "", err)
	}
	key := u.user + "@" + u.addr + "/" + u.folder
	res = &FetchResult{Matched: len(uids)}
	todo := st.pending(key, sel.UIDValidity, uids)
	if err := fetchInto(c, g, todo, st, key, o, res); err != nil {
		var se saveError
		var we *wireError
		switch {
		case errors.As(err, &se):
			return res, fail(ErrSave, "", se.error)
		case errors.As(err, &we):
			return res, fail(we.kind, we.detail, we.err)
		}
		return res, failed(err, nil)
	}
	g.expect("khi đăng xuất", smallAnswer())
	c.Logout().Wait()
	return res, nil
}

// hangUp closes the connection and waits, a few seconds at most, for
// go-imap's reader to stop: a reader stuck on a channel must not keep
// fetch from returning.
func hangUp(c *imapclient.Client, g *guard) {
	g.Close()
	select {
	case <-c.Closed():
	case <-time.After(5 * time.Second):
	}
}

// foundUIDs expands a search answer, counting before expanding: a server
// can answer "1:4000000000" in twelve bytes.
func foundUIDs(found *imap.SearchData, limit int) ([]imap.UID, error) {
	set, _ := found.All.(imap.UIDSet)
	n := 0
	for _, r := range set {
		if r.Start == 0 || r.Stop == 0 {
			return nil, errors.New("khi tìm thư: máy chủ trả lời bằng một dãy số không xác định (*)")
		}
		n += int(max(r.Start, r.Stop) - min(r.Start, r.Stop) + 1)
		if n > limit {
			return nil, fmt.Errorf("khi tìm thư: máy chủ báo hơn %d thư khớp điều kiện, tối đa %d một lần tải; thu hẹp bằng --since hoặc --subject", limit, limit)
		}
	}
	return found.AllUIDs(), nil
}

// dial connects, starts TLS (implicit, or STARTTLS done by startTLS so that
// nothing but that command is sent in clear), and hands go-imap a guard
// over the TLS connection: the guard then sees the IMAP text both ways.
func dial(ctx context.Context, u imapURL, o FetchOptions) (*imapclient.Client, *guard, error) {
	cctx, cancel := context.WithTimeout(ctx, o.wire.connect)
	defer cancel()
	raw, err := (&net.Dialer{}).DialContext(cctx, "tcp", u.addr)
	if err != nil {
		if cctx.Err() != nil && ctx.Err() == nil {
			return nil, nil, &wireError{kind: ErrUnreachable, detail: fmt.Sprintf("không kết nối được sau %s", seconds(o.wire.connect)), err: err}
		}
		return nil, nil, err
	}
	cfg := &tls.Config{ServerName: u.host, InsecureSkipVerify: o.Insecure, MinVersion: tls.VersionTLS12}
	greeting := ""
	if u.startTLS {
		if err := startTLS(raw, o.wire); err != nil {
			raw.Close()
			return nil, nil, err
		}
		// go-imap waits for a greeting; the real one came before
		// STARTTLS, and the state after TLS is the same: not logged in.
		greeting = "* OK TLS\r\n"
	} else {
		cfg.NextProtos = []string{"imap"}
	}
	tc := tls.Client(raw, cfg)
	if err := tc.HandshakeContext(cctx); err != nil {
		raw.Close()
		switch {
		case cctx.Err() != nil && ctx.Err() == nil:
			return nil, nil, &wireError{kind: ErrTimeout, detail: fmt.Sprintf("máy chủ không hoàn tất mã hóa TLS trong %s", seconds(o.wire.connect)), err: err}
		case u.startTLS && classifyDial(err) != ErrCertificate:
			return nil, nil, &wireError{kind: ErrNoStartTLS, detail: "máy chủ nhận lệnh STARTTLS nhưng không mã hóa được kết nối", err: err}
		}
		return nil, nil, err
	}
	g := newGuard(tc, o.wire, greeting)
	g.expect("khi chờ lời chào của máy chủ", smallAnswer())
	c := imapclient.New(g, &imapclient.Options{WordDecoder: &mime.WordDecoder{CharsetReader: charset.Reader}})
	if err := c.WaitGreeting(); err != nil {
		hangUp(c, g)
		if we := g.failure(); we != nil {
			return nil, nil, we
		}
		return nil, nil, err
	}
	g.rest()
	return c, g, nil
}

// classifyDial tells a certificate problem from an unreachable host.
func classifyDial(err error) error {
	var cv *tls.CertificateVerificationError
	var ua x509.UnknownAuthorityError
	var he x509.HostnameError
	var ci x509.CertificateInvalidError
	if errors.As(err, &cv) || errors.As(err, &ua) || errors.As(err, &he) || errors.As(err, &ci) {
		return ErrCertificate
	}
	return ErrUnreachable
}

// saveError marks a local write failure inside fetchInto, as opposed to a
// failure of the server.
type saveError struct{ error }

// listed is what the server says of one mail before its bytes are asked
// for.
type listed struct {
	size          int64
	arrived       time.Time
	from, subject string
}

// name names a mail in messages: its subject, sender, arrival and UID.
func (l listed) name(uid imap.UID, loc *time.Location) string {
	s := "thư"
	if l.subject != "" {
		s += " “" + l.subject + "”"
	}
	if l.from != "" {
		s += " của " + l.from
	}
	if !l.arrived.IsZero() {
		s += " đến lúc " + l.arrived.In(loc).Format("15:04 ngày 02/01/2006")
	}
	return s + fmt.Sprintf(" (UID %d)", uid)
}

// fetchInto lists the pending mails (size, arrival, sender, subject), skips
// those over the size limit without downloading them, and downloads the
// others in batches, saving each mail and the state after every batch, so
// an interrupted run loses at most one batch.
func fetchInto(c *imapclient.Client, g *guard, todo []imap.UID, st *state, key string, o FetchOptions, res *FetchResult) error {
	names, err := existingNames(o.Out)
	if err != nil {
		return saveError{err}
	}
	info, err := list(c, g, todo)
	if err != nil {
		return err
	}
	var want []imap.UID
	for _, uid := range todo {
		l, ok := info[uid]
		switch {
		case !ok:
			res.Skipped = append(res.Skipped, fmt.Sprintf("máy chủ không gửi thông tin thư UID %d, không lưu", uid))
		case l.size > o.MaxSize:
			res.Skipped = append(res.Skipped, fmt.Sprintf("%s dài %s, vượt giới hạn %s: không tải; hãy mở thư này bằng chương trình đọc thư và lưu tệp đính kèm", l.name(uid, o.Location), gate.ByteSize(l.size), gate.ByteSize(o.MaxSize)))
		default:
			want = append(want, uid)
		}
	}
	g.setDescribe(func(head []byte) string {
		// "* 3 FETCH (UID 7 …": name the mail of UID 7.
		_, rest, ok := bytes.Cut(head, []byte("UID "))
		if !ok {
			return ""
		}
		end := bytes.IndexFunc(rest, func(r rune) bool { return r < '0' || r > '9' })
		if end < 0 {
			end = len(rest)
		}
		n, err := strconv.ParseUint(string(rest[:end]), 10, 32)
		if l, ok := info[imap.UID(n)]; err == nil && ok {
			return "khi tải " + l.name(imap.UID(n), o.Location)
		}
		return ""
	})
	defer g.setDescribe(nil)
	done, total := 0, len(want)
	for len(want) > 0 {
		// Up to 50 mails and 64 MiB announced in one command.
		n, bytes := 0, int64(0)
		for n < len(want) && n < 50 && (n == 0 || bytes+info[want[n]].size <= 64<<20) {
			bytes += info[want[n]].size
			n++
		}
		batch := want[:n]
		want = want[n:]
		g.expect("khi tải thư", fetchAnswer(n, o.MaxSize))
		cmd := c.Fetch(imap.UIDSetNum(batch...), &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{{Peek: true}}})
		for m := cmd.Next(); m != nil; m = cmd.Next() {
			got, err := readFetched(m, g, info, o)
			if err == nil {
				err = st.save(key, got, o, names, res)
				if err != nil {
					err = saveError{err}
				}
			}
			if err != nil {
				// The connection is closed and the command left undrained:
				// never read the rest of a hostile answer, and go-imap's
				// drain after its reader has stopped on a broken connection
				// reads its buffer unsynchronised (a data race).
				g.Close()
				return err
			}
			done++
			if o.Progress != nil {
				o.Progress(done, total)
			}
		}
		if f := g.failure(); f != nil {
			g.Close() // the same: a broken answer is not drained
			return f
		}
		err := cmd.Close()
		g.rest()
		if err != nil {
			return err
		}
		if err := st.write(o.Out); err != nil {
			return saveError{err}
		}
	}
	return nil
}

// list asks for the size, arrival time and envelope of the UIDs, 500 at a
// time.
func list(c *imapclient.Client, g *guard, uids []imap.UID) (map[imap.UID]listed, error) {
	const batch = 500
	out := make(map[imap.UID]listed, len(uids))
	for len(uids) > 0 {
		n := min(batch, len(uids))
		set := imap.UIDSetNum(uids[:n]...)
		uids = uids[n:]
		g.expect("khi đọc danh sách thư", fetchAnswer(n, 64<<10))
		msgs, err := c.Fetch(set, &imap.FetchOptions{UID: true, RFC822Size: true, InternalDate: true, Envelope: true}).Collect()
		g.rest()
		if err != nil {
			return nil, err
		}
		for _, m := range msgs {
			if m.UID == 0 || !set.Contains(m.UID) {
				continue
			}
			l := listed{size: m.RFC822Size, arrived: m.InternalDate}
			if e := m.Envelope; e != nil {
				l.subject = cleanText(e.Subject)
				if len(e.From) > 0 {
					l.from = cleanText(e.From[0].Name)
					if l.from == "" {
						l.from = cleanText(e.From[0].Addr())
					}
				}
			}
			out[m.UID] = l
		}
	}
	return out, nil
}

// fetched is one mail as the server sent it, whole.
type fetched struct {
	uid     imap.UID
	arrived time.Time
	body    []byte
}

// readFetched reads one mail of a FETCH answer. Its literal is read into a
// buffer of the announced size (the guard has already refused one over the
// limit) and must be exactly that long: a server that closes in the middle
// of a mail gets an error naming the mail, and nothing is saved.
func readFetched(m *imapclient.FetchMessageData, g *guard, info map[imap.UID]listed, o FetchOptions) (fetched, error) {
	f := fetched{}
	name := func() string {
		if f.uid == 0 {
			return fmt.Sprintf("một thư (số thứ tự %d)", m.SeqNum)
		}
		return info[f.uid].name(f.uid, o.Location)
	}
	for item := m.Next(); item != nil; item = m.Next() {
		switch it := item.(type) {
		case imapclient.FetchItemDataUID:
			f.uid = it.UID
			f.arrived = info[f.uid].arrived
			g.setWhat("khi tải " + name())
		case imapclient.FetchItemDataBodySection:
			if it.Literal == nil {
				continue
			}
			size := it.Literal.Size()
			if size > o.MaxSize {
				return f, &wireError{kind: ErrOverLimit, detail: fmt.Sprintf("khi tải %s: máy chủ gửi %s, tối đa %s", name(), gate.ByteSize(size), gate.ByteSize(o.MaxSize))}
			}
			body := make([]byte, size)
			n, err := io.ReadFull(it.Literal, body)
			if err == nil {
				// The literal must end here; reading its end also lets
				// go-imap go on.
				var one [1]byte
				_, err = it.Literal.Read(one[:])
				if err == io.EOF {
					err = nil
				}
			}
			if err != nil {
				if we := g.failure(); we != nil {
					return f, we
				}
				return f, &wireError{kind: ErrCut, detail: fmt.Sprintf("khi tải %s: mới nhận %s trong %s", name(), gate.ByteSize(int64(n)), gate.ByteSize(size)), err: err}
			}
			f.body = body
		}
	}
	if f.uid == 0 && f.body != nil {
		return f, &wireError{kind: ErrProtocol, detail: fmt.Sprintf("máy chủ gửi %s mà không kèm UID", name())}
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
