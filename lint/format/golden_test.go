package format

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/baseline"
	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/lint/syntax"
	"github.com/postlint/postlint/rules"
)

var update = flag.Bool("update", false, "rewrite testdata/golden")

// The golden run: findings in a main.cf with non-ASCII text before one
// of them (UTF-16 columns differ from byte columns there) and a message
// with markup and a control character, a master.cf finding, a clean
// checked file, a finding in the baseline and an absent baseline entry.
const (
	goldenMain   = "# golden\nsmtpd_banner = $myhostname ESMTP café\nrelayhost = café [smtp.example.net]:465\nmynetworks = 0.0.0.0/0\n"
	goldenMaster = "submissions inet n - y - - smtpd\n"
)

var goldenRules = []*rules.Rule{
	{ID: "PL120", Name: "unknown-parameter-typo", Severity: "warning", Title: "Unknown parameter name that looks like a misspelling", Builtin: true},
	{
		ID: "PL201", Name: "smtp-465-without-wrappermode", Severity: "error", Scope: rules.ScopeRoute, Builtin: true,
		Title: "Port 465 reached without smtp_tls_wrappermode = yes", MinVersion: postfix.Version{Major: 3},
		Param: &rules.Template{Source: "smtp_tls_wrappermode"},
		Doc: rules.Doc{
			What: "A next hop on port 465 without wrapper mode.", Why: "The client waits for a greeting.",
			Symptom: "Mail is deferred:\n  lost connection with smtp.example.net while receiving the initial server greeting",
			Before:  "relayhost = [smtp.example.net]:465", After: "relayhost = [smtp.example.net]:465\nsmtp_tls_wrappermode = yes",
			References: []string{"https://www.postfix.org/postconf.5.html#smtp_tls_wrappermode"},
		},
		Fixes: []*rules.Fix{{Title: &rules.Template{Source: "Turn on wrapper mode for {{ Route.Transport }}"}, Safe: true}},
	},
	{ID: "PL207", Name: "smtp-tls-relay-unauthenticated", Severity: "info", Title: "TLS to a relay without any trusted CA", Builtin: true},
	{ID: "PL601", Name: "mynetworks-open", Severity: "error", Title: "mynetworks trusts the whole Internet", Builtin: true,
		Doc: rules.Doc{What: "mynetworks covers more than a /8 of the Internet."}},
	testRules[0], // PL301, a rule from a user's file: its first reference is its help
	{ID: "PL900", Name: "note", Severity: "info", Title: "Note"},
}

// goldenOptions returns the findings and options of the golden run.
func goldenOptions(t *testing.T) ([]lint.Finding, Options) {
	t.Helper()
	main := syntax.ParseMain("postfix/main.cf", []byte(goldenMain))
	master := syntax.ParseMaster("postfix/master.cf", []byte(goldenMaster))
	span := func(f *syntax.File, rule string, sev lint.Severity, mark, msg, param string) lint.Finding {
		i := strings.Index(string(f.Src), mark)
		if i < 0 {
			t.Fatalf("%q not in %s", mark, f.Name)
		}
		p, e := syntax.Pos(i), syntax.Pos(i+len(mark))
		return lint.Finding{Rule: rule, Severity: sev, File: f.Name, Pos: p, End: e, Start: f.Position(p), Stop: f.Position(e), Message: msg, Param: param}
	}
	findings := []lint.Finding{
		{Rule: "PL900", Severity: lint.Info, File: main.Name, Start: main.Position(0), Stop: main.Position(0), Message: "about the whole file"},
		span(main, "PL120", lint.Warning, "smtpd_banner", "unknown <parameter> \"x\" & \x1b[1m", ""),
		span(main, "PL201", lint.Error, "[smtp.example.net]:465",
			"relayhost [smtp.example.net]:465 is port 465, but transport smtp has smtp_tls_wrappermode = no", "smtp_tls_wrappermode"),
		span(main, "PL601", lint.Error, "0.0.0.0/0", "mynetworks 0.0.0.0/0 trusts the whole Internet", "mynetworks"),
		span(master, "PL301", lint.Error, "submissions", "service submissions listens on port 465", "smtpd_tls_wrappermode"),
	}
	findings[2].Fixes = []lint.Fix{{Title: "Turn on wrapper mode for smtp", Safe: true}}
	var fps []string
	for _, f := range findings {
		fps = append(fps, baseline.Key{Rule: f.Rule, File: f.File, At: f.Param}.Fingerprint(1))
	}
	src := map[string][]byte{main.Name: main.Src, master.Name: master.Src}
	return findings, Options{
		Rules: goldenRules, Version: "v1.2.3",
		Source:       func(name string) []byte { return src[name] },
		DocsBase:     "https://docs.example.org/rules/",
		ShowURL:      true,
		FailLevel:    lint.Warning,
		Checked:      []string{"postfix/main.cf", "postfix/master.cf", "postfix/clean/main.cf"},
		Fingerprints: fps,
		States:       []baseline.State{baseline.New, baseline.New, baseline.Unchanged, baseline.New, baseline.New},
		Absent:       []lint.Finding{{Rule: "PL207", Severity: lint.Info, File: "postfix/gone/main.cf", Message: "TLS to relay [old.example.net]:587 is never authenticated"}},
	}
}

// TestGolden compares every format's output for the golden run with
// testdata/golden/FORMAT.golden.
func TestGolden(t *testing.T) {
	findings, opts := goldenOptions(t)
	for _, name := range Names {
		var b bytes.Buffer
		if err := WriteWith(&b, name, findings, opts); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		file := filepath.Join("testdata", "golden", name+".golden")
		if *update {
			if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("%v (go test ./lint/format -run TestGolden -update writes it)", err)
		}
		if b.String() != string(want) {
			t.Errorf("%s output differs from %s (review, then -update):\n%s", name, file, b.String())
		}
	}
}

func TestGoldenSARIFValid(t *testing.T) {
	findings, opts := goldenOptions(t)
	out := write(t, "sarif", findings, opts)
	if err := validate(t, sarifSchema(t), out); err != nil {
		t.Fatalf("golden SARIF is invalid: %v", err)
	}
}

func TestStateLengthChecked(t *testing.T) {
	findings, opts := goldenOptions(t)
	opts.States = opts.States[:2]
	if err := WriteWith(&bytes.Buffer{}, "json", findings, opts); err == nil {
		t.Error("states that do not fit the findings were accepted")
	}
}
