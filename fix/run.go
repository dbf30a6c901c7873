package fix

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

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
	// Refused lists fixes left out because they add errors.
	Refused []Refusal
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
//
// A fix must not make the configuration worse: when the fixed
// configuration has a finding of error severity that the original did
// not have (counted by rule and file), the fix that brought it is found
// by bisecting the round where it first appeared, left out
// (Result.Refused), and the fixing starts over without it. An error a
// later round fixes again does not count: a fix may take two steps.
// Rules' fixes are tested not to need this; the check catches what tests
// cannot, such as a byte-order mark removed before
// "mynetworks = 0.0.0.0/0".
func Run(in lint.Input, set *rules.Set, lopt lint.Options, opt Options) (*Result, error) {
	r := &fixRun{set: set, lopt: lopt, opt: opt, files: map[string]*File{}, refused: map[string]bool{}}
	var files []*File
	for _, f := range []*syntax.File{in.Main, in.Master} {
		if f != nil {
			ff := &File{Name: f.Name, Kind: f.Kind, Before: f.Src, After: f.Src}
			r.files[f.Name] = ff
			files = append(files, ff)
		}
	}
	findings, err := lint.Run(in, set, lopt)
	if err != nil {
		return nil, err
	}
	start := state{in: in, findings: findings}
	var refused []Refusal
	for {
		res, rounds, broken, err := r.rounds(start)
		if err != nil {
			return nil, err
		}
		if broken != nil {
			// A fix gives a file Postfix refuses: leave it out.
			if len(refused) >= maxRefusals {
				return nil, fmt.Errorf("%s: the fixes keep breaking the files; none applied", files[0].Name)
			}
			ref, err := r.breaker(*broken)
			if err != nil {
				return nil, err
			}
			r.refused[ref.key] = true
			refused = append(refused, ref.Refusal)
			continue
		}
		res.Files, res.Refused = files, refused
		for _, ff := range files {
			ff.After = rounds.last(start).src(ff.Name)
		}
		added := errorKeys(start.findings, res.Remaining)
		if len(added) == 0 {
			return res, nil
		}
		if len(refused) >= maxRefusals {
			return nil, fmt.Errorf("%s: the fixes keep adding errors (%s); none applied", files[0].Name, strings.Join(added, ", "))
		}
		ref, err := r.culprit(start, rounds, added)
		if err != nil {
			return nil, err
		}
		r.refused[ref.key] = true
		refused = append(refused, ref.Refusal)
	}
}

// round is one round of fixing: the state before and the plan applied.
type round struct {
	before, after state
	plan          *Plan
}

type roundList []round

// last returns the state after the last round, or start.
func (rs roundList) last(start state) state {
	if len(rs) == 0 {
		return start
	}
	return rs[len(rs)-1].after
}

// rounds fixes from start, leaving out the refused fixes. A round
// whose fixes give a file Postfix refuses stops it, returned as broken.
func (r *fixRun) rounds(start state) (res *Result, rs roundList, broken *round, err error) {
	res = &Result{}
	cur := start
	for n := 0; n < maxRounds; n++ {
		chosen := cur.findings
		if r.opt.Filter != nil {
			chosen = r.opt.Filter(inputFiles(cur.in), chosen)
		}
		plan := Choose(r.withoutRefused(cur, limitTo(chosen, r.opt.Only)), r.opt.Unsafe)
		res.Conflicts = plan.Conflicts
		if len(plan.Applied) == 0 {
			break
		}
		next, err := r.apply(cur, plan.Chosen)
		var fe *fatalError
		if errors.As(err, &fe) {
			return res, rs, &round{before: cur, plan: plan}, nil
		}
		if err != nil {
			return nil, nil, nil, err
		}
		if !next.changed {
			break
		}
		rs = append(rs, round{before: cur, after: next, plan: plan})
		res.Fixed = append(res.Fixed, plan.Applied...)
		cur = next
	}
	res.Remaining = cur.findings
	return res, rs, nil, nil
}

// fixRun is the state of one Run.
type fixRun struct {
	set     *rules.Set
	lopt    lint.Options
	opt     Options
	files   map[string]*File
	refused map[string]bool // fixes found to add errors, by fixKey
}

// state is the configuration after some rounds: its parsed files and
// findings; changed reports that the last round changed a file.
type state struct {
	in       lint.Input
	findings []lint.Finding
	changed  bool
}

// src returns the current content of the file named name.
func (s state) src(name string) []byte {
	for _, f := range inputFiles(s.in) {
		if f.Name == name {
			return f.Src
		}
	}
	return nil
}

// apply applies fixes to cur and lints the result.
func (r *fixRun) apply(cur state, fixes []lint.Fix) (state, error) {
	edits := map[string][]lint.Edit{}
	for _, fx := range fixes {
		for _, e := range fx.Edits {
			edits[e.File] = append(edits[e.File], e)
		}
	}
	next := state{in: cur.in}
	for name, es := range edits {
		ff, ok := r.files[name]
		if !ok {
			return state{}, fmt.Errorf("%s: a fix edits a file outside this configuration", name)
		}
		src := cur.src(name)
		out, err := Apply(src, es)
		if err != nil {
			return state{}, err
		}
		parsed, err := reparse(ff, src, out)
		if err != nil {
			return state{}, err
		}
		if !bytes.Equal(out, src) {
			next.changed = true
		}
		if ff.Kind == syntax.MainCF {
			next.in.Main = parsed
		} else {
			next.in.Master = parsed
		}
	}
	var err error
	if next.findings, err = lint.Run(next.in, r.set, r.lopt); err != nil {
		return state{}, err
	}
	return next, nil
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

// reparse parses fixed content out of the file ff, whose content was
// src, and refuses it when it no longer prints back identically or has a
// fatal error that src did not have.
func reparse(ff *File, src, out []byte) (*syntax.File, error) {
	before := syntax.Parse(ff.Name, src, ff.Kind)
	after := syntax.Parse(ff.Name, out, ff.Kind)
	if !bytes.Equal(after.Bytes(), out) {
		return nil, fmt.Errorf("%s: fixed content does not parse back losslessly; not applied", ff.Name)
	}
	if n, m := fatalCount(before), fatalCount(after); m > n {
		for _, e := range after.Errors {
			if e.Fatal {
				return nil, &fatalError{ff.Name, e}
			}
		}
	}
	return after, nil
}

// fatalError is fixed content that Postfix would refuse to load.
type fatalError struct {
	file string
	err  *syntax.Error
}

func (e *fatalError) Error() string {
	return fmt.Sprintf("%s: the fixed file would have an error that Postfix refuses (%v)", e.file, e.err)
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
