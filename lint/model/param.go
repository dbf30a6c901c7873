package model

import (
	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/lint/syntax"
)

// Param is one setting: a main.cf "name = value" or a master.cf
// "-o name=value".
type Param struct {
	Name     string
	Value    string // as written, continuation lines joined
	Expanded string // Value with macros expanded (in the service's view for -o)
	InMaster bool
	Service  *Service // the service of a -o override; nil in main.cf
	// Duplicate reports that a later setting of the same name in the
	// same scope (main.cf, or the same service's -o) overrides this one.
	Duplicate bool
	// Cycle reports that expanding the value leads back to the parameter
	// itself, which Postfix rejects ("unreasonable macro call nesting").
	// It is false for a Duplicate, which Postfix never expands.
	Cycle bool
	// MacroError reports a malformed macro in the value (PL110-PL114):
	// Expanded is then not what Postfix would see.
	MacroError bool
	// Depth is the number of nested name references below the value
	// (a = $b with b = $c: 2), and TooDeep reports that Postfix programs
	// that read the parameter, or a parameter that refers to it, give up
	// ("unreasonable macro call nesting"): mac_expand allows 100 levels.
	Depth   int
	TooDeep bool
	// Braced marks the Postfix 3.0 form -o { name = value }.
	Braced  bool
	At      Location // the name
	ValueAt Location // the value
	Macros  []MacroRef

	file      *syntax.File   // the file the value was parsed from
	src       source         // where locations point; nil for stock services
	node      *syntax.Param  // main.cf setting
	opt       *syntax.Option // master.cf -o option
	setting   *syntax.Setting
	parts     []syntax.Part
	macroErrs []*syntax.Error // reported with the parser's errors
}

// MacroRef is a $name reference in a value, including references nested
// in conditional values. A relational ${{a} op {b}...} expression has an
// empty Name.
type MacroRef struct {
	Name string
	At   Location
	// NeedsPostfix3 reports the braced or relational syntax that Postfix
	// before 3.0 does not understand.
	NeedsPostfix3 bool
	// Undefined reports that Name is not set (in main.cf, or the -o of
	// the service), not a parameter of the target release and not a
	// name Postfix derives from master.cf: it expands to nothing and
	// postconf warns "undefined parameter".
	Undefined bool
}

// value returns the syntax value of the setting.
func (p *Param) value() syntax.Value {
	if p.node != nil {
		return p.node.Value
	}
	return p.setting.Value
}

// Span returns the location of Value[i:j].
func (p *Param) Span(i, j int) Location {
	v := p.value()
	i = min(max(i, 0), len(v.Text))
	j = min(max(j, i), len(v.Text))
	end := v.Offset(j)
	if j > i {
		end = v.Offset(j-1) + 1 // stay on the line of the last byte
	}
	return locate(p.src, v.Offset(i), end)
}

// SyntaxParam returns the main.cf syntax node, or nil for a -o override.
func (p *Param) SyntaxParam() *syntax.Param { return p.node }

// SyntaxOption returns the master.cf -o option, or nil for main.cf.
func (p *Param) SyntaxOption() (*syntax.Option, *syntax.Setting) { return p.opt, p.setting }

// view returns the scope the value is expanded in.
func (p *Param) view(c *Config) *view {
	if p.Service != nil {
		return p.Service.view
	}
	return c.main
}

// newParam makes a setting of file f; src is nil for the stock master.cf,
// which has no locations.
func (c *Config) newParam(f *syntax.File, src source, name syntax.Word, v syntax.Value) *Param {
	p := &Param{
		Name:    name.Text,
		Value:   v.Text,
		At:      locate(src, name.Pos, name.End),
		ValueAt: locate(src, v.Pos, v.End),
		file:    f,
		src:     src,
	}
	p.parts, p.macroErrs = f.Macros(v)
	p.MacroError = len(p.macroErrs) > 0
	n := 0
	syntax.Walk(p.parts, func(*syntax.Macro) { n++ })
	p.Macros = make([]MacroRef, 0, n)
	syntax.Walk(p.parts, func(m *syntax.Macro) {
		p.Macros = append(p.Macros, MacroRef{
			Name:          m.Name.Text,
			At:            locate(src, m.Pos(), m.End()),
			NeedsPostfix3: m.NeedsPostfix3(),
		})
	})
	return p
}

func (c *Config) buildMainParams() {
	f := c.MainFile
	if f == nil {
		return
	}
	for _, sp := range f.Params() {
		p := c.newParam(f, syntaxSource{f}, sp.Name, sp.Value)
		p.node = sp
		if defs := c.mainDefs[p.Name]; len(defs) > 0 {
			defs[len(defs)-1].Duplicate = true
		}
		c.mainDefs[p.Name] = append(c.mainDefs[p.Name], p)
		c.Params = append(c.Params, p)
	}
}

// finishParams expands every setting once the services are known.
func (c *Config) finishParams() {
	cycles := make(map[*view]map[string]bool)
	for _, p := range c.Params {
		v := p.view(c)
		if c.rawParam(p.Name) {
			// Postfix does not expand raw values with main.cf macros:
			// their $name are environment variables and message
			// attributes that the program using them fills in.
			p.Expanded = p.Value
			continue
		}
		p.Expanded = v.expand(p.parts)
		for i := range p.Macros {
			m := &p.Macros[i]
			m.Undefined = m.Name != "" && !v.defined(m.Name)
		}
		if p.Duplicate {
			continue // Postfix never expands an overridden setting
		}
		if cycles[v] == nil {
			cycles[v] = v.cyclic(c.viewRoots(p))
		}
		p.Cycle = cycles[v][p.Name]
		if !p.Cycle {
			p.Depth, p.TooDeep = c.depth(p, v)
		}
	}
}

// depth measures the nesting of p's expansion and whether a program
// fails on it. A program that reads p itself expands p's value, whose
// innermost text then sits Depth levels down; one that reads a parameter
// whose value refers to $p goes one level further. Only parameters of the
// release that a running program reads count.
func (c *Config) depth(p *Param, v *view) (int, bool) {
	v.prepare(refNames(p.parts))
	_, h := v.eval(p.parts)
	if h < maxDepth {
		return h, false
	}
	read := func(name string) bool {
		pp, ok := postfix.Lookup(name)
		return ok && pp.AvailableIn(c.Version) && c.readerRuns(pp, p.Service)
	}
	// Only parameters of the release are reported: a chain of names of
	// the user's is reported where a parameter refers to it.
	if !read(p.Name) {
		return h, false
	}
	if h > maxDepth {
		return h, true
	}
	// Exactly at the limit: fine for p's own readers, too deep for a
	// parameter that refers to p, unless the innermost value is empty.
	if p.Expanded == "" {
		return h, false
	}
	for _, q := range c.appendDependents(nil, p.Name) {
		if read(q) {
			return h, true
		}
	}
	return h, false
}

// rawParam reports a parameter that the target release reads raw.
func (c *Config) rawParam(name string) bool {
	p, ok := postfix.Lookup(name)
	if !ok {
		return false
	}
	f, _ := p.In(c.Version)
	return f.Kind == postfix.KindRaw
}

// viewRoots returns the names set in the scope of p: main.cf, or the -o
// of p's service.
func (c *Config) viewRoots(p *Param) []string {
	ps := c.Params
	if p.Service != nil {
		ps = p.Service.Params
	}
	var names []string
	for _, q := range ps {
		if q.Service == p.Service {
			names = append(names, q.Name)
		}
	}
	return names
}
