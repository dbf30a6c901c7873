package syntax

import (
	"strings"

	"github.com/postlint/postlint/internal/brackets"
)

// Part is a piece of a parameter value: *Literal or *Macro.
type Part interface {
	Pos() Pos
	End() Pos
}

// Literal is text without macros. "$$" stands for a literal '$'.
type Literal struct {
	Text     string
	From, To Pos
}

// Macro is a parameter reference: $name, ${name}, $(name), the
// conditional forms ${name?value}, ${name:value} and (Postfix 3.0 and
// later) ${name?{value1}:{value2}}, or the Postfix 3.0 relational form
// ${{text1} op {text2} ? {value1} : {value2}}.
type Macro struct {
	Dollar, Close Pos // the macro covers Src[Dollar:Close]
	Delim         byte
	Name          Word
	// Op is "" for a plain reference, '?' or ':' for a conditional, or a
	// relational operator (==, !=, <, <=, >, >=, or since Postfix 3.6 one
	// of them followed by "level" to compare compatibility levels).
	Op string
	// Braced reports the Postfix 3.0 {value} syntax for values.
	Braced bool
	// Left and Right are the operands of a relational expression.
	Left, Right []Part
	// Then is used when the condition holds (name non-empty, or the
	// relation true), Else otherwise. ${name:value} has only Else.
	Then, Else []Part
}

func (l *Literal) Pos() Pos { return l.From }
func (l *Literal) End() Pos { return l.To }
func (m *Macro) Pos() Pos   { return m.Dollar }
func (m *Macro) End() Pos   { return m.Close }

// Relational reports whether m is a ${{a} op {b}?...} expression.
func (m *Macro) Relational() bool { return m.Op != "" && m.Op != "?" && m.Op != ":" }

// NeedsPostfix3 reports whether m uses syntax that Postfix before 3.0 does
// not understand.
func (m *Macro) NeedsPostfix3() bool { return m.Braced || m.Relational() }

// Walk calls fn for every macro in parts, including macros nested in
// conditional values and relational operands.
func Walk(parts []Part, fn func(*Macro)) {
	for _, p := range parts {
		m, ok := p.(*Macro)
		if !ok {
			continue
		}
		fn(m)
		for _, sub := range [][]Part{m.Left, m.Right, m.Then, m.Else} {
			Walk(sub, fn)
		}
	}
}

// Macros parses the macro references in a value of f. Problems are
// returned as errors; the parts before the first problem are still
// returned.
func (f *File) Macros(v Value) ([]Part, []*Error) {
	mp := &macroParser{f: f, v: v}
	parts := mp.parse(0, len(v.Text))
	return parts, mp.errs
}

// maxNesting bounds how deep Macros parses nested macros; the text of a
// deeper level is kept as a literal. Postfix gives up expanding at 100
// levels ("unreasonable macro call nesting"), so no value it can use is
// cut short, and a hostile value cannot exhaust the stack.
const maxNesting = 1000

type macroParser struct {
	f     *File
	v     Value
	errs  []*Error
	depth int
	m     *brackets.Matcher // of v.Text; nil until a bracket is matched
}

func (mp *macroParser) errorf(start, end int, code, msg string) {
	pos, e := mp.v.Offset(start), mp.v.Offset(end)
	mp.errs = append(mp.errs, &Error{Position: mp.f.Position(pos), Pos: pos, End: e, Code: code, Msg: msg})
}

// IsNameByte reports whether c may stand in a parameter name, the part
// of "$name" Postfix's mac_parse reads: [a-zA-Z0-9_].
func IsNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// parse splits v.Text[start:end] into literals and macros, like Postfix's
// mac_parse.
func (mp *macroParser) parse(start, end int) []Part {
	s := mp.v.Text
	if mp.depth >= maxNesting {
		return []Part{&Literal{Text: s[start:end], From: mp.v.Offset(start), To: mp.v.Offset(end)}}
	}
	mp.depth++
	defer func() { mp.depth-- }()
	var parts []Part
	lit := start
	flush := func(to int) {
		if to > lit {
			parts = append(parts, &Literal{Text: s[lit:to], From: mp.v.Offset(lit), To: mp.v.Offset(to)})
		}
	}
	for i := start; i < end; {
		if s[i] != '$' {
			i++
			continue
		}
		if i+1 < end && s[i+1] == '$' {
			i += 2
			continue
		}
		flush(i)
		dollar := i
		i++
		m := &Macro{Dollar: mp.v.Offset(dollar)}
		if i < end && (s[i] == '{' || s[i] == '(') {
			open, closer := s[i], byte('}')
			if open == '(' {
				closer = ')'
			}
			j := mp.matchClose(i, end)
			if j < 0 {
				mp.errorf(dollar, end, ErrMacroTruncated, "missing '"+string(closer)+"' in macro reference")
				return parts
			}
			m.Delim = open
			if !mp.content(m, i+1, j) {
				return parts
			}
			i = j + 1
		} else {
			j := i
			for j < end && IsNameByte(s[j]) {
				j++
			}
			if j == i {
				mp.errorf(dollar, i, ErrMacroEmptyName, "'$' is not followed by a parameter name (write $$ for a literal '$')")
				return parts
			}
			m.Name = mp.word(i, j)
			i = j
		}
		m.Close = mp.v.Offset(i)
		parts = append(parts, m)
		lit = i
	}
	flush(end)
	return parts
}

