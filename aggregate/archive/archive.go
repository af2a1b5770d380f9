// Package archive takes the files out of the containers units send reports
// in: .zip (also with a password: ZipCrypto and WinZip AES), .rar (RAR4 and
// RAR5), .7z, and the winmail.dat (TNEF) Outlook attaches in place of a
// mail's attachments. Every file taken out is counted against one Budget,
// shared by all the archives nested in one input, so an archive built to
// expand without end (a zip bomb) stops at the same bounds as a plain one.
// It knows nothing of reports or campaigns; its errors are Vietnamese and
// say what happened, the caller says what to do.
package archive

import (
	"bytes"
	"errors"
	"io"
	"path"
	"strings"
	"time"
	"tonghop/aggregate/gate"
)

// Format is an archive's format, told by its first bytes.
type Format int

// Formats of archive.
const (
	None     Format = iota // not an archive this package reads
	Zip                    // .zip
	RAR                    // .rar, RAR 1.5–4 or RAR 5
	SevenZip               // .7z
	TNEF                   // winmail.dat, Outlook's Transport Neutral Encapsulation
)

var formatNames = [...]string{"", ".zip", ".rar", ".7z", "winmail.dat"}

// String names the format for messages.
func (f Format) String() string {
	if int(f) < len(formatNames) {
		return formatNames[f]
	}
	return "?"
}

// Detect tells an archive's format from its first bytes (gate.MagicOf,
// the one home of the signatures). A .zip is Zip whatever it holds:
// whether it is an Office document is the caller's question.
func Detect(data []byte) Format {
	switch gate.MagicOf(data) {
	case gate.ZipMagic:
		return Zip
	case gate.RARMagic:
		return RAR
	case gate.SevenZipMagic:
		return SevenZip
	case gate.TNEFMagic:
		return TNEF
	}
	return None
}

// Why an archive, or a file in it, could not be taken out.
var (
	ErrEncrypted     = errors.New("tệp nén được đặt mật khẩu")
	ErrWrongPassword = errors.New("tệp nén được đặt mật khẩu và không mật khẩu nào đưa vào mở được")
	ErrBroken        = errors.New("tệp nén bị hỏng hoặc tải về chưa hết")
	ErrUnsupported   = errors.New("tệp nén dùng cách nén chưa hỗ trợ")
	ErrMultiVolume   = errors.New("tệp nén chia thành nhiều phần, mới có một phần")
	ErrTooMany       = errors.New("tệp nén có quá nhiều tệp")
	ErrTooLarge      = errors.New("tệp nén giải nén ra quá lớn")
	ErrTimeout       = errors.New("giải nén quá lâu")
	// ErrTooDeep is for the caller, which follows archives nested in
	// archives: Stop(ErrTooDeep) ends the input when they go too deep.
	ErrTooDeep = errors.New("tệp nén lồng nhau quá nhiều lớp")
)

// Limits bound what one input may expand to, all nested archives together.
type Limits struct {
	MaxFiles int           // files taken out
	MaxTotal int64         // bytes taken out
	MaxFile  int64         // bytes of one file taken out
	MaxTime  time.Duration // time spent taking them out; 0 is no limit
}

// Budget is what is left of Limits while one input is unpacked. Pass the
// same Budget to the Unpack of every archive found inside the first.
type Budget struct {
	files    int
	bytes    int64
	maxFile  int64
	deadline time.Time
	err      error // why it is spent, once it is
}

// Err is why the budget is spent (ErrTooMany, ErrTooLarge, ErrTimeout,
// or what Stop was given), nil while it is not. An archive nested in
// another stops the outer one too: the caller checks Err before going on.
func (b *Budget) Err() error { return b.err }

// Stop spends the budget for err: every later Unpack fails with it.
func (b *Budget) Stop(err error) {
	if b.err == nil {
		b.err = err
	}
}

