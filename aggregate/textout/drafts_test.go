package textout

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
	dir := filepath.Join(t.TempDir(), InvitationDir)
	date := time.Date(2023, 12, 14, 8, 0, 0, 0, time.UTC)
	written, noEmail, err := WriteInvitations(c, res.Files, dir, date)
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
	}
	// The merge's drafts: a reminder to TU01 (not reported, template
	// attached again), the feedback letter to TU05 (errors); TU02 reported
	// cleanly and gets none.
	bad := aggregatetest.UnitReport(t, c, "TU05", "tu05.xlsx", map[string]any{"A1": true, "C1": 10, "C2": 12})
	bad.Issues = aggregate.Issues{{Sheet: templates.SheetReport, Cell: "D20", Indicator: "C2", Severity: templates.SeverityError, Msg: "C2 = 12 lớn hơn C1 = 10"}}
	clean := aggregatetest.UnitReport(t, c, "TU02", "tu02.xlsx", map[string]any{"A1": true})
	s := summary.Of(aggregate.MergeReports(c, []*aggregate.Report{bad, clean}, aggregate.MergeOptions{AsOf: aggregatetest.Day(2024, 4, 10)}))
	out := filepath.Join(t.TempDir(), DraftDir)
	tplOf := func(u *templates.Unit) (string, []byte, error) {
		return templates.FileName(u), []byte("mẫu " + u.Code), nil
	}
	drafts, noEmail, err := WriteDrafts(s, out, tplOf)
	if err != nil {
		t.Fatal(err)
	}
	if len(drafts) != 2 || len(noEmail) != len(s.Missing)-1+0 {
		t.Fatalf("drafts %v, %d units without email (missing %d)", drafts, len(noEmail), len(s.Missing))
	}
	reminder, feedback := parseDraft(t, drafts[0]), parseDraft(t, drafts[1])
	if !strings.HasPrefix(reminder.Subject, "Nhắc gửi báo cáo") || len(reminder.Attachments) != 1 || string(reminder.Attachments[0].Data) != "mẫu TU01" {
		t.Errorf("reminder %q with %d attachments", reminder.Subject, len(reminder.Attachments))
	}
	if !strings.HasPrefix(feedback.Subject, "Phản hồi báo cáo") || len(feedback.Attachments) != 0 {
		t.Errorf("feedback %q", feedback.Subject)
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
