package rules_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/postlint/postlint/fix"
	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/model"
	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/lint/syntax"
	"github.com/postlint/postlint/rules"
)

// Fix golden files. A case may hold the files as fix.Run leaves them:
// "main.cf.golden" and "master.cf.golden" with the safe fixes,
// "unsafe.main.cf.golden" and "unsafe.master.cf.golden" with unsafe
// fixes allowed too. When a case has a golden file of a mode, every
// file of the case that has none must stay unchanged in that mode.
// With -update-golden the golden files a case already has are rewritten
// (add an empty section to get one, then review it); -update, which
// rewrites the want files, leaves them alone.

var updateGolden = flag.Bool("update-golden", false, "rewrite the golden files that rules/testdata/*.txtar cases already have with what fix.Run gives")

// fixMode is one way of running the fixer.
type fixMode struct {
	prefix string // of the golden file names
	unsafe bool
}

var fixModes = []fixMode{{"", false}, {"unsafe.", true}}

// debianCABundle is the CA bundle the host-mode cases expect.
const debianCABundle = "/etc/ssl/certs/ca-certificates.crt"

// goldenOf returns the file a golden file is the fixed version of
// ("main.cf" for "unsafe.main.cf.golden") and whether it belongs to mode
// m; ok is false for other files.
func goldenOf(name string, m fixMode) (base string, ok bool) {
	name, golden := strings.CutSuffix(name, ".golden")
	if !golden {
		return "", false
	}
	base, unsafe := strings.CutPrefix(name, "unsafe.")
	return base, unsafe == m.unsafe
}

// goldens returns the golden files of mode m, by the name of the file
// they are the fixed version of.
func goldens(ar *txtar.Archive, m fixMode) map[string][]byte {
	out := map[string][]byte{}
	for _, f := range ar.Files {
		if base, ok := goldenOf(f.Name, m); ok {
			out[base] = f.Data
		}
	}
	return out
}

// skipHostCase skips a host-mode case on a host whose CA bundle is not
// the Debian one that the case's golden files name.
func skipHostCase(t *testing.T, in lint.Input) {
	t.Helper()
	if !in.Host {
		return
	}
	env := model.Build(model.Input{Main: syntax.ParseMain("main.cf", nil), Host: true}).Env()
	if got := env.CABundle(); got != debianCABundle {
		t.Skipf("host-mode case expects the CA bundle %s; this host has %q", debianCABundle, got)
	}
}

// fixCase runs the fixer on a case in mode m.
func fixCase(t *testing.T, set *rules.Set, in lint.Input, m fixMode) *fix.Result {
	t.Helper()
	res, err := fix.Run(in, set, lint.Options{}, fix.Options{Unsafe: m.unsafe})
	if err != nil {
		t.Fatalf("fix.Run: %v", err)
	}
	return res
}

// TestFixGolden applies the fixes of every case with golden files and
// compares the result; it also checks that the unified diff reproduces
// the result with patch -p1, that a second run changes nothing, and that
// no fix is left over because of a conflict.
func TestFixGolden(t *testing.T) {
	set := loadBuiltin(t)
	for _, file := range caseFiles(t, "testdata") {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range fixModes {
			want := goldens(ar, m)
			if len(want) == 0 {
				continue
			}
			name := strings.TrimSuffix(filepath.Base(file), ".txtar")
			t.Run(m.prefix+name, func(t *testing.T) {
				in := caseInput(t, ar)
				skipHostCase(t, in)
				res := fixCase(t, set, in, m)
				if *updateGolden {
					updateGoldens(t, file, ar, m, res)
					return
				}
				for _, f := range res.Files {
					g, ok := want[f.Name]
					switch {
					case !ok && f.Changed():
						t.Errorf("fixes change %s, but the case has no %s%s.golden:\n%s", f.Name, m.prefix, f.Name, fix.Unified(f.Name, f.Before, f.After))
					case ok && !bytes.Equal(f.After, g):
						t.Errorf("%s after fixing differs from %s%s.golden\n--- got\n%s--- diff from the golden to what fix.Run gives\n%s", f.Name, m.prefix, f.Name, f.After, fix.Unified(f.Name, g, f.After))
					}
					checkPatch(t, f)
				}
				for name := range want {
					if !hasFile(res, name) {
						t.Errorf("%s%s.golden, but the case has no %s", m.prefix, name, name)
					}
				}
				for _, c := range res.Conflicts {
					t.Errorf("fix still conflicts after the last round: %s", c)
				}
				checkIdempotent(t, set, in, res, m)
			})
		}
	}
}

