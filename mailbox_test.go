package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"tonghop/aggregate"
	"tonghop/aggregate/mail"
	"tonghop/aggregate/mail/mailtest"
	"tonghop/aggregate/summary"
	"tonghop/templates"
)

// TestMailboxToWorkbook is the officer's two commands on a real IMAP
// server: every returned sample workbook arrives as a mail attachment (one
// mail carrying two, one zipped, one resent), `tonghop fetch` saves the
// mails, and merging the .eml folder gives exactly the totals of merging the
// attachments saved by hand. A deadline is judged by when the mail arrived,
// and a sender that names another unit than its attachment is flagged.
func TestMailboxToWorkbook(t *testing.T) {
	srv := mailtest.Start(t)
	c, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	samples := filepath.Join("samples", "bao-cao")
	in, err := aggregate.Collect(samples, "")
	files := in.Paths
	if err != nil {
		t.Fatal(err)
	}
	vn := time.FixedZone("ICT", 7*3600)
	plain := t.TempDir() // the attachments, saved by hand
	arrive := time.Date(2024, 3, 20, 8, 0, 0, 0, vn)
	lateName := ""
	var mails int
	send := func(from string, when time.Time, atts ...mail.Attachment) {
		var b bytes.Buffer
		if err := mail.WriteDraft(&b, mail.Draft{From: mail.Address{Name: from, Email: "vanthu@example.vn"},
			To: []mail.Address{{Email: "stttt@daknong.gov.vn"}}, Subject: "Báo cáo kết quả tuyên truyền 20 năm",
			Body: "Kính gửi Sở Thông tin và Truyền thông.", Attachments: atts, Date: when.Add(-time.Minute)}); err != nil {
			t.Fatal(err)
		}
		srv.Append("INBOX", b.Bytes(), when)
		mails++
	}
	var pending []mail.Attachment
	for i, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(path)
		if err := os.WriteFile(filepath.Join(plain, fmt.Sprintf("%03d %s", i, name)), data, 0o644); err != nil {
			t.Fatal(err)
		}
		att := mail.Attachment{Name: name, Data: data}
		// Each mail arrives when its report was sent by hand: the saved
		// time, else the report's date, so that both folders tell the
		// same story of who sent what when.
		when := arrive.Add(time.Duration(i) * time.Minute)
		if r := aggregate.NewReader(c, aggregate.ReadOptions{}).ReadAll([]string{path}, 1, nil)[0]; !r.File.Saved.IsZero() {
			when = r.File.Saved.Add(time.Minute)
		} else if !r.Reporter.Date.IsZero() {
			d := r.Reporter.Date
			when = time.Date(d.Year(), d.Month(), d.Day(), 8, i%60, 0, 0, vn)
		}
		switch {
		case i == 3:
			pending = append(pending, att) // sent with the next one
			continue
		case i == 4:
			send("Văn thư", when, append(pending, att)...)
		case i == 5:
			send("Văn thư", when, mail.Attachment{Name: "bao-cao.zip", Data: zipped(t, att)})
		case i == 6:
			// The same file sent twice: one copy counts.
			send("Văn thư", when, att)
			send("Văn thư", when.Add(time.Hour), att)
		case name == "Bao cao xa Dak Sor.xls":
			// Arrives after the deadline although the report inside is
			// dated before it: the mail's time decides.
			lateName = name
			send("UBND xã Đắk Sôr", time.Date(2024, 4, 7, 9, 0, 0, 0, vn), att)
		case i == 10:
			// A sender named as another unit than its attachment's.
			send("Sở Tư pháp", when, att)
		default:
			send("Văn thư", when, att)
		}
	}
	t.Setenv("TONGHOP_IMAP_PASSWORD", srv.Password)
	inbox := t.TempDir()
	if code, msg := runFetchCmd("--imap", srv.URL("INBOX"), "--out", inbox, insecure); code != 0 {
		t.Fatalf("fetch: exit %d: %s", code, msg)
	}
	if got := len(emlFiles(t, inbox)); got != mails {
		t.Fatalf("fetched %d mails, sent %d", got, mails)
	}
	asOf := time.Date(2024, 4, 15, 0, 0, 0, 0, time.UTC)
	merge := func(dir string) (*aggregate.Result, *summary.Summary) {
		in, err := aggregate.Collect(dir, "")
		if err != nil {
			t.Fatal(err)
		}
		res := in.Merge(c, aggregate.MergeOptions{AsOf: asOf, Root: dir})
		return res, summary.Of(res)
	}
	byMail, sumMail := merge(inbox)
	byHand, sumHand := merge(plain)
	for i, ur := range byMail.Units {
		if h := byHand.Units[i]; ur.Status != h.Status && ur.Report != nil && h.Report != nil {
			t.Logf("%s: by mail %q (%s), by hand %q (%s)", ur.Unit.Code, ur.Status.Label(), ur.Report.File.Path, h.Status.Label(), h.Report.File.Path)
		}
	}
	if !reflect.DeepEqual(sumMail.Province.Totals, sumHand.Province.Totals) || sumMail.Province.Valid != sumHand.Province.Valid || sumMail.Province.Received != sumHand.Province.Received {
		t.Errorf("mail folder: %d received, %d valid, totals %v\nplain folder: %d received, %d valid, totals %v",
			sumMail.Province.Received, sumMail.Province.Valid, sumMail.Province.Totals, sumHand.Province.Received, sumHand.Province.Valid, sumHand.Province.Totals)
	}
	status := func(res *aggregate.Result, file string) (aggregate.Status, *aggregate.Report) {
		for _, ur := range res.Units {
			if ur.Report != nil && strings.HasSuffix(ur.Report.File.Path, file) {
				return ur.Status, ur.Report
			}
		}
		t.Fatalf("no unit uses %s", file)
		return 0, nil
	}
	if st, _ := status(byHand, lateName); st != aggregate.StatusOnTime {
		t.Errorf("saved by hand, %s is %q, want on time (its report date)", lateName, st.Label())
	}
	st, r := status(byMail, lateName)
	if st != aggregate.StatusLate || r.Mail == nil || r.Mail.From.Name != "UBND xã Đắk Sôr" {
		t.Errorf("by mail, %s is %q (mail %+v), want late: the mail arrived on 07/4", lateName, st.Label(), r.Mail)
	}
	// The time counted is the arrival fetch recorded (INTERNALDATE), not
	// the Date the sender's program wrote a minute earlier, and the basis
	// says so.
	if sub := r.Submission(); sub.Basis != aggregate.BasisMail || sub.Time.Minute() != 0 {
		t.Errorf("by mail, %s counted at %v (%s), want its arrival on the hour", lateName, sub.Time, sub.Basis.Label())
	}
	flagged := false
	for _, is := range byMail.Issues {
		if strings.Contains(is.Msg, "thư gửi từ Sở Tư pháp") && strings.Contains(is.Msg, "nhưng tệp đính kèm là báo cáo của") {
			flagged = true
		}
	}
	if !flagged {
		t.Error("the mail from Sở Tư pháp carrying another unit's report is not flagged")
	}
	dups := 0
	for _, fo := range byMail.Files {
		if fo.Use == aggregate.UseDuplicate {
			dups++
		}
	}
	if want := dupCount(byHand) + 1; dups != want {
		t.Errorf("%d duplicates among the mails, want %d (the resent mail)", dups, want)
	}
}

