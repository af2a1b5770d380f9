// Package book is a spreadsheet as read from an untrusted file: the sheets,
// cells, defined names and document properties that the reader of returned
// reports needs, and nothing else. The format readers (.xlsx, .ods, .xls)
// each produce a Book, so the reader above them handles every format and
// every quirk the same way. It imports nothing of the project.
package book

import (
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Book is one workbook's content.
type Book struct {
	Format   string // "xlsx", "ods", "xls"
	Sheets   []*Sheet
	Names    []Name // defined names (named ranges), in file order
	Date1904 bool   // serial numbers count from 1904-01-01 (Mac Excel)
	// Document properties; zero or empty when the file has none.
	Modified    time.Time // last saved
	Created     time.Time
	Application string            // the program that wrote the file
	Custom      map[string]string // custom document properties, by name
}

// Sheet is one sheet.
type Sheet struct {
	Name   string
	State  State
	Cells  map[Ref]Cell
	Merges []Range // merged areas
	// Broken says, in Vietnamese, why the sheet stops being readable part
	// way ("" when it reads whole): Cells and Merges hold what came before.
	// The caller decides whether a sheet it needs may be broken.
	Broken string
}

// State is a sheet's visibility.
type State int

// States of a sheet.
const (
	Visible State = iota
	Hidden
	VeryHidden
)

// Ref is a cell's position, 1-based.
type Ref struct{ Row, Col int }

// Range is a rectangle of cells, both corners included.
type Range struct{ From, To Ref }

// Contains reports whether the range holds the cell.
func (r Range) Contains(c Ref) bool {
	return c.Row >= r.From.Row && c.Row <= r.To.Row && c.Col >= r.From.Col && c.Col <= r.To.Col
}

// Kind is what a cell holds.
type Kind uint8

// Kinds of cell value. A date is a Number (the serial day count, from
// 1899-12-30, or 1904-01-01 when Book.Date1904): every format reader converts
// its own dates to serials, so the reader decides from the campaign which
// cells are dates, whatever wrote the file.
const (
	Empty  Kind = iota
	Number      // Value is a decimal that strconv.ParseFloat reads
	String      // Value is the text
	Bool        // Value is "1" or "0"
	Error       // Value is the error, "#REF!", "#DIV/0!", …
)

// Cell is one cell's content as stored.
type Cell struct {
	Kind Kind
	// Format is how the file shows a Number: as a date, a percentage, or
	// as it is. Only the .xlsx and .ods readers set it.
	Format Format
	Value  string // see Kind; for a formula, its cached result
	// Formula is the cell's formula without "=", "" when none. A formula
	// whose result was not stored has Kind Empty.
	Formula string
}

// Format is what a number cell's number format makes of it, as far as a
// reader needs to know: an online form's export (Microsoft Forms) writes
// its date answers as date cells and its percentages as percent cells, and
// only the format says that 45280 is 19/12/2023 and 0.855 is 85,5%.
type Format uint8

// Formats of a number cell.
const (
	FormatGeneral Format = iota // shown as the number it is
	FormatDate                  // a date or a date and time
	FormatTime                  // a time of day only
	FormatPercent               // a percentage: 0.855 is shown 85,5%
)

// Name is a defined name (a named range).
type Name struct {
	Name     string
	Scope    string // "" for the workbook, else the sheet's name
	RefersTo string // as in .xlsx: "'Báo cáo'!$D$12", "#REF!", a constant…
}

// Sheet returns the sheet with the name, matched without case as office
// suites do; nil when none.
func (b *Book) Sheet(name string) *Sheet {
	for _, s := range b.Sheets {
		if strings.EqualFold(s.Name, name) {
			return s
		}
	}
	return nil
}

// Cell returns a cell, the zero Cell when it is empty or missing.
func (s *Sheet) Cell(r Ref) Cell { return s.Cells[r] }

// String writes a reference in A1 style: Ref{12, 4} is "D12".
func (r Ref) String() string { return ColumnName(r.Col) + strconv.Itoa(r.Row) }

// ColumnName is the letters of a 1-based column: 1 is "A", 28 is "AB".
func ColumnName(col int) string {
	if col < 1 {
		return "?"
	}
	var b []byte
	for col > 0 {
		col--
		b = append([]byte{byte('A' + col%26)}, b...)
		col /= 26
	}
	return string(b)
}

// QuoteSheet quotes a sheet name as .xlsx formulas and defined names do:
// Sheet1 stays bare, 'Báo cáo' is quoted, with any quote inside it doubled.
// The format readers write every Name.RefersTo this way.
func QuoteSheet(name string) string {
	bare := name != ""
	for i, r := range name {
		if !(unicode.IsLetter(r) || r == '_' || r == '.' || i > 0 && unicode.IsDigit(r)) {
			bare = false
			break
		}
	}
	if bare {
		return name
	}
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}

// ParseRef reads "D12" or "$D$12"; ok is false for anything else or beyond
// the largest sheet (XFD1048576).
func ParseRef(s string) (Ref, bool) { return parseRef(s) }

// ParseRefBytes is ParseRef of bytes, without making a string of them.
func ParseRefBytes(b []byte) (Ref, bool) { return parseRef(b) }

func parseRef[T string | []byte](s T) (r Ref, ok bool) {
	letters, digits := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '$':
		case (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') && digits == 0:
			if letters++; letters > 3 {
				return Ref{}, false
			}
			r.Col = r.Col*26 + int(c|0x20-'a') + 1
		case c >= '0' && c <= '9' && letters > 0:
			if r.Row > 1048576 {
				return Ref{}, false
			}
			digits++
			r.Row = r.Row*10 + int(c-'0')
		default:
			return Ref{}, false
		}
	}
	if digits == 0 || r.Row < 1 || r.Row > 1048576 || r.Col > 16384 {
		return Ref{}, false
	}
	return r, true
}
