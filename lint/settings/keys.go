package settings

import "strings"

// BurntSushi/toml does not tell where a key is, so keyLines scans the
// source for the line of every key and table header. It understands what
// a configuration file uses: [table] headers, dotted and quoted keys, and
// values that span lines (multi-line strings and arrays, inline tables),
// whose contents it skips.

// keyLine is a key or table header and the lines its value spans.
type keyLine struct {
	path       string // dotted path, quotes removed: severity.PL201
	line, last int
}

type keyLines struct {
	entries []keyLine
	lines   []string
}

func scanKeys(src string) *keyLines {
	k := &keyLines{lines: strings.Split(src, "\n")}
	var s valueScanner
	table := ""
	for n, line := range k.lines {
		lineNo := n + 1
		if s.open() {
			s.scan(line)
			k.entries[len(k.entries)-1].last = lineNo
			continue
		}
		t := strings.TrimSpace(line)
		if t == "" || t[0] == '#' {
			continue
		}
		if t[0] == '[' {
			name := strings.TrimLeft(t, "[")
			if i := strings.IndexByte(name, ']'); i >= 0 {
				name = name[:i]
			}
			table = strings.Join(splitKey(name), ".")
			k.entries = append(k.entries, keyLine{table, lineNo, lineNo})
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
		k.entries = append(k.entries, keyLine{path, lineNo, lineNo})
		s.scan(t[eq+1:])
	}
	return k
}

// find returns the entry of a key: the first with this path or, failing
// that, a key below it (a dotted key "a.b = 1" for "a"), else the
// closest enclosing key or table. The zero keyLine means none.
func (k *keyLines) find(path string) keyLine {
	for p := path; p != ""; {
		for _, e := range k.entries {
			if e.path == p || strings.HasPrefix(e.path, p+".") {
				return e
			}
		}
		i := strings.LastIndexByte(p, '.')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return keyLine{}
}

// line returns the line of a key, 0 when unknown.
func (k *keyLines) line(path string) int { return k.find(path).line }

// elemLine returns the line of the string elem in the array value of the
// key: the first line of the value that holds it quoted, else the key's.
func (k *keyLines) elemLine(path, elem string) int {
	e := k.find(path)
	for n := e.line; n > 0 && n <= e.last && n <= len(k.lines); n++ {
		l := k.lines[n-1]
		if strings.Contains(l, `"`+elem+`"`) || strings.Contains(l, `'`+elem+`'`) {
			return n
		}
	}
	return e.line
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
			parts = append(parts, cur.String())
			cur.Reset()
		case c != ' ' && c != '\t':
			cur.WriteByte(c)
		}
	}
	return append(parts, cur.String())
}

// valueScanner follows a TOML value across lines: strings (multi-line
// ones too), arrays and inline tables.
type valueScanner struct {
	delim string // the open string's delimiter: ", ', """ or '''
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
