package formexport

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"tonghop/templates"
)

var hcm = time.FixedZone("ICT", 7*3600)

var now = time.Date(2024, 4, 15, 8, 0, 0, 0, hcm)

func campaign(t testing.TB) *templates.Campaign {
	t.Helper()
	c, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// googleCSV builds an export the way Google Forms/Sheets writes it: every
// field quoted, CRLF, optionally a BOM.
func googleCSV(bom bool, rows ...[]string) []byte {
	var b bytes.Buffer
	if bom {
		b.WriteString("\ufeff")
	}
	for _, r := range rows {
		for i, f := range r {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`"` + strings.ReplaceAll(f, `"`, `""`) + `"`)
		}
		b.WriteString("\r\n")
	}
	return b.Bytes()
}

var googleHeader = []string{
	"Dấu thời gian",
	"Địa chỉ email",
	"Tên đơn vị",
	"A1. Đơn vị có trang/cổng thông tin điện tử",
	"A5 - Tin, bài về thành tựu sau 20 năm tái lập tỉnh của địa phương, đơn vị",
	"Tin về hoạt động lập thành tích chào mừng 20 năm", // no id
	"(C1) Tổng số cán bộ, công chức, viên chức, người lao động",
	norm.NFD.String("C2: Số người đã thay ảnh bìa, khung ảnh đại diện Facebook, Zalo cá nhân"),
	"Ý kiến khác của đơn vị (nếu có)",
	"Họ và tên người báo cáo",
	"Số điện thoại",
	"Ngày báo cáo",
}

