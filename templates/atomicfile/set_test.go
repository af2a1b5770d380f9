package atomicfile

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

var start = time.Date(2024, 4, 10, 9, 30, 0, 0, time.UTC)

// stage writes files (name → content) into a new Set over dir.
func stage(t *testing.T, dir string, files map[string]string) *Set {
	t.Helper()
	s, err := Begin(dir, start, "phan-hoi")
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range files {
		if err := os.WriteFile(s.Path(name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// tree lists dir's files (not links' targets) with their contents,
// links as "-> target".
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case d.Type()&os.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			got[filepath.ToSlash(rel)] = "-> " + target
		case d.Type().IsRegular() && rel != ManifestName:
			b, _ := os.ReadFile(p)
			got[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	return got
}

func TestSetReplacesTogetherAndRemovesOnlyItsOwn(t *testing.T) {
	dir := t.TempDir()
	first := map[string]string{"tong-hop.xlsx": "book 1", "bao-cao.pdf": "pdf 1",
		"phan-hoi/TU01.txt": "letter TU01", "phan-hoi/TU02.txt": "letter TU02", "phan-hoi/TU03.txt": "letter TU03"}
	if err := stage(t, dir, first).Commit(); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dir); !reflect.DeepEqual(got, first) {
		t.Fatalf("after the first run: %q, want %q", got, first)
	}
	// The officer puts a note in the letters' folder and edits TU02's
	// letter; the next run writes no letter for TU02 nor TU03.
	os.WriteFile(filepath.Join(dir, "phan-hoi", "ghi-chu.txt"), []byte("của tôi"), 0o644)
	os.WriteFile(filepath.Join(dir, "phan-hoi", "TU02.txt"), []byte("letter TU02, edited"), 0o644)
	second := map[string]string{"tong-hop.xlsx": "book 2", "bao-cao.pdf": "pdf 2", "phan-hoi/TU01.txt": "letter TU01 again"}
	if err := stage(t, dir, second).Commit(); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"tong-hop.xlsx": "book 2", "bao-cao.pdf": "pdf 2", "phan-hoi/TU01.txt": "letter TU01 again",
		"phan-hoi/TU02.txt": "letter TU02, edited", "phan-hoi/ghi-chu.txt": "của tôi"}
	if got := tree(t, dir); !reflect.DeepEqual(got, want) {
		t.Fatalf("after the second run: %q, want %q", got, want)
	}
	m, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range readManifest(dir) {
		names = append(names, e.rel)
	}
	if wantNames := []string{"bao-cao.pdf", "phan-hoi/TU01.txt", "tong-hop.xlsx"}; !reflect.DeepEqual(names, wantNames) {
		t.Fatalf("manifest lists %q, want %q:\n%s", names, wantNames, m)
	}
}

func TestSetFailureKeepsPreviousOutputs(t *testing.T) {
	dir := t.TempDir()
	first := map[string]string{"a.pdf": "pdf 1", "phan-hoi/TU01.txt": "letter 1", "z.xlsx": "book 1"}
	if err := stage(t, dir, first).Commit(); err != nil {
		t.Fatal(err)
	}
	// The last output cannot be put in place (a folder took its name):
	// the ones already moved go back, and the stale letter stays.
	s := stage(t, dir, map[string]string{"a.pdf": "pdf 2", "phan-hoi/TU02.txt": "letter 2", "z.xlsx": "book 2"})
	os.Remove(filepath.Join(dir, "z.xlsx"))
	os.Mkdir(filepath.Join(dir, "z.xlsx"), 0o755)
	err := s.Commit()
	want := "không thay được tệp " + filepath.Join(dir, "z.xlsx") + ": đã có một thư mục trùng tên; hãy đổi tên hoặc chuyển thư mục đó đi rồi chạy lại"
	if err == nil || err.Error() != want {
		t.Fatalf("Commit = %v, want %q", err, want)
	}
	wantTree := map[string]string{"a.pdf": "pdf 1", "phan-hoi/TU01.txt": "letter 1"}
	if got := tree(t, dir); !reflect.DeepEqual(got, wantTree) {
		t.Fatalf("after the failed run: %q, want %q", got, wantTree)
	}
	// An aborted run changes nothing either, and leaves no staging folder.
	os.Remove(filepath.Join(dir, "z.xlsx"))
	s = stage(t, dir, map[string]string{"a.pdf": "pdf 3"})
	s.Abort()
	if got := tree(t, dir); !reflect.DeepEqual(got, wantTree) {
		t.Fatalf("after the aborted run: %q, want %q", got, wantTree)
	}
}

func TestSetNeverThroughALink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	dir, unit := t.TempDir(), t.TempDir()
	if err := stage(t, dir, map[string]string{"phan-hoi/TU01.txt": "letter 1"}).Commit(); err != nil {
		t.Fatal(err)
	}
	// The letters' folder is replaced by a link to a unit's folder that
	// holds a file of the same name.
	os.WriteFile(filepath.Join(unit, "TU01.txt"), []byte("the unit's own"), 0o644)
	os.RemoveAll(filepath.Join(dir, "phan-hoi"))
	if err := os.Symlink(unit, filepath.Join(dir, "phan-hoi")); err != nil {
		t.Fatal(err)
	}
	s, err := Begin(dir, start)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(s.Path("tong-hop.xlsx"), []byte("book"), 0o644)
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(unit, "TU01.txt")); string(b) != "the unit's own" {
		t.Fatalf("the unit's file holds %q", b)
	}
	// Writing a letter through the link is refused before anything moves.
	s = stage(t, dir, map[string]string{"tong-hop.xlsx": "book 2", "phan-hoi/TU02.txt": "letter 2"})
	err = s.Commit()
	want := "không ghi được vào " + filepath.Join(dir, "phan-hoi") + ": đó là một liên kết (shortcut) hoặc một tệp, không phải thư mục; tonghop không ghi và không xóa qua liên kết, hãy xóa hoặc đổi tên nó rồi chạy lại"
	if err == nil || err.Error() != want {
		t.Fatalf("Commit = %v, want %q", err, want)
	}
	if got := tree(t, unit); !reflect.DeepEqual(got, map[string]string{"TU01.txt": "the unit's own"}) {
		t.Fatalf("the unit's folder holds %q", got)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "tong-hop.xlsx")); string(b) != "book" {
		t.Fatalf("the workbook holds %q, want the previous one", b)
	}
}

