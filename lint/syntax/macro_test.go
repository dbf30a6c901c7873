package syntax

import (
	"fmt"
	"strings"
	"testing"
)

// render prints parts as a compact tree: literals quoted, macros as
// M(name op then|else) with relational operands as [left op right].
func render(parts []Part) string {
	var b strings.Builder
	for _, p := range parts {
		switch p := p.(type) {
		case *Literal:
			fmt.Fprintf(&b, "%q", p.Text)
		case *Macro:
			b.WriteString("M(")
			if p.Relational() {
				fmt.Fprintf(&b, "[%s %s %s]", render(p.Left), p.Op, render(p.Right))
			} else {
				b.WriteString(p.Name.Text + p.Op)
			}
			if p.Then != nil || p.Else != nil {
				fmt.Fprintf(&b, " %s|%s", render(p.Then), render(p.Else))
			}
			b.WriteString(")")
		}
	}
	return b.String()
}

func TestMacros(t *testing.T) {
	tests := []struct {
		value, want string
		v3          bool
		err         string
	}{
		{"$myhostname", "M(myhostname)", false, ""},
		{"a $b c", `"a "M(b)" c"`, false, ""},
		{"${b}x$(c)", `M(b)"x"M(c)`, false, ""},
		{"$$5 and $$", `"$$5 and $$"`, false, ""},
		{"${a?yes}", `M(a? "yes"|)`, false, ""},
		{"${a:no $b}", `M(a: |"no "M(b))`, false, ""},
		{"${a?{one}:{two $c}}", `M(a? "one"|"two "M(c))`, true, ""},
		{"${a:{x}}", `M(a: |"x")`, true, ""},
		{"${{$a} == {yes} ? {on} : {off}}", `M([M(a) == "yes"] "on"|"off")`, true, ""},
		{"${{$a}<={3}?{x}}", `M([M(a) <= "3"] "x"|)`, true, ""},
		{"${{$compatibility_level} <level {3.6} ? {yes} : {no}}", `M([M(compatibility_level) <level "3.6"] "yes"|"no")`, true, ""},
		{"x ${a", `"x "`, false, "main.cf:1:7: missing '}' in macro reference"},
		{"$ x", ``, false, "main.cf:1:5: '$' is not followed by a parameter name (write $$ for a literal '$')"},
		{"${a!b}", ``, false, "main.cf:1:8: unexpected \"!b\" after macro name a (expected '?', ':' or '}')"},
		{"${{a} ~ {b}?{c}}", ``, false, "main.cf:1:11: expected ==, !=, <, <=, > or >= in relational macro expression"},
		{"${a?{x} y}", ``, false, "main.cf:1:13: unexpected \"y\" after macro value"},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			f := ParseMain("main.cf", []byte("p = "+tt.value+"\n"))
			parts, errs := f.Macros(f.Params()[0].Value)
			if got := render(parts); got != tt.want {
				t.Errorf("parts %s, want %s", got, tt.want)
			}
			var msg string
			if len(errs) > 0 {
				msg = errs[0].Error()
			}
			if msg != tt.err {
				t.Errorf("error %q, want %q", msg, tt.err)
			}
			v3 := false
			Walk(parts, func(m *Macro) { v3 = v3 || m.NeedsPostfix3() })
			if v3 != tt.v3 {
				t.Errorf("NeedsPostfix3 = %v", v3)
			}
		})
	}
}

func TestMacroPositionsAcrossLines(t *testing.T) {
	src := "p = a,\n  $b\n"
	f := ParseMain("main.cf", []byte(src))
	parts, _ := f.Macros(f.Params()[0].Value)
	m := parts[1].(*Macro)
	if got := src[m.Pos():m.End()]; got != "$b" {
		t.Fatalf("macro span %q", got)
	}
	if got := f.Position(m.Name.Pos).String(); got != "main.cf:2:4" {
		t.Errorf("name at %s", got)
	}
}

// TestMacrosDeepNesting parses a value nested far deeper than Postfix
// expands: every level up to maxNesting is a macro, the rest one
// literal, and neither time nor stack grows with the depth beyond it.
func TestMacrosDeepNesting(t *testing.T) {
	const n = 1 << 20
	src := "p = " + strings.Repeat("${a?", n) + "x" + strings.Repeat("}", n) + "\n"
	f := ParseMain("main.cf", []byte(src))
	parts, errs := f.Macros(f.Params()[0].Value)
	if len(errs) != 0 {
		t.Fatalf("errors %v", errs)
	}
	depth := 0
	for len(parts) == 1 {
		m, ok := parts[0].(*Macro)
		if !ok {
			break
		}
		depth++
		parts = m.Then
	}
	if depth != maxNesting || len(parts) != 1 {
		t.Fatalf("parsed %d levels, then %d parts; want %d levels, then one literal", depth, len(parts), maxNesting)
	}
	lit, ok := parts[0].(*Literal)
	if !ok || !strings.HasPrefix(lit.Text, "${a?${a?") || !strings.HasSuffix(lit.Text, "x"+strings.Repeat("}", n-maxNesting)) {
		t.Errorf("innermost part %T is not the rest as a literal", parts[0])
	}
	if got := src[lit.Pos():lit.End()]; got != lit.Text {
		t.Errorf("literal positions cover %q", got[:min(20, len(got))])
	}
}
