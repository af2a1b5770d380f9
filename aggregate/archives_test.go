package aggregate

import (
	"encoding/base64"
	"fmt"
	"mime"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tonghop/aggregate/aggregatetest/returned"
	"tonghop/aggregate/archive/archivetest"
	"tonghop/templates"
)

// tnefMail is a mail as Outlook sends it in Rich Text: its attachments
// wrapped in winmail.dat.
func tnefMail(from, subject string, date time.Time, winmail []byte) []byte {
	b64 := base64.StdEncoding.EncodeToString(winmail)
	var lines []string
	for len(b64) > 76 {
		lines, b64 = append(lines, b64[:76]), b64[76:]
	}
	lines = append(lines, b64)
	return []byte(strings.ReplaceAll(fmt.Sprintf(`From: %s
To: tonghop@daknong.gov.vn
Date: %s
Subject: %s
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="ranh-gioi"

--ranh-gioi
Content-Type: text/plain; charset=utf-8

Kính gửi Sở, đơn vị gửi báo cáo kèm theo.
--ranh-gioi
Content-Type: application/ms-tnef; name="winmail.dat"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="winmail.dat"

%s
--ranh-gioi--
`, from, date.Format(time.RFC1123Z), mime.QEncoding.Encode("utf-8", subject), strings.Join(lines, "\n")), "\n", "\r\n"))
}

// TestArchivesAtOnce merges a folder of reports sent in every kind of
// container units use: .7z and password zips made by 7-Zip, RAR5 and
// RAR4, a winmail.dat in an Outlook mail, a password zip whose password
// was not given, and 42.zip. Every sender is accounted for.
func TestArchivesAtOnce(t *testing.T) {
	c := returned.Campaign(t)
	dir := t.TempDir()
	put := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fixture := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", "archives", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	at := func(d int) time.Time { return time.Date(2024, 3, d, 8, 0, 0, 0, time.UTC) }
	workbook := func(code string, d int) archivetest.Entry {
		return archivetest.Entry{Name: "Báo cáo " + code + ".xlsx", Modified: at(d),
			Data: returned.Workbook(t, c, returned.File{Unit: code, Vals: returned.Figures(c, code, d), Reported: returned.Day(2024, 3, d), Saved: at(d)})}
	}
	// UBH-661's form saved by LibreOffice (.ods) and Gnumeric (.xls), put in
	// a .7z, an AES-256 zip ("matkhau") and a ZipCrypto zip ("matkhau2") by
	// 7-Zip.
	put("Gia Nghia.7z", fixture("Gia Nghia.7z"))
	put("bao-cao-aes.zip", fixture("bao-cao-aes.zip"))
	put("bao-cao-zipcrypto.zip", fixture("bao-cao-zipcrypto.zip"))
	put("SBN03.rar", archivetest.RAR5([]archivetest.Entry{workbook("SBN03", 20)}))
	put("so-lieu.rar", archivetest.RAR4([]archivetest.Entry{workbook("SBN05", 21)}, false))
	put("thu-so-ngoai-vu.eml", tnefMail(`"Sở Ngoại vụ" <songoaivu@example.vn>`, "Báo cáo", time.Date(2024, 3, 22, 9, 0, 0, 0, vnZone),
		archivetest.TNEF([]archivetest.Entry{workbook("SBN17", 22)})))
	// SBN09 (Sở Xây dựng) sends a zip with a password nobody gave: its
	// entry's name says whose it is.
	put("bao-cao-khoa.zip", fixture("bao-cao-khoa.zip"))
	// SBN06 (Sở Công Thương) sends a photo of its report.
	put("Báo cáo Sở Công Thương.jpg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF"))
	put("42.zip", archivetest.Bomb42(5, 16, 64<<10, 4_294_967_295, false))
	put("41.zip", archivetest.Bomb42(2, 16, 64<<10, 4_294_967_295, false))

	in, err := Collect(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res := in.Merge(c, MergeOptions{AsOf: returned.Day(2024, 4, 15), Root: dir, Passwords: []string{"sai", "matkhau", "matkhau2"}})
	if d := time.Since(start); d > 10*time.Second {
		t.Logf("merge took %v", d) // a bound, not an assertion: the machine may be busy
	}
	byCode := map[string]*UnitResult{}
	for _, ur := range res.Units {
		byCode[ur.Unit.Code] = ur
	}
	ods := readFile(c, filepath.Join("ods", "testdata", "filled-libreoffice.ods"), ReadOptions{})
	for code, want := range map[string]Status{
		"UBH-661": statusOf(t, c, ods),
		"SBN03":   StatusOnTime, "SBN05": StatusOnTime, "SBN17": StatusOnTime,
		"SBN09": StatusUnreadable, "SBN06": StatusUnreadable,
	} {
		ur := byCode[code]
		if ur.Status != want {
			t.Errorf("%s: status %q, want %q", code, ur.Status.Label(), want.Label())
		}
	}
	if r := byCode["SBN17"].Report; r == nil || r.Mail == nil || !strings.Contains(r.File.Path, "winmail.dat › Báo cáo SBN17.xlsx") {
		t.Errorf("SBN17: %+v", r)
	}
	for _, fo := range res.Files {
		if r := fo.Report; strings.Contains(r.File.Path, "Gia Nghia") || strings.Contains(r.File.Path, "bao-cao-") && !strings.Contains(r.File.Path, "khoa") {
			if r.Unit == nil || r.Unit.Code != "UBH-661" {
				t.Errorf("%s: unit %v, %s", r.File.Path, r.Unit, fo.Reason)
			}
		}
	}
	// Each bomb is one file refused, saying why.
	bombs := map[string][]string{}
	for _, fo := range res.Files {
		p := filepath.ToSlash(fo.Report.File.Path)
		if strings.HasPrefix(p, "42.zip") || strings.HasPrefix(p, "41.zip") {
			bombs[p[:6]] = append(bombs[p[:6]], p+": "+fo.Reason)
			continue
		}
		if fo.Report.Unit == nil && fo.Report.Attributed == nil && fo.Report.State != StateSkipped {
			t.Errorf("%s: no unit (%s)", fo.Report.File.Path, fo.Reason)
		}
	}
	for name, want := range map[string]string{"42.zip": "lồng nhau quá 3 lớp", "41.zip": "giải nén quá lớn"} {
		if got := bombs[name]; len(got) != 1 || !strings.Contains(got[0], want) {
			t.Errorf("%s: %q, want one file refused for %q", name, got, want)
		}
	}
}

