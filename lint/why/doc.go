// Package why links mail log lines to the configuration lines that cause
// them. Rules document their failures' log lines ([[rule.log]] in the
// rule TOML); an Analyzer matches every line of a log against them,
// groups the matches by rule, service and server, and asks the engine
// for the rule's findings on just the routes, services or settings the
// line points at (lint.Options.Subject). A match without such a finding
// is reported without a cause: the configuration does not explain it,
// and the server on the other side is the next thing to check (postlint
// probe). It never blames a finding the line does not point at.
package why
