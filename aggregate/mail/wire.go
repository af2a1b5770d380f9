package mail

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"

	"tonghop/aggregate/gate"
)

// The IMAP server is untrusted like any file a unit sends: go-imap reads
// whatever it is sent (a line without end grows a string until memory runs
// out; a literal of 4 GB is announced and read; a server that stops sending
// is waited for until the operating system gives up). Every byte the client
// reads therefore comes through a guard, a net.Conn under go-imap that knows
// the limits of the command being answered and enforces them as the bytes
// arrive: deadlines, bytes, line length, literal size, the number of lines
// and of numbers on one line. It lexes just enough IMAP to tell lines from
// literals ("{N}" at the end of a line announces N bytes of data).

// wireLimits bound the answer to one command.
type wireLimits struct {
	bytes   int64 // bytes of the answer, literals included
	line    int64 // bytes of one line outside literals
	words   int64 // space-separated words on one line (the UIDs of a SEARCH answer); 0: any
	literal int64 // bytes of one literal
	lines   int   // lines, a literal's continuation included
}

// wireConfig is what the per-command limits derive from: the times, the
// size of a mail, the number of mails. Zero fields take defaultWire's.
type wireConfig struct {
	connect time.Duration // connecting and the TLS handshake
	idle    time.Duration // longest wait for the next byte of an answer
	grace   time.Duration // time allowed on top of bytes/minRate
	minRate int64         // bytes per second an answer must keep up on average
	maxUIDs int           // mails one search may find
	stats   *wireStats    // when set, what the client read (tests assert the bounds through it)
}

// wireStats is what a fetch read from the server, over all its commands.
type wireStats struct {
	bytes, longestLine, largestLiteral int64
}

// defaultWire is the limits policy's (gate.IMAP…).
var defaultWire = wireConfig{connect: gate.IMAPConnectTime, idle: gate.IMAPIdleTime, grace: gate.IMAPGraceTime,
	minRate: gate.IMAPMinRate, maxUIDs: gate.IMAPMaxUIDs}

func (w wireConfig) withDefaults() wireConfig {
	d := defaultWire
	if w.connect <= 0 {
		w.connect = d.connect
	}
	if w.idle <= 0 {
		w.idle = d.idle
	}
	if w.grace <= 0 {
		w.grace = d.grace
	}
	if w.minRate <= 0 {
		w.minRate = d.minRate
	}
	if w.maxUIDs <= 0 {
		w.maxUIDs = d.maxUIDs
	}
	return w
}

// smallAnswer bounds the answer to a command that returns little: the
// greeting, STARTTLS, LOGIN, SELECT, LOGOUT.
func smallAnswer() wireLimits {
	return wireLimits{bytes: gate.IMAPAnswerSize, line: gate.IMAPLineSize, literal: gate.IMAPLineSize, lines: gate.IMAPLines}
}

// searchAnswer bounds a UID SEARCH answer: maxUIDs numbers of at most ten
// digits and a space.
func searchAnswer(maxUIDs int) wireLimits {
	n := int64(maxUIDs)*11 + gate.IMAPLineSize
	return wireLimits{bytes: n + gate.IMAPAnswerSize, line: n, words: int64(maxUIDs) + 16, literal: gate.IMAPLineSize, lines: gate.IMAPLines}
}

// fetchAnswer bounds the answer to a FETCH of n mails whose data items
// (without the literals) take about perMail bytes, with literals of at most
// literal bytes.
func fetchAnswer(n int, literal int64) wireLimits {
	return wireLimits{bytes: int64(n)*(literal+gate.IMAPLineSize) + gate.IMAPAnswerSize, line: gate.IMAPAnswerSize, literal: literal, lines: gate.IMAPLinesOfMail*n + gate.IMAPLines}
}

// wireError is a broken limit or a server's refusal, in Vietnamese.
type wireError struct {
	kind   error  // one of the Err… kinds of FetchError
	detail string // Vietnamese
	err    error  // technical, may be nil
}

