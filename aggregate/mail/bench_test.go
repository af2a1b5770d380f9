package mail

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"tonghop/aggregate/mail/mailtest"
)

// BenchmarkParse parses a Thunderbird-shaped mail carrying a 1 MiB workbook.
func BenchmarkParse(b *testing.B) {
	var buf bytes.Buffer
	d := sampleDraft()
	d.Attachments[0].Data = bytes.Repeat([]byte("PK\x03\x04 dữ liệu"), 1<<16)
	if err := WriteDraft(&buf, d); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("x.eml", buf.Bytes(), Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFetch fetches a province's returns from Dovecot: 130 mails of
// about 140 KB each (a 100 KB workbook in base64), into a fresh folder.
func BenchmarkFetch(b *testing.B) {
	srv := mailtest.Start(b)
	var total int64
	for i := 0; i < 130; i++ {
		var buf bytes.Buffer
		d := sampleDraft()
		d.Subject = fmt.Sprintf("Báo cáo đơn vị %03d", i)
		d.Attachments = []Attachment{{Name: "BC.xlsx", Data: bytes.Repeat([]byte{byte(i)}, 100<<10)}}
		d.Date = d.Date.Add(time.Duration(i) * time.Minute)
		if err := WriteDraft(&buf, d); err != nil {
			b.Fatal(err)
		}
		total += int64(buf.Len())
		srv.Append("INBOX", buf.Bytes(), d.Date)
	}
	b.SetBytes(total)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		out := filepath.Join(b.TempDir(), fmt.Sprint(i))
		res, err := Fetch(context.Background(), FetchOptions{URL: srv.URL("INBOX"), Password: srv.Password, Out: out, Insecure: true})
		if err != nil || len(res.Saved) != 130 {
			b.Fatalf("%v, %d saved", err, len(res.Saved))
		}
		b.StopTimer()
		os.RemoveAll(out)
		b.StartTimer()
	}
}
