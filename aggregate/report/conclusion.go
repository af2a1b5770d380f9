package report

import (
	"errors"
	"fmt"
	"io/fs"
	"unicode/utf8"

	"tonghop/aggregate/infile"
)

// maxConclusion bounds the --ket-luan file: a few paragraphs.
const maxConclusion = 1 << 20

// ReadConclusion reads the --ket-luan file: UTF-8 text, paragraphs on their
// own lines.
func ReadConclusion(path string) (string, error) {
	b, _, err := infile.Read(path, maxConclusion)
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("không tìm thấy tệp kết luận %s", path)
	}
	if err != nil {
		return "", fmt.Errorf("đọc tệp kết luận %s: %w", path, err)
	}
	if !utf8.Valid(b) {
		return "", fmt.Errorf("tệp kết luận %s: không phải văn bản UTF-8 (hãy lưu lại với bảng mã UTF-8)", path)
	}
	s := cleanText(string(b))
	if s == "" {
		return "", fmt.Errorf("tệp kết luận %s: tệp rỗng", path)
	}
	return s, nil
}
