//go:build linux

// Fault tests run the tonghop command itself, built into a temporary folder:
// output folders that cannot be written, a disk that fills up mid-way, and
// merges killed at any moment. They need a Unix process model (kill,
// resource limits, another user), hence the build constraint; CI runs on
// Linux.

package main

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
	"tonghop/aggregate/textout"
	"tonghop/templates/atomicfile"

	"github.com/xuri/excelize/v2"
)

// buildTonghop builds the tonghop command into a temporary folder.
func buildTonghop(t testing.TB) string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found:", err)
	}
	bin := filepath.Join(t.TempDir(), "tonghop")
	if out, err := exec.Command(gobin, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// tonghopRun is one run of the command.
type tonghopRun struct {
	code           int
	stdout, stderr string
	state          *os.ProcessState
}

// runTonghop runs cmd to the end and returns its exit code and output.
func runTonghop(t testing.TB, cmd *exec.Cmd) tonghopRun {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("%v: %v", cmd.Args, err)
	}
	return tonghopRun{cmd.ProcessState.ExitCode(), stdout.String(), stderr.String(), cmd.ProcessState}
}

// fileState is what must not change in a file we only read.
type fileState struct {
	sum     string
	mode    fs.FileMode
	modTime time.Time
}

// treeState records every file under dir (paths relative to dir).
func treeState(t testing.TB, dir string) map[string]fileState {
	t.Helper()
	m := map[string]fileState{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		sum := sha256.Sum256(b)
		m[rel] = fileState{hex.EncodeToString(sum[:]), info.Mode(), info.ModTime()}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// tempFiles lists the temporary files of writeAtomic under dir.
func tempFiles(t testing.TB, dir string) []string {
	t.Helper()
	var temps []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(dir, p)
		switch {
		case err != nil:
		case d.IsDir() && atomicfile.Bookkeeping(rel):
			// A staging folder left by a kill: one temporary of its own.
			temps = append(temps, rel)
			return fs.SkipDir
		case !d.IsDir() && atomicfile.IsTempName(d.Name(), ""):
			temps = append(temps, rel)
		}
		return nil
	})
	return temps
}

