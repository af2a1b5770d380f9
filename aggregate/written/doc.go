package written

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/richardlehane/mscfb"
	"github.com/richardlehane/msoleps"
	"github.com/richardlehane/msoleps/types"
	"golang.org/x/text/encoding/charmap"

	"tonghop/aggregate/gate"
)

// maxOLEEntries bounds the directory walk of an OLE file.
const maxOLEEntries = gate.OLEMaxEntries

// oleStreams returns the named streams of an OLE file (read through max
// bytes each); the others are skipped.
func oleStreams(data []byte, max int64, names ...string) (map[string][]byte, bool, error) {
	r, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return nil, false, errors.New("tệp .doc hỏng hoặc bị cắt cụt")
	}
	want := set(names...)
	out := map[string][]byte{}
	word := false
	for i := 0; i < maxOLEEntries; i++ {
		f, err := r.Next()
		if errors.Is(err, io.EOF) || f == nil {
			break
		}
		if err != nil {
			return nil, false, errors.New("tệp .doc hỏng hoặc bị cắt cụt")
		}
		if len(f.Path) != 0 {
			continue // streams of embedded objects
		}
		if f.Name == "WordDocument" {
			word = true
		}
		if want[f.Name] {
			b, err := io.ReadAll(io.LimitReader(f, max+1))
			if err != nil {
				return nil, false, fmt.Errorf("luồng %s của tệp .doc hỏng", f.Name)
			}
			if int64(len(b)) > max {
				return nil, false, fmt.Errorf("luồng %s quá lớn (hơn %d byte)", f.Name, max)
			}
			out[f.Name] = b
		}
	}
	return out, word, nil
}

// isWordOLE reports whether an OLE file holds a WordDocument stream.
func isWordOLE(data []byte) bool {
	_, word, err := oleStreams(data, 0)
	return err == nil && word
}

// readDoc extracts the main text of a Word 97–2003 document from its piece
// table ([MS-DOC] 2.8.35 Clx). Written here: no maintained pure-Go library
// reads .doc text, and the piece table is a few dozen lines. A document
// whose text cannot be read is still recognised, with no text: the caller
// identifies its unit by the file name.
func readDoc(data []byte, lim Limits, doc *Doc) (string, error) {
	s, word, err := oleStreams(data, lim.MaxPart, "WordDocument", "0Table", "1Table", summaryStream)
	if err != nil {
		return "", err
	}
	if !word {
		return "", errors.New("tệp OLE không chứa văn bản Word")
	}
	doc.Created, doc.Modified = oleDates(s[summaryStream])
	text, err := docText(s, lim.MaxText)
	if err != nil {
		return "", nil // recognised, text unreadable
	}
	return text, nil
}

// summaryStream holds the document properties of an OLE file.
const summaryStream = "SummaryInformation" // mscfb drops the leading \x05

// oleDates reads the creation and last-save times of the summary
// information property set; zero when absent or unreadable.
func oleDates(b []byte) (created, saved time.Time) {
	if len(b) == 0 {
		return
	}
	defer func() { recover() }() // msoleps trusts offsets in the stream
	r, err := msoleps.NewFrom(bytes.NewReader(b))
	if err != nil {
		return
	}
	for _, p := range r.Property {
		ft, ok := p.T.(types.FileTime)
		if !ok {
			continue
		}
		switch p.Name {
		case "CreateTime":
			created = ft.Time().UTC()
		case "LastSaveTime":
			saved = ft.Time().UTC()
		}
	}
	return
}

// Why docText refused a piece table.
var (
	errPieceOrder  = errors.New("pieces out of order")
	errPieceBudget = errors.New("pieces decode more characters than the document holds")
)

