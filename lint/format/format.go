// Package format writes findings for people and for machines: plain or
// coloured text, JSON, SARIF 2.1.0 for code scanning, and GitHub Actions
// workflow commands.
package format

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/rules"
)

// Names lists the supported output formats.
var Names = []string{"text", "json", "sarif", "github"}

// Options tune the output. The zero value gives plain text and SARIF
// with bare rule metadata.
type Options struct {
	// Color turns on ANSI colours in the text format; see ColorFor.
	Color bool
	// Rules describe the rules the findings come from; the sarif format
	// takes its rule metadata from them. Rules that no finding refers to
	// are left out of the output.
	Rules []*rules.Rule
	// Version is postlint's version, reported by the sarif format.
	Version string
	// Source returns the text of a file that findings point into (nil
	// when it is not at hand); the sarif and github formats count their
	// columns in UTF-16 code units with it (see columns.go). Nil takes
	// byte columns as they are.
	Source func(file string) []byte
}

// Write prints findings in the named format with default options.
func Write(w io.Writer, name string, findings []lint.Finding) error {
	return WriteWith(w, name, findings, Options{})
}

// WriteWith prints findings in the named format.
func WriteWith(w io.Writer, name string, findings []lint.Finding, opts Options) error {
	switch name {
	case "text":
		return text(w, findings, opts.Color)
	case "json":
		return JSON(w, findings)
	case "sarif":
		return SARIF(w, findings, opts)
	case "github":
		return gitHub(w, findings, newColumns(opts.Source))
	}
	return fmt.Errorf("unknown format %q (want one of %v)", name, Names)
}

// Text prints one line per finding: "file:line:col: severity: message [ID]".
func Text(w io.Writer, findings []lint.Finding) error {
	return text(w, findings, false)
}

// jsonFinding is the stable JSON shape of a finding.
type jsonFinding struct {
	Rule      string `json:"rule"`
	Severity  string `json:"severity"`
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	Message   string `json:"message"`
	Param     string `json:"param"`
	Fixable   bool   `json:"fixable"`
}

// JSON prints {"findings":[...]} with one object per finding.
func JSON(w io.Writer, findings []lint.Finding) error {
	out := struct {
		Findings []jsonFinding `json:"findings"`
	}{Findings: make([]jsonFinding, 0, len(findings))}
	for _, f := range findings {
		out.Findings = append(out.Findings, jsonFinding{
			Rule:      f.Rule,
			Severity:  f.Severity.String(),
			File:      f.File,
			Line:      f.Start.Line,
			Column:    f.Start.Column,
			EndLine:   f.Stop.Line,
			EndColumn: f.Stop.Column,
			Message:   f.Message,
			Param:     f.Param,
			Fixable:   len(f.Fixes) > 0,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// Summary counts findings by severity, most severe first.
func Summary(findings []lint.Finding) string {
	counts := map[lint.Severity]int{}
	for _, f := range findings {
		counts[f.Severity]++
	}
	sevs := make([]lint.Severity, 0, len(counts))
	for s := range counts {
		sevs = append(sevs, s)
	}
	sort.Slice(sevs, func(i, j int) bool { return sevs[i] > sevs[j] })
	s := ""
	for i, sev := range sevs {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%d %s", counts[sev], plural(sev.String(), counts[sev]))
	}
	return s
}

func plural(word string, n int) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
