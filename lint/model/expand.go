package model

import (
	"slices"
	"strconv"
	"strings"

	"github.com/postlint/postlint/lint/syntax"
)

// maxDepth bounds macro nesting like Postfix's mac_expand, which gives up
// with "unreasonable macro call nesting" beyond 100 levels.
const maxDepth = 100

// maxValueLen bounds an expanded value: references such as "a = $b $b"
// on many levels grow exponentially, and real values are short.
const maxValueLen = 1 << 20

// view resolves parameter values the way one Postfix process sees them:
// a service's -o overrides, else main.cf, else the release's default.
// The main.cf view has no service.
//
// Expansion works bottom-up: before a name is expanded, the names it
// depends on are expanded in dependency order (an iterative depth-first
// search), so every name is expanded once and Go recursion never follows
// chains of names, however long.
//
// A service view expands only the names its -o options can change (see
// Config.affected); it takes every other value from the main.cf view.
type view struct {
	c     *Config
	svc   *Service
	cache map[string]expanded
	own   map[string]bool // for a service view: the names it expands itself
}

// expanded is an expanded value and the macro nesting it needed; Postfix
// gives up ("unreasonable macro call nesting") beyond maxDepth.
type expanded struct {
	s      string
	height int // levels of name references below the value
}

func newView(c *Config, s *Service) *view {
	return &view{c: c, svc: s, cache: make(map[string]expanded)}
}

// lookup returns the unexpanded value of name, parsed into macro parts.
// The value of a raw parameter is literal text.
func (v *view) lookup(name string) ([]syntax.Part, bool) {
	if v.c.rawParam(name) {
		s, ok := v.rawText(name)
		return literal(s), ok
	}
	return v.lookupParts(name)
}

// rawText returns the value of name as written.
func (v *view) rawText(name string) (string, bool) {
	if v.svc != nil {
		if p := v.svc.override(name); p != nil {
			return p.Value, true
		}
	}
	if p := v.c.mainParam(name); p != nil {
		return p.Value, true
	}
	d := v.c.defaultOf(name)
	return d.raw, d.ok
}

func (v *view) lookupParts(name string) ([]syntax.Part, bool) {
	if v.svc != nil {
		if p := v.svc.override(name); p != nil {
			return p.parts, true
		}
		// Read-only parameters that Postfix sets per process.
		switch name {
		case "service_name":
			return literal(v.svc.Name), true
		case "process_name":
			return literal(v.svc.Command), true
		}
	}
	if p := v.c.mainParam(name); p != nil {
		return p.parts, true
	}
	d := v.c.defaultOf(name)
	return d.parts, d.ok
}

// literal makes parts that expand to s.
func literal(s string) []syntax.Part {
	return []syntax.Part{&syntax.Literal{Text: strings.ReplaceAll(s, "$", "$$")}}
}

// defined reports whether $name refers to anything in this view.
func (v *view) defined(name string) bool {
	_, ok := v.lookup(name)
	return ok
}

// refs returns the names the value of name refers to.
func (v *view) refs(name string) []string {
	parts, _ := v.lookup(name)
	return refNames(parts)
}

// owns reports whether this view expands name itself.
func (v *view) owns(name string) bool {
	if v.svc == nil {
		return true
	}
	if v.own == nil {
		v.own = v.c.affected(v.svc)
	}
	return v.own[name]
}

// entry returns the expansion of name from the view that owns it.
func (v *view) entry(name string) (expanded, bool) {
	if !v.owns(name) {
		e, ok := v.c.main.cache[name]
		return e, ok
	}
	e, ok := v.cache[name]
	return e, ok
}

// get returns the expanded value of name: "" when it is undefined, part
// of a loop, or nested too deeply.
func (v *view) get(name string) string {
	v.prepare([]string{name})
	if e, _ := v.entry(name); e.height <= maxDepth {
		return e.s
	}
	return ""
}

// expand evaluates a value's parts: "" when they nest too deeply.
func (v *view) expand(parts []syntax.Part) string {
	v.prepare(refNames(parts))
	s, h := v.eval(parts)
	if h > maxDepth {
		return ""
	}
	return s
}

// prepare expands the given names and everything they depend on,
// dependencies first. A reference back to a name whose expansion is in
// progress (a loop) finds nothing in the cache and expands to "".
func (v *view) prepare(names []string) {
	type frame struct {
		name string
		refs []string
	}
	seen := make(map[string]bool)
	for _, root := range names {
		if !v.owns(root) {
			v.c.main.prepare([]string{root})
			continue
		}
		if _, done := v.cache[root]; done || seen[root] || !v.defined(root) {
			continue
		}
		seen[root] = true
		stack := []frame{{root, v.refs(root)}}
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			if len(f.refs) > 0 {
				n := f.refs[0]
				f.refs = f.refs[1:]
				if !v.owns(n) {
					v.c.main.prepare([]string{n})
					continue
				}
				if _, done := v.cache[n]; !done && !seen[n] && v.defined(n) {
					seen[n] = true
					stack = append(stack, frame{n, v.refs(n)})
				}
				continue
			}
			parts, _ := v.lookup(f.name)
			s, h := v.eval(parts)
			v.cache[f.name] = expanded{s, h}
			stack = stack[:len(stack)-1]
		}
	}
}

