package ods

import (
	"testing"

	"tonghop/aggregate/book/booktest"
)

// BenchmarkRead reads the LibreOffice fixture: a whole filled template.
func BenchmarkRead(b *testing.B) {
	booktest.BenchRead(b, "testdata/filled-libreoffice.ods", read)
}
