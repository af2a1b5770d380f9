package mail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"tonghop/aggregate/gate"
	"tonghop/aggregate/mail/mailtest"
)

// TestFetchLibrary drives Fetch against Dovecot: file names in a given
// time zone, clashing names, a mail over the size limit, progress calls,
// a folder with a Vietnamese name, and a mail that is not MIME at all.
func TestFetchLibrary(t *testing.T) {
	srv := mailtest.Start(t)
	vn := time.FixedZone("ICT", 7*3600)
	arrived := time.Date(2024, 4, 5, 23, 59, 30, 0, vn)
	draft := func(subject string, size int) []byte {
		var b bytes.Buffer
		d := Draft{
			From:        Address{Name: "UBND xã Quảng Sơn", Email: "quangson@daknong.gov.vn"},
			To:          []Address{{Email: "stttt@daknong.gov.vn"}},
			Subject:     subject,
			Attachments: []Attachment{{Name: "BC.xlsx", Data: bytes.Repeat([]byte("x"), size)}},
			Date:        arrived.Add(-time.Duration(size) * time.Second),
		}
		if err := WriteDraft(&b, d); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	folder := "Báo cáo/2024"
	same1, same2 := draft("Báo cáo: 20 năm?", 10), draft("Báo cáo: 20 năm?", 11)
	big := draft("Tệp quá lớn", 200<<10)
	raw := []byte("From: someone\r\n\r\nkhông có tiêu đề\r\n")
	for _, m := range [][]byte{same1, same2, big, raw} {
		srv.Append(folder, m, arrived)
	}
	out := filepath.Join(t.TempDir(), "thư")
	var calls []string
	res, err := Fetch(context.Background(), FetchOptions{
		URL: srv.URL(folder), Password: srv.Password, Out: out, Insecure: true,
		Location: vn, MaxSize: 100 << 10,
		Progress: func(done, total int) { calls = append(calls, fmt.Sprintf("%d/%d", done, total)) },
	})
	if err != nil {
		t.Fatal(err)
	}
	wantSaved := []string{
		"2024-04-05 23.59 - UBND xã Quảng Sơn - Báo cáo_ 20 năm_.eml",
		"2024-04-05 23.59 - UBND xã Quảng Sơn - Báo cáo_ 20 năm_ (2).eml",
		"2024-04-05 23.59 - someone.eml",
	}
	if fmt.Sprint(res.Saved) != fmt.Sprint(wantSaved) {
		t.Errorf("saved %q\nwant %q", res.Saved, wantSaved)
	}
	// Named by its subject, sender and arrival, and never downloaded.
	wantSkipped := "thư “Tệp quá lớn” của UBND xã Quảng Sơn đến lúc 23:59 ngày 05/04/2024 (UID 3) dài " + gate.ByteSize(int64(len(big))) +
		", vượt giới hạn 100 KB: không tải; hãy mở thư này bằng chương trình đọc thư và lưu tệp đính kèm"
	if len(res.Skipped) != 1 || res.Skipped[0] != wantSkipped {
		t.Errorf("skipped %q, want %q", res.Skipped, wantSkipped)
	}
	if fmt.Sprint(calls) != "[1/3 2/3 3/3]" {
		t.Errorf("progress %v", calls)
	}
	// Each mail as sent, below the Received field fetch writes for its
	// arrival (read back as the mail's Received).
	for i, m := range [][]byte{same1, same2, raw} {
		got, err := os.ReadFile(filepath.Join(out, wantSaved[i]))
		head, body, _ := bytes.Cut(got, []byte("\r\n"))
		if err != nil || !bytes.HasPrefix(head, []byte("Received: by tonghop fetch; ")) || !bytes.Equal(body, m) {
			t.Errorf("%s: %v, bytes equal %v", wantSaved[i], err, bytes.Equal(body, m))
		}
		if p, err := Parse(wantSaved[i], got, Limits{}); err != nil || p.Received.IsZero() {
			t.Errorf("%s: arrival not read back (%v)", wantSaved[i], err)
		}
	}

	// A folder that cannot be created is ErrSave.
	file := filepath.Join(t.TempDir(), "tep")
	os.WriteFile(file, nil, 0o644)
	_, err = Fetch(context.Background(), FetchOptions{URL: srv.URL(folder), Password: srv.Password, Out: filepath.Join(file, "thu"), Insecure: true})
	if want := `không lưu được thư (máy chủ ` + srv.TLSAddr + `, thư mục "Báo cáo/2024") (chi tiết kỹ thuật: mkdir ` + file + `: not a directory)`; err == nil || err.Error() != want || !errors.Is(err, ErrSave) {
		t.Errorf("error %v\nwant %s", err, want)
	}

	// A wrong password is a FetchError of kind ErrLogin.
	_, err = Fetch(context.Background(), FetchOptions{URL: srv.URL(folder), Password: "sai", Out: out, Insecure: true})
	var fe *FetchError
	if !errors.As(err, &fe) || !errors.Is(err, ErrLogin) || fe.Folder != folder {
		t.Errorf("error %v", err)
	}
}