func TestSetGuardsInputFolders(t *testing.T) {
	dir := t.TempDir()
	if err := stage(t, dir, map[string]string{"phan-hoi/TU01.txt": "letter 1"}).Commit(); err != nil {
		t.Fatal(err)
	}
	// The officer now merges the letters' folder itself (it is inside the
	// output folder): nothing in it is removed.
	s := stage(t, dir, map[string]string{"tong-hop.xlsx": "book"})
	s.Guard(filepath.Join(dir, "phan-hoi"))
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"tong-hop.xlsx": "book", "phan-hoi/TU01.txt": "letter 1"}
	if got := tree(t, dir); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	// An input folder holding the output folder guards nothing in it.
	s = stage(t, dir, nil)
	s.Guard(filepath.Dir(dir))
	if len(s.guard) != 0 {
		t.Fatalf("guarded %q", s.guard)
	}
	s.Abort()
}

func TestLock(t *testing.T) {
	dir := t.TempDir()
	a, err := Begin(dir, start)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(a.Path("x.pdf"), []byte("a's"), 0o644)
	// A second run is refused, names the first, and leaves its staged
	// files alone.
	_, err = Begin(dir, start)
	var locked *LockedError
	if !errors.As(err, &locked) {
		t.Fatalf("second Begin = %v, want a *LockedError", err)
	}
	host, _ := os.Hostname()
	if locked.PID != os.Getpid() || locked.Host != host || !locked.Started.Equal(start) || locked.Path != filepath.Join(dir, LockName) {
		t.Fatalf("lock says %+v", locked)
	}
	if b, err := os.ReadFile(a.Path("x.pdf")); err != nil || string(b) != "a's" {
		t.Fatalf("the first run's staged file: %q, %v", b, err)
	}
	if err := a.Commit(); err != nil {
		t.Fatal(err)
	}
	// The lock is released: the next run goes.
	b, err := Begin(dir, start)
	if err != nil {
		t.Fatal(err)
	}
	b.Abort()
	if _, err := os.Stat(filepath.Join(dir, LockName)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("lock file after Abort: %v", err)
	}
}

