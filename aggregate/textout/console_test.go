package textout

import (
	"bytes"
	"strings"
	"testing"
	"tonghop/aggregate/aggregatetest"
	"tonghop/aggregate/summary"
)

func TestWriteConsole(t *testing.T) {
	res := aggregatetest.Sample(t)
	var buf bytes.Buffer
	if err := WriteConsole(&buf, &Letters{Summary: summary.Of(res)}, []string{"output/tong-hop.xlsx", "output/bao-cao-tong-hop.pdf"}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	lines := strings.Split(out, "\n")
	find := func(prefix string) string {
		for _, l := range lines {
			if strings.HasPrefix(strings.TrimLeft(l, "| "), prefix) {
				return l
			}
		}
		t.Fatalf("no line starting with %q in\n%s", prefix, out)
		return ""
	}
	cells := func(l string) []string {
		var out []string
		for _, f := range strings.Split(strings.Trim(l, "| "), "|") {
			out = append(out, strings.TrimSpace(f))
		}
		return out
	}
	cases := []struct {
		name string
		row  string
		want []string
	}{
		{"header", "Nhóm", []string{"Nhóm", "Phải báo cáo", "Đã gửi", "Hợp lệ", "Có lỗi", "Muộn", "Chưa báo cáo"}},
		{"group", "Các cơ quan tham mưu", []string{"Các cơ quan tham mưu, giúp việc", "6", "5", "4", "1", "2", "1"}},
		{"province", "Toàn tỉnh", []string{"Toàn tỉnh", "130", "7", "6", "1", "2", "123"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := cells(find(tc.row))
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("row %q, want %q", got, tc.want)
			}
		})
	}
	for _, want := range []string{
		"tệp “hong.xlsx”: không dùng được, không rõ của đơn vị nào: tệp không phải là bảng tính Excel",
		"Theo hồ sơ nhận được, 13/13 đơn vị phải gửi báo cáo bằng văn bản chưa gửi",
		"TU03 Ban Tuyên giáo Tỉnh ủy; SBN13 Sở Văn hóa, Thể thao và Du lịch; BC01 Báo Đắk Nông;",
		"Hạn gửi số liệu đã qua: thư nhắc và thư phản hồi đề nghị đơn vị gửi “sớm”",
		"TU05 Ủy ban Kiểm tra Tỉnh ủy (ô DC2): C2 lớn hơn C1",
		"123 đơn vị chưa báo cáo",
		"2 đơn vị nộp muộn",
		"  output/bao-cao-tong-hop.pdf",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "~$tu01.xlsx") {
		t.Errorf("a skipped lock file is listed as a problem:\n%s", out)
	}
}
