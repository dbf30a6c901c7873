package format

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/ruledoc"
)

// schemaURL is the id of testdata/sarif-schema-2.1.0.json; see
// testdata/README.md for where the file comes from.
const schemaURL = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// sarifSchema compiles the SARIF 2.1.0 schema, with format checks on.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	return compileSchema(t, "testdata/sarif-schema-2.1.0.json", schemaURL, true)
}

// compileSchema compiles the JSON schema in file under the id it is
// known by; assertFormat turns on the checks of "format" keywords.
func compileSchema(t *testing.T, file, id string, assertFormat bool) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if assertFormat {
		c.AssertFormat()
	}
	if err := c.AddResource(id, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(id)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// validate checks a SARIF document against the schema.
func validate(t *testing.T, sch *jsonschema.Schema, doc string) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("not JSON: %v\n%s", err, doc)
	}
	return sch.Validate(inst)
}

// testRules documents the rules of sample.
var testRules = []*rules.Rule{
	{
		ID: "PL301", Name: "smtpd-465-without-wrappermode", Severity: "error",
		Title: "SMTP server on port 465 without smtpd_tls_wrappermode = yes",
		Doc: rules.Doc{
			What:    "An smtpd(8) service listens on port 465\nwithout *wrapper mode*.",
			Why:     "Clients start with TLS.",
			Symptom: "The server logs:\n  improper command pipelining after CONNECT\n    from client[198.51.100.7]\nand clients fail.",
			Before:  "# master.cf\nsubmissions inet n - y - - smtpd",
			After:   "# master.cf\nsubmissions inet n - y - - smtpd\n  -o smtpd_tls_wrappermode=yes",
			References: []string{
				"https://www.postfix.org/postconf.5.html#smtpd_tls_wrappermode",
				"https://www.rfc-editor.org/rfc/rfc8314#section-3",
			},
		},
	},
	{ID: "PL101", Name: "obsolete", Severity: "warning", Title: "Obsolete parameter"},
	{ID: "PL900", Name: "note", Severity: "info", Title: "Note"},
	{ID: "PL999", Name: "unused", Severity: "error", Title: "Not in any finding"},
}

func TestSARIFValid(t *testing.T) {
	sch := sarifSchema(t)
	abs, err := filepath.Abs("testdata/in here/main.cf")
	if err != nil {
		t.Fatal(err)
	}
	findings := append(append([]lint.Finding{}, sample...),
		lint.Finding{Rule: "PL777", Severity: lint.Warning, File: abs, Start: pos(2, 1), Stop: pos(2, 9), Message: "not in the rule set"},
		lint.Finding{Rule: "PL101", Severity: lint.Error, File: "/nowhere/main.cf", Start: pos(5, 1), Stop: pos(5, 3), Message: "outside the tree"},
		lint.Finding{Rule: "PL900", Severity: lint.Info, File: "main.cf", Message: "no position"},
		lint.Finding{Rule: "PL900", Severity: lint.Info, Message: "no file"},
	)
	for _, tc := range []struct {
		name     string
		findings []lint.Finding
		opts     Options
	}{
		{"full", findings, Options{Rules: testRules, Version: "v1.2.3"}},
		{"no rule set", findings, Options{}},
		{"no findings", nil, Options{Rules: testRules}},
	} {
		out := write(t, "sarif", tc.findings, tc.opts)
		if err := validate(t, sch, out); err != nil {
			t.Errorf("%s: invalid SARIF: %v\n%s", tc.name, err, out)
		}
	}
}

