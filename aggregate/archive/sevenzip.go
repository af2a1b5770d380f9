package archive

import (
	"bytes"
	"errors"
	"hash/crc32"
	"strings"

	"github.com/bodgit/sevenzip"
)

// unpackSevenZip reads a .7z archive with github.com/bodgit/sevenzip, pure
// Go, maintained, reading what 7-Zip writes (LZMA, LZMA2, PPMd, BCJ, AES).
// Like a RAR, a password is tried on the whole archive: none, then each
// given, each try on a copy of the budget kept only if it worked.
func unpackSevenZip(data []byte, passwords []string, b *Budget) ([]File, error) {
	return withPasswords(data, passwords, b, sevenZipFiles)
}

// sevenZipFiles reads the archive with one password ("" for none).
// ErrWrongPassword means the archive needs another.
func sevenZipFiles(data []byte, password string, b *Budget) ([]File, error) {
	zr, err := sevenzip.NewReaderWithPassword(bytes.NewReader(data), int64(len(data)), password)
	if err != nil {
		return nil, sevenZipError(err)
	}
	var out []File
	for _, f := range zr.File {
		if f.FileInfo().IsDir() || !f.Mode().IsRegular() {
			continue
		}
		if err := b.take(int64(min(f.UncompressedSize, 1<<62))); err != nil {
			return out, err
		}
		rc, err := f.Open()
		if err != nil {
			return out, sevenZipError(err)
		}
		// Files share compressed streams ("solid"): each is read whole, in
		// order, through the budget, even those left out below, so no
		// stream is decoded past the budget to reach the next file.
		content, err := b.read(rc)
		rc.Close()
		switch {
		case spent(err):
			return out, err
		case err != nil:
			return out, sevenZipError(err)
		case uint64(len(content)) != f.UncompressedSize:
			return out, ErrBroken
		case f.CRC32 != 0 && crc32.ChecksumIEEE(content) != f.CRC32:
			if password != "" {
				// Only an archive that failed without a password is tried
				// with one; 7z's AES has no password check, and a wrong
				// key decodes to garbage.
				return nil, ErrWrongPassword
			}
			return out, ErrBroken
		}
		if name := decodeName(f.Name); !skipped(name) {
			out = append(out, File{Name: name, Modified: f.Modified, Data: content})
		}
	}
	return out, nil
}

// sevenZipError says in words why the 7z reader stopped: an error from an
// encrypted stream is taken for a wrong (or missing) password, since 7z's
// AES has no password check and a wrong key decodes to garbage.
func sevenZipError(err error) error {
	var re *sevenzip.ReadError
	switch {
	case errors.As(err, &re) && re.Encrypted:
		return ErrWrongPassword
	case strings.Contains(err.Error(), "unsupported"):
		// The reader's errors for an unknown method are not exported.
		return ErrUnsupported
	}
	return ErrBroken
}
