package aggregate

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	bk "tonghop/aggregate/book"
	"tonghop/aggregate/gate"
	"tonghop/aggregate/ods"
	"tonghop/aggregate/xls"
	"tonghop/aggregate/xlsx"
	"tonghop/templates"
)

// opened is a workbook ready for the reader: its content as a bk.Book,
// and, when the format allows, a way to compute a formula whose result the
// writer did not store.
type opened struct {
	b     *bk.Book
	calc  func(sheet, cell string) (string, error) // nil when not possible
	close func()
}

// open opens a workbook of any format the reader knows, by its content:
// .ods, .xls and .xlsx each with its own reader, an encrypted .xlsx
// decrypted with the password first. msg says why it cannot be opened,
// naming the sheet when there is one.
func (rr *Reader) open(data []byte, kind gate.Kind) (o opened, sheet, msg string) {
	switch kind {
	case gate.ODS:
		b, err := ods.Read(data, ods.Limits{})
		if err != nil {
			return o, "", formatError(err, ods.ErrEncrypted)
		}
		return opened{b: b}, "", ""
	case gate.XLS:
		var b *bk.Book
		var err error
		for _, password := range rr.opts.tries() {
			if b, err = xls.ReadPassword(data, password, xls.Limits{}); !errors.Is(err, xls.ErrEncrypted) {
				break
			}
		}
		if err != nil {
			return o, "", formatError(err, xls.ErrEncrypted)
		}
		return opened{b: b}, "", ""
	case gate.XLSX:
		return readXLSX(data)
	case gate.Encrypted:
		if len(rr.opts.Passwords) == 0 {
			return o, "", gate.MsgEncrypted
		}
		// Decrypting is the one thing excelize does here: what comes out is
		// read by the same reader as any other .xlsx. Decrypt does not
		// check the password: a wrong one gives bytes that are no archive.
		for _, password := range rr.opts.Passwords {
			plain, err := excelize.Decrypt(data, &excelize.Options{Password: password})
			if err == nil && len(plain) <= gate.MaxFileSize && gate.Classify(plain) != gate.Unknown {
				return readXLSX(plain)
			}
		}
		return o, "", gate.MsgWrongPass
	}
	if msg := gate.Sniff(data, len(rr.opts.Passwords) > 0); msg != "" {
		return o, "", msg
	}
	return o, "", gate.MsgNotWorkbook
}

// readXLSX reads an .xlsx (or .xlsm) workbook with the one .xlsx reader,
// which bounds and checks the file while it reads it.
func readXLSX(data []byte) (o opened, sheet, msg string) {
	b, err := xlsx.Read(data, xlsx.Limits{})
	switch {
	case err == nil:
		for _, s := range b.Sheets {
			// Any other sheet may be broken past what the reader needs of
			// it; the report sheet is read whole or not at all.
			if s.Broken != "" && strings.EqualFold(s.Name, templates.SheetReport) {
				return o, s.Name, s.Broken
			}
		}
		calc, closer := lazyCalc(data)
		return opened{b: b, calc: calc, close: closer}, "", ""
	case errors.Is(err, xlsx.ErrNotXLSX):
		// A zip without a workbook part: the gate tells what it is.
		if msg := gate.Sniff(data, false); msg != "" {
			return o, "", msg
		}
		return o, "", gate.MsgNotWorkbook
	case errors.Is(err, xlsx.ErrTruncated):
		return o, "", gate.MsgTruncated
	}
	return o, xlsx.SheetOf(err), err.Error()
}

// lazyCalc computes formulas that have no stored result with excelize,
// the one program here that can, opening the workbook the first time one
// is met (rare: Excel and LibreOffice store results). The .xlsx reader has
// bounded the sheets, cells, merged ranges and shared strings already;
// excelize also parses every other XML part up front (a few hundred KB of
// styles cost it 150–250 MB), so a workbook whose other parts are larger
// than any report's is not computed.
func lazyCalc(data []byte) (calc func(sheet, cell string) (string, error), closer func()) {
	var f *excelize.File
	var failed error
	calc = func(sheet, cell string) (string, error) {
		if f == nil && failed == nil {
			if msg := calcSize(data); msg != "" {
				failed = errors.New(msg)
			} else if f, failed = excelize.OpenReader(bytes.NewReader(data), excelize.Options{
				RawCellValue: true, UnzipSizeLimit: gate.UnzipSizeLimit, UnzipXMLSizeLimit: gate.UnzipXMLSizeLimit,
			}); failed != nil {
				f = nil
			}
		}
		if failed != nil {
			return "", failed
		}
		return f.CalcCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	}
	closer = func() {
		if f != nil {
			f.Close()
		}
	}
	return calc, closer
}

// calcSize says why excelize may not open the workbook to compute a
// formula, "" when it may.
func calcSize(data []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return gate.MsgTruncated
	}
	var total uint64
	for _, f := range zr.File {
		name := strings.ToLower(f.Name)
		if (strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels")) &&
			!strings.HasPrefix(name, "xl/worksheets/") && name != "xl/sharedstrings.xml" {
			total += f.UncompressedSize64
		}
	}
	if total > gate.MaxCalcParts {
		return fmt.Sprintf("tệp có các phần định dạng, kiểu dáng quá lớn (%s; giới hạn %s) nên không tự tính công thức", gate.ByteSize(int64(min(total, math.MaxInt64))), gate.ByteSize(gate.MaxCalcParts))
	}
	return ""
}

// duplicateSheets refuses a workbook of any format whose sheets cannot be
// told apart: Excel compares sheet names without case, and reading one of
// two sheets of the same name would be a guess. "" when fine.
func duplicateSheets(b *bk.Book) (sheet, msg string) {
	seen := map[string]bool{}
	for _, s := range b.Sheets {
		key := strings.ToLower(s.Name)
		if seen[key] {
			return s.Name, fmt.Sprintf("tệp có hai trang cùng tên %s (Excel không cho phép, tệp đã bị sửa bằng công cụ khác hoặc bị hỏng): không biết phải đọc trang nào — mở tệp bằng Excel, lưu lại rồi gửi lại, hoặc đề nghị đơn vị gửi lại", quote(s.Name))
		}
		seen[key] = true
	}
	return "", ""
}

// formatError is the message of a format reader's error: its Vietnamese
// text, with what to do; an encrypted file is told as the .xlsx path tells
// it.
func formatError(err, encrypted error) string {
	if errors.Is(err, encrypted) {
		return gate.MsgEncrypted
	}
	return err.Error() + gate.Advice + "mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi gửi lại; nếu vẫn lỗi, đề nghị đơn vị gửi lại"
}

// sortedKeys returns a map's keys in order, for a deterministic walk.
func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
