package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"
)

// What a command line typed in cmd or made by Explorer needs before its
// words are commands, flags and paths: Windows hands the program its
// command line as one string and leaves patterns such as *.xlsx to it.

// quoted puts a path or a word between double quotes as the officer typed
// it: %q would double every backslash of a Windows path ("Z:\\bao-cao").
func quoted(s string) string { return `"` + s + `"` }

// isHelpWord reports whether a word asks for help the way Windows
// programs are asked ("/?").
func isHelpWord(s string) bool { return s == "/?" || s == "-?" }

// splitCommandLine splits a Windows command line (program name first)
// into its arguments by the rules of CommandLineToArgvW, as Go's runtime
// does, with one repair: a quoted argument that ends in a backslash
// ("D:\nhan-ve\", as Explorer's "Copy as path" and cmd's Tab completion
// write a folder) keeps its backslash and ends at its closing quote.
// Windows' own rule reads \" as a quote inside the argument, so the rest
// of the line (" --out X") joined the path. The repair applies to what
// reads as a path (a \ or a drive's colon, no quote), so an escaped quote
// in other text keeps Windows' meaning. repaired lists the arguments read
// by the repair.
func splitCommandLine(line string) (args, repaired []string) {
	// The program name: up to the closing quote or the first blank, no
	// escapes (CommandLineToArgvW's rule for it).
	if strings.HasPrefix(line, `"`) {
		if i := strings.IndexByte(line[1:], '"'); i >= 0 {
			line = line[i+2:]
		} else {
			line = ""
		}
	} else if i := strings.IndexAny(line, " \t"); i >= 0 {
		line = line[i:]
	} else {
		line = ""
	}
	for {
		line = strings.TrimLeft(line, " \t")
		if line == "" {
			return args, repaired
		}
		var arg []byte
		inQuote, slashes, fixed := false, 0, false
		i := 0
	word:
		for ; i < len(line); i++ {
			c := line[i]
			switch c {
			case ' ', '\t':
				if !inQuote {
					break word
				}
			case '\\':
				slashes++
				continue
			case '"':
				end := i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t'
				// Only in what reads as a path so far: a Windows name never
				// holds a quote, a path has a \ or a drive's colon.
				path := !strings.Contains(string(arg), `"`) && strings.ContainsAny(string(arg), `\:`)
				if slashes%2 == 1 && inQuote && end && path {
					// The repair: backslashes kept, the quote closes.
					arg = append(arg, strings.Repeat(`\`, slashes)...)
					inQuote, slashes, fixed = false, 0, true
					continue
				}
				arg = append(arg, strings.Repeat(`\`, slashes/2)...)
				if slashes%2 == 1 {
					arg = append(arg, '"')
				} else {
					if inQuote && i+1 < len(line) && line[i+1] == '"' {
						arg = append(arg, '"')
						i++
					}
					inQuote = !inQuote
				}
				slashes = 0
				continue
			}
			arg = append(arg, strings.Repeat(`\`, slashes)...)
			slashes = 0
			arg = append(arg, c)
		}
		arg = append(arg, strings.Repeat(`\`, slashes)...)
		args = append(args, string(arg))
		if fixed {
			repaired = append(repaired, string(arg))
		}
		line = line[i:]
	}
}

// hasPattern reports whether s holds the wildcards * or ? that cmd, unlike
// a Unix shell, leaves for the program to expand.
func hasPattern(s string) bool { return strings.ContainsAny(s, "*?") }

// expandPatterns replaces each argument holding * or ? by the files and
// folders it matches, sorted, as a Unix shell would have done: cmd passes
// "*.xlsx" as it is. On Windows names match whatever their case, as the
// file system does. An argument naming an existing file is kept as it is
// (a Unix name may hold a *). A pattern matching nothing is an error
// naming it.
func expandPatterns(args []string, goos string) ([]string, error) {
	var out []string
	for _, a := range args {
		if !hasPattern(a) {
			out = append(out, a)
			continue
		}
		if _, err := os.Lstat(a); err == nil {
			out = append(out, a)
			continue
		}
		m := glob(a, goos == "windows")
		if len(m) == 0 {
			dir := filepath.Dir(a)
			if abs, err := filepath.Abs(dir); err == nil {
				dir = abs
			}
			return nil, fmt.Errorf("không có tệp hay thư mục nào khớp mẫu %s (trong thư mục %s)", quoted(a), dir)
		}
		out = append(out, m...)
	}
	return out, nil
}

// glob returns the paths matching pattern, whose elements may hold * (any
// run of characters) and ? (one character); fold matches names whatever
// their case. Names starting with "." match only a pattern that does too.
func glob(pattern string, fold bool) []string {
	vol := filepath.VolumeName(pattern)
	rest := pattern[len(vol):]
	start := vol
	if rest != "" && os.IsPathSeparator(rest[0]) {
		start += string(filepath.Separator)
	}
	elems := strings.FieldsFunc(rest, func(r rune) bool { return r < utf8.RuneSelf && os.IsPathSeparator(uint8(r)) })
	found := []string{start}
	for _, el := range elems {
		var next []string
		for _, dir := range found {
			if !hasPattern(el) {
				next = append(next, filepath.Join(dir, el))
				continue
			}
			read := dir
			if read == "" {
				read = "."
			}
			ents, err := os.ReadDir(read)
			if err != nil {
				continue
			}
			for _, e := range ents {
				if strings.HasPrefix(e.Name(), ".") && !strings.HasPrefix(el, ".") {
					continue
				}
				if wildcard(el, e.Name(), fold) {
					next = append(next, filepath.Join(dir, e.Name()))
				}
			}
		}
		found = next
	}
	var out []string
	for _, p := range found {
		if _, err := os.Lstat(p); err == nil && p != start {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// wildcard reports whether name matches pattern, where * stands for any
// run of characters and ? for one; nothing else is special (a Windows name
// may hold [ and ]).
func wildcard(pattern, name string, fold bool) bool {
	if fold {
		pattern, name = strings.ToLower(pattern), strings.ToLower(name)
	}
	p, n := []rune(pattern), []rune(name)
	// Classic backtracking over the last *: linear in practice.
	pi, ni, star, mark := 0, 0, -1, 0
	for ni < len(n) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == n[ni]):
			pi++
			ni++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, ni
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			ni = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
