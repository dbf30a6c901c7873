package rules

import (
	"fmt"
	"strings"

	"github.com/postlint/postlint/lint/model"
)

// Template is text with {{ expression }} parts, compiled once.
type Template struct {
	Source string
	parts  []tmplPart
}

// tmplPart is literal text or, when prog is set, an expression.
type tmplPart struct {
	text string
	prog *program
}

// String returns the template's source.
func (t *Template) String() string {
	if t == nil {
		return ""
	}
	return t.Source
}

// compileTemplate parses src; expressions are compiled for scope, now or
// (lazy) when first rendered.
func compileTemplate(src string, scope Scope, lazy bool) (*Template, error) {
	t := &Template{Source: src}
	rest := src
	for {
		i := strings.Index(rest, "{{")
		if i < 0 {
			break
		}
		j := closing(rest[i+2:])
		if j < 0 {
			return nil, fmt.Errorf("template %q: missing }} after {{ (write a literal {{ as {{ \"{{\" }})", src)
		}
		code := strings.TrimSpace(rest[i+2 : i+2+j])
		if code == "" {
			return nil, fmt.Errorf("template %q: empty {{ }}", src)
		}
		prog, err := newProgram(code, scope, anyValue, lazy)
		if err != nil {
			return nil, fmt.Errorf("template %q: %w", src, err)
		}
		if i > 0 {
			t.parts = append(t.parts, tmplPart{text: rest[:i]})
		}
		t.parts = append(t.parts, tmplPart{prog: prog})
		rest = rest[i+2+j+2:]
	}
	if rest != "" {
		t.parts = append(t.parts, tmplPart{text: rest})
	}
	return t, nil
}

// closing returns the index of the "}}" that ends the expression at the
// start of s, skipping string literals and {...} map literals; -1 if
// there is none.
func closing(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\'', '`':
			for i++; i < len(s) && s[i] != c; i++ {
				if s[i] == '\\' && c != '`' {
					i++
				}
			}
		case '{':
			depth++
		case '}':
			if depth == 0 && i+1 < len(s) && s[i+1] == '}' {
				return i
			}
			if depth > 0 {
				depth--
			}
		}
	}
	return -1
}

// Render evaluates the template for env. A nil template renders as "".
func (t *Template) Render(env model.Env) (string, error) {
	if t == nil {
		return "", nil
	}
	var b strings.Builder
	for _, p := range t.parts {
		if p.prog == nil {
			b.WriteString(p.text)
			continue
		}
		out, err := p.prog.eval(env)
		if err != nil {
			return "", err
		}
		b.WriteString(format(out))
	}
	return b.String(), nil
}

// format prints an expression result: lists as "a, b", nil as nothing.
func format(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case []string:
		return strings.Join(v, ", ")
	case []any:
		s := make([]string, len(v))
		for i, x := range v {
			s[i] = format(x)
		}
		return strings.Join(s, ", ")
	}
	return fmt.Sprint(v)
}
