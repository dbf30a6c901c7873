package model

import (
	"sort"
	"strings"

	"github.com/postlint/postlint/lint/postfix"
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
	// Param is the setting whose value holds a macro error; "" for other
	// errors. Unused reports that it is a user-defined parameter that
	// nothing refers to: no Postfix program expands it, and postconf only
	// warns.
	Param  string
	Unused bool
}

// charSet reports the raw parameters whose value is a set of characters
// (smtpd_expansion_filter, postscreen_expansion_filter), which no program
// expands: a '$' there is just one of the characters.
func (c *Config) charSet(name string) bool {
	return strings.HasSuffix(name, "_expansion_filter") && c.rawParam(name)
}

// unusedUserParam reports a name that is neither a parameter of the
// target release nor derived from master.cf, and that no value refers to.
func (c *Config) unusedUserParam(name string) bool {
	if p, ok := postfix.Lookup(name); ok && !p.Template && p.AvailableIn(c.Version) {
		return false
	}
	if _, ok := c.serviceSuffix(name); ok {
		return false
	}
	return !c.known.user[name]
}

func (c *Config) buildSyntaxErrors() {
	type key struct {
		file string
		pos  syntax.Pos
		code string
	}
	seen := make(map[key]bool)
	add := func(f *syntax.File, e *syntax.Error, p *Param) {
		k := key{f.Name, e.Pos, e.Code}
		if seen[k] {
			return
		}
		seen[k] = true
		se := &SyntaxError{
			Code:       e.Code,
			Message:    e.Msg,
			Fatal:      e.Fatal,
			Text:       string(f.Src[e.Pos:e.End]),
			Suggestion: e.Suggestion,
			At:         locate(syntaxSource{f}, e.Pos, e.End),
		}
		if p != nil {
			se.Param = p.Name
			se.Unused = c.unusedUserParam(p.Name)
		}
		c.Syntax = append(c.Syntax, se)
	}
	for _, f := range []*syntax.File{c.MainFile, c.MasterFile} {
		if f == nil {
			continue
		}
		for _, e := range f.Errors {
			add(f, e, nil)
		}
	}
	for _, p := range c.Params {
		if p.src == nil {
			continue
		}
		if c.charSet(p.Name) {
			continue
		}
		for _, e := range p.macroErrs {
			add(p.file, e, p)
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
