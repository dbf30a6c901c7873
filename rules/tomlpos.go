package rules

import (
	"regexp"
	"strconv"
	"strings"
)

// BurntSushi/toml reports keys without array indexes ("rule.severity"),
// so it cannot say which [[rule]] a misspelt or mistyped key belongs to.
// keyIndex scans the TOML source to find the line of every key and the
// rule it belongs to.

// keyEntry is a key (or table header) of the document.
type keyEntry struct {
	plain string // dotted path without indexes: rule.fix.edit.param
	rule  int    // index of the [[rule]] it is in; -1 outside any
	line  int
}

type keyIndex struct{ entries []keyEntry }

// find returns the line of the first key with the plain path in rule
// (any rule when rule < 0), falling back to the closest enclosing key or
// table; 0 when nothing matches.
func (k *keyIndex) find(plain string, rule int) int {
	for p := plain; p != ""; {
		for _, e := range k.entries {
			if e.plain == p && (rule < 0 || e.rule == rule) {
				return e.line
			}
		}
		i := strings.LastIndexByte(p, '.')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return 0
}

// all returns every entry with the plain path.
func (k *keyIndex) all(plain string) []keyEntry {
	var out []keyEntry
	for _, e := range k.entries {
		if e.plain == plain {
			out = append(out, e)
		}
	}
	return out
}

var indexRe = regexp.MustCompile(`\[[0-9]+\]`)

// scanKeys indexes the keys of a TOML document. It understands what rule
// files use: [table] and [[array]] headers, dotted and quoted keys, and
// values spanning lines (multi-line strings, arrays, inline tables),
// whose contents are skipped.
func scanKeys(src string) *keyIndex {
	k := &keyIndex{}
	s := &valueScanner{}
	counts := make(map[string]int) // array of tables path → elements so far
	table := ""
	for n, line := range strings.Split(src, "\n") {
		lineNo := n + 1
		if s.open() {
			s.scan(line)
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
			table = resolve(splitKey(name), array, counts)
			k.add(table, lineNo)
			continue
		}
		eq := keyEnd(t)
		if eq < 0 {
			continue
		}
		path := strings.Join(splitKey(t[:eq]), ".")
		if table != "" {
			path = table + "." + path
		}
		k.add(path, lineNo)
		s.scan(t[eq+1:])
	}
	return k
}

func (k *keyIndex) add(path string, line int) {
	rule := -1
	if rest, ok := strings.CutPrefix(path, "rule["); ok {
		if i := strings.IndexByte(rest, ']'); i > 0 {
			rule, _ = strconv.Atoi(rest[:i])
		}
	}
	k.entries = append(k.entries, keyEntry{plain: indexRe.ReplaceAllString(path, ""), rule: rule, line: line})
}

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

// keyEnd returns the index of the '=' after a key, or -1.
func keyEnd(t string) int {
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

// splitKey splits a dotted key, unquoting quoted parts.
func splitKey(key string) []string {
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
