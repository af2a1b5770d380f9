package workbook

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// strFormula is a formula cell as excelize writes it: the result marked as
// text (t="str") even when it is a number.
var strFormula = regexp.MustCompile(`(<c r="[A-Z]+[0-9]+"(?: s="[0-9]+")?) t="str"(><f>[^<]*</f><v>)(-?[0-9][0-9.E+-]*)(</v>)`)

// numericFormulas rewrites the worksheets of a workbook written by
// excelize so that a formula's numeric result is stored as a number: every
// formula of this workbook computes a number (a count, a sum or a share),
// and a result marked as text would show "0.923" instead of "92,3%" in a
// preview, and be read as text by a program. Every other part is copied
// as it is.
func numericFormulas(data []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("đọc %s: %w", zf.Name, err)
		}
		if strings.HasPrefix(zf.Name, "xl/worksheets/") && strings.HasSuffix(zf.Name, ".xml") {
			body = strFormula.ReplaceAll(body, []byte("$1$2$3$4"))
		}
		hdr := zf.FileHeader
		w, err := zw.CreateHeader(&zip.FileHeader{Name: hdr.Name, Method: hdr.Method, Modified: hdr.Modified})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(body); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
