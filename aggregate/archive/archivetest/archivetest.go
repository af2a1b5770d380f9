// Package archivetest writes, for tests, the containers no free program on
// this system writes: RAR4 and RAR5 archives (WinRAR is not free software;
// Debian has no rar) with their files stored, written from the published
// formats (RARLAB's "RAR 5.0 archive format" technote and the RAR 2.9
// header layout), and Outlook's winmail.dat ([MS-OXTNEF]). It also builds
// the classic nested zip bomb, 42.zip, and (zip.go) the hostile workbooks
// of package aggregate's tests. Only tests import it.
package archivetest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"time"
	"unicode/utf16"
)

// Entry is one file to put in an archive.
type Entry struct {
	Name     string // as stored: UTF-8, or raw bytes of a code page with RAR4NoUnicode
	Data     []byte
	Modified time.Time
}

// RAR5 writes a RAR5 archive holding entries stored (not compressed).
func RAR5(entries []Entry) []byte {
	var out bytes.Buffer
	out.WriteString("Rar!\x1a\x07\x01\x00")
	rar5Block(&out, 1, 0, nil, vint(0)) // main archive header, no flags
	for _, e := range entries {
		var f []byte
		f = append(f, vint(0x2|0x4)...) // file flags: time and CRC present
		f = append(f, vint(uint64(len(e.Data)))...)
		f = append(f, vint(0x20)...) // attributes: archive
		f = binary.LittleEndian.AppendUint32(f, uint32(e.Modified.Unix()))
		f = binary.LittleEndian.AppendUint32(f, crc32.ChecksumIEEE(e.Data))
		f = append(f, vint(0)...) // compression: version 0, method 0 (store)
		f = append(f, vint(0)...) // host OS: Windows
		f = append(f, vint(uint64(len(e.Name)))...)
		f = append(f, e.Name...)
		rar5Block(&out, 2, 0x2, e.Data, f)
	}
	rar5Block(&out, 5, 0, nil, vint(0)) // end of archive
	return out.Bytes()
}

// rar5Block writes one header: CRC32, size, type, flags, the data size if
// there is data, the type's fields; then the data.
func rar5Block(out *bytes.Buffer, typ, flags uint64, data, fields []byte) {
	var h []byte
	h = append(h, vint(typ)...)
	h = append(h, vint(flags)...)
	if flags&0x2 != 0 {
		h = append(h, vint(uint64(len(data)))...)
	}
	h = append(h, fields...)
	sized := append(vint(uint64(len(h))), h...)
	out.Write(binary.LittleEndian.AppendUint32(nil, crc32.ChecksumIEEE(sized)))
	out.Write(sized)
	out.Write(data)
}

// vint is RAR5's variable-length integer: seven bits a byte, low first.
func vint(v uint64) []byte {
	var b []byte
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// RAR4 writes a RAR 2.9–4 archive holding entries stored. Names are marked
// Unicode (stored as UTF-8, as WinRAR 3.x+ does when a name needs it)
// unless oem, when they are written as the raw bytes given, as an old
// WinRAR on Windows writes them in the OEM code page.
func RAR4(entries []Entry, oem bool) []byte {
	var out bytes.Buffer
	out.WriteString("Rar!\x1a\x07\x00")
	rar4Block(&out, 0x73, 0, make([]byte, 6), nil) // archive header: reserved fields
	for _, e := range entries {
		flags := uint16(0x8000) // long block: a data size follows
		if !oem {
			flags |= 0x0200
		}
		var f []byte
		f = binary.LittleEndian.AppendUint32(f, uint32(len(e.Data))) // packed size
		f = binary.LittleEndian.AppendUint32(f, uint32(len(e.Data))) // unpacked size
		f = append(f, 2)                                             // host OS: Windows
		f = binary.LittleEndian.AppendUint32(f, crc32.ChecksumIEEE(e.Data))
		f = binary.LittleEndian.AppendUint32(f, dosTime(e.Modified))
		f = append(f, 20, 0x30) // version needed 2.0, method store
		f = binary.LittleEndian.AppendUint16(f, uint16(len(e.Name)))
		f = binary.LittleEndian.AppendUint32(f, 0x20) // attributes: archive
		f = append(f, e.Name...)
		rar4Block(&out, 0x74, flags, f, e.Data)
	}
	rar4Block(&out, 0x7b, 0x4000, nil, nil) // end of archive
	return out.Bytes()
}

// rar4Block writes one block: CRC16 (the low half of a CRC32 of the rest
// of the header), type, flags, size, fields; then the data.
func rar4Block(out *bytes.Buffer, typ byte, flags uint16, fields, data []byte) {
	h := []byte{typ}
	h = binary.LittleEndian.AppendUint16(h, flags)
	h = binary.LittleEndian.AppendUint16(h, uint16(2+len(h)+2+len(fields)))
	h = append(h, fields...)
	out.Write(binary.LittleEndian.AppendUint16(nil, uint16(crc32.ChecksumIEEE(h))))
	out.Write(h)
	out.Write(data)
}

// dosTime is a time in MS-DOS form, as RAR4 and zip store it.
func dosTime(t time.Time) uint32 {
	if t.Year() < 1980 {
		return 0x00210000 // 1 January 1980
	}
	return uint32(t.Year()-1980)<<25 | uint32(t.Month())<<21 | uint32(t.Day())<<16 |
		uint32(t.Hour())<<11 | uint32(t.Minute())<<5 | uint32(t.Second()/2)
}

// TNEF writes a winmail.dat holding entries as attachments, as Outlook
// writes them: each an attAttachRendData, a short 8-bit attAttachTitle,
// attAttachModifyDate, attAttachData, and attAttachment whose MAPI
// properties carry the long name in UTF-16 (PR_ATTACH_LONG_FILENAME) after
// a few properties of other types a reader must step over.
func TNEF(entries []Entry) []byte {
	var out bytes.Buffer
	out.Write([]byte{0x78, 0x9f, 0x3e, 0x22, 0x01, 0x00})         // signature, key
	tnefAttr(&out, 1, 0x00089006, []byte{0x00, 0x00, 0x01, 0x00}) // attTnefVersion
	tnefAttr(&out, 1, 0x00069007, []byte{0xe4, 0x04, 0, 0, 0, 0, 0, 0})
	tnefAttr(&out, 1, 0x00018004, []byte("Báo cáo\x00")) // attSubject
	for i, e := range entries {
		tnefAttr(&out, 2, 0x00069002, make([]byte, 14)) // attAttachRendData
		tnefAttr(&out, 2, 0x00018010, []byte(fmt.Sprintf("TEP%d~1.XLS\x00", i+1)))
		var d []byte
		for _, v := range []int{e.Modified.Year(), int(e.Modified.Month()), e.Modified.Day(), e.Modified.Hour(), e.Modified.Minute(), e.Modified.Second(), int(e.Modified.Weekday())} {
			d = binary.LittleEndian.AppendUint16(d, uint16(v))
		}
		tnefAttr(&out, 2, 0x00038013, d)
		tnefAttr(&out, 2, 0x0006800f, e.Data)
		tnefAttr(&out, 2, 0x00069005, mapiProps(e.Name))
	}
	return out.Bytes()
}

func tnefAttr(out *bytes.Buffer, level byte, id uint32, data []byte) {
	out.WriteByte(level)
	out.Write(binary.LittleEndian.AppendUint32(nil, id))
	out.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(data))))
	out.Write(data)
	var sum uint16
	for _, c := range data {
		sum += uint16(c)
	}
	out.Write(binary.LittleEndian.AppendUint16(nil, sum))
}

