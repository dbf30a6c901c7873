package model

import "strings"

// TrailingComment is a "# ..." that a setting's value carries: main.cf has
// comments only at the start of a line, so the text is part of the value.
type TrailingComment struct {
	// Text is the comment from its '#' to the end of the value; "" when
	// the value has none.
	Text string
	// At is where the comment starts, to the end of the value.
	At Location
	// Setting covers the whole setting, and Old and New are a safe fix
	// for it: the same setting without the comment, after the comment on
	// a line of its own. They are empty when the comment is not the end
	// of a one-line main.cf setting (moving it would then change the
	// value).
	Setting  Location
	Old, New string
}

// TrailingComment finds the first " #" or "\t#" in a value outside {...}.
func (e Env) TrailingComment(p *Param) TrailingComment {
	if p == nil || p.file == nil || p.src == nil {
		return TrailingComment{}
	}
	v := p.value()
	k := commentStart(v.Text)
	if k < 0 {
		return TrailingComment{}
	}
	tc := TrailingComment{Text: v.Text[k:], At: p.Span(k, len(v.Text))}
	if n := p.node; n != nil && len(n.Lines) == 1 {
		start, end := n.Pos(), v.Offset(len(v.Text))
		src := string(p.file.Src[start:end])
		keep := strings.TrimRight(string(p.file.Src[start:v.Offset(k)]), " \t")
		tc.Setting = locate(p.src, start, end)
		tc.Old = src
		tc.New = tc.Text + lineEnding(p.file.Src) + keep
	}
	return tc
}

// commentStart returns the index of a '#' that follows white space
// outside braces, or -1.
func commentStart(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			if depth > 0 {
				depth--
			}
		case '#':
			if depth == 0 && i > 0 && (s[i-1] == ' ' || s[i-1] == '\t') {
				return i
			}
		}
	}
	return -1
}
