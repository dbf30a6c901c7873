package format

import (
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/postlint/postlint/lint"
)

// gitlabSchema compiles testdata/gitlab-codequality.schema.json (see
// testdata/README.md).
func gitlabSchema(t *testing.T) *jsonschema.Schema {
	return compileSchema(t, "testdata/gitlab-codequality.schema.json", "https://postlint.invalid/testdata/gitlab-codequality.schema.json", false)
}

func TestGitLabValid(t *testing.T) {
	sch := gitlabSchema(t)
	findings, opts := goldenOptions(t)
	// Two findings with one baseline key get different fingerprints.
	dup := findings[3]
	findings = append(findings, dup)
	opts.States, opts.Absent = nil, nil
	opts.Fingerprints = nil // positions stand in for keys
	for name, o := range map[string]Options{"with position fingerprints": opts, "no options": {}} {
		out := write(t, "gitlab", findings, o)
		if err := validate(t, sch, out); err != nil {
			t.Errorf("%s: invalid report: %v\n%s", name, err, out)
		}
		var issues []struct {
			Fingerprint string `json:"fingerprint"`
			Severity    string `json:"severity"`
			Location    struct {
				Path  string              `json:"path"`
				Lines struct{ Begin int } `json:"lines"`
			} `json:"location"`
		}
		if err := json.Unmarshal([]byte(out), &issues); err != nil {
			t.Fatal(err)
		}
		if len(issues) != len(findings) {
			t.Fatalf("%s: %d issues for %d findings", name, len(issues), len(findings))
		}
		seen := map[string]bool{}
		for _, is := range issues {
			if seen[is.Fingerprint] {
				t.Errorf("%s: fingerprint %s repeated", name, is.Fingerprint)
			}
			seen[is.Fingerprint] = true
		}
	}
	// With baseline fingerprints the report keeps them.
	_, opts = goldenOptions(t)
	out := write(t, "gitlab", findings[:5], opts)
	for _, fp := range opts.Fingerprints {
		if !strings.Contains(out, `"fingerprint": "`+fp+`"`) {
			t.Errorf("fingerprint %s not in the report", fp)
		}
	}
	if out := write(t, "gitlab", nil, Options{}); out != "[]\n" {
		t.Errorf("no findings: %q, want an empty array", out)
	}
}

// TestGitLabSchemaRejects proves the schema catches what GitLab refuses.
func TestGitLabSchemaRejects(t *testing.T) {
	sch := gitlabSchema(t)
	findings, opts := goldenOptions(t)
	good := write(t, "gitlab", findings, opts)
	for _, tc := range []struct{ name, old, new string }{
		{"severity", `"severity": "critical"`, `"severity": "error"`},
		{"line 0", `"begin": 4`, `"begin": 0`},
		{"absolute path", `"path": "postfix/master.cf"`, `"path": "/etc/postfix/master.cf"`},
		{"./ path", `"path": "postfix/master.cf"`, `"path": "./postfix/master.cf"`},
		{"no check name", `"check_name": "PL201",`, ``},
		{"line as a string", `"begin": 4`, `"begin": "4"`},
	} {
		bad := strings.Replace(good, tc.old, tc.new, 1)
		if bad == good {
			t.Fatalf("%s: %q not in the report", tc.name, tc.old)
		}
		if err := validate(t, sch, bad); err == nil {
			t.Errorf("%s: a broken report passed", tc.name)
		}
	}
}

// checkstyleIn is a checkstyle report as a consumer decodes it, with the
// element and attribute names the format has.
type checkstyleIn struct {
	XMLName xml.Name `xml:"checkstyle"`
	Version string   `xml:"version,attr"`
	Files   []struct {
		Name   string `xml:"name,attr"`
		Errors []struct {
			Line     int    `xml:"line,attr"`
			Column   int    `xml:"column,attr"`
			Severity string `xml:"severity,attr"`
			Message  string `xml:"message,attr"`
			Source   string `xml:"source,attr"`
		} `xml:"error"`
	} `xml:"file"`
}

