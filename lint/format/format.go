// Package format writes findings for people and for machines: plain or
// coloured text, JSON and JSON Lines, SARIF 2.1.0 for code scanning,
// GitHub Actions workflow commands, GitLab Code Quality reports, and
// Checkstyle and JUnit XML for Jenkins and other CI servers.
package format

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/baseline"
	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/ruledoc"
)

// Names lists the supported output formats.
var Names = []string{"text", "json", "json-lines", "sarif", "github", "gitlab", "checkstyle", "junit"}

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
	// when it is not at hand); the sarif, github and checkstyle formats
	// count their columns in UTF-16 code units with it (see columns.go).
	// Nil takes byte columns as they are.
	Source func(file string) []byte
	// ASCII reports a file known to hold only ASCII, whose UTF-16 columns
	// are its byte columns, so that Source need not keep its text (a tree
	// of many configurations would hold every file until the output).
	ASCII func(file string) bool
	// DocsBase is the base URL of the per-rule pages (see ruledoc.URL;
	// "" is ruledoc.DefaultBaseURL): the sarif format's helpUri, and the
	// text format's URL with ShowURL.
	DocsBase string
	// ShowURL ends each line of text output with the rule's
	// documentation URL.
	ShowURL bool
	// FailLevel is the lowest severity that fails the run: the junit
	// format reports findings below it as passed test cases, with the
	// findings in their output. 0 counts every finding as a failure.
	FailLevel lint.Severity
	// Checked lists the files that were checked, findings or not:
	// checkstyle and junit report the clean ones too (a JUnit consumer
	// fails on a report with no test case). Files of findings are added
	// when missing.
	Checked []string
	// Fingerprints, when not nil, holds a stable identifier of each
	// finding (parallel to the findings; see baseline.Fingerprints): the
	// gitlab format's fingerprint and the sarif format's
	// partialFingerprints. Without them gitlab hashes rule, file,
	// position and message, which moves with the line.
	Fingerprints []string
	// States, when not nil, compares each finding (parallel to the
	// findings) with a baseline: json, json-lines and sarif give the
	// state (SARIF's baselineState), text and github mark findings that
	// are in the baseline.
	States []baseline.State
	// Absent are the baseline entries that matched no finding, one per
	// finding that went away (Rule, File, Message; no position): json,
	// json-lines and sarif list them with the state "absent".
	Absent []lint.Finding
}

// Write prints findings in the named format with default options.
func Write(w io.Writer, name string, findings []lint.Finding) error {
	return WriteWith(w, name, findings, Options{})
}

// WriteWith prints findings in the named format.
func WriteWith(w io.Writer, name string, findings []lint.Finding, opts Options) error {
	if opts.Fingerprints != nil && len(opts.Fingerprints) != len(findings) ||
		opts.States != nil && len(opts.States) != len(findings) {
		return fmt.Errorf("format: %d findings but %d fingerprints and %d states", len(findings), len(opts.Fingerprints), len(opts.States))
	}
	switch name {
	case "text":
		return text(w, findings, opts)
	case "json":
		return writeJSON(w, findings, opts)
	case "json-lines":
		return jsonLines(w, findings, opts)
	case "sarif":
		return SARIF(w, findings, opts)
	case "github":
		return gitHub(w, findings, newColumns(opts), opts.States)
	case "gitlab":
		return gitLab(w, findings, opts)
	case "checkstyle":
		return checkstyle(w, findings, opts)
	case "junit":
		return junit(w, findings, opts)
	}
	return fmt.Errorf("unknown format %q (want one of %v)", name, Names)
}

// docURLs maps the ID of each rule of opts.Rules to its documentation
// URL (ruledoc.URL).
func docURLs(opts Options) map[string]string {
	urls := make(map[string]string, len(opts.Rules))
	for _, r := range opts.Rules {
		urls[r.ID] = ruledoc.URL(opts.DocsBase, r)
	}
	return urls
}

// state is the baseline state of finding i, 0 without a baseline.
func (o *Options) state(i int) baseline.State {
	if o.States == nil {
		return 0
	}
	return o.States[i]
}

// Text prints one line per finding: "file:line:col: severity: message [ID]".
func Text(w io.Writer, findings []lint.Finding) error {
	return text(w, findings, Options{})
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
	// BaselineState is "new" or "unchanged" when the run compares with
	// a baseline and shows baselined findings, "absent" for a baseline
	// entry that matched nothing; absent otherwise.
	BaselineState string `json:"baseline_state,omitempty"`
}

func newJSONFinding(f lint.Finding, state baseline.State) jsonFinding {
	return jsonFinding{
		Rule:          f.Rule,
		Severity:      f.Severity.String(),
		File:          f.File,
		Line:          f.Start.Line,
		Column:        f.Start.Column,
		EndLine:       f.Stop.Line,
		EndColumn:     f.Stop.Column,
		Message:       f.Message,
		Param:         f.Param,
		Fixable:       len(f.Fixes) > 0,
		BaselineState: state.String(),
	}
}

// JSON prints {"findings":[...]} with one object per finding.
func JSON(w io.Writer, findings []lint.Finding) error {
	return writeJSON(w, findings, Options{})
}

// writeJSON prints {"findings":[...]}, and "absent":[...] with the
// baseline entries that matched nothing when opts has them.
func writeJSON(w io.Writer, findings []lint.Finding, opts Options) error {
	out := struct {
		Findings []jsonFinding `json:"findings"`
		Absent   []jsonFinding `json:"absent,omitempty"`
	}{Findings: make([]jsonFinding, 0, len(findings))}
	for i, f := range findings {
		out.Findings = append(out.Findings, newJSONFinding(f, opts.state(i)))
	}
	for _, f := range opts.Absent {
		out.Absent = append(out.Absent, newJSONFinding(f, baseline.Absent))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// jsonLines prints one JSON object per line, each a finding as in the
// json format (then the absent baseline entries, when opts has them):
// a stream that line-oriented tools (jq -c, log shippers) read as it
// comes.
func jsonLines(w io.Writer, findings []lint.Finding, opts Options) error {
	enc := json.NewEncoder(w)
	for i, f := range findings {
		if err := enc.Encode(newJSONFinding(f, opts.state(i))); err != nil {
			return err
		}
	}
	for _, f := range opts.Absent {
		if err := enc.Encode(newJSONFinding(f, baseline.Absent)); err != nil {
			return err
		}
	}
	return nil
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
