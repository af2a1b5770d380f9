package xls

import (
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"testing"
	"tonghop/aggregate/book/booktest"
	"unicode/utf16"
)

// filePassFor is a FILEPASS record of RC4 CryptoAPI encryption with the
// password, a fixed salt and verifier, and a key of keyBits; with the key.
func filePassFor(password string, keyBits int) ([]byte, *rc4Key) {
	salt := []byte("muoi sau byte!!!")
	verifier := []byte("kiem tra mat khu")
	pw := append([]byte(nil), salt...)
	for _, u := range utf16.Encode([]rune(password)) {
		pw = binary.LittleEndian.AppendUint16(pw, u)
	}
	k := &rc4Key{h0: sha1.Sum(pw), keyLen: keyBits / 8}
	if keyBits == 0 {
		k.keyLen = 5
	}
	hash := sha1.Sum(verifier)
	enc := append(append([]byte(nil), verifier...), hash[:]...)
	k.block(0).XORKeyStream(enc, enc)
	header := cat(u32(0x04), u32(0), u32(0x6801), u32(0x8004), u32(keyBits), u32(1), u32(0), u32(0))
	return cat(u16(1), u16(4), u16(2), u32(0x04), u32(len(header)), header,
		u32(16), salt, enc[:16], u32(20), enc[16:]), k
}

// encrypted is the synthetic workbook encrypted with the password.
func encrypted(password string, keyBits int) []byte {
	fp, k := filePassFor(password, keyBits)
	plain := synthetic()
	// Insert the FILEPASS after the BOF; sheet positions move with it.
	globals := biff(nil).rec(recBOF, bof(5)).rec(recFilePass, fp)
	n := len(globals) - (4 + len(bof(5)))
	stream := append(globals, plain[4+len(bof(5)):]...)
	for pos := 0; pos+4 <= len(stream); {
		typ := binary.LittleEndian.Uint16(stream[pos:])
		size := int(binary.LittleEndian.Uint16(stream[pos+2:]))
		if typ == recEOF {
			break
		}
		if typ == recBoundSheet {
			p := binary.LittleEndian.Uint32(stream[pos+4:])
			binary.LittleEndian.PutUint32(stream[pos+4:], p+uint32(n))
		}
		pos += 4 + size
	}
	return decrypt(stream, k) // RC4 is its own inverse
}

func TestEncrypted(t *testing.T) {
	want, err := Read(cfb(t, synthetic()), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, password, given string
		keyBits               int
		ok                    bool
	}{
		{"Excel's default password, 128-bit", DefaultPassword, "", 128, true},
		{"Excel's default password, 40-bit", DefaultPassword, "", 40, true},
		{"key size 0 means 40-bit", DefaultPassword, "", 0, true},
		{"the user's password", "mật khẩu", "mật khẩu", 128, true},
		{"no password given", "mật khẩu", "", 128, false},
		{"a wrong password", "mật khẩu", "mat khau", 128, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadPassword(cfb(t, encrypted(tc.password, tc.keyBits)), tc.given, Limits{})
			if !tc.ok {
				if !errors.Is(err, ErrEncrypted) || err.Error() != "tệp Excel được đặt mật khẩu mở tệp, không đọc được: đề nghị đơn vị bỏ mật khẩu rồi gửi lại" {
					t.Errorf("error %v; want ErrEncrypted", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			booktest.SameContent(t, want, got)
		})
	}
}

func TestFilePassUnsupported(t *testing.T) {
	fp, _ := filePassFor(DefaultPassword, 128)
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"XOR obfuscation", cat(u16(0), u16(0x1234), u16(0x5678))},
		{"RC4 without CryptoAPI", cat(u16(1), u16(1), u16(1), make([]byte, 48))},
		{"header size past the record", cat(fp[:10], u32(1000), fp[14:])},
		{"cut verifier", fp[:len(fp)-10]},
		{"key of 256 bits", cat(fp[:14+16], u32(256), fp[14+20:])},
		{"empty", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := parseFilePass(tc.data, DefaultPassword); err != ErrEncrypted {
				t.Errorf("error %v; want ErrEncrypted", err)
			}
		})
	}
}
