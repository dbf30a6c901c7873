package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// badConfig is a configuration with one error (PL201).
const badConfig = "compatibility_level = 3.6\nmyhostname = mx.example.com\nrelayhost = [relay.example.net]:465\n"

// One run writes GitHub annotations to standard output and SARIF and
// Checkstyle to files; -f and --format are the same repeatable flag.
func TestOutputPairs(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, "mx/main.cf", badConfig)
	if err := os.Mkdir("out", 0o755); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := postlint("--no-config", "-f", "github", "-f", "sarif", "-f", "checkstyle",
		"--output", "-", "--output", "out/postlint.sarif", "--output", "checkstyle.xml", "mx")
	if code != 1 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if !strings.HasPrefix(out, "::error file=mx/main.cf,line=3,") || strings.Count(out, "\n") != 1 {
		t.Errorf("stdout %q, want one GitHub annotation", out)
	}
	var sarif struct {
		Runs []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
			} `json:"results"`
		} `json:"runs"`
	}
	src, err := os.ReadFile("out/postlint.sarif")
	if err == nil {
		err = json.Unmarshal(src, &sarif)
	}
	if err != nil || len(sarif.Runs) != 1 || len(sarif.Runs[0].Results) != 1 || sarif.Runs[0].Results[0].RuleID != "PL201" {
		t.Errorf("out/postlint.sarif: %v %+v", err, sarif)
	}
	if xml, err := os.ReadFile("checkstyle.xml"); err != nil || !strings.Contains(string(xml), `<file name="mx/main.cf">`) {
		t.Errorf("checkstyle.xml: %v\n%s", err, xml)
	}

	// One format without --output goes to standard output, as before.
	if code, out, _ := postlint("--no-config", "--format", "json", "mx"); code != 1 || !strings.Contains(out, `"rule": "PL201"`) {
		t.Errorf("--format json: exit %d, stdout %q", code, out)
	}
	// --show-url ends each line of text with the rule's page.
	if _, out, _ := postlint("--no-config", "--show-url", "--docs-url", "https://docs.example.org/rules", "mx"); !strings.HasSuffix(out, "[PL201] https://docs.example.org/rules/PL201.md\n") {
		t.Errorf("--show-url: %q", out)
	}
}

// An output file that cannot be written is an error naming it; the
// other outputs are still written, and no partial file is left.
func TestOutputUnwritable(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, "mx/main.cf", badConfig)
	writeFile(t, "blocker", "a file, not a directory\n")
	code, out, errOut := postlint("--no-config", "-f", "sarif", "-f", "json", "--output", "blocker/postlint.sarif", "--output", "ok.json", "mx")
	if code != 2 || out != "" || !strings.Contains(errOut, "postlint: --output blocker/postlint.sarif: ") {
		t.Errorf("exit %d, stdout %q, stderr %q; want 2 and the file named", code, out, errOut)
	}
	if src, err := os.ReadFile("ok.json"); err != nil || !strings.Contains(string(src), "PL201") {
		t.Errorf("ok.json: %v %q", err, src)
	}
	entries, _ := os.ReadDir(".")
	for _, e := range entries {
		if !map[string]bool{"mx": true, "blocker": true, "ok.json": true}[e.Name()] {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// Flag combinations that cannot work are usage errors (exit 2) before
// anything is checked or written.
func TestOutputAndBaselineUsage(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, "mx/main.cf", badConfig)
	writeFile(t, "b.json", "{\"version\": 1, \"entries\": []}\n")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-f", "github", "-f", "sarif"}, "--format is given 2 times"},
		{[]string{"-f", "sarif", "--output", "a.sarif", "--output", "b.sarif"}, "2 --output for 1 --format"},
		{[]string{"-f", "sarif", "-f", "json", "--output", "a", "--output", "./a"}, "--output ./a is given twice"},
		{[]string{"-f", "sarif", "--output", ""}, "--output: empty file name"},
		{[]string{"-f", "yaml", "--output", "x"}, `unknown format "yaml"`},
		{[]string{"--write-baseline", "w.json", "--format", "json"}, "--write-baseline and --format exclude each other"},
		{[]string{"--write-baseline", "w.json", "-f", "json"}, "--write-baseline and --format exclude each other"},
		{[]string{"--diff", "--output", "x"}, "--diff and --output exclude each other"},
		{[]string{"--write-baseline", "w.json", "--baseline", "b.json"}, "--write-baseline and --baseline exclude each other"},
		{[]string{"--write-baseline", "w.json", "--fix"}, "--write-baseline and --fix exclude each other"},
		{[]string{"--baseline", "b.json", "--diff"}, "--baseline and --diff exclude each other"},
		{[]string{"--show-baselined"}, "--show-baselined needs a baseline"},
		{[]string{"--fail-on-stale"}, "--fail-on-stale needs a baseline"},
	} {
		code, out, errOut := postlint(append(append([]string{"--no-config"}, tc.args...), "mx")...)
		if code != 2 || out != "" || !strings.Contains(errOut, tc.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2 and %q", tc.args, code, out, errOut, tc.want)
		}
	}
	for _, name := range []string{"a", "a.sarif", "b.sarif", "x", "w.json"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			t.Errorf("a usage error wrote %s", name)
		}
	}
}