func hasFile(res *fix.Result, name string) bool {
	for _, f := range res.Files {
		if f.Name == name {
			return true
		}
	}
	return false
}

// updateGoldens rewrites the golden files of mode m that a case
// already has.
func updateGoldens(t *testing.T, file string, ar *txtar.Archive, m fixMode, res *fix.Result) {
	t.Helper()
	for i := range ar.Files {
		base, ok := goldenOf(ar.Files[i].Name, m)
		if !ok {
			continue
		}
		for _, f := range res.Files {
			if f.Name == base {
				ar.Files[i].Data = f.After
			}
		}
	}
	if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkPatch checks that the unified diff of f, applied with the real
// patch -p1, turns the original into the fixed file.
func checkPatch(t *testing.T, f *fix.File) {
	t.Helper()
	if !f.Changed() {
		return
	}
	bin, err := exec.LookPath("patch")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("patch(1) not found")
		}
		t.Log("patch(1) not found: diff not checked")
		return
	}
	dir := t.TempDir()
	path := filepath.Join(dir, f.Name)
	if err := os.WriteFile(path, f.Before, 0o644); err != nil {
		t.Fatal(err)
	}
	d := fix.Unified(f.Name, f.Before, f.After)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-p1", "--quiet")
	cmd.Dir, cmd.Stdin = dir, strings.NewReader(d)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("patch -p1 failed: %v\n%s\n%s", err, out, d)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, f.After) {
		t.Errorf("patch -p1 gives %q, fix.Run %q; diff:\n%s", got, f.After, d)
	}
}

// checkIdempotent runs the fixer again on its own result: nothing may
// change.
func checkIdempotent(t *testing.T, set *rules.Set, in lint.Input, res *fix.Result, m fixMode) {
	t.Helper()
	again := reparsed(in, res)
	res2 := fixCase(t, set, again, m)
	for _, f := range res2.Files {
		if f.Changed() {
			t.Errorf("a second run changes %s again:\n%s", f.Name, fix.Unified(f.Name, f.Before, f.After))
		}
	}
}

// reparsed returns in with the fixed files of res.
func reparsed(in lint.Input, res *fix.Result) lint.Input {
	for _, f := range res.Files {
		if f.Kind == syntax.MainCF {
			in.Main = syntax.ParseMain(f.Name, f.After)
		} else {
			in.Master = syntax.ParseMaster(f.Name, f.After)
		}
	}
	return in
}

// TestFixCoverage fails for a built-in rule with a fix that no case's
// golden files show: in some case with a golden file, the fixer must
// apply the rule's fix.
func TestFixCoverage(t *testing.T) {
	set := loadBuiltin(t)
	fixed := map[string]bool{}
	for _, file := range caseFiles(t, "testdata") {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range fixModes {
			if len(goldens(ar, m)) == 0 {
				continue
			}
			in := caseInput(t, ar)
			if in.Host {
				continue // may be skipped on this host
			}
			for _, f := range fixCase(t, set, in, m).Fixed {
				fixed[f.Rule] = true
			}
		}
	}
	for _, r := range set.Rules() {
		if len(r.Fixes) > 0 && !fixed[r.ID] {
			t.Errorf("%s (%s:%d) has a fix, but no rules/testdata case with a golden file applies it", r.ID, r.File, r.Line)
		}
	}
}

