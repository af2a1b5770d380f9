package templates

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"
)

func TestOnlineQuestions(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	rows := c.OnlineQuestions()
	if want := 1 + 1 + len(c.Indicators) + 5; len(rows) != want {
		t.Fatalf("%d rows, want %d", len(rows), want)
	}
	for i, tc := range []struct {
		row  int
		want []string
	}{
		{0, []string{"STT", "Mã", "Câu hỏi", "Loại câu hỏi", "Lựa chọn", "Bắt buộc", "Áp dụng cho nhóm"}},
		{2, []string{"2", "A1", "A1. Đơn vị có trang/cổng thông tin điện tử", "Trắc nghiệm: Có / Không", "Có\nKhông", "Có", "Tất cả"}},
		{4, []string{"4", "A3", "A3. Ngày đặt banner", "Ngày", "", "Không", "Tất cả"}},
		{6, []string{"6", "A5", "A5. Tin, bài về thành tựu sau 20 năm tái lập tỉnh của địa phương, đơn vị", "Trả lời ngắn (số)", "Đơn vị tính: tin, bài", "Có", "Tất cả"}},
		{15, []string{"15", "D1", "D1. Tin, bài phát trên hệ thống truyền thanh cơ sở", "Trả lời ngắn (số)", "Đơn vị tính: tin, bài", "Có", "UBH, UBX"}},
		{len(rows) - 5, []string{itoa(len(rows) - 5), NameReporterName, "Họ và tên người báo cáo", "Trả lời ngắn", "", "Có", "Tất cả"}},
		{len(rows) - 1, []string{itoa(len(rows) - 1), NameReportDate, "Ngày báo cáo", "Ngày", "", "Có", "Tất cả"}},
	} {
		if got := strings.Join(rows[tc.row], "|"); got != strings.Join(tc.want, "|") {
			t.Errorf("case %d row %d:\n got %q\nwant %q", i, tc.row, rows[tc.row], tc.want)
		}
	}
	unit := rows[1]
	if unit[1] != NameUnitName || unit[2] != UnitQuestion || unit[3] != "Menu thả xuống" {
		t.Errorf("unit question %q", unit[:4])
	}
	if choices := strings.Split(unit[4], "\n"); len(choices) != len(c.Units) || choices[0] != c.Units[0].Name {
		t.Errorf("unit choices: %d, first %q", len(choices), choices[0])
	}
}

func TestOnlineQuestionsManyUnits(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	one := c.Units[0]
	for len(c.Units) < 2000 {
		c.Units = append(c.Units, one)
	}
	unit := c.OnlineQuestions()[1]
	if unit[3] != "Trả lời ngắn" || !strings.HasPrefix(unit[4], "Ghi đúng tên đơn vị") {
		t.Errorf("unit question with 2000 units: %q", unit)
	}
}

func TestWriteOnlineQuestions(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	c.Units[0].Name = "=HYPERLINK(\"x\")"
	var buf bytes.Buffer
	if err := WriteOnlineQuestions(&buf, c); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if !bytes.HasPrefix(b, []byte("\ufeffSTT,Mã,Câu hỏi,")) || !bytes.Contains(b, []byte("\r\n")) {
		t.Fatalf("no BOM, header or CRLF: %q", b[:40])
	}
	rows, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Split(rows[1][4], "\n")[0]; got != "'=HYPERLINK(\"x\")" {
		t.Errorf("formula-like unit name written as %q", got)
	}
	if len(rows) != len(c.OnlineQuestions()) {
		t.Errorf("%d rows written", len(rows))
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
