package mail

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var ict = time.FixedZone("ICT", 7*3600)

func TestParseLooseDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Time // zero: not a date
	}{
		{"Thu, 21 Mar 2024 09:15:00 +0700", time.Date(2024, 3, 21, 9, 15, 0, 0, ict)},
		{"Thu, Mar 21, 2024 at 2:15 PM", time.Date(2024, 3, 21, 14, 15, 0, 0, ict)},
		{"Thursday, March 21, 2024 9:15 AM", time.Date(2024, 3, 21, 9, 15, 0, 0, ict)},
		{"Thursday, 21 March 2024 12:05 AM", time.Date(2024, 3, 21, 0, 5, 0, 0, ict)},
		{"Th 5, 21 thg 3, 2024 vào lúc 09:15", time.Date(2024, 3, 21, 9, 15, 0, 0, ict)},
		{"Thứ Năm, 21 tháng 3, 2024 9:15 CH", time.Date(2024, 3, 21, 21, 15, 0, 0, ict)},
		{"21/03/2024 09h15", time.Date(2024, 3, 21, 9, 15, 0, 0, ict)},
		{"Thursday, March 21, 2024 9:15 AM GMT+01:00", time.Date(2024, 3, 21, 9, 15, 0, 0, time.FixedZone("", 3600))},
		{"Ngày 21/03/2024", time.Date(2024, 3, 21, 0, 0, 0, 0, ict)},
		{"30/02/2024 09:15", time.Time{}},
		{"Smarch 21, 2024", time.Time{}},
		{"hôm qua", time.Time{}},
		{"21/03/2024 25:15", time.Time{}},
	} {
		got, ok := parseLooseDate(tc.in, ict)
		if ok != !tc.want.IsZero() || ok && !got.Equal(tc.want) {
			t.Errorf("parseLooseDate(%q) = %v, %v; want %v", tc.in, got, ok, tc.want)
		}
	}
}

// TestForwardedDate: a forward's original date, from mails written by
// Python's email package (testdata/forward/make.py) as Gmail, Outlook and
// "forward as attachment" write them, the Thunderbird-shaped fixture of
// the Parse tests, and Go-built forwards; a reply quoting the request it
// answers is no forward.
func TestForwardedDate(t *testing.T) {
	sent := time.Date(2024, 3, 21, 9, 15, 0, 0, ict)
	daksor := Address{Name: "UBND xã Đắk Sôr", Email: "daksor@daknong.gov.vn"}
	for _, tc := range []struct {
		file string
		want Original
	}{
		{"forward/gmail-vi.eml", Original{Date: sent, From: daksor, Via: ViaQuoted}},
		{"forward/gmail-en.eml", Original{Date: sent.Add(5 * time.Hour), From: Address{Name: "UBND xa Dak Sor", Email: "daksor@daknong.gov.vn"}, Via: ViaQuoted}},
		{"forward/outlook.eml", Original{Date: sent, From: Address{Name: "Văn thư UBND xã Đắk Sôr", Email: "daksor@daknong.gov.vn"}, Via: ViaQuoted}},
		{"forward/attached.eml", Original{Date: sent, From: daksor, Via: ViaAttached}},
		{"forward/reply.eml", Original{}},
		{"eml/forwarded.eml", Original{Date: time.Date(2024, 4, 4, 16, 5, 12, 0, ict), Via: ViaAttached}},
		{"eml/gmail.eml", Original{}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			m, err := Parse(tc.file, data, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			got := m.Original
			if tc.file == "eml/forwarded.eml" {
				got.From = Address{} // checked by TestParse
			}
			if !got.Date.Equal(tc.want.Date) || got.From != tc.want.From || got.Via != tc.want.Via {
				t.Errorf("original %+v\nwant     %+v", got, tc.want)
			}
			if strings.HasPrefix(tc.file, "forward/") && tc.file != "forward/attached.eml" && len(m.Attachments) != 1 {
				t.Errorf("%d attachments", len(m.Attachments))
			}
		})
	}
}

// TestQuotedOriginal covers the blocks in Go-built texts: each marker,
// quoted with "> ", a block without a readable date, and the cases that
// are not forwards.
func TestQuotedOriginal(t *testing.T) {
	when := time.Date(2024, 3, 21, 9, 15, 0, 0, ict)
	for _, tc := range []struct {
		name    string
		text    string
		forward bool
		want    time.Time
	}{
		{"Thunderbird", "-------- Forwarded Message --------\nSubject: BC\nDate: Thu, 21 Mar 2024 09:15:00 +0700\nFrom: a@b.vn\n", false, when},
		{"quoted with >", "> ---------- Forwarded message ---------\n> From: a@b.vn\n> Date: Thu, Mar 21, 2024 at 9:15 AM\n", false, when},
		{"Original Message with a forward subject", "FYI\n-----Original Message-----\nFrom: a@b.vn\nSent: Thursday, March 21, 2024 9:15 AM\n", true, when},
		{"Original Message in a reply", "OK\n-----Original Message-----\nFrom: a@b.vn\nSent: Thursday, March 21, 2024 9:15 AM\n", false, time.Time{}},
		{"Outlook block in a reply", "OK\n\nFrom: a@b.vn\nSent: Thursday, March 21, 2024 9:15 AM\n", false, time.Time{}},
		{"forward block without a date", "---------- Forwarded message ---------\nFrom: a@b.vn\n\n-----Original Message-----\nSent: Monday, March 4, 2024 8:00 AM\n", true, time.Time{}},
		{"the first block counts", "---------- Forwarded message ---------\nDate: Thu, 21 Mar 2024 09:15:00 +0700\n\n---------- Forwarded message ---------\nDate: Mon, 4 Mar 2024 08:00:00 +0700\n", false, when},
		{"a date line far below the marker", "---------- Forwarded message ---------\n" + strings.Repeat("x\n", 20) + "Date: Thu, 21 Mar 2024 09:15:00 +0700\n", false, time.Time{}},
	} {
		got := quotedOriginal(tc.text, tc.forward, ict)
		if !got.Date.Equal(tc.want) || (got.Via == ViaQuoted) != !tc.want.IsZero() {
			t.Errorf("%s: %+v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestForwardedDateGoBuilt: a forward written by WriteDraft (the original
// as the attached .eml of a draft is not a forward; its quoted text is).
func TestForwardedDateGoBuilt(t *testing.T) {
	var b strings.Builder
	d := Draft{From: Address{Name: "Văn phòng", Email: "vp@daknong.gov.vn"}, To: []Address{{Email: "baocao@daknong.gov.vn"}},
		Subject: "Fwd: Báo cáo", Date: time.Date(2024, 3, 25, 10, 0, 0, 0, ict),
		Body:        "---------- Thư đã chuyển tiếp ----------\nTừ: UBND xã Đắk Sôr <daksor@daknong.gov.vn>\nNgày: 21/03/2024 09:15\n",
		Attachments: []Attachment{{Name: "BC.xlsx", Data: []byte("PK\x03\x04")}}}
	if err := WriteDraft(&b, d); err != nil {
		t.Fatal(err)
	}
	m, err := Parse("fwd.eml", []byte(b.String()), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2024, 3, 21, 9, 15, 0, 0, ict); !m.Original.Date.Equal(want) || m.Original.From.Email != "daksor@daknong.gov.vn" {
		t.Errorf("original %+v, want %v from daksor@", m.Original, want)
	}
}
