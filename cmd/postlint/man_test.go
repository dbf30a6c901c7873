package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The manual page renders with man(1) without warnings and has the
// sections a manual page has, every option and command, and true
// defaults.
func TestManPage(t *testing.T) {
	if _, err := exec.LookPath("man"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("man not installed (CI=true; .ci/run installs man-db): %v", err)
		}
		t.Skip("man not installed")
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"postlint", "man"}, &out, &errOut); code != 0 {
		t.Fatalf("postlint man: exit %d: %s", code, errOut.String())
	}
	page := filepath.Join(t.TempDir(), "postlint.1")
	if err := os.WriteFile(page, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("man", "--warnings", "-l", page)
	cmd.Env = append(os.Environ(), "MANWIDTH=100", "MANPAGER=cat", "PAGER=cat", "MAN_KEEP_FORMATTING=")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	rendered, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("man -l: %v\n%s", err, stderr.String())
	}
	text := string(rendered)
	for _, want := range []string{"NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "EXIT STATUS",
		"ENVIRONMENT", "FILES", "EXAMPLES", "SEE ALSO", "NO_COLOR", ".postlint.toml", "postconf(5)",
		"--color WHEN", "(default: auto)", "--fail-level SEVERITY", "(default: warning)", "--format, -f FORMAT",
		"--output FILE", "--baseline FILE", "--write-baseline FILE", "--docs-url URL", "POSTLINT_DOCS_URL", "postlint-baseline.json"} {
		if !strings.Contains(text, want) {
			t.Errorf("the manual page lacks %q", want)
		}
	}
	for _, bad := range []string{"help, h", `--color=""`, "{{"} {
		if strings.Contains(text, bad) {
			t.Errorf("the manual page has %q", bad)
		}
	}
	app := newApp(&out, &errOut)
	for _, f := range app.Flags {
		if !strings.Contains(text, "--"+f.Names()[0]) {
			t.Errorf("the manual page does not list --%s", f.Names()[0])
		}
	}
	for _, c := range app.Commands {
		if !strings.Contains(text, "postlint "+c.Name) {
			t.Errorf("the manual page does not list the command %s", c.Name)
		}
	}
}

// --version and the version command say the same.
func TestVersionText(t *testing.T) {
	var a, b, e bytes.Buffer
	run([]string{"postlint", "--version"}, &a, &e)
	run([]string{"postlint", "version"}, &b, &e)
	if a.String() != b.String() || !strings.HasPrefix(a.String(), "postlint ") {
		t.Errorf("--version %q, version %q", a.String(), b.String())
	}
}

// A clean run says so on a terminal (standard error), and prints nothing
// for scripts.
func TestCleanRunSummary(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.cf"), []byte("compatibility_level = 3.6\nmyhostname = mx.example.com\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, terminal := range []bool{false, true} {
		old := isTerminal
		isTerminal = func(io.Writer) bool { return terminal }
		var out, errOut bytes.Buffer
		code := run([]string{"postlint", "--no-config", "--postfix-version", "3.7", dir}, &out, &errOut)
		isTerminal = old
		if code != 0 || out.Len() != 0 {
			t.Fatalf("terminal %v: exit %d, stdout %q, stderr %q", terminal, code, out.String(), errOut.String())
		}
		want := ""
		if terminal {
			want = "postlint: checked " + dir + " for Postfix 3.7.22: no findings\n"
		}
		if errOut.String() != want {
			t.Errorf("terminal %v: stderr %q, want %q", terminal, errOut.String(), want)
		}
	}
}
