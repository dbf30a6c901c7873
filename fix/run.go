package fix

import (
	"bytes"
	"fmt"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/syntax"
	"github.com/postlint/postlint/rules"
)

// maxRounds bounds the lint-and-fix loop. Each round applies the fixes
// that do not conflict; the conflicting ones are picked up by the next
// round, after the file has been parsed again.
const maxRounds = 8

// File is one file's content before and after fixing.
type File struct {
	Name          string
	Kind          syntax.Kind
	Before, After []byte
}

// Changed reports whether fixing changed the file.
func (f *File) Changed() bool { return !bytes.Equal(f.Before, f.After) }

// Result is the outcome of fixing one configuration.
type Result struct {
	Files []*File
	// Fixed lists the findings whose fixes were applied, in the round
	// they were applied.
	Fixed []lint.Finding
	// Remaining is what the fixed configuration still has.
	Remaining []lint.Finding
	// Conflicts lists findings whose fixes still conflicted after the
	// last round; running postlint again applies them.
	Conflicts []lint.Finding
}

// Options choose which fixes Run applies.
type Options struct {
	Unsafe bool // also apply fixes marked unsafe
	// Only, when set, is the one file that may change; fixes that edit
	// another file are left out.
	Only string
	// Filter, when set, drops the findings whose fixes must not be
	// applied (such as suppressed ones) each round, given the files as
	// they are in that round.
	Filter func(files []*syntax.File, findings []lint.Finding) []lint.Finding
}

// Run lints in, applies the chosen fixes, re-parses the result, and
// repeats until nothing is left to fix. It never touches the disk.
func Run(in lint.Input, set *rules.Set, lopt lint.Options, opt Options) (*Result, error) {
	res := &Result{}
	files := map[string]*File{}
	for _, f := range []*syntax.File{in.Main, in.Master} {
		if f != nil {
			ff := &File{Name: f.Name, Kind: f.Kind, Before: f.Src, After: f.Src}
			files[f.Name] = ff
			res.Files = append(res.Files, ff)
		}
	}
	findings, err := lint.Run(in, set, lopt)
	if err != nil {
		return nil, err
	}
	for round := 0; round < maxRounds; round++ {
		chosen := findings
		if opt.Filter != nil {
			chosen = opt.Filter(inputFiles(in), findings)
		}
		plan := Choose(limitTo(chosen, opt.Only), opt.Unsafe)
		res.Conflicts = plan.Conflicts
		if len(plan.Applied) == 0 {
			break
		}
		changed := false
		for name, edits := range plan.Edits {
			ff, ok := files[name]
			if !ok {
				return nil, fmt.Errorf("%s: a fix edits a file outside this configuration", name)
			}
			out, err := Apply(ff.After, edits)
			if err != nil {
				return nil, err
			}
			parsed, err := reparse(ff, out)
			if err != nil {
				return nil, err
			}
			if !bytes.Equal(out, ff.After) {
				changed = true
			}
			ff.After = out
			if ff.Kind == syntax.MainCF {
				in.Main = parsed
			} else {
				in.Master = parsed
			}
		}
		if !changed {
			break
		}
		res.Fixed = append(res.Fixed, plan.Applied...)
		if findings, err = lint.Run(in, set, lopt); err != nil {
			return nil, err
		}
	}
	res.Remaining = findings
	return res, nil
}

// limitTo drops the fixes that edit files other than only.
func limitTo(findings []lint.Finding, only string) []lint.Finding {
	if only == "" {
		return findings
	}
	out := make([]lint.Finding, 0, len(findings))
	for _, f := range findings {
		var keep []lint.Fix
		for _, fx := range f.Fixes {
			ok := true
			for _, e := range fx.Edits {
				ok = ok && e.File == only
			}
			if ok {
				keep = append(keep, fx)
			}
		}
		f.Fixes = keep
		out = append(out, f)
	}
	return out
}

// reparse parses fixed content and refuses it when it no longer prints
// back identically or has a fatal error the original did not have.
func reparse(ff *File, out []byte) (*syntax.File, error) {
	before := syntax.Parse(ff.Name, ff.After, ff.Kind)
	after := syntax.Parse(ff.Name, out, ff.Kind)
	if !bytes.Equal(after.Bytes(), out) {
		return nil, fmt.Errorf("%s: fixed content does not parse back losslessly; not applied", ff.Name)
	}
	if n, m := fatalCount(before), fatalCount(after); m > n {
		for _, e := range after.Errors {
			if e.Fatal {
				return nil, fmt.Errorf("%s: fixing would introduce an error (%v); not applied", ff.Name, e)
			}
		}
	}
	return after, nil
}

func fatalCount(f *syntax.File) int {
	n := 0
	for _, e := range f.Errors {
		if e.Fatal {
			n++
		}
	}
	return n
}

// inputFiles returns the parsed files of in.
func inputFiles(in lint.Input) []*syntax.File {
	var fs []*syntax.File
	for _, f := range []*syntax.File{in.Main, in.Master} {
		if f != nil {
			fs = append(fs, f)
		}
	}
	return fs
}