// docText walks the piece table.
//
// It is long because it walks the .doc piece table record by record.
func docText(s map[string][]byte, limit int) (string, error) {
	wd := s["WordDocument"]
	if len(wd) < 0x1AA || binary.LittleEndian.Uint16(wd) != 0xA5EC {
		return "", errors.New("FIB")
	}
	table := s["0Table"]
	if binary.LittleEndian.Uint16(wd[0x0A:])&0x0200 != 0 {
		table = s["1Table"]
	}
	ccpText := int64(binary.LittleEndian.Uint32(wd[0x4C:]))
	fc, lcb := int64(binary.LittleEndian.Uint32(wd[0x1A2:])), int64(binary.LittleEndian.Uint32(wd[0x1A6:]))
	if fc < 0 || lcb < 0 || fc+lcb > int64(len(table)) {
		return "", errors.New("Clx")
	}
	clx := table[fc : fc+lcb]
	for len(clx) > 0 && clx[0] == 0x01 { // Prc: skip
		if len(clx) < 3 {
			return "", errors.New("Prc")
		}
		n := int(binary.LittleEndian.Uint16(clx[1:]))
		if 3+n > len(clx) {
			return "", errors.New("Prc")
		}
		clx = clx[3+n:]
	}
	if len(clx) < 5 || clx[0] != 0x02 {
		return "", errors.New("Pcdt")
	}
	plc := clx[5:]
	if n := int(binary.LittleEndian.Uint32(clx[1:])); n < len(plc) {
		plc = plc[:n]
	}
	n := (len(plc) - 4) / 12 // n+1 CPs of 4 bytes, n PCDs of 8
	if n < 1 {
		return "", errors.New("PlcPcd")
	}
	out := &textBuf{max: limit}
	field := 0 // inside a field code: from 0x13 to 0x14
	// Each character comes from a byte or two of WordDocument, each once:
	// pieces out of order (a cyclic table) or decoding more characters than
	// the stream holds (a bloated one) are refused, so the work is linear in
	// the stream whatever the table says.
	budget := int64(len(wd))
	prev := int64(0)
	for i := 0; i < n && !out.full(); i++ {
		cp0 := int64(binary.LittleEndian.Uint32(plc[4*i:]))
		cp1 := int64(binary.LittleEndian.Uint32(plc[4*i+4:]))
		if cp0 >= ccpText {
			break
		}
		cp1 = min(cp1, ccpText)
		pcd := plc[4*(n+1)+8*i:]
		fcp := int64(binary.LittleEndian.Uint32(pcd[2:]))
		compressed := fcp&0x40000000 != 0
		fcp &^= 0x40000000
		if cp1 <= cp0 {
			continue
		}
		if cp0 < prev {
			return "", errPieceOrder
		}
		prev = cp1
		if budget -= cp1 - cp0; budget < 0 {
			return "", errPieceBudget
		}
		var b strings.Builder
		room := out.max - out.b.Len()
		emit := func(r rune) {
			switch {
			case r == 0x13:
				field++
			case r == 0x14 || r == 0x15:
				field = max(field-1, 0)
			case field > 0:
			case r == 0x0D || r == 0x07 || r == 0x0B || r == 0x0C:
				b.WriteByte('\n')
			case r == 0x09:
				b.WriteByte('\t')
			case r < 0x20:
			default:
				b.WriteRune(r)
			}
		}
		if compressed {
			start, end := fcp/2, fcp/2+(cp1-cp0)
			if end > int64(len(wd)) {
				return "", errors.New("piece")
			}
			for _, c := range wd[start:end] {
				if emit(charmap.Windows1252.DecodeByte(c)); b.Len() > room {
					break
				}
			}
		} else {
			start, end := fcp, fcp+2*(cp1-cp0)
			if end > int64(len(wd)) {
				return "", errors.New("piece")
			}
			for j := start; j+1 < end && b.Len() <= room; j += 2 {
				r := rune(binary.LittleEndian.Uint16(wd[j:]))
				if utf16.IsSurrogate(r) && j+3 < end {
					if pair := utf16.DecodeRune(r, rune(binary.LittleEndian.Uint16(wd[j+2:]))); pair != utf8.RuneError {
						r = pair
						j += 2
					}
				}
				emit(r)
			}
		}
		out.write(b.String())
	}
	return out.b.String(), nil
}
