package proof_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/postlint/postlint/internal/postfixtest"
	"github.com/postlint/postlint/internal/proof"
	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/hostcheck"
	"github.com/postlint/postlint/lint/maillog"
	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/lint/suppress"
	"github.com/postlint/postlint/lint/syntax"
	"github.com/postlint/postlint/lint/why"
	"github.com/postlint/postlint/rules"
)

var update = flag.Bool("update", false, "rewrite docs/proofs.md from the proofs")

const docsFile = "../../docs/proofs.md"

// TestMain runs the proofs in the namespaces of postfixtest.Main. The
// proofs mostly wait for Postfix (a daemon that stops with a fatal error
// sleeps before it exits), so more of them run in parallel than there
// are CPUs, unless -test.parallel says otherwise.
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		_ = flag.Set("test.parallel", "8")
	}
	os.Exit(postfixtest.Main(m, 5*time.Minute))
}

// result is what one proof showed, for docs/proofs.md.
type result struct {
	rule  *rules.Rule
	proof *proof.Proof
	lines []string // the normalised log lines that hold the wants
}

// errorRules returns every rule of severity error: the TOML rules, the
// host checks and the suppression diagnostics.
func errorRules(t *testing.T) (all []*rules.Rule, set *rules.Set) {
	t.Helper()
	set, err := rules.Load(true)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range slices.Concat(set.Rules(), hostcheck.Rules(), suppress.Rules()) {
		if r.Severity == lint.Error.String() {
			all = append(all, r)
		}
	}
	return all, set
}

// TestProofs runs every proof and requires one for every error rule.
func TestProofs(t *testing.T) {
	all, set := errorRules(t)
	files, err := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	known := map[string]*rules.Rule{}
	for _, r := range slices.Concat(set.Rules(), hostcheck.Rules(), suppress.Rules()) {
		known[r.ID] = r
	}
	var proofs []*proof.Proof
	has := map[string]bool{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p, err := proof.Parse(f, data)
		if err != nil {
			t.Error(err)
			continue
		}
		if known[p.Rule] == nil {
			t.Errorf("%s: no rule %s", f, p.Rule)
			continue
		}
		proofs = append(proofs, p)
		has[p.Rule] = true
	}
	for _, r := range all {
		if !has[r.ID] {
			t.Errorf("%s (%s, severity error) has no proof: add internal/proof/testdata/%s.txtar with a check against Postfix or a reason", r.ID, r.Name, r.ID)
		}
	}

	var mu sync.Mutex
	var results []result
	t.Run("proof", func(t *testing.T) {
		for _, p := range proofs {
			t.Run(p.Name, func(t *testing.T) {
				t.Parallel()
				res := result{rule: known[p.Rule], proof: p}
				if p.Reason == "" {
					res.lines = runProof(t, set, res.rule, p)
				} else {
					checkGate(t, res.rule)
				}
				if t.Failed() || t.Skipped() {
					return
				}
				mu.Lock()
				results = append(results, res)
				mu.Unlock()
			})
		}
	})
	if t.Failed() || len(results) != len(proofs) {
		return // docs/proofs.md describes a complete, passing run only
	}
	checkDocs(t, results)
}

// runProof lints the proof's configuration, runs its check against
// Postfix and returns the normalised log lines that show its wants.
func runProof(t *testing.T, set *rules.Set, rule *rules.Rule, p *proof.Proof) []string {
	postfixtest.Require(t)
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	ck := newCheck(t, p)
	lintFiles, syslogName := ck.prepare(ctx)
	version, err := postfix.ParseVersion(postfixtest.Version())
	if err != nil {
		t.Fatalf("installed Postfix %q: %v", postfixtest.Version(), err)
	}
	findings := lintConfig(t, set, ck.dir, lintFiles, version, strings.HasPrefix(rule.ID, "PL8"))
	var ids []string
	for _, f := range findings {
		ids = append(ids, f.Rule)
	}
	if !slices.Contains(ids, rule.ID) {
		var all []string
		for _, f := range findings {
			all = append(all, f.String())
		}
		t.Errorf("postlint does not report %s on the proof's configuration; it reports:\n%s", rule.ID, strings.Join(all, "\n"))
	}

	var lines []string
	raw := ck.run(ctx)
	for _, l := range raw {
		lines = append(lines, proof.Normalise(l, syslogName, ck.dirs))
	}
	if len(rule.Log) > 0 {
		checkWhy(t, set, rule, ck.dir, lintFiles, version, raw, findings)
	}
	t.Logf("Postfix logged:\n%s", strings.Join(lines, "\n"))
	var shown []string
	symptom := proof.Squeeze(rule.Doc.Symptom)
	for _, want := range p.Want {
		i := slices.IndexFunc(lines, func(l string) bool { return proof.Match(l, want) })
		if i < 0 {
			t.Errorf("Postfix did not log %q; it logged:\n%s", want, strings.Join(lines, "\n"))
			continue
		}
		line := lines[i]
		if !slices.Contains(shown, line) {
			shown = append(shown, line)
		}
		if !proof.Match(symptom, proof.Squeeze(want)) {
			t.Errorf("the symptom of %s does not quote what Postfix logs, %q:\nsymptom: %s\nlog line: %s", rule.ID, want, rule.Doc.Symptom, line)
		}
	}
	return shown
}

