// Package ruledoc renders a rule's documentation as Markdown: the
// per-rule pages docs/rules/ID.md ("postlint rules --pages DIR" writes
// them) and the help of SARIF rule descriptors, which GitHub code
// scanning shows next to an alert. Both come from the same fields as
// "postlint explain": what, why, the symptom in the mail log, the
// before/after example, the fixes (their explain text, else their
// title), the Postfix releases the rule applies to, and references.
//
// URL gives the web address of a rule's page. The pages live in the
// repository under docs/rules/; since the address of the repository that
// serves them is not known to the program (forks, mirrors, internal Git
// hosts), the base is a parameter, DefaultBaseURL unless
// --docs-url or POSTLINT_DOCS_URL says otherwise.
package ruledoc
