package rules

// Summaries of a rule for documentation written outside this package
// (the per-rule pages, SARIF): the same words postlint explain uses.

// Summary says what the fix does: its explain text, else its title with
// the template placeholders read as words ("the transport").
func (f *Fix) Summary() string {
	if f.Explain != "" {
		return f.Explain
	}
	return inWords(f.Title.String())
}

// Releases describes the Postfix releases the rule applies to: "all
// releases", "3.0 and later", "before 3.6" or both bounds.
func (r *Rule) Releases() string { return versionRange(r.MinVersion, r.MaxVersion) }

// ParamText is the parameter the rule's findings are about, as explain
// shows it, with plain placeholders read as words; "" for none.
func (r *Rule) ParamText() string { return inWords(r.Param.String()) }
