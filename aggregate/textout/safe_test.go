package textout

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tonghop/aggregate"
	"tonghop/aggregate/aggregatetest"
	"tonghop/aggregate/summary"
	"tonghop/templates"
)

// hostile is file text meant to clear the screen, retitle the window and
// reverse "35" into "53".
const hostile = "\x1b[2J\x1b]0;pwned\x07Sở \u202E35\u202C\r"

// TestFileTextIsMadeSafe writes a report whose file name, sheet name and
// values carry control and bidi-override characters through the check
// output, the console summary and a letter: none of them reaches the
// output.
func TestFileTextIsMadeSafe(t *testing.T) {
	c := aggregatetest.Campaign(t)
	r := aggregatetest.UnitReport(t, c, "TU05", "thu/"+hostile+".xlsx", map[string]any{"A1": true, "C1": 10, "C2": 12})
	r.Reporter.Date = aggregatetest.Day(2024, 4, 1)
	r.Values.Set("F1", aggregate.Value{Raw: hostile, Text: hostile})
	r.Issues = aggregate.Issues{{Sheet: hostile, Cell: "D20", Indicator: "C2", Severity: templates.SeverityError, Msg: "C2 " + hostile}}
	res := aggregate.MergeReports(c, []*aggregate.Report{r}, nil, aggregate.MergeOptions{AsOf: aggregatetest.Day(2024, 4, 10)})
	s := summary.Of(res)

	var check, console bytes.Buffer
	if err := WriteCheck(&check, c, []*aggregate.Report{r}); err != nil {
		t.Fatal(err)
	}
	if err := WriteConsole(&console, &Letters{Summary: s}, nil); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), FeedbackDir)
	paths, err := WriteFeedback(&Letters{Summary: s}, dir)
	if err != nil || len(paths) != 1 {
		t.Fatalf("WriteFeedback = %q, %v", paths, err)
	}
	letter, _ := os.ReadFile(paths[0])
	for name, out := range map[string]string{"check": check.String(), "console": console.String(), "letter": string(letter)} {
		if !strings.Contains(out, "[2J]0;pwnedSở 35") {
			t.Errorf("%s lacks the text made safe:\n%s", name, out)
		}
		if i := strings.IndexFunc(out, func(r rune) bool {
			return r < 0x20 && r != '\n' && r != '\r' || r == 0x7F || r == 0x202E || r == 0x202C
		}); i >= 0 {
			t.Errorf("%s holds %q at %d:\n%q", name, out[i:i+1], i, out)
		}
	}
	// The letter's own line ends stay CRLF; the stray CR is gone.
	if strings.Contains(strings.ReplaceAll(string(letter), "\r\n", ""), "\r") {
		t.Errorf("the letter keeps a bare carriage return:\n%q", letter)
	}
}
