package aggregate

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tonghop/aggregate/aggregatetest/returned"
	"tonghop/aggregate/mail"
)

// TestCrashingPDFsCostOnlyThemselves: the PDFs that ended the whole merge
// (issue 26: an object stream containing itself, two containing each
// other, a terabyte asked by a predictor or a cross-reference field), in
// the folder and attached to a mail, are each one file "không đọc được"
// with the reason, and the unit's workbook beside them is merged.
func TestCrashingPDFsCostOnlyThemselves(t *testing.T) {
	t.Parallel()
	c := returned.Campaign(t)
	dir := t.TempDir()
	fixtures := filepath.Join("written", "testdata", "crash")
	ents, err := os.ReadDir(fixtures)
	if err != nil || len(ents) < 4 {
		t.Fatalf("%d fixtures: %v", len(ents), err)
	}
	want := map[string]string{}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(fixtures, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644)
		want[e.Name()] = "tràn ngăn xếp"
		if strings.HasPrefix(e.Name(), "predictor") || strings.HasPrefix(e.Name(), "xref") {
			want[e.Name()] = "đòi quá nhiều bộ nhớ"
		}
		if e.Name() == "objstm-contains-itself.pdf" {
			var m bytes.Buffer
			err := mail.WriteDraft(&m, mail.Draft{
				From: mail.Address{Name: "UBND huyện Đắk Mil", Email: "ubnd@dakmil.gov.vn"}, To: []mail.Address{{Email: "stttt@daknong.gov.vn"}},
				Subject: "Báo cáo", Body: "Kính gửi Sở,\n", Date: time.Date(2024, 4, 8, 9, 0, 0, 0, time.UTC),
				// One byte more than the file beside it: not a copy of it.
				Attachments: []mail.Attachment{{Name: "bao-cao.pdf", Data: append(b, '\n')}}})
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dir, "thu.eml"), m.Bytes(), 0o644)
			want["thu.eml › bao-cao.pdf"] = "tràn ngăn xếp"
		}
	}
	at := time.Date(2024, 3, 20, 8, 0, 0, 0, time.UTC)
	os.WriteFile(filepath.Join(dir, "SBN03.xlsx"), returned.Workbook(t, c, returned.File{Unit: "SBN03", Vals: returned.Figures(c, "SBN03", 3), Reported: returned.Day(2024, 3, 20), Saved: at}), 0o644)

	in, err := Collect(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	res := in.Merge(c, MergeOptions{AsOf: returned.Day(2024, 4, 15), Root: dir})
	for _, fo := range res.Files {
		name := filepath.ToSlash(fo.Report.File.Path)
		reason, ok := want[name]
		if !ok {
			continue
		}
		delete(want, name)
		if fo.Use != UseRejected || !strings.Contains(fo.Reason, "không đọc được") || !strings.Contains(fo.Reason, reason) {
			t.Errorf("%s: %s %q, want rejected: %s", name, fo.Use.Label(), fo.Reason, reason)
		}
	}
	for name := range want {
		t.Errorf("%s: no outcome", name)
	}
	for _, ur := range res.Units {
		if ur.Unit.Code == "SBN03" && ur.Status != StatusOnTime {
			t.Errorf("SBN03 beside the crashing files: %s", ur.Status.Label())
		}
	}
}

// TestFormExportPastItsRows: an export of 200,000 responses (21 s and
// 660 MB before issue 26) is refused at the campaign's row limit, with a
// message naming it as a form export.
func TestFormExportPastItsRows(t *testing.T) {
	t.Parallel()
	c := returned.Campaign(t)
	var ids []string
	for _, ind := range c.IndicatorsFor("SBN") {
		ids = append(ids, ind.ID)
	}
	row := append([]string{"25/3/2024 10:15:00", "Sở Tài chính"}, make([]string, len(ids))...)
	// The header and one response, then the same response's line 199,999
	// times more: the export of 200,000 responses, byte for byte.
	one := googleExport(c, [][]string{row}, ids)
	line := one[bytes.LastIndex(one[:len(one)-2], []byte("\r\n"))+2:]
	path := filepath.Join(t.TempDir(), "tra-loi.csv")
	os.WriteFile(path, append(one, bytes.Repeat(line, 200_000-1)...), 0o644)
	reps := NewReader(c, ReadOptions{}).ReadAll([]string{path}, 1, nil)
	if len(reps) != 1 || reps[0].State != StateRejected || len(reps[0].Issues) != 1 ||
		!strings.Contains(reps[0].Issues[0].Msg, "biểu mẫu trực tuyến không đọc được: tệp CSV có quá nhiều dòng (hơn 2000 dòng") {
		t.Fatalf("got %d reports: %+v", len(reps), *reps[0])
	}
}
