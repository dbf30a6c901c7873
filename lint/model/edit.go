package model

import (
	"bytes"
	"strings"

	"github.com/postlint/postlint/lint/syntax"
)

// TextEdit replaces the bytes Pos:End of File with New; an insertion has
// Pos == End.
type TextEdit struct {
	File     string
	Pos, End syntax.Pos
	New      string
}

// The edit planners below return ok == false when the change cannot be
// made (no file to edit, nothing to rename or replace). An empty result
// with ok == true means the configuration already has the change.

// SetMain sets a main.cf parameter: the value of its effective setting
// is replaced, or a new line "name = value" goes after the last setting
// that shares the longest name prefix ("smtp_tls_", then "smtp_"), else at
// the end of the file.
func (c *Config) SetMain(name, value string) (edits []TextEdit, ok bool) {
	f := c.MainFile
	if f == nil {
		return nil, false
	}
	if p := c.mainParam(name); p != nil {
		return c.SetParam(p, value)
	}
	pos := syntax.Pos(len(f.Src))
	if after := c.relatedParam(name); after != nil {
		pos = after.node.End()
	}
	line := strings.TrimRight(name+" = "+value, " ")
	return []TextEdit{insertLine(f, pos, line)}, true
}

// relatedParam returns the last main.cf setting whose name shares the
// longest "_"-separated prefix with name.
func (c *Config) relatedParam(name string) *Param {
	words := strings.Split(name, "_")
	for k := len(words) - 1; k >= 1; k-- {
		prefix := strings.Join(words[:k], "_") + "_"
		var last *Param
		for _, p := range c.Params {
			if !p.InMaster && strings.HasPrefix(p.Name, prefix) {
				last = p
			}
		}
		if last != nil {
			return last
		}
	}
	return nil
}

// insertLine inserts a line at pos (the start of a line, or the end of
// the file), in the file's line ending; at the end of a file without a
// final newline it first ends the last line.
func insertLine(f *syntax.File, pos syntax.Pos, line string) TextEdit {
	eol := lineEnding(f.Src)
	text := line + eol
	if int(pos) == len(f.Src) && len(f.Src) > 0 && f.Src[len(f.Src)-1] != '\n' {
		text = eol + text
	}
	return TextEdit{f.Name, pos, pos, text}
}

