// Package formexport reads the responses of the campaign's online form as
// Google Forms/Sheets and Microsoft Forms export them (CSV or the rows of an
// .xlsx): it maps each column to an indicator or a reporter field of the
// campaign, finds the unit column and the timestamp, and returns one
// submission per response with the raw answers. Coercing the answers and
// identifying the unit from its typed name are the caller's. It sits beside
// the workbook readers at the start of the flow and imports only templates.
package formexport

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Bounds of what an export may hold. An online form of a national campaign
// has ~10,600 responses and a few dozen questions.
const (
	MaxBytes    = 64 << 20 // the whole file
	MaxRows     = 200_000
	MaxCols     = 1_000
	MaxFieldLen = 32_767 // Excel's cell limit, in bytes after decoding
)

// ReadCSV reads an exported CSV: UTF-8 with or without a BOM, UTF-16LE/BE
// with a BOM (Excel's "Unicode text"), or, when it is not valid UTF-8,
// Windows-1258 (Excel's "CSV" on a Vietnamese Windows). The delimiter (',',
// ';' or tab) is detected from the first line; quoted fields may hold
// newlines. Every field is returned in NFC.
func ReadCSV(data []byte) ([][]string, error) {
	if len(data) > MaxBytes {
		return nil, fmt.Errorf("tệp CSV quá lớn (%d byte, tối đa %d byte)", len(data), MaxBytes)
	}
	text, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(text))
	r.Comma = sniffDelimiter(text)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var rows [][]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, _ := r.FieldPos(0)
			return nil, fmt.Errorf("tệp CSV hỏng ở dòng %d: %w", line, err)
		}
		if len(rows) == MaxRows {
			return nil, fmt.Errorf("tệp CSV có quá nhiều dòng (tối đa %d)", MaxRows)
		}
		if len(rec) > MaxCols {
			return nil, fmt.Errorf("dòng %d của tệp CSV có %d cột (tối đa %d)", len(rows)+1, len(rec), MaxCols)
		}
		for i, f := range rec {
			if len(f) > MaxFieldLen {
				return nil, fmt.Errorf("ô ở dòng %d, cột %d của tệp CSV quá dài (%d byte, tối đa %d)", len(rows)+1, i+1, len(f), MaxFieldLen)
			}
			rec[i] = norm.NFC.String(f)
		}
		rows = append(rows, rec)
	}
	return rows, nil
}

// decodeText returns the file as UTF-8 without a BOM.
func decodeText(data []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		dec := unicode.BOMOverride(unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
		out, _, err := transform.Bytes(dec, data)
		if err != nil {
			return nil, fmt.Errorf("tệp CSV mã UTF-16 hỏng: %w", err)
		}
		return out, nil
	}
	if utf8.Valid(data) {
		return data, nil
	}
	out, _, err := transform.Bytes(charmap.Windows1258.NewDecoder(), data)
	if err != nil {
		return nil, fmt.Errorf("tệp CSV không đọc được bảng mã: %w", err)
	}
	return out, nil
}

// sniffDelimiter picks the most frequent of ',', ';' and tab outside quotes
// on the first line; ',' when none occurs.
func sniffDelimiter(text []byte) rune {
	var n [3]int
	quoted := false
	for _, b := range text {
		if b == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if b == '\n' || b == '\r' {
			break
		}
		switch b {
		case ',':
			n[0]++
		case ';':
			n[1]++
		case '\t':
			n[2]++
		}
	}
	switch {
	case n[2] > n[0] && n[2] >= n[1]:
		return '\t'
	case n[1] > n[0]:
		return ';'
	}
	return ','
}