func (e *wireError) Error() string {
	if e.detail == "" {
		return e.kind.Error()
	}
	return e.kind.Error() + ": " + e.detail
}

// litState follows the end of a line: does it announce a literal, "{N}" or
// "{N+}" (a CR before the LF is allowed)?
type litState uint8

const (
	litNone   litState = iota
	litOpen            // after '{'
	litDigits          // after '{' and digits
	litPlus            // after "{N+"
	litClosed          // after "{N}"
	litCR              // after "{N}\r"
)

// guard is the net.Conn go-imap reads: see the comment at the top.
type guard struct {
	net.Conn
	cfg wireConfig

	mu     sync.Mutex
	what   string // the command answered, for messages: "khi tải thư", …
	lim    wireLimits
	active bool // a command is waiting for its answer: deadlines apply
	start  time.Time
	rate   bool // the deadline set is the rate floor, not the idle one
	prefix []byte

	read, lineLen, words, litLeft, litSize int64
	lines                                  int
	lit                                    litState
	head                                   []byte // the start of the line being read
	// describe, when set, names what a line is about from its start
	// ("* 3 FETCH (UID 7 BODY[] {…}": the mail of UID 7), for messages.
	describe func(head []byte) string
	err      error // the first broken limit, returned by every Read after it
}

// newGuard wraps c; prefix is read before c's bytes (the greeting go-imap
// waits for, after our own STARTTLS).
func newGuard(c net.Conn, cfg wireConfig, prefix string) *guard {
	return &guard{Conn: c, cfg: cfg, prefix: []byte(prefix), lim: smallAnswer()}
}

// expect starts the answer to a command: the limits apply from zero, and
// the deadlines from now, also to a Read already waiting.
func (g *guard) expect(what string, lim wireLimits) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.what, g.lim, g.active, g.start = what, lim, true, time.Now()
	g.read, g.lines = 0, 0
	g.setDeadline()
}

// rest lifts the deadlines between commands, while Fetch saves mails: the
// server has nothing to say then, and the limits of the last answer still
// count what it says.
func (g *guard) rest() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.active = false
	g.setDeadline()
}

// setDescribe sets describe (see guard).
func (g *guard) setDescribe(f func(head []byte) string) {
	g.mu.Lock()
	g.describe = f
	g.mu.Unlock()
}

// setWhat names what the answer being read is for, in messages.
func (g *guard) setWhat(what string) {
	g.mu.Lock()
	g.what = what
	g.mu.Unlock()
}

// failure is the broken limit that ended the connection, or nil.
func (g *guard) failure() *wireError {
	g.mu.Lock()
	defer g.mu.Unlock()
	var we *wireError
	errors.As(g.err, &we)
	return we
}

func (g *guard) setDeadline() {
	if !g.active {
		g.Conn.SetReadDeadline(time.Time{})
		return
	}
	idle := time.Now().Add(g.cfg.idle)
	rate := g.start.Add(g.cfg.grace + time.Duration(float64(g.read)/float64(g.cfg.minRate)*float64(time.Second)))
	g.rate = rate.Before(idle)
	if g.rate {
		g.Conn.SetReadDeadline(rate)
	} else {
		g.Conn.SetReadDeadline(idle)
	}
}

// SetReadDeadline ignores go-imap's deadlines: the guard sets its own.
func (g *guard) SetReadDeadline(time.Time) error { return nil }

// SetDeadline keeps go-imap's write deadline only.
func (g *guard) SetDeadline(t time.Time) error { return g.Conn.SetWriteDeadline(t) }