func (mp *macroParser) word(start, end int) Word {
	return Word{Text: mp.v.Text[start:end], Pos: mp.v.Offset(start), End: mp.v.Offset(end)}
}

// matchClose returns the index of the bracket closing the one at
// v.Text[i] before end, counting nested pairs of the same kind, or -1.
func (mp *macroParser) matchClose(i, end int) int {
	if mp.m == nil {
		mp.m = brackets.New(mp.v.Text)
	}
	if j := mp.m.Close(i); j < end {
		return j
	}
	return -1
}

var relOps = []string{"==", "!=", "<=", ">=", "<", ">"}

// content parses what stands between the braces of ${...} or $(...).
func (mp *macroParser) content(m *Macro, start, end int) bool {
	s := mp.v.Text
	k := skipSpace(s[:end], start)
	if k < end && s[k] == '{' {
		return mp.relational(m, k, end)
	}
	j := k
	for j < end && IsNameByte(s[j]) {
		j++
	}
	if j == k {
		mp.errorf(start, end, ErrMacroSyntax, "macro \""+s[start:end]+"\" has no valid parameter name")
		return false
	}
	m.Name = mp.word(k, j)
	k = skipSpace(s[:end], j)
	if k == end {
		return true
	}
	op := s[k]
	if op != '?' && op != ':' {
		mp.errorf(j, end, ErrMacroSyntax, "unexpected \""+s[k:end]+"\" after macro name "+m.Name.Text+" (expected '?', ':' or '}')")
		return false
	}
	m.Op = string(op)
	v := skipSpace(s[:end], k+1)
	if v >= end || s[v] != '{' {
		// Classic form: the value is the rest, as written.
		val := mp.parse(k+1, end)
		if op == '?' {
			m.Then = val
		} else {
			m.Else = val
		}
		return true
	}
	m.Braced = true
	first, next, ok := mp.braced(v, end)
	if !ok {
		return false
	}
	if op == '?' {
		m.Then = first
	} else {
		m.Else = first
	}
	next = skipSpace(s[:end], next)
	if op == '?' && next < end && s[next] == ':' {
		v2 := skipSpace(s[:end], next+1)
		if v2 >= end || s[v2] != '{' {
			mp.errorf(next, end, ErrMacroSyntax, "expected {value} after ':'")
			return false
		}
		if m.Else, next, ok = mp.braced(v2, end); !ok {
			return false
		}
		next = skipSpace(s[:end], next)
	}
	if next < end {
		mp.errorf(next, end, ErrMacroTrailingInput, "unexpected \""+s[next:end]+"\" after macro value")
		return false
	}
	return true
}

// braced parses "{...}" at s[i] and returns its parsed content and the
// index after the closing brace.
func (mp *macroParser) braced(i, end int) ([]Part, int, bool) {
	j := mp.matchClose(i, end)
	if j < 0 {
		mp.errorf(i, end, ErrMacroTruncated, "missing '}' in macro value")
		return nil, 0, false
	}
	return mp.parse(i+1, j), j + 1, true
}

// relational parses "{text1} op {text2} ? {value1} : {value2}".
func (mp *macroParser) relational(m *Macro, k, end int) bool {
	s := mp.v.Text
	var ok bool
	var next int
	if m.Left, next, ok = mp.braced(k, end); !ok {
		return false
	}
	k = skipSpace(s[:end], next)
	for _, op := range relOps {
		if strings.HasPrefix(s[k:end], op) {
			m.Op = op
			break
		}
	}
	if m.Op == "" {
		mp.errorf(k, end, ErrMacroRelationalOp, "expected ==, !=, <, <=, > or >= in relational macro expression")
		return false
	}
	opEnd := k + len(m.Op)
	// Postfix 3.6 adds compatibility-level comparisons: <level, <=level...
	if strings.HasPrefix(s[opEnd:end], "level") {
		m.Op += "level"
		opEnd += len("level")
	}
	k = skipSpace(s[:end], opEnd)
	if k >= end || s[k] != '{' {
		mp.errorf(k, end, ErrMacroSyntax, "expected {text} after "+m.Op)
		return false
	}
	if m.Right, next, ok = mp.braced(k, end); !ok {
		return false
	}
	k = skipSpace(s[:end], next)
	if k >= end || s[k] != '?' {
		mp.errorf(k, end, ErrMacroSyntax, "expected '?' after relational expression")
		return false
	}
	k = skipSpace(s[:end], k+1)
	if k >= end || s[k] != '{' {
		mp.errorf(k, end, ErrMacroSyntax, "expected {value} after '?'")
		return false
	}
	if m.Then, next, ok = mp.braced(k, end); !ok {
		return false
	}
	k = skipSpace(s[:end], next)
	if k < end && s[k] == ':' {
		k = skipSpace(s[:end], k+1)
		if k >= end || s[k] != '{' {
			mp.errorf(k, end, ErrMacroSyntax, "expected {value} after ':'")
			return false
		}
		if m.Else, next, ok = mp.braced(k, end); !ok {
			return false
		}
		k = skipSpace(s[:end], next)
	}
	if k < end {
		mp.errorf(k, end, ErrMacroTrailingInput, "unexpected \""+s[k:end]+"\" after relational macro expression")
		return false
	}
	m.Braced = true
	return true
}
