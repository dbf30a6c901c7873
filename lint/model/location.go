package model

import (
	"sort"

	"github.com/postlint/postlint/lint/syntax"
)

// Location is a range of bytes in a file: a main.cf or master.cf, or a
// lookup table source file. The zero Location means "nowhere" (for
// example the location of a parameter that is not set).
type Location struct {
	File        string
	Pos, End    syntax.Pos
	Start, Stop syntax.Position
}

// IsZero reports whether l points nowhere.
func (l Location) IsZero() bool { return l.Start.Line == 0 }

// Before reports whether l starts before o in the same file. (Rule
// expressions cannot compare Pos values directly: expr does not order
// named integer types.)
func (l Location) Before(o Location) bool { return l.File == o.File && l.Pos < o.Pos }

// source is a file that locations can point into.
type source interface {
	name() string
	position(p syntax.Pos) syntax.Position
}

// syntaxSource adapts a parsed configuration file.
type syntaxSource struct{ f *syntax.File }

func (s syntaxSource) name() string                          { return s.f.Name }
func (s syntaxSource) position(p syntax.Pos) syntax.Position { return s.f.Position(p) }

// textSource is a plain text file, such as the source of a hash: table.
type textSource struct {
	path   string
	starts []int // offset of each line's first byte
}

func newTextSource(path string, src []byte) *textSource {
	t := &textSource{path: path, starts: []int{0}}
	for i, c := range src {
		if c == '\n' && i+1 < len(src) {
			t.starts = append(t.starts, i+1)
		}
	}
	return t
}

func (t *textSource) name() string { return t.path }

func (t *textSource) position(p syntax.Pos) syntax.Position {
	i := sort.SearchInts(t.starts, int(p)+1) - 1
	i = max(i, 0)
	return syntax.Position{Filename: t.path, Offset: int(p), Line: i + 1, Column: int(p) - t.starts[i] + 1}
}

// locate makes the Location of src[pos:end].
func locate(src source, pos, end syntax.Pos) Location {
	if src == nil {
		return Location{}
	}
	return Location{File: src.name(), Pos: pos, End: end, Start: src.position(pos), Stop: src.position(end)}
}