// NewBudget starts a budget of lim, its time counted from now.
func NewBudget(lim Limits, now time.Time) *Budget {
	b := &Budget{files: lim.MaxFiles, bytes: lim.MaxTotal, maxFile: lim.MaxFile}
	if lim.MaxTime > 0 {
		b.deadline = now.Add(lim.MaxTime)
	}
	return b
}

// File is one file taken out of an archive.
type File struct {
	Name     string    // its path inside the archive, '/'-separated
	Modified time.Time // zero when the archive does not say
	Data     []byte    // nil when Err is set
	// Err says why this file could not be taken out when the others could
	// (ErrEncrypted, ErrWrongPassword, ErrBroken, ErrUnsupported).
	Err error
}

// Unpack takes the files out of data, an archive of format f, trying each
// of passwords on encrypted ones. Folders, links and the litter of file
// managers (__MACOSX, .DS_Store, Thumbs.db) are left out. It stops with
// ErrTooMany, ErrTooLarge or ErrTimeout as soon as b is spent, returning
// the files taken so far; other errors mean nothing could be read.
func Unpack(f Format, data []byte, passwords []string, b *Budget) ([]File, error) {
	if b.err != nil {
		return nil, b.err
	}
	switch f {
	case Zip:
		return unpackZip(data, passwords, b)
	case RAR:
		return unpackRAR(data, passwords, b)
	case SevenZip:
		return unpackSevenZip(data, passwords, b)
	case TNEF:
		return unpackTNEF(data, b)
	}
	return nil, ErrUnsupported
}

// litter is what file managers leave in archives, by base name.
var litter = map[string]bool{"thumbs.db": true, "desktop.ini": true}

// skipped reports whether an entry named name is not a file worth reading.
func skipped(name string) bool {
	name = strings.ReplaceAll(name, "\\", "/")
	base := path.Base(name)
	return name == "" || strings.HasSuffix(name, "/") || strings.HasPrefix(base, ".") ||
		strings.HasPrefix(name, "__MACOSX/") || litter[strings.ToLower(base)]
}

// take counts one more file, of declared size (-1 when unknown), against
// the budget, before anything is unpacked.
func (b *Budget) take(declared int64) error {
	switch {
	case b.err != nil:
	case b.files <= 0:
		b.err = ErrTooMany
	case declared > b.maxFile || declared > b.bytes:
		b.err = ErrTooLarge
	case b.late() != nil:
	default:
		b.files--
	}
	return b.err
}

// late is ErrTimeout, and spends the budget, once the deadline has passed.
func (b *Budget) late() error {
	if b.err == nil && !b.deadline.IsZero() && time.Now().After(b.deadline) {
		b.err = ErrTimeout
	}
	return b.err
}

// read reads one file's content from r within the budget: at most the
// file limit and what is left of the total, and before the deadline.
func (b *Budget) read(r io.Reader) ([]byte, error) {
	limit := min(b.maxFile, b.bytes)
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(&timedReader{r: r, deadline: b.deadline}, limit+1))
	b.bytes -= min(n, limit)
	switch {
	case n > limit:
		b.Stop(ErrTooLarge)
		return nil, ErrTooLarge
	case errors.Is(err, ErrTimeout):
		b.Stop(err)
		return nil, err
	case err != nil:
		return nil, err
	}
	return buf.Bytes(), nil
}

// timedReader fails with ErrTimeout once the deadline has passed.
type timedReader struct {
	r        io.Reader
	deadline time.Time
}

func (t *timedReader) Read(p []byte) (int, error) {
	if !t.deadline.IsZero() && time.Now().After(t.deadline) {
		return 0, ErrTimeout
	}
	return t.r.Read(p)
}

// spent reports whether err means the budget ran out, which ends the
// whole input, not just one file.
func spent(err error) bool {
	return errors.Is(err, ErrTooMany) || errors.Is(err, ErrTooLarge) || errors.Is(err, ErrTimeout) || errors.Is(err, ErrTooDeep)
}
