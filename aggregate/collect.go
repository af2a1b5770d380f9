package aggregate

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Spreadsheet file extensions handed to the reader; any other file is read
// only when its first bytes say it is a workbook.
var workbookExts = map[string]bool{
	".xlsx": true, ".xlsm": true, ".xltx": true, ".xltm": true,
	".xls": true, ".xlsb": true, ".ods": true, ".fods": true,
	// Mails saved from the mailbox and archives: read as the files inside.
	".eml": true, ".msg": true, ".zip": true,
	// The online form's responses, downloaded.
	".csv": true, ".tsv": true,
	// Written reports.
	".docx": true, ".doc": true, ".odt": true, ".pdf": true,
}

// Collect finds the files under root to merge, recursively, sorted by
// path. It never enters outDir (our own outputs), follows links to folders
// once (a link loop is skipped), and returns the files it will not read —
// office lock files, files that are not spreadsheets — with the reason.
// err is set only when root itself cannot be read.
func Collect(root, outDir string) (paths []string, skipped []FileOutcome, err error) {
	st, err := os.Stat(root)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, nil, fmt.Errorf("không có thư mục %s", root)
		}
		return nil, nil, fmt.Errorf("không đọc được thư mục %s: %w", root, err)
	}
	if !st.IsDir() {
		return nil, nil, fmt.Errorf("%s không phải là thư mục", root)
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return nil, nil, fmt.Errorf("không đọc được thư mục %s: %w", root, err)
	}
	var realOut string
	if outDir != "" {
		if abs, err := filepath.Abs(outDir); err == nil {
			realOut = abs
			if r, err := filepath.EvalSymlinks(abs); err == nil {
				realOut = r
			}
		}
	}
	if realOut != "" && sameDir(realRoot, realOut) {
		return nil, nil, fmt.Errorf("thư mục %s là thư mục kết quả; hãy chọn thư mục chứa các báo cáo đơn vị gửi về, hoặc ghi kết quả nơi khác (--out)", root)
	}
	visited := map[string]bool{}
	skip := func(path string, info fs.FileInfo, reason string) {
		r := &Report{File: FileInfo{Path: path}, Rejected: true, Skipped: true}
		if info != nil {
			r.File.Size = info.Size()
			r.File.ModTime = info.ModTime()
		}
		skipped = append(skipped, FileOutcome{Report: r, Use: UseRejected, Reason: reason})
	}
	var walk func(dir, real string) error
	walk = func(dir, real string) error {
		visited[real] = true
		ents, err := os.ReadDir(dir)
		if err != nil {
			if dir == root {
				return fmt.Errorf("không đọc được thư mục %s: %w", root, err)
			}
			skip(dir, nil, "không mở được thư mục: "+osErr(err))
			return nil
		}
		for _, e := range ents {
			path := filepath.Join(dir, e.Name())
			info, err := os.Stat(path) // follows links
			if err != nil {
				skip(path, nil, "liên kết hỏng hoặc không đọc được tệp")
				continue
			}
			if info.IsDir() {
				sub, err := filepath.EvalSymlinks(path)
				if err != nil {
					skip(path, nil, "không mở được thư mục")
					continue
				}
				switch {
				case realOut != "" && sameDir(sub, realOut):
					continue // our own outputs
				case visited[sub]:
					skip(path, info, "liên kết trỏ về thư mục đã đọc (vòng lặp), bỏ qua")
					continue
				}
				if err := walk(path, sub); err != nil {
					return err
				}
				continue
			}
			if !info.Mode().IsRegular() {
				// A pipe or a device would block or never end: listed,
				// never opened.
				skip(path, info, "không phải tệp thông thường (ống dẫn, thiết bị…), bỏ qua")
				continue
			}
			if reason := notReadable(path, e.Name()); reason != "" {
				skip(path, info, reason)
				continue
			}
			paths = append(paths, path)
		}
		return nil
	}
	if err := walk(root, realRoot); err != nil {
		return nil, nil, err
	}
	sort.Strings(paths)
	sort.Slice(skipped, func(i, j int) bool { return skipped[i].Report.File.Path < skipped[j].Report.File.Path })
	return paths, skipped, nil
}

func sameDir(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
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

// looksLikeWorkbook reports whether the file starts like a zip (xlsx, ods)
// or an OLE2 compound file (xls, encrypted xlsx): a workbook whose name
// lost its extension.
func looksLikeWorkbook(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var head [8]byte
	if _, err := io.ReadFull(f, head[:]); err != nil {
		return false
	}
	return bytes.HasPrefix(head[:], []byte("PK\x03\x04")) ||
		bytes.Equal(head[:], []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
}
