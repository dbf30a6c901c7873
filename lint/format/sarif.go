package format

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"sort"
	"strings"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/rules"
)

// informationURI is where SARIF consumers send people to learn about
// postlint.
const informationURI = "https://github.com/postlint/postlint"

// srcRoot is the uriBaseId of relative artifact locations: the root of
// the checked-out source, which code scanning resolves itself.
const srcRoot = "%SRCROOT%"

// SARIF prints findings as a SARIF 2.1.0 log with one run, as GitHub code
// scanning and other SARIF consumers read it. The rules that findings
// refer to are described in tool.driver.rules, from opts.Rules where a
// rule is found there. Output is deterministic: rules are sorted by ID
// and results keep the order of findings.
//
// Files inside the working directory are given relative to %SRCROOT%,
// others by file: URIs. Columns count UTF-16 code units (columnKind
// utf16CodeUnits), converted with opts.Source; see columns.go.
func SARIF(w io.Writer, findings []lint.Finding, opts Options) error {
	log, err := sarif.New(sarif.Version210)
	if err != nil {
		return err
	}
	run := sarif.NewRunWithInformationURI("postlint", informationURI)
	run.WithColumnKind("utf16CodeUnits")
	cols := newColumns(opts.Source)
	if opts.Version != "" {
		run.Tool.Driver.Version = &opts.Version
	}
	index := map[string]int{}
	for i, d := range ruleDescriptors(findings, opts.Rules) {
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, d)
		index[d.ID] = i
	}
	for _, f := range findings {
		run.Results = append(run.Results, sarifResult(f, index[f.Rule], cols))
	}
	log.AddRun(run)

	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

// ruleDescriptors describes every rule that a finding refers to, sorted
// by ID. A rule missing from known gets its ID for a description.
func ruleDescriptors(findings []lint.Finding, known []*rules.Rule) []*sarif.ReportingDescriptor {
	byID := map[string]*rules.Rule{}
	for _, r := range known {
		byID[r.ID] = r
	}
	seen := map[string]bool{}
	var ids []string
	for _, f := range findings {
		if !seen[f.Rule] {
			seen[f.Rule] = true
			ids = append(ids, f.Rule)
		}
	}
	sort.Strings(ids)
	descs := make([]*sarif.ReportingDescriptor, 0, len(ids))
	for _, id := range ids {
		descs = append(descs, ruleDescriptor(id, byID[id]))
	}
	return descs
}

// ruleDescriptor is the SARIF metadata of rule id; r may be nil.
func ruleDescriptor(id string, r *rules.Rule) *sarif.ReportingDescriptor {
	d := sarif.NewRule(id)
	if r == nil {
		return d.WithShortDescription(sarif.NewMultiformatMessageString(id))
	}
	d.WithName(r.Name).
		WithShortDescription(sarif.NewMultiformatMessageString(r.Title)).
		WithHelp(sarif.NewMultiformatMessageString(r.Explain()).WithMarkdown(helpMarkdown(r)))
	if what := strings.TrimSpace(r.Doc.What); what != "" {
		d.WithFullDescription(sarif.NewMultiformatMessageString(what))
	}
	if len(r.Doc.References) > 0 {
		d.WithHelpURI(r.Doc.References[0])
	}
	if sev, err := lint.ParseSeverity(r.Severity); err == nil {
		d.WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(sev)))
	}
	return d
}

// sarifResult is the SARIF result of a finding whose rule is the
// ruleIndex-th of the run.
func sarifResult(f lint.Finding, ruleIndex int, cols *columns) *sarif.Result {
	res := sarif.NewRuleResult(f.Rule).
		WithRuleIndex(ruleIndex).
		WithLevel(sarifLevel(f.Severity)).
		WithMessage(sarif.NewTextMessage(f.Message))
	if f.File == "" {
		return res
	}
	loc := sarif.NewPhysicalLocation().WithArtifactLocation(artifactLocation(f.File))
	if region := sarifRegion(f, cols); region != nil {
		loc.WithRegion(region)
	}
	res.AddLocation(sarif.NewLocationWithPhysicalLocation(loc))
	return res
}

