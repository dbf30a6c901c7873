package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"github.com/urfave/cli/v2"

	"github.com/postlint/postlint/internal/safefile"
	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/baseline"
	"github.com/postlint/postlint/lint/format"
	"github.com/postlint/postlint/lint/load"
	"github.com/postlint/postlint/lint/settings"
	"github.com/postlint/postlint/rules"
)

// baselining is what a run does with a baseline: compare with one
// (--baseline, or the baseline key of .postlint.toml), or write one
// (--write-baseline).
type baselining struct {
	compare *baseline.Baseline // nil when not comparing
	write   string             // the file to write; "" when not writing
	root    string             // what baseline paths are relative to
	cov     *baseline.Coverage
	// ran reports whether a rule ran in this run, so that entries of the
	// others are neither stale nor dropped.
	ran func(id string) bool
}

// checkBaselineFlags rejects combinations that make no sense, before
// anything is linted.
func checkBaselineFlags(c *cli.Context) error {
	if c.String("write-baseline") == "" {
		if c.IsSet("baseline") && c.Bool("diff") {
			return usageError{"--baseline and --diff exclude each other: --diff prints every fix, a baseline filters findings"}
		}
		return nil
	}
	for _, other := range []string{"baseline", "diff", "fix", "output", "format", "show-baselined", "fail-on-stale", "show-url"} {
		if c.IsSet(other) {
			return usageError{fmt.Sprintf("--write-baseline and --%s exclude each other: --write-baseline records the findings and prints none", other)}
		}
	}
	return nil
}

// newBaselining reads the baseline to compare with, if any. A missing or
// malformed baseline is an error, never an empty one: that would pass
// every finding of the repository as new, or worse, report nothing as
// stale. The baseline named by .postlint.toml is reported with that
// file's line.
func newBaselining(c *cli.Context, st *settings.Settings, paths []string) (*baselining, error) {
	file, fromSettings := c.String("write-baseline"), false
	writing := file != ""
	if !writing {
		file = c.String("baseline")
		if file == "" && st != nil && st.Baseline != "" {
			file, fromSettings = st.Baseline, true
		}
	}
	if file == "" {
		for _, needs := range []string{"show-baselined", "fail-on-stale"} {
			if c.Bool(needs) {
				return nil, usageError{fmt.Sprintf("--%s needs a baseline: --baseline FILE, or baseline in .postlint.toml", needs)}
			}
		}
		return nil, nil
	}
	root, err := baselineRoot(st, paths)
	if err != nil {
		return nil, err
	}
	b := &baselining{root: root, cov: baseline.NewCoverage(root, paths, load.IsConfigDir)}
	if writing {
		b.write = file
		return b, nil
	}
	b.compare, err = baseline.Read(file)
	if err != nil {
		if fromSettings {
			return nil, fmt.Errorf("%s:%d: baseline: %w", st.File, st.BaselineLine, err)
		}
		var se *safefile.Error
		if errors.As(err, &se) {
			return nil, fmt.Errorf("--baseline %w", err)
		}
		return nil, err
	}
	return b, nil
}

// baselineRoot is the directory the paths of baseline keys are relative
// to (see baseline.Root).
func baselineRoot(st *settings.Settings, paths []string) (string, error) {
	settingsFile := ""
	if st != nil {
		settingsFile = st.File
	}
	return baseline.Root(settingsFile, paths)
}

// judged reports whether a baseline entry is about what this run
// checked: a file it covered, with a rule that ran.
func (b *baselining) judged(k baseline.Key) bool {
	return b.cov.Covers(k.File) && (b.ran == nil || b.ran(k.Rule))
}

// writeBaseline records the findings of the run. Entries of an existing
// baseline that the run did not judge (files it did not check, rules
// that did not run) are kept, so that a run over part of a repository
// does not drop the rest; an existing file that is not a baseline is an
// error rather than overwritten.
func (b *baselining) writeBaseline(stderr io.Writer, keys []baseline.Key, findings []lint.Finding) error {
	fresh := baseline.Entries(keys, findings)
	entries, kept := fresh, 0
	old, err := baseline.Read(b.write)
	switch {
	case err == nil:
		entries, kept = baseline.Merge(old.Entries, fresh, b.judged)
	case errors.Is(err, fs.ErrNotExist):
	default:
		return fmt.Errorf("%w\npostlint: not overwriting %s, which is not a baseline: remove it to write a new one", err, b.write)
	}
	if err := baseline.Write(b.write, entries); err != nil {
		return err
	}
	msg := fmt.Sprintf("postlint: wrote %s to %s (%s)", count(len(findings), "finding"), b.write, count(len(entries), "entry"))
	if kept > 0 {
		msg += fmt.Sprintf(", keeping %s of files or rules this run did not check", count(kept, "entry"))
	}
	fmt.Fprintln(stderr, format.Escape(msg))
	return nil
}