func dupCount(res *aggregate.Result) int {
	n := 0
	for _, fo := range res.Files {
		if fo.Use == aggregate.UseDuplicate {
			n++
		}
	}
	return n
}

// zipped is a .zip holding one attachment.
func zipped(t *testing.T, a mail.Attachment) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create(a.Name)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(a.Data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestForwardedMailCountsOriginalDate: a unit's report forwarded to the
// mailbox after the deadline by someone else counts when the unit sent it,
// as the forward's quoted block says, and the basis says so; the same mail
// without the block is late.
func TestForwardedMailCountsOriginalDate(t *testing.T) {
	c, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	sample := filepath.Join("samples", "bao-cao", "BC 20 nam - Dak Mil (final).xlsx")
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	vn := time.FixedZone("ICT", 7*3600)
	deadline := c.DataDeadline
	sent := time.Date(deadline.Year(), deadline.Month(), deadline.Day(), 9, 15, 0, 0, vn).AddDate(0, 0, -2)
	forwarded := sent.AddDate(0, 0, 6)
	for _, tc := range []struct {
		name  string
		body  string
		basis aggregate.Basis
	}{
		{"quoted block", "Chuyển anh chị tổng hợp.\n\n---------- Thư đã chuyển tiếp ----------\nTừ: Văn thư <vanthu@example.vn>\nNgày: " +
			sent.Format("02/01/2006 15:04") + "\nChủ đề: Báo cáo\n", aggregate.BasisForwarded},
		{"no block: the forward's own time, as its Date says", "Chuyển anh chị tổng hợp.", aggregate.BasisMailSent},
		{"no block, with its arrival", "Chuyển anh chị tổng hợp.", aggregate.BasisMail},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			var b bytes.Buffer
			if err := mail.WriteDraft(&b, mail.Draft{From: mail.Address{Name: "Văn phòng", Email: "vanphong@example.vn"},
				To: []mail.Address{{Email: "stttt@daknong.gov.vn"}}, Subject: "Fwd: Báo cáo kết quả tuyên truyền 20 năm",
				Body: tc.body, Attachments: []mail.Attachment{{Name: filepath.Base(sample), Data: data}}, Date: forwarded}); err != nil {
				t.Fatal(err)
			}
			eml := b.Bytes()
			if tc.basis == aggregate.BasisMail {
				// Saved by the mail server, or by tonghop fetch.
				eml = append([]byte("Received: by mail.daknong.gov.vn; "+forwarded.Add(time.Minute).Format(time.RFC1123Z)+"\r\n"), eml...)
			}
			if err := os.WriteFile(filepath.Join(dir, "fwd.eml"), eml, 0o644); err != nil {
				t.Fatal(err)
			}
			in, err := aggregate.Collect(dir, "")
			if err != nil {
				t.Fatal(err)
			}
			res := in.Merge(c, aggregate.MergeOptions{AsOf: forwarded.AddDate(0, 0, 1), Root: dir})
			for _, ur := range res.Units {
				if ur.Report == nil {
					continue
				}
				if ur.Submitted.Basis != tc.basis {
					t.Errorf("%s: basis %v (%s), want %v", ur.Unit.Code, ur.Submitted.Basis, ur.Submitted.Basis.Label(), tc.basis)
				}
				late := ur.Status == aggregate.StatusLate
				if late != (tc.basis != aggregate.BasisForwarded) {
					t.Errorf("%s: status %q, submitted %v", ur.Unit.Code, ur.Status.Label(), ur.Submitted.Time)
				}
				return
			}
			t.Fatal("no unit got the forwarded report")
		})
	}
}
