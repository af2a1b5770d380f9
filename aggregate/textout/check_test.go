package textout

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"tonghop/aggregate"
	"tonghop/aggregate/aggregatetest"
	"tonghop/templates/testenv"
)

// TestWriteCheckGolden prints the check of the LibreOffice fixtures, as a
// table and as JSON, against golden files.
func TestWriteCheckGolden(t *testing.T) {
	c := aggregatetest.Campaign(t)
	// The fixtures are the reader's; read from its folder so that the
	// paths printed are the ones in the golden files.
	here, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir("..")
	paths := []string{
		filepath.Join("testdata", "read", "go-lai-libreoffice.xlsx"),
		filepath.Join("testdata", "read", "bieu-mau.xls"),
	}
	reports := aggregate.CheckPaths(c, paths, aggregate.ReadOptions{}, 2)
	if code := aggregate.CheckExitCode(reports); code != aggregate.CheckErrors {
		t.Errorf("exit code %d, want %d", code, aggregate.CheckErrors)
	}
	for _, format := range []string{"txt", "json"} {
		t.Run(format, func(t *testing.T) {
			var b bytes.Buffer
			write := WriteCheck
			if format == "json" {
				write = WriteCheckJSON
			}
			if err := write(&b, c, reports); err != nil {
				t.Fatal(err)
			}
			testenv.Golden(t, filepath.Join(here, "testdata", "check", "fixtures."+format), b.Bytes())
		})
	}
}

// Bidirectional overrides in a file's text reach the JSON as escapes: the
// same string for a program, no reordered line on a terminal.
func TestEscapeBidi(t *testing.T) {
	got := string(escapeBidi([]byte("{\"msg\": \"Sở\u202eTài chính\u2066\"}")))
	if want := `{"msg": "Sở\u202eTài chính\u2066"}`; got != want {
		t.Errorf("escapeBidi = %s, want %s", got, want)
	}
}
