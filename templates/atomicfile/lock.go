package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// LockName is the lock file a run holds in its output folder while it
// writes there, so that two runs never write (or clean up) one folder at
// once.
const LockName = ".tonghop-dang-chay.lock"

// LockedError says that another run holds the output folder.
type LockedError struct {
	Dir     string    // the output folder
	Path    string    // the lock file
	PID     int       // the other run's process, 0 when unreadable
	Host    string    // the machine it runs on
	Started time.Time // when it took the lock, zero when unreadable
	// Process is when the holder's process started (processStart), ""
	// when the lock does not say: a lock whose number now belongs to a
	// process started at another time is a dead run's.
	Process string
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("thư mục kết quả %s đang được một lần chạy khác của tonghop sử dụng (tiến trình %d)", e.Dir, e.PID)
}

// Lock takes the output folder dir for this process: it creates
// dir/LockName exclusively, holding the process id, the machine, the
// start time and when the process started. A lock left by a process of
// this machine that no longer runs — or whose number a process started
// since has taken — is taken over; a lock of a live process (or of
// another machine, whose processes cannot be checked) gives a
// *LockedError. The folder must exist. unlock removes the lock file;
// ReleaseLocks does too, for a run stopped by Ctrl-C or its window closed.
func Lock(dir string, now time.Time) (unlock func(), err error) {
	path := filepath.Join(dir, LockName)
	host, _ := os.Hostname()
	body := fmt.Sprintf("pid=%d\nmay=%s\nbat-dau=%s\n", os.Getpid(), host, now.UTC().Format(time.RFC3339))
	if p := processStart(os.Getpid()); p != "" {
		body += "tien-trinh=" + p + "\n"
	}
	removeStaleLockTemps(dir)
	for attempt := 0; attempt < 3; attempt++ {
		// The lock appears whole or not at all: written under another name,
		// then linked into place (link fails when the lock exists). A run
		// killed between creating and writing the lock would otherwise
		// leave an empty lock that no one could tell from a live one.
		if err := linkLock(dir, path, body); err == nil {
			return holding(path), nil
		} else if errors.Is(err, fs.ErrExist) {
			held := readLock(dir, path)
			if stale(held, path, host) {
				aside := fmt.Sprintf("%s.%d.cu", path, os.Getpid())
				if err := os.Rename(path, aside); err == nil {
					os.Remove(aside)
				}
				continue
			}
			return nil, held
		}
		// No hard links on this disk (FAT, some network shares): create
		// the lock exclusively and write it.
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			_, werr := f.WriteString(body)
			if cerr := f.Close(); werr == nil {
				werr = cerr
			}
			if werr != nil {
				os.Remove(path)
				return nil, fmt.Errorf("không ghi được tệp khóa %s: %s", path, Reason(werr))
			}
			return holding(path), nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, &OutDirError{Dir: dir, Op: "không ghi được vào thư mục kết quả", Reason: Reason(err)}
		}
		held := readLock(dir, path)
		if !stale(held, path, host) {
			return nil, held
		}
		// The holder is dead: move its lock aside under a name of our
		// own, so that of two runs taking over at once only one succeeds
		// and neither removes the other's fresh lock.
		aside := fmt.Sprintf("%s.%d.cu", path, os.Getpid())
		if err := os.Rename(path, aside); err == nil {
			os.Remove(aside)
		}
	}
	return nil, readLock(dir, path)
}

// readLock reads what a lock file says about its holder.
// linkLock writes the lock's body under a temporary name and links it to
// path.
func linkLock(dir, path, body string) error {
	tmp := fmt.Sprintf("%s.%d.tmp", path, os.Getpid())
	if err := os.WriteFile(tmp, []byte(body), 0o644); err != nil {
		return err
	}
	defer os.Remove(tmp)
	return os.Link(tmp, path)
}

// removeStaleLockTemps removes the lock bodies that runs killed before
// linking them left: "<lock>.<pid>.tmp" whose process is gone.
func removeStaleLockTemps(dir string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		rest, ok := strings.CutPrefix(e.Name(), LockName+".")
		if !ok || !e.Type().IsRegular() {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSuffix(rest, ".tmp"))
		if err != nil || !strings.HasSuffix(rest, ".tmp") || processAlive(pid) {
			continue
		}
		os.Remove(filepath.Join(dir, e.Name()))
	}
}

// staleAfter is how old a lock that names no process must be before it is
// taken for the leftover of a run killed while writing it.
const staleAfter = time.Minute

// stale reports whether a lock was left by a run that no longer runs: its
// process, on this machine, is gone, or its number now names a process
// started at another time; or it names no process and is older than
// staleAfter.
func stale(held *LockedError, path, host string) bool {
	if held.PID == 0 {
		st, err := os.Lstat(path)
		return err == nil && time.Since(st.ModTime()) > staleAfter
	}
	if held.Host != host {
		return false
	}
	if !processAlive(held.PID) {
		return true
	}
	now := processStart(held.PID)
	return held.Process != "" && now != "" && now != held.Process
}

// locks are the lock files this process holds, for ReleaseLocks.
var locks = struct {
	sync.Mutex
	paths map[string]bool
}{paths: map[string]bool{}}

// holding records the lock file at path as held and returns its unlock.
func holding(path string) func() {
	locks.Lock()
	locks.paths[path] = true
	locks.Unlock()
	return func() {
		locks.Lock()
		delete(locks.paths, path)
		locks.Unlock()
		os.Remove(path)
	}
}

// ReleaseLocks removes every lock file this process holds. main calls it
// when the run is stopped (Ctrl-C, the console window closed), so that the
// next run is not refused; what the run staged is cleared by the next one.
func ReleaseLocks() {
	locks.Lock()
	defer locks.Unlock()
	for p := range locks.paths {
		os.Remove(p)
		delete(locks.paths, p)
	}
}

func readLock(dir, path string) *LockedError {
	e := &LockedError{Dir: dir, Path: path}
	if st, err := os.Lstat(path); err != nil || !st.Mode().IsRegular() || st.Size() > 4096 {
		return e
	}
	f, err := os.Open(path)
	if err != nil {
		return e
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), "=")
		switch k {
		case "pid":
			e.PID, _ = strconv.Atoi(v)
		case "may":
			e.Host = v
		case "bat-dau":
			e.Started, _ = time.Parse(time.RFC3339, v)
		case "tien-trinh":
			e.Process = v
		}
	}
	return e
}