func (g *guard) Read(p []byte) (int, error) {
	g.mu.Lock()
	if g.err != nil {
		g.mu.Unlock()
		return 0, g.err
	}
	if len(g.prefix) > 0 {
		n := copy(p, g.prefix)
		g.prefix = g.prefix[n:]
		g.mu.Unlock()
		return n, nil
	}
	// Never read more than one byte past the budget.
	if room := g.lim.bytes - g.read + 1; int64(len(p)) > room {
		p = p[:max(room, 1)]
	}
	g.setDeadline()
	g.mu.Unlock()

	n, err := g.Conn.Read(p)

	g.mu.Lock()
	defer g.mu.Unlock()
	if g.err != nil { // set while reading: Close, or a concurrent check
		return 0, g.err
	}
	if lerr := g.scan(p[:n]); lerr != nil {
		g.err = lerr
		return 0, lerr
	}
	var ne net.Error
	switch {
	case err == nil:
	case errors.As(err, &ne) && ne.Timeout():
		if g.rate {
			g.err = &wireError{kind: ErrTimeout, detail: fmt.Sprintf("máy chủ gửi quá chậm %s (%s trong %s)", g.what, gate.ByteSize(g.read), seconds(time.Since(g.start)))}
		} else {
			g.err = &wireError{kind: ErrTimeout, detail: fmt.Sprintf("đã chờ %s không nhận được gì %s", seconds(g.cfg.idle), g.what)}
		}
		return n, g.err
	case errors.Is(err, io.EOF) && g.litLeft > 0:
		g.err = &wireError{kind: ErrCut, detail: fmt.Sprintf("%s: máy chủ mới gửi %s của một khối dữ liệu %s", g.what, gate.ByteSize(g.litSize-g.litLeft), gate.ByteSize(g.litSize))}
		return n, g.err
	}
	return n, err
}

// Close ends the connection; a Read waiting returns at once.
func (g *guard) Close() error {
	g.mu.Lock()
	if g.err == nil {
		g.err = net.ErrClosed
	}
	g.mu.Unlock()
	return g.Conn.Close()
}

// scan counts b against the limits, following lines and literals.
func (g *guard) scan(b []byte) error {
	g.read += int64(len(b))
	if st := g.cfg.stats; st != nil {
		st.bytes += int64(len(b))
		defer func() { st.longestLine = max(st.longestLine, g.lineLen) }()
	}
	if g.read > g.lim.bytes {
		return g.over(fmt.Sprintf("máy chủ gửi hơn %s", gate.ByteSize(g.lim.bytes)))
	}
	for i := 0; i < len(b); {
		if g.litLeft > 0 {
			k := min(g.litLeft, int64(len(b)-i))
			g.litLeft -= k
			i += int(k)
			continue
		}
		c := b[i]
		i++
		if c == '\n' {
			g.lines++
			if g.lines > g.lim.lines {
				return g.over(fmt.Sprintf("máy chủ gửi hơn %d dòng trả lời", g.lim.lines))
			}
			if g.lit == litClosed || g.lit == litCR {
				if g.litSize > g.lim.literal {
					return g.over(fmt.Sprintf("máy chủ báo gửi một khối dữ liệu %s, tối đa %s", gate.ByteSize(g.litSize), gate.ByteSize(g.lim.literal)))
				}
				g.litLeft = g.litSize
				if st := g.cfg.stats; st != nil {
					st.largestLiteral = max(st.largestLiteral, g.litSize)
				}
			}
			if st := g.cfg.stats; st != nil {
				st.longestLine = max(st.longestLine, g.lineLen)
			}
			g.lineLen, g.words, g.lit, g.head = 0, 0, litNone, g.head[:0]
			continue
		}
		g.lineLen++
		if len(g.head) < 128 {
			g.head = append(g.head, c)
		}
		if g.lineLen > g.lim.line {
			return g.over(fmt.Sprintf("một dòng máy chủ gửi dài hơn %s", gate.ByteSize(g.lim.line)))
		}
		if c == ' ' {
			g.words++
			if g.lim.words > 0 && g.words > g.lim.words {
				return g.over(fmt.Sprintf("máy chủ gửi hơn %d số trong một dòng", g.lim.words))
			}
		}
		g.lit = nextLit(g.lit, c, &g.litSize)
	}
	return nil
}

