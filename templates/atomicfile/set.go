package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
)

// A Set writes the outputs of one run so that they replace the previous
// ones together: every output is written first into a hidden staging
// folder inside the output folder, and only when all of them are complete
// does Commit move them into place, moving the previous files aside as it
// goes and putting them back if any move fails. A run that fails (a full
// disk, a folder that cannot be written, Ctrl-C) leaves the previous
// outputs complete and consistent with each other.
//
// Commit also writes a manifest (ManifestName) of the files it put in
// place. The next run removes a file of an earlier run (a feedback letter
// to a unit that now has nothing to fix) only when the manifest lists it
// with the same size and time, it is a regular file reached without a
// link, and it lies in no input folder: tonghop never removes a file it
// did not write.
//
// A Set holds the output folder's lock (Lock) from Begin until Commit or
// Abort, so two runs never write into one folder at once.
type Set struct {
	dir    string
	stage  string
	unlock func()
	guard  []string // input folders inside dir, where nothing is removed
	closed bool
}

// Bookkeeping reports whether name, an entry of an output folder, is one
// of tonghop's own bookkeeping files rather than an output: the lock (and
// a dead run's lock being moved aside), the manifest, or a staging folder.
func Bookkeeping(name string) bool {
	return name == LockName || name == ManifestName || strings.HasPrefix(name, LockName+".") || strings.HasPrefix(name, stagePrefix)
}

// ManifestName is the file listing what the last run wrote.
const ManifestName = ".tonghop-da-ghi.txt"

// stagePrefix starts the name of a run's staging folder; the digits that
// follow are os.MkdirTemp's.
const stagePrefix = ".tonghop-moi."

// asideDir is the folder, inside the staging folder, holding the previous
// outputs while Commit moves the new ones into place.
const asideDir = ".cu"

// Begin prepares the output folder dir for a run (see PrepareDir), takes
// its lock and makes the staging folder. It gives a *LockedError when
// another run holds the folder. The caller must Commit or Abort.
func Begin(dir string, now time.Time, subdirs ...string) (*Set, error) {
	if err := makeDir(dir); err != nil {
		return nil, err
	}
	unlock, err := Lock(dir, now)
	if err != nil {
		return nil, err
	}
	if err := PrepareDir(dir, subdirs...); err != nil {
		unlock()
		return nil, err
	}
	removeStaleStages(dir)
	stage, err := os.MkdirTemp(dir, stagePrefix+"*")
	if err != nil {
		unlock()
		return nil, &OutDirError{Dir: dir, Op: "không ghi được vào thư mục kết quả", Reason: Reason(err)}
	}
	return &Set{dir: dir, stage: stage, unlock: unlock}, nil
}

// Guard names the input folders of the run. Those inside the output
// folder are never touched: a file of an earlier run is not removed from
// them. (An input folder holding the output folder is no matter: the
// output folder is never read as input.)
func (s *Set) Guard(inputs ...string) {
	out, err := filepath.EvalSymlinks(s.dir)
	if err != nil {
		return
	}
	for _, in := range inputs {
		r, err := filepath.EvalSymlinks(in)
		if err != nil {
			continue
		}
		if rel, err := filepath.Rel(out, r); err == nil && (rel == "." || filepath.IsLocal(rel)) {
			s.guard = append(s.guard, r)
		}
	}
}

// Path is where a writer writes the output that will be dir/rel (rel uses
// forward or native slashes); its folder is made.
func (s *Set) Path(rel string) string {
	p := filepath.Join(s.stage, filepath.FromSlash(rel))
	os.MkdirAll(filepath.Dir(p), 0o755)
	return p
}

// Explain rewrites an error of a writer writing into the staging folder
// so that it names the output the officer knows (output/tong-hop.xlsx),
// not the hidden staging folder.
func (s *Set) Explain(err error) error {
	if err == nil {
		return nil
	}
	return errors.New(strings.ReplaceAll(err.Error(), s.stage, s.dir))
}

// Final is where the output written at Path(rel) stands after Commit.
func (s *Set) Final(rel string) string { return filepath.Join(s.dir, filepath.FromSlash(rel)) }

// Abort removes everything staged and releases the lock; the previous
// outputs stay as they were. It does nothing after Commit, so it can be
// deferred.
func (s *Set) Abort() {
	if s.closed {
		return
	}
	s.closed = true
	os.RemoveAll(s.stage)
	s.unlock()
}