// mapiProps is an attachment's property list: PR_ATTACH_METHOD (I4),
// PR_RENDERING_POSITION (I4), a named property (boolean), PR_ATTACH_MIME_TAG
// (8-bit string), PR_ATTACH_LONG_FILENAME (UTF-16).
func mapiProps(name string) []byte {
	var p []byte
	u32 := func(v uint32) { p = binary.LittleEndian.AppendUint32(p, v) }
	pad := func() {
		for len(p)%4 != 0 {
			p = append(p, 0)
		}
	}
	u32(5)
	u32(0x37050003) // PR_ATTACH_METHOD
	u32(1)
	u32(0x370b0003) // PR_RENDERING_POSITION
	u32(0xffffffff)
	u32(0x8005000b)                    // a named boolean property
	p = append(p, make([]byte, 16)...) // its GUID
	u32(0)                             // named by number
	u32(0x8514)
	u32(1)
	u32(0x370e001e) // PR_ATTACH_MIME_TAG
	u32(1)
	mime := "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\x00"
	u32(uint32(len(mime)))
	p = append(p, mime...)
	pad()
	u32(0x3707001f) // PR_ATTACH_LONG_FILENAME
	u32(1)
	w := utf16.Encode([]rune(name + "\x00"))
	u32(uint32(2 * len(w)))
	for _, c := range w {
		p = binary.LittleEndian.AppendUint16(p, c)
	}
	pad()
	return p
}

// Bomb42 builds the shape of the classic 42.zip: levels of zips nested in
// zips, each holding fanout copies of the level below, the innermost
// holding fanout files of zeros declared innerSize bytes (42.zip: 5 levels,
// 16 copies, 4.3 GB each, 4.5 PB in all from 42 KB). The innermost data
// really inflates to real bytes of zeros (a few MB, never innerSize: the
// zips are built in a test), and its header tells innerSize unless lie,
// when it tells real: a bomb that hides its size until it is inflated.
func Bomb42(levels, fanout int, real, innerSize int64, lie bool) []byte {
	var zeros bytes.Buffer
	fw, _ := flate.NewWriter(&zeros, flate.BestCompression)
	fw.Write(make([]byte, real))
	fw.Close()
	declared := innerSize
	if lie {
		declared = real
	}
	level := zipOf(fanout, "0.dll", func(w *zip.Writer, name string) {
		h := &zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(make([]byte, real)),
			CompressedSize64: uint64(zeros.Len()), UncompressedSize64: uint64(declared)}
		cw, _ := w.CreateRaw(h)
		cw.Write(zeros.Bytes())
	})
	for i := 1; i < levels; i++ {
		inner := level
		level = zipOf(fanout, "lib.zip", func(w *zip.Writer, name string) {
			cw, _ := w.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
			cw.Write(inner)
		})
	}
	return level
}

// zipOf writes a zip of fanout entries named 0-…, 1-…, each by add.
func zipOf(fanout int, base string, add func(w *zip.Writer, name string)) []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for i := range fanout {
		add(w, fmt.Sprintf("%x-%s", i, base))
	}
	w.Close()
	return b.Bytes()
}
