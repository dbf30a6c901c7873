// Package rules loads postlint's rules: the built-in rules embedded from
// rules/*.toml and rules files named with --rules. The format is
// documented in docs/rules-format.md.
//
// Loading is strict: unknown keys, wrong types, bad severities, scopes or
// versions, duplicate IDs and expressions that do not compile are errors
// that name the file and line (LoadError). Expressions are expr-lang
// programs over model.Env, compiled once when the rules are loaded; a Set
// is immutable afterwards and safe for concurrent use.
//
// Package lint evaluates the rules; this package only compiles them and
// renders their documentation (Explain, ListText).
package rules