func TestLockOfADeadRunIsTakenOver(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip()
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	host, _ := os.Hostname()
	stale := "pid=" + strconv.Itoa(cmd.Process.Pid) + "\nmay=" + host + "\nbat-dau=2024-04-09T08:00:00Z\n"
	os.WriteFile(filepath.Join(dir, LockName), []byte(stale), 0o644)
	// A killed run's staging folder goes too.
	os.MkdirAll(filepath.Join(dir, stagePrefix+"123", "phan-hoi"), 0o755)
	s, err := Begin(dir, start)
	if err != nil {
		t.Fatalf("Begin over a dead run's lock: %v", err)
	}
	defer s.Abort()
	b, _ := os.ReadFile(filepath.Join(dir, LockName))
	if !strings.HasPrefix(string(b), "pid="+strconv.Itoa(os.Getpid())+"\n") {
		t.Fatalf("lock holds %q", b)
	}
	ents, _ := os.ReadDir(dir)
	var names []string
	for _, e := range ents {
		if !strings.HasPrefix(e.Name(), stagePrefix) || e.Name() != filepath.Base(s.stage) {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	if want := []string{LockName}; !reflect.DeepEqual(names, want) {
		t.Fatalf("folder holds %q, want %q", names, want)
	}
	// A lock of another machine is never taken over.
	os.WriteFile(filepath.Join(dir, LockName), []byte("pid=1\nmay=may-khac\nbat-dau=2024-04-09T08:00:00Z\n"), 0o644)
	if _, err := Lock(dir, start); err == nil || err.Error() != "thư mục kết quả "+dir+" đang được một lần chạy khác của tonghop sử dụng (tiến trình 1)" {
		t.Fatalf("Lock = %v", err)
	}
}

func TestSetExplain(t *testing.T) {
	dir := t.TempDir()
	s := stage(t, dir, nil)
	defer s.Abort()
	err := s.Explain(errors.New("không ghi được " + s.Path("phan-hoi/TU01.txt") + ": ổ đĩa đã đầy"))
	if want := "không ghi được " + filepath.Join(dir, "phan-hoi", "TU01.txt") + ": ổ đĩa đã đầy"; err.Error() != want {
		t.Fatalf("Explain = %q, want %q", err, want)
	}
}

// FuzzBookkeeping: the manifest and lock readers never panic on any
// content, and a manifest never lists a file outside the output folder as
// removable.
func FuzzBookkeeping(f *testing.F) {
	f.Add([]byte(manifestHeader + "12\t1700000000000000000\tphan-hoi/TU01.txt\n"))
	f.Add([]byte("5\t1\t../../etc/passwd\n3\t2\t/abs\n"))
	f.Add([]byte("pid=12\nmay=x\nbat-dau=2024-04-10T09:30:00Z\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, ManifestName), b, 0o644)
		os.WriteFile(filepath.Join(dir, LockName), b, 0o644)
		readLock(dir, filepath.Join(dir, LockName))
		s := &Set{dir: dir}
		for _, e := range readManifest(dir) {
			if s.removable(e) && !filepath.IsLocal(filepath.FromSlash(e.rel)) {
				t.Fatalf("%q removable", e.rel)
			}
		}
	})
}

// TestLockOfAReusedPID: a lock whose process number now belongs to a
// process started at another time (the number reused after the run died)
// is taken over; one naming the live process as it started is honoured,
// and so is a lock that does not say when its process started.
func TestLockOfAReusedPID(t *testing.T) {
	// This process stands for the unrelated one now holding the number:
	// alive, and started when processStart says.
	pid := os.Getpid()
	started := processStart(pid)
	if started == "" {
		t.Skip("this system does not tell when a process started")
	}
	host, _ := os.Hostname()
	for _, tc := range []struct {
		name, process string
		taken         bool
	}{
		{"number reused", started + "1", true},
		{"same process", started, false},
		{"lock of an older tonghop", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			body := "pid=" + strconv.Itoa(pid) + "\nmay=" + host + "\nbat-dau=2024-04-09T08:00:00Z\n"
			if tc.process != "" {
				body += "tien-trinh=" + tc.process + "\n"
			}
			os.WriteFile(filepath.Join(dir, LockName), []byte(body), 0o644)
			held := readLock(dir, filepath.Join(dir, LockName))
			if got := stale(held, filepath.Join(dir, LockName), host); got != tc.taken {
				t.Fatalf("stale = %v, want %v", got, tc.taken)
			}
			if !tc.taken {
				return
			}
			unlock, err := Lock(dir, start)
			if err != nil {
				t.Fatalf("Lock over a reused number: %v", err)
			}
			b, _ := os.ReadFile(filepath.Join(dir, LockName))
			if want := "tien-trinh=" + started + "\n"; !strings.HasSuffix(string(b), want) {
				t.Errorf("lock holds %q, want it to end with %q", b, want)
			}
			unlock()
		})
	}
}

// TestReleaseLocks: what main calls on Ctrl-C or the window closed
// removes the locks this process holds.
func TestReleaseLocks(t *testing.T) {
	dirs := []string{t.TempDir(), t.TempDir()}
	for _, d := range dirs {
		if _, err := Lock(d, start); err != nil {
			t.Fatal(err)
		}
	}
	ReleaseLocks()
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, LockName)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("lock in %s after ReleaseLocks: %v", d, err)
		}
	}
}
