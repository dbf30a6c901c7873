package model

import (
	"bytes"
	"path/filepath"
	"strings"

	"github.com/postlint/postlint/internal/safefile"
	"github.com/postlint/postlint/lint/syntax"
)

// maxTableSize bounds the lookup table sources postlint reads.
const maxTableSize = 16 << 20

// mapEntry is one key and result of a lookup table.
type mapEntry struct {
	key   string
	value text
}

// indexedTypes are the table types whose source is a "key value" text
// file that postmap compiles (or, for texthash, reads directly).
var indexedTypes = map[string]bool{
	"hash": true, "lmdb": true, "btree": true, "cdb": true,
	"dbm": true, "sdbm": true, "texthash": true,
}

// TableEntry is one entry of a lookup table.
type TableEntry struct {
	Key   string
	Value string   // the lookup result, trimmed
	At    Location // where the result is written
}

// Table returns the entries of the lookup tables that the effective
// main.cf setting of a maps parameter (such as transport_maps) lists, as
// far as postlint can read them: inline:{...} and static: tables, and
// the source files of indexed tables (see readTable).
func (c *Config) Table(name string) []TableEntry {
	var out []TableEntry
	for _, e := range c.mapEntries(name) {
		out = append(out, TableEntry{Key: e.key, Value: e.value.s, At: e.value.loc()})
	}
	return out
}

// mapEntries returns the entries postlint can read from the tables of the
// main.cf maps parameter name: inline:{...} and static: tables, and the
// source files of indexed tables (see readTable). Other table types
// (regexp, pcre, ldap, ...) are skipped.
func (c *Config) mapEntries(name string) []mapEntry {
	p := c.mainParam(name)
	if p == nil {
		return nil
	}
	return c.paramEntries(p)
}

// paramEntries returns the entries postlint can read from the tables that
// setting p lists, expanded in its scope (main.cf or its service).
func (c *Config) paramEntries(p *Param) []mapEntry {
	v := c.main
	if p.Service != nil {
		v = p.Service.view
	}
	var out []mapEntry
	for _, it := range splitItems(p.Value) {
		t := text{s: p.Value, at: p.Span}.sub(it.start, it.end)
		if strings.Contains(t.s, "$") {
			t = whole(v.expandText(t.s), t.loc())
		}
		out = append(out, c.tableEntries(t)...)
	}
	return out
}

// tableEntries reads one table reference "type:name".
func (c *Config) tableEntries(t text) []mapEntry {
	for {
		typ, rest, ok := t.cut(":")
		if !ok {
			return nil
		}
		if typ.s != "proxy" && typ.s != "debug" {
			break
		}
		t = rest
	}
	typ, name, _ := t.cut(":")
	switch {
	case typ.s == "inline":
		return inlineEntries(name)
	case typ.s == "static":
		return []mapEntry{{key: "*", value: unbrace(name)}}
	case indexedTypes[typ.s]:
		return c.readTable(name.s)
	}
	return nil
}

// unbrace strips the braces of a "{ text }" group and the white space
// inside.
func unbrace(t text) text {
	if len(t.s) >= 2 && t.s[0] == '{' && t.s[len(t.s)-1] == '}' {
		return t.sub(1, len(t.s)-1).trim()
	}
	return t
}

// inlineEntries reads "{ key=value, { key = value } }".
func inlineEntries(t text) []mapEntry {
	if len(t.s) < 2 || t.s[0] != '{' || t.s[len(t.s)-1] != '}' {
		return nil
	}
	t = t.sub(1, len(t.s)-1)
	var out []mapEntry
	for _, it := range splitItems(t.s) {
		e := unbrace(t.sub(it.start, it.end))
		k, v, ok := e.cut("=")
		if !ok {
			continue
		}
		out = append(out, mapEntry{key: strings.TrimSpace(k.s), value: v.trim()})
	}
	return out
}

// tableFile is a table source file that was read.
type tableFile struct {
	entries []mapEntry
}

// readTable reads the source of an indexed table: the file with the
// table's base name next to main.cf, else the path itself when it is
// absolute. Missing or unreadable files give no entries.
func (c *Config) readTable(name string) []mapEntry {
	if c.tables == nil {
		c.tables = make(map[string]*tableFile)
	}
	if tf, ok := c.tables[name]; ok {
		return tf.entries
	}
	tf := &tableFile{}
	c.tables[name] = tf
	for _, cand := range c.tableCandidates(name) {
		src, err := readSmallFile(cand.path)
		if err != nil {
			continue
		}
		tf.entries = tableLines(newTextSource(cand.display, src), src)
		break
	}
	return tf.entries
}

type tablePath struct{ path, display string }

func (c *Config) tableCandidates(name string) []tablePath {
	var out []tablePath
	base := filepath.Base(name)
	if base != "." && base != string(filepath.Separator) {
		dir, display := c.Dir, ""
		if c.MainFile != nil {
			display = filepath.Dir(c.MainFile.Name)
			if dir == "" {
				dir = display
			}
		} else {
			display = dir
		}
		out = append(out, tablePath{filepath.Join(dir, base), filepath.Join(display, base)})
	}
	if filepath.IsAbs(name) {
		out = append(out, tablePath{name, name})
	}
	return out
}

func readSmallFile(path string) ([]byte, error) {
	b, _, err := safefile.Read(path, maxTableSize)
	return b, err
}

// tableLines reads the "key value" lines of a table source. Comment and
// blank lines are skipped, and so are continuation lines (starting with
// white space).
func tableLines(src *textSource, b []byte) []mapEntry {
	var out []mapEntry
	for off := 0; off < len(b); {
		end := len(b)
		if i := bytes.IndexByte(b[off:], '\n'); i >= 0 {
			end = off + i
		}
		line := strings.TrimSuffix(string(b[off:end]), "\r")
		start := off
		off = end + 1
		if line == "" || line[0] == ' ' || line[0] == '\t' {
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		k := strings.IndexAny(line, " \t")
		if k < 0 {
			continue
		}
		t := text{s: line, at: func(i, j int) Location {
			return locate(src, syntax.Pos(start+i), syntax.Pos(start+j))
		}}
		v := t.sub(k, len(line)).trim()
		if v.s == "" {
			continue
		}
		out = append(out, mapEntry{key: line[:k], value: v})
	}
	return out
}
