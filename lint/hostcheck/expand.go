package hostcheck

import (
	"strings"

	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/lint/syntax"
)

// maxExpand bounds the nesting of $name references, as Postfix does.
const maxExpand = 100

// value returns the effective value of name in the view, as Postfix on
// this host sees it. It differs from the model's expansion in two ways:
// $config_directory, when the configuration does not set it, is the
// directory being checked (the model only knows that its default is
// whatever "postconf -d" says); and a reference to another parameter whose
// default only "postconf -d" knows (queue_directory, data_directory,
// meta_directory, ...) makes the value unknown: ok is false, and the
// check is skipped rather than made on a wrong path. Conditional forms
// (${name?value}, ${name:value}) are left to the model.
func (c *checker) value(v view, name string) (s string, ok bool) {
	s, st := c.expand(v, v.raw(name), 0)
	switch st {
	case expandUnknown:
		return "", false
	case expandUnsupported:
		return v.get(name), true
	}
	return s, true
}

type expandState int

const (
	expandOK expandState = iota
	expandUnknown
	expandUnsupported
)

// expand replaces the $name, ${name} and $(name) references of s, and
// $$, as value describes.
func (c *checker) expand(v view, s string, depth int) (string, expandState) {
	if !strings.Contains(s, "$") {
		return strings.TrimSpace(s), expandOK
	}
	if depth > maxExpand {
		return "", expandUnknown
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 < len(s) && s[i+1] == '$' {
			b.WriteByte('$')
			i++
			continue
		}
		n, ok := macroName(s[i+1:])
		if !ok {
			return "", expandUnsupported
		}
		name := strings.Trim(s[i+1:i+1+n], "{}()")
		i += n
		x, st := c.macro(v, name, depth)
		if st != expandOK {
			return "", st
		}
		b.WriteString(x)
	}
	return strings.TrimSpace(b.String()), expandOK
}

// macro returns the value of one referenced parameter.
func (c *checker) macro(v view, name string, depth int) (string, expandState) {
	if v.scopeSets(name) {
		return c.expand(v, v.raw(name), depth+1)
	}
	if name == "config_directory" {
		if c.dir == "" {
			return "", expandUnknown
		}
		return c.dir, expandOK
	}
	if p, ok := postfix.Lookup(name); ok && !p.Template {
		if _, literal := p.DefaultIn(c.cfg.Version); !literal {
			return "", expandUnknown
		}
	}
	return c.expand(v, v.raw(name), depth+1)
}

// macroName returns the length of the macro reference at the start of s
// (after the '$'): a name, {name} or (name). ok is false for other
// forms, such as ${name?value}.
func macroName(s string) (n int, ok bool) {
	if s == "" {
		return 0, false
	}
	if s[0] == '{' || s[0] == '(' {
		end := byte('}')
		if s[0] == '(' {
			end = ')'
		}
		i := strings.IndexByte(s, end)
		if i < 2 || !isName(s[1:i]) {
			return 0, false
		}
		return i + 1, true
	}
	for n < len(s) && syntax.IsNameByte(s[n]) {
		n++
	}
	return n, n > 0
}

// isMacro reports a value that is one macro reference: $name, ${name}
// or $(name).
func isMacro(s string) bool {
	if len(s) < 2 || s[0] != '$' {
		return false
	}
	n, ok := macroName(s[1:])
	return ok && n == len(s)-1
}

func isName(s string) bool {
	for i := 0; i < len(s); i++ {
		if !syntax.IsNameByte(s[i]) {
			return false
		}
	}
	return s != ""
}