// A password zip whose password was not given, an archive deeper than
// gate.MaxNesting, a RAR cut short: each is said in words, and attributed by
// its own name or the archive's.
func TestArchiveMessages(t *testing.T) {
	c := returned.Campaign(t)
	rr := NewReader(c, ReadOptions{})
	locked, err := os.ReadFile(filepath.Join("archive", "testdata", "aes-headers.7z"))
	if err != nil {
		t.Fatal(err)
	}
	rar := archivetest.RAR5([]archivetest.Entry{{Name: "a.xlsx", Data: []byte("PK")}})
	nested := archivetest.Zip(t, "a.zip", string(archivetest.Zip(t, "b.zip", string(archivetest.Zip(t, "c.zip", string(archivetest.Zip(t, "d.txt", "x")))))))
	for _, tc := range []struct {
		name string
		data []byte
		want string
		unit string
	}{
		{"So Ngoai vu.7z", locked, "tệp nén .7z được đặt mật khẩu — chạy lại với --mat-khau", "SBN17"},
		{"SBN03.rar", rar[:len(rar)-12], "tệp nén .rar bị hỏng hoặc tải về chưa hết", "SBN03"},
		{"long.zip", nested, "lồng nhau quá 3 lớp", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reports := rr.unpack(blob{name: tc.name, data: tc.data}, 0, rr.newBudget(), rr.readBlob)
			r := reports[len(reports)-1]
			if r.State != StateRejected || len(r.Issues) == 0 || !strings.Contains(r.Issues[0].Msg, tc.want) {
				t.Fatalf("%s: %+v", r.File.Path, r.Issues)
			}
			got := ""
			if r.Attributed != nil {
				got = r.Attributed.Code
			}
			if got != tc.unit {
				t.Errorf("attributed to %q, want %q (%s)", got, tc.unit, r.Evidence)
			}
			if r.Issues[0].Severity != templates.SeverityError {
				t.Errorf("severity %v", r.Issues[0].Severity)
			}
		})
	}
}