func TestParseGoogle(t *testing.T) {
	c := campaign(t)
	data := googleCSV(true, googleHeader,
		[]string{"10/3/2024 9:15:07", "", "UBND huyện Đắk Mil", "Có", "12 bài", "3", "120", "100", "", "Nguyễn Văn An", "0912 345 678", "10/3/2024"},
		[]string{"13/3/2024 16:02:59", "a@x.vn", norm.NFD.String("Ủy ban nhân dân xã Đắk Sắk"), "Không", "", "", "45", "40", "Hệ thống\nđã cũ", "", "", ""},
		[]string{"14/3/2024 7:00:00", "", "  ", "Có", "1", "", "", "", "", "", "", ""},
		[]string{"32/3/2024 7:00:00", "", "Báo Đắk Nông", "Có", "", "", "", "", "", "", "", ""},
		[]string{"", "", "", "", "", "", "", "", "", "", "", ""},
	)
	rows, err := ReadCSV(data, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !Detect(c, rows[0]) {
		t.Fatal("Detect: false")
	}
	ex, err := Parse(c, rows, now)
	if err != nil {
		t.Fatal(err)
	}
	want := []Submission{
		{Row: 2, Time: time.Date(2024, 3, 10, 9, 15, 7, 0, hcm), UnitText: "UBND huyện Đắk Mil",
			Values:   map[string]string{"A1": "Có", "A5": "12 bài", "A6": "3", "C1": "120", "C2": "100"},
			Reporter: map[string]string{templates.NameReporterName: "Nguyễn Văn An", templates.NameReporterPhone: "0912 345 678", templates.NameReportDate: "10/3/2024"}},
		{Row: 3, Time: time.Date(2024, 3, 13, 16, 2, 59, 0, hcm), UnitText: "Ủy ban nhân dân xã Đắk Sắk", Email: "a@x.vn",
			Values: map[string]string{"A1": "Không", "C1": "45", "C2": "40"}, Reporter: map[string]string{}},
		{Row: 5, UnitText: "Báo Đắk Nông", Values: map[string]string{"A1": "Có"}, Reporter: map[string]string{}},
	}
	if !reflect.DeepEqual(ex.Submissions, want) {
		t.Errorf("submissions:\n got %+v\nwant %+v", ex.Submissions, want)
	}
	if want := []Column{{8, "Ý kiến khác của đơn vị (nếu có)"}}; !reflect.DeepEqual(ex.Unmapped, want) {
		t.Errorf("unmapped %+v", ex.Unmapped)
	}
	wantP := []Problem{
		{1, 9, "Cột 9 “Ý kiến khác của đơn vị (nếu có)” không khớp chỉ tiêu nào của biểu mẫu; bỏ qua cột này."},
		{4, 3, "Dòng 4: không có tên đơn vị ở cột “Tên đơn vị”; bỏ qua câu trả lời này."},
		{5, 1, "Dòng 5: dấu thời gian “32/3/2024 7:00:00” ở cột “Dấu thời gian” không đọc được."},
	}
	if !reflect.DeepEqual(ex.Problems, wantP) {
		t.Errorf("problems:\n got %q\nwant %q", ex.Problems, wantP)
	}
}

func TestTimestampOrder(t *testing.T) {
	c := campaign(t)
	for _, tc := range []struct {
		name   string
		header string
		stamps []string
		want   []time.Time
		probs  int
	}{
		{"day first, told by a day > 12", "Dấu thời gian", []string{"3/10/2024 9:15:07", "13/3/2024 10:00:00"},
			[]time.Time{time.Date(2024, 10, 3, 9, 15, 7, 0, hcm), time.Date(2024, 3, 13, 10, 0, 0, 0, hcm)}, 1},
		{"month first, told by a day > 12", "Timestamp", []string{"3/10/2024 9:15:07", "3/13/2024 10:00:00"},
			[]time.Time{time.Date(2024, 3, 10, 9, 15, 7, 0, hcm), time.Date(2024, 3, 13, 10, 0, 0, 0, hcm)}, 0},
		{"ambiguous, Vietnamese header", "Dấu thời gian", []string{"3/4/2024 9:15:07"},
			[]time.Time{time.Date(2024, 4, 3, 9, 15, 7, 0, hcm)}, 0},
		{"ambiguous, English header", "Timestamp", []string{"3/4/2024 9:15:07"},
			[]time.Time{time.Date(2024, 3, 4, 9, 15, 7, 0, hcm)}, 0},
		{"Microsoft AM/PM", "Thời gian hoàn thành", []string{"3/4/24 9:15:07 PM", "4/1/24 12:05:00 AM"},
			[]time.Time{time.Date(2024, 3, 4, 21, 15, 7, 0, hcm), time.Date(2024, 4, 1, 0, 5, 0, 0, hcm)}, 0},
		{"ISO and serial", "Completion time", []string{"2024-03-10 09:15:07", "2024-03-10T09:15:07.5Z", "45361.385497685185"},
			[]time.Time{time.Date(2024, 3, 10, 9, 15, 7, 0, hcm), time.Date(2024, 3, 10, 9, 15, 7, 5e8, time.UTC), time.Date(2024, 3, 10, 9, 15, 7, 0, hcm)}, 0},
		{"bad ones", "Dấu thời gian", []string{"hôm qua", "31/4/2024 8:00:00", "13/13/2024 1:00:00", "1/1/2024 25:00:00"},
			[]time.Time{{}, {}, {}, {}}, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows := [][]string{{tc.header, "Tên đơn vị", "A1"}}
			for _, s := range tc.stamps {
				rows = append(rows, []string{s, "UBND huyện Đắk Mil", "Có"})
			}
			ex, err := Parse(c, rows, now)
			if err != nil {
				t.Fatal(err)
			}
			for i, s := range ex.Submissions {
				if !s.Time.Equal(tc.want[i]) {
					t.Errorf("%q: %v, want %v", tc.stamps[i], s.Time, tc.want[i])
				}
			}
			if len(ex.Problems) != tc.probs {
				t.Errorf("problems %q, want %d", ex.Problems, tc.probs)
			}
		})
	}
}

func TestFutureStamp(t *testing.T) {
	ex, err := Parse(campaign(t), [][]string{{"Dấu thời gian", "Đơn vị", "A1"}, {"20/5/2024 8:00:00", "X", "Có"}}, now)
	if err != nil {
		t.Fatal(err)
	}
	want := []Problem{{2, 1, "Dòng 2: dấu thời gian “20/5/2024 8:00:00” muộn hơn thời điểm hiện tại; kiểm tra lại."}}
	if !reflect.DeepEqual(ex.Problems, want) {
		t.Errorf("got %q", ex.Problems)
	}
}

