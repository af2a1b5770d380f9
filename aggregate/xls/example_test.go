package xls_test

import (
	"fmt"
	"os"
	"strings"

	"tonghop/aggregate/book"
	"tonghop/aggregate/xls"
)

// Example reads a returned report and finds an input cell through its
// defined name, as the reader of returned reports does for every format.
func ExampleRead() {
	data, err := os.ReadFile("testdata/filled-libreoffice.xls")
	if err != nil {
		fmt.Println(err)
		return
	}
	b, err := xls.Read(data, xls.Limits{})
	if err != nil {
		fmt.Println(err) // Vietnamese, for the officer
		return
	}
	for _, n := range b.Names {
		if n.Scope != "" || n.Name != "CT_C2" {
			continue
		}
		// RefersTo is in the .xlsx syntax whatever the format.
		i := strings.LastIndex(n.RefersTo, "!")
		sheet := strings.ReplaceAll(strings.Trim(n.RefersTo[:i], "'"), "''", "'")
		ref, _ := book.ParseRef(n.RefersTo[i+1:])
		c := b.Sheet(sheet).Cell(ref)
		fmt.Println(n.RefersTo, c.Kind == book.Number, c.Value)
	}
	id := b.Sheet("tonghop")
	fmt.Println(id.State != book.Visible, id.Cell(book.Ref{Row: 3, Col: 2}).Value, b.Custom["tonghop_ma_don_vi"])
	// Output:
	// 'Báo cáo'!$D$26 true 38
	// true UBH-661 UBH-661
}
