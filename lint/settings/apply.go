package settings

import (
	"fmt"
	"strings"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/rules"
)

// Check validates the rule selectors against the rules of the run (the
// built-in and loaded rules, the host checks and the suppression
// diagnostics), and remembers the rules' names for Apply and
// RuleEnabled. A rule ID or name that matches no rule is an error, a glob
// that matches none only a warning: a glob names a family of rules that
// may be empty in this rule set, an ID or name is a typo or a rule that
// no longer exists.
func (s *Settings) Check(all []*rules.Rule) (warnings Errors, err error) {
	if s == nil {
		return nil, nil
	}
	s.names = make(map[string]string, len(all))
	for _, r := range all {
		s.names[strings.ToUpper(r.ID)] = r.Name
	}
	var errs Errors
	for _, sel := range s.selectors() {
		n := 0
		for _, r := range all {
			if sel.Match(r.ID, r.Name) {
				n++
			}
		}
		if n > 0 {
			continue
		}
		if sel.IsGlob() {
			warnings = append(warnings, &Error{File: s.File, Line: sel.Line,
				Msg: fmt.Sprintf("%s: pattern %q matches no rule", sel.Key, sel.Text)})
			continue
		}
		errs = append(errs, &Error{File: s.File, Line: sel.Line,
			Msg: fmt.Sprintf("%s: no rule %q (postlint rules lists them)", sel.Key, sel.Text)})
	}
	if len(errs) > 0 {
		return warnings, errs
	}
	return warnings, nil
}

// selectors returns every selector of the file.
func (s *Settings) selectors() []Selector {
	out := append(append([]Selector(nil), s.Enable...), s.Disable...)
	for _, o := range s.Severities {
		out = append(out, o.Selector)
	}
	return out
}

// Enabled reports whether the rule with this ID and name (name may be
// empty) is to run and be reported: it matches enable (or enable is
// empty), matches nothing in disable, and its severity is not "off".
// Disable wins over enable.
func (s *Settings) Enabled(id, name string) bool {
	if s == nil {
		return true
	}
	if len(s.Enable) > 0 && !matchAny(s.Enable, id, name) {
		return false
	}
	if matchAny(s.Disable, id, name) {
		return false
	}
	_, off := s.Severity(id, name, lint.Warning)
	return !off
}

// RuleEnabled is Enabled for a rule ID, with the name Check learnt for
// it. It fits lint.Options.Enabled.
func (s *Settings) RuleEnabled(id string) bool {
	if s == nil {
		return true
	}
	return s.Enabled(id, s.names[strings.ToUpper(id)])
}

// Severity returns the severity that [severity] gives the rule with this
// ID and name, def when no entry matches, and off when it is "off". An
// entry naming the rule's ID or name wins over globs; among entries of
// the same kind, the last in the file wins.
func (s *Settings) Severity(id, name string, def lint.Severity) (sev lint.Severity, off bool) {
	if s == nil {
		return def, false
	}
	var best *SeverityOverride
	for i := range s.Severities {
		o := &s.Severities[i]
		if !o.Match(id, name) {
			continue
		}
		if best == nil || !o.IsGlob() || best.IsGlob() {
			best = o
		}
	}
	switch {
	case best == nil:
		return def, false
	case best.Severity == 0:
		return def, true
	}
	return best.Severity, false
}

func matchAny(sels []Selector, id, name string) bool {
	for _, sel := range sels {
		if sel.Match(id, name) {
			return true
		}
	}
	return false
}

// Apply drops the findings of rules that are not enabled and sets the
// severity of the others. Rule names are those Check learnt; before
// Check, selectors match rule IDs only. The result is a new slice.
func (s *Settings) Apply(findings []lint.Finding) []lint.Finding {
	if s == nil {
		return findings
	}
	out := make([]lint.Finding, 0, len(findings))
	for _, f := range findings {
		name := s.names[strings.ToUpper(f.Rule)]
		if !s.Enabled(f.Rule, name) {
			continue
		}
		f.Severity, _ = s.Severity(f.Rule, name, f.Severity)
		out = append(out, f)
	}
	return out
}
