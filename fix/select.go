package fix

import "github.com/postlint/postlint/lint"

// Plan is the set of edits chosen from a run's findings.
type Plan struct {
	// Edits by file name.
	Edits map[string][]lint.Edit
	// Applied lists the findings whose fix was taken.
	Applied []lint.Finding
	// Skipped lists fixable findings whose fix was left out: it
	// conflicted with a fix already taken (run again to apply it), or it
	// is unsafe and unsafe fixes were not allowed.
	Conflicts, Unsafe []lint.Finding
}

// Choose picks one fix per finding, in finding order: the first safe fix,
// or with unsafe allowed the first fix of any kind. A fix whose edits
// overlap edits already chosen is dropped whole.
func Choose(findings []lint.Finding, unsafe bool) *Plan {
	p := &Plan{Edits: map[string][]lint.Edit{}}
	for _, f := range findings {
		fx, ok := pick(f.Fixes, unsafe)
		if !ok {
			if len(f.Fixes) > 0 {
				p.Unsafe = append(p.Unsafe, f)
			}
			continue
		}
		if p.conflicts(fx) {
			p.Conflicts = append(p.Conflicts, f)
			continue
		}
		for _, e := range fx.Edits {
			p.Edits[e.File] = append(p.Edits[e.File], e)
		}
		p.Applied = append(p.Applied, f)
	}
	return p
}

func pick(fixes []lint.Fix, unsafe bool) (lint.Fix, bool) {
	for _, fx := range fixes {
		if fx.Safe || unsafe {
			return fx, true
		}
	}
	return lint.Fix{}, false
}

// conflicts reports whether any edit of fx overlaps a chosen edit. An
// identical edit is no conflict: two findings may propose the same change.
func (p *Plan) conflicts(fx lint.Fix) bool {
	for _, e := range fx.Edits {
		for _, have := range p.Edits[e.File] {
			if have != e && overlaps(have, e) {
				return true
			}
		}
	}
	return false
}
