package xls

import (
	"bytes"
	"crypto/rc4"
	"crypto/sha1"
	"encoding/binary"
	"unicode/utf16"
)

// DefaultPassword is the password Excel encrypts an .xls with when the
// user gave none (a workbook saved with protection but no password to
// open): such files open without asking, and so must read here.
const DefaultPassword = "VelvetSweatshop"

// Records that RC4 encryption leaves in clear ([MS-XLS] 2.2.10): BOF,
// FILEPASS, UsrExcl, FileLock, InterfaceHdr, RRDInfo, RRDHead.
var clearRecords = map[uint16]bool{0x0809: true, 0x002F: true, 0x0194: true, 0x0195: true, 0x00E1: true, 0x0196: true, 0x0138: true}

// rc4Key is the key material of "RC4 CryptoAPI" encryption
// ([MS-OFFCRYPTO] 2.3.5), the method of Excel 2002 and later.
type rc4Key struct {
	h0     [sha1.Size]byte
	keyLen int // bytes; 5 for 40-bit keys, which are padded to 16
}

// block returns the RC4 cipher of a 1024-byte block of the stream.
func (k *rc4Key) block(n uint32) *rc4.Cipher {
	h := sha1.Sum(binary.LittleEndian.AppendUint32(k.h0[:], n))
	key := h[:k.keyLen]
	if k.keyLen == 5 {
		key = append(h[:5:5], make([]byte, 11)...)
	}
	c, _ := rc4.NewCipher(key) // 5 to 16 bytes: always a valid RC4 key
	return c
}

// parseFilePass reads the FILEPASS record and checks the password against
// its verifier; ErrEncrypted for another method or a wrong password.
func parseFilePass(d []byte, password string) (*rc4Key, error) {
	le := binary.LittleEndian
	// wEncryptionType 1 (RC4), then version 2–4 . 2 (CryptoAPI), flags,
	// header size, the header, the verifier.
	if len(d) < 14 || le.Uint16(d) != 1 || le.Uint16(d[4:]) != 2 || le.Uint16(d[2:]) < 2 || le.Uint16(d[2:]) > 4 {
		return nil, ErrEncrypted
	}
	headerSize := int(le.Uint32(d[10:]))
	if headerSize < 32 || headerSize > len(d)-14 {
		return nil, ErrEncrypted
	}
	header, verifier := d[14:14+headerSize], d[14+headerSize:]
	keyBits := int(le.Uint32(header[16:]))
	if keyBits == 0 {
		keyBits = 40
	}
	if keyBits < 40 || keyBits > 128 || keyBits%8 != 0 || len(verifier) < 60 || le.Uint32(verifier) != 16 {
		return nil, ErrEncrypted
	}
	salt, encVerifier, encHash := verifier[4:20], verifier[20:36], verifier[40:60]
	var pw bytes.Buffer
	pw.Write(salt)
	for _, u := range utf16.Encode([]rune(password)) {
		pw.Write(le.AppendUint16(nil, u))
	}
	k := &rc4Key{h0: sha1.Sum(pw.Bytes()), keyLen: keyBits / 8}
	c := k.block(0)
	var plain [36]byte
	c.XORKeyStream(plain[:16], encVerifier)
	c.XORKeyStream(plain[16:], encHash)
	if sha1.Sum(plain[:16]) != [sha1.Size]byte(plain[16:36]) {
		return nil, ErrEncrypted
	}
	return k, nil
}

// decrypt returns the Workbook stream with the data of its records
// decrypted: the key stream runs over the whole stream by offset, restarting
// every 1024 bytes; record headers, the records in clear and the stream
// position of each BOUNDSHEET8 are not encrypted. Linear in the stream.
func decrypt(b []byte, k *rc4Key) []byte {
	out := append([]byte(nil), b...)
	var ks [1024]byte
	block := -1
	for pos := 0; pos+4 <= len(out); {
		typ := binary.LittleEndian.Uint16(out[pos:])
		start := pos + 4
		end := start + int(binary.LittleEndian.Uint16(out[pos+2:]))
		if end > len(out) {
			break // the record reader says the stream is broken
		}
		pos = end
		if clearRecords[typ] {
			continue
		}
		if typ == recBoundSheet {
			start = min(start+4, end)
		}
		for p := start; p < end; p++ {
			if p/1024 != block {
				block = p / 1024
				ks = [1024]byte{}
				k.block(uint32(block)).XORKeyStream(ks[:], ks[:])
			}
			out[p] ^= ks[p%1024]
		}
	}
	return out
}
