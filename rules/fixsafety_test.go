package rules_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/postlint/postlint/fix"
	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/load"
	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/rules"
)

// A fix must never make a configuration worse: after the fixes of a
// run, safe ones and, separately, unsafe ones too, no finding of error
// severity may appear that the configuration did not have. A new error
// means a fix was wrong (it dropped TLS that another setting needs, or
// switched on a setting Postfix ignored, and so on).

// realworldDir holds the real-world configurations, beside the project.
const realworldDir = "../../shared/realworld"

// TestFixesAddNoError runs the check over every rule case.
func TestFixesAddNoError(t *testing.T) {
	set := loadBuiltin(t)
	for _, file := range caseFiles(t, "testdata") {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			in := caseInput(t, ar)
			skipHostCase(t, in)
			for _, m := range fixModes {
				checkNoNewError(t, set, in, m)
			}
		})
	}
}

// TestFixesAddNoErrorRealWorld runs the check over every directory of
// ../shared/realworld at the release it targets.
func TestFixesAddNoErrorRealWorld(t *testing.T) {
	if _, err := os.Stat(realworldDir); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing: the real-world configurations are needed in CI", realworldDir)
		}
		t.Skipf("%s is missing (%v): real-world configurations not checked", realworldDir, err)
	}
	versions := realworldVersions(t)
	dirs, err := os.ReadDir(realworldDir)
	if err != nil {
		t.Fatal(err)
	}
	set := loadBuiltin(t)
	n := 0
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		n++
		t.Run(d.Name(), func(t *testing.T) {
			cfg, err := load.Dir(filepath.Join(realworldDir, d.Name()))
			if err != nil {
				t.Fatal(err)
			}
			v, ok := versions[d.Name()]
			if !ok {
				t.Fatalf("%s has no line in VERSIONS.tsv", d.Name())
			}
			in := lint.Input{Dir: cfg.Dir, Main: cfg.Main, Master: cfg.Master, Version: v}
			for _, m := range fixModes {
				checkNoNewError(t, set, in, m)
			}
		})
	}
	if n < 50 {
		t.Errorf("only %d configurations in %s", n, realworldDir)
	}
}

// realworldVersions reads VERSIONS.tsv: directory, target release.
func realworldVersions(t *testing.T) map[string]postfix.Version {
	t.Helper()
	f, err := os.Open(filepath.Join(realworldDir, "VERSIONS.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]postfix.Version{}
	sc := bufio.NewScanner(f)
	for first := true; sc.Scan(); first = false {
		fields := strings.Split(sc.Text(), "\t")
		if first || len(fields) < 2 {
			continue
		}
		if fields[1] == "-" {
			out[fields[0]] = postfix.Newest // unknown: as postlint defaults
			continue
		}
		v, err := postfix.ParseVersion(strings.TrimPrefix(fields[1], "v"))
		if err != nil {
			t.Fatalf("VERSIONS.tsv: %s: %v", fields[0], err)
		}
		if v.Less(postfix.Oldest) {
			v = postfix.Oldest
		}
		out[fields[0]] = v
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkNoNewError fixes in in mode m and fails for every error finding
// of the fixed configuration beyond those of the original, by rule and
// file (positions and messages move with the edits).
func checkNoNewError(t *testing.T, set *rules.Set, in lint.Input, m fixMode) {
	t.Helper()
	before, err := lint.Run(in, set, lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res := fixCase(t, set, in, m)
	// fix.Run leaves out a fix that adds errors; a rule's fix must not
	// need that.
	for _, r := range res.Refused {
		t.Errorf("%sfix of %s left out by fix.Run: it adds\n  %s", m.prefix, r.Finding, strings.Join(r.Errors, "\n  "))
	}
	if len(res.Fixed) == 0 {
		return
	}
	after, err := lint.Run(reparsed(in, res), set, lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	added := newErrors(before, after)
	if len(added) == 0 {
		return
	}
	var fixed, diffs []string
	for _, f := range res.Fixed {
		fixed = append(fixed, "  "+f.String())
	}
	for _, f := range res.Files {
		diffs = append(diffs, fix.Unified(f.Name, f.Before, f.After))
	}
	t.Errorf("%sfixes add errors:\n%s\nfixes applied:\n%s\n%s", m.prefix, strings.Join(added, "\n"), strings.Join(fixed, "\n"), strings.Join(diffs, ""))
}

// newErrors returns the error findings of after beyond those of before,
// counted by rule and file.
func newErrors(before, after []lint.Finding) []string {
	key := func(f lint.Finding) string { return f.Rule + " " + filepath.Base(f.File) }
	count := map[string]int{}
	for _, f := range before {
		if f.Severity == lint.Error {
			count[key(f)]++
		}
	}
	var out []string
	for _, f := range after {
		if f.Severity != lint.Error {
			continue
		}
		if count[key(f)] > 0 {
			count[key(f)]--
			continue
		}
		out = append(out, "  "+f.String())
	}
	sort.Strings(out)
	return out
}

// TestNewErrorsSeen checks the comparison itself.
func TestNewErrorsSeen(t *testing.T) {
	e := func(rule, file string) lint.Finding {
		return lint.Finding{Rule: rule, File: file, Severity: lint.Error, Message: "m"}
	}
	w := lint.Finding{Rule: "PL1", File: "main.cf", Severity: lint.Warning}
	got := newErrors([]lint.Finding{e("PL1", "a/main.cf"), w}, []lint.Finding{e("PL1", "b/main.cf"), e("PL1", "main.cf"), e("PL2", "main.cf"), w})
	if want := fmt.Sprint([]string{"  main.cf:0:0: error: m [PL1]", "  main.cf:0:0: error: m [PL2]"}); fmt.Sprint(got) != want {
		t.Errorf("newErrors = %q, want %q", got, want)
	}
}
