// Package isolate runs a parse in a worker process of the running program,
// so that what Go cannot recover from — "fatal error: stack overflow", "out
// of memory", a runaway loop — costs only the file being parsed. It sits
// under the parsers of untrusted files that use code we do not own (the PDF
// library first) and knows nothing of the rest of the program.
//
// A job is registered by name from the init function of the package that
// owns it. Run starts os.Executable() again with the job's name in the
// environment, sends the input on standard input and reads the result on
// standard output. In the worker, Register of that name serves the job at
// once and exits, before main (or a test binary's TestMain) is reached: the
// same mechanism works in tonghop, in every test binary that links the
// package, under -race and on Windows, with no hook in main. The packages
// the job needs are initialised by then, since the registering package's
// init runs after those of its dependencies.
//
// The worker runs with a smaller stack limit (a runaway recursion stops in
// milliseconds, not after a gigabyte), a soft memory limit, a hard memory
// cap checked by a watchdog, and the parent kills it past a time limit.
package isolate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"
	"tonghop/aggregate/gate"
)

// Job turns input bytes into output bytes. Its error's text is passed back
// to Run's caller as a Failure.
type Job func(in []byte) ([]byte, error)

// Limits bounds one worker. A zero field takes its value from the limits
// policy (package gate).
type Limits struct {
	Memory int64         // bytes the worker may hold
	Time   time.Duration // wall time from start to result
	Output int64         // bytes of result
}

// withDefaults fills the zero fields of l from the limits policy
// (package gate).
func (l Limits) withDefaults() Limits {
	l.Memory = gate.Bound(l.Memory, gate.WorkerMemory)
	l.Time = gate.Bound(l.Time, gate.WorkerTime)
	l.Output = gate.Bound(l.Output, gate.WorkerOutput)
	return l
}

// The environment that makes a process a worker: the job's name and its
// memory cap.
const (
	envJob    = "TONGHOP_ISOLATE_JOB"
	envMemory = "TONGHOP_ISOLATE_MEMORY"
)

// workerStack bounds the worker's goroutine stacks (Go's default is 1 GB):
// no parse we run needs more, and a recursion without end stops early. It
// is at most an eighth of the memory cap, so that a runaway recursion is
// told as what it is rather than as memory.
const workerStack = 8 << 20

// Exit codes of a worker that stopped itself.
const (
	exitOK     = 0
	exitJobErr = 3 // the job returned an error: its text is on stdout
	exitMemory = 4 // the watchdog saw the cap passed
	exitUsage  = 5 // no input or a broken environment
)

var jobs = map[string]Job{}

// Register records job under name. In a worker started for name, it runs
// the job on standard input and exits the process instead of returning.
// Call it from an init function.
func Register(name string, job Job) {
	if _, dup := jobs[name]; dup {
		panic("isolate: job registered twice: " + name)
	}
	jobs[name] = job
	if os.Getenv(envJob) == name {
		os.Exit(serve(job, os.Stdin, os.Stdout))
	}
}

// serve is the worker's side: limits set, input read, job run, result
// written. It returns the exit code.
func serve(job Job, in io.Reader, out io.Writer) int {
	limit, err := strconv.ParseInt(os.Getenv(envMemory), 10, 64)
	if err != nil || limit <= 0 {
		return exitUsage
	}
	debug.SetMaxStack(int(min(workerStack, limit/8)))
	// The soft limit makes the collector work harder well before the cap.
	debug.SetMemoryLimit(limit / 4 * 3)
	go watchdog(limit)
	data, err := io.ReadAll(in)
	if err != nil {
		return exitUsage
	}
	res, err := job(data)
	if err != nil {
		io.WriteString(out, err.Error())
		return exitJobErr
	}
	out.Write(res)
	return exitOK
}

// watchdog ends the worker when the memory it holds from the system passes
// limit: the soft limit alone does not stop a job that keeps what it
// allocates.
func watchdog(limit int64) {
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	for {
		metrics.Read(s)
		if int64(s[0].Value.Uint64()-s[1].Value.Uint64()) > limit {
			fmt.Fprintln(os.Stderr, "isolate: memory cap passed")
			os.Exit(exitMemory)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Failure is why a job gave no result, in Vietnamese words, without the
// file's name (the caller adds it).
type Failure struct {
	Reason string
	// Crashed is true when the worker stopped without answering (a fatal
	// error, a cap or the time limit), false when the job returned an error.
	Crashed bool
}

func (f *Failure) Error() string { return f.Reason }

// Run runs the job registered as name on in, in a worker process, within
// lim. The error is a *Failure whenever the worker could be started.
func Run(name string, in []byte, lim Limits) ([]byte, error) {
	if _, ok := jobs[name]; !ok {
		return nil, fmt.Errorf("isolate: no job %q", name)
	}
	lim = lim.withDefaults()
	exe, err := os.Executable()
	if err != nil {
		return nil, &Failure{Reason: "không chạy được tiến trình đọc riêng: " + err.Error(), Crashed: true}
	}
	ctx, cancel := context.WithTimeout(context.Background(), lim.Time)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe)
	cmd.Env = append(os.Environ(), envJob+"="+name, envMemory+"="+strconv.FormatInt(lim.Memory, 10))
	cmd.Stdin = bytes.NewReader(in)
	stdout := &capped{max: lim.Output}
	stderr := &capped{max: 64 << 10}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.WaitDelay = time.Second
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		return nil, &Failure{Reason: fmt.Sprintf("đọc quá %s giây nên đã dừng", seconds(lim.Time)), Crashed: true}
	case stdout.over:
		return nil, &Failure{Reason: fmt.Sprintf("kết quả đọc quá lớn (hơn %d MB)", lim.Output>>20), Crashed: true}
	case err == nil:
		return stdout.b.Bytes(), nil
	case errors.As(err, &exit) && exit.ExitCode() == exitJobErr:
		return nil, &Failure{Reason: stdout.b.String()}
	case errors.As(err, &exit):
		return nil, &Failure{Reason: crashReason(exit.ExitCode(), stderr.b.String(), lim), Crashed: true}
	}
	return nil, &Failure{Reason: "không chạy được tiến trình đọc riêng: " + err.Error(), Crashed: true}
}

// crashReason says in words why a worker stopped, from its exit code and
// what the Go runtime printed.
func crashReason(code int, stderr string, lim Limits) string {
	switch {
	case strings.Contains(stderr, "stack overflow") || strings.Contains(stderr, "stack exceeds"):
		return "cấu trúc tệp lặp lại hoặc lồng nhau vô hạn (tràn ngăn xếp khi đọc)"
	case code == exitMemory || strings.Contains(stderr, "out of memory"):
		return fmt.Sprintf("đọc tệp đòi quá nhiều bộ nhớ (hơn %d MB)", lim.Memory>>20)
	}
	return fmt.Sprintf("chương trình đọc tệp dừng bất thường (mã %d)", code)
}

// seconds writes d in seconds the Vietnamese way: "5", "0,5".
func seconds(d time.Duration) string {
	return strings.Replace(strconv.FormatFloat(d.Seconds(), 'f', -1, 64), ".", ",", 1)
}

// capped keeps at most max bytes and notes when more came.
type capped struct {
	b    bytes.Buffer
	max  int64
	over bool
}

func (c *capped) Write(p []byte) (int, error) {
	if room := c.max - int64(c.b.Len()); int64(len(p)) > room {
		c.over = true
		c.b.Write(p[:max(room, 0)])
		return len(p), nil
	}
	return c.b.Write(p)
}
