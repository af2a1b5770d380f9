package textout

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gomail "github.com/emersion/go-message/mail"

	"tonghop/aggregate"
	"tonghop/aggregate/aggregatetest"
	"tonghop/aggregate/mail"
	"tonghop/aggregate/summary"
	"tonghop/templates"
)

// Drafts are read back with the MIME library: recipient, subject, body
// and an attachment byte-identical to the template; units without an email
// are listed, never given a draft with no recipient.
func TestWriteInvitationsAndDrafts(t *testing.T) {
	c := aggregatetest.Campaign(t)
	c.ContactEmail = "stttt@daknong.gov.vn"
	c.Unit("TU01").Email = "vptu@daknong.gov.vn"
	c.Unit("TU02").Email = "btctu@daknong.gov.vn"
	c.Unit("TU05").Email = "bdvtu@daknong.gov.vn"
	gen := t.TempDir()
	res, err := templates.Generate(c, templates.GenerateOptions{OutDir: gen, Units: []string{"TU01", "TU02", "TU03"}})
	if err != nil {
		t.Fatal(err)
	}
	// Sent before the deadline, the invitation gives it; sent after it
	// (a unit added late), it asks for the report "sớm", never for a day
	// gone by. Either is dated on the province's clock.
	for _, tc := range []struct {
		date time.Time
		when string
	}{
		{time.Date(2023, 12, 14, 8, 0, 0, 0, time.UTC), "gửi lại bằng thư điện tử trước ngày 05/4/2024."},
		{time.Date(2024, 4, 8, 20, 0, 0, 0, time.UTC), "gửi lại bằng thư điện tử sớm."},
	} {
		dir := filepath.Join(t.TempDir(), InvitationDir)
		written, noEmail, err := WriteInvitations(c, res.Files, dir, tc.date)
		if err != nil {
			t.Fatal(err)
		}
		if len(written) != 2 || len(noEmail) != 1 || noEmail[0].Code != "TU03" {
			t.Fatalf("written %v, without email %v", written, noEmail)
		}
		for i, code := range []string{"TU01", "TU02"} {
			m := parseDraft(t, written[i])
			tpl, err := os.ReadFile(res.Files[i].Path)
			if err != nil {
				t.Fatal(err)
			}
			u := c.Unit(code)
			if m.From.Email != "stttt@daknong.gov.vn" || !strings.Contains(m.Subject, u.Name) || len(m.Attachments) != 1 ||
				m.Attachments[0].Name != templates.FileName(u) || !bytes.Equal(m.Attachments[0].Data, tpl) {
				t.Errorf("%s: draft from %v, subject %q, attachments %d", code, m.From, m.Subject, len(m.Attachments))
			}
			if _, off := m.Date.Zone(); off != 7*3600 || !m.Date.Equal(tc.date) {
				t.Errorf("%s: dated %s, want %s on the province's clock", code, m.Date, tc.date)
			}
			if _, body := draftText(t, written, code); !strings.Contains(body, tc.when) {
				t.Errorf("%s: the invitation lacks %q:\n%s", code, tc.when, body)
			}
		}
	}
}

