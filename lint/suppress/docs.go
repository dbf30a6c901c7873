package suppress

import (
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

// Doc is the documentation of one check (see lint.CheckDoc).
type Doc = lint.CheckDoc

// Scope is the scope "postlint explain" shows for suppression
// diagnostics.
const Scope rules.Scope = "comment"

var docs = lint.CheckDocs{
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

// Docs returns the documentation of every check, in ID order. The slice
// is a copy; callers may modify it.
func Docs() []Doc { return docs.Copy() }

// Lookup finds a check by ID or name, ignoring case.
func Lookup(idOrName string) (Doc, bool) { return docs.Lookup(idOrName) }

// Rules returns the checks as rules.Rule values for "postlint rules",
// "postlint explain" and SARIF; they must not be given to lint.Run.
func Rules() []*rules.Rule { return docs.Rules(Scope, "lint/suppress") }

// severity returns the severity of a check's ID.
func severity(id string) lint.Severity { return docs.Severity(id) }