// artifactLocation locates file: relative to %SRCROOT% when it is inside
// the working directory, else by an absolute file: URI.
func artifactLocation(file string) *sarif.ArtifactLocation {
	if rel, ok := relPath(file); ok {
		u := url.URL{Path: rel}
		return sarif.NewSimpleArtifactLocation(u.String()).WithUriBaseId(srcRoot)
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		abs = file
	}
	abs = filepath.ToSlash(abs)
	if !strings.HasPrefix(abs, "/") {
		abs = "/" + abs // a Windows drive: file:///C:/...
	}
	u := url.URL{Scheme: "file", Path: abs}
	return sarif.NewSimpleArtifactLocation(u.String())
}

// sarifRegion is the text region of a finding; nil when its position is
// unknown. SARIF's endColumn, like Stop's, is the column after the
// region. A column that cols cannot convert is left out: SARIF then
// means the whole line.
func sarifRegion(f lint.Finding, cols *columns) *sarif.Region {
	start, stop := f.Start, f.Stop
	if start.Line < 1 {
		return nil
	}
	r := sarif.NewRegion().WithStartLine(start.Line)
	if c, ok := cols.utf16(f.File, start); ok {
		r.WithStartColumn(c)
	}
	if stop.Line < start.Line || stop.Line == start.Line && stop.Column <= start.Column {
		return r // no end, or an empty region: mark the rest of the line
	}
	r.WithEndLine(stop.Line)
	if c, ok := cols.utf16(f.File, stop); ok {
		r.WithEndColumn(c)
	}
	return r
}

// sarifLevel is the SARIF level of a severity.
func sarifLevel(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	}
	return "note"
}

// helpMarkdown renders a rule's documentation as GitHub-flavoured
// Markdown: prose as paragraphs (its indented lines, such as log lines,
// as code), the examples as code blocks and the references as links.
func helpMarkdown(r *rules.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** %s\n", r.ID, mdEscape(r.Title))
	section := func(title, body string) {
		if body = strings.Trim(body, "\n"); strings.TrimSpace(body) != "" {
			fmt.Fprintf(&b, "\n### %s\n\n%s\n", title, body)
		}
	}
	section("What it detects", mdProse(r.Doc.What))
	section("Why it matters", mdProse(r.Doc.Why))
	section("Symptom", mdProse(r.Doc.Symptom))
	section("Example", mdCode(r.Doc.Before))
	section("Fixed", mdCode(r.Doc.After))
	var refs strings.Builder
	for _, ref := range r.Doc.References {
		fmt.Fprintf(&refs, "- <%s>\n", ref)
	}
	section("References", refs.String())
	return b.String()
}

// mdProse turns documentation prose into Markdown: plain lines are
// escaped and left to Markdown to join into paragraphs, and runs of
// indented lines (log lines, examples) become code blocks.
func mdProse(text string) string {
	var b strings.Builder
	var code []string
	flush := func() {
		if len(code) > 0 {
			b.WriteString(mdCode(dedent(code)))
			code = nil
		}
	}
	for _, line := range strings.Split(strings.Trim(text, "\n"), "\n") {
		if strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t") {
			code = append(code, line)
			continue
		}
		flush()
		b.WriteString(mdEscape(strings.TrimSpace(line)) + "\n")
	}
	flush()
	return b.String()
}

// dedent joins lines after removing the indentation they share.
func dedent(lines []string) string {
	indent := len(lines[0])
	for _, l := range lines {
		indent = min(indent, len(l)-len(strings.TrimLeft(l, " \t")))
	}
	for i, l := range lines {
		lines[i] = strings.TrimRight(l[indent:], " \t")
	}
	return strings.Join(lines, "\n")
}

// mdCode puts text in a fenced code block, with a fence longer than any
// run of backticks inside it; "" for blank text.
func mdCode(text string) string {
	text = strings.Trim(text, "\n")
	if strings.TrimSpace(text) == "" {
		return ""
	}
	fence := "```"
	for strings.Contains(text, fence) {
		fence += "`"
	}
	return fence + "\n" + text + "\n" + fence + "\n"
}

// mdEscape backslash-escapes the characters that could make prose render
// as Markdown or HTML markup.
var mdEscape = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
	`<`, `\<`, `>`, `\>`, `#`, `\#`, `|`, `\|`, `~`, `\~`,
).Replace
