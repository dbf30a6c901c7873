// Package lint is postlint's engine: it takes the parsed main.cf and
// master.cf of one configuration directory, evaluates the rules against a
// model of the effective configuration, and returns findings with exact
// positions and proposed fixes. It never writes files: package fix applies
// the fixes that findings propose.
//
// Data flows one way: bytes → syntax tree (lint/syntax) → model
// (lint/model) → findings (this package) → edits and diffs (package fix).
package lint
