package aggregate

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"tonghop/aggregate/gate"
	"tonghop/aggregate/infile"
	"tonghop/aggregate/mail"
	"tonghop/templates"
	"tonghop/templates/vn"
)

// Spreadsheet file extensions handed to the reader; any other file is read
// only when its first bytes say it is a workbook.
var workbookExts = map[string]bool{
	".xlsx": true, ".xlsm": true, ".xltx": true, ".xltm": true,
	".xls": true, ".xlsb": true, ".ods": true, ".fods": true,
	// Mails saved from the mailbox and archives: read as the files inside.
	// A winmail.dat saved on its own is told by its first bytes.
	".eml": true, ".msg": true, ".zip": true, ".rar": true, ".7z": true,
	// The online form's responses, downloaded.
	".csv": true, ".tsv": true,
	// Written reports.
	".docx": true, ".doc": true, ".odt": true, ".pdf": true,
	// Photos and scans of a report: nothing is read from them, but a unit
	// that sent one has sent something (issue 23): it is listed, and
	// attributed by its name or its mail.
	".jpg": true, ".jpeg": true, ".png": true, ".heic": true, ".tif": true, ".tiff": true,
}

// What Collect walks, bounded (issue 16): the folders inside root, at most
// gate.MaxWalkDepth levels deep and gate.MaxWalkEntries entries in all, each
// entry looked at once (no per-entry resolution of the whole path, so
// the work is linear in the entries). A link to a file is followed
// wherever it points: a file costs at most its read budget. A link to a
// folder is never followed: one inside root names a folder read directly
// (or a loop back to it), and one outside could lead anywhere, up to the
// whole disk.

// Input is a folder's files as Collect found them.
type Input struct {
	Root    string        // the folder; paths in the result are shown relative to it
	Paths   []string      // the files to read, sorted
	Skipped []FileOutcome // the files seen but not read, with why: the result lists them
}

