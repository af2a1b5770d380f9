package ods

import (
	"os"
	"testing"
)

// BenchmarkRead reads the LibreOffice fixture: a whole filled template.
func BenchmarkRead(b *testing.B) {
	data, err := os.ReadFile("testdata/filled-libreoffice.ods")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Read(data, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}