// returnedFolder copies n returned workbooks into a new folder: the
// committed samples, again in further subfolders when n asks for more (the
// copies are read like any file, then counted once).
func returnedFolder(t testing.TB, n int) string {
	t.Helper()
	dir := t.TempDir()
	var files []string
	filepath.WalkDir(filepath.Join("samples", "bao-cao"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	if len(files) == 0 {
		t.Fatal("no sample files")
	}
	for i := 0; i < n; i++ {
		b, err := os.ReadFile(files[i%len(files)])
		if err != nil {
			t.Fatal(err)
		}
		sub := filepath.Join(dir, fmt.Sprintf("lan-%d", i/len(files)+1))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, filepath.Base(files[i%len(files)])), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestMergeOutputFaults runs merge with output folders that cannot be
// used. Each case: exit code 2, one Vietnamese line naming the folder or
// file, the inputs untouched, the previous outputs whole and no temporary
// file left.
func TestMergeOutputFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds and runs the tonghop command")
	}
	bin := buildTonghop(t)
	in := returnedFolder(t, 12)
	before := treeState(t, in)

	// A good run gives the previous outputs the faults must not touch.
	good := t.TempDir()
	if r := runTonghop(t, exec.Command(bin, "merge", in, "--out", good, "--as-of", "2024-04-15")); r.code != 1 {
		t.Fatalf("first merge: exit %d\n%s", r.code, r.stderr)
	}
	previous := func(t *testing.T) string {
		out := filepath.Join(t.TempDir(), "ket-qua")
		if err := os.CopyFS(out, os.DirFS(good)); err != nil {
			t.Fatal(err)
		}
		return out
	}

	// kept is the line that follows a failure once reports were read.
	kept := func(out string) string {
		return "Kết quả cũ trong thư mục " + out + " được giữ nguyên: không tệp nào được thay hay xóa."
	}
	for _, tc := range []struct {
		name string
		// setup returns the --out folder and the message expected for it.
		setup func(t *testing.T) (out, want string)
		// wrap changes how the command is run.
		wrap func(t *testing.T, cmd *exec.Cmd)
	}{
		// A mistyped path, or a folder name that is taken by a file.
		{name: "parent is a file", setup: func(t *testing.T) (string, string) {
			parent := filepath.Join(t.TempDir(), "bao-cao.docx")
			if err := os.WriteFile(parent, []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(parent, "ket-qua")
			return out, "không tạo được thư mục kết quả " + out + ": một phần của đường dẫn là tệp, không phải thư mục; hãy chọn thư mục khác (--out)"
		}},
		{name: "output folder is a file", setup: func(t *testing.T) (string, string) {
			out := filepath.Join(t.TempDir(), "ket-qua")
			if err := os.WriteFile(out, []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
			return out, "không dùng được thư mục kết quả " + out + ": đó là một tệp, không phải thư mục; hãy chọn thư mục khác (--out)"
		}},
		// A folder the officer may read but not write: a colleague's
		// shared folder, a write-protected USB stick. chmod does not stop
		// root, so as root the command runs as the user nobody.
		{name: "read-only folder", setup: func(t *testing.T) (string, string) {
			out := previous(t)
			if err := os.Chmod(out, 0o555); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(out, 0o755) })
			return out, "không ghi được vào thư mục kết quả " + out + ": không có quyền ghi; hãy chọn thư mục khác (--out)"
		}, wrap: asUnprivileged},
		// The disk fills up while tong-hop.xlsx is written. The file size
		// limit (ulimit -f) makes the write fail the same way, with EFBIG
		// instead of ENOSPC, after a few kilobytes.
		{name: "write fails mid-way", setup: func(t *testing.T) (string, string) {
			out := previous(t)
			return out, "không ghi được " + filepath.Join(out, "tong-hop.xlsx") + ": tệp vượt quá giới hạn kích thước hệ thống cho phép\n" + kept(out)
		}, wrap: func(t *testing.T, cmd *exec.Cmd) {
			// SIGXFSZ would kill the process; ignored, the write
			// returns EFBIG. The limit is in 512- or 1024-byte blocks.
			cmd.Args = append([]string{"sh", "-c", `trap "" XFSZ; ulimit -f 8 && exec "$@"`, "sh"}, cmd.Args...)
			cmd.Path = "/bin/sh"
		}},
		// A folder has the output's name: the rename fails, as it does on
		// Windows when tong-hop.xlsx is open in Excel.
		{name: "output name taken by a folder", setup: func(t *testing.T) (string, string) {
			out := previous(t)
			book := filepath.Join(out, "tong-hop.xlsx")
			if err := os.Remove(book); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(book, 0o755); err != nil {
				t.Fatal(err)
			}
			return out, "không thay được tệp " + book + ": đã có một thư mục trùng tên; hãy đổi tên hoặc chuyển thư mục đó đi rồi chạy lại\n" + kept(out)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, want := tc.setup(t)
			var outBefore map[string]fileState
			if st, err := os.Stat(out); err == nil && st.IsDir() {
				outBefore = treeState(t, out)
			}
			cmd := exec.Command(bin, "merge", in, "--out", out, "--as-of", "2024-04-20")
			if tc.wrap != nil {
				tc.wrap(t, cmd)
			}
			r := runTonghop(t, cmd)
			if r.code != 2 || r.stderr != "tonghop merge: "+want+"\n" {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and:\ntonghop merge: %s", r.code, r.stderr, want)
			}
			if got := treeState(t, in); !reflect.DeepEqual(got, before) {
				t.Error("the input folder changed")
			}
			if outBefore != nil {
				if got := treeState(t, out); !reflect.DeepEqual(got, outBefore) {
					t.Errorf("the previous outputs changed:\n%v\nwant\n%v", got, outBefore)
				}
			}
		})
	}
}

// asUnprivileged runs cmd as the user nobody when the test runs as root,
// so that file permissions apply, and makes the folders of the test
// readable by that user.
func asUnprivileged(t *testing.T, cmd *exec.Cmd) {
	if os.Geteuid() != 0 {
		return
	}
	for _, p := range append([]string{cmd.Path}, cmd.Args[1:]...) {
		// Every folder above a path of the test, from the test's own
		// temporary root down, must be traversable.
		for d := filepath.Dir(p); strings.HasPrefix(d, os.TempDir()) && len(d) > len(os.TempDir())+1; d = filepath.Dir(d) {
			if st, err := os.Stat(d); err == nil && st.Mode().Perm()&0o005 != 0o005 {
				if err := os.Chmod(d, st.Mode().Perm()|0o005); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
}

// TestMergeKilled kills merges at many points, mid-read and mid-write, and
// checks after each kill that every output is the previous complete file
// or a new complete one, that the inputs did not change, and that the
// temporary files a kill leaves stay bounded (at most one per output) and
// are gone after the next complete run.
func TestMergeKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds the tonghop command and merges 300 workbooks several times")
	}
	bin := buildTonghop(t)
	in := returnedFolder(t, 300)
	before := treeState(t, in)
	out := filepath.Join(t.TempDir(), "ket-qua")
	merge := func(asOf string) *exec.Cmd {
		return exec.Command(bin, "merge", in, "--out", out, "--as-of", asOf)
	}

	// The previous outputs, as of one day; the new ones as of a later day
	// differ from them (the PDF and workbook carry the date).
	start := time.Now()
	if r := runTonghop(t, merge("2024-04-01")); r.code > 1 {
		t.Fatalf("first merge: exit %d\n%s", r.code, r.stderr)
	}
	full := time.Since(start)
	old := outputSums(t, out)
	t.Logf("one merge of 300 workbooks: %v", full.Round(time.Millisecond))

	// Kill points: fractions of a whole run (these land while reading);
	// moments after the output folder first changes, whatever the change
	// (a temporary file, or an output truncated by a writer that is not
	// atomic); and the moment a temporary file of each output appears.
	type kill struct {
		name  string
		after time.Duration // after the start, or after the first change
		first bool          // wait for the output folder to change first
		temp  string        // kill as soon as a temporary file of this output exists
	}
	var kills []kill
	for _, f := range []float64{0.3, 0.9} {
		kills = append(kills, kill{name: fmt.Sprintf("at %.0f%%", f*100), after: time.Duration(f * float64(full))})
	}
	for _, ms := range []int{0, 10, 40, 80, 150, 300} {
		kills = append(kills, kill{name: fmt.Sprintf("%d ms into writing", ms), after: time.Duration(ms) * time.Millisecond, first: true})
	}
	for _, o := range []string{"bao-cao-tong-hop.pdf", "bao-cao-tong-hop.docx", textout.FeedbackDir} {
		kills = append(kills, kill{name: "writing " + o, temp: o})
	}
	seen := map[string][]string{} // output → sums seen after kills
	type killed struct {
		name string
		sums map[string]string
	}
	var sets []killed // every output's sum after each kill
	caught := 0
	for _, k := range kills {
		state := folderState(out)
		cmd := merge("2024-04-15")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		switch {
		case k.temp != "":
			// A run that ended before its temporary file was seen is run
			// again, a few times: the kill must land while one exists.
			for try := 1; ; try++ {
				if waitForTemp(out, k.temp, 2*full+5*time.Second) {
					caught++
					break
				}
				cmd.Process.Kill()
				cmd.Wait()
				if try == 5 {
					break
				}
				if cmd = merge("2024-04-15"); cmd.Start() != nil {
					t.Fatal("restarting the merge")
				}
			}
		case k.first:
			if !waitForChange(out, state, 2*full+5*time.Second) {
				t.Errorf("killed %s: the output folder never changed", k.name)
			}
			time.Sleep(k.after)
		default:
			time.Sleep(k.after)
		}
		cmd.Process.Kill() // SIGKILL
		cmd.Wait()
		sums := outputSums(t, out)
		for name, sum := range sums {
			seen[name] = append(seen[name], sum)
		}
		sets = append(sets, killed{k.name, sums})
		for name := range old {
			if _, ok := sums[name]; !ok {
				t.Errorf("killed %s: %s is gone", k.name, name)
			}
		}
		temps := tempFiles(t, out)
		perOutput := map[string]int{}
		for _, p := range temps {
			// ".<output>.<digits>.tmp"
			name := strings.TrimSuffix(filepath.Base(p)[1:], ".tmp")
			perOutput[name[:strings.LastIndexByte(name, '.')]]++
		}
		for name, n := range perOutput {
			if n > 1 {
				t.Errorf("killed %s: %d temporary files of %s: %v", k.name, n, name, temps)
			}
		}
		t.Logf("killed %s: temporary files left %v", k.name, temps)
	}
	if caught == 0 {
		t.Error("no kill landed while a temporary file existed: the kills above proved nothing about writing")
	}

	// The next complete run gives the new outputs and removes every
	// temporary file left.
	if r := runTonghop(t, merge("2024-04-15")); r.code > 1 {
		t.Fatalf("merge after the kills: exit %d\n%s", r.code, r.stderr)
	}
	if temps := tempFiles(t, out); len(temps) > 0 {
		t.Errorf("temporary files left after a complete run: %v", temps)
	}
	fresh := outputSums(t, out)
	for name, sums := range seen {
		for _, s := range sums {
			if s != old[name] && s != fresh[name] {
				t.Errorf("%s after a kill is neither the previous nor the new file", name)
			}
		}
	}
	// The outputs are replaced as a set: after a kill they are all the
	// previous ones or all the new ones, never a mix.
	for _, k := range sets {
		if !reflect.DeepEqual(k.sums, old) && !reflect.DeepEqual(k.sums, fresh) {
			t.Errorf("killed %s: the outputs mix two runs", k.name)
		}
	}
	// Outputs of the same inputs and date are the same bytes; a second
	// run proves it, so that "the new file" above is well defined.
	if r := runTonghop(t, merge("2024-04-15")); r.code > 1 {
		t.Fatalf("second merge: exit %d\n%s", r.code, r.stderr)
	}
	if again := outputSums(t, out); !reflect.DeepEqual(again, fresh) {
		t.Error("two complete runs gave different outputs")
	}
	if got := treeState(t, in); !reflect.DeepEqual(got, before) {
		t.Error("the input folder changed")
	}
}

// folderState is the size and time of every file under dir but the probe
// atomicfile.PrepareDir writes and removes.
func folderState(dir string) map[string]string {
	m := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		// Folders change their time when the probe comes and goes.
		if err != nil || d.IsDir() || atomicfile.IsTempName(d.Name(), atomicfile.ProbeName) {
			return nil
		}
		if info, err := d.Info(); err == nil {
			m[p] = fmt.Sprint(info.Size(), info.ModTime().UnixNano())
		}
		return nil
	})
	return m
}

