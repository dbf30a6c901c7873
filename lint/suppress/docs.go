package suppress

import (
	"strings"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/rules"
)

// Rule IDs of the problems found in suppression comments. They are
// stable: .postlint.toml selects them, and unlike other rules they cannot
// be suppressed by a comment.
const (
	MissingReason = "PL001" // suppression-without-reason
	Unused        = "PL002" // unused-suppression
	UnknownRule   = "PL003" // unknown-rule-in-suppression
	Malformed     = "PL004" // malformed-suppression
)

// Doc is the documentation of one suppression diagnostic, in the shape of
// a TOML rule's (docs/rules-format.md) and of hostcheck.Doc: "postlint
// rules" lists ID, Severity, Name and Title; "postlint explain" prints the
// rest.
type Doc struct {
	ID, Name, Title string
	Severity        lint.Severity
	What, Why       string
	Symptom         string // what postlint prints
	Before          string // a configuration that triggers the diagnostic
	After           string // the same, fixed
	References      []string
}

// Scope is the scope "postlint explain" shows for suppression
// diagnostics.
const Scope rules.Scope = "comment"

var docs = []Doc{
	{
		ID: MissingReason, Name: "suppression-without-reason", Severity: lint.Warning,
		Title: "Suppression comment without a reason",
		What: `A "# postlint: ignore" or "# postlint: ignore-file" comment names the rules
it suppresses but gives no reason after them. The suppression still
applies.`,
		Why: `A suppressed finding is a decision someone made about this host; without
the reason, the next admin cannot tell a deliberate exception from a
silenced mistake, or know when the exception may go.`,
		Symptom: `main.cf:1:1: warning: suppression without a reason: say why after the rule list [PL001]`,
		Before: `# postlint: ignore PL201
relayhost = [smtp.example.com]:465`,
		After: `# postlint: ignore PL201 the relay's port 465 is wrapped by stunnel on localhost
relayhost = [smtp.example.com]:465`,
	},
	{
		ID: Unused, Name: "unused-suppression", Severity: lint.Warning,
		Title: "Suppression comment that suppresses nothing",
		What: `A suppression comment names a rule that found nothing where the comment
applies: on the setting or service after an "ignore" comment, or in the
whole file for "ignore-file". Rules that did not run (disabled in
.postlint.toml, not meant for the target Postfix version, host checks
without --host) are not reported.`,
		Why: `The problem was fixed, the setting moved, or the comment was never in the
right place (for example with a blank line before the setting). A stale
suppression would hide the problem when it comes back.`,
		Symptom: `main.cf:1:20: warning: suppression of PL201 matched no finding in the setting on line 2; remove it [PL002]`,
		Before: `# postlint: ignore PL201 stunnel wraps port 465
relayhost = [smtp.example.com]:587`,
		After: `relayhost = [smtp.example.com]:587`,
	},
	{
		ID: UnknownRule, Name: "unknown-rule-in-suppression", Severity: lint.Error,
		Title: "Suppression comment names a rule that does not exist",
		What: `A suppression comment names a rule ID or name that is neither a built-in
rule, a rule of the loaded rule files, nor a host check. The other rules
of the comment are still suppressed.`,
		Why: `It is usually a typo ("PL21" for "PL201"), and the finding the comment was
meant to suppress is then reported after all; or the rule comes from a
rules file that this run did not load.`,
		Symptom: `main.cf:1:20: error: unknown rule "PL2010" in suppression (postlint rules lists them) [PL003]`,
		Before: `# postlint: ignore PL2010 stunnel wraps port 465
relayhost = [smtp.example.com]:465`,
		After: `# postlint: ignore PL201 stunnel wraps port 465
relayhost = [smtp.example.com]:465`,
	},
	{
		ID: Malformed, Name: "malformed-suppression", Severity: lint.Error,
		Title: "Malformed suppression comment",
		What: `A comment that starts with "postlint:" is not a valid suppression: the
command is not "ignore" or "ignore-file", no rule follows it, it uses a
glob, it names one of PL001 to PL004, or an "ignore" comment is not
directly followed by a setting or service (a blank line ends it). The
comment suppresses nothing.`,
		Why: `postlint would otherwise silently ignore a comment its author meant to
suppress a finding, or suppress a finding other than the intended one.`,
		Symptom: `main.cf:1:13: error: unknown suppression command "ignroe" (want ignore or ignore-file) [PL004]`,
		Before: `# postlint: ignroe PL201 stunnel wraps port 465
relayhost = [smtp.example.com]:465`,
		After: `# postlint: ignore PL201 stunnel wraps port 465
relayhost = [smtp.example.com]:465`,
	},
}

// Docs returns the documentation of every suppression diagnostic, in ID
// order. The slice is a copy; callers may modify it.
func Docs() []Doc {
	out := make([]Doc, len(docs))
	copy(out, docs)
	for i := range out {
		out[i].References = append([]string(nil), docs[i].References...)
	}
	return out
}

// Lookup finds a suppression diagnostic by ID ("PL001") or name
// ("unused-suppression"), ignoring case.
func Lookup(idOrName string) (Doc, bool) {
	for _, d := range docs {
		if strings.EqualFold(d.ID, idOrName) || strings.EqualFold(d.Name, idOrName) {
			return d, true
		}
	}
	return Doc{}, false
}

// severity returns the severity of a diagnostic's ID.
func severity(id string) lint.Severity {
	if d, ok := Lookup(id); ok {
		return d.Severity
	}
	return lint.Error
}

// Rule returns the documentation as a rules.Rule, so that "postlint
// explain" can print it with Rule.Explain like a TOML rule's. The rule
// has no condition: it is for listing and explaining only and must not
// be given to the engine (lint.Run), which cannot evaluate it.
func (d Doc) Rule() *rules.Rule {
	return &rules.Rule{
		ID: d.ID, Name: d.Name, Title: d.Title,
		Severity: d.Severity.String(),
		Scope:    Scope,
		Doc: rules.Doc{
			What: d.What, Why: d.Why, Symptom: d.Symptom,
			Before: d.Before, After: d.After,
			References: append([]string(nil), d.References...),
		},
		File:    "lint/suppress",
		Builtin: true,
	}
}

// Rules returns Docs as rules.Rule values (see Doc.Rule), in ID order:
// for "postlint rules", "postlint explain" and the rule metadata of the
// SARIF output (format.Options.Rules).
func Rules() []*rules.Rule {
	out := make([]*rules.Rule, len(docs))
	for i, d := range docs {
		out[i] = d.Rule()
	}
	return out
}
