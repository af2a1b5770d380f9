package testenv

import "runtime"

// Allocated returns the bytes allocated while f runs (by every goroutine:
// a test that measures it does not run in parallel with others).
func Allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
