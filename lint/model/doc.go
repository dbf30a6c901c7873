// Package model is the effective configuration of one Postfix
// configuration directory, built from the syntax trees of main.cf and
// master.cf and the parameter knowledge of package postfix.
//
// Build resolves what Postfix would see: every main.cf setting (the last
// definition of a name wins; all are kept so duplicates can be reported),
// the defaults of the target release, $name expansion with Postfix's
// semantics, the master.cf services with their -o overrides, and the
// client routes: every next hop that mail can reach through an SMTP or
// LMTP delivery transport, with the setting or map entry that names it.
//
// Env is the environment that rule expressions (package rules) run
// against; its fields and methods are the rule language documented in
// docs/rules-format.md. Every value that a finding can point at carries a
// Location: a file and a byte range in it.
//
// A Config is built once and then only read. Expanded values are cached
// on first use, so a Config must not be used from several goroutines at
// once; different Configs are independent.
package model
