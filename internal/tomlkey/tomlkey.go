// Package tomlkey finds where keys stand in a TOML document.
//
// BurntSushi/toml reports unknown keys by path but not by line, and
// without array indexes. Scan reads the source once more to give every key
// and table header its line, and its path with the index of each array of
// tables ("rule[2].fix[0].edit[0].param"), so that errors can name
// file:line. It understands what postlint's files use: [table] and
// [[array]] headers, dotted and quoted keys, and values that span lines
// (multi-line strings, arrays, inline tables), whose contents it skips.
package tomlkey

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// Entry is a key or table header and the lines its value spans.
type Entry struct {
	Path       string // dotted, quotes removed, arrays of tables indexed: rule[0].severity
	Line, Last int
}

// Scan returns the keys and table headers of a TOML document in order.
func Scan(src string) []Entry {
	var entries []Entry
	var s valueScanner
	counts := make(map[string]int) // array of tables path → elements so far
	table := ""
	for n, line := range strings.Split(src, "\n") {
		lineNo := n + 1
		if s.open() {
			s.scan(line)
			entries[len(entries)-1].Last = lineNo
			continue
		}
		t := strings.TrimSpace(line)
		if t == "" || t[0] == '#' {
			continue
		}
		if t[0] == '[' {
			array := strings.HasPrefix(t, "[[")
			name := strings.TrimLeft(t, "[")
			if i := strings.IndexByte(name, ']'); i >= 0 {
				name = name[:i]
			}
			table = resolve(SplitKey(name), array, counts)
			entries = append(entries, Entry{table, lineNo, lineNo})
			continue
		}
		eq := KeyEnd(t)
		if eq < 0 {
			continue
		}
		path := strings.Join(SplitKey(t[:eq]), ".")
		if table != "" {
			path = table + "." + path
		}
		entries = append(entries, Entry{path, lineNo, lineNo})
		s.scan(t[eq+1:])
	}
	return entries
}

var indexRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\[[0-9]+\]`) })

// Plain drops the array indexes of a path: rule[0].fix[1].title is
// rule.fix.title, the form BurntSushi/toml reports.
func Plain(path string) string { return indexRe().ReplaceAllString(path, "") }

// resolve turns header components into an indexed path: each component
// that names an array of tables refers to its last element, and an
// [[array]] header adds an element.
func resolve(comps []string, array bool, counts map[string]int) string {
	path := ""
	for i, c := range comps {
		if path != "" {
			path += "."
		}
		path += c
		if n, ok := counts[path]; ok || array && i == len(comps)-1 {
			if array && i == len(comps)-1 {
				counts[path] = n + 1
				n++
			}
			path += "[" + strconv.Itoa(n-1) + "]"
		}
	}
	return path
}

// KeyEnd returns the index of the '=' after a key, or -1.
func KeyEnd(t string) int {
	var quote byte
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '=':
			return i
		case c == '#':
			return -1
		}
	}
	return -1
}

// SplitKey splits a dotted key, unquoting quoted parts.
func SplitKey(key string) []string {
	var parts []string
	var cur strings.Builder
	var quote byte
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' && i+1 < len(key) {
				i++
				cur.WriteByte(key[i])
			} else if c == quote {
				quote = 0
			} else {
				cur.WriteByte(c)
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '.':
			parts = append(parts, strings.TrimSpace(cur.String()))
			cur.Reset()
		case c != ' ' && c != '\t':
			cur.WriteByte(c)
		}
	}
	return append(parts, strings.TrimSpace(cur.String()))
}

// valueScanner follows a TOML value across lines: strings (including
// multi-line ones), arrays and inline tables.
type valueScanner struct {
	delim string // open string delimiter: `"`, `'`, `"""` or `'''`
	depth int    // open [ and {
}

// open reports whether the value continues on the next line.
func (s *valueScanner) open() bool { return s.delim != "" || s.depth > 0 }

func (s *valueScanner) scan(line string) {
	for i := 0; i < len(line); i++ {
		c := line[i]
		if s.delim != "" {
			switch {
			case c == '\\' && s.delim[0] == '"':
				i++
			case strings.HasPrefix(line[i:], s.delim):
				i += len(s.delim) - 1
				s.delim = ""
			}
			continue
		}
		switch c {
		case '#':
			return
		case '"', '\'':
			s.delim = string(c)
			if strings.HasPrefix(line[i:], strings.Repeat(string(c), 3)) {
				s.delim = strings.Repeat(string(c), 3)
				i += 2
			}
		case '[', '{':
			s.depth++
		case ']', '}':
			if s.depth > 0 {
				s.depth--
			}
		}
	}
	// Single-line strings end with the line.
	if len(s.delim) == 1 {
		s.delim = ""
	}
}
