package archive

import (
	"bytes"
	"errors"
	"io"

	"github.com/nwaples/rardecode/v2"
)

// unpackRAR reads a RAR4 or RAR5 archive with github.com/nwaples/rardecode,
// pure Go and the maintained reader of both versions. A RAR is read as a
// stream, so a password is tried on the whole archive: first none, then
// each given, each try on a copy of the budget kept only if it worked.
func unpackRAR(data []byte, passwords []string, b *Budget) ([]File, error) {
	return withPasswords(data, passwords, b, rarFiles)
}

// rarFiles reads the archive with one password ("" for none).
// ErrWrongPassword means the archive needs another.
func rarFiles(data []byte, password string, b *Budget) ([]File, error) {
	// The dictionary is allocated whole; one larger than all a report may
	// unpack to is refused (rardecode's default allows 4 GB).
	opts := []rardecode.Option{rardecode.MaxDictionarySize(b.bytes)}
	if password != "" {
		opts = append(opts, rardecode.Password(password))
	}
	rr, err := rardecode.NewReader(bytes.NewReader(data), opts...)
	if err != nil {
		return nil, rarError(err)
	}
	var out []File
	for {
		h, err := rr.Next()
		switch {
		case errors.Is(err, io.EOF):
			return out, nil
		case err != nil:
			return out, rarError(err)
		case h.IsDir || h.LinkType != 0:
			continue
		}
		size := h.UnPackedSize
		if h.UnKnownSize {
			size = -1
		}
		if err := b.take(size); err != nil {
			return out, err
		}
		// A solid archive decodes every file before the one wanted, so
		// even the files left out below are read through the budget.
		content, err := b.read(rr)
		switch {
		case spent(err):
			return out, err
		case err != nil && h.Encrypted && (password == "" || errors.Is(err, rardecode.ErrBadFileChecksum)):
			// RAR4 has no password check: a wrong one decodes to garbage.
			return nil, ErrWrongPassword
		case err != nil:
			return out, rarError(err)
		}
		if name := decodeName(h.Name); !skipped(name) {
			out = append(out, File{Name: name, Modified: h.ModificationTime, Data: content})
		}
	}
}

// rarError says in words why rardecode stopped.
func rarError(err error) error {
	switch {
	case errors.Is(err, rardecode.ErrArchiveEncrypted), errors.Is(err, rardecode.ErrArchivedFileEncrypted),
		errors.Is(err, rardecode.ErrBadPassword):
		return ErrWrongPassword
	case errors.Is(err, rardecode.ErrMultiVolume):
		return ErrMultiVolume
	case errors.Is(err, rardecode.ErrUnsupportedDecoder), errors.Is(err, rardecode.ErrUnknownDecoder),
		errors.Is(err, rardecode.ErrUnknownEncryptMethod), errors.Is(err, rardecode.ErrDictionaryTooLarge),
		errors.Is(err, rardecode.ErrUnknownVersion), errors.Is(err, rardecode.ErrMultipleDecoders):
		return ErrUnsupported
	}
	return ErrBroken
}

// withPasswords reads an archive that is read whole under one password (a
// RAR stream, a 7z's encrypted headers) with read: first no password, then
// each given, each try on a copy of the budget kept only if it worked.
func withPasswords(data []byte, passwords []string, b *Budget, read func([]byte, string, *Budget) ([]File, error)) ([]File, error) {
	for _, password := range append([]string{""}, passwords...) {
		if err := b.late(); err != nil {
			return nil, err // each try may cost seconds (7z derives its key 2^19 times or more)
		}
		trial := *b
		files, err := read(data, password, &trial)
		if errors.Is(err, ErrWrongPassword) {
			continue
		}
		*b = trial
		return files, err
	}
	if len(passwords) == 0 {
		return nil, ErrEncrypted
	}
	return nil, ErrWrongPassword
}
