// Package fileerr is the error of a problem at a line of a file that
// postlint reads (a settings file, a baseline), and a list of them, which
// print as compilers print theirs: "file:line: message".
package fileerr

import (
	"strconv"
	"strings"
)

// Error is one problem. It prints as "file:line: message", or
// "file: message" when the line is unknown.
type Error struct {
	File string
	Line int // 0 when unknown
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return e.File + ":" + strconv.Itoa(e.Line) + ": " + e.Msg
	}
	return e.File + ": " + e.Msg
}

// List is every problem found in one file, in file order, one a line.
type List []*Error

func (l List) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}
