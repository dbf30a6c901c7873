package realworld

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/load"
	"github.com/postlint/postlint/lint/postconf"
	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/rules"
)

// corpus is the shared folder, seen from this directory.
const corpus = "../../../shared/realworld"

// requireCorpus returns the configuration directories of the corpus. The
// test fails without the folder in CI and skips elsewhere.
func requireCorpus(t *testing.T) []string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(corpus, "LABELS.tsv")); errors.Is(err, fs.ErrNotExist) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing: the real-world tests must run in CI", corpus)
		}
		t.Skipf("%s is missing (it lives beside the repository, in shared/realworld)", corpus)
	}
	entries, err := os.ReadDir(corpus)
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, e.Name())
		}
	}
	if len(dirs) < 50 {
		t.Fatalf("only %d configurations in %s", len(dirs), corpus)
	}
	return dirs
}

// tsvRows reads a tab-separated file of the corpus, without its header.
func tsvRows(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(corpus, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for first := true; sc.Scan(); first = false {
		if !first {
			rows = append(rows, strings.Split(sc.Text(), "\t"))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// targets maps each configuration to the release it targets
// (VERSIONS.tsv; "-" means the newest).
func targets(t *testing.T) map[string]postfix.Version {
	out := make(map[string]postfix.Version)
	for _, row := range tsvRows(t, "VERSIONS.tsv") {
		v := postfix.Newest
		if row[1] != "-" && row[1] != "default" {
			var err error
			if v, err = postfix.ParseVersion(row[1]); err != nil {
				t.Fatalf("VERSIONS.tsv: %s: %v", row[0], err)
			}
		}
		out[row[0]] = v
	}
	return out
}

// lintDir lints one configuration of the corpus at its target release.
func lintDir(t *testing.T, set *rules.Set, dir string, v postfix.Version) (*load.Config, []lint.Finding) {
	t.Helper()
	cfg, err := load.Dir(filepath.Join(corpus, dir))
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	in := lint.Input{Dir: cfg.Dir, Main: cfg.Main, Master: cfg.Master, Version: v}
	found, err := lint.Run(in, set, lint.Options{})
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	return cfg, found
}

// location is a finding's place as LABELS.tsv writes it.
func location(f lint.Finding) string {
	return fmt.Sprintf("%s:%d:%d", filepath.Base(f.File), f.Start.Line, f.Start.Column)
}

// TestLabels lints every configuration at its target release: no finding
// labelled F (a false alarm) may come back, every T (a real problem) must
// stay, and where Postfix refuses the configuration an error finding must
// say why.
func TestLabels(t *testing.T) {
	dirs := requireCorpus(t)
	set, err := rules.Load(true)
	if err != nil {
		t.Fatal(err)
	}
	vs := targets(t)
	found := make(map[string]map[string]bool) // dir → "rule location"
	counts := map[lint.Severity]int{}
	for _, dir := range dirs {
		v, ok := vs[dir]
		if !ok {
			t.Fatalf("%s has no target release in VERSIONS.tsv", dir)
		}
		cfg, findings := lintDir(t, set, dir, v)
		found[dir] = make(map[string]bool)
		hasError := false
		for _, f := range findings {
			found[dir][f.Rule+" "+location(f)] = true
			counts[f.Severity]++
			hasError = hasError || f.Severity == lint.Error
		}
		if err := (postconf.Config{Main: cfg.Main, Master: cfg.Master}).Check(); err != nil && !hasError {
			t.Errorf("%s: Postfix refuses it (%v), but no error finding says so", dir, err)
		}
	}
	var trueOnes, falseOnes int
	for _, row := range tsvRows(t, "LABELS.tsv") {
		dir, rule, loc, class := row[0], row[2], row[4], row[7]
		if _, ok := found[dir]; !ok {
			t.Errorf("LABELS.tsv names %s, which is not in the corpus", dir)
			continue
		}
		got := found[dir][rule+" "+loc]
		switch class {
		case "F":
			falseOnes++
			if got {
				t.Errorf("%s: %s at %s came back, but it is labelled a false alarm: %s", dir, rule, loc, row[8])
			}
		case "T":
			trueOnes++
			if !got {
				t.Errorf("%s: %s at %s is a real problem (%s), but postlint no longer reports it", dir, rule, loc, row[8])
			}
		}
	}
	if trueOnes == 0 || falseOnes == 0 {
		t.Errorf("LABELS.tsv has %d T and %d F labels: the test checks nothing", trueOnes, falseOnes)
	}
	t.Logf("%d configurations: %d errors, %d warnings, %d infos", len(dirs), counts[lint.Error], counts[lint.Warning], counts[lint.Info])
}

// TestPostconf compares postlint's postconf emulation with the real
// postconf -n and -M for every configuration the real postconf accepts.
func TestPostconf(t *testing.T) {
	dirs := requireCorpus(t)
	bin := lookPostconf(t)
	type outcome struct {
		dir       string
		n, m      []byte
		nOK, mOK  bool
		runErrors error
	}
	results := make([]outcome, len(dirs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 16) // postconf sleeps a second before a fatal exit
	for i, dir := range dirs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			work := copyDir(t, filepath.Join(corpus, dir))
			o := outcome{dir: dir}
			o.n, o.nOK, o.runErrors = postconfOut(bin, work, "-n")
			if o.runErrors == nil {
				o.m, o.mOK, o.runErrors = postconfOut(bin, work, "-M")
			}
			results[i] = o
		}()
	}
	wg.Wait()
	compared := 0
	for _, o := range results {
		if o.runErrors != nil {
			t.Errorf("%s: %v", o.dir, o.runErrors)
			continue
		}
		cfg, err := load.Dir(filepath.Join(corpus, o.dir))
		if err != nil {
			t.Fatal(err)
		}
		pc := postconf.Config{Main: cfg.Main, Master: cfg.Master}
		if o.nOK {
			compared++
			got, err := pc.ShowMain()
			if want := dropConfigDirectory(o.n); err != nil || !bytes.Equal(got, want) {
				t.Errorf("%s: postlint config differs from postconf -n (error %v)\n--- got\n%s--- want\n%s", o.dir, err, got, want)
			}
		}
		if o.mOK && cfg.Master != nil {
			got, err := pc.ShowMaster()
			if err != nil || !bytes.Equal(got, o.m) {
				t.Errorf("%s: postlint config -M differs from postconf -M (error %v)\n--- got\n%s--- want\n%s", o.dir, err, got, o.m)
			}
		}
	}
	t.Logf("postconf -n and -M compared for %d of %d configurations (postconf refuses the others)", compared, len(dirs))
	if compared < len(dirs)/2 {
		t.Errorf("postconf accepted only %d of %d configurations", compared, len(dirs))
	}
}

// dropConfigDirectory removes the config_directory line that "postconf
// -c DIR -n" adds (postlint config leaves it out).
func dropConfigDirectory(b []byte) []byte {
	var out []byte
	for _, line := range bytes.SplitAfter(b, []byte("\n")) {
		if !bytes.HasPrefix(line, []byte("config_directory = ")) {
			out = append(out, line...)
		}
	}
	return out
}

// lookPostconf finds the real postconf; without it the test is skipped,
// except in CI.
func lookPostconf(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"postconf", "/usr/sbin/postconf"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("postconf(1) not found: install Postfix to run this test")
	}
	t.Skip("postconf(1) not found")
	return ""
}

// copyDir copies main.cf and master.cf (an empty file where there is
// none: postconf -M needs both) to a new directory and back-dates them,
// since postconf rereads files changed within the last second.
func copyDir(t *testing.T, dir string) string {
	work := t.TempDir()
	old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, name := range []string{"main.cf", "master.cf"} {
		src, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Error(err)
		}
		p := filepath.Join(work, name)
		if err := os.WriteFile(p, src, 0o644); err != nil {
			t.Error(err)
		}
		if err := os.Chtimes(p, old, old); err != nil {
			t.Error(err)
		}
	}
	return work
}

// postconfOut runs "postconf -c dir flag" and returns its output and
// whether it succeeded.
func postconfOut(bin, dir, flag string) ([]byte, bool, error) {
	var out, errOut bytes.Buffer
	cmd := exec.Command(bin, "-c", dir, flag)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return nil, false, err
	}
	return out.Bytes(), err == nil, nil
}