// TestFixWhen checks that when offers a fix only where it holds, on a
// user rule with two alternative fixes.
func TestFixWhen(t *testing.T) {
	src := `
[[rule]]
id = "W1"
name = "w-relay"
title = "relayhost"
severity = "info"
scope = "config"
condition = 'Main.Set("relayhost")'
message = "relayhost"
[[rule.fix]]
title = "587"
safe = true
when = 'Main.Get("relayhost") endsWith ":465"'
[[rule.fix.edit]]
action = "set"
param = "smtp_tls_wrappermode"
value = "yes"
[[rule.fix]]
title = "other"
safe = true
when = '!(Main.Get("relayhost") endsWith ":465")'
[[rule.fix.edit]]
action = "set"
param = "smtp_tls_wrappermode"
value = "no"
`
	set, err := rules.LoadSources(rules.Source{Name: "w.toml", Data: []byte(src)})
	if err != nil {
		t.Fatal(err)
	}
	for relay, want := range map[string]string{"[r]:465": "587", "[r]:587": "other"} {
		in := lint.Input{Main: syntax.ParseMain("main.cf", []byte("relayhost = "+relay+"\n"))}
		fs, err := lint.Run(in, set, lint.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(fs) != 1 || len(fs[0].Fixes) != 1 || fs[0].Fixes[0].Title != want {
			t.Errorf("relayhost %s: findings %+v, want one fix %q", relay, fs, want)
		}
	}
}

// TestFixWhenStrict checks that a bad when is a load error naming the
// rule and the line.
func TestFixWhenStrict(t *testing.T) {
	head := "[[rule]]\nid = \"W1\"\nname = \"w\"\ntitle = \"t\"\nseverity = \"info\"\nscope = \"config\"\ncondition = 'true'\nmessage = \"m\"\n[[rule.fix]]\ntitle = \"f\"\n"
	edit := "[[rule.fix.edit]]\naction = \"delete\"\nparam = \"x\"\n"
	for _, c := range []struct{ toml, want string }{
		{"when = 'Main.Get(\"x\")'\n", "w.toml:11: rule W1: fix when:"},
		{"when = 'Route.Port == 465'\n", "Route is nil in scope"},
		{"when = 3\n", "when"},
		{"condition_when = 'true'\n", `unknown key "rule.fix.condition_when"`},
	} {
		_, err := rules.LoadSources(rules.Source{Name: "w.toml", Data: []byte(head + c.toml + edit)})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want it to contain %q", c.toml, err, c.want)
		}
	}
}

// postconfBin returns the real postconf(1), or "" (and skips, or fails
// in CI) when Postfix is not installed.
func postconfBin(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"postconf", "/usr/sbin/postconf"} {
		if bin, err := exec.LookPath(p); err == nil {
			return bin
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("postconf(1) not found: install Postfix")
	}
	t.Skip("postconf(1) not found")
	return ""
}

// installedVersion asks postconf for the installed release.
func installedVersion(t *testing.T, bin string) postfix.Version {
	t.Helper()
	out, err := exec.Command(bin, "-d", "-h", "mail_version").Output()
	if err != nil {
		t.Fatalf("postconf -d -h mail_version: %v", err)
	}
	v, err := postfix.ParseVersion(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestFixPostconfWarnings applies the fixes of every case, safe and
// unsafe, and checks that the real postconf -n (and -M, with a
// master.cf) prints no warning for the fixed files that it does not
// print for the original ones. A case for a release newer than the
// installed Postfix is fixed for the installed release instead: a newer
// release's parameters are unknown to the older postconf.
func TestFixPostconfWarnings(t *testing.T) {
	bin := postconfBin(t)
	installed := installedVersion(t, bin)
	set := loadBuiltin(t)
	type run struct {
		name          string
		before, after [2][]byte // main.cf, master.cf; nil when absent
	}
	var runs []run
	for _, file := range caseFiles(t, "testdata") {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		in := caseInput(t, ar)
		if installed.Less(in.Version) {
			in.Version = installed
		}
		for _, m := range fixModes {
			res := fixCase(t, set, in, m)
			r := run{name: m.prefix + strings.TrimSuffix(filepath.Base(file), ".txtar")}
			changed := false
			for _, f := range res.Files {
				i := 0
				if f.Kind == syntax.MasterCF {
					i = 1
				}
				r.before[i], r.after[i] = f.Before, f.After
				changed = changed || f.Changed()
			}
			if changed {
				runs = append(runs, r)
			}
		}
	}
	if len(runs) == 0 {
		t.Fatal("no case has a fix")
	}
	// postconf sleeps a second before a fatal exit: run many at once.
	var wg sync.WaitGroup
	sem := make(chan struct{}, 16)
	type outcome struct{ before, after []string }
	results := make([]outcome, len(runs))
	for i, r := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i] = outcome{postconfWarnings(t, bin, r.before), postconfWarnings(t, bin, r.after)}
		}()
	}
	wg.Wait()
	for i, r := range runs {
		if added := newLines(results[i].before, results[i].after); len(added) > 0 {
			t.Errorf("%s: postconf warns about the fixed configuration:\n%s\nfixed main.cf:\n%s\nfixed master.cf:\n%s",
				r.name, strings.Join(added, "\n"), r.after[0], r.after[1])
		}
	}
}

