package syntax

import (
	"strconv"
	"strings"
)

// token is a master.cf token as offsets into the logical text.
type token struct{ start, end int }

// isBlank reports the characters that separate master.cf fields: space,
// tab, CR and LF (Postfix's CHARS_SPACE), but not \v or \f.
func isBlank(c byte) bool { return blank[c] }

var blank = [256]bool{' ': true, '\t': true, '\r': true, '\n': true}

// skipBlank skips master.cf field separators.
func skipBlank(s string, i int) int {
	for i < len(s) && isBlank(s[i]) {
		i++
	}
	return i
}

// tokenize splits a master.cf logical line into blank-separated tokens.
// Like Postfix 3.0+ (mystrtokq with "{}"), blanks inside braces do not
// split a token. It reports the start of an unbalanced '{', or -1.
func tokenize(toks []token, t string) (_ []token, unbalanced int) {
	unbalanced = -1
	i := 0
	for {
		i = skipBlank(t, i)
		if i >= len(t) {
			return toks, unbalanced
		}
		start, level, open := i, 0, -1
		for ; i < len(t); i++ {
			c := t[i]
			if level == 0 {
				// Fast path: most tokens hold no brace.
				if isBlank(c) {
					break
				}
				if c != '{' {
					continue
				}
			}
			if c == '{' {
				if level == 0 {
					open = i
				}
				level++
			} else if c == '}' {
				level--
			}
		}
		if level > 0 && unbalanced < 0 {
			unbalanced = open
		}
		toks = append(toks, token{start, i})
	}
}

// optionTakesArg lists the daemon options (of Postfix's server skeletons)
// whose argument is the rest of the token or the next token.
func optionTakesArg(c byte) bool {
	return strings.IndexByte("imnost", c) >= 0
}

func (p *parser) service(lines []Line, ll *logical) {
	t := ll.text
	toks, unbalanced := tokenize(p.toks[:0], t)
	p.toks = toks
	s := p.services.alloc()
	s.Lines = lines
	p.f.Nodes = append(p.f.Nodes, s)
	if unbalanced >= 0 {
		p.errorf(ll.pos(unbalanced), ll.pos(len(t)), ErrUnbalancedBrace, false, "missing '}' for this '{'")
	}
	n := min(len(toks), NumFields)
	s.Fields = slab(&p.wordBuf, n)
	for _, tk := range toks[:n] {
		s.Fields = append(s.Fields, ll.word(tk.start, tk.end))
	}
	if n < NumFields {
		p.errorf(ll.pos(0), ll.pos(len(t)), ErrFieldCount, true,
			"master.cf entry has "+strconv.Itoa(n)+" fields, want at least 8 (name type private unpriv chroot wakeup maxproc command)")
		return
	}
	k := NumFields
	opts := p.optTmp[:0]
	for ; k < len(toks); k++ {
		tk := toks[k]
		arg := t[tk.start:tk.end]
		if len(arg) < 2 || arg[0] != '-' || arg == "--" {
			break
		}
		for j := 1; j < len(arg); j++ {
			o := p.options.alloc()
			*o = Option{Pos: ll.pos(tk.start), End: ll.pos(tk.end-1) + 1, Flag: arg[j]}
			opts = append(opts, o)
			if !optionTakesArg(arg[j]) {
				continue
			}
			var at token
			switch {
			case j+1 < len(arg):
				at = token{tk.start + j + 1, tk.end}
			case k+1 < len(toks):
				k++
				at = toks[k]
				o.End = ll.pos(at.end-1) + 1
			default:
				p.errorf(o.Pos, o.End, ErrOptionValue, false, "option -"+string(arg[j])+" needs a value")
			}
			if at.end > at.start {
				o.Arg = p.words.alloc()
				*o.Arg = ll.word(at.start, at.end)
				if arg[j] == 'o' {
					o.Setting = p.setting(ll, at, toks[k+1:])
				}
			}
			break
		}
	}
	p.optTmp = opts
	if len(opts) > 0 {
		s.Options = append(slab(&p.optBuf, len(opts)), opts...)
	}
	if k < len(toks) {
		s.Args = slab(&p.wordBuf, len(toks)-k)
		for ; k < len(toks); k++ {
			s.Args = append(s.Args, ll.word(toks[k].start, toks[k].end))
		}
	}
}

// setting parses the argument of -o: "name=value" or "{ name = value }".
// rest holds the tokens after it, to recognise "-o name = value".
// optionSpaces reports "-o name = value" (or "-o name =value"): master.cf
// splits arguments at white space, so the daemon gets "-o name" and stray
// arguments. The error covers all the tokens and suggests the joined form.
func (p *parser) optionSpaces(ll *logical, name token, rest []token) {
	t := ll.text
	last := rest[0]
	if last.end-last.start == 1 && len(rest) > 1 {
		last = rest[1] // "=" stands alone: the value is the next token
	}
	joined := t[name.start:name.end] + "=" + strings.TrimPrefix(t[rest[0].start:rest[0].end], "=")
	count := "two"
	if last != rest[0] {
		joined += t[last.start:last.end]
		count = "three"
	}
	p.errorf(ll.pos(name.start), ll.pos(last.end-1)+1, ErrOptionSpaces, false,
		"-o "+t[name.start:last.end]+" is "+count+" arguments, not a setting: write -o "+joined+
			" without spaces, or -o { name = value } (Postfix 3.0 and later)")
	p.lastError().Suggestion = joined
}

func (p *parser) setting(ll *logical, at token, rest []token) *Setting {
	t := ll.text
	start, end := at.start, at.end
	braced := t[start] == '{' && t[end-1] == '}' && end-start >= 2
	if t[start] == '{' && !braced {
		return nil // the unbalanced brace is already reported
	}
	if braced {
		start = skipSpace(t, start+1)
		end = trimSpaceRight(t, start, end-1)
	}
	nameEnd := start
	for nameEnd < end && !isSpace(t[nameEnd]) && t[nameEnd] != '=' {
		nameEnd++
	}
	eq := skipSpace(t[:end], nameEnd)
	if eq >= end || t[eq] != '=' || nameEnd == start {
		if !braced && len(rest) > 0 && t[rest[0].start] == '=' {
			p.optionSpaces(ll, at, rest)
			return nil
		}
		p.errorf(ll.pos(at.start), ll.pos(at.end-1)+1, ErrOptionSyntax, false,
			"-o expects name=value, found \""+t[at.start:at.end]+"\"")
		return nil
	}
	vs := skipSpace(t[:end], eq+1)
	st := p.settings.alloc()
	*st = Setting{
		Name:   ll.word(start, nameEnd),
		Value:  ll.value(vs, end),
		Braced: braced,
	}
	return st
}
