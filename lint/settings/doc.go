// Package settings reads postlint's configuration file, .postlint.toml,
// and applies it to findings.
//
// The file is found by Find, which walks up from a linted path, or named
// on the command line (--config). Load decodes it strictly: an unknown
// key, a value of the wrong type or an invalid value is an error that
// names the file and line. Check then validates the rule selectors
// against the rules of the run, which are only known once the rule files
// the configuration names (key rules) have been loaded.
//
// A file looks like this (docs/configuration.md describes every key):
//
//	postfix_version = "3.7"
//	fail_level = "warning"
//	rules = ["site-rules.toml"]
//	baseline = "postlint-baseline.json"
//	enable = ["PL2*", "PL4*"]
//	disable = ["PL209", "relayhost-without-brackets"]
//
//	[severity]
//	PL201 = "error"
//	"PL4*" = "info"
//	tls-cert-expiring = "off"
//
// Rule selectors (the elements of enable and disable, the keys of
// [severity]) are rule IDs or names, or globs with * and ? (path.Match
// syntax). They compare without regard to case.
//
// A nil *Settings stands for "no configuration file": every rule is
// enabled and keeps its severity.
package settings
