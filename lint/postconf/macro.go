package postconf

import (
	"slices"
	"strconv"
	"strings"
)

// postconf scans and expands $name references with Postfix's mac_parse
// and mac_expand. The expander below mirrors both: it splits text into
// literals and $name, ${name}, $(name) references (mac_parse), and
// evaluates ${name?text}, ${name:text}, the {text} forms and the
// relational ${{a} op {b}?...} form (mac_expand_callback). In scan mode
// it only reports the names it meets, visiting both sides of every
// conditional, as postconf does when it looks for user-defined
// parameters; otherwise it expands recursively, as postconf does before
// it looks for legacy database parameters.

// charsSpace is Postfix's CHARS_SPACE, the white space mac_expand skips
// around {text} operands.
const charsSpace = " \t\r\n"

// maxNesting is mac_expand's limit on nested macro calls.
const maxNesting = 100

// maxDepth bounds the recursion of one expansion. Postfix evaluates each
// relational operand in a fresh context whose nesting count starts at
// zero, so a parameter whose relational operand refers back to the
// parameter recurses until postconf runs out of stack; the expander gives
// up instead.
const maxDepth = 1000

// maxOutput bounds the text an expansion keeps. Values that refer to
// other values several times over ("a2 = $a1 $a1", "a3 = $a2 $a2", ...)
// grow exponentially; postconf expands them all the same (2^25 words take
// it seconds, 2^30 minutes), so they are no error. The expander keeps the
// first maxOutput bytes, which is all that is looked at.
const maxOutput = 1 << 20

// limits holds what the contexts of one expansion share: the recursion
// depth, and the expansion of each name at each nesting level. Expanding
// $name gives the same text and the same error wherever it happens at the
// same level (the lookup is fixed), so each is expanded once; that keeps
// the exponential values above linear.
type limits struct {
	depth int
	memo  map[memoKey]memoValue
}

type memoKey struct {
	name  string
	level int
}

type memoValue struct {
	out, err string
	crash    bool
}

// expander holds the state of one mac_expand call.
type expander struct {
	scan bool
	// lookup returns a parameter value; ok is false when the name is
	// undefined. In scan mode it only records the name.
	lookup func(name string) (value string, ok bool)
	out    strings.Builder
	level  int     // mac_expand's nesting count
	limits *limits // shared by the contexts of one expansion
	err    string  // first problem, as postconf warns about it; "" if none
	crash  bool    // postconf would crash or hang rather than fail
}

// scanMacros calls visit for every parameter name that postconf's scan of
// value meets, and returns the warning that stopped the scan, if any.
func scanMacros(value string, visit func(name string)) string {
	if name, ok := plainReference(value); ok {
		// The default of every per-service parameter, scanned for each
		// service of each configuration: no expander needed.
		visit(name)
		return ""
	}
	return scanExpand(value, visit)
}

// plainReference reports whether value is "$name" and nothing else.
func plainReference(value string) (string, bool) {
	if len(value) < 2 || value[0] != '$' {
		return "", false
	}
	for i := 1; i < len(value); i++ {
		if !isNameChar(value[i]) {
			return "", false
		}
	}
	return value[1:], true
}

// scanExpand is scanMacros with postconf's expander.
func scanExpand(value string, visit func(name string)) string {
	e := &expander{scan: true, limits: &limits{}, lookup: func(name string) (string, bool) {
		visit(name)
		return "", false
	}}
	e.parse(value)
	return e.err
}

// expandMacros expands value recursively with lookup. It returns the
// expansion, or the warning that makes postconf fail, and whether postconf
// would rather crash.
func expandMacros(value string, lookup func(string) (string, bool)) (out, problem string, crash bool) {
	e := &expander{lookup: lookup, limits: &limits{}}
	e.parse(value)
	return e.out.String(), e.err, e.crash
}

func (e *expander) fail(msg string) {
	if e.err == "" {
		e.err = msg
	}
}

