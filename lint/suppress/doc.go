// Package suppress applies suppression comments in main.cf and master.cf
// to findings, and reports the comments that are wrong.
//
// Two comments suppress findings (docs/configuration.md has examples):
//
//	# postlint: ignore ID[,ID...] reason
//	# postlint: ignore-file ID[,ID...] reason
//
// IDs are rule IDs (PL201) or names (smtp-465-without-wrappermode),
// separated by commas; spaces after the commas are allowed. The reason is
// the rest of the line.
//
// "ignore" applies to the next logical line: the setting (main.cf) or
// service (master.cf) that starts on the line after the comment,
// including its continuation lines, so to every finding whose position
// lies in it. Other comment lines may stand between the comment and the
// setting (so suppressions can be stacked); a blank line may not, as in
// hadolint: the comment is then malformed (PL004). Postfix reads a
// comment line inside a continued value as part of that setting; an
// "ignore" comment there applies to the whole setting it is in, like one
// above it. Findings about the configuration as a whole point at the
// start of the file; only "ignore-file" suppresses those when the file
// starts with a comment.
//
// "ignore-file" applies to every finding of the file it is in, wherever
// it stands.
//
// The comments themselves are checked: a suppression without a reason
// (PL001, warning; it still applies), a rule that suppresses nothing
// (PL002, warning), an unknown rule (PL003, error) and a comment that
// starts with "postlint:" but is not a valid suppression (PL004, error).
// These four cannot be suppressed by comments, only turned off or down
// in .postlint.toml. The "postlint:" prefix and the commands are matched
// without regard to case.
package suppress
