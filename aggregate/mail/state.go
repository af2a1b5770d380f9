package mail

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-imap/v2"

	"tonghop/aggregate/gate"
	"tonghop/aggregate/infile"
)

// StateFile is the file Fetch keeps beside the mails it saved: per folder
// its UIDVALIDITY and the UIDs already saved, and the SHA-256 of every saved
// mail, so that a folder whose UIDVALIDITY changed is fetched again without
// saving a mail twice.
const StateFile = ".tonghop-imap.json"

const maxStateBytes = 64 << 20

type folderState struct {
	UIDValidity uint32   `json:"uidvalidity"`
	UIDs        []uint32 `json:"uids"`
}

type state struct {
	Version int                     `json:"version"`
	Folders map[string]*folderState `json:"folders"`
	Hashes  map[string]string       `json:"hashes"` // SHA-256 hex → file name
	next    map[string]int          // file stem → next number to try
}

// loadState reads the state file of dir, creating dir when needed. A
// missing or unreadable state file is rebuilt from the .eml files present,
// so that deleting it never duplicates mails.
func loadState(dir string) (*state, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	st := &state{Version: 1, Folders: map[string]*folderState{}, Hashes: map[string]string{}, next: map[string]int{}}
	b, _, err := infile.Read(filepath.Join(dir, StateFile), maxStateBytes)
	var big infile.TooLargeError
	switch {
	case err == nil:
		if json.Unmarshal(b, st) == nil && st.Folders != nil && st.Hashes != nil {
			st.next = map[string]int{}
			return st, nil
		}
		st = &state{Version: 1, Folders: map[string]*folderState{}, Hashes: map[string]string{}, next: map[string]int{}}
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, infile.ErrNotRegular), errors.As(err, &big):
		// Rebuilt below; a special file in its place is replaced when the
		// state is written.
	default:
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.IsDir() || !strings.EqualFold(filepath.Ext(e.Name()), ".eml") {
			continue
		}
		b, _, err := infile.Read(filepath.Join(dir, e.Name()), gate.MailMaxSize)
		if err == nil {
			st.Hashes[contentHash(WithoutArrival(b))] = e.Name()
		}
	}
	return st, nil
}

// pending returns the UIDs not yet saved, resetting the folder's record
// when its UIDVALIDITY changed (the UIDs then name other mails).
func (st *state) pending(key string, validity uint32, uids []imap.UID) []imap.UID {
	fs := st.Folders[key]
	if fs == nil || fs.UIDValidity != validity {
		fs = &folderState{UIDValidity: validity}
		st.Folders[key] = fs
	}
	seen := make(map[uint32]bool, len(fs.UIDs))
	for _, u := range fs.UIDs {
		seen[u] = true
	}
	var out []imap.UID
	for _, u := range uids {
		if !seen[uint32(u)] {
			out = append(out, u)
		}
	}
	slices.Sort(out)
	return out
}

// save writes one fetched mail unless its bytes were saved before.
func (st *state) save(key string, f fetched, o FetchOptions, names map[string]bool, res *FetchResult) error {
	if f.body == nil {
		res.Skipped = append(res.Skipped, fmt.Sprintf("máy chủ không gửi nội dung thư UID %d, không lưu", f.uid))
		return nil
	}
	fs := st.Folders[key]
	h := contentHash(f.body)
	if _, ok := st.Hashes[h]; ok {
		res.Duplicates++
		fs.UIDs = append(fs.UIDs, uint32(f.uid))
		return nil
	}
	from, subject := describe(f.body)
	name := st.fileName(f.arrived, o.Location, from, subject, names)
	path := filepath.Join(o.Out, name)
	if err := writeAtomic(path, withArrival(f.body, f.arrived)); err != nil {
		return err
	}
	if !f.arrived.IsZero() {
		os.Chtimes(path, f.arrived, f.arrived) // best effort: the name carries the date too
	}
	st.Hashes[h] = name
	fs.UIDs = append(fs.UIDs, uint32(f.uid))
	res.Saved = append(res.Saved, name)
	return nil
}

