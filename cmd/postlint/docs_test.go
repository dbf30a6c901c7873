package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postlint/postlint/lint/checks"
	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/ruledoc"
)

// TestRulesDoc keeps docs/rules.md in step with the rules: its table must
// be what "postlint rules --markdown" prints.
func TestRulesDoc(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"postlint", "rules", "--markdown"}, &out, &errOut); code != 0 {
		t.Fatalf("postlint rules --markdown: exit %d: %s", code, errOut.String())
	}
	doc, err := os.ReadFile("../../docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(string(doc), out.String()) {
		t.Errorf("docs/rules.md is out of date: regenerate its table with \"postlint rules --markdown\"")
	}
}

// TestRulePages keeps docs/rules/ in step with the rules: one page per
// built-in rule (TOML rules, host checks and suppression diagnostics),
// each what "postlint rules --pages" writes, and no page of a rule that
// is gone.
func TestRulePages(t *testing.T) {
	set, err := rules.Load(true)
	if err != nil {
		t.Fatal(err)
	}
	const dir = "../../docs/rules"
	want := map[string]bool{}
	for _, r := range checks.All(set) {
		name := ruledoc.FileName(r.ID)
		want[name] = true
		page, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s has no page: %v (regenerate with \"postlint rules --pages docs/rules\")", r.ID, err)
			continue
		}
		if string(page) != ruledoc.Page(r) {
			t.Errorf("docs/rules/%s is out of date: regenerate with \"postlint rules --pages docs/rules\"", name)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !want[e.Name()] {
			t.Errorf("docs/rules/%s is not the page of a rule", e.Name())
		}
	}
	if len(want) < 100 {
		t.Errorf("only %d rules", len(want))
	}
}

// writePages writes new and changed pages, leaves current ones alone,
// removes the generated pages of rules that are gone and keeps files it
// did not generate.
func TestWritePages(t *testing.T) {
	dir := t.TempDir()
	a := &rules.Rule{ID: "PL901", Name: "a", Title: "A", Severity: "error", Builtin: true}
	b := &rules.Rule{ID: "PL902", Name: "b", Title: "B", Severity: "info", Builtin: true}
	site := &rules.Rule{ID: "SITE1", Name: "s", Title: "S", Severity: "info"}
	files := map[string]string{
		"PL902.md": ruledoc.Page(b),                    // current
		"PL900.md": ruledoc.Marker + "\n\n# PL900 old", // stale, generated
		"notes.md": "# Notes by hand\n",                // not generated
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var log bytes.Buffer
	if err := writePages(&log, dir, []*rules.Rule{a, b, site}); err != nil {
		t.Fatal(err)
	}
	if got, want := log.String(), "postlint: 2 rule pages in "+dir+": 1 written, 1 stale removed\n"; got != want {
		t.Errorf("log %q, want %q", got, want)
	}
	var names []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got, want := strings.Join(names, " "), "PL901.md PL902.md notes.md"; got != want {
		t.Errorf("files %s, want %s", got, want)
	}
	if page, _ := os.ReadFile(filepath.Join(dir, "PL901.md")); string(page) != ruledoc.Page(a) {
		t.Errorf("PL901.md = %q", page)
	}
}