// lineEnding returns "\r\n" when the file's first line ends so, else "\n".
func lineEnding(src []byte) string {
	if i := bytes.IndexByte(src, '\n'); i > 0 && src[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

// DeleteMain removes every main.cf setting of name, all its lines.
func (c *Config) DeleteMain(name string) ([]TextEdit, bool) {
	if c.MainFile == nil {
		return nil, false
	}
	return c.each(c.mainDefs[name], c.DeleteParam)
}

// RenameMain renames every main.cf setting of name, keeping the values.
func (c *Config) RenameMain(name, to string) ([]TextEdit, bool) {
	defs := c.mainDefs[name]
	if len(defs) == 0 {
		return nil, false
	}
	return c.each(defs, func(p *Param) ([]TextEdit, bool) { return c.RenameParam(p, to) })
}

// ReplaceMain replaces every occurrence of old by new in the value of the
// effective main.cf setting of name.
func (c *Config) ReplaceMain(name, old, new string) ([]TextEdit, bool) {
	p := c.mainParam(name)
	if p == nil {
		return nil, false
	}
	return c.ReplaceParam(p, old, new)
}

// each applies an edit planner to several settings; all must succeed.
func (c *Config) each(ps []*Param, fn func(*Param) ([]TextEdit, bool)) ([]TextEdit, bool) {
	var edits []TextEdit
	for _, p := range ps {
		e, ok := fn(p)
		if !ok {
			return nil, false
		}
		edits = append(edits, e...)
	}
	return edits, true
}

// optionText formats a -o argument; values with white space need the
// Postfix 3.0 form "{ name = value }".
func optionText(name, value string) string {
	if strings.ContainsAny(value, " \t") {
		return "{ " + name + " = " + value + " }"
	}
	return name + "=" + value
}

// SetOption sets a -o override of service s: the last -o of name is
// changed in place, else "-o name=value" goes on a new continuation line
// after the service's last line, indented like the service's last -o
// that begins a line (two spaces when none does).
func (c *Config) SetOption(s *Service, name, value string) ([]TextEdit, bool) {
	if s == nil || s.Stock || c.MasterFile == nil {
		return nil, false
	}
	if p := s.override(name); p != nil {
		return c.SetParam(p, value)
	}
	if len(s.node.Args) > 0 {
		// The daemon reads options only before its first argument: an
		// -o after the command's arguments (pipe's, or stray ones) is one
		// more argument.
		return nil, false
	}
	return []TextEdit{insertLine(c.MasterFile, s.node.End(), optionIndent(c.MasterFile.Src, s.node)+"-o "+optionText(name, value))}, true
}

// optionIndent returns the white space before the last option of s that
// is the first thing on its line, or two spaces.
func optionIndent(src []byte, s *syntax.Service) string {
	indent := "  "
	for _, o := range s.Options {
		start := bytes.LastIndexByte(src[:o.Pos], '\n') + 1
		if ws := string(src[start:o.Pos]); ws != "" && strings.Trim(ws, " \t") == "" {
			indent = ws
		}
	}
	return indent
}

// options returns the -o settings of name in s, in order.
func options(s *Service, name string) []*Param {
	var ps []*Param
	for _, p := range s.Params {
		if p.Name == name {
			ps = append(ps, p)
		}
	}
	return ps
}

// DeleteOption removes every -o of name from service s.
func (c *Config) DeleteOption(s *Service, name string) ([]TextEdit, bool) {
	if s == nil || s.Stock {
		return nil, false
	}
	return c.each(options(s, name), c.DeleteParam)
}

// RenameOption renames every -o of name in service s.
func (c *Config) RenameOption(s *Service, name, to string) ([]TextEdit, bool) {
	if s == nil || !s.Overrides(name) {
		return nil, false
	}
	return c.each(options(s, name), func(p *Param) ([]TextEdit, bool) { return c.RenameParam(p, to) })
}

// ReplaceOption replaces old by new in the value of the last -o of name
// in service s.
func (c *Config) ReplaceOption(s *Service, name, old, new string) ([]TextEdit, bool) {
	p := s.override(name)
	if p == nil {
		return nil, false
	}
	return c.ReplaceParam(p, old, new)
}

// editable returns the file that holds setting p, or nil for a stock
// service's -o.
func (p *Param) editable() *syntax.File {
	if p == nil || p.src == nil {
		return nil
	}
	return p.file
}

// SetParam changes the value of one setting (a main.cf line or a -o).
func (c *Config) SetParam(p *Param, value string) ([]TextEdit, bool) {
	f := p.editable()
	if f == nil {
		return nil, false
	}
	if p.Value == value {
		return nil, true
	}
	v := p.value()
	switch {
	case p.node != nil:
		if v.Pos == v.End && v.Pos > 0 && f.Src[v.Pos-1] == '=' {
			value = " " + value
		}
	case !p.setting.Braced && strings.ContainsAny(value, " \t"):
		return []TextEdit{{f.Name, p.opt.Arg.Pos, p.opt.Arg.End, optionText(p.Name, value)}}, true
	}
	return []TextEdit{{f.Name, v.Pos, v.End, value}}, true
}

// DeleteParam removes one setting: all lines of a main.cf setting, or a
// -o option (its whole line when it stands alone on it, else the option
// and the white space before it).
func (c *Config) DeleteParam(p *Param) ([]TextEdit, bool) {
	f := p.editable()
	if f == nil {
		return nil, false
	}
	if p.node != nil {
		return []TextEdit{{f.Name, p.node.Pos(), p.node.End(), ""}}, true
	}
	return []TextEdit{deleteOption(f, p.opt)}, true
}

func deleteOption(f *syntax.File, o *syntax.Option) TextEdit {
	src := f.Src
	lineStart := bytes.LastIndexByte(src[:o.Pos], '\n') + 1
	lineEnd := len(src)
	if i := bytes.IndexByte(src[o.End:], '\n'); i >= 0 {
		lineEnd = int(o.End) + i + 1
	}
	before := strings.TrimLeft(string(src[lineStart:o.Pos]), " \t")
	after := strings.TrimSpace(string(src[o.End:lineEnd]))
	if before == "" && after == "" {
		return TextEdit{f.Name, syntax.Pos(lineStart), syntax.Pos(lineEnd), ""}
	}
	start := int(o.Pos)
	for start > lineStart && (src[start-1] == ' ' || src[start-1] == '\t') {
		start--
	}
	return TextEdit{f.Name, syntax.Pos(start), o.End, ""}
}

// RenameParam renames one setting, keeping its value.
func (c *Config) RenameParam(p *Param, to string) ([]TextEdit, bool) {
	f := p.editable()
	if f == nil {
		return nil, false
	}
	var name syntax.Word
	if p.node != nil {
		name = p.node.Name
	} else {
		name = p.setting.Name
	}
	return []TextEdit{{f.Name, name.Pos, name.End, to}}, true
}

// ReplaceParam replaces every occurrence of old by new in the value of
// one setting.
func (c *Config) ReplaceParam(p *Param, old, new string) ([]TextEdit, bool) {
	f := p.editable()
	if f == nil {
		return nil, false
	}
	return replaceIn(f.Name, p.value(), old, new)
}

func replaceIn(file string, v syntax.Value, old, new string) ([]TextEdit, bool) {
	if old == "" || !strings.Contains(v.Text, old) {
		return nil, false
	}
	var edits []TextEdit
	for i := 0; ; {
		j := strings.Index(v.Text[i:], old)
		if j < 0 {
			break
		}
		start := i + j
		end := start + len(old)
		edits = append(edits, TextEdit{file, v.Offset(start), v.Offset(end-1) + 1, new})
		i = end
	}
	return edits, true
}
