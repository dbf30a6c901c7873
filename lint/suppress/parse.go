package suppress

import (
	"fmt"
	"strings"
)

// word is a blank-separated word of a comment; pos and end are byte
// offsets (in the comment line until directive.shift, then in the file).
type word struct {
	text     string
	pos, end int
}

// directive is a comment that starts with "postlint:".
type directive struct {
	text     string // the comment from its '#', without trailing blanks
	start    int    // offset of the '#'
	verb     word   // "ignore" or "ignore-file"
	fileWide bool
	ids      []word // the rule IDs and names, commas removed
	reason   string
	// err, when set, says why the directive is malformed; errAt is
	// where.
	err   string
	errAt word
}

// shift moves every offset of d by off.
func (d *directive) shift(off int) {
	d.start += off
	d.verb.pos, d.verb.end = d.verb.pos+off, d.verb.end+off
	d.errAt.pos, d.errAt.end = d.errAt.pos+off, d.errAt.end+off
	for i := range d.ids {
		d.ids[i].pos += off
		d.ids[i].end += off
	}
}

const prefix = "postlint"

// parse reads a comment line (its text without the line terminator). ok
// is false when the comment is not meant for postlint: it does not start
// with "postlint:", nor with "postlint ignore" or "postlint ignore-file"
// (a directive without its colon, reported as malformed).
func parse(line string) (d directive, ok bool) {
	hash := strings.IndexByte(line, '#')
	if hash < 0 {
		return d, false
	}
	d.start = hash
	d.text = strings.TrimRight(line[hash:], " \t\r\v\f")
	i := hash
	for i < len(line) && line[i] == '#' {
		i++
	}
	i = skipBlank(line, i)
	if len(line)-i < len(prefix) || !strings.EqualFold(line[i:i+len(prefix)], prefix) {
		return d, false
	}
	at := word{text: line[i : i+len(prefix)], pos: i, end: i + len(prefix)}
	i += len(prefix)
	colon := i < len(line) && line[i] == ':'
	if colon {
		i++
		at.end++
	}
	ws := words(line, i)
	if !colon {
		// "postlint ignore ..." is a directive without its colon; any
		// other comment that starts with the word is prose.
		if len(ws) == 0 || i < len(line) && !isBlank(line[i]) || !isVerb(ws[0].text) {
			return d, false
		}
		d.err, d.errAt = `missing ":" after "postlint"`, at
		return d, true
	}
	if len(ws) == 0 {
		d.err, d.errAt = "suppression comment without a command (want ignore or ignore-file)", at
		return d, true
	}
	d.verb = ws[0]
	if v, _, found := strings.Cut(d.verb.text, "="); found && isVerb(v) {
		d.err, d.errAt = fmt.Sprintf(`write "%s ID", without "="`, strings.ToLower(v)), d.verb
		return d, true
	}
	if !isVerb(d.verb.text) {
		d.err, d.errAt = fmt.Sprintf("unknown suppression command %q (want ignore or ignore-file)", d.verb.text), d.verb
		return d, true
	}
	d.fileWide = strings.EqualFold(d.verb.text, "ignore-file")
	// The rule list is the next word, and the words after it while
	// a word ends with a comma ("PL201, PL202").
	k := 1
	for ; k < len(ws); k++ {
		d.ids = append(d.ids, split(ws[k])...)
		if !strings.HasSuffix(ws[k].text, ",") {
			k++
			break
		}
	}
	if len(d.ids) == 0 {
		d.err, d.errAt = fmt.Sprintf("%s needs the rule IDs or names to suppress", strings.ToLower(d.verb.text)), d.verb
		return d, true
	}
	if k < len(ws) {
		d.reason = strings.TrimSpace(line[ws[k].pos:])
	}
	return d, true
}

func isVerb(s string) bool {
	return strings.EqualFold(s, "ignore") || strings.EqualFold(s, "ignore-file")
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' }

func skipBlank(s string, i int) int {
	for i < len(s) && isBlank(s[i]) {
		i++
	}
	return i
}

// words splits s[i:] into blank-separated words.
func words(s string, i int) []word {
	var ws []word
	for {
		i = skipBlank(s, i)
		if i >= len(s) {
			return ws
		}
		start := i
		for i < len(s) && !isBlank(s[i]) {
			i++
		}
		ws = append(ws, word{text: s[start:i], pos: start, end: i})
	}
}

// split splits a word at commas, dropping empty parts.
func split(w word) []word {
	var out []word
	pos := w.pos
	for _, part := range strings.Split(w.text, ",") {
		if part != "" {
			out = append(out, word{text: part, pos: pos, end: pos + len(part)})
		}
		pos += len(part) + 1
	}
	return out
}
