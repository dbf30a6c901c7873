package format

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"sort"
	"strings"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/baseline"
	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/ruledoc"
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
//
// Each rule's helpUri is its documentation page (ruledoc.URL with
// opts.DocsBase), its help the documentation as text and Markdown, and
// the relay and TLS rules carry properties.security-severity and the tag
// "security" for GitHub code scanning (see securitySeverity). With
// opts.Fingerprints each result has partialFingerprints; with
// opts.States a baselineState, and opts.Absent adds a result of state
// "absent" for each baseline entry that matched nothing.
func SARIF(w io.Writer, findings []lint.Finding, opts Options) error {
	log, err := sarif.New(sarif.Version210)
	if err != nil {
		return err
	}
	run := sarif.NewRunWithInformationURI("postlint", informationURI)
	run.WithColumnKind("utf16CodeUnits")
	cols := newColumns(opts)
	if opts.Version != "" {
		run.Tool.Driver.Version = &opts.Version
	}
	index := map[string]int{}
	for i, d := range ruleDescriptors(append(findings[:len(findings):len(findings)], opts.Absent...), opts.Rules, opts.DocsBase) {
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, d)
		index[d.ID] = i
	}
	for i, f := range findings {
		res := sarifResult(f, index[f.Rule], cols)
		if opts.Fingerprints != nil {
			res.WithPartialFingerPrints(map[string]interface{}{fingerprintKey: opts.Fingerprints[i]})
		}
		if st := opts.state(i); st != 0 {
			res.WithBaselineState(st.String())
		}
		run.Results = append(run.Results, res)
	}
	for _, f := range opts.Absent {
		run.Results = append(run.Results, sarifResult(f, index[f.Rule], cols).WithBaselineState(baseline.Absent.String()))
	}
	log.AddRun(run)

	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

// fingerprintKey names postlint's fingerprint among a result's
// partialFingerprints (a versioned name, as SARIF recommends); it is the
// baseline key's fingerprint, stable when lines are inserted above.
const fingerprintKey = "postlintKey/v1"

// ruleDescriptors describes every rule that a finding refers to, sorted
// by ID. A rule missing from known gets its ID for a description.
func ruleDescriptors(findings []lint.Finding, known []*rules.Rule, docsBase string) []*sarif.ReportingDescriptor {
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
		descs = append(descs, ruleDescriptor(id, byID[id], docsBase))
	}
	return descs
}

// ruleDescriptor is the SARIF metadata of rule id; r may be nil.
func ruleDescriptor(id string, r *rules.Rule, docsBase string) *sarif.ReportingDescriptor {
	d := sarif.NewRule(id)
	if r == nil {
		return d.WithShortDescription(sarif.NewMultiformatMessageString(id))
	}
	url := ruledoc.URL(docsBase, r)
	help := r.Explain()
	if url != "" {
		help += "\nDocumentation: " + url + "\n"
	}
	d.WithName(r.Name).
		WithShortDescription(sarif.NewMultiformatMessageString(r.Title)).
		WithHelp(sarif.NewMultiformatMessageString(help).WithMarkdown(ruledoc.Help(r, url)))
	if what := strings.TrimSpace(r.Doc.What); what != "" {
		d.WithFullDescription(sarif.NewMultiformatMessageString(what))
	}
	if url != "" {
		d.WithHelpURI(url)
	}
	sev, err := lint.ParseSeverity(r.Severity)
	if err == nil {
		d.WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(sev)))
	}
	if score, family := securitySeverity(r.ID, sev); score != "" {
		d.WithProperties(sarif.Properties{"security-severity": score, "tags": []string{"security", family}})
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
