package ruledoc

import (
	"fmt"
	"strings"

	"github.com/postlint/postlint/rules"
)

// PagesDir is where docs/rules.md finds the pages: relative to it.
const PagesDir = "rules/"

// Index returns the table of docs/rules.md: ID (linked to the rule's
// page for a built-in rule), severity, name, title, and whether a fix
// exists (safe, or unsafe only).
func Index(rs []*rules.Rule) string {
	var b strings.Builder
	b.WriteString("| ID | severity | name | title | fix |\n|----|----------|------|-------|-----|\n")
	for _, r := range rs {
		fixKind := fixKind(r)
		id := r.ID
		if r.Builtin {
			id = "[" + r.ID + "](" + PagesDir + FileName(r.ID) + ")"
		}
		title := strings.ReplaceAll(r.Title, "|", `\|`)
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", id, r.Severity, Code(r.Name), title, fixKind)
	}
	return b.String()
}
