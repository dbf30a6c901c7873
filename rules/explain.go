package rules

import (
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/postlint/postlint/lint/postfix"
)

// wrapWidth is the width Explain wraps prose to.
const wrapWidth = 78

// Explain returns the documentation of the rule, as "postlint explain"
// prints it.
func (r *Rule) Explain() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n%s\n\n", r.ID, r.Name, r.Title)
	field := func(name, value string) {
		if value != "" {
			fmt.Fprintf(&b, "%-12s%s\n", name+":", value)
		}
	}
	field("Severity", r.Severity)
	field("Scope", string(r.Scope))
	field("Postfix", versionRange(r.MinVersion, r.MaxVersion))
	field("Parameter", r.Param.String())
	if !r.Builtin {
		field("Defined in", r.File+":"+strconv.Itoa(r.Line))
	}
	section := func(title, text string, verbatim bool) {
		text = strings.Trim(text, "\n")
		if strings.TrimSpace(text) == "" {
			return
		}
		fmt.Fprintf(&b, "\n%s\n", title)
		if verbatim {
			for _, line := range strings.Split(text, "\n") {
				b.WriteString(strings.TrimRight("    "+line, " ") + "\n")
			}
			return
		}
		b.WriteString(reflow(text, "  ", wrapWidth))
	}
	section("What it detects", r.Doc.What, false)
	section("Why it matters", r.Doc.Why, false)
	section("Symptom", r.Doc.Symptom, false)
	if len(r.Log) > 0 {
		b.WriteString("\nLog lines (postlint why)\n")
		for _, l := range r.Log {
			b.WriteString("    " + l.String() + "\n")
		}
	}
	section("Example", r.Doc.Before, true)
	section("Fixed", r.Doc.After, true)
	if len(r.Fixes) > 0 {
		b.WriteString("\nFixes\n")
		for _, f := range r.Fixes {
			safety := "unsafe: needs --unsafe-fixes"
			if f.Safe {
				safety = "safe"
			}
			if f.Explain != "" {
				lines := wrap(f.Explain+" ("+safety+")", wrapWidth-4)
				for i, l := range lines {
					prefix := "  - "
					if i > 0 {
						prefix = "    "
					}
					b.WriteString(prefix + l + "\n")
				}
				continue
			}
			fmt.Fprintf(&b, "  - %s (%s)\n", inWords(f.Title.String()), safety)
			if f.WhenSource != "" {
				fmt.Fprintf(&b, "      only when: %s\n", strings.Join(strings.Fields(f.WhenSource), " "))
			}
			for _, e := range f.Edits {
				fmt.Fprintf(&b, "      %s\n", inWords(e.describe()))
			}
		}
	}
	if len(r.Doc.References) > 0 {
		b.WriteString("\nReferences\n")
		for _, ref := range r.Doc.References {
			b.WriteString("  " + ref + "\n")
		}
	}
	return b.String()
}

// versionRange describes the releases a rule applies to.
func versionRange(min, max postfix.Version) string {
	short := func(v postfix.Version) string {
		if v.Patch == 0 {
			return strconv.Itoa(v.Major) + "." + strconv.Itoa(v.Minor)
		}
		return v.String()
	}
	switch {
	case min.IsZero() && max.IsZero():
		return "all releases"
	case max.IsZero():
		return short(min) + " and later"
	case min.IsZero():
		return "before " + short(max)
	}
	return short(min) + " and later, before " + short(max)
}

// describe says what an edit does, with its templates unrendered.
func (e *Edit) describe() string {
	var what string
	switch e.Action {
	case ActionSet:
		what = fmt.Sprintf("set %s = %s", e.Param, e.Value)
	case ActionDelete:
		what = fmt.Sprintf("delete %s", e.Param)
	case ActionRename:
		what = fmt.Sprintf("rename %s to %s", e.Param, e.To)
	case ActionReplace:
		what = fmt.Sprintf("replace %q with %q", e.Old.String(), e.New.String())
		if e.Param != nil {
			what += " in " + e.Param.String()
		}
	}
	where := map[Where]string{
		WhereMain:      "in main.cf",
		WhereService:   "in the service's -o options",
		WhereTransport: "for the transport (its -o options, or main.cf)",
		WhereParam:     "where the setting is (main.cf or -o)",
		WhereAt:        "at the finding",
	}[e.Where]
	return what + " " + where
}

// reflow joins the lines of each paragraph of prose and wraps them,
// indented; lines that start with white space (log lines, examples) stay
// as they are, and blank lines separate paragraphs.
func reflow(text, indent string, width int) string {
	var b strings.Builder
	var para []string
	flush := func() {
		if len(para) > 0 {
			for _, l := range wrap(strings.Join(para, " "), width-len(indent)) {
				b.WriteString(indent + l + "\n")
			}
			para = nil
		}
	}
	for _, line := range strings.Split(text, "\n") {
		switch {
		case strings.TrimSpace(line) == "":
			flush()
			b.WriteString("\n")
		case line[0] == ' ' || line[0] == '\t':
			flush()
			b.WriteString(indent + strings.TrimRight(line, " \t") + "\n")
		default:
			para = append(para, strings.TrimSpace(line))
		}
	}
	flush()
	return b.String()
}

// wrap splits prose into lines of at most width bytes where possible.
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return append(lines, line)
}

// ListText returns one line per rule, as "postlint rules" prints it: ID,
// severity, name and title in aligned columns.
func ListText(rs []*Rule) string {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, r := range rs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.Name, r.Title)
	}
	tw.Flush()
	return b.String()
}

// Find returns the rule of rs with this ID or name, ignoring case, or nil.
func Find(rs []*Rule, idOrName string) *Rule {
	for _, r := range rs {
		if strings.EqualFold(r.ID, idOrName) || strings.EqualFold(r.Name, idOrName) {
			return r
		}
	}
	return nil
}

// placeholders are the template parts that read as words in a fix's
// description; anything else needs the fix's explain text.
var placeholders = strings.NewReplacer(
	"{{ Param.Name }}", "the parameter",
	"{{ Service.Name }}", "the service",
	"{{ Route.Transport }}", "the transport",
	"{{ Route.Hop }}", "the next hop",
	"{{ Route.Source }}", "the setting that names it",
	"{{ Version }}", "the target release",
	"{{ CABundle() }}", "the system's CA bundle",
	"{{ Replacement(Param.Name) }}", "its replacement",
)

// inWords replaces the placeholders of a fix's title or edit.
func inWords(s string) string { return placeholders.Replace(s) }
