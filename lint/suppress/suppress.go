package suppress

import (
	"fmt"
	"sort"
	"strings"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/syntax"
	"github.com/postlint/postlint/rules"
)

// Options tell Apply which rules exist and which ran.
type Options struct {
	// Known resolves a rule ID or name written in a comment to the rule's
	// ID, reporting whether such a rule exists. Nil accepts every word
	// as a rule ID. KnownIn builds one from a list of rules.
	Known func(idOrName string) (id string, ok bool)
	// Checked reports whether the rule with this ID ran, so that a
	// suppression of it could have matched a finding. A suppression of a
	// rule that did not run (disabled, not for the target version, a
	// host check without --host) is not reported as unused. Nil means
	// every rule ran.
	Checked func(id string) bool
}

// KnownIn returns a resolver for Options.Known over rs: rule IDs compare
// without regard to case, as rules.Set.Lookup does, and so do names.
func KnownIn(rs []*rules.Rule) func(idOrName string) (string, bool) {
	m := make(map[string]string, 2*len(rs))
	for _, r := range rs {
		m[strings.ToUpper(r.ID)] = r.ID
		m[strings.ToUpper(r.Name)] = r.ID
	}
	return func(s string) (string, bool) {
		id, ok := m[strings.ToUpper(s)]
		return id, ok
	}
}

// Apply removes the findings that suppression comments in files suppress,
// and adds the problems of the comments themselves (PL001 to PL004). A
// finding belongs to the file whose Name is its File. The result is
// sorted by file and position, keeping the order of findings at the
// same place.
func Apply(files []*syntax.File, findings []lint.Finding, opt Options) []lint.Finding {
	kept, diags := run(files, findings, opt)
	kept = append(kept, diags...)
	sort.SliceStable(kept, func(i, j int) bool {
		if kept[i].File != kept[j].File {
			return kept[i].File < kept[j].File
		}
		return kept[i].Pos < kept[j].Pos
	})
	return kept
}

// Filter removes the findings that suppression comments in files
// suppress, without reporting the comments' problems: for callers that
// need the findings a user wants, such as choosing fixes.
func Filter(files []*syntax.File, findings []lint.Finding, opt Options) []lint.Finding {
	kept, _ := run(files, findings, opt)
	return kept
}

// suppression is a valid "ignore" or "ignore-file" comment.
type suppression struct {
	file     *syntax.File
	fileWide bool
	from, to syntax.Pos // the logical line an "ignore" applies to
	refs     []*ref
}

// ref is a rule named by a suppression.
type ref struct {
	word
	id   string
	used bool
}

func run(files []*syntax.File, findings []lint.Finding, opt Options) (kept, diags []lint.Finding) {
	byFile := map[string]*index{}
	var all []*suppression
	for _, f := range files {
		if f == nil {
			continue
		}
		c := &collector{file: f, opt: opt}
		c.collect()
		x := byFile[f.Name]
		if x == nil {
			x = &index{}
			byFile[f.Name] = x
		}
		x.add(c.sups)
		all = append(all, c.sups...)
		diags = append(diags, c.diags...)
	}
	for _, x := range byFile {
		x.sort()
	}
	// A finding about a parameter can also be suppressed where the
	// parameter is set, which may be another line or file than the one
	// it points at (PL206 points at relayhost, and is about
	// smtp_tls_CAfile): the suppressions that cover some setting of
	// each name, found once (per finding it was quadratic in the number
	// of settings of one name).
	atSetting := map[string][]*suppression{}
	seen := map[*suppression]string{}
	for name, places := range settingsOf(files) {
		for _, at := range places {
			if x := byFile[at.file]; x != nil {
				x.covering(at.pos, func(s *suppression) {
					if seen[s] != name {
						seen[s] = name
						atSetting[name] = append(atSetting[name], s)
					}
				})
			}
		}
	}
	kept = make([]lint.Finding, 0, len(findings))
	for _, fd := range findings {
		suppressed := false
		match := func(s *suppression) {
			for _, r := range s.refs {
				if strings.EqualFold(r.id, fd.Rule) {
					r.used = true
					suppressed = true
				}
			}
		}
		if x := byFile[fd.File]; x != nil {
			x.covering(fd.Pos, match)
		}
		for _, s := range atSetting[fd.Param] {
			match(s)
		}
		if !suppressed {
			kept = append(kept, fd)
		}
	}
	nouns := map[*syntax.File]map[syntax.Pos]string{}
	for _, s := range all {
		for _, r := range s.refs {
			if r.used || opt.Checked != nil && !opt.Checked(r.id) {
				continue
			}
			where := "in this file"
			if !s.fileWide {
				if nouns[s.file] == nil {
					nouns[s.file] = nounsOf(s.file)
				}
				noun := nouns[s.file][s.from]
				if noun == "" {
					noun = "line"
				}
				where = fmt.Sprintf("in the %s on line %d", noun, s.file.Position(s.from).Line)
			}
			diags = append(diags, diag(s.file, Unused, r.word,
				fmt.Sprintf("suppression of %s matched no finding %s; remove it", r.text, where)))
		}
	}
	return kept, diags
}

// place is a position in a file.
type place struct {
	file string
	pos  syntax.Pos
}

// settingsOf returns where files set each parameter: main.cf settings and
// master.cf -o options.
func settingsOf(files []*syntax.File) map[string][]place {
	out := make(map[string][]place)
	for _, f := range files {
		if f == nil {
			continue
		}
		for _, p := range f.Params() {
			out[p.Name.Text] = append(out[p.Name.Text], place{f.Name, p.Name.Pos})
		}
		for _, s := range f.Services() {
			for _, o := range s.Options {
				if o.Setting != nil {
					n := o.Setting.Name
					out[n.Text] = append(out[n.Text], place{f.Name, n.Pos})
				}
			}
		}
	}
	return out
}