func isNameChar(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// parse mirrors mac_parse: it hands literal text and macro expressions to
// the expander. It stops at the first error.
func (e *expander) parse(s string) {
	l := e.limits
	l.depth++
	defer func() { l.depth-- }()
	if l.depth > maxDepth {
		e.crash = true
		e.fail("runaway macro expansion")
	}
	var lit strings.Builder
	for i := 0; i < len(s) && e.err == ""; {
		switch {
		case s[i] != '$':
			lit.WriteByte(s[i])
			i++
			continue
		case i+1 < len(s) && s[i+1] == '$':
			lit.WriteByte('$')
			i += 2
			continue
		}
		e.literal(lit.String())
		lit.Reset()
		i++
		var body string // what stands after the '$'
		if i < len(s) && (s[i] == '{' || s[i] == '(') {
			open, closer := s[i], byte('}')
			if open == '(' {
				closer = ')'
			}
			j, level := i+1, 1
			for ; j < len(s) && level > 0; j++ {
				if s[j] == open {
					level++
				} else if s[j] == closer {
					level--
				}
			}
			if level > 0 {
				e.fail("truncated macro reference: \"" + s + "\"")
				return
			}
			body, i = s[i+1:j-1], j
		} else {
			j := i
			for j < len(s) && isNameChar(s[j]) {
				j++
			}
			body, i = s[i:j], j
		}
		if body == "" {
			e.fail("empty macro name: \"" + s + "\"")
			return
		}
		e.expr(body)
	}
	if e.err == "" {
		e.literal(lit.String())
	}
}

// literal hands text to mac_expand's callback, which applies the nesting
// limit to literal text as well: the value at the end of a chain of 101
// references fails.
func (e *expander) literal(s string) {
	if s == "" {
		return
	}
	if e.level > maxNesting {
		e.fail("unreasonable macro call nesting: \"" + s + "\"")
		return
	}
	if !e.scan && e.out.Len() < maxOutput {
		e.out.WriteString(s[:min(len(s), maxOutput-e.out.Len())])
	}
}

// skipSpace returns the index of the first byte at or after i that is
// not in charsSpace.
func skipSpace(s string, i int) int {
	for i < len(s) && strings.IndexByte(charsSpace, s[i]) >= 0 {
		i++
	}
	return i
}

// leftCurly reports whether s, after white space, starts with '{', and
// returns s from there (MAC_EXP_FIND_LEFT_CURLY).
func leftCurly(s string) (string, bool) {
	t := strings.TrimLeft(s, charsSpace)
	if t != "" && t[0] == '{' {
		return t, true
	}
	return s, false
}

// curlyPayload extracts the text of the balanced "{...}" at the start of
// s and returns it with the rest of s after the '}' and any white space
// (mac_exp_extract_curly_payload).
func (e *expander) curlyPayload(s string) (payload, rest string, ok bool) {
	level := 1
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '{':
			level++
		case '}':
			if level--; level <= 0 {
				return s[1:i], strings.TrimLeft(s[i+1:], charsSpace), true
			}
		}
	}
	e.fail("unbalanced {} in attribute expression: \"" + s + "\"")
	return "", "", false
}

// expr evaluates the text of one ${...} or $name reference
// (mac_expand_callback).
func (e *expander) expr(s string) {
	if e.level > maxNesting {
		e.fail("unreasonable macro call nesting: \"" + s + "\"")
	}
	e.level++
	if e.err != "" {
		return
	}
	var name, value string
	var found bool
	var op byte
	if t, ok := leftCurly(s); ok {
		if value, s, ok = e.relational(t); !ok {
			return
		}
		found = true
		if s != "" {
			if op = s[0]; op != '?' && op != ':' {
				e.fail("\"?\" or \":\" expected at: \"...}>>>" + clip(s) + "\"")
				return
			}
			s = s[1:]
		}
	} else {
		// The name, with white space around it, ends the text or
		// precedes '?' or ':'.
		start := skipSpace(s, 0)
		i := start
		for ; ; i++ {
			next := skipSpace(s, i)
			if next == len(s) {
				break
			}
			if c := s[next]; c == '?' || c == ':' {
				op = c
				break
			}
			if !isNameChar(s[i]) {
				e.fail("attribute name syntax error at: \"..." + s[:i] + ">>>" + clip(s[i:]) + "\"")
				return
			}
		}
		name = s[start:i]
		if op != 0 {
			s = s[skipSpace(s, i)+1:]
		}
		value, found = e.lookup(name)
	}
	nonEmpty := found && value != ""
	switch op {
	case '?':
		text, rest, ok := e.branch(s)
		if !ok {
			return
		}
		s = rest
		if nonEmpty || e.scan {
			e.parse(text)
		}
		if s == "" {
			break
		}
		if s[0] != ':' {
			e.fail("\":\" expected at: \"..." + text + "}>>>" + clip(s) + "\"")
			return
		}
		s = s[1:]
		fallthrough
	case ':':
		text, rest, ok := e.branch(s)
		if !ok {
			return
		}
		s = rest
		if !nonEmpty || e.scan {
			e.parse(text)
		}
		if s != "" {
			e.fail("unexpected input at: \"..." + text + "}>>>" + clip(s) + "\"")
			return
		}
	default:
		if nonEmpty && !e.scan {
			e.recurse(name, value) // MAC_EXP_FLAG_RECURSE
		}
	}
	e.level--
}

// recurse expands the value of a referenced name at the current level,
// once per name and level.
func (e *expander) recurse(name, value string) {
	if name == "" {
		e.parse(value) // the truth value of a relational expression
		return
	}
	l := e.limits
	key := memoKey{name, e.level}
	if m, ok := l.memo[key]; ok {
		if e.out.Len() < maxOutput {
			e.out.WriteString(m.out[:min(len(m.out), maxOutput-e.out.Len())])
		}
		e.crash = e.crash || m.crash
		if m.err != "" {
			e.fail(m.err)
		}
		return
	}
	start, crash := e.out.Len(), e.crash
	e.parse(value)
	if l.memo == nil {
		l.memo = make(map[memoKey]memoValue)
	}
	l.memo[key] = memoValue{out: e.out.String()[start:], err: e.err, crash: e.crash && !crash}
}

