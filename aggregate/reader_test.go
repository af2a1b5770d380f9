package aggregate

import (
	"tonghop/aggregate/gate"
	"tonghop/templates"
)

// readFile reads one file the way a merge does (Reader.readPath, every
// step), and returns its first report: the tests' files hold one.
func readFile(c *templates.Campaign, path string, opts ReadOptions) *Report {
	return NewReader(c, opts).readPath(path)[0]
}

// readBytes reads content already in memory from the step after the
// containers (Reader.readBlob), and returns its first report.
func readBytes(c *templates.Campaign, name string, data []byte, opts ReadOptions) *Report {
	return NewReader(c, opts).readData(name, data)
}

// readData is readBytes with a reader of the test's own.
func (rr *Reader) readData(name string, data []byte) *Report {
	return rr.readBlob(blob{name: name, data: data, kind: gate.Classify(data)})[0]
}
