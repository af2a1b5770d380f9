package archive

import (
	"encoding/binary"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// Outlook, sending in its "Rich Text" format, wraps a mail's attachments in
// one attachment named winmail.dat (application/ms-tnef), which other
// mail programs show as an unknown file. Its format, TNEF, is published
// ([MS-OXTNEF]); no maintained Go reader is served by the module proxy, so
// the part needed here (the attachments: name, date, content) is read
// here. A TNEF stream is a signature, a key, then attributes:
//
//	level (1 byte: 1 message, 2 attachment), id (4), length (4), data, checksum (2)
//
// An attachment starts at attAttachRendData; its name is in attAttachTitle
// (short, 8-bit) and, long, in the MAPI properties of attAttachment; its
// content is attAttachData, or PR_ATTACH_DATA_BIN among the properties.

// TNEF attribute ids (type in the high word).
const (
	attAttachRendData   = 0x00069002
	attAttachTitle      = 0x00018010
	attAttachData       = 0x0006800f
	attAttachModifyDate = 0x00038013
	attAttachment       = 0x00069005
)

// MAPI property tags read from attAttachment.
const (
	prAttachDataBin      = 0x3701
	prAttachFilename     = 0x3704
	prAttachLongFilename = 0x3707
)

// tnefAttachment is one attachment as it is read.
type tnefAttachment struct {
	title, longName string
	modified        time.Time
	data            []byte
	hasData         bool
}

// unpackTNEF takes the attachments out of a winmail.dat.
func unpackTNEF(data []byte, b *Budget) ([]File, error) {
	if len(data) < 6 {
		return nil, ErrBroken
	}
	var atts []*tnefAttachment
	var cur *tnefAttachment
	for p := data[6:]; len(p) > 0; {
		if len(p) < 11 {
			return nil, ErrBroken
		}
		level, id, n := p[0], binary.LittleEndian.Uint32(p[1:]), binary.LittleEndian.Uint32(p[5:])
		if uint64(n)+11 > uint64(len(p)) {
			return nil, ErrBroken
		}
		v := p[9 : 9+n]
		p = p[11+n:]
		if level != 2 {
			continue
		}
		if id == attAttachRendData || cur == nil {
			cur = &tnefAttachment{}
			atts = append(atts, cur)
		}
		switch id {
		case attAttachTitle:
			cur.title = decodeName(strings.TrimRight(string(v), "\x00"))
		case attAttachData:
			cur.data, cur.hasData = v, true
		case attAttachModifyDate:
			cur.modified = tnefDate(v)
		case attAttachment:
			mapiAttachment(v, cur)
		}
	}
	var out []File
	for i, a := range atts {
		if !a.hasData {
			continue // an embedded message or OLE object: nothing to read here
		}
		name := a.longName
		if name == "" {
			name = a.title
		}
		if name == "" {
			name = "tệp đính kèm " + strconv.Itoa(i+1)
		}
		if skipped(name) {
			continue
		}
		if err := b.take(int64(len(a.data))); err != nil {
			return out, err
		}
		b.bytes -= int64(len(a.data))
		out = append(out, File{Name: name, Modified: a.modified, Data: a.data})
	}
	return out, nil
}

// tnefDate reads a TNEF date: year, month, day, hour, minute, second as
// 16-bit numbers, in the sender's local time, taken as Vietnam's.
func tnefDate(v []byte) time.Time {
	if len(v) < 12 {
		return time.Time{}
	}
	f := func(i int) int { return int(binary.LittleEndian.Uint16(v[2*i:])) }
	if f(0) < 1980 || f(1) < 1 || f(1) > 12 || f(2) < 1 || f(2) > 31 {
		return time.Time{}
	}
	return time.Date(f(0), time.Month(f(1)), f(2), f(3), f(4), f(5), 0, time.FixedZone("ICT", 7*3600))
}

// MAPI property types, by the size of their value.
const (
	ptMultiFlag = 0x1000
	ptString8   = 0x001e
	ptUnicode   = 0x001f
	ptBinary    = 0x0102
	ptObject    = 0x000d
)

// mapiFixedSize is the size of a fixed-size property value, padded to 4.
var mapiFixedSize = map[uint16]int{
	0x0001: 4, 0x0002: 4, 0x0003: 4, 0x0004: 4, 0x000a: 4, 0x000b: 4, // null, I2, I4, R4, error, boolean
	0x0005: 8, 0x0006: 8, 0x0007: 8, 0x0014: 8, 0x0040: 8, // R8, currency, app time, I8, system time
	0x0048: 16, // CLSID
}

// mapiAttachment reads an attachment's MAPI properties for its long name
// and, where Outlook put it there, its content. It stops at the first
// property it cannot size: what was read before stands.
func mapiAttachment(v []byte, a *tnefAttachment) {
	r := mapiReader{b: v}
	count := r.u32()
	for i := uint32(0); i < count && r.ok(); i++ {
		tag := r.u32()
		typ, id := uint16(tag), uint16(tag>>16)
		if id >= 0x8000 { // a named property: GUID, then a number or a name
			r.skip(16)
			if r.u32() == 0 {
				r.skip(4)
			} else {
				r.skip(r.u32())
			}
		}
		base, multi := typ&^ptMultiFlag, typ&ptMultiFlag != 0
		size, fixed := mapiFixedSize[base]
		switch {
		case fixed && !multi:
			r.skip(uint32(size))
		case fixed:
			n := r.u32()
			if uint64(n)*uint64(size) > uint64(len(r.b)) {
				return
			}
			r.skip(n * uint32(size))
		case base == ptString8 || base == ptUnicode || base == ptBinary || base == ptObject:
			n := r.u32()
			for j := uint32(0); j < n && r.ok(); j++ {
				val := r.bytes(r.u32())
				if !r.ok() || j > 0 {
					continue
				}
				switch {
				case id == prAttachLongFilename || (id == prAttachFilename && a.longName == ""):
					if name := mapiString(base, val); name != "" {
						a.longName = name
					}
				case id == prAttachDataBin && base == ptBinary && !a.hasData:
					a.data, a.hasData = val, true
				}
			}
		default:
			return
		}
	}
}

// mapiString decodes a string property.
func mapiString(typ uint16, v []byte) string {
	if typ == ptUnicode {
		u := make([]uint16, len(v)/2)
		for i := range u {
			u[i] = binary.LittleEndian.Uint16(v[2*i:])
		}
		return strings.TrimRight(string(utf16.Decode(u)), "\x00")
	}
	if typ == ptString8 {
		return decodeName(strings.TrimRight(string(v), "\x00"))
	}
	return ""
}

// mapiReader reads little-endian values from b; once past its end, every
// read gives zero and ok is false.
type mapiReader struct {
	b   []byte
	at  int
	bad bool
}

func (r *mapiReader) ok() bool { return !r.bad }

func (r *mapiReader) bytes(n uint32) []byte {
	if r.bad || uint64(n) > uint64(len(r.b)-r.at) {
		r.bad = true
		return nil
	}
	v := r.b[r.at : r.at+int(n)]
	r.at += int(n)
	if pad := int(pad4(n) - n); pad <= len(r.b)-r.at {
		r.at += pad
	}
	return v
}

func (r *mapiReader) skip(n uint32) { r.bytes(n) }

func (r *mapiReader) u32() uint32 {
	v := r.bytes(4)
	if v == nil {
		return 0
	}
	return binary.LittleEndian.Uint32(v)
}

// pad4 rounds n up to a multiple of 4.
func pad4(n uint32) uint32 { return (n + 3) &^ 3 }