// --write-baseline does not overwrite a file that is not a baseline,
// and writes nothing when a configuration could not be read.
func TestWriteBaselineRefuses(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, "hosts/mx/main.cf", badConfig)
	writeFile(t, "notes.json", "{\"hello\": 1}\n")
	code, _, errOut := postlint("--no-config", "--write-baseline", "notes.json", "hosts")
	if src, _ := os.ReadFile("notes.json"); code != 2 || string(src) != "{\"hello\": 1}\n" || !strings.Contains(errOut, "not overwriting notes.json") {
		t.Errorf("exit %d, stderr %q, notes.json %q", code, errOut, src)
	}
	writeFile(t, "hosts/mx2/main.cf", "x = 1\n")
	if err := os.Chmod("hosts/mx2/main.cf", 0); err != nil {
		t.Fatal(err)
	}
	if os.Getuid() == 0 {
		t.Skip("root reads unreadable files")
	}
	code, _, errOut = postlint("--no-config", "--write-baseline", "b.json", "hosts")
	if _, err := os.Stat("b.json"); code != 2 || err == nil || !strings.Contains(errOut, "not writing the baseline b.json: 1 configuration could not be checked") {
		t.Errorf("unreadable configuration: exit %d, stderr %q, b.json written: %v", code, errOut, err == nil)
	}
}

// The CI commands of the README work: every "postlint --..." command up
// to its "hosts/" runs on a repository of hosts with findings, exits 0
// or 1, and writes each --output file.
func TestREADMECommands(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, "hosts/mx1/main.cf", badConfig)
	writeFile(t, "hosts/mx2/main.cf", "compatibility_level = 3.6\nmyhostname = mx2.example.com\n")
	text := strings.ReplaceAll(string(readme), "\\\n", " ")
	n := 0
	command := regexp.MustCompile(`postlint"? --`) // "$(go env GOPATH)/bin/postlint" in Jenkins
	for rest := text; ; {
		loc := command.FindStringIndex(rest)
		if loc == nil {
			break
		}
		rest = rest[loc[1]-len("--"):]
		end := strings.Index(rest, "hosts/")
		if end < 0 || strings.Contains(rest[:end], "`") {
			continue // prose, not a command over the hosts
		}
		args := strings.Fields(rest[:end])
		rest = rest[end:]
		n++
		t.Logf("postlint %s hosts/", strings.Join(args, " "))
		code, _, errOut := postlint(append(args, "hosts/")...)
		if code != 0 && code != 1 {
			t.Errorf("postlint %s hosts/: exit %d: %s", strings.Join(args, " "), code, errOut)
		}
		for i, a := range args {
			if a == "--output" && i+1 < len(args) && args[i+1] != "-" {
				if st, err := os.Stat(args[i+1]); err != nil || st.Size() == 0 {
					t.Errorf("postlint %s hosts/ did not write %s: %v", strings.Join(args, " "), args[i+1], err)
				}
			}
		}
	}
	if n < 4 {
		t.Errorf("found %d commands in the README, want the GitHub, GitLab, Jenkins and baseline ones", n)
	}
}
