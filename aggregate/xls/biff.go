package xls

import (
	"encoding/binary"
	"unicode/utf16"
)

// Record types read.
const (
	recFormula     = 0x0006
	recEOF         = 0x000A
	recExternSheet = 0x0017
	recName        = 0x0018
	recDateMode    = 0x0022
	recFilePass    = 0x002F
	recContinue    = 0x003C
	recBoundSheet  = 0x0085
	recMulRK       = 0x00BD
	recMergedCells = 0x00E5
	recSST         = 0x00FC
	recLabelSST    = 0x00FD
	recSupBook     = 0x01AE
	recNumber      = 0x0203
	recLabel       = 0x0204
	recBoolErr     = 0x0205
	recString      = 0x0207
	recRK          = 0x027E
	recBOF         = 0x0809
)

// stream walks the records of the Workbook stream.
type stream struct {
	b   []byte
	pos int
	lim Limits
	// walked counts the records read by every stream over the same bytes:
	// a well-formed workbook reads each record once, so sheets whose
	// substreams overlap (a hostile file pointing all its sheets at one
	// long substream) stop here instead of costing sheets × stream size.
	walked *int
	// decrypted: the stream was decrypted, its FILEPASS is history.
	decrypted bool
}

// record is one record with the data of the CONTINUE records after it, for
// the records that read them.
type record struct {
	typ  uint16
	data []byte
}

// next returns the record at the position; ok is false at the end of the
// stream. A length past the end of the stream is an error.
func (s *stream) next() (r record, ok bool, err error) {
	if s.pos+4 > len(s.b) {
		return record{}, false, nil
	}
	typ := binary.LittleEndian.Uint16(s.b[s.pos:])
	n := int(binary.LittleEndian.Uint16(s.b[s.pos+2:]))
	if s.pos+4+n > len(s.b) {
		return record{}, false, &brokenError{detail: "bản ghi BIFF dài quá cuối luồng dữ liệu"}
	}
	if s.walked != nil {
		if *s.walked++; *s.walked > len(s.b)/4+1 {
			return record{}, false, &brokenError{detail: "các trang tính chồng lên nhau trong luồng dữ liệu"}
		}
	}
	r = record{typ: typ, data: s.b[s.pos+4 : s.pos+4+n]}
	s.pos += 4 + n
	return r, true, nil
}

// continues returns the data of the CONTINUE records that follow, each one
// fragment, and moves past them.
func (s *stream) continues() ([][]byte, error) {
	var frags [][]byte
	for s.pos+4 <= len(s.b) && binary.LittleEndian.Uint16(s.b[s.pos:]) == recContinue {
		if len(frags) >= s.lim.MaxContinues {
			return nil, &LimitError{What: "số bản ghi CONTINUE nối tiếp một bản ghi", Limit: int64(s.lim.MaxContinues)}
		}
		r, _, err := s.next()
		if err != nil {
			return nil, err
		}
		frags = append(frags, r.data)
	}
	return frags, nil
}

// frags reads a record's data across its CONTINUE fragments, as the shared
// string table needs: plain bytes run on from one fragment to the next, but
// characters continued in a new fragment start with a new option byte.
type frags struct {
	f   [][]byte
	i   int // fragment
	off int // offset in f[i]
}

var errShort = &brokenError{detail: "bản ghi BIFF ngắn hơn nội dung nó khai báo"}

// advance moves to the next fragment when the current one is used up.
func (c *frags) advance() bool {
	for c.i < len(c.f) && c.off >= len(c.f[c.i]) {
		c.i++
		c.off = 0
	}
	return c.i < len(c.f)
}

// u8, u16, u32 read little-endian integers that may straddle fragments.
func (c *frags) u8() (byte, error) {
	if !c.advance() {
		return 0, errShort
	}
	b := c.f[c.i][c.off]
	c.off++
	return b, nil
}

func (c *frags) u16() (uint16, error) {
	a, err := c.u8()
	if err != nil {
		return 0, err
	}
	b, err := c.u8()
	return uint16(a) | uint16(b)<<8, err
}

func (c *frags) u32() (uint32, error) {
	a, err := c.u16()
	if err != nil {
		return 0, err
	}
	b, err := c.u16()
	return uint32(a) | uint32(b)<<16, err
}

// skip skips n bytes, across fragments; linear in the fragments passed.
func (c *frags) skip(n int) error {
	for n > 0 {
		if !c.advance() {
			return errShort
		}
		k := min(n, len(c.f[c.i])-c.off)
		c.off += k
		n -= k
	}
	return nil
}

// chars reads n characters that start compressed (one byte each) or not
// (UTF-16LE, two bytes each), as high says; in each new fragment, an
// option byte says again which.
func (c *frags) chars(n int, high bool) (string, error) {
	u := make([]uint16, 0, min(n, 8224))
	for len(u) < n {
		if c.i >= len(c.f) || c.off >= len(c.f[c.i]) {
			c.i++
			c.off = 0
			if c.i >= len(c.f) || len(c.f[c.i]) == 0 {
				return "", errShort
			}
			high = c.f[c.i][0]&1 != 0
			c.off = 1
		}
		b := c.f[c.i][c.off:]
		if high {
			k := min(n-len(u), len(b)/2)
			if k == 0 {
				return "", errShort
			}
			for j := 0; j < k; j++ {
				u = append(u, binary.LittleEndian.Uint16(b[2*j:]))
			}
			c.off += 2 * k
		} else {
			k := min(n-len(u), len(b))
			for j := 0; j < k; j++ {
				u = append(u, uint16(b[j]))
			}
			c.off += k
		}
	}
	return string(utf16.Decode(u)), nil
}

// richString reads an XLUnicodeRichExtendedString (the strings of the
// shared string table): rich-text runs and phonetic data are skipped.
func (c *frags) richString(maxLen int) (string, error) {
	cch, err := c.u16()
	if err != nil {
		return "", err
	}
	flags, err := c.u8()
	if err != nil {
		return "", err
	}
	var runs uint16
	var ext uint32
	if flags&0x08 != 0 {
		if runs, err = c.u16(); err != nil {
			return "", err
		}
	}
	if flags&0x04 != 0 {
		if ext, err = c.u32(); err != nil {
			return "", err
		}
	}
	if int(cch) > maxLen {
		return "", &LimitError{What: "độ dài một chuỗi (ký tự)", Limit: int64(maxLen)}
	}
	s, err := c.chars(int(cch), flags&0x01 != 0)
	if err != nil {
		return "", err
	}
	if err := c.skip(4 * int(runs)); err != nil {
		return "", err
	}
	if ext > 1<<30 {
		return "", errShort
	}
	return s, c.skip(int(ext))
}

// unicodeString reads an XLUnicodeString (LABEL, STRING): a 16-bit count,
// or ShortXLUnicodeString (BOUNDSHEET8): an 8-bit count; both are followed
// by the option byte and the characters. It returns the bytes read.
func unicodeString(b []byte, countBytes int) (string, int, error) {
	if len(b) < countBytes+1 {
		return "", 0, errShort
	}
	n := int(b[0])
	if countBytes == 2 {
		n = int(binary.LittleEndian.Uint16(b))
	}
	high := b[countBytes]&1 != 0
	c := &frags{f: [][]byte{b[countBytes+1:]}}
	s, err := c.chars(n, high)
	if err != nil {
		return "", 0, err
	}
	return s, countBytes + 1 + c.off, nil
}
