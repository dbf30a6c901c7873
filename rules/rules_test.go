package rules_test

import (
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/lint/syntax"
	"github.com/postlint/postlint/rules"
)

var update = flag.Bool("update", false, "rewrite the want files of rules/testdata/*.txtar with the current findings")

// A rule test case is rules/testdata/<ID>[-variant].txtar. Its comment
// may hold a line "version: 3.4.1" (the target release; default
// postfix.Newest); its files are main.cf, master.cf and any lookup table
// sources, written to a directory of their own; its "want" file lists
// every finding, one per line, as lint.Finding.String prints them, in the
// order lint.Run returns them. A comment line "host: true" lints the
// case as the host's own configuration. Golden files of the fixed
// configuration are described in fix_test.go.

// caseInput writes the configuration of a case (every file but want
// and the golden files) to a directory of its own and returns it parsed.
// The comment may also hold "host: true": the configuration is then
// linted as the host's own (lint.Input.Host).
func caseInput(t *testing.T, ar *txtar.Archive) lint.Input {
	t.Helper()
	version := postfix.Newest
	host := false
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		line = strings.TrimSpace(line)
		if v, ok := strings.CutPrefix(line, "version:"); ok {
			pv, err := postfix.ParseVersion(strings.TrimSpace(v))
			if err != nil {
				t.Fatalf("comment: %v", err)
			}
			version = pv
		}
		if v, ok := strings.CutPrefix(line, "host:"); ok {
			host = strings.TrimSpace(v) == "true"
		}
	}
	dir := t.TempDir()
	in := lint.Input{Dir: dir, Version: version, Host: host}
	for _, f := range ar.Files {
		if f.Name == "want" || strings.HasSuffix(f.Name, ".golden") {
			continue
		}
		if strings.Contains(f.Name, "..") || filepath.IsAbs(f.Name) {
			t.Fatalf("file name %q must be relative and stay in the case directory", f.Name)
		}
		path := filepath.Join(dir, f.Name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		switch f.Name {
		case "main.cf":
			in.Main = syntax.ParseMain(f.Name, f.Data)
		case "master.cf":
			in.Master = syntax.ParseMaster(f.Name, f.Data)
		}
	}
	if in.Main == nil && in.Master == nil {
		t.Fatal("case has neither main.cf nor master.cf")
	}
	return in
}

// runCase lints the configuration of a case and returns the findings.
func runCase(t *testing.T, set *rules.Set, ar *txtar.Archive) []lint.Finding {
	t.Helper()
	fs, err := lint.Run(caseInput(t, ar), set, lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func wantLines(ar *txtar.Archive) (lines []string, found bool) {
	for _, f := range ar.Files {
		if f.Name != "want" {
			continue
		}
		for _, l := range strings.Split(string(f.Data), "\n") {
			if l = strings.TrimRight(l, " \t\r"); l != "" {
				lines = append(lines, l)
			}
		}
		return lines, true
	}
	return nil, false
}

func setWant(ar *txtar.Archive, lines []string) {
	data := []byte(strings.Join(lines, "\n"))
	if len(lines) > 0 {
		data = append(data, '\n')
	}
	for i := range ar.Files {
		if ar.Files[i].Name == "want" {
			ar.Files[i].Data = data
			return
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: "want", Data: data})
}

func loadBuiltin(t *testing.T) *rules.Set {
	t.Helper()
	set, err := rules.Load(true)
	if err != nil {
		t.Fatalf("built-in rules do not load:\n%v", err)
	}
	return set
}

func caseFiles(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	return files
}

// checkCases runs every case in dir as a subtest, compares its findings
// with want (or rewrites want with -update), and returns the IDs of the
// rules that fired.
func checkCases(t *testing.T, set *rules.Set, dir string) map[string]bool {
	fired := make(map[string]bool)
	for _, file := range caseFiles(t, dir) {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range runCase(t, set, ar) {
				got = append(got, f.String())
				fired[f.Rule] = true
			}
			if *update {
				setWant(ar, got)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, ok := wantLines(ar)
			if !ok {
				t.Fatal("no want file")
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("findings differ\n--- got\n%s\n--- want\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
	return fired
}

// uncovered returns the rules of set that never fired.
func uncovered(set *rules.Set, fired map[string]bool) []*rules.Rule {
	var out []*rules.Rule
	for _, r := range set.Rules() {
		if !fired[r.ID] {
			out = append(out, r)
		}
	}
	return out
}

// TestRules runs every case of the built-in rules and compares all its
// findings with want. With -update it rewrites want instead.
func TestRules(t *testing.T) {
	checkCases(t, loadBuiltin(t), "testdata")
}

// TestRuleCoverage fails for a built-in rule that no case makes fire.
func TestRuleCoverage(t *testing.T) {
	set := loadBuiltin(t)
	fired := make(map[string]bool)
	for _, file := range caseFiles(t, "testdata") {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range runCase(t, set, ar) {
			fired[f.Rule] = true
		}
	}
	for _, r := range uncovered(set, fired) {
		t.Errorf("%s (%s:%d): no rules/testdata/%s*.txtar case produces a finding of this rule", r.ID, r.File, r.Line, r.ID)
	}
}

// TestHarness checks the harness itself on the rules and cases of
// testdata/engine, where ENG9 deliberately has no case.
func TestHarness(t *testing.T) {
	set, err := rules.Load(false, filepath.Join("testdata", "engine", "rules.toml"))
	if err != nil {
		t.Fatal(err)
	}
	fired := checkCases(t, set, filepath.Join("testdata", "engine"))
	var ids []string
	for _, r := range uncovered(set, fired) {
		ids = append(ids, r.ID)
	}
	if strings.Join(ids, " ") != "ENG9" {
		t.Errorf("uncovered rules %v, want [ENG9]", ids)
	}
}

// The built-in rules compile their expressions when first used; every
// one of them must compile.
func TestBuiltinExpressionsCompile(t *testing.T) {
	if err := loadBuiltin(t).CompileAll(); err != nil {
		t.Fatal(err)
	}
}
