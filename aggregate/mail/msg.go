package mail

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/richardlehane/mscfb"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"

	"tonghop/aggregate/gate"
)

// Outlook .msg files ([MS-OXMSG]) are compound files: each property of the
// message is a stream "__substg1.0_IIIITTTT" (IIII the property id, TTTT
// its type) or a 16-byte entry of the "__properties_version1.0" stream, and
// each attachment a storage "__attach_version1.0_#N". No maintained
// pure-Go .msg reader is served by the module proxy, so this file reads the
// few properties a Mail needs on top of mscfb, the compound-file reader
// excelize already brings in.

const (
	propSubject      = "0037"
	propSenderName   = "0C1A"
	propSenderEmail  = "0C1F"
	propSenderSMTP   = "5D01"
	propMessageID    = "1035"
	propAttachLong   = "3707"
	propAttachShort  = "3704"
	propDisplayName  = "3001"
	tagSubmitTime    = 0x00390040 // PR_CLIENT_SUBMIT_TIME, PT_SYSTIME
	tagDeliveryTime  = 0x0E060040 // PR_MESSAGE_DELIVERY_TIME, PT_SYSTIME
	tagAttachMethod  = 0x37050003 // PR_ATTACH_METHOD, PT_LONG
	tagCodepage      = 0x3FFD0003 // PR_MESSAGE_CODEPAGE, PT_LONG
	attachEmbedded   = 5          // ATTACH_EMBEDDED_MSG
	embeddedMsgStore = "__substg1.0_3701000D"
	maxPropString    = gate.MailMaxProperty
)

// msgReader indexes the compound file's entries by path once, so that every
// look-up below is a map access.
type msgReader struct {
	name     string
	lim      Limits
	files    map[string]*mscfb.File
	attaches map[string][]string // storage path → its attachment storages
	ansi     encoding.Encoding   // for PT_STRING8 properties
	parts    int
	bytes    int64
	atts     []Attachment
}

func entryPath(f *mscfb.File) string {
	return strings.Join(append(append([]string(nil), f.Path...), f.Name), "/")
}

func parseMsg(name string, data []byte, lim Limits) (*Mail, error) {
	cf, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return nil, &Error{File: name, Kind: ErrMalformed, Detail: "không đọc được tệp Outlook .msg"}
	}
	r := &msgReader{name: name, lim: lim, files: map[string]*mscfb.File{}, attaches: map[string][]string{}}
	for _, f := range cf.File {
		p := entryPath(f)
		r.files[p] = f
		if strings.HasPrefix(f.Name, "__attach_version1.0_#") {
			parent := strings.Join(f.Path, "/")
			r.attaches[parent] = append(r.attaches[parent], p)
		}
	}
	if r.files["__properties_version1.0"] == nil {
		return nil, &Error{File: name, Kind: ErrNotMail, Detail: "tệp Office này không phải thư Outlook"}
	}
	props := r.props("", 32)
	r.ansi = codepage(uint32(props[tagCodepage]))
	m := &Mail{
		Subject:   cleanText(r.str("", propSubject)),
		MessageID: strings.Trim(strings.TrimSpace(r.str("", propMessageID)), "<>"),
		From:      Address{Name: cleanText(r.str("", propSenderName))},
	}
	m.From.Email = strings.TrimSpace(r.str("", propSenderSMTP))
	if e := strings.TrimSpace(r.str("", propSenderEmail)); m.From.Email == "" && strings.Contains(e, "@") {
		m.From.Email = e // 0C1F holds an Exchange DN, not an address, for internal senders
	}
	m.Date, m.Received = fileTime(props[tagSubmitTime]), fileTime(props[tagDeliveryTime])
	if m.Date.IsZero() {
		m.Date = m.Received
	}
	if err := r.walk("", 0); err != nil {
		return nil, err
	}
	m.Attachments = r.atts
	return m, nil
}

