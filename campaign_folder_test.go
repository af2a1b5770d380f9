package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tonghop/templates"
)

// editedCampaign writes the built-in campaign, edited as an officer would
// (its title, two addresses for the unit TU01, and only the units of the
// samples the tests copy, with the districts above them and the units
// owing a written report), as dir/chien-dich.xlsx. With 8 units instead of
// 130, a merge writes 5 reminders instead of 127, each synced to disk.
func editedCampaign(t *testing.T, dir, title string) string {
	t.Helper()
	c, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	c.Title = title
	c.Unit("TU01").Email = "vptu@daknong.gov.vn; tonghop.tu@daknong.gov.vn"
	keep := map[string]bool{}
	for _, code := range append([]string{"TU01", "SBN02", "UBX-24760", "UBX-24655"}, c.WrittenReportFrom...) {
		if u := c.Unit(code); u != nil {
			keep[u.Code], keep[u.Parent] = true, true
		}
	}
	var units []templates.Unit
	for _, u := range c.Units {
		if keep[u.Code] {
			units = append(units, u)
		}
	}
	c.Units = units
	path := filepath.Join(dir, templates.CampaignFile)
	if err := templates.WriteCampaign(c, path); err != nil {
		t.Fatal(err)
	}
	return path
}

// copySamples copies the named sample reports into dir.
func copySamples(t *testing.T, dir string, names ...string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join("samples", "bao-cao", n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCampaignFolder follows an officer's campaign folder: chien-dich.xlsx
// edited beside the folder of reports received. Dropping that folder onto
// tonghop.exe, merging it and checking a file in it all use the edited
// campaign and say so; the campaign workbook in the folder merged is not
// read as a report.
func TestCampaignFolder(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	const title = "Báo cáo thử nghiệm thư mục chiến dịch"
	campaign := editedCampaign(t, root, title)
	in := filepath.Join(root, "nhan-ve")
	copySamples(t, in, "BC 20 nam - So Noi vu.xlsx", "BC Tam Thang.xlsx")
	line := "Chiến dịch: " + campaign + " (tìm thấy ở thư mục chứa thư mục báo cáo)."

	var stdout, stderr bytes.Buffer
	code := runDropped([]string{in}, nil, false, &stdout, &stderr)
	out := stdout.String() + stderr.String()
	if code != exitInvalid || !strings.Contains(out, line) || !strings.Contains(out, "Tổng hợp "+title) {
		t.Errorf("drop: exit %d, want 1, the line %q and the edited title\n%s", code, line, out)
	}

	stdout.Reset()
	stderr.Reset()
	code = run([]string{"check", filepath.Join(in, "BC Tam Thang.xlsx")}, &stdout, &stderr)
	if out := stdout.String() + stderr.String(); code == exitFatal || !strings.Contains(out, line) {
		t.Errorf("check: exit %d, want the line %q\n%s", code, line, out)
	}

	// The campaign in the folder merged itself: used, and not a report.
	copySamples(t, root, "BC 20 nam - xa Dak Sin.xlsx")
	stdout.Reset()
	stderr.Reset()
	code = run([]string{"merge", root, "--out", t.TempDir(), "--as-of", "2024-04-15"}, &stdout, &stderr)
	out = stdout.String() + stderr.String()
	if code == exitFatal || !strings.Contains(out, "Chiến dịch: "+campaign+" (tìm thấy ở thư mục báo cáo).") {
		t.Errorf("merge of the campaign's folder: exit %d\n%s", code, out)
	}
	if strings.Contains(out, templates.CampaignFile+":") {
		t.Errorf("the campaign workbook was read as a report:\n%s", out)
	}

	// --campaign wins over the folder's own.
	stdout.Reset()
	stderr.Reset()
	run([]string{"check", "--campaign", campaign, "--json", filepath.Join(in, "BC Tam Thang.xlsx")}, &stdout, &stderr)
	if !strings.Contains(stderr.String(), "(chọn bằng --campaign).") || !strings.HasPrefix(strings.TrimSpace(stdout.String()), "{") && !strings.HasPrefix(strings.TrimSpace(stdout.String()), "[") {
		t.Errorf("check --json: the campaign line must go to stderr, stdout stays JSON\nstdout %.200s\nstderr %s", stdout.String(), stderr.String())
	}
}

// TestInitNeverOverwrites: init in a folder that already holds
// chien-dich.xlsx keeps it byte for byte and writes chien-dich-2.xlsx,
// then -3; an explicit --out naming a file that exists is refused; and
// generate run in that folder uses the first file, saying so.
func TestInitNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	campaign := editedCampaign(t, dir, "Chiến dịch đã sửa")
	before, err := os.ReadFile(campaign)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"chien-dich-2.xlsx", "chien-dich-3.xlsx"} {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"init"}, &stdout, &stderr); code != exitOK {
			t.Fatalf("init: exit %d\n%s%s", code, stdout.String(), stderr.String())
		}
		if !strings.Contains(stdout.String(), "Tệp chien-dich.xlsx đã có nên được giữ nguyên; chiến dịch mới ghi vào "+want) {
			t.Errorf("init does not say it wrote %s:\n%s", want, stdout.String())
		}
		if _, err := os.Stat(want); err != nil {
			t.Error(err)
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"init", "--out", "chien-dich-2.xlsx"}, &stdout, &stderr); code != exitFatal ||
		!strings.Contains(stderr.String(), "tệp chien-dich-2.xlsx đã có; tonghop init không ghi đè") {
		t.Errorf("init --out over a file: exit %d\n%s", code, stderr.String())
	}
	if after, _ := os.ReadFile(campaign); !bytes.Equal(after, before) {
		t.Error("chien-dich.xlsx changed")
	}

	stdout.Reset()
	stderr.Reset()
	code := run([]string{"generate", "--unit", "TU01", "--out", "bieu-mau", "--eml"}, &stdout, &stderr)
	abs, _ := filepath.Abs(templates.CampaignFile)
	if code != exitOK || !strings.Contains(stdout.String(), "Chiến dịch: "+abs+" (tìm thấy ở thư mục đang làm việc).") ||
		!strings.Contains(stdout.String(), "Đã soạn 1 thư") {
		t.Errorf("generate: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
}