// postconfWarnings writes a configuration to a new directory, runs
// postconf -n (and -M when there is a master.cf) on it and returns the
// lines of standard error, with the directory replaced by "DIR". A
// failing postconf adds a line "exit: ...".
func postconfWarnings(t *testing.T, bin string, files [2][]byte) []string {
	dir, err := os.MkdirTemp("", "postlint-fixcheck-")
	if err != nil {
		t.Error(err)
		return nil
	}
	defer os.RemoveAll(dir)
	// Postfix reads a main.cf changed within the last second again and
	// again until it is older: back-date the files.
	old := time.Now().Add(-time.Hour)
	flags := []string{"-n"}
	for i, name := range []string{"main.cf", "master.cf"} {
		if files[i] == nil && i == 1 {
			continue
		}
		if i == 1 {
			flags = append(flags, "-M")
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, files[i], 0o644); err != nil {
			t.Error(err)
			return nil
		}
		if err := os.Chtimes(path, old, old); err != nil {
			t.Error(err)
			return nil
		}
	}
	var lines []string
	for _, flag := range flags {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		var stderr bytes.Buffer
		cmd := exec.CommandContext(ctx, bin, "-c", dir, flag)
		cmd.Stderr = &stderr
		err := cmd.Run()
		cancel()
		for _, l := range strings.Split(strings.ReplaceAll(stderr.String(), dir, "DIR"), "\n") {
			if l != "" {
				lines = append(lines, l)
			}
		}
		if err != nil {
			lines = append(lines, "exit: postconf "+flag+": "+err.Error())
		}
	}
	return lines
}

// newLines returns the lines of after that before does not have (as a
// multiset), sorted.
func newLines(before, after []string) []string {
	count := map[string]int{}
	for _, l := range before {
		count[l]++
	}
	var out []string
	for _, l := range after {
		if count[l] > 0 {
			count[l]--
			continue
		}
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// TestCABundleFix checks the two fixes of PL206: in host mode a safe
// one naming the bundle that exists, else an unsafe one that names the
// Debian path and says that it is a guess.
func TestCABundleFix(t *testing.T) {
	set := loadBuiltin(t)
	main := syntax.ParseMain("main.cf", []byte("relayhost = [smtp.example.com]:587\nsmtp_tls_security_level = secure\n"))
	for _, host := range []bool{false, true} {
		in := lint.Input{Main: main, Host: host}
		bundle := model.Build(model.Input{Main: main, Host: host}).Env().CABundle()
		if host && bundle == "" {
			t.Log("no system CA bundle on this host: host mode not checked")
			continue
		}
		var fixes []lint.Fix
		found, err := lint.Run(in, set, lint.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range found {
			if f.Rule == "PL206" {
				fixes = append(fixes, f.Fixes...)
			}
		}
		if len(fixes) != 1 || len(fixes[0].Edits) != 1 {
			t.Fatalf("host=%v: fixes %+v, want one fix with one edit", host, fixes)
		}
		fx := fixes[0]
		switch {
		case host && (!fx.Safe || !strings.Contains(fx.Edits[0].New, bundle) || !strings.Contains(fx.Title, bundle)):
			t.Errorf("host mode: fix %+v, want a safe fix setting %s", fx, bundle)
		case !host && (fx.Safe || !strings.Contains(fx.Edits[0].New, debianCABundle) || !strings.Contains(fx.Title, "Debian/Ubuntu path")):
			t.Errorf("repository mode: fix %+v, want an unsafe fix naming the Debian path", fx)
		}
	}
}

// TestPostconfWarningsSeen checks the warning comparison itself: a
// configuration that adds an unknown parameter must show a new warning.
func TestPostconfWarningsSeen(t *testing.T) {
	bin := postconfBin(t)
	before := [2][]byte{[]byte("compatibility_level = 3.6\n"), nil}
	after := [2][]byte{[]byte("compatibility_level = 3.6\nno_such_parameter = 1\n"), nil}
	added := newLines(postconfWarnings(t, bin, before), postconfWarnings(t, bin, after))
	if len(added) == 0 || !strings.Contains(strings.Join(added, "\n"), "unused parameter: no_such_parameter=1") {
		t.Errorf("new warnings %q, want the unused parameter", added)
	}
}
