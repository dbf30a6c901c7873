package model

import (
	"sort"

	"github.com/postlint/postlint/lint/syntax"
)

// SyntaxError is a problem the parser found, in a file or in a value's
// macros.
type SyntaxError struct {
	Code    string // one of the syntax.Err* codes
	Message string
	Fatal   bool   // Postfix itself refuses the file
	Text    string // the source text of At
	// Suggestion is replacement text for At that resolves the error,
	// when the parser has one (e.g. "name=value" for "-o name = value").
	Suggestion string
	At         Location
}

func (c *Config) buildSyntaxErrors() {
	type key struct {
		file string
		pos  syntax.Pos
		code string
	}
	seen := make(map[key]bool)
	add := func(f *syntax.File, e *syntax.Error) {
		k := key{f.Name, e.Pos, e.Code}
		if seen[k] {
			return
		}
		seen[k] = true
		c.Syntax = append(c.Syntax, &SyntaxError{
			Code:       e.Code,
			Message:    e.Msg,
			Fatal:      e.Fatal,
			Text:       string(f.Src[e.Pos:e.End]),
			Suggestion: e.Suggestion,
			At:         locate(syntaxSource{f}, e.Pos, e.End),
		})
	}
	for _, f := range []*syntax.File{c.MainFile, c.MasterFile} {
		if f == nil {
			continue
		}
		for _, e := range f.Errors {
			add(f, e)
		}
	}
	for _, p := range c.Params {
		if p.src == nil {
			continue
		}
		for _, e := range p.macroErrs {
			add(p.file, e)
		}
	}
	sort.SliceStable(c.Syntax, func(i, j int) bool {
		a, b := c.Syntax[i].At, c.Syntax[j].At
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Pos < b.Pos
	})
}