// walk keeps the attachments of the message stored at dir, descending into
// embedded (forwarded) messages.
func (r *msgReader) walk(dir string, depth int) error {
	if depth > r.lim.MaxDepth {
		return &Error{File: r.name, Kind: ErrTooDeep, Detail: fmt.Sprintf("quá %d cấp", r.lim.MaxDepth)}
	}
	list := r.attaches[dir]
	sort.Strings(list)
	for _, a := range list {
		r.parts++
		if r.parts > r.lim.MaxParts {
			return &Error{File: r.name, Kind: ErrTooManyParts, Detail: fmt.Sprintf("quá %d phần", r.lim.MaxParts)}
		}
		if r.props(a, 8)[tagAttachMethod] == attachEmbedded {
			if err := r.walk(a+"/"+embeddedMsgStore, depth+1); err != nil {
				return err
			}
			continue
		}
		f := r.files[a+"/__substg1.0_37010102"]
		if f == nil {
			continue // by reference, or an OLE object: no file to keep
		}
		name := r.str(a, propAttachLong)
		if name == "" {
			name = r.str(a, propAttachShort)
		}
		if name == "" {
			name = r.str(a, propDisplayName)
		}
		name = baseName(cleanText(name))
		if name == "" {
			name = fmt.Sprintf("tệp đính kèm %d.bin", len(r.atts)+1)
		}
		if err := r.keep(name, f); err != nil {
			return err
		}
	}
	return nil
}

func (r *msgReader) keep(name string, f io.Reader) error {
	if len(r.atts) >= r.lim.MaxAttachments {
		return &Error{File: r.name, Kind: ErrTooManyParts, Detail: fmt.Sprintf("quá %d tệp đính kèm", r.lim.MaxAttachments)}
	}
	room := r.lim.MaxSize - r.bytes
	data, err := io.ReadAll(io.LimitReader(f, room+1))
	if err != nil {
		return &Error{File: r.name, Kind: ErrMalformed, Detail: fmt.Sprintf("tệp đính kèm %q hỏng", name)}
	}
	if int64(len(data)) > room {
		return &Error{File: r.name, Kind: ErrTooLarge, Detail: fmt.Sprintf("tệp đính kèm %q vượt giới hạn %d byte", name, r.lim.MaxSize)}
	}
	r.bytes += int64(len(data))
	r.atts = append(r.atts, Attachment{Name: name, Data: data})
	return nil
}

// stream reads at most max bytes of the stream at dir/name; nil when absent
// or unreadable.
func (r *msgReader) stream(dir, name string, max int64) []byte {
	if dir != "" {
		name = dir + "/" + name
	}
	f := r.files[name]
	if f == nil {
		return nil
	}
	b, err := io.ReadAll(io.LimitReader(f, max))
	if err != nil {
		return nil
	}
	return b
}

// str reads a string property: Unicode (001F) first, else 8-bit (001E) in
// the message's code page.
func (r *msgReader) str(dir, id string) string {
	if b := r.stream(dir, "__substg1.0_"+id+"001F", maxPropString); len(b) > 0 {
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = binary.LittleEndian.Uint16(b[2*i:])
		}
		return strings.TrimRight(string(utf16.Decode(u)), "\x00")
	}
	b := r.stream(dir, "__substg1.0_"+id+"001E", maxPropString)
	if len(b) == 0 {
		return ""
	}
	s, err := r.ansi.NewDecoder().Bytes(b)
	if err != nil {
		return ""
	}
	return strings.TrimRight(string(s), "\x00")
}

// props reads the fixed-size properties of the storage at dir, whose
// properties stream starts with a header of skip bytes (32 for the message,
// 24 for an embedded message, 8 for an attachment). Values are the 8 bytes
// of each entry, keyed by property tag.
func (r *msgReader) props(dir string, skip int) map[uint32]uint64 {
	if strings.HasSuffix(dir, embeddedMsgStore) {
		skip = 24
	}
	b := r.stream(dir, "__properties_version1.0", 1<<20)
	out := map[uint32]uint64{}
	for i := skip; i+16 <= len(b); i += 16 {
		out[binary.LittleEndian.Uint32(b[i:])] = binary.LittleEndian.Uint64(b[i+8:])
	}
	return out
}

// fileTime converts a Windows FILETIME (100 ns since 1601) to UTC.
func fileTime(ft uint64) time.Time {
	const unixEpoch = 116444736000000000 // 1970-01-01 as a FILETIME
	if ft == 0 || ft < unixEpoch/2 || ft > 1<<62 {
		return time.Time{}
	}
	d := int64(ft) - unixEpoch
	return time.Unix(d/1e7, d%1e7*100).UTC()
}

// codepage maps the code pages Vietnamese Outlook installations use; any
// other is read as Latin-1, which at least keeps ASCII.
func codepage(cp uint32) encoding.Encoding {
	switch cp {
	case 1258:
		return charmap.Windows1258
	case 1252:
		return charmap.Windows1252
	case 65001:
		return encoding.Nop
	}
	return charmap.ISO8859_1
}
