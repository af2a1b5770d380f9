package archive

import (
	"archive/zip"
	"bytes"
	"compress/bzip2"
	"compress/flate"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
)

// Compression methods of a zip entry.
const (
	zipStore   = 0
	zipDeflate = 8
	zipBzip2   = 12
	zipAES     = 99 // WinZip AES: the real method is in the 0x9901 extra field
)

// Extra fields read.
const (
	extraUnicodePath = 0x7075 // Info-ZIP: the name in UTF-8
	extraAES         = 0x9901 // WinZip AES: version, strength, real method
)

// unpackZip reads every file of a zip, decrypting with passwords where a
// file is encrypted. Every file goes the same way: its raw bytes, decrypted
// if need be, decompressed, checked against its CRC or authentication code.
func unpackZip(data []byte, passwords []string, b *Budget) ([]File, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, ErrBroken
	}
	var out []File
	k := keyring{passwords: passwords}
	for _, f := range zr.File {
		name := zipName(f)
		if skipped(name) || !f.Mode().IsRegular() {
			continue
		}
		if err := b.take(int64(min(f.UncompressedSize64, 1<<62))); err != nil {
			return out, err
		}
		content, err := readZipFile(f, &k, b)
		if spent(err) {
			return out, err
		}
		out = append(out, File{Name: name, Modified: f.Modified, Data: content, Err: err})
	}
	return out, nil
}

// zipName is an entry's name as text: the Info-ZIP Unicode path when the
// archive carries one for this very name, else the name decoded.
func zipName(f *zip.File) string {
	if f.NonUTF8 {
		if field, ok := extraField(f.Extra, extraUnicodePath); ok && len(field) > 5 && field[0] == 1 &&
			binary.LittleEndian.Uint32(field[1:]) == crc32.ChecksumIEEE([]byte(f.Name)) {
			return decodeName(string(field[5:]))
		}
	}
	return decodeName(f.Name)
}

// extraField returns the data of the first field with this id in a zip
// entry's extra fields (a run of id, size, data), ok false when none;
// a field whose size runs past the end stops the walk.
func extraField(extra []byte, id uint16) ([]byte, bool) {
	for len(extra) >= 4 {
		fid, size := binary.LittleEndian.Uint16(extra), int(binary.LittleEndian.Uint16(extra[2:]))
		if len(extra) < 4+size {
			break
		}
		if fid == id {
			return extra[4 : 4+size], true
		}
		extra = extra[4+size:]
	}
	return nil, false
}

// readZipFile takes one file out of a zip.
func readZipFile(f *zip.File, k *keyring, b *Budget) ([]byte, error) {
	raw, err := f.OpenRaw()
	if err != nil {
		return nil, ErrBroken
	}
	if f.Flags&1 == 0 {
		return inflate(f, f.Method, raw, true, b)
	}
	method, aes, err := zipAESField(f)
	if err != nil {
		return nil, err
	}
	// The raw bytes are small beside the budget (their size is the
	// archive's), so each password is tried on a copy of them.
	enc, err := io.ReadAll(raw)
	if err != nil {
		return nil, ErrBroken
	}
	return k.try(func(password string) ([]byte, error) {
		if aes != nil {
			plain, err := aes.decrypt(enc, password)
			if err != nil {
				return nil, err
			}
			// AE-2 leaves the CRC out; the authentication code checked it.
			return inflate(f, method, bytes.NewReader(plain), aes.version == 1, b)
		}
		plain, err := zipCryptoDecrypt(enc, password, zipCryptoCheck(f))
		if err != nil {
			return nil, err
		}
		content, err := inflate(f, method, bytes.NewReader(plain), true, b)
		if errors.Is(err, ErrBroken) {
			// The check byte matches one wrong password in 256: a wrong
			// password shows as garbage that does not inflate or sum.
			return nil, ErrWrongPassword
		}
		return content, err
	})
}

// inflate decompresses one entry's data r and checks its CRC if checkCRC.
func inflate(f *zip.File, method uint16, r io.Reader, checkCRC bool, b *Budget) ([]byte, error) {
	switch method {
	case zipStore:
	case zipDeflate:
		fr := flate.NewReader(r)
		defer fr.Close()
		r = fr
	case zipBzip2:
		r = bzip2.NewReader(r)
	default:
		return nil, ErrUnsupported
	}
	content, err := b.read(r)
	switch {
	case spent(err):
		return nil, err
	case err != nil:
		return nil, ErrBroken
	case uint64(len(content)) != f.UncompressedSize64:
		return nil, ErrBroken
	case checkCRC && crc32.ChecksumIEEE(content) != f.CRC32:
		return nil, ErrBroken
	}
	return content, nil
}

// keyring tries passwords in turn, the one that last worked first.
type keyring struct {
	passwords []string
	last      int
}

// try calls open with each password until one is not ErrWrongPassword.
func (k *keyring) try(open func(password string) ([]byte, error)) ([]byte, error) {
	if len(k.passwords) == 0 {
		return nil, ErrEncrypted
	}
	for i := range k.passwords {
		j := (k.last + i) % len(k.passwords)
		content, err := open(k.passwords[j])
		if !errors.Is(err, ErrWrongPassword) {
			if err == nil {
				k.last = j
			}
			return content, err
		}
	}
	return nil, ErrWrongPassword
}
