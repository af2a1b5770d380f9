package formexport

import (
	"os"
	"sync"
	"testing"
	"unicode/utf8"

	"tonghop/templates"
)

func FuzzReadCSV(f *testing.F) {
	f.Add(googleCSV(true, googleHeader, []string{"10/3/2024 9:15:07", "", "Đắk Mil", "Có"}))
	f.Add([]byte("a;b\n\"x\ny\";z\n"))
	f.Add([]byte{0xFF, 0xFE, 'a', 0, '\t', 0, 'b', 0})
	f.Add([]byte("\xD0\xE3\xECk,\"\"\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ReadCSV(data, 0)
		if err != nil {
			return
		}
		if len(rows) > MaxRows {
			t.Fatalf("%d rows", len(rows))
		}
		for _, r := range rows {
			if len(r) > MaxCols {
				t.Fatalf("%d columns", len(r))
			}
			for _, s := range r {
				if !utf8.ValidString(s) || len(s) > MaxFieldLen*2 {
					t.Fatalf("field %q", s)
				}
			}
		}
	})
}

func FuzzParse(f *testing.F) {
	f.Add(googleCSV(true, googleHeader,
		[]string{"10/3/2024 9:15:07", "", "UBND huyện Đắk Mil", "Có", "12 bài", "3", "120", "100", "", "An", "09", "10/3/2024"},
		[]string{"3/13/24 9:15:07 PM", "", "", "Không"}))
	f.Add([]byte("Timestamp,Unit,A1,A1,B9\n45361.5,x,1,2,3\n2024-03-10T09:15:07Z,,,\n"))
	if b, err := os.ReadFile("testdata/google.csv"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ReadCSV(data, 0)
		if err != nil {
			return
		}
		ex, err := Parse(fuzzCampaign(t), rows, now)
		if err != nil {
			return
		}
		last := 0
		for _, s := range ex.Submissions {
			if s.Row <= last || s.Row > len(rows) || (s.UnitText == "" && s.UnitCode == "") {
				t.Fatalf("submission row %d after %d, unit %q", s.Row, last, s.UnitText)
			}
			last = s.Row
		}
		for i := 1; i < len(ex.Problems); i++ {
			if ex.Problems[i].Row < ex.Problems[i-1].Row {
				t.Fatalf("problems out of order: %q", ex.Problems)
			}
		}
	})
}

var fuzzOnce struct {
	sync.Once
	c *templates.Campaign
}

// fuzzCampaign loads the campaign once per process, inside the fuzz
// function: loaded in the target's setup, it made the fuzzing worker stall.
func fuzzCampaign(t *testing.T) *templates.Campaign {
	fuzzOnce.Do(func() { fuzzOnce.c = campaign(t) })
	return fuzzOnce.c
}
