package format

import (
	"unicode/utf16"
	"unicode/utf8"

	"github.com/postlint/postlint/lint/syntax"
)

// Findings carry byte columns, which the text and json formats print
// (as compilers do). SARIF 2.1.0 counts columns in UTF-16 code units by
// default (columnKind utf16CodeUnits, which the sarif format states), and
// GitHub's annotations are placed by a JavaScript front end that counts
// the same way; both formats convert with the file's text, given by
// Options.Source. On ASCII lines the numbers are the same; on a line
// with "é" before the finding they differ by one per such character.

// columns converts byte columns of findings to UTF-16 code units.
type columns struct {
	source func(file string) []byte
	ascii  func(file string) bool
	// memo remembers the last conversion of a line, so that the findings
	// of one long line, which come in position order, cost one pass over
	// it rather than one each.
	memo map[string]*columnMemo
}

type columnMemo struct {
	lineStart, offset, units int
}

func newColumns(opts Options) *columns {
	return &columns{source: opts.Source, ascii: opts.ASCII, memo: map[string]*columnMemo{}}
}

// utf16 returns the UTF-16 column of p in file. Without a source (a
// library caller that passed none) the byte column is taken as it is;
// with a source that lacks the file, or whose text does not fit p, ok is
// false and the column is unknown.
func (c *columns) utf16(file string, p syntax.Position) (col int, ok bool) {
	if p.Column < 1 {
		return 0, false
	}
	if c == nil || c.source == nil {
		return p.Column, true
	}
	src := c.source(file)
	if src == nil && c.ascii != nil && c.ascii(file) {
		return p.Column, true
	}
	lineStart := p.Offset - (p.Column - 1)
	if src == nil || lineStart < 0 || p.Offset > len(src) || lineStart > 0 && src[lineStart-1] != '\n' {
		return 0, false // not the text the position was taken from
	}
	m := c.memo[file]
	from, units := lineStart, 0
	if m != nil && m.lineStart == lineStart && m.offset <= p.Offset {
		from, units = m.offset, m.units
	}
	text := src[from:p.Offset]
	for len(text) > 0 {
		r, n := utf8.DecodeRune(text)
		units += utf16.RuneLen(r)
		text = text[n:]
	}
	c.memo[file] = &columnMemo{lineStart, p.Offset, units}
	return units + 1, true
}
