package aggregate

import (
	"testing"
	"time"
)

// TestSubmission derives each basis of a submission time, strongest
// first: a late online form's answer is told by its timestamp, never by the
// file's time.
func TestSubmission(t *testing.T) {
	at := func(d int) time.Time { return time.Date(2024, 4, d, 3, 0, 0, 0, time.UTC) }
	tests := []struct {
		name  string
		r     Report
		want  Submission
		label string
	}{
		{"mail first", Report{Mail: &MailInfo{Date: at(1)}, Sent: at(2), Reporter: Reporter{Date: at(3)}, File: FileInfo{Saved: at(4), ModTime: at(5)}},
			Submission{at(1), BasisMail}, "thời điểm thư đến hộp thư"},
		{"a mail that says nothing of its arrival: its Date, called so", Report{Mail: &MailInfo{Date: at(1), DateSent: true}, Sent: at(2)},
			Submission{at(1), BasisMailSent}, "thời điểm gửi ghi trong thư"},
		{"forwarded: the original's date", Report{Mail: &MailInfo{Date: at(6), Original: at(1)}, Sent: at(2)},
			Submission{at(1), BasisForwarded}, "ngày gửi của thư gốc (thư chuyển tiếp)"},
		{"form timestamp", Report{Channel: ChannelForm, Sent: at(2), File: FileInfo{ModTime: at(5)}},
			Submission{at(2), BasisForm}, "thời điểm gửi câu trả lời biểu mẫu trực tuyến"},
		{"letter date", Report{Channel: ChannelWritten, Sent: at(2), File: FileInfo{Saved: at(4)}},
			Submission{at(2), BasisLetterDate}, "ngày ghi trên báo cáo bằng văn bản"},
		{"report date", Report{Reporter: Reporter{Date: at(3)}, File: FileInfo{Saved: at(4)}},
			Submission{at(3), BasisReportDate}, "ngày báo cáo ghi trong tệp"},
		{"saved", Report{File: FileInfo{Saved: at(4), ModTime: at(5)}},
			Submission{at(4), BasisSaved}, "thời điểm lưu bảng tính"},
		{"file time", Report{File: FileInfo{ModTime: at(5)}},
			Submission{at(5), BasisFileTime}, "thời điểm sửa tệp"},
		{"none", Report{}, Submission{}, "không rõ thời điểm gửi"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.r.Submission()
			if !got.Time.Equal(tc.want.Time) || got.Basis != tc.want.Basis || got.Basis.Label() != tc.label {
				t.Errorf("Submission = %v %v (%s), want %v %v (%s)", got.Time, got.Basis, got.Basis.Label(), tc.want.Time, tc.want.Basis, tc.label)
			}
		})
	}
}
