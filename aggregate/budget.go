package aggregate

import (
	"errors"
	"fmt"
	"os"
	"time"

	"tonghop/aggregate/gate"
	"tonghop/aggregate/infile"
	"tonghop/templates/atomicfile"
)

// Every file gets a budget. Its bytes are read by package infile (opened
// without blocking, only a regular file, through a size limit, within a
// deadline), and reading it must finish within gate.FileTime: a file that
// does not is reported and the run goes on.

// withinBudget runs read and returns its report, or the report of
// onTimeout when read has not finished within d. The read cannot be
// stopped from outside (the format libraries take no context): it goes on
// in the background and its report is dropped, while the run goes on with
// the next file.
func withinBudget[T any](d time.Duration, read func() T, onTimeout func() T) T {
	done := make(chan T, 1) // buffered: a late read never blocks
	go func() { done <- read() }()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case r := <-done:
		return r
	case <-timer.C:
		return onTimeout()
	}
}

// load reads a file's bytes within the size limit, or returns the report
// saying why it cannot.
func load(path string) ([]byte, os.FileInfo, *Report) {
	data, st, err := infile.Read(path, gate.MaxFileSize)
	if err == nil {
		return data, st, nil
	}
	r := &Report{File: FileInfo{Path: path}}
	if st != nil {
		r.File.Size, r.File.ModTime = st.Size(), st.ModTime()
	}
	var big infile.TooLargeError
	switch {
	case errors.As(err, &big):
		r.File.Size = max(r.File.Size, big.Size)
		return nil, nil, rejected(r, tooLarge(big.Size))
	case err == infile.ErrIsDir, err == infile.ErrTimeout:
		return nil, nil, rejected(r, err.Error())
	case err == infile.ErrNotRegular:
		return nil, nil, skippedFile(r, err.Error()+", bỏ qua")
	case st == nil:
		return nil, nil, rejected(r, fmt.Sprintf("không mở được tệp: %v", osErr(err)))
	}
	return nil, nil, rejected(r, fmt.Sprintf("không đọc được tệp: %v", osErr(err)))
}

// tooLarge says that a file is over MaxFileSize, and what to do.
func tooLarge(n int64) string {
	return fmt.Sprintf("tệp quá lớn (%s; giới hạn %s): báo cáo đơn vị chỉ cần vài chục KB — xóa ảnh dán vào bảng tính hoặc gửi lại đúng tệp biểu mẫu",
		gate.ByteSize(n), gate.ByteSize(gate.MaxFileSize))
}

// overBudget says that a file took too long to read.
func overBudget(d time.Duration) string {
	return fmt.Sprintf("đọc tệp quá %d giây nên đã bỏ qua: tệp có cấu trúc bất thường (có thể bị hỏng hoặc được tạo để gây hại) — đề nghị đơn vị mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại", int(d/time.Second))
}

// osErr says in Vietnamese why a file could not be read; atomicfile.Reason
// words what reading has no words of its own for (Windows' codes among
// them).
func osErr(err error) string {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "không có tệp này"
	case errors.Is(err, os.ErrPermission):
		return "không có quyền đọc"
	}
	return atomicfile.Reason(err)
}
