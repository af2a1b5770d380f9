package written

import (
	"encoding/binary"
	"strings"
	"testing"
)

// wordStreams builds the WordDocument and 0Table streams of a .doc whose
// text is text (8-bit, compressed pieces) and whose piece table has the
// character positions cps: piece i is [cps[i], cps[i+1]), read from byte
// fcs[i] of WordDocument.
func wordStreams(text string, cps, fcs []int) map[string][]byte {
	wd := make([]byte, 0x200, 0x200+len(text))
	binary.LittleEndian.PutUint16(wd, 0xA5EC)
	binary.LittleEndian.PutUint32(wd[0x4C:], uint32(len(text)))
	wd = append(wd, text...)
	var plc []byte
	for _, cp := range cps {
		plc = binary.LittleEndian.AppendUint32(plc, uint32(cp))
	}
	for _, fc := range fcs {
		pcd := make([]byte, 8)
		binary.LittleEndian.PutUint32(pcd[2:], uint32(2*fc)|0x40000000)
		plc = append(plc, pcd...)
	}
	clx := append([]byte{0x02}, binary.LittleEndian.AppendUint32(nil, uint32(len(plc)))...)
	clx = append(clx, plc...)
	binary.LittleEndian.PutUint32(wd[0x1A2:], 0)
	binary.LittleEndian.PutUint32(wd[0x1A6:], uint32(len(clx)))
	return map[string][]byte{"WordDocument": wd, "0Table": clx}
}

// TestDocPieceTableBounds: a piece table that repeats its pieces (cyclic)
// or makes the same bytes into more characters than the stream holds
// (bloated) is refused, so that the characters decoded never pass the
// stream's size; a sound table reads its text. Before issue 26 either
// cost the whole 20 s budget: a field code opening (0x13) keeps every
// character from the text, so the text bound never stopped the walk.
func TestDocPieceTableBounds(t *testing.T) {
	text := "\x13" + strings.Repeat("x", 1<<16)
	const fc = 0x200
	// The same piece again and again: 0, L, 0, L…
	var cyclic, cyclicFC []int
	for i := 0; i < 20_000; i++ {
		cyclic = append(cyclic, (i%2)*len(text))
		cyclicFC = append(cyclicFC, fc)
	}
	cyclic = append(cyclic, len(text))
	// Ascending pieces, each reading the whole text again.
	var bloated, bloatedFC []int
	for i := 0; i <= 20_000; i++ {
		bloated = append(bloated, i*len(text))
		bloatedFC = append(bloatedFC, fc)
	}
	bloatedFC = bloatedFC[1:]
	for _, tc := range []struct {
		name   string
		s      map[string][]byte
		want   string
		err    error
		ccpMul int
	}{
		{"sound", wordStreams("Bao cao\rso 45", []int{0, 4, 14}, []int{fc, fc + 4}), "Bao cao\nso 45", nil, 1},
		{"cyclic", wordStreams(text, cyclic, cyclicFC), "", errPieceOrder, 2},
		{"bloated", wordStreams(text, bloated, bloatedFC), "", errPieceBudget, 20_000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wd := tc.s["WordDocument"]
			binary.LittleEndian.PutUint32(wd[0x4C:], uint32(tc.ccpMul*(len(wd)-fc)))
			got, err := docText(tc.s, 1<<20)
			if err != tc.err || (err == nil && got != tc.want) {
				t.Fatalf("got %q, %v; want %q, %v", got, err, tc.want, tc.err)
			}
		})
	}
}