// waitForChange polls dir until its state differs from before, or the
// time is up.
func waitForChange(dir string, before map[string]string, limit time.Duration) bool {
	for end := time.Now().Add(limit); time.Now().Before(end); {
		if !reflect.DeepEqual(folderState(dir), before) {
			return true
		}
		time.Sleep(200 * time.Microsecond)
	}
	return false
}

// waitForTemp polls out until a temporary file of the output appears (for
// textout.FeedbackDir: any in that folder), or the time is up.
func waitForTemp(out, output string, limit time.Duration) bool {
	for end := time.Now().Add(limit); time.Now().Before(end); {
		if ents, err := os.ReadDir(out); err == nil {
			for _, e := range ents {
				if writing(out, e, output) {
					return true
				}
			}
		}
		time.Sleep(200 * time.Microsecond)
	}
	return false
}

// writing reports whether the entry e of the output folder out shows the
// output being written: a temporary file of it beside the outputs, or, in
// a run's staging folder (where a merge writes every output before putting
// the set in place), the output itself or a temporary file of it.
func writing(out string, e fs.DirEntry, output string) bool {
	if !e.IsDir() {
		return output != textout.FeedbackDir && atomicfile.IsTempName(e.Name(), output)
	}
	if !atomicfile.Bookkeeping(e.Name()) {
		return false
	}
	stage := filepath.Join(out, e.Name())
	if output == textout.FeedbackDir {
		letters, err := os.ReadDir(filepath.Join(stage, output))
		return err == nil && len(letters) > 0
	}
	ents, err := os.ReadDir(stage)
	if err != nil {
		return false
	}
	for _, s := range ents {
		if s.Name() == output || atomicfile.IsTempName(s.Name(), output) {
			return true
		}
	}
	return false
}

