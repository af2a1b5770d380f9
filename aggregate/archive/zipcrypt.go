package archive

import (
	"archive/zip"
	"crypto/aes"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha1"
	"encoding/binary"
	"hash/crc32"
)

// The two ways zips are encrypted: the traditional PKWARE cipher
// ("ZipCrypto", APPNOTE 6.1) that Windows, 7-Zip and WinRAR use by default,
// and WinZip's AES (AE-1, AE-2), which 7-Zip and WinRAR offer as the safer
// choice. Go's archive/zip reads neither, and the module proxy serves no
// maintained library that does, so both are here, each a page long.

// zipCryptoCheck is the byte a ZipCrypto header ends with for the right
// password: the top byte of the CRC, or of the DOS time when the sizes
// and CRC follow the data (bit 3).
func zipCryptoCheck(f *zip.File) byte {
	if f.Flags&0x8 != 0 {
		return byte(f.ModifiedTime >> 8) //nolint:staticcheck // the DOS time is what the check byte is made from
	}
	return byte(f.CRC32 >> 24)
}

// zipCryptoDecrypt decrypts enc, the 12-byte encryption header and the
// data, with password; ErrWrongPassword when the header's check byte says
// the password is not the one.
func zipCryptoDecrypt(enc []byte, password string, check byte) ([]byte, error) {
	if len(enc) < 12 {
		return nil, ErrBroken
	}
	k := zipCryptoKeys{0x12345678, 0x23456789, 0x34567890}
	for i := 0; i < len(password); i++ {
		k.update(password[i])
	}
	plain := make([]byte, len(enc))
	for i, c := range enc {
		p := c ^ k.stream()
		k.update(p)
		plain[i] = p
	}
	if plain[11] != check {
		return nil, ErrWrongPassword
	}
	return plain[12:], nil
}

type zipCryptoKeys [3]uint32

func (k *zipCryptoKeys) update(p byte) {
	k[0] = crc32.IEEETable[byte(k[0])^p] ^ (k[0] >> 8)
	k[1] = (k[1]+(k[0]&0xff))*134775813 + 1
	k[2] = crc32.IEEETable[byte(k[2])^byte(k[1]>>24)] ^ (k[2] >> 8)
}

func (k *zipCryptoKeys) stream() byte {
	t := uint16(k[2] | 2)
	return byte((uint32(t) * uint32(t^1)) >> 8)
}

// aesField is a WinZip AES entry's 0x9901 extra field.
type aesField struct {
	version  uint16 // 1: AE-1 (CRC kept), 2: AE-2 (CRC left out)
	strength byte   // 1, 2, 3: AES-128, -192, -256
}

// zipAESField returns the real compression method of an encrypted entry
// and, for WinZip AES, its extra field (nil for ZipCrypto).
func zipAESField(f *zip.File) (uint16, *aesField, error) {
	if f.Method != zipAES {
		if f.Flags&0x40 != 0 {
			return 0, nil, ErrUnsupported // PKWARE's strong encryption
		}
		return f.Method, nil, nil
	}
	field, ok := extraField(f.Extra, extraAES)
	if !ok {
		return 0, nil, ErrBroken
	}
	if len(field) < 7 || field[2] != 'A' || field[3] != 'E' || field[4] < 1 || field[4] > 3 {
		return 0, nil, ErrUnsupported
	}
	return binary.LittleEndian.Uint16(field[5:]), &aesField{version: binary.LittleEndian.Uint16(field), strength: field[4]}, nil
}

// decrypt checks and decrypts enc: salt, a two-byte password verifier,
// the data encrypted with AES in counter mode, and ten bytes of
// HMAC-SHA1 over the encrypted data.
func (a *aesField) decrypt(enc []byte, password string) ([]byte, error) {
	keyLen := 8 + 8*int(a.strength) // 16, 24, 32
	saltLen := keyLen / 2
	if len(enc) < saltLen+2+10 {
		return nil, ErrBroken
	}
	salt, verify := enc[:saltLen], enc[saltLen:saltLen+2]
	data, mac := enc[saltLen+2:len(enc)-10], enc[len(enc)-10:]
	keys, err := pbkdf2.Key(sha1.New, password, salt, 1000, 2*keyLen+2)
	if err != nil {
		return nil, ErrBroken
	}
	if keys[2*keyLen] != verify[0] || keys[2*keyLen+1] != verify[1] {
		return nil, ErrWrongPassword
	}
	h := hmac.New(sha1.New, keys[keyLen:2*keyLen])
	h.Write(data)
	if !hmac.Equal(h.Sum(nil)[:10], mac) {
		// The verifier let the password through (a wrong one passes one
		// time in 65,536): the data was changed on the way.
		return nil, ErrBroken
	}
	block, err := aes.NewCipher(keys[:keyLen])
	if err != nil {
		return nil, ErrBroken
	}
	// WinZip's counter mode counts little-endian from 1, unlike
	// crypto/cipher's big-endian CTR.
	plain := make([]byte, len(data))
	var counter, stream [aes.BlockSize]byte
	for i := 0; i < len(data); i += aes.BlockSize {
		for j := range counter {
			if counter[j]++; counter[j] != 0 {
				break
			}
		}
		block.Encrypt(stream[:], counter[:])
		for j := i; j < min(i+aes.BlockSize, len(data)); j++ {
			plain[j] = data[j] ^ stream[j-i]
		}
	}
	return plain, nil
}