// branch splits a conditional's value off s: "{text}" followed by the rest
// (Postfix 3.0 and later), or, without a brace, all of s.
func (e *expander) branch(s string) (text, rest string, ok bool) {
	if t, curly := leftCurly(s); curly {
		return e.curlyPayload(t)
	}
	return s, "", true
}

// clip shortens s like the "%.20s" of mac_expand's warnings.
func clip(s string) string {
	if len(s) > 20 {
		return s[:20]
	}
	return s
}

// relational evaluates "{a} op {b}" at the start of s and returns its
// truth value as mac_expand fakes it ("true" or "") and the rest of s
// (mac_exp_parse_relational).
func (e *expander) relational(s string) (string, string, bool) {
	left, s, ok := e.curlyPayload(s)
	if !ok {
		return "", "", false
	}
	n := 0
	for n < len(s) && strings.IndexByte("<>!=?+-*/~&|%", s[n]) >= 0 {
		n++
	}
	op := s[:n]
	switch op {
	case "==", "!=", "<", "<=", ">=", ">":
	default:
		// Postfix's message has these doubled quotes.
		e.fail("\"==\" or \"!=\"\" or \"<\"\" or \"<=\"\" or \">=\"\" or \">\" expected at: \"..." + left + "}>>>" + clip(s) + "\"")
		return "", "", false
	}
	// Postfix 3.6 adds operator suffixes (mac_expand_add_relop); postconf
	// registers "level", which compares compatibility levels.
	m := n
	for m < len(s) && (s[m] >= 'a' && s[m] <= 'z' || s[m] >= 'A' && s[m] <= 'Z') {
		m++
	}
	level := false
	switch suffix := s[n:m]; suffix {
	case "":
	case "level":
		level = true
	default:
		e.fail("bad operator suffix at: \"..." + op + ">>>" + clip(suffix) + "\"")
		return "", "", false
	}
	t, ok := leftCurly(s[m:])
	if !ok {
		e.fail("\"{expression}\" expected at: \"...{" + left + "} " + s[:m] + ">>>" + clip(t) + "\"")
		return "", "", false
	}
	right, s, ok := e.curlyPayload(t)
	if !ok {
		return "", "", false
	}
	// Each operand is expanded in a context of its own.
	l := e.sub(left)
	r := e.sub(right)
	if e.err != "" {
		return "", "", false
	}
	var cmp int
	if level {
		// Scanning visits both branches and does not check the levels.
		a, okA := compatLevel(l)
		b, okB := compatLevel(r)
		switch {
		case !okA && !e.scan:
			e.fail("malformed compatibility level syntax: \"" + l + "\"")
			return "", "", false
		case !okB && !e.scan:
			e.fail("malformed compatibility level syntax: \"" + r + "\"")
			return "", "", false
		}
		cmp = slices.Compare(a, b)
	} else if allDigits(l) && allDigits(r) {
		a, err := strconv.ParseInt(l, 10, 64)
		if err != nil {
			e.fail("mac_exp_eval: bad conversion: " + l)
			return "", "", false
		}
		b, err := strconv.ParseInt(r, 10, 64)
		if err != nil {
			e.fail("mac_exp_eval: bad conversion: " + r)
			return "", "", false
		}
		cmp = compareInt(a, b)
	} else {
		cmp = strings.Compare(l, r)
	}
	var truth bool
	switch op {
	case "==":
		truth = cmp == 0
	case "!=":
		truth = cmp != 0
	case "<":
		truth = cmp < 0
	case "<=":
		truth = cmp <= 0
	case ">=":
		truth = cmp >= 0
	case ">":
		truth = cmp > 0
	}
	if truth {
		return "true", s, true
	}
	return "", s, true
}

// compatLevel reads a compatibility level, major[.minor[.patch]], as
// numbers to compare.
func compatLevel(s string) ([]int64, bool) {
	parts := strings.Split(s, ".")
	if len(parts) > 3 {
		return nil, false
	}
	out := make([]int64, 3)
	for i, p := range parts {
		if !allDigits(p) {
			return nil, false
		}
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return nil, false
		}
		out[i] = n
	}
	return out, true
}

// sub expands s in a new mac_expand context that shares the lookup and
// reports its problems to e.
func (e *expander) sub(s string) string {
	c := &expander{scan: e.scan, lookup: e.lookup, limits: e.limits}
	c.parse(s)
	e.crash = e.crash || c.crash
	if c.err != "" {
		e.fail(c.err)
	}
	return c.out.String()
}

func compareInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// allDigits mirrors Postfix's alldig: a non-empty string of ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