// move is one rename Commit made, undone in reverse order on failure.
type move struct{ from, to string }

// Commit moves every staged output into place, removes the files of the
// previous run that this run did not write again (see Set), writes the
// manifest and releases the lock. On error nothing has changed: the
// previous outputs are back in place.
func (s *Set) Commit() (err error) {
	if s.closed {
		return errors.New("atomicfile: Commit after Commit or Abort")
	}
	defer s.Abort()
	files, err := s.staged()
	if err != nil {
		return err
	}
	old := readManifest(s.dir)
	if err := writeManifest(s.stage, files); err != nil {
		return err
	}
	files = append(files, ManifestName)
	for _, rel := range files {
		if err := s.realFolder(filepath.Dir(rel), true); err != nil {
			return err
		}
	}
	var done []move
	defer func() {
		if err != nil {
			for i := len(done) - 1; i >= 0; i-- {
				os.Rename(done[i].to, done[i].from)
			}
		}
	}()
	aside := filepath.Join(s.stage, asideDir)
	put := func(from, to string) error {
		if err := os.Rename(from, to); err != nil {
			return err
		}
		done = append(done, move{from, to})
		return nil
	}
	for _, rel := range files {
		target := s.Final(rel)
		if st, err := os.Lstat(target); err == nil {
			if st.IsDir() {
				return renameError(target, errors.New("is a folder"), "")
			}
			os.MkdirAll(filepath.Dir(filepath.Join(aside, rel)), 0o755)
			if err := put(target, filepath.Join(aside, rel)); err != nil {
				return renameError(target, err, runtime.GOOS)
			}
		}
		if err := put(filepath.Join(s.stage, rel), target); err != nil {
			return renameError(target, err, runtime.GOOS)
		}
	}
	written := map[string]bool{}
	for _, rel := range files {
		written[filepath.ToSlash(rel)] = true
	}
	for _, e := range old {
		if written[e.rel] || !s.removable(e) {
			continue
		}
		os.MkdirAll(filepath.Dir(filepath.Join(aside, e.rel)), 0o755)
		if err := put(s.Final(e.rel), filepath.Join(aside, filepath.FromSlash(e.rel))); err != nil {
			return fmt.Errorf("không xóa được tệp cũ %s: %s", s.Final(e.rel), Reason(err))
		}
	}
	syncDir(s.dir)
	return nil
}

// staged lists the files written into the staging folder, as paths
// relative to it, sorted.
func (s *Set) staged() ([]string, error) {
	var files []string
	err := filepath.WalkDir(s.stage, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(s.stage, p)
		switch {
		case d.IsDir() && rel == asideDir:
			return fs.SkipDir
		case d.Type().IsRegular() && !IsTempName(d.Name(), ""):
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("không đọc được thư mục tạm %s: %s", s.stage, Reason(err))
	}
	sort.Strings(files)
	return files, nil
}

// realFolder checks that the folder rel inside the output folder is a
// folder reached without a link, and makes it when create is set and it
// is missing. Writing or removing through a link could reach a unit's
// own files.
func (s *Set) realFolder(rel string, create bool) error {
	if rel == "." || rel == "" {
		return nil
	}
	p := s.dir
	for _, part := range strings.Split(filepath.Clean(rel), string(filepath.Separator)) {
		p = filepath.Join(p, part)
		st, err := os.Lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist) && create:
			if err := os.Mkdir(p, 0o755); err != nil {
				return fmt.Errorf("không tạo được thư mục %s: %s", p, Reason(err))
			}
		case err != nil:
			return fmt.Errorf("không đọc được thư mục %s: %s", p, Reason(err))
		case st.Mode()&fs.ModeSymlink != 0 || !st.IsDir():
			return fmt.Errorf("không ghi được vào %s: đó là một liên kết (shortcut) hoặc một tệp, không phải thư mục; tonghop không ghi và không xóa qua liên kết, hãy xóa hoặc đổi tên nó rồi chạy lại", p)
		}
	}
	return nil
}