// index finds the suppressions of one file that cover a position: the
// file-wide ones, and the "ignore" ones sorted by the logical line they
// apply to. Logical lines do not overlap, so a binary search finds the
// only line that can hold a position.
type index struct {
	fileWide []*suppression
	lines    []*suppression // sorted by from; equal from for one line
}

func (x *index) add(sups []*suppression) {
	for _, s := range sups {
		if s.fileWide {
			x.fileWide = append(x.fileWide, s)
		} else {
			x.lines = append(x.lines, s)
		}
	}
}

func (x *index) sort() {
	sort.SliceStable(x.lines, func(i, j int) bool { return x.lines[i].from < x.lines[j].from })
}

// covering calls fn for each suppression that covers p.
func (x *index) covering(p syntax.Pos, fn func(*suppression)) {
	for _, s := range x.fileWide {
		fn(s)
	}
	// The lines starting at or before p: only the last start can hold it.
	k := sort.Search(len(x.lines), func(i int) bool { return x.lines[i].from > p })
	for i := k - 1; i >= 0 && x.lines[i].from == x.lines[k-1].from; i-- {
		if x.lines[i].covers(p) {
			fn(x.lines[i])
		}
	}
}

// covers reports whether a finding at p is in the suppression's reach.
// A finding at the very end of the file counts as on its last line.
func (s *suppression) covers(p syntax.Pos) bool {
	if s.fileWide {
		return true
	}
	return s.from <= p && (p < s.to || p == s.to && int(s.to) == len(s.file.Src))
}

// nounsOf names what each logical line of f holds, by its start.
func nounsOf(f *syntax.File) map[syntax.Pos]string {
	m := map[syntax.Pos]string{}
	for _, n := range f.Nodes {
		switch n.(type) {
		case *syntax.Param:
			m[n.Pos()] = "setting"
		case *syntax.Service:
			m[n.Pos()] = "service"
		}
	}
	return m
}

// collector finds the suppression comments of one file.
type collector struct {
	file  *syntax.File
	opt   Options
	sups  []*suppression
	diags []lint.Finding
}

func (c *collector) collect() {
	nodes := c.file.Nodes
	// targets[i] is what an "ignore" comment at node i applies to,
	// computed from the end in one pass: a run of comment lines shares
	// the logical line after it.
	targets := make([]syntax.Node, len(nodes)+1)
	for i := len(nodes) - 1; i >= 0; i-- {
		switch nodes[i].(type) {
		case *syntax.Comment:
			targets[i] = targets[i+1]
		case *syntax.Param, *syntax.Service, *syntax.BadLine:
			targets[i] = nodes[i]
		}
	}
	for i, n := range nodes {
		switch n := n.(type) {
		case *syntax.Comment:
			c.comment(n.Line, targets[i+1])
		case *syntax.Param, *syntax.Service, *syntax.BadLine:
			// A comment inside a continued logical line belongs to it.
			for _, l := range n.PhysLines() {
				if l.Kind == syntax.CommentLine {
					c.comment(l, n)
				}
			}
		}
	}
}

// comment handles one comment line; next is the logical line an
// "ignore" in it applies to, or nil.
func (c *collector) comment(l syntax.Line, next syntax.Node) {
	d, ok := parse(string(c.file.Src[l.Start:l.ContentEnd]))
	if !ok {
		return
	}
	d.shift(int(l.Start))
	if d.err != "" {
		c.report(Malformed, d.errAt, d.err)
		return
	}
	s := &suppression{file: c.file, fileWide: d.fileWide}
	if !d.fileWide {
		if next == nil {
			c.report(Malformed, d.verb, `nothing to ignore: an "ignore" comment must stand directly above the setting or service it is about (use ignore-file for the whole file)`)
			return
		}
		s.from, s.to = next.Pos(), next.End()
	}
	for _, w := range d.ids {
		if r := c.resolve(w); r != nil {
			s.refs = append(s.refs, r)
		}
	}
	if d.reason == "" {
		c.report(MissingReason, word{text: d.text, pos: d.start, end: d.start + len(d.text)},
			"suppression without a reason: say why after the rule list")
	}
	if len(s.refs) > 0 {
		c.sups = append(c.sups, s)
	}
}

// resolve turns a rule word of a comment into a ref, reporting words
// that name no rule or a rule that cannot be suppressed.
func (c *collector) resolve(w word) *ref {
	if strings.ContainsAny(w.text, `*?[\`) {
		c.report(Malformed, w, fmt.Sprintf("%q: suppression comments take rule IDs or names, not patterns (patterns work in .postlint.toml)", w.text))
		return nil
	}
	if d, ok := Lookup(w.text); ok {
		c.report(Malformed, w, fmt.Sprintf("%s cannot be suppressed by a comment; set it to \"off\" in .postlint.toml [severity]", d.ID))
		return nil
	}
	id := w.text
	if c.opt.Known != nil {
		var ok bool
		if id, ok = c.opt.Known(w.text); !ok {
			c.report(UnknownRule, w, fmt.Sprintf("unknown rule %q in suppression (postlint rules lists them)", w.text))
			return nil
		}
	}
	return &ref{word: w, id: id}
}

func (c *collector) report(id string, w word, msg string) {
	c.diags = append(c.diags, diag(c.file, id, w, msg))
}

// diag makes a finding of a suppression diagnostic at w.
func diag(f *syntax.File, id string, w word, msg string) lint.Finding {
	pos, end := syntax.Pos(w.pos), syntax.Pos(w.end)
	return lint.Finding{
		Rule: id, Severity: severity(id), File: f.Name,
		Pos: pos, End: end, Start: f.Position(pos), Stop: f.Position(end),
		Message: msg,
	}
}
