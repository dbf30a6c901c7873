package model

import "strings"

// text is a piece of configuration text that knows where its bytes are,
// so that a route found in part of a value can point at that part.
type text struct {
	s  string
	at func(i, j int) Location // location of s[i:j]
}

// loc returns the location of the whole text.
func (t text) loc() Location {
	if t.at == nil {
		return Location{}
	}
	return t.at(0, len(t.s))
}

// sub returns s[i:j] with locations relative to t.
func (t text) sub(i, j int) text {
	at := t.at
	return text{s: t.s[i:j], at: func(a, b int) Location {
		if at == nil {
			return Location{}
		}
		return at(i+a, i+b)
	}}
}

// trim drops surrounding white space.
func (t text) trim() text {
	start := len(t.s) - len(strings.TrimLeft(t.s, " \t\r\n"))
	end := len(strings.TrimRight(t.s, " \t\r\n"))
	if end < start {
		end = start
	}
	return t.sub(start, end)
}

// cut splits t around the first sep, like strings.Cut.
func (t text) cut(sep string) (before, after text, found bool) {
	i := strings.Index(t.s, sep)
	if i < 0 {
		return t, text{}, false
	}
	return t.sub(0, i), t.sub(i+len(sep), len(t.s)), true
}

// whole makes a text whose every part is located at loc: the result of
// expanding macros, which no longer maps byte for byte to the file.
func whole(s string, loc Location) text {
	return text{s: s, at: func(int, int) Location { return loc }}
}

// paramText returns a setting's value as text, expanded in view v. A
// value with macros is located as a whole.
func paramText(p *Param, v *view) text {
	if !strings.Contains(p.Value, "$") {
		return text{s: p.Value, at: p.Span}
	}
	return whole(v.expand(p.parts), p.ValueAt)
}

// mainText returns the effective main.cf value of name as text; a
// default has no location.
func (c *Config) mainText(name string) text {
	if p := c.mainParam(name); p != nil {
		return paramText(p, c.main)
	}
	return whole(c.main.get(name), Location{})
}