// Collect finds the files under root to merge, recursively, sorted by
// path. It never enters outDir (our own outputs) nor follows a link to a
// folder, and returns the files it will not read — office lock files,
// files that are not spreadsheets, links to folders, folders nested too
// deep — with the reason. err is set only when root itself cannot be
// read, or holds more than gate.MaxWalkEntries entries.
//
// It is long because each kind of entry (folder, link, pipe, lock file, other file) gets its own decision and reason.
func Collect(root, outDir string) (Input, error) {
	var (
		paths   []string
		skipped []FileOutcome
	)
	st, err := os.Stat(root)
	if err != nil {
		if os.IsNotExist(err) {
			return Input{}, fmt.Errorf("không có thư mục %s", root)
		}
		return Input{}, fmt.Errorf("không đọc được thư mục %s: %w", root, err)
	}
	if !st.IsDir() {
		return Input{}, fmt.Errorf("%s không phải là thư mục", root)
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return Input{}, fmt.Errorf("không đọc được thư mục %s: %w", root, err)
	}
	out := outFolderOf(outDir, runtime.GOOS)
	if out.is(root, st) {
		return Input{}, fmt.Errorf("thư mục %s là thư mục kết quả; hãy chọn thư mục chứa các báo cáo đơn vị gửi về, hoặc ghi kết quả nơi khác (--out)", root)
	}
	skip := func(path string, info fs.FileInfo, reason string) {
		r := &Report{File: FileInfo{Path: path}}
		if info != nil {
			r.File.Size = info.Size()
			r.File.ModTime = info.ModTime()
		}
		skipped = append(skipped, FileOutcome{Report: skippedFile(r, reason), Use: UseRejected, Reason: reason})
	}
	entries := 0
	var walk func(dir, real string, depth int) error
	walk = func(dir, real string, depth int) error {
		ents, err := os.ReadDir(dir)
		if err != nil {
			if dir == root {
				return fmt.Errorf("không đọc được thư mục %s: %w", root, err)
			}
			skip(dir, nil, "không mở được thư mục: "+osErr(err))
			return nil
		}
		if entries += len(ents); entries > gate.MaxWalkEntries {
			return fmt.Errorf("thư mục %s có hơn %s tệp và thư mục con: hãy chọn đúng thư mục chứa các báo cáo đơn vị gửi về", root, vn.Int(gate.MaxWalkEntries))
		}
		for _, e := range ents {
			path := filepath.Join(dir, e.Name())
			if e.Type()&(fs.ModeSymlink|fs.ModeIrregular) != 0 {
				// A link, or a Windows junction: followed to a file only.
				info, err := os.Stat(path)
				switch {
				case err != nil:
					skip(path, nil, "liên kết hỏng hoặc không đọc được tệp")
					continue
				case info.IsDir():
					skip(path, nil, linkToFolder(path, real, realRoot))
					continue
				}
				collectFile(path, e.Name(), info, &paths, skip)
				continue
			}
			info, err := e.Info()
			if err != nil {
				skip(path, nil, "không đọc được tệp: "+osErr(err))
				continue
			}
			if !info.IsDir() {
				collectFile(path, e.Name(), info, &paths, skip)
				continue
			}
			switch {
			case out.is(path, info):
				continue // our own outputs
			case campaignFolder(path):
				skip(path, info, "thư mục riêng của một chiến dịch (có tệp "+templates.CampaignFile+"), không đọc cùng: muốn tổng hợp chiến dịch đó, chạy tonghop merge trên thư mục này (tệp chiến dịch của nó được dùng)")
				continue
			case depth >= gate.MaxWalkDepth:
				skip(path, info, fmt.Sprintf("thư mục lồng quá sâu (hơn %d cấp), không đọc: hãy chép các báo cáo ra thư mục nông hơn", gate.MaxWalkDepth))
				continue
			}
			if err := walk(path, filepath.Join(real, e.Name()), depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(root, realRoot, 0); err != nil {
		return Input{}, err
	}
	sort.Strings(paths)
	sort.Slice(skipped, func(i, j int) bool { return skipped[i].Report.File.Path < skipped[j].Report.File.Path })
	return Input{Root: root, Paths: paths, Skipped: skipped}, nil
}

// outFolder is the output folder as Collect recognises it while walking:
// by file identity, and by its cleaned absolute path, because a volume
// that gives no file IDs (FAT32 and exFAT USB sticks on Windows, Wine's
// drives) makes os.SameFile false for every ReadDir entry, and a second
// run would read the first one's outputs back as reports.
type outFolder struct {
	info fs.FileInfo // nil when there is no output folder yet
	abs  string      // "" when there is no output folder
	fold bool        // names compare case-insensitively (Windows)
}

// outFolderOf describes outDir ("" for none) on the system goos.
func outFolderOf(outDir, goos string) outFolder {
	if outDir == "" {
		return outFolder{}
	}
	o := outFolder{fold: goos == "windows"}
	o.info, _ = os.Stat(outDir)
	o.abs, _ = filepath.Abs(outDir)
	return o
}

// is reports whether the folder at path, described by info, is the
// output folder.
func (o outFolder) is(path string, info fs.FileInfo) bool {
	if o.info != nil && info != nil && os.SameFile(info, o.info) {
		return true
	}
	if o.abs == "" {
		return false
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	if o.fold {
		return strings.EqualFold(abs, o.abs)
	}
	return abs == o.abs
}

// collectFile adds a file found by Collect to paths, or lists it as
// skipped with the reason.
func collectFile(path, name string, info fs.FileInfo, paths *[]string, skip func(string, fs.FileInfo, string)) {
	if !info.Mode().IsRegular() {
		// A pipe or a device would block or never end: listed, never
		// opened.
		skip(path, info, "không phải tệp thông thường (ống dẫn, thiết bị…), bỏ qua")
		return
	}
	if ownFile(name) {
		return // like the output folder: tonghop's, not a report
	}
	if reason := notReadable(path, name); reason != "" {
		skip(path, info, reason)
		return
	}
	*paths = append(*paths, path)
}

// ownFile reports whether a file found while collecting is one tonghop
// keeps itself among the reports, never one a unit sent: fetch's state
// beside the mails it saved (mail.StateFile, a dot file that is not the
// system's), and the campaign workbook of a folder merged with it, which
// the command names as its campaign. A subfolder holding a campaign
// workbook is skipped whole (campaignFolder).
func ownFile(name string) bool {
	return name == mail.StateFile || strings.EqualFold(name, templates.CampaignFile)
}

// linkToFolder says why the link at path (in the folder whose real path
// is dirReal) to a folder is not followed.
func linkToFolder(path, dirReal, realRoot string) string {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "liên kết hỏng hoặc không đọc được tệp"
	}
	switch {
	case within(target, dirReal):
		return "liên kết trỏ về thư mục đã đọc (vòng lặp), bỏ qua"
	case within(realRoot, target):
		return "liên kết tới một thư mục đã được đọc trực tiếp, bỏ qua"
	}
	return "liên kết (lối tắt) tới thư mục nằm ngoài thư mục báo cáo, không đi theo: chép thư mục đó vào nếu cần tổng hợp"
}

// within reports whether path is dir or lies inside it.
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && (rel == "." || filepath.IsLocal(rel))
}

// lockFileReason says why a file is skipped as an office suite's lock
// file ("~$…" of Excel and WPS, ".~lock.…#" of LibreOffice), "" when it is
// not one. The one place lock files are recognised, for Collect and for a
// file named to the reader.
func lockFileReason(path string) string {
	name := filepath.Base(path)
	switch {
	case strings.HasPrefix(name, "~$"):
		return "tệp khóa tạm của Excel/WPS (có người đang mở báo cáo), bỏ qua"
	case strings.HasPrefix(name, ".~lock."):
		return "tệp khóa tạm của LibreOffice (có người đang mở báo cáo), bỏ qua"
	}
	return ""
}

// notReadable says why a file is not handed to the reader, or "".
func notReadable(path, name string) string {
	if reason := lockFileReason(name); reason != "" {
		return reason
	}
	switch {
	case strings.HasPrefix(name, ".") || strings.EqualFold(name, "Thumbs.db") || strings.EqualFold(name, "desktop.ini"):
		return "tệp ẩn của hệ điều hành, bỏ qua"
	}
	ext := strings.ToLower(filepath.Ext(name))
	if workbookExts[ext] || looksLikeWorkbook(path) {
		return ""
	}
	if ext == "" {
		return "không phải tệp bảng tính, bỏ qua"
	}
	return fmt.Sprintf("không phải tệp bảng tính (%s), bỏ qua", ext)
}

// looksLikeWorkbook reports whether the file starts like a zip (xlsx, ods),
// an OLE2 compound file (xls, encrypted xlsx) or another archive: a
// workbook or an archive whose name lost its extension.
func looksLikeWorkbook(path string) bool {
	head, err := infile.Head(path, gate.MagicLen)
	if err != nil {
		return false
	}
	switch gate.MagicOf(head) {
	case gate.ZipMagic, gate.OLEMagic, gate.RARMagic, gate.SevenZipMagic, gate.TNEFMagic:
		return true
	}
	return false
}

// campaignFolder reports whether the folder at path, below the folder being
// merged, is a campaign's own folder: it holds a campaign workbook under
// its usual name. Its reports belong to that campaign (a later period, or
// another letter), so they are not read as this campaign's.
func campaignFolder(path string) bool {
	info, err := os.Stat(filepath.Join(path, templates.CampaignFile))
	return err == nil && info.Mode().IsRegular()
}