func TestCheckstyleRoundTrip(t *testing.T) {
	findings, opts := goldenOptions(t)
	out := write(t, "checkstyle", findings, opts)
	if !strings.HasPrefix(out, xml.Header) {
		t.Errorf("no XML declaration")
	}
	var r checkstyleIn
	if err := xml.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not XML: %v\n%s", err, out)
	}
	if r.Version == "" {
		t.Error("no version")
	}
	byName := map[string]int{}
	n := 0
	for i, f := range r.Files {
		byName[f.Name] = i
		for _, e := range f.Errors {
			n++
			if e.Line < 1 || e.Message == "" || !strings.HasPrefix(e.Source, "postlint.PL") ||
				e.Severity != "error" && e.Severity != "warning" && e.Severity != "info" {
				t.Errorf("bad error %+v", e)
			}
		}
	}
	if n != len(findings) {
		t.Errorf("%d errors for %d findings", n, len(findings))
	}
	for _, name := range opts.Checked {
		if _, ok := byName[name]; !ok {
			t.Errorf("checked file %s missing", name)
		}
	}
	// The message survives escaping: markup as it was, the control
	// character spelled out.
	e := r.Files[byName["postfix/main.cf"]].Errors[1]
	if e.Message != `unknown <parameter> "x" & \x1b[1m` || e.Column != 1 || e.Line != 2 {
		t.Errorf("decoded %+v", e)
	}
	// UTF-16 columns: "café " before the relay host.
	if c := r.Files[byName["postfix/main.cf"]].Errors[2].Column; c != 18 {
		t.Errorf("column after non-ASCII text = %d, want 18 (UTF-16)", c)
	}
}

// junitIn is a JUnit report as a consumer decodes it.
type junitIn struct {
	XMLName  xml.Name `xml:"testsuites"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Cases    []struct {
			Name      string `xml:"name,attr"`
			ClassName string `xml:"classname,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			SystemOut string `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func TestJUnitRoundTrip(t *testing.T) {
	findings, opts := goldenOptions(t)
	// Two findings of one rule in one file make one test case.
	extra := findings[3]
	extra.Message = "second mynetworks finding ]]> with a CDATA end"
	findings = append(findings, extra)
	opts.States, opts.Fingerprints = nil, nil
	out := write(t, "junit", findings, opts)
	var r junitIn
	if err := xml.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not XML: %v\n%s", err, out)
	}
	tests, failures := 0, 0
	cases := map[string]string{} // suite/case → failure text or system-out
	for _, s := range r.Suites {
		sf := 0
		for _, c := range s.Cases {
			if c.ClassName != s.Name {
				t.Errorf("case %s has classname %s in suite %s", c.Name, c.ClassName, s.Name)
			}
			if c.Failure != nil {
				sf++
				cases[s.Name+"/"+c.Name] = "failure:" + c.Failure.Type + ":" + c.Failure.Text
			} else {
				cases[s.Name+"/"+c.Name] = "pass:" + c.SystemOut
			}
		}
		if s.Tests != len(s.Cases) || s.Failures != sf {
			t.Errorf("suite %s counts %d/%d, has %d/%d", s.Name, s.Tests, s.Failures, len(s.Cases), sf)
		}
		tests += s.Tests
		failures += sf
	}
	if r.Tests != tests || r.Failures != failures || tests != 6 || failures != 4 {
		t.Errorf("totals %d/%d, suites add up to %d/%d", r.Tests, r.Failures, tests, failures)
	}
	if got := cases["postfix/clean/main.cf/no findings"]; got != "pass:" {
		t.Errorf("clean file: %q", got)
	}
	// Below the failure level: a passing case with the finding in its output.
	if got := cases["postfix/main.cf/PL900 note"]; got != "pass:postfix/main.cf:1:1: info: about the whole file [PL900]\n" {
		t.Errorf("info finding: %q", got)
	}
	got := cases["postfix/main.cf/PL601 mynetworks-open"]
	want := "failure:error:postfix/main.cf:4:14: error: mynetworks 0.0.0.0/0 trusts the whole Internet [PL601]\n" +
		"postfix/main.cf:4:14: error: second mynetworks finding ]]> with a CDATA end [PL601]\n"
	if got != want {
		t.Errorf("two findings of one rule:\n got %q\nwant %q", got, want)
	}
	// With no failure level every finding fails.
	opts.FailLevel = 0
	if err := xml.Unmarshal([]byte(write(t, "junit", findings, opts)), &r); err != nil {
		t.Fatal(err)
	}
	if r.Failures != 5 {
		t.Errorf("FailLevel 0: %d failures, want 5", r.Failures)
	}
	// A clean run still has a test case per checked file.
	if err := xml.Unmarshal([]byte(write(t, "junit", nil, Options{Checked: []string{"a/main.cf"}})), &r); err != nil {
		t.Fatal(err)
	}
	if r.Tests != 1 || r.Failures != 0 {
		t.Errorf("clean run: %d tests, %d failures", r.Tests, r.Failures)
	}
}