func TestParseErrors(t *testing.T) {
	c := campaign(t)
	for _, tc := range []struct {
		name string
		rows [][]string
		msg  string
	}{
		{"no header", [][]string{{"Họ tên", "Tuổi"}}, "không nhận ra dòng tiêu đề của bảng trả lời biểu mẫu trực tuyến (cần cột “Dấu thời gian” và các câu hỏi mang tên chỉ tiêu)"},
		{"empty", nil, "không nhận ra dòng tiêu đề của bảng trả lời biểu mẫu trực tuyến (cần cột “Dấu thời gian” và các câu hỏi mang tên chỉ tiêu)"},
		{"no unit column", [][]string{{"Timestamp", "A1"}}, "bảng trả lời không có cột tên đơn vị (câu hỏi “Tên đơn vị”)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(c, tc.rows, now)
			if err == nil || err.Error() != tc.msg {
				t.Errorf("error %v, want %q", err, tc.msg)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	c := campaign(t)
	for _, tc := range []struct {
		header []string
		want   bool
	}{
		{googleHeader, true},
		{[]string{"ID", "Start time", "Completion time", "Email", "Name", "Unit", "A1"}, true},
		{[]string{"Dấu thời gian", "Tên đơn vị", "Câu hỏi khác"}, false},
		{[]string{"Tên đơn vị", "A1", "A2", "A3", "Dấu thời gian"}, false},
		{[]string{"STT", "Nội dung", "ĐVT", "Số liệu"}, false},
		{nil, false},
	} {
		if got := Detect(c, tc.header); got != tc.want {
			t.Errorf("Detect(%q) = %v", tc.header, got)
		}
	}
}

func TestColumnKeys(t *testing.T) {
	m := newMapper(campaign(t))
	for _, tc := range []struct {
		header string
		want   target
	}{
		{"A5. Tin, bài về thành tựu sau 20 năm tái lập tỉnh của địa phương, đơn vị", target{roleIndicator, "A5"}},
		{"(A5) tin bai ve thanh tuu sau 20 nam tai lap tinh cua dia phuong don vi", target{roleIndicator, "A5"}},
		{"A5: Tin, bài về thành tựu sau 20 năm tái lập tỉnh của địa phương, đơn vị (tin, bài)", target{roleIndicator, "A5"}},
		{"a5", target{roleIndicator, "A5"}},
		{"A6. Tin, bài về thành tựu sau 20 năm tái lập tỉnh của địa phương, đơn vị", target{}},
		{"Đơn vị có trang/cổng thông tin điện tử", target{roleIndicator, "A1"}},
		{"Thời lượng phát thanh (phút)", target{roleIndicator, "D2"}},
		{"Thư điện tử (email)", target{roleReporter, templates.NameReporterEmail}},
		{"Email", target{role: roleEmail}},
		{"Tên cơ quan, đơn vị", target{role: roleUnit}},
		{"Mã đơn vị (nếu biết)", target{role: roleUnitCode}},
		{"Đơn vị của anh/chị là", target{role: roleUnit}},
		{"Dấu thời gian", target{role: roleStamp}},
		{"Ghi chú", target{}},
	} {
		if got := m.column(tc.header); got != tc.want {
			t.Errorf("column(%q) = %+v, want %+v", tc.header, got, tc.want)
		}
	}
}

func TestMicrosoftXLSX(t *testing.T) {
	c := campaign(t)
	f, err := excelize.OpenFile("testdata/msforms.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, raw := range []bool{false, true} {
		t.Run(fmt.Sprint("raw=", raw), func(t *testing.T) {
			rows, err := f.GetRows("Sheet1", excelize.Options{RawCellValue: raw})
			if err != nil {
				t.Fatal(err)
			}
			ex, err := Parse(c, rows, now)
			if err != nil {
				t.Fatal(err)
			}
			want := []Submission{
				{Row: 2, Time: time.Date(2024, 3, 10, 9, 15, 7, 0, hcm), UnitText: "UBND huyện Đắk Mil", Email: "anonymous",
					Values: map[string]string{"A1": "Có", "A5": "12 bài"}, Reporter: map[string]string{templates.NameReporterName: "Nguyễn Văn An"}},
				{Row: 3, Time: time.Date(2024, 4, 2, 14, 30, 59, 0, hcm), UnitText: "Sở Văn hóa, Thể thao và Du lịch", Email: "tt@daknong.gov.vn", Name: "Trần Thị Tâm",
					Values: map[string]string{"A1": "Không", "A5": "0"}, Reporter: map[string]string{templates.NameReporterName: "Trần Thị Tâm"}},
			}
			if !reflect.DeepEqual(ex.Submissions, want) {
				t.Errorf("submissions:\n got %+v\nwant %+v", ex.Submissions, want)
			}
			wantP := []Problem{{1, 9, "Cột 9 “Ý kiến khác” không khớp chỉ tiêu nào của biểu mẫu; bỏ qua cột này."}}
			if !reflect.DeepEqual(ex.Problems, wantP) {
				t.Errorf("problems %q", ex.Problems)
			}
		})
	}
}

// TestQuestionsRoundTrip: the online question texts, as an export header,
// map to every indicator and every reporter field.
func TestQuestionsRoundTrip(t *testing.T) {
	c := campaign(t)
	header := []string{"Dấu thời gian"}
	for _, q := range c.OnlineQuestions()[1:] {
		header = append(header, q[2])
	}
	row := make([]string, len(header))
	row[0] = "1/4/2024 8:00:00"
	for i := 1; i < len(row); i++ {
		row[i] = fmt.Sprint("v", i)
	}
	ex, err := Parse(c, [][]string{header, row}, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.Problems) != 0 || len(ex.Submissions) != 1 {
		t.Fatalf("problems %q, %d submissions", ex.Problems, len(ex.Submissions))
	}
	s := ex.Submissions[0]
	if s.UnitText != "v1" || len(s.Values) != len(c.Indicators) || len(s.Reporter) != len(templates.ReporterFields()) {
		t.Errorf("unit %q, %d values, %d reporter fields", s.UnitText, len(s.Values), len(s.Reporter))
	}
	for i, ind := range c.Indicators {
		if want := fmt.Sprint("v", i+2); s.Values[ind.ID] != want {
			t.Errorf("%s = %q, want %q", ind.ID, s.Values[ind.ID], want)
		}
	}
}

func TestReadCSV(t *testing.T) {
	utf16 := func(s string, big bool) []byte {
		out := []byte{0xFF, 0xFE}
		if big {
			out = []byte{0xFE, 0xFF}
		}
		for _, r := range s {
			if big {
				out = append(out, byte(r>>8), byte(r))
			} else {
				out = append(out, byte(r), byte(r>>8))
			}
		}
		return out
	}
	for _, tc := range []struct {
		name string
		in   []byte
		want [][]string
	}{
		{"utf8 bom comma", []byte("\ufeffDấu thời gian,Tên đơn vị\r\n1/4/2024 8:00:00,Đắk Mil\r\n"), [][]string{{"Dấu thời gian", "Tên đơn vị"}, {"1/4/2024 8:00:00", "Đắk Mil"}}},
		{"semicolon", []byte("a;b;\"c,d\"\n1;2;3\n"), [][]string{{"a", "b", "c,d"}, {"1", "2", "3"}}},
		{"utf16le tab", utf16("Dấu thời gian\tĐơn vị\r\n\"x\ny\"\tz\r\n", false), [][]string{{"Dấu thời gian", "Đơn vị"}, {"x\ny", "z"}}},
		{"utf16be tab", utf16("a\tb\r\n", true), [][]string{{"a", "b"}}},
		{"nfd to nfc", []byte(norm.NFD.String("Đắk Sắk,x\n")), [][]string{{"Đắk Sắk", "x"}}},
		{"windows-1258", []byte("\xD0\xE3\xECk Mil,x\n"), [][]string{{"Đắk Mil", "x"}}},
		{"ragged", []byte("a,b,c\n1\n"), [][]string{{"a", "b", "c"}, {"1"}}},
		{"empty", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadCSV(tc.in, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestReadCSVBounds(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []byte
		msg  string
	}{
		{"columns", []byte(strings.Repeat("a,", MaxCols) + "a\n"), "dòng 1 của tệp CSV có 1001 cột (tối đa 1000)"},
		{"field", []byte("a," + strings.Repeat("x", MaxFieldLen+1) + "\n"), "ô ở dòng 1, cột 2 của tệp CSV quá dài (32768 byte, tối đa 32767)"},
		{"rows", bytes.Repeat([]byte("a\n"), MaxRows+1), "tệp CSV có quá nhiều dòng (hơn 200000 dòng, quá xa số câu trả lời có thể có): đây không phải tệp câu trả lời bình thường"},
		{"bare quote", []byte("a,b\n\"x\"y\"z,1\n"), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCSV(tc.in, 0)
			if tc.msg == "" {
				if err != nil {
					t.Errorf("error %v", err)
				}
				return
			}
			if err == nil || err.Error() != tc.msg {
				t.Errorf("error %v, want %q", err, tc.msg)
			}
		})
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"x"})
	w.Flush()
	// The zeros past the row are never written, so the OS need not give
	// the test their pages unless ReadCSV reads them.
	huge := make([]byte, buf.Len()+MaxBytes)
	copy(huge, buf.Bytes())
	if _, err := ReadCSV(huge, 0); err == nil || !strings.HasPrefix(err.Error(), "tệp CSV quá lớn") {
		t.Errorf("huge file: %v", err)
	}
}

// TestReadCSVHostile: the exports that cost seconds and hundreds of MB
// (issue 26: 200,000 rows took 21 s and 660 MB; a field of 30 MB took
// 140 MB) stop at the bound, asserted through what was read and held,
// and the rows read until then come with the error.
func TestReadCSVHostile(t *testing.T) {
	c := campaign(t)
	header := googleCSV(false, googleHeader)
	row := []byte("10/3/2024 9:15:07,,Đắk Mil,Có\n")
	limit := RowLimit(c)
	// Each case's bytes are made in its subtest: made together up front,
	// the four (100 MB) cost more than reading them.
	for _, tc := range []struct {
		name     string
		data     func() []byte
		rows     int
		msg      string
		maxAlloc uint64
	}{
		{"200000 rows", func() []byte { return repeated(header, row, 200_000) }, limit,
			fmt.Sprintf("tệp CSV có quá nhiều dòng (hơn %d dòng, quá xa số câu trả lời có thể có): đây không phải tệp câu trả lời bình thường", limit), 4 << 20},
		{"30 MB field", func() []byte { return repeated(append(header, "10/3/2024 9:15:07,,\""...), []byte("x"), 30<<20) }, 1, "dòng 2 của tệp CSV quá dài (hơn 1048576 byte)", 8 * MaxRecord},
		{"30 MB line", func() []byte { return repeated(header, []byte("x"), 30<<20) }, 1,
			"dòng 2 của tệp CSV quá dài (hơn 1048576 byte)", 8 * MaxRecord},
		{"30 MB UTF-16", func() []byte { return repeated([]byte{0xFF, 0xFE}, []byte{'x', 0}, 15<<20) }, 0,
			"dòng 1 của tệp CSV quá dài (hơn 1048576 byte)", 8 * MaxRecord},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.data()
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			rows, err := ReadCSV(data, limit)
			runtime.ReadMemStats(&after)
			if err == nil || err.Error() != tc.msg || len(rows) != tc.rows {
				t.Fatalf("%d rows, %v; want %d rows, %q", len(rows), err, tc.rows, tc.msg)
			}
			if got := after.TotalAlloc - before.TotalAlloc; got > tc.maxAlloc {
				t.Errorf("allocated %d bytes, want at most %d", got, tc.maxAlloc)
			}
		})
	}
	if limit != minRowLimit || RowLimit(&templates.Campaign{Units: make([]templates.Unit, 10_600)}) != 106_000 {
		t.Errorf("row limits %d, %d", limit, RowLimit(&templates.Campaign{Units: make([]templates.Unit, 10_600)}))
	}
}

// repeated returns prefix followed by n copies of unit, in one allocation
// (the hostile cases are tens of MB).
func repeated(prefix, unit []byte, n int) []byte {
	b := make([]byte, len(prefix)+len(unit)*n)
	tail := b[copy(b, prefix):]
	for done := copy(tail, unit); done < len(tail); done *= 2 {
		copy(tail[done:], tail[:done])
	}
	return b
}

// TestGoogleFile reads the committed Google-style export end to end.
func TestGoogleFile(t *testing.T) {
	b, err := os.ReadFile("testdata/google.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := ReadCSV(b, 0)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := Parse(campaign(t), rows, now)
	if err != nil {
		t.Fatal(err)
	}
	want := []Submission{
		{Row: 2, Time: time.Date(2024, 3, 10, 9, 15, 7, 0, hcm), UnitText: "UBND huyện Đắk Mil",
			Values: map[string]string{"A1": "Có", "A5": "12 bài"}, Reporter: map[string]string{templates.NameReporterName: "Nguyễn Văn An"}},
		{Row: 3, Time: time.Date(2024, 3, 13, 16, 2, 59, 0, hcm), UnitText: "UBND xã Đắk Sắk",
			Values: map[string]string{"A1": "Không", "A5": "0"}, Reporter: map[string]string{}},
	}
	if !reflect.DeepEqual(ex.Submissions, want) || len(ex.Problems) != 0 {
		t.Errorf("got %+v, problems %q", ex.Submissions, ex.Problems)
	}
}

func BenchmarkParseNational(b *testing.B) {
	c := campaign(b)
	header := []string{"Dấu thời gian"}
	for _, q := range c.OnlineQuestions()[1:] {
		header = append(header, q[2])
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(header)
	for i := 0; i < 10_600; i++ {
		row := make([]string, len(header))
		row[0] = fmt.Sprintf("%d/3/2024 9:15:07", 1+i%28)
		row[1] = fmt.Sprintf("UBND xã số %d", i)
		for j := 2; j < len(row); j++ {
			row[j] = fmt.Sprint(i % 97)
		}
		w.Write(row)
	}
	w.Flush()
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rows, err := ReadCSV(data, 0)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Parse(c, rows, now); err != nil {
			b.Fatal(err)
		}
	}
}
