package format

import (
	"encoding/xml"
	"io"
	"sort"
	"strings"

	"github.com/postlint/postlint/lint"
)

// JUnit XML, as Jenkins' junit step, GitLab's test reports and most CI
// servers read it. Each checked file is a test suite; each rule that
// found something in the file is a test case, failed when one of its
// findings is at or above the failure level (the findings are in the
// failure's text, one per line, and its message is the first one), and
// passed otherwise (the findings are in system-out). A file without
// findings has one passing test case, "no findings", so that a clean
// run still reports its tests: a JUnit consumer fails on a report with
// none.
//
//	<testsuites name="postlint" tests="2" failures="1" errors="0">
//	  <testsuite name="hosts/mx1/main.cf" tests="1" failures="1" errors="0" skipped="0">
//	    <testcase name="PL201 smtp-465-without-wrappermode" classname="hosts/mx1/main.cf">
//	      <failure message="relayhost ... [PL201]" type="error">hosts/mx1/main.cf:15:13: error: ...</failure>
//	    </testcase>
//	  </testsuite>
//	  ...

type junitReport struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure"`
	SystemOut *junitOutput  `xml:"system-out"`
}

// The findings go in CDATA sections, one per line: as character data
// encoding/xml would write each line end as "&#xA;".
type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",cdata"`
}

type junitOutput struct {
	Text string `xml:",cdata"`
}

// noFindings names the test case of a clean file.
const noFindings = "no findings"

func junit(w io.Writer, findings []lint.Finding, opts Options) error {
	names := map[string]string{}
	for _, r := range opts.Rules {
		names[r.ID] = r.Name
	}
	report := junitReport{Name: "postlint"}
	for _, g := range byFile(findings, opts.Checked) {
		suite := junitSuite{Name: xmlText(g.name)}
		for _, c := range junitCases(g, names, opts.FailLevel) {
			suite.Cases = append(suite.Cases, c)
			if c.Failure != nil {
				suite.Failures++
			}
		}
		suite.Tests = len(suite.Cases)
		report.Tests += suite.Tests
		report.Failures += suite.Failures
		report.Suites = append(report.Suites, suite)
	}
	return writeXML(w, report)
}

// junitCases makes the test cases of one file: one per rule, sorted by
// rule ID, or the one passing case of a clean file.
func junitCases(g *fileGroup, names map[string]string, failLevel lint.Severity) []junitCase {
	if len(g.findings) == 0 {
		return []junitCase{{Name: noFindings, ClassName: xmlText(g.name)}}
	}
	byRule := map[string][]lint.Finding{}
	var ids []string
	for _, f := range g.findings {
		if byRule[f.Rule] == nil {
			ids = append(ids, f.Rule)
		}
		byRule[f.Rule] = append(byRule[f.Rule], f)
	}
	sort.Strings(ids)
	cases := make([]junitCase, 0, len(ids))
	for _, id := range ids {
		fs := byRule[id]
		name := id
		if n := names[id]; n != "" {
			name += " " + n
		}
		c := junitCase{Name: xmlText(name), ClassName: xmlText(g.name)}
		var lines strings.Builder
		worst := lint.Severity(0)
		var first *lint.Finding
		for i := range fs {
			f := fs[i]
			f.File = g.name
			lines.WriteString(xmlText(f.String()) + "\n")
			if f.Severity >= failLevel && f.Severity > worst {
				worst = f.Severity
			}
			if first == nil && f.Severity >= failLevel {
				first = &fs[i]
			}
		}
		if first != nil {
			c.Failure = &junitFailure{Message: xmlText(first.Message + " [" + first.Rule + "]"), Type: worst.String(), Text: lines.String()}
		} else {
			c.SystemOut = &junitOutput{Text: lines.String()}
		}
		cases = append(cases, c)
	}
	return cases
}
