// Package checks names every check postlint has, wherever it is written:
// the rules of a rule set (TOML), the host checks, the suppression
// diagnostics and the probe checks (Go). The command line and the
// language server take the list, and which of them a lint run runs, from
// here, so that a suppression comment means the same in both.
package checks

import (
	"slices"

	"github.com/postlint/postlint/lint/hostcheck"
	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/lint/probe"
	"github.com/postlint/postlint/lint/settings"
	"github.com/postlint/postlint/lint/suppress"
	"github.com/postlint/postlint/rules"
)

// All returns the rules of set (none for nil) followed by the checks
// written in Go: host checks, suppression diagnostics and probe checks.
func All(set *rules.Set) []*rules.Rule {
	var own []*rules.Rule
	if set != nil {
		own = set.Rules()
	}
	return slices.Concat(own, hostcheck.Rules(), suppress.Rules(), probe.Rules())
}

// Ran reports whether the check with this ID runs in a lint of release v
// with set and st (nil: no settings), so that a suppression of it could
// have matched a finding: it is enabled, and a rule of set applies to v;
// host checks run only with host; probe checks never (they are postlint
// probe's); the suppression diagnostics always.
func Ran(set *rules.Set, st *settings.Settings, v postfix.Version, host bool, id string) bool {
	if !st.RuleEnabled(id) {
		return false
	}
	if r := set.Lookup(id); r != nil {
		return r.Applies(v)
	}
	if _, ok := hostcheck.Lookup(id); ok {
		return host
	}
	if _, ok := probe.Lookup(id); ok {
		return false
	}
	return true
}