// baselineResult is a run's findings compared with the baseline.
type baselineResult struct {
	shown  []lint.Finding // what the reports show
	states []baseline.State
	fps    []string // fingerprints of shown
	absent []lint.Finding
	stale  []baseline.Entry
	hidden int // findings in the baseline that are not shown
}

// apply compares the findings with the baseline. Only new findings are
// shown unless show is set, when every finding is, with its state, and
// the stale entries as absent findings.
func (b *baselining) apply(findings []lint.Finding, keys []baseline.Key, fps []string, show bool, byID map[string]*rules.Rule, st *settings.Settings) baselineResult {
	cmp := baseline.Compare(b.compare, keys, b.judged)
	res := baselineResult{stale: cmp.Stale}
	if show {
		res.shown, res.states, res.fps = findings, cmp.States, fps
		for _, e := range cmp.Stale {
			f := lint.Finding{Rule: e.Rule, Severity: entrySeverity(e.Rule, byID, st), File: b.display(e.File), Message: e.Message, Param: e.Param}
			for range e.Count {
				res.absent = append(res.absent, f)
			}
		}
		return res
	}
	for i, f := range findings {
		if cmp.States[i] == baseline.Unchanged {
			res.hidden++
			continue
		}
		res.shown = append(res.shown, f)
		if fps != nil {
			res.fps = append(res.fps, fps[i])
		}
	}
	return res
}

// report tells on standard error what the baseline hid and which of its
// entries are stale.
func (b *baselining) report(stderr io.Writer, res baselineResult, failOnStale bool) {
	name := b.compare.File
	if res.hidden > 0 {
		fmt.Fprintln(stderr, format.Escape(fmt.Sprintf("postlint: baseline %s: %s not shown (--show-baselined shows them)", name, count(res.hidden, "known finding"))))
	}
	if len(res.stale) == 0 {
		return
	}
	n := 0
	for _, e := range res.stale {
		n += e.Count
	}
	what := "no longer found (fixed, or the setting changed)"
	if failOnStale {
		what += "; --fail-on-stale fails the run"
	}
	fmt.Fprintln(stderr, format.Escape(fmt.Sprintf("postlint: baseline %s: %s %s; rewrite it with --write-baseline %s to drop them:",
		name, count(n, "finding"), what, name)))
	for _, e := range res.stale {
		line := "  " + e.File + ": " + e.Rule
		if e.Param != "" {
			line += " " + e.Param
		}
		if e.At != "" && e.At != e.Param {
			line += " at " + e.At
		}
		if e.Count > 1 {
			line += " (" + strconv.Itoa(e.Count) + " times)"
		}
		if e.Message != "" {
			line += ": " + e.Message
		}
		fmt.Fprintln(stderr, format.Escape(line))
	}
}

// display turns a baseline path into one like the paths of findings:
// relative to the working directory when it is below it.
func (b *baselining) display(file string) string {
	abs := filepath.Join(b.root, filepath.FromSlash(file))
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, abs); err == nil && filepath.IsLocal(rel) {
			return rel
		}
	}
	return abs
}

// entrySeverity is the severity a finding of rule id has in this run.
func entrySeverity(id string, byID map[string]*rules.Rule, st *settings.Settings) lint.Severity {
	sev := lint.Warning
	name := ""
	if r := byID[id]; r != nil {
		if s, err := lint.ParseSeverity(r.Severity); err == nil {
			sev = s
		}
		name = r.Name
	}
	sev, _ = st.Severity(id, name, sev)
	return sev
}

// count says "1 finding", "2 findings", "2 entries".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if noun[len(noun)-1] == 'y' {
		return strconv.Itoa(n) + " " + noun[:len(noun)-1] + "ies"
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