// withArrival puts on top of a mail the Received field that records when
// it reached the mailbox (IMAP's INTERNALDATE), as fetchmail does, so that
// the saved .eml carries its arrival wherever it is copied (a file's time
// does not survive): the reader takes the topmost Received as the arrival.
// A server's own Received fields stay below it. Without a date the mail
// is saved as the server sent it.
func withArrival(body []byte, arrived time.Time) []byte {
	if arrived.IsZero() {
		return body
	}
	eol := "\n"
	if i := bytes.IndexByte(body, '\n'); i > 0 && body[i-1] == '\r' {
		eol = "\r\n"
	}
	line := arrivalField + arrived.Format(time.RFC1123Z) + eol
	return append([]byte(line), body...)
}

// arrivalField starts the Received field withArrival writes.
const arrivalField = "Received: by tonghop fetch; "

// WithoutArrival returns a saved mail as the server sent it: without the
// Received field withArrival put on top, the bytes its hash was taken of.
func WithoutArrival(saved []byte) []byte {
	if !bytes.HasPrefix(saved, []byte(arrivalField)) {
		return saved
	}
	if i := bytes.IndexByte(saved, '\n'); i >= 0 {
		return saved[i+1:]
	}
	return saved
}

// fileName is "2024-04-05 09.15 - Sender - Subject.eml", safe on Windows
// and unique in the folder (names compared case-insensitively, as Windows
// does); a clash gets " (2)", " (3)"… in one pass per name.
func (st *state) fileName(arrived time.Time, loc *time.Location, from, subject string, names map[string]bool) string {
	parts := []string{"không rõ ngày"}
	if !arrived.IsZero() {
		parts[0] = arrived.In(loc).Format("2006-01-02 15.04")
	}
	for _, p := range []string{from, subject} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	stem := SafeFileName(strings.Join(parts, " - "), maxStemBytes)
	name := stem + ".eml"
	for n := max(st.next[strings.ToLower(stem)], 2); names[strings.ToLower(name)]; n++ {
		name = fmt.Sprintf("%s (%d).eml", stem, n)
		st.next[strings.ToLower(stem)] = n + 1
	}
	names[strings.ToLower(name)] = true
	return name
}

// maxStemBytes keeps a file name well under Windows' 260-character path
// limit even in a deep folder.
const maxStemBytes = 120

// SafeFileName turns s into a file name Windows accepts: NFC, no reserved
// characters, no control characters (each becomes a space), none of the
// bidirectional overrides cleanText removes from every name a mail carries,
// no trailing dot or space, not a device name (CON, NUL, COM1…), at most
// maxBytes bytes of UTF-8 cut on a character boundary. An empty result
// becomes "thư".
func SafeFileName(s string, maxBytes int) string {
	s = cleanText(strings.Map(func(r rune) rune {
		switch {
		case r < 0x20 || r == 0x7f:
			return ' '
		case strings.ContainsRune(`<>:"/\|?*`, r):
			return '_'
		}
		return r
	}, s))
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > maxBytes {
		cut := maxBytes
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	s = strings.TrimLeft(strings.TrimRight(s, ". "), " ")
	if s == "" {
		return "thư"
	}
	base := strings.ToUpper(strings.TrimSpace(strings.SplitN(s, ".", 2)[0]))
	switch base {
	case "CON", "PRN", "AUX", "NUL",
		"COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
		"LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9":
		s = "_" + s
	}
	return s
}

// existingNames lists the folder's file names in lower case.
func existingNames(dir string) (map[string]bool, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	names := make(map[string]bool, len(entries))
	for _, e := range entries {
		names[strings.ToLower(e.Name())] = true
	}
	return names, nil
}

// write saves the state file atomically.
func (st *state) write(dir string) error {
	b, err := json.MarshalIndent(st, "", " ")
	if err != nil {
		return err
	}
	return writeAtomic(filepath.Join(dir, StateFile), b)
}

// writeAtomic writes a temporary file in the target folder and renames it
// into place, so a crash never leaves half a mail under its final name.
func writeAtomic(path string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tonghop-*.tmp")
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("ghi %s: %w", path, err)
	}
	return nil
}
