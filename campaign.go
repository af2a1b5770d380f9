package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"tonghop/templates"
)

// The campaign folder: an officer keeps chien-dich.xlsx (written by
// `tonghop init`) in the folder of the campaign, and every command — and a
// folder dropped onto tonghop.exe, which cannot give --campaign — finds it
// there without a flag.

// campaignUsage is the help of every command's --campaign.
const campaignUsage = "`TỆP` chiến dịch .xlsx; không ghi thì dùng " + templates.CampaignFile + " tìm thấy đầu tiên ở thư mục báo cáo,\n" +
	"thư mục chứa nó, thư mục đang làm việc, thư mục có tonghop.exe; không có thì chiến dịch có sẵn"

// campaignChoice is the campaign a command runs with: a file, or the
// built-in campaign when path is "", and where it was found.
type campaignChoice struct {
	path  string
	where string // where it was found: "--campaign", "thư mục báo cáo", …
	// looked names the folders searched without finding a campaign, for
	// the line that says the built-in one is used.
	looked []string
}

// campaignDirs are the places a campaign is looked for without --campaign,
// most specific first:
//  1. each input's folder (the folder given or dropped, or the folder of a
//     file given) and then its parent: a campaign folder holds
//     chien-dich.xlsx beside the folder of reports received (nhan-ve\);
//  2. the working folder, where `tonghop init` wrote it;
//  3. the folder of tonghop.exe, for an officer who keeps both together.
//
// The inputs come before the working folder so that a folder of another
// campaign, given by its path, is read with that campaign's own file
// (merge samples/hai-cap from the repository's root). Nothing below an
// input is looked in: a subfolder holding its own chien-dich.xlsx is
// another campaign's, which Collect skips (templates.CampaignFile), so
// `merge samples` keeps the built-in campaign although samples/hai-cap
// holds one.
func campaignDirs(inputs []string, wd, exeDir string) []campaignDir {
	var dirs []campaignDir
	seen := map[string]bool{}
	add := func(dir, where string) {
		if dir == "" {
			return
		}
		abs, err := filepath.Abs(dir)
		if err != nil || seen[abs] {
			return
		}
		seen[abs] = true
		dirs = append(dirs, campaignDir{abs, where})
	}
	for _, in := range inputs {
		dir := in
		if st, err := os.Stat(in); err != nil || !st.IsDir() {
			dir = filepath.Dir(in)
		}
		abs, err := filepath.Abs(dir)
		if err != nil {
			continue
		}
		add(abs, "thư mục báo cáo")
		if parent := filepath.Dir(abs); parent != abs {
			add(parent, "thư mục chứa thư mục báo cáo")
		}
	}
	add(wd, "thư mục đang làm việc")
	add(exeDir, "thư mục có tonghop.exe")
	return dirs
}

// campaignDir is one folder a campaign is looked for in.
type campaignDir struct{ dir, where string }

// findCampaign chooses the campaign: the file given by --campaign (flag),
// else the first chien-dich.xlsx of campaignDirs, else the built-in one.
func findCampaign(flag string, inputs []string, wd, exeDir string) campaignChoice {
	if flag != "" {
		abs, err := filepath.Abs(flag)
		if err != nil {
			abs = flag
		}
		return campaignChoice{path: abs, where: "chọn bằng --campaign"}
	}
	var looked []string
	for _, d := range campaignDirs(inputs, wd, exeDir) {
		p := filepath.Join(d.dir, templates.CampaignFile)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return campaignChoice{path: p, where: "tìm thấy ở " + d.where}
		}
		if !slices.Contains(looked, d.where) {
			looked = append(looked, d.where)
		}
	}
	return campaignChoice{looked: looked}
}

// line is the one line telling the officer which campaign is used.
func (c campaignChoice) line() string {
	if c.path == "" {
		return fmt.Sprintf("Chiến dịch: chiến dịch có sẵn (không có tệp %s ở %s).", templates.CampaignFile, vnList(c.looked))
	}
	return fmt.Sprintf("Chiến dịch: %s (%s).", c.path, c.where)
}

// chooseCampaign finds the campaign for a command whose inputs are the
// given paths (none for generate), prints which one is used on w and
// loads it, printing every problem on stderr on failure.
func chooseCampaign(flag string, inputs []string, w, stderr io.Writer) (*templates.Campaign, bool) {
	wd, _ := os.Getwd()
	exeDir := ""
	if exe, err := os.Executable(); err == nil {
		exeDir = filepath.Dir(exe)
	}
	choice := findCampaign(flag, inputs, wd, exeDir)
	fmt.Fprintln(w, choice.line())
	c, err := templates.Load(choice.path)
	if err != nil {
		fmt.Fprintf(stderr, "tonghop: %v\n", err)
		if flag == "" && choice.path != "" {
			fmt.Fprintf(stderr, "Sửa tệp %s rồi chạy lại, hoặc chọn tệp chiến dịch khác bằng --campaign TỆP.\n", choice.path)
		}
		return nil, false
	}
	return c, true
}

// vnList joins words as a sentence does: "a, b hay c".
func vnList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " hay " + words[len(words)-1]
}
