// Package formexport reads the responses of the campaign's online form as
// Google Forms/Sheets and Microsoft Forms export them (CSV or the rows of an
// .xlsx): it maps each column to an indicator or a reporter field of the
// campaign, finds the unit column and the timestamp, and returns one
// submission per response with the raw answers. Coercing the answers and
// identifying the unit from its typed name are the caller's. It sits beside
// the workbook readers at the start of the flow and imports only templates.
package formexport

import (
	"bufio"
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

	"tonghop/aggregate/gate"
	"tonghop/templates"
)

// Bounds of what an export may hold: the limits policy's (gate.CSV…).
const (
	MaxBytes    = gate.CSVMaxSize
	MaxRows     = gate.CSVMaxRows
	MaxCols     = gate.CSVMaxCols
	MaxFieldLen = gate.MaxTextLen // in bytes after decoding
	MaxRecord   = gate.CSVMaxRecord
)

// Rows a campaign's export may hold: rowsPerUnit responses for each unit
// (a unit answers once, sometimes again to correct itself), and never
// fewer than minRowLimit. Far above any real export, and far below the
// rows that would cost seconds to read.
const (
	rowsPerUnit = 10
	minRowLimit = 2_000
)

// RowLimit is the most rows, header included, an export for c may hold.
func RowLimit(c *templates.Campaign) int {
	n := minRowLimit
	if c != nil {
		n = max(n, rowsPerUnit*len(c.Units))
	}
	return min(n, MaxRows)
}

// ReadCSV reads an exported CSV of at most maxRows rows (MaxRows when 0):
// UTF-8 with or without a BOM, UTF-16LE/BE with a BOM (Excel's "Unicode
// text"), or, when it is not valid UTF-8, Windows-1258 (Excel's "CSV" on a
// Vietnamese Windows). The delimiter (',', ';' or tab) is detected from the
// first line; quoted fields may hold newlines. Every field is returned in
// NFC. The file is decoded as it is read, never copied whole; reading stops
// at the first bound passed, and the rows read until then come with that
// error, so that the caller can still tell a form's export by its header.
func ReadCSV(data []byte, maxRows int) ([][]string, error) {
	if len(data) > MaxBytes {
		return nil, fmt.Errorf("tệp CSV quá lớn (%d byte, tối đa %d byte)", len(data), MaxBytes)
	}
	if maxRows <= 0 || maxRows > MaxRows {
		maxRows = MaxRows
	}
	text := bufio.NewReaderSize(decodeText(data), sniffWindow)
	head, _ := text.Peek(sniffWindow)
	budget := &recordBudget{r: text, left: MaxRecord}
	r := csv.NewReader(budget)
	r.Comma = sniffDelimiter(head)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var rows [][]string
	for {
		budget.left = MaxRecord
		rec, err := r.Read()
		switch {
		case errors.Is(err, io.EOF):
			return rows, nil
		case errors.Is(err, errRecordTooLong):
			return rows, fmt.Errorf("dòng %d của tệp CSV quá dài (hơn %d byte)", len(rows)+1, MaxRecord)
		case errors.Is(err, errEncoding):
			return nil, err
		case err != nil:
			line, _ := r.FieldPos(0)
			return nil, fmt.Errorf("tệp CSV hỏng ở dòng %d: %w", line, err)
		}
		if len(rows) == maxRows {
			return rows, fmt.Errorf("tệp CSV có quá nhiều dòng (hơn %d dòng, quá xa số câu trả lời có thể có): đây không phải tệp câu trả lời bình thường", maxRows)
		}
		if len(rec) > MaxCols {
			return rows, fmt.Errorf("dòng %d của tệp CSV có %d cột (tối đa %d)", len(rows)+1, len(rec), MaxCols)
		}
		for i, f := range rec {
			if len(f) > MaxFieldLen {
				return rows, fmt.Errorf("ô ở dòng %d, cột %d của tệp CSV quá dài (%d byte, tối đa %d)", len(rows)+1, i+1, len(f), MaxFieldLen)
			}
			rec[i] = norm.NFC.String(f)
		}
		rows = append(rows, rec)
	}
}

// sniffWindow is how much of the text the delimiter is looked for in.
const sniffWindow = 64 << 10

var (
	errRecordTooLong = errors.New("record too long")
	errEncoding      = errors.New("tệp CSV mã UTF-16 hỏng")
)

// recordBudget passes on at most left bytes, then fails: ReadCSV gives
// each record MaxRecord bytes (and what the CSV reader buffers ahead).
type recordBudget struct {
	r    io.Reader
	left int64
}

func (b *recordBudget) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, errRecordTooLong
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	return n, err
}

// decodeText returns the file as UTF-8 without a BOM, decoded as it is
// read.
func decodeText(data []byte) io.Reader {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		dec := unicode.BOMOverride(unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
		return &encodingErr{transform.NewReader(bytes.NewReader(data), dec)}
	}
	if utf8.Valid(data) {
		return bytes.NewReader(data)
	}
	// Every byte is a character of Windows-1258: it cannot fail.
	return transform.NewReader(bytes.NewReader(data), charmap.Windows1258.NewDecoder())
}

// encodingErr tells a decoding error from the CSV reader's own.
type encodingErr struct{ r io.Reader }

func (e *encodingErr) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("%w: %v", errEncoding, err)
	}
	return n, err
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