// checkWhy requires postlint why to trace the log lines Postfix printed
// for the proof to the rule's finding, and to blame nothing but findings
// that postlint reports on the configuration (same rule, file and line),
// of rules whose log lines these are.
func checkWhy(t *testing.T, set *rules.Set, rule *rules.Rule, dir string, files map[string]string, v postfix.Version, raw []string, lintFindings []lint.Finding) {
	t.Helper()
	a := why.New(set)
	for i, l := range raw {
		if line, ok := maillog.Parse(l); ok {
			line.File, line.Num = "maillog", i+1
			a.Add(line)
		}
	}
	in := lint.Input{Dir: dir, Version: v}
	if s, ok := files["main.cf"]; ok {
		in.Main = syntax.ParseMain("main.cf", []byte(s))
	}
	if s, ok := files["master.cf"]; ok {
		in.Master = syntax.ParseMaster("master.cf", []byte(s))
	}
	causes, err := a.Causes(in, set)
	if err != nil {
		t.Fatal(err)
	}
	traced := false
	for _, c := range causes {
		for _, f := range c.Findings {
			t.Logf("why: %s line %d (%s) -> %s", c.Rule.ID, c.First.Num, c.First.Text, f)
			if f.Rule != c.Rule.ID {
				t.Errorf("why blames %s for a log line of %s", f.Rule, c.Rule.ID)
			}
			if !slices.ContainsFunc(lintFindings, func(l lint.Finding) bool {
				return l.Rule == f.Rule && l.File == f.File && l.Start == f.Start
			}) {
				t.Errorf("why blames %s, which postlint does not report on the configuration", f)
			}
			traced = traced || f.Rule == rule.ID
		}
	}
	if !traced {
		t.Errorf("postlint why does not trace the log to %s; causes: %d", rule.ID, len(causes))
	}
}

// checkGate fails for a rule with version bounds that applies to the
// installed Postfix: its proof's reason (that this release cannot show
// the failure) no longer holds, and a check should replace it.
func checkGate(t *testing.T, r *rules.Rule) {
	if r.MinVersion.IsZero() && r.MaxVersion.IsZero() || postfixtest.Version() == "" {
		return
	}
	v, err := postfix.ParseVersion(postfixtest.Version())
	if err != nil {
		t.Fatalf("installed Postfix %q: %v", postfixtest.Version(), err)
	}
	if r.Applies(v) {
		t.Errorf("%s applies to the installed Postfix %s: replace the reason with a check against it", r.ID, v)
	}
}

// lintConfig lints files (name to content) of directory dir as the
// rules tests do, and for host checks also checks the files they name.
func lintConfig(t *testing.T, set *rules.Set, dir string, files map[string]string, v postfix.Version, host bool) []lint.Finding {
	in := lint.Input{Dir: dir, Version: v, Host: host}
	if s, ok := files["main.cf"]; ok {
		in.Main = syntax.ParseMain("main.cf", []byte(s))
	}
	if s, ok := files["master.cf"]; ok {
		in.Master = syntax.ParseMaster("master.cf", []byte(s))
	}
	out, err := lint.Run(in, set, lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if host {
		out = append(out, hostcheck.Check(in, hostcheck.Options{})...)
	}
	return out
}

// checkDocs compares docs/proofs.md with what the results give, or
// writes it with -update.
func checkDocs(t *testing.T, results []result) {
	sort.Slice(results, func(i, j int) bool {
		a, b := results[i], results[j]
		if a.rule.ID != b.rule.ID {
			return a.rule.ID < b.rule.ID
		}
		return a.proof.Name < b.proof.Name
	})
	doc := markdown(results)
	if *update {
		if err := os.WriteFile(docsFile, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	old, err := os.ReadFile(docsFile)
	if err != nil {
		t.Fatalf("%v: generate it with go test ./internal/proof -update", err)
	}
	if !strings.Contains(string(old), versionLine()) {
		t.Logf("docs/proofs.md was generated with another Postfix release than %s: not compared", postfixtest.Version())
		return
	}
	if string(old) != doc {
		t.Errorf("docs/proofs.md is stale: regenerate it with go test ./internal/proof -update and review the diff; it would now be:\n%s", doc)
	}
}

func versionLine() string {
	return fmt.Sprintf("Checked against Postfix %s.", postfixtest.Version())
}

func markdown(results []result) string {
	var b strings.Builder
	b.WriteString(`# Proofs against the real Postfix

Every rule of severity error (and a few others) has a proof in
[internal/proof/testdata](../internal/proof/testdata): a configuration that
postlint reports the rule on, what to run against the real Postfix, and the
text Postfix must log, which the rule's documented symptom quotes; or the
reason why this Postfix release cannot show the failure. The test in
internal/proof runs every proof and generates this file
(` + "`go test ./internal/proof -update`" + `); log lines are shown without time
stamps, PIDs and queue IDs, with the test's directories and instance names
and addresses as in a proof file. ` + versionLine() + `

| Rule | Proof | Check | What Postfix logs |
|------|-------|-------|-------------------|
`)
	for _, r := range results {
		link := fmt.Sprintf("[%s](../internal/proof/testdata/%s.txtar)", r.proof.Name, r.proof.Name)
		if r.proof.Reason != "" {
			fmt.Fprintf(&b, "| %s %s | %s | — | not shown: %s |\n", r.rule.ID, r.rule.Name, link, cell(proof.Squeeze(r.proof.Reason)))
			continue
		}
		var logs []string
		for _, l := range r.lines {
			logs = append(logs, "`"+cell(l)+"`")
		}
		fmt.Fprintf(&b, "| %s %s | %s | `%s` | %s |\n", r.rule.ID, r.rule.Name, link, cell(strings.Join(r.proof.Check, " ")), strings.Join(logs, "<br>"))
	}
	return b.String()
}

func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
