package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tonghop/templates"
)

// TestFindCampaign checks where a campaign is found without --campaign, in
// folders laid out as an officer's: the campaign beside the folder of
// reports, in it, in the working folder or beside tonghop.exe; and that a
// subfolder's own campaign (samples/hai-cap) is never taken for the folder
// above it.
func TestFindCampaign(t *testing.T) {
	tests := []struct {
		name      string
		campaigns []string // folders (under the case's root) holding chien-dich.xlsx
		// folderNamed are folders holding a folder named chien-dich.xlsx.
		folderNamed []string
		flag        string   // --campaign, relative to the root
		inputs      []string // folders or files given, relative to the root
		wd, exe     string   // working folder and tonghop.exe's folder
		want        string   // folder of the campaign used, "" for the built-in
		where       string
	}{
		{name: "flag wins over every folder", campaigns: []string{"cd", "cd/nhan-ve", "wd", "exe"}, flag: "khac.xlsx",
			inputs: []string{"cd/nhan-ve"}, wd: "wd", exe: "exe", want: "khac.xlsx", where: "chọn bằng --campaign"},
		{name: "beside the dropped folder", campaigns: []string{"cd", "wd", "exe"},
			inputs: []string{"cd/nhan-ve"}, wd: "wd", exe: "exe", want: "cd", where: "thư mục chứa thư mục báo cáo"},
		{name: "in the dropped folder before its parent", campaigns: []string{"cd", "cd/nhan-ve"},
			inputs: []string{"cd/nhan-ve"}, wd: "wd", exe: "exe", want: "cd/nhan-ve", where: "tìm thấy ở thư mục báo cáo"},
		{name: "a file's folder", campaigns: []string{"cd/nhan-ve"},
			inputs: []string{"cd/nhan-ve/a.xlsx"}, wd: "wd", exe: "exe", want: "cd/nhan-ve", where: "thư mục báo cáo"},
		{name: "a file's folder's parent", campaigns: []string{"cd"},
			inputs: []string{"cd/nhan-ve/a.xlsx"}, wd: "wd", exe: "exe", want: "cd", where: "thư mục chứa"},
		{name: "working folder when the inputs have none", campaigns: []string{"wd", "exe"},
			inputs: []string{"cd/nhan-ve"}, wd: "wd", exe: "exe", want: "wd", where: "thư mục đang làm việc"},
		{name: "generate: working folder", campaigns: []string{"wd", "exe"}, wd: "wd", exe: "exe", want: "wd"},
		{name: "beside tonghop.exe last", campaigns: []string{"exe"},
			inputs: []string{"cd/nhan-ve"}, wd: "wd", exe: "exe", want: "exe", where: "thư mục có tonghop.exe"},
		{name: "several inputs: the first that has one", campaigns: []string{"b"},
			inputs: []string{"a/x.xlsx", "b/y.xlsx"}, wd: "wd", exe: "exe", want: "b"},
		{name: "a subfolder's own campaign is not the folder's (merge samples)", campaigns: []string{"samples/hai-cap"},
			inputs: []string{"samples"}, wd: ".", exe: "exe", want: ""},
		{name: "that subfolder given itself uses its own", campaigns: []string{"samples/hai-cap"},
			inputs: []string{"samples/hai-cap/bao-cao"}, wd: ".", exe: "exe", want: "samples/hai-cap"},
		{name: "a folder named chien-dich.xlsx is no campaign", folderNamed: []string{"cd", "wd"},
			inputs: []string{"cd/nhan-ve"}, wd: "wd", exe: "exe", want: ""},
		{name: "nothing anywhere: built-in", inputs: []string{"cd/nhan-ve"}, wd: "wd", exe: "exe", want: ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			for _, d := range []string{"cd/nhan-ve", "wd", "exe", "a", "b", "samples/hai-cap/bao-cao"} {
				if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			for _, d := range tc.folderNamed {
				if err := os.Mkdir(filepath.Join(root, d, templates.CampaignFile), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			for _, d := range tc.campaigns {
				if err := os.WriteFile(filepath.Join(root, d, templates.CampaignFile), []byte("x"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var inputs []string
			for _, in := range tc.inputs {
				inputs = append(inputs, filepath.Join(root, in))
			}
			flag := ""
			if tc.flag != "" {
				flag = filepath.Join(root, tc.flag)
			}
			got := findCampaign(flag, inputs, filepath.Join(root, tc.wd), filepath.Join(root, tc.exe))
			want := ""
			switch {
			case tc.flag != "":
				want = flag
			case tc.want != "":
				want = filepath.Join(root, tc.want, templates.CampaignFile)
			}
			if got.path != want {
				t.Errorf("campaign %q, want %q", got.path, want)
			}
			if !strings.Contains(got.line(), tc.where) {
				t.Errorf("line %q lacks %q", got.line(), tc.where)
			}
			if want == "" && !strings.Contains(got.line(), "chiến dịch có sẵn") {
				t.Errorf("line %q does not say the built-in campaign is used", got.line())
			}
		})
	}
}
