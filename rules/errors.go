package rules

import (
	"strconv"
	"strings"
)

// LoadError is a problem in a rules file. It prints as
// "file:line: rule ID: message".
type LoadError struct {
	File string
	Line int    // 0 when unknown
	Rule string // the rule's ID, "rule #n" before its ID is known, or ""
	Msg  string
}

func (e *LoadError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":" + strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Rule != "" {
		b.WriteString("rule " + e.Rule + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors is every problem found while loading, in file order.
type Errors []*LoadError

func (es Errors) Error() string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

func itoa(n int) string { return strconv.Itoa(n) }
