package xls

import (
	"encoding/binary"
	"math"
	"testing"
	"unicode/utf16"
)

// cfb wraps a Workbook stream into a minimal OLE compound file (version 3,
// 512-byte sectors: one FAT sector, one directory sector, then the stream).
// The stream is padded to 4096 bytes so that it is not in the mini stream;
// the readers stop at the workbook's EOF record and never see the padding.
func cfb(t testing.TB, workbook []byte) []byte {
	t.Helper()
	return cfbNamed(t, "Workbook", workbook)
}

// cfbNamed is cfb with another name for the stream.
func cfbNamed(t testing.TB, stream string, workbook []byte) []byte {
	t.Helper()
	const end, free, fatSect, noStream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
	size := len(workbook)
	if size < 4096 {
		workbook = append(workbook, make([]byte, 4096-size)...)
		size = 4096
	}
	nsec := (size + 511) / 512
	if nsec > 126 {
		t.Fatalf("stream of %d bytes too long for one FAT sector", size)
	}
	out := make([]byte, 512*(3+nsec))
	h := out[:512]
	copy(h, oleMagic)
	le := binary.LittleEndian
	le.PutUint16(h[24:], 0x003E)
	le.PutUint16(h[26:], 3)
	le.PutUint16(h[28:], 0xFFFE)
	le.PutUint16(h[30:], 9)
	le.PutUint16(h[32:], 6)
	le.PutUint32(h[44:], 1)    // FAT sectors
	le.PutUint32(h[48:], 1)    // directory at sector 1
	le.PutUint32(h[56:], 4096) // mini stream cutoff
	le.PutUint32(h[60:], end)  // no mini FAT
	le.PutUint32(h[68:], end)  // no DIFAT sectors
	le.PutUint32(h[76:], 0)    // the FAT is sector 0
	for i := 1; i < 109; i++ {
		le.PutUint32(h[76+4*i:], free)
	}
	fat := out[512:1024]
	for i := 0; i < 128; i++ {
		le.PutUint32(fat[4*i:], free)
	}
	le.PutUint32(fat[0:], fatSect)
	le.PutUint32(fat[4:], end)
	for i := 0; i < nsec; i++ {
		next := uint32(2 + i + 1)
		if i == nsec-1 {
			next = end
		}
		le.PutUint32(fat[4*(2+i):], next)
	}
	dir := out[1024:1536]
	entry := func(i int, name string, typ byte, child, start uint32, size uint64) {
		e := dir[128*i : 128*(i+1)]
		u := utf16.Encode([]rune(name))
		for j, c := range u {
			le.PutUint16(e[2*j:], c)
		}
		le.PutUint16(e[64:], uint16(2*len(u)+2))
		e[66], e[67] = typ, 1
		le.PutUint32(e[68:], noStream)
		le.PutUint32(e[72:], noStream)
		le.PutUint32(e[76:], child)
		le.PutUint32(e[116:], start)
		le.PutUint64(e[120:], size)
	}
	entry(0, "Root Entry", 5, 1, end, 0)
	entry(1, stream, 2, noStream, 2, uint64(size))
	for i := 2; i < 4; i++ {
		e := dir[128*i:]
		le.PutUint32(e[68:], noStream)
		le.PutUint32(e[72:], noStream)
		le.PutUint32(e[76:], noStream)
	}
	copy(out[1536:], workbook)
	return out
}

// biff builds a Workbook stream.
type biff []byte

func (b biff) rec(typ uint16, data ...[]byte) biff {
	n := 0
	for _, d := range data {
		n += len(d)
	}
	b = binary.LittleEndian.AppendUint16(b, typ)
	b = binary.LittleEndian.AppendUint16(b, uint16(n))
	for _, d := range data {
		b = append(b, d...)
	}
	return b
}

func u16(v int) []byte { return binary.LittleEndian.AppendUint16(nil, uint16(v)) }
func u32(v int) []byte { return binary.LittleEndian.AppendUint32(nil, uint32(v)) }
func f64(v float64) []byte {
	return binary.LittleEndian.AppendUint64(nil, math.Float64bits(v))
}
func cat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// wide is UTF-16LE text.
func wide(s string) []byte {
	var out []byte
	for _, c := range utf16.Encode([]rune(s)) {
		out = binary.LittleEndian.AppendUint16(out, c)
	}
	return out
}

func bof(dt int) []byte { return cat(u16(0x0600), u16(dt), u16(0), u16(0), u32(0), u32(0)) }

// boundSheet is a BOUNDSHEET8 with a placeholder position, patched by
// workbook.
func boundSheet(name string, state byte) []byte {
	return cat(u32(0), []byte{state, 0, byte(len([]rune(name))), 1}, wide(name))
}

// workbook joins the globals (which must hold one BOUNDSHEET8 per sheet, in
// order) and the sheets' substreams, and patches the sheet positions.
func workbook(globals biff, sheets ...biff) []byte {
	out := append([]byte(nil), globals...)
	var positions []int
	for _, s := range sheets {
		positions = append(positions, len(out))
		out = append(out, s...)
	}
	// Patch each BOUNDSHEET8's position, in order.
	k := 0
	for pos := 0; pos+4 <= len(globals) && k < len(positions); {
		typ := binary.LittleEndian.Uint16(globals[pos:])
		n := int(binary.LittleEndian.Uint16(globals[pos+2:]))
		if typ == recBoundSheet {
			binary.LittleEndian.PutUint32(out[pos+4:], uint32(positions[k]))
			k++
		}
		pos += 4 + n
	}
	return out
}