// outputSums checks that every output in out is complete (the workbook
// opens and has its sheets, the PDF ends with %%EOF, a feedback letter
// starts with its BOM and greeting) and returns their hashes.
func outputSums(t testing.TB, out string) map[string]string {
	t.Helper()
	sums := map[string]string{}
	for rel, st := range treeState(t, out) {
		top := strings.SplitN(filepath.ToSlash(rel), "/", 2)[0]
		if atomicfile.IsTempName(filepath.Base(rel), "") || atomicfile.Bookkeeping(top) {
			continue
		}
		sums[rel] = st.sum
		p := filepath.Join(out, rel)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case rel == "tong-hop.xlsx":
			f, err := excelize.OpenReader(bytes.NewReader(b))
			if err != nil {
				t.Errorf("%s does not open: %v", rel, err)
				continue
			}
			if sheets := f.GetSheetList(); len(sheets) < 5 {
				t.Errorf("%s has sheets %q", rel, sheets)
			}
			sums[rel] = workbookContentSum(t, f)
			f.Close()
		case rel == "bao-cao-tong-hop.pdf":
			if !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimRight(b, "\r\n"), []byte("%%EOF")) {
				t.Errorf("%s is not a whole PDF (%d bytes)", rel, len(b))
			}
		case rel == "bao-cao-tong-hop.docx":
			if _, err := zip.NewReader(bytes.NewReader(b), int64(len(b))); err != nil {
				t.Errorf("%s is not a whole .docx (%d bytes): %v", rel, len(b), err)
			}
		case strings.HasPrefix(rel, textout.FeedbackDir+string(filepath.Separator)), strings.HasPrefix(rel, textout.ReminderDir+string(filepath.Separator)):
			if !bytes.HasPrefix(b, []byte("\uFEFFKính gửi: ")) || !bytes.HasSuffix(b, []byte("\r\n")) {
				t.Errorf("%s is not a whole letter: %q", rel, b)
			}
		case strings.HasPrefix(rel, textout.DraftDir+string(filepath.Separator)):
			if !bytes.Contains(b, []byte("X-Unsent: 1")) {
				t.Errorf("%s is not a whole draft", rel)
			}
		default:
			t.Errorf("unexpected file %s in the output folder", rel)
		}
	}
	return sums
}

// workbookContentSum hashes the sheets of a workbook and their values:
// the bytes differ between two runs (excelize writes a few parts in map
// order), the content does not.
func workbookContentSum(t testing.TB, f *excelize.File) string {
	t.Helper()
	h := sha256.New()
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Errorf("sheet %s: %v", sheet, err)
		}
		fmt.Fprintf(h, "%q %q\n", sheet, rows)
	}
	for _, dn := range f.GetDefinedName() {
		fmt.Fprintf(h, "%q %q %q\n", dn.Name, dn.Scope, dn.RefersTo)
	}
	return hex.EncodeToString(h.Sum(nil))
}