// removable reports whether the file an earlier run listed may be
// removed: it is still the file that run wrote (same size and time), a
// regular file reached without a link, in no input folder.
func (s *Set) removable(e manifestEntry) bool {
	rel := filepath.FromSlash(e.rel)
	if !filepath.IsLocal(rel) || rel == ManifestName || s.realFolder(filepath.Dir(rel), false) != nil {
		return false
	}
	p := s.Final(e.rel)
	st, err := os.Lstat(p)
	real, rerr := filepath.EvalSymlinks(p)
	if err != nil || !st.Mode().IsRegular() || st.Size() != e.size || st.ModTime().UnixNano() != e.mtime {
		return false
	}
	if rerr != nil {
		return false
	}
	for _, g := range s.guard {
		if r, err := filepath.Rel(g, real); err == nil && filepath.IsLocal(r) {
			return false
		}
	}
	return true
}

// manifestEntry is one line of the manifest: a file a run wrote.
type manifestEntry struct {
	rel   string // slash-separated, relative to the output folder
	size  int64
	mtime int64 // Unix nanoseconds
}

// manifestHeader opens the manifest, for an officer who opens it.
const manifestHeader = "# tonghop: các tệp lần chạy gần nhất đã ghi (kích thước, thời điểm, tên). Đừng sửa tệp này:\n# tonghop chỉ xóa tệp cũ có tên trong danh sách này và chưa bị thay đổi.\n"

// maxManifest bounds the manifest read: a run of 100,000 units writes
// fewer letters than that.
const maxManifest = 16 << 20

// writeManifest writes the manifest of files (relative to stage) into
// stage. Rename keeps size and time, so they are those of the outputs
// once in place.
func writeManifest(stage string, files []string) error {
	var b strings.Builder
	b.WriteString(manifestHeader)
	for _, rel := range files {
		st, err := os.Lstat(filepath.Join(stage, rel))
		if err != nil {
			return fmt.Errorf("không đọc được tệp tạm %s: %s", rel, Reason(err))
		}
		fmt.Fprintf(&b, "%d\t%d\t%s\n", st.Size(), st.ModTime().UnixNano(), filepath.ToSlash(rel))
	}
	return Write(filepath.Join(stage, ManifestName), func(w io.Writer) error {
		_, err := io.WriteString(w, b.String())
		return err
	})
}

// readManifest reads the manifest the last run left in dir; a missing,
// linked or malformed manifest lists nothing, so nothing is removed.
func readManifest(dir string) []manifestEntry {
	p := filepath.Join(dir, ManifestName)
	st, err := os.Lstat(p)
	if err != nil || !st.Mode().IsRegular() || st.Size() > maxManifest {
		return nil
	}
	f, err := os.Open(p)
	if err != nil {
		return nil
	}
	defer f.Close()
	var list []manifestEntry
	sc := bufio.NewScanner(io.LimitReader(f, maxManifest))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.SplitN(line, "\t", 3)
		if len(parts) != 3 {
			return nil
		}
		size, err1 := strconv.ParseInt(parts[0], 10, 64)
		mtime, err2 := strconv.ParseInt(parts[1], 10, 64)
		if err1 != nil || err2 != nil || parts[2] == "" {
			return nil
		}
		list = append(list, manifestEntry{rel: parts[2], size: size, mtime: mtime})
	}
	return list
}

// removeStaleStages removes the staging folders of runs that were killed
// (the caller holds the lock, so no live run owns them). RemoveAll
// removes links, never what they point to.
func removeStaleStages(dir string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), stagePrefix) && e.IsDir() {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

// makeDir makes the output folder and its missing parents.
func makeDir(dir string) error {
	st, err := os.Stat(dir)
	switch {
	case err == nil && !st.IsDir():
		return &OutDirError{Dir: dir, Op: "không dùng được thư mục kết quả", Reason: "đó là một tệp, không phải thư mục"}
	case err != nil:
		if err := os.MkdirAll(dir, 0o755); err != nil {
			reason := Reason(err)
			// Windows reports a file standing in the path as "path not
			// found": say what it is, as ENOTDIR does elsewhere.
			for p := filepath.Dir(dir); p != filepath.Dir(p); p = filepath.Dir(p) {
				if st, err := os.Stat(p); err == nil {
					if !st.IsDir() {
						reason = "một phần của đường dẫn là tệp, không phải thư mục"
					}
					break
				}
			}
			return &OutDirError{Dir: dir, Op: "không tạo được thư mục kết quả", Reason: reason}
		}
	}
	return nil
}
