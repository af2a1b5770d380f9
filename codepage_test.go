package main

import (
	"bytes"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// TestEncodeText: redirected output in the console's code page. 1258
// holds all of Vietnamese (as base letters and combining tone marks) and
// reads back to the same text; 437 keeps the letters and the marks it has.
func TestEncodeText(t *testing.T) {
	const text = "Tệp đang mở trong chương trình khác: Đắk Nông, Ủy ban, Quảng Trực — 126/4/4"
	for _, tc := range []struct {
		name string
		cp   *charmap.Charmap
		want string // decoded back, NFC
	}{
		{"1258", charmap.Windows1258, text},
		{"437", charmap.CodePage437, "Têp dang mo trong chuong trình khác: Dák Nông, Uy ban, Quang Truc - 126/4/4"},
		{"1252", charmap.Windows1252, "Têp dang mo trong chuong trình khác: Dák Nông, Uy ban, Quang Truc — 126/4/4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := encodeText(tc.cp, text)
			got, err := tc.cp.NewDecoder().Bytes(b)
			if err != nil {
				t.Fatal(err)
			}
			if s := norm.NFC.String(string(got)); s != tc.want {
				t.Errorf("got  %q\nwant %q", s, tc.want)
			}
		})
	}
}

// TestCodePageWriter: a character split between two writes is written
// whole.
func TestCodePageWriter(t *testing.T) {
	var out bytes.Buffer
	w := &codePageWriter{w: &out, cp: charmap.Windows1258}
	s := []byte("Tệp đã ghi\n")
	for i := range s { // one byte at a time
		if n, err := w.Write(s[i : i+1]); n != 1 || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
	}
	if want := encodeText(charmap.Windows1258, string(s)); !bytes.Equal(out.Bytes(), want) {
		t.Errorf("got %x, want %x", out.Bytes(), want)
	}
}

func TestBoxDrawing(t *testing.T) {
	if got := string(encodeText(charmap.Windows1258, "┌──┬─┐\n│ Ô │\n└──┘")); got != "+--+-+\n| \xd4 |\n+--+" {
		t.Errorf("got %q", got)
	}
}