func TestJSONBaselineStates(t *testing.T) {
	findings, opts := goldenOptions(t)
	var out struct {
		Findings []map[string]any `json:"findings"`
		Absent   []map[string]any `json:"absent"`
	}
	if err := json.Unmarshal([]byte(write(t, "json", findings, opts)), &out); err != nil {
		t.Fatal(err)
	}
	if out.Findings[2]["baseline_state"] != "unchanged" || out.Findings[0]["baseline_state"] != "new" {
		t.Errorf("states %v, %v", out.Findings[2]["baseline_state"], out.Findings[0]["baseline_state"])
	}
	if len(out.Absent) != 1 || out.Absent[0]["baseline_state"] != "absent" || out.Absent[0]["rule"] != "PL207" {
		t.Errorf("absent %v", out.Absent)
	}
	// Without a baseline neither key appears.
	plain := write(t, "json", findings, Options{})
	if strings.Contains(plain, "baseline_state") || strings.Contains(plain, "absent") {
		t.Errorf("JSON without a baseline mentions it:\n%s", plain)
	}
	lines := strings.Split(strings.TrimSuffix(write(t, "json-lines", findings, Options{}), "\n"), "\n")
	if len(lines) != len(findings) {
		t.Fatalf("%d JSON lines for %d findings", len(lines), len(findings))
	}
	for i, l := range lines {
		var f jsonFinding
		if err := json.Unmarshal([]byte(l), &f); err != nil || f.Rule != findings[i].Rule || f.Line != findings[i].Start.Line || f.BaselineState != "" {
			t.Errorf("line %d: %v %+v", i, err, f)
		}
	}
	if got := write(t, "json-lines", nil, Options{}); got != "" {
		t.Errorf("json-lines without findings: %q", got)
	}
}

func TestSecuritySeverity(t *testing.T) {
	for _, tc := range []struct {
		id            string
		sev           lint.Severity
		score, family string
	}{
		{"PL601", lint.Error, "9.0", "relay"},
		{"PL606", lint.Warning, "6.0", "relay"},
		{"PL201", lint.Error, "7.5", "tls"},
		{"PL304", lint.Warning, "5.0", "tls"},
		{"PL406", lint.Info, "2.0", "tls"},
		{"PL805", lint.Error, "7.5", "tls"},
		{"PL811", lint.Error, "", ""}, // maps: not security
		{"PL101", lint.Error, "", ""},
		{"PL505", lint.Warning, "", ""},
		{"PL716", lint.Error, "", ""},
		{"SITE601", lint.Error, "", ""},
		{"PL6", lint.Error, "", ""},
	} {
		score, family := securitySeverity(tc.id, tc.sev)
		if score != tc.score || family != tc.family {
			t.Errorf("securitySeverity(%s, %v) = %q, %q; want %q, %q", tc.id, tc.sev, score, family, tc.score, tc.family)
		}
	}
}

func TestTextMarks(t *testing.T) {
	findings, opts := goldenOptions(t)
	opts.ShowURL = false
	out := write(t, "text", findings, opts)
	if strings.Count(out, " (in baseline)") != 1 || strings.Contains(out, "https://") {
		t.Errorf("text:\n%s", out)
	}
	opts.States, opts.Fingerprints = nil, nil
	opts.ShowURL = true
	opts.DocsBase = ""
	out = write(t, "text", findings[2:3], opts)
	if want := "[PL201] https://github.com/postlint/postlint/blob/main/docs/rules/PL201.md\n"; !strings.HasSuffix(out, want) {
		t.Errorf("text with the default docs URL: %q", out)
	}
}
