package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/postlint/postlint/fix"
	"github.com/postlint/postlint/lint/format"
)

// diffName is the path a diff header names: relative to the working
// directory where possible, so that "patch -p1" and "git apply" find it.
func diffName(path string) string {
	if filepath.IsAbs(path) {
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, path); err == nil && !strings.HasPrefix(rel, "..") {
				path = rel
			}
		}
	}
	return strings.TrimPrefix(filepath.ToSlash(filepath.Clean(path)), "/")
}

// printDiffs prints the fixes of every result as one unified diff. It
// exits 1 when there is something to change, 2 on errors.
func printDiffs(c *cli.Context, results []result) error {
	code := exitClean
	for _, r := range results {
		if r.err != nil {
			fmt.Fprintln(c.App.ErrWriter, "postlint: "+format.Escape(r.err.Error()))
			code = exitError
			continue
		}
		for _, f := range r.fixed.Files {
			if d := fix.Unified(diffName(f.Name), f.Before, f.After); d != "" {
				fmt.Fprint(c.App.Writer, d)
				if code == exitClean {
					code = exitFindings
				}
			}
		}
		reportConflicts(c, r.fixed)
	}
	if code != exitClean {
		return exitCode(code)
	}
	return nil
}

// writeFixes rewrites the changed files of each result, all of a
// configuration or none (see fix.Commit), and reports what was fixed on
// standard error; the remaining findings are printed by the caller. A
// result whose files cannot be written (or whose reload fails) gets the
// error.
func writeFixes(c *cli.Context, results []result) {
	for i := range results {
		r := &results[i]
		if r.err != nil {
			continue
		}
		var changes []fix.Change
		dir := ""
		for _, f := range r.fixed.Files {
			if !f.Changed() {
				continue
			}
			changes = append(changes, fix.Change{Path: f.Name, Before: f.Before, After: f.After})
			dir = filepath.Dir(f.Name)
		}
		if abs, err := filepath.Abs(dir); err == nil {
			dir = abs // postfix -c wants an absolute path
		}
		err := fix.Commit(changes, fix.CommitOptions{Reload: c.Bool("reload"), ConfigDir: dir})
		var reload *fix.ReloadError
		if err != nil && !(errors.As(err, &reload) && reload.Written) {
			r.err = err
			continue
		}
		// Written, even when the reload then failed: say so.
		r.err = err
		for _, f := range r.fixed.Fixed {
			fmt.Fprintf(c.App.ErrWriter, "fixed: %s\n", format.Escape(f.String()))
		}
		reportConflicts(c, r.fixed)
	}
}

// reportConflicts says which fixes were left out and why.
func reportConflicts(c *cli.Context, res *fix.Result) {
	for _, r := range res.Refused {
		fmt.Fprintln(c.App.ErrWriter, format.Escape(fmt.Sprintf("postlint: not applied: %s: its fix (%s) would add %s", r.Finding, r.Fix.Title, strings.Join(r.Errors, "; "))))
	}
	if n := len(res.Conflicts); n > 0 {
		fmt.Fprintf(c.App.ErrWriter, "postlint: applied %d of %d fixes: the others conflicted; run postlint again\n",
			len(res.Fixed), len(res.Fixed)+n)
	}
	if c.Bool("unsafe-fixes") {
		return
	}
	var unsafe []string
	for _, f := range res.Remaining {
		if len(f.Fixes) > 0 {
			unsafe = append(unsafe, fmt.Sprintf("%s at %s:%d:%d: %s", f.Rule, f.File, f.Start.Line, f.Start.Column, f.Fixes[0].Title))
		}
	}
	if len(unsafe) > 0 {
		what := "fix changes"
		if len(unsafe) > 1 {
			what = "fixes change"
		}
		fmt.Fprintf(c.App.ErrWriter, "postlint: %d more %s behaviour beyond its finding; review with --diff --unsafe-fixes:\n", len(unsafe), what)
		for _, u := range unsafe {
			fmt.Fprintln(c.App.ErrWriter, "  "+format.Escape(u))
		}
	}
}