func TestSARIFBuiltinRulesValid(t *testing.T) {
	set, err := rules.Load(true)
	if err != nil {
		t.Fatal(err)
	}
	var findings []lint.Finding
	for _, r := range set.Rules() {
		sev, err := lint.ParseSeverity(r.Severity)
		if err != nil {
			t.Fatal(err)
		}
		findings = append(findings, lint.Finding{Rule: r.ID, Severity: sev, File: "main.cf", Start: pos(1, 1), Stop: pos(1, 4), Message: r.Title})
	}
	out := write(t, "sarif", findings, Options{Rules: set.Rules()})
	if err := validate(t, sarifSchema(t), out); err != nil {
		t.Fatalf("invalid SARIF for the built-in rules: %v", err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct{ Rules []map[string]any }
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	if got, want := len(log.Runs[0].Tool.Driver.Rules), len(set.Rules()); got != want {
		t.Errorf("%d rule descriptors, want %d", got, want)
	}
	for _, d := range log.Runs[0].Tool.Driver.Rules {
		for _, key := range []string{"name", "shortDescription", "fullDescription", "help", "defaultConfiguration"} {
			if d[key] == nil {
				t.Errorf("rule %v has no %s", d["id"], key)
			}
		}
	}
}

// TestSchemaRejectsBroken proves that validation catches invalid SARIF.
func TestSchemaRejectsBroken(t *testing.T) {
	sch := sarifSchema(t)
	good := write(t, "sarif", sample, Options{Rules: testRules})
	if err := validate(t, sch, good); err != nil {
		t.Fatalf("valid output rejected: %v", err)
	}
	for _, tc := range []struct{ name, old, new string }{
		{"unknown level", `"level": "error"`, `"level": "fatal"`},
		{"line 0", `"startLine": 12`, `"startLine": 0`},
		{"wrong version", `"version": "2.1.0"`, `"version": "2.0.0"`},
		{"unknown property", `"ruleId": "PL301"`, `"rule_id": "PL301"`},
		{"message without text", `"text": "service submissions listens on port 465"`, `"txt": "x"`},
	} {
		bad := strings.Replace(good, tc.old, tc.new, 1)
		if bad == good {
			t.Fatalf("%s: %q not in the output", tc.name, tc.old)
		}
		if err := validate(t, sch, bad); err == nil {
			t.Errorf("%s: broken SARIF passed validation", tc.name)
		}
	}
	if err := validate(t, sch, `{"runs": []}`); err == nil {
		t.Error("SARIF without a version passed validation")
	}
}

func TestSARIFContent(t *testing.T) {
	out := write(t, "sarif", sample, Options{Rules: testRules, Version: "v1.2.3"})
	var log map[string]any
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	get := func(path ...any) any {
		var v any = log
		for _, p := range path {
			switch k := p.(type) {
			case string:
				v = v.(map[string]any)[k]
			case int:
				v = v.([]any)[k]
			}
		}
		return v
	}
	run := []any{"runs", 0}
	driver := []any{"runs", 0, "tool", "driver"}
	check := func(want any, path ...any) {
		t.Helper()
		full := append(append([]any{}, run...), path...)
		if got := get(full...); !reflect.DeepEqual(got, want) {
			t.Errorf("%v = %#v, want %#v", path, got, want)
		}
	}
	if got := len(get(run...).(map[string]any)); got != 3 {
		t.Errorf("run has %d properties, want tool, results and columnKind only", got)
	}
	check("utf16CodeUnits", "columnKind")
	if got := get(driver...).(map[string]any)["name"]; got != "postlint" {
		t.Errorf("driver name %v", got)
	}
	check("v1.2.3", "tool", "driver", "version")
	check(informationURI, "tool", "driver", "informationUri")

	// Rules: only those that findings use, sorted by ID.
	rulesOut := get(append(driver, "rules")...).([]any)
	var ids []string
	for _, r := range rulesOut {
		ids = append(ids, r.(map[string]any)["id"].(string))
	}
	if want := []string{"PL101", "PL301", "PL900"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("rule IDs %v, want %v", ids, want)
	}
	pl301 := []any{"tool", "driver", "rules", 1}
	check("smtpd-465-without-wrappermode", append(pl301, "name")...)
	check(testRules[0].Title, append(pl301, "shortDescription", "text")...)
	check(testRules[0].Doc.What, append(pl301, "fullDescription", "text")...)
	check(testRules[0].Doc.References[0], append(pl301, "helpUri")...)
	check("error", append(pl301, "defaultConfiguration", "level")...)
	check(testRules[0].Explain()+"\nDocumentation: "+testRules[0].Doc.References[0]+"\n", append(pl301, "help", "text")...)
	check(ruledoc.Help(testRules[0], testRules[0].Doc.References[0]), append(pl301, "help", "markdown")...)
	check("note", "tool", "driver", "rules", 2, "defaultConfiguration", "level")
	if got := get(append(append(run, "tool", "driver", "rules", 0), "helpUri")...); got != nil {
		t.Errorf("rule without references has helpUri %v", got)
	}

	// Results.
	check("PL301", "results", 0, "ruleId")
	check(1.0, "results", 0, "ruleIndex")
	check("error", "results", 0, "level")
	check("warning", "results", 1, "level")
	check("note", "results", 2, "level")
	check(0.0, "results", 1, "ruleIndex")
	check("service submissions listens on port 465", "results", 0, "message", "text")
	loc := []any{"results", 0, "locations", 0, "physicalLocation"}
	check(map[string]any{"uri": "postfix/master.cf", "uriBaseId": "%SRCROOT%"}, append(loc, "artifactLocation")...)
	check(map[string]any{"startLine": 12.0, "startColumn": 1.0, "endLine": 12.0, "endColumn": 12.0}, append(loc, "region")...)
	check(map[string]any{"startLine": 3.0, "startColumn": 5.0, "endLine": 4.0, "endColumn": 2.0},
		"results", 1, "locations", 0, "physicalLocation", "region")
	check(map[string]any{"startLine": 1.0, "startColumn": 1.0},
		"results", 2, "locations", 0, "physicalLocation", "region")
}

func TestSARIFDeterministic(t *testing.T) {
	reversed := make([]*rules.Rule, len(testRules))
	for i, r := range testRules {
		reversed[len(testRules)-1-i] = r
	}
	a := write(t, "sarif", sample, Options{Rules: testRules})
	b := write(t, "sarif", sample, Options{Rules: reversed})
	if a != b {
		t.Errorf("output depends on the order of Options.Rules")
	}
	for i := 0; i < 5; i++ {
		if c := write(t, "sarif", sample, Options{Rules: testRules}); c != a {
			t.Fatalf("output differs between runs")
		}
	}
}

// fileURI is the file: URI of an absolute path.
func fileURI(abs string) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return "file://" + p
}

func TestSARIFArtifactLocations(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.VolumeName(wd) + string(filepath.Separator)
	if runtime.GOOS != "windows" {
		if got := *artifactLocation("/etc/postfix/main.cf").URI; got != "file:///etc/postfix/main.cf" {
			t.Errorf("artifactLocation(/etc/postfix/main.cf) = %q", got)
		}
	}
	for _, tc := range []struct{ file, uri, base string }{
		{"main.cf", "main.cf", srcRoot},
		{"./postfix/main.cf", "postfix/main.cf", srcRoot},
		{filepath.Join("a", "b", "master.cf"), "a/b/master.cf", srcRoot},
		{filepath.Join(wd, "etc", "main.cf"), "etc/main.cf", srcRoot},
		{"my dir/100%.cf", "my%20dir/100%25.cf", srcRoot},
		{"../elsewhere/main.cf", fileURI(filepath.Join(filepath.Dir(wd), "elsewhere", "main.cf")), ""},
		{filepath.Join(root, "etc", "postfix", "main.cf"), fileURI(filepath.Join(root, "etc", "postfix", "main.cf")), ""},
	} {
		loc := artifactLocation(tc.file)
		base := ""
		if loc.URIBaseId != nil {
			base = *loc.URIBaseId
		}
		if *loc.URI != tc.uri || base != tc.base {
			t.Errorf("artifactLocation(%q) = %q base %q, want %q base %q", tc.file, *loc.URI, base, tc.uri, tc.base)
		}
	}
	if got, want := displayPath(filepath.Join(wd, "x", "main.cf")), "x/main.cf"; got != want {
		t.Errorf("displayPath = %q, want %q", got, want)
	}
	if got, want := displayPath("/etc/postfix/main.cf"), "/etc/postfix/main.cf"; runtime.GOOS != "windows" && got != want {
		t.Errorf("displayPath = %q, want %q", got, want)
	}
}

func TestSARIFNoFindings(t *testing.T) {
	out := write(t, "sarif", nil, Options{})
	// GitHub code scanning wants both arrays present, even empty.
	for _, s := range []string{`"results": []`, `"rules": []`} {
		if !bytes.Contains([]byte(out), []byte(s)) {
			t.Errorf("no %s in\n%s", s, out)
		}
	}
}