func nextLit(st litState, c byte, size *int64) litState {
	switch {
	case c == '{':
		*size = 0
		return litOpen
	case c >= '0' && c <= '9' && (st == litOpen || st == litDigits):
		if *size < 1<<50 {
			*size = *size*10 + int64(c-'0')
		}
		return litDigits
	case c == '+' && st == litDigits:
		return litPlus
	case c == '}' && (st == litDigits || st == litPlus):
		return litClosed
	case c == '\r' && st == litClosed:
		return litCR
	}
	return litNone
}

func (g *guard) over(detail string) error {
	what := g.what
	if g.describe != nil {
		if s := g.describe(g.head); s != "" {
			what = s
		}
	}
	return &wireError{kind: ErrOverLimit, detail: what + ": " + detail}
}

// seconds writes d in Vietnamese: "60 giây", "0,2 giây".
func seconds(d time.Duration) string {
	s := fmt.Sprintf("%.1f", d.Seconds())
	s = strings.TrimSuffix(s, ".0")
	return strings.Replace(s, ".", ",", 1) + " giây"
}

// startTLS asks a server reached in clear to start TLS, through a guard
// of its own, and sends nothing else in clear: not the password, whatever
// the server says its capabilities are (a server or a man in the middle
// that strips STARTTLS from them gets the command anyway, and its refusal
// ends the fetch). Data sent after the server's OK and before the TLS
// handshake is refused (RFC 7457: a command injected in clear).
func startTLS(raw net.Conn, cfg wireConfig) error {
	g := newGuard(raw, cfg, "")
	g.expect("khi chờ lời chào của máy chủ", smallAnswer())
	r := bufio.NewReaderSize(g, 64<<10)
	readLine := func() (string, error) {
		line, err := r.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			return "", g.over("một dòng máy chủ gửi quá dài")
		}
		if err != nil {
			if we := g.failure(); we != nil {
				return "", we
			}
			return "", &wireError{kind: ErrUnreachable, detail: "máy chủ đóng kết nối " + g.what, err: err}
		}
		return strings.TrimRight(string(line), "\r\n"), nil
	}
	greeting, err := readLine()
	if err != nil {
		return err
	}
	switch f := strings.Fields(strings.ToUpper(greeting)); {
	case len(f) >= 2 && f[0] == "*" && f[1] == "OK":
	case len(f) >= 2 && f[0] == "*" && f[1] == "PREAUTH":
		return &wireError{kind: ErrNoStartTLS, detail: "máy chủ cho vào không cần đăng nhập trên kết nối không mã hóa", err: fmt.Errorf("máy chủ chào %q", greeting)}
	default:
		return &wireError{kind: ErrProtocol, detail: "máy chủ không chào theo giao thức IMAP", err: fmt.Errorf("máy chủ chào %q", greeting)}
	}
	g.expect("khi chờ máy chủ bắt đầu mã hóa (STARTTLS)", smallAnswer())
	raw.SetWriteDeadline(time.Now().Add(cfg.connect))
	if _, err := io.WriteString(raw, "S1 STARTTLS\r\n"); err != nil {
		return &wireError{kind: ErrUnreachable, detail: "không gửi được lệnh STARTTLS", err: err}
	}
	raw.SetWriteDeadline(time.Time{})
	for {
		line, err := readLine()
		if err != nil {
			return err
		}
		tag, rest, _ := strings.Cut(line, " ")
		if tag != "S1" {
			continue // untagged data, counted by the guard
		}
		if status, _, _ := strings.Cut(rest, " "); !strings.EqualFold(status, "OK") {
			return &wireError{kind: ErrNoStartTLS, err: fmt.Errorf("máy chủ trả lời %q", line)}
		}
		if r.Buffered() > 0 {
			return &wireError{kind: ErrNoStartTLS, detail: "máy chủ gửi dữ liệu không mã hóa sau khi nhận lệnh STARTTLS", err: fmt.Errorf("%d byte", r.Buffered())}
		}
		g.rest()
		return nil
	}
}