// eval evaluates parts like Postfix's mac_expand, taking referenced
// names from the cache: $$ is a literal '$', ${name?x} gives x when $name
// is not empty, ${name:x} gives x when it is, and relational expressions
// compare their expanded operands. It returns the text and the nesting
// height.
func (v *view) eval(parts []syntax.Part) (string, int) {
	var b strings.Builder
	height := 0
	for _, p := range parts {
		switch p := p.(type) {
		case *syntax.Literal:
			b.WriteString(strings.ReplaceAll(p.Text, "$$", "$"))
		case *syntax.Macro:
			s, h := v.macro(p)
			b.WriteString(s)
			height = max(height, h)
		}
		if b.Len() > maxValueLen {
			return b.String()[:maxValueLen], height
		}
	}
	return b.String(), height
}

func (v *view) macro(m *syntax.Macro) (string, int) {
	// The text of a branch is expanded one level below the macro; the
	// operands of a relational expression each in a context of their own,
	// whose nesting starts again at zero.
	height := 0
	branch := func(parts []syntax.Part) string {
		s, h := v.eval(parts)
		height = max(height, h+1)
		return s
	}
	operand := func(parts []syntax.Part) string {
		s, _ := v.eval(parts)
		return s
	}
	if m.Relational() {
		if l, r := operand(m.Left), operand(m.Right); compare(l, m.Op, r) {
			return branch(m.Then), height
		}
		return branch(m.Else), height
	}
	switch m.Op {
	case "?", ":":
		// The test looks at the value as written, without expanding it.
		raw, _ := v.rawText(m.Name.Text)
		if m.Op == "?" {
			if raw != "" {
				return branch(m.Then), height
			}
			return branch(m.Else), height
		}
		if raw == "" {
			return branch(m.Else), height
		}
		return "", height
	}
	e, _ := v.entry(m.Name.Text) // zero for undefined names and loops
	height = e.height + 1
	if height > maxDepth {
		return "", height // the whole expansion fails; skip the text
	}
	return e.s, height
}

// compare evaluates a relational operator as Postfix's mac_exp_eval
// does: decimal numbers compare by value, anything else as strings, and
// the Postfix 3.6 operators with a "level" suffix (<level, ==level, ...)
// compare compatibility levels such as 2, 3.6 or 3.10.1.
func compare(a, op, b string) bool {
	var d int
	base, isLevel := strings.CutSuffix(op, "level")
	x, okx := number(a, isLevel)
	y, oky := number(b, isLevel)
	switch {
	case okx && oky:
		d = slices.Compare(x, y)
	case isLevel:
		return false // Postfix: an invalid level is an expansion error
	default:
		d = strings.Compare(a, b)
	}
	switch base {
	case "==":
		return d == 0
	case "!=":
		return d != 0
	case "<":
		return d < 0
	case "<=":
		return d <= 0
	case ">":
		return d > 0
	case ">=":
		return d >= 0
	}
	return false
}

// number reads a decimal number, or with level set a compatibility level
// (major[.minor[.patch]]), as a tuple to compare.
func number(s string, level bool) ([]int64, bool) {
	parts := []string{s}
	if level {
		parts = strings.Split(s, ".")
		if len(parts) > 3 {
			return nil, false
		}
	}
	n := make([]int64, 3)
	for i, p := range parts {
		v, err := strconv.ParseInt(p, 10, 64)
		if err != nil || !allDigits(p) {
			return nil, false
		}
		n[i] = v
	}
	return n, true
}

func allDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// expandText expands arbitrary text (such as one item of a list) in this
// view.
func (v *view) expandText(s string) string {
	if !strings.Contains(s, "$") {
		return s
	}
	return v.expand(parseValue(s))
}

// parseValue parses text that does not come from a file (a default value,
// a list item) into macro parts.
func parseValue(s string) []syntax.Part {
	f := syntax.ParseMain("", []byte("x = "+s+"\n"))
	ps := f.Params()
	if len(ps) == 0 {
		return literal(s)
	}
	parts, _ := f.Macros(ps[0].Value)
	return parts
}

// refNames returns the names that parts refer to, including those in
// conditional values, each once.
func refNames(parts []syntax.Part) []string {
	var names []string
	var seen map[string]bool
	syntax.Walk(parts, func(m *syntax.Macro) {
		n := m.Name.Text
		if n == "" || seen[n] {
			return
		}
		if seen == nil && len(names) >= 16 {
			// A long value: from here on keep the names in a set.
			seen = make(map[string]bool, len(names))
			for _, x := range names {
				seen[x] = true
			}
			if seen[n] {
				return
			}
		}
		if seen != nil {
			seen[n] = true
		} else if slices.Contains(names, n) {
			return
		}
		names = append(names, n)
	})
	return names
}