// TestWriteDrafts reads the merge's drafts back with the MIME library: one
// per unit, each subject saying what the unit must do (distinct for each
// kind), dated on the province's clock, to every address the campaign
// has for the unit, else to the email its reporter wrote in its file (said
// in the notes); a unit with neither is listed, never given a draft.
func TestWriteDrafts(t *testing.T) {
	c := aggregatetest.Campaign(t)
	c.ContactEmail = "stttt@daknong.gov.vn"
	for code, email := range map[string]string{"TU01": "vptu@daknong.gov.vn", "TU02": "btctu@daknong.gov.vn; vanthu.btctu@daknong.gov.vn",
		"TU05": "ubkttu@daknong.gov.vn", "SBN01": "vpubnd@daknong.gov.vn", "BC01": "baodaknong@daknong.gov.vn"} {
		c.Unit(code).Email = email
	}
	report := func(code string, vals map[string]any, issues ...aggregate.Issue) *aggregate.Report {
		r := aggregatetest.UnitReport(t, c, code, strings.ToLower(code)+".xlsx", vals)
		r.Reporter.Date = aggregatetest.Day(2024, 4, 1)
		r.Issues = issues
		return r
	}
	errs := report("TU05", map[string]any{"A1": true, "C1": 10, "C2": 12},
		aggregate.Issue{Sheet: templates.SheetReport, Cell: "D20", Indicator: "C2", Severity: templates.SeverityError, Msg: "C2 = 12 lớn hơn C1 = 10"})
	warns := report("TU01", map[string]any{"A1": true, "A5": 900},
		aggregate.Issue{Sheet: templates.SheetReport, Cell: "D9", Indicator: "A5", Severity: templates.SeverityWarning, Msg: "A5 = 900 cao bất thường"},
		aggregate.Issue{Sheet: templates.SheetReport, Cell: "D10", Indicator: "A6", Severity: templates.SeverityWarning, Msg: "A6 cao bất thường"})
	locked := &aggregate.Report{File: aggregate.FileInfo{Path: "sbn01.xlsx", SHA256: "x"}, Unit: c.Unit("SBN01"), State: aggregate.StateRejected,
		Issues: aggregate.Issues{{Severity: templates.SeverityError, Msg: "tệp được đặt mật khẩu"}}}
	press := report("BC01", map[string]any{"A1": true})
	// Not in the campaign's emails: their reporters wrote one (TU04 a
	// valid address; TU06 something that is not one).
	fallback := report("TU04", map[string]any{"A1": true}, aggregate.Issue{Severity: templates.SeverityWarning, Indicator: "A1", Msg: "kiểm tra A1"})
	fallback.Reporter.Email = " nguyenvana@daknong.gov.vn "
	notAddress := report("TU06", map[string]any{"A1": true}, aggregate.Issue{Severity: templates.SeverityWarning, Indicator: "A1", Msg: "kiểm tra A1"})
	notAddress.Reporter.Email = "Nguyễn Văn B, 0912 345 678"
	asOf := time.Date(2024, 4, 11, 18, 30, 0, 0, time.UTC) // 12/4 01:30 in Vietnam
	s := summary.Of(aggregate.MergeReports(c, []*aggregate.Report{errs, warns, locked, press, fallback, notAddress}, nil, aggregate.MergeOptions{AsOf: asOf}))
	out := filepath.Join(t.TempDir(), DraftDir)
	tplOf := func(u *templates.Unit) (string, []byte, error) {
		return templates.FileName(u), []byte("mẫu " + u.Code), nil
	}
	d, err := WriteDrafts(&Letters{Summary: s, NewDeadline: aggregatetest.Day(2024, 4, 20)}, out, tplOf)
	if err != nil {
		t.Fatal(err)
	}
	drafts := map[string]*mail.Mail{}
	for _, p := range d.Written {
		drafts[strings.SplitN(filepath.Base(p), "_", 2)[0]] = parseDraft(t, p)
	}
	cases := []struct {
		code, subject string
		to            []string
		attachment    bool
	}{
		{"TU05", "Báo cáo có 01 lỗi, đề nghị sửa và gửi lại: ", []string{"ubkttu@daknong.gov.vn"}, false},
		{"TU01", "Đề nghị kiểm tra 02 điểm (không phải gửi lại nếu số liệu đúng): ", []string{"vptu@daknong.gov.vn"}, false},
		{"SBN01", "Đã nhận nhưng không sử dụng được tệp, đề nghị gửi lại bằng biểu mẫu Excel (.xlsx): ", []string{"vpubnd@daknong.gov.vn"}, false},
		{"TU02", "Chưa nhận được báo cáo, đề nghị gửi: ", []string{"btctu@daknong.gov.vn", "vanthu.btctu@daknong.gov.vn"}, true},
		{"BC01", "Chưa nhận được báo cáo bằng văn bản (nếu đã gửi qua hệ thống văn bản xin bỏ qua): ", []string{"baodaknong@daknong.gov.vn"}, false},
		{"TU04", "Đề nghị kiểm tra 01 điểm (không phải gửi lại nếu số liệu đúng): ", []string{"nguyenvana@daknong.gov.vn"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.code, func(t *testing.T) {
			m := drafts[tc.code]
			if m == nil {
				t.Fatalf("no draft")
			}
			if m.Subject != tc.subject+c.Subject {
				t.Errorf("subject %q, want %q", m.Subject, tc.subject+c.Subject)
			}
			to, body := draftText(t, d.Written, tc.code)
			if strings.Join(to, " ") != strings.Join(tc.to, " ") {
				t.Errorf("to %v, want %v", to, tc.to)
			}
			if got := len(m.Attachments) == 1 && string(m.Attachments[0].Data) == "mẫu "+tc.code; got != tc.attachment {
				t.Errorf("template attached: %v, want %v", got, tc.attachment)
			}
			if _, off := m.Date.Zone(); off != 7*3600 || m.Date.Day() != 12 || m.Date.Hour() != 8 {
				t.Errorf("dated %s, want 12/4/2024 08:00 +07:00", m.Date)
			}
			if !strings.Contains(body, "ngày 12 tháng 4 năm 2024") || !strings.Contains(body, "20/4/2024") {
				t.Errorf("the letter is not dated 12/4 or does not give the new deadline:\n%s", body)
			}
		})
	}
	if drafts["TU06"] != nil || drafts["TU03"] != nil {
		t.Errorf("a draft without an address: %v", d.Written)
	}
	notes := strings.Join(d.Notes(), "\n")
	for _, want := range []string{"TU04 Ban Dân vận Tỉnh ủy: chiến dịch chưa có email của đơn vị, dùng email người báo cáo ghi trong tệp: nguyenvana@daknong.gov.vn",
		"không soạn thư nháp"} {
		if !strings.Contains(notes, want) {
			t.Errorf("the notes lack %q:\n%s", want, notes)
		}
	}
}

// TestFileRecipients reads a reporter's cell as the campaign's Email cell
// is read, and falls back to the sender of the unit's mail.
func TestFileRecipients(t *testing.T) {
	for _, tc := range []struct {
		reporter, sender string
		want             []string
		from             string
	}{
		{"a.b@daknong.gov.vn", "", []string{"a.b@daknong.gov.vn"}, "email người báo cáo ghi trong tệp"},
		{" vanthu@tinhuy.daknong.vn ", "", []string{"vanthu@tinhuy.daknong.vn"}, "email người báo cáo ghi trong tệp"},
		{"Nguyễn Văn A <a@daknong.gov.vn>", "", []string{"a@daknong.gov.vn"}, "email người báo cáo ghi trong tệp"},
		{"a@daknong.gov.vn; b@daknong.gov.vn", "", []string{"a@daknong.gov.vn", "b@daknong.gov.vn"}, "email người báo cáo ghi trong tệp"},
		{"Nguyễn Văn B, 0912 345 678", "vanthu@snv.daknong.gov.vn", []string{"vanthu@snv.daknong.gov.vn"}, "địa chỉ đơn vị đã gửi thư báo cáo"},
		{"not-an-email", "", nil, ""},
		{"a@localhost", "", nil, ""},
		{"", "", nil, ""},
	} {
		r := &aggregate.Report{Reporter: aggregate.Reporter{Email: tc.reporter}}
		if tc.sender != "" {
			r.Mail = &aggregate.MailInfo{From: mail.Address{Email: tc.sender}}
		}
		got, from := fileRecipients(&aggregate.UnitResult{Report: r})
		if strings.Join(got, " ") != strings.Join(tc.want, " ") || from != tc.from {
			t.Errorf("reporter %q, sender %q: %q (%s), want %q (%s)", tc.reporter, tc.sender, got, from, tc.want, tc.from)
		}
	}
}

func parseDraft(t *testing.T, path string) *mail.Mail {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("X-Unsent: 1")) {
		t.Errorf("%s: not a draft", path)
	}
	m, err := mail.Parse(path, b, mail.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// draftText reads the recipients and the text of the draft to a unit.
func draftText(t *testing.T, paths []string, code string) (to []string, body string) {
	t.Helper()
	for _, p := range paths {
		if !strings.HasPrefix(filepath.Base(p), code+"_") {
			continue
		}
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		r, err := gomail.CreateReader(f)
		if err != nil {
			t.Fatal(err)
		}
		as, err := r.Header.AddressList("To")
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range as {
			to = append(to, a.Address)
		}
		for {
			part, err := r.NextPart()
			if err != nil {
				break
			}
			if _, ok := part.Header.(*gomail.InlineHeader); ok {
				b, _ := io.ReadAll(part.Body)
				body += string(b)
			}
		}
		return to, body
	}
	t.Fatalf("no draft to %s", code)
	return nil, ""
}
