package fix

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/postlint/postlint/lint"
)

// The guard of Run: fixes that make the configuration worse are found
// and left out.

// maxRefusals bounds how often Run starts over without a fix.
const maxRefusals = 32

// refusal is a Refusal with the key of the fix.
type refusal struct {
	Refusal
	key string
}

// culprit finds a fix that brings one of the added errors: in the first
// round whose result has one, the fix whose addition to the round's
// earlier fixes brings it.
func (r *fixRun) culprit(start state, rs roundList, added []string) (refusal, error) {
	want := map[string]bool{}
	for _, k := range added {
		want[k] = true
	}
	brings := func(after state, err error) bool {
		if err != nil {
			return false
		}
		for _, k := range errorKeys(start.findings, after.findings) {
			if want[k] {
				return true
			}
		}
		return false
	}
	for _, rd := range rs {
		if brings(rd.after, nil) {
			return r.bisect(rd.before, rd.plan, brings)
		}
	}
	return refusal{}, fmt.Errorf("fixes add errors (%s) that no round brings", strings.Join(added, ", "))
}

// breaker finds the fix of a round whose result Postfix would refuse to
// load (see reparse).
func (r *fixRun) breaker(rd round) (refusal, error) {
	return r.bisect(rd.before, rd.plan, func(_ state, err error) bool {
		var fe *fatalError
		return errors.As(err, &fe)
	})
}

// bisect finds the k-th fix of plan, applied to before, such that the
// first k-1 fixes are not bad and the first k are: the one that brings
// what makes them bad. bad holds for all the fixes of the plan.
func (r *fixRun) bisect(before state, plan *Plan, bad func(state, error) bool) (refusal, error) {
	try := func(n int) (bool, error) {
		s, err := r.apply(before, plan.Chosen[:n])
		var fe *fatalError
		if err != nil && !errors.As(err, &fe) {
			return false, err
		}
		return bad(s, err), nil
	}
	lo, hi := 0, len(plan.Chosen) // the first lo fixes are not bad, the first hi are
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		isBad, err := try(mid)
		if err != nil {
			return refusal{}, err
		}
		if isBad {
			hi = mid
		} else {
			lo = mid
		}
	}
	k := hi - 1
	s, err := r.apply(before, plan.Chosen[:hi])
	why := []string{}
	var fe *fatalError
	switch {
	case errors.As(err, &fe):
		why = append(why, fe.Error())
	case err != nil:
		return refusal{}, err
	default:
		why = newErrors(before.findings, s.findings)
	}
	return refusal{
		Refusal: Refusal{Finding: plan.Applied[k], Fix: plan.Chosen[k], Errors: why},
		key:     fixKey(before, plan.Chosen[k]),
	}, nil
}

// withoutRefused drops the refused fixes from the findings, so that the
// next alternative is taken.
func (r *fixRun) withoutRefused(cur state, findings []lint.Finding) []lint.Finding {
	if len(r.refused) == 0 {
		return findings
	}
	out := make([]lint.Finding, 0, len(findings))
	for _, f := range findings {
		var keep []lint.Fix
		for _, fx := range f.Fixes {
			if !r.refused[fixKey(cur, fx)] {
				keep = append(keep, fx)
			}
		}
		f.Fixes = keep
		out = append(out, f)
	}
	return out
}

// fixKey identifies a fix across rounds, whose edits move as other
// fixes change the file: its title and what each edit replaces by what.
func fixKey(cur state, fx lint.Fix) string {
	var b strings.Builder
	b.WriteString(fx.Title)
	for _, e := range fx.Edits {
		src := cur.src(e.File)
		old := ""
		if int(e.End) <= len(src) && e.Pos <= e.End {
			old = string(src[e.Pos:e.End])
		}
		fmt.Fprintf(&b, "\x00%s\x00%q\x00%q", e.File, old, e.New)
	}
	return b.String()
}

// Refusal is a fix that Run left out because it adds errors.
type Refusal struct {
	Finding lint.Finding
	Fix     lint.Fix
	Errors  []string // the findings it adds
}

// errorKeys returns the rule and file of each finding of error severity
// of after beyond those of before (counted by rule and file: positions
// and messages move with the edits), sorted.
func errorKeys(before, after []lint.Finding) []string {
	var keys []string
	for _, f := range extraErrors(before, after) {
		keys = append(keys, f.Rule+" in "+f.File)
	}
	sort.Strings(keys)
	return keys
}

// newErrors is errorKeys as the findings print.
func newErrors(before, after []lint.Finding) []string {
	var out []string
	for _, f := range extraErrors(before, after) {
		out = append(out, f.String())
	}
	return out
}

func extraErrors(before, after []lint.Finding) []lint.Finding {
	count := map[string]int{}
	key := func(f lint.Finding) string { return f.Rule + "\x00" + f.File }
	for _, f := range before {
		if f.Severity == lint.Error {
			count[key(f)]++
		}
	}
	var out []lint.Finding
	for _, f := range after {
		if f.Severity != lint.Error {
			continue
		}
		if count[key(f)] > 0 {
			count[key(f)]--
			continue
		}
		out = append(out, f)
	}
	return out
}
