package xls

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"tonghop/aggregate/book/booktest"
)

// FuzzRead: any input gives a Book or one of the typed errors, never a
// panic, within the limits. Seeded with the fixtures and the synthetic
// workbook.
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.xls")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(cfb(f, synthetic()))
	lim := Limits{MaxCells: 10_000, MaxStrings: 10_000}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Read(data, lim)
		if err != nil {
			var le *LimitError
			if !errors.Is(err, ErrNotXLS) && !errors.Is(err, ErrBroken) && !errors.Is(err, ErrEncrypted) &&
				!errors.Is(err, ErrOldFormat) && !errors.As(err, &le) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			return
		}
		if cells := booktest.Cells(b); cells > lim.MaxCells {
			t.Fatalf("%d cells and merges; limit %d", cells, lim.MaxCells)
		}
	})
}

// FuzzWorkbook fuzzes the Workbook stream itself inside a well-formed
// compound file, where mutations reach the BIFF records.
func FuzzWorkbook(f *testing.F) {
	f.Add(synthetic())
	f.Add(oneSheet(nil, biff(nil).rec(recFormula, formulaRec(0, 0, special(0, 0))).rec(recString, u16(2), []byte{1}, wide("ạb"))))
	lim := Limits{MaxCells: 10_000, MaxStrings: 10_000}
	f.Fuzz(func(t *testing.T, stream []byte) {
		if len(stream) > 60_000 {
			return
		}
		_, err := Read(cfb(t, stream), lim)
		if err != nil {
			var le *LimitError
			if !errors.Is(err, ErrNotXLS) && !errors.Is(err, ErrBroken) && !errors.Is(err, ErrEncrypted) &&
				!errors.Is(err, ErrOldFormat) && !errors.As(err, &le) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
		}
	})
}

// FuzzEncrypted fuzzes an encrypted workbook stream: FILEPASS parsing and
// decryption of whatever records follow.
func FuzzEncrypted(f *testing.F) {
	f.Add(encrypted(DefaultPassword, 128))
	f.Add(encrypted(DefaultPassword, 40))
	f.Fuzz(func(t *testing.T, stream []byte) {
		if len(stream) > 60_000 {
			return
		}
		_, err := Read(cfb(t, stream), Limits{MaxCells: 10_000, MaxStrings: 10_000})
		if err != nil {
			var le *LimitError
			if !errors.Is(err, ErrNotXLS) && !errors.Is(err, ErrBroken) && !errors.Is(err, ErrEncrypted) &&
				!errors.Is(err, ErrOldFormat) && !errors.As(err, &le) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
		}
	})
}
