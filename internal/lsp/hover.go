package lsp

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/postlint/postlint/lint/model"
	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/lint/syntax"
)

// wordAt returns the parameter-name-like word at or just before off.
func wordAt(src []byte, off int) (word string, start, end int) {
	start, end = off, off
	for start > 0 && syntax.IsNameByte(src[start-1]) {
		start--
	}
	for end < len(src) && syntax.IsNameByte(src[end]) {
		end++
	}
	return string(src[start:end]), start, end
}

// hover describes the parameter under the cursor, whether the cursor is
// on a setting's name, a -o override's name or a $name reference: what
// the target release does with it and its effective value here.
func (s *server) hover(u DocumentURI, pos Position) *Hover {
	s.mu.Lock()
	snap := s.snapshot(u)
	s.mu.Unlock()
	if snap == nil {
		return nil
	}
	off := snap.text.offset(pos)
	name, start, end := wordAt(snap.text.src, off)
	if name == "" {
		return nil
	}
	cfg, _ := s.ws.model(snap)
	p, known := postfix.Lookup(name)
	if known && !p.Exists() {
		known = false
	}
	user := cfg.Main().Set(name) || cfg.Known(name)
	if !known && !user {
		return restrictionHover(snap, name, start, end, cfg.Version)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**", name)
	if known {
		if !p.Template {
			// The documentation is Postfix's own, one click away.
			fmt.Fprintf(&b, " — [postconf(5)](https://www.postfix.org/postconf.5.html#%s)", name)
		}
		describeParam(&b, p, cfg.Version)
	} else {
		fmt.Fprintf(&b, "\n\nNot a parameter of Postfix %s: a name this configuration defines.", cfg.Version)
	}
	effective(&b, cfg, snap, off, name)
	r := snap.text.span(start, end)
	return &Hover{Contents: MarkupContent{Kind: "markdown", Value: b.String()}, Range: &r}
}

// restrictionHover describes an smtpd restriction word, or is nil.
func restrictionHover(snap *snapshot, name string, start, end int, v postfix.Version) *Hover {
	r, ok := postfix.LookupRestriction(name, v)
	if !ok || !r.Known && !r.Maybe {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** — smtpd restriction ([postconf(5)](https://www.postfix.org/postconf.5.html#%s))", r.Name, name)
	if words := restrictionKinds[r.Kind]; words != "" {
		fmt.Fprintf(&b, "\n\n%s", words)
	}
	if r.Args > 0 && r.ArgSyntax != "" {
		fmt.Fprintf(&b, "\n\nTakes: `%s`", r.ArgSyntax)
	}
	if r.RelayBlocking {
		b.WriteString("\n\nCounts as relay control (smtpd's start-up check of smtpd_relay_restrictions and smtpd_recipient_restrictions).")
	}
	if r.Maybe {
		fmt.Fprintf(&b, "\n\nPostfix %s may not know it.", v)
	}
	if r.AlwaysFails {
		fmt.Fprintf(&b, "\n\nPostfix %s answers every use with a server configuration error.", v)
	} else if r.WarnsDeprecated {
		fmt.Fprintf(&b, "\n\nPostfix %s logs a deprecation warning for it.", v)
	}
	rg := snap.text.span(start, end)
	return &Hover{Contents: MarkupContent{Kind: "markdown", Value: b.String()}, Range: &rg}
}

var restrictionKinds = map[string]string{
	"permit":          "Permits when it matches.",
	"reject":          "Rejects when it matches.",
	"defer":           "Defers when it matches.",
	"check-table":     "Looks the client, sender or recipient up in a table.",
	"check-other-arg": "Needs an argument.",
}

// describeParam writes what release v does with p.
func describeParam(b *strings.Builder, p *postfix.Param, v postfix.Version) {
	facts, ok := p.In(v)
	if !ok {
		fmt.Fprintf(b, "\n\nPostfix %s does not have this parameter.", v)
	} else {
		kind := kindWords[facts.Kind]
		if facts.Maybe {
			kind += " (Postfix " + v.String() + " may not have it)"
		}
		if kind != "" {
			fmt.Fprintf(b, "\n\nType: %s", kind)
			if facts.Min != 0 || facts.Max != 0 {
				fmt.Fprintf(b, ", %s", bounds(facts))
			}
		}
		if facts.HasDefault {
			fmt.Fprintf(b, "\n\nDefault in %s: `%s`", v, facts.Default)
		} else {
			b.WriteString("\n\nDefault: depends on the host")
		}
	}
	since := p.Since()
	if !since.IsZero() {
		if since == postfix.Oldest || since.Less(postfix.Oldest) {
			fmt.Fprintf(b, "\n\nReleases: %s or earlier", since)
		} else {
			fmt.Fprintf(b, "\n\nReleases: from %s", since)
		}
		if last := p.LastRelease(); last != "" {
			fmt.Fprintf(b, " to %s", last)
		}
	}
	if d := p.Deprecated; d != nil {
		b.WriteString("\n\nDeprecated")
		if !d.Since.IsZero() {
			fmt.Fprintf(b, " since %s", d.Since)
		}
		if d.Replacement != "" {
			fmt.Fprintf(b, ": use `%s` instead", d.Replacement)
		}
		if d.Note != "" {
			fmt.Fprintf(b, ". %s", d.Note)
		}
	}
}

var kindWords = map[postfix.Kind]string{
	postfix.KindBool:  "boolean (yes or no)",
	postfix.KindNBool: "boolean (yes or no)",
	postfix.KindInt:   "integer",
	postfix.KindNInt:  "integer",
	postfix.KindLong:  "integer",
	postfix.KindTime:  "time (a number with an optional unit: s, m, h, d, w)",
	postfix.KindStr:   "text ($name expanded)",
	postfix.KindRaw:   "text (not expanded)",
	postfix.KindStrFn: "text",
}

func bounds(f postfix.Facts) string {
	what := "value"
	if f.Kind == postfix.KindStr || f.Kind == postfix.KindRaw || f.Kind == postfix.KindStrFn {
		what = "length"
	}
	switch {
	case f.Min != 0 && f.Max != 0:
		return fmt.Sprintf("%s %d to %d", what, f.Min, f.Max)
	case f.Min != 0:
		return fmt.Sprintf("%s at least %d", what, f.Min)
	}
	return fmt.Sprintf("%s at most %d", what, f.Max)
}

// effective writes the value name has where the cursor is: in a
// master.cf service, after its -o overrides; elsewhere as main.cf
// leaves it.
func effective(b *strings.Builder, cfg *model.Config, snap *snapshot, off int, name string) {
	var raw, expanded, from string
	if svc := serviceAt(cfg, snap.path, off); svc != nil {
		raw, expanded = svc.Raw(name), svc.Get(name)
		switch {
		case svc.Overrides(name):
			from = fmt.Sprintf("-o of service %s/%s", svc.Name, svc.Type)
		case cfg.Main().Set(name):
			from = "main.cf, line " + fmt.Sprint(cfg.Main().At(name).Start.Line)
		default:
			from = "default"
		}
		from += fmt.Sprintf(", as service %s/%s sees it", svc.Name, svc.Type)
	} else {
		m := cfg.Main()
		raw, expanded = m.Raw(name), m.Get(name)
		from = "default"
		if m.Set(name) {
			at := m.At(name)
			from = fmt.Sprintf("%s, line %d", filepath.Base(at.File), at.Start.Line)
		}
	}
	fmt.Fprintf(b, "\n\nValue here (%s): `%s`", from, oneLine(raw))
	if expanded != raw {
		fmt.Fprintf(b, "\n\nExpanded: `%s`", oneLine(expanded))
	}
}

// serviceAt returns the master.cf service whose entry holds off in file.
func serviceAt(cfg *model.Config, file string, off int) *model.Service {
	for _, s := range cfg.Services {
		n := s.SyntaxService()
		if n != nil && s.At.File == file && int(n.Pos()) <= off && off <= int(n.End()) {
			return s
		}
	}
	return nil
}

// oneLine keeps a value readable inside `code`: white space runs become
// one space, and a backtick cannot end the code span early.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return strings.ReplaceAll(s, "`", "'")
}
