package fix

import (
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
// earlier fixes brings it (a bisection for where the errors start).
func (r *fixRun) culprit(start state, rs roundList, added []string) (refusal, error) {
	want := map[string]bool{}
	for _, k := range added {
		want[k] = true
	}
	brings := func(after state) []string {
		var out []string
		for _, k := range errorKeys(start.findings, after.findings) {
			if want[k] {
				out = append(out, k)
			}
		}
		return out
	}
	for _, rd := range rs {
		if len(brings(rd.after)) == 0 {
			continue
		}
		lo, hi := 0, len(rd.plan.Chosen) // the first lo fixes do not bring it, the first hi do
		for hi-lo > 1 {
			mid := (lo + hi) / 2
			s, err := r.apply(rd.before, rd.plan.Chosen[:mid])
			if err != nil {
				return refusal{}, err
			}
			if len(brings(s)) > 0 {
				hi = mid
			} else {
				lo = mid
			}
		}
		s, err := r.apply(rd.before, rd.plan.Chosen[:hi])
		if err != nil {
			return refusal{}, err
		}
		k := hi - 1
		return refusal{
			Refusal: Refusal{Finding: rd.plan.Applied[k], Fix: rd.plan.Chosen[k], Errors: newErrors(rd.before.findings, s.findings)},
			key:     fixKey(rd.before, rd.plan.Chosen[k]),
		}, nil
	}
	return refusal{}, fmt.Errorf("fixes add errors (%s) that no round brings", strings.Join(added, ", "))
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
