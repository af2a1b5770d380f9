package pdf

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// cleanText makes a text file's content fit for the report: NFC, without a
// byte-order mark, with Windows line ends made plain.
func cleanText(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.TrimSpace(norm.NFC.String(s))
}

// ReadConclusion reads the --ket-luan file: UTF-8 text, paragraphs on their
// own lines.
func ReadConclusion(path string) (string, error) {
	b, err := os.ReadFile(path)
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
