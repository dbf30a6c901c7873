package fix

import (
	"slices"
	"sort"

	"github.com/postlint/postlint/lint"
)

// Plan is the set of edits chosen from a run's findings.
type Plan struct {
	// Edits by file name.
	Edits map[string][]lint.Edit
	// Applied lists the findings whose fix was taken, and Chosen the
	// fix taken for each.
	Applied []lint.Finding
	Chosen  []lint.Fix
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
	chosen := map[string]*editSet{}
	for _, f := range findings {
		fx, ok := pick(f.Fixes, unsafe)
		if !ok {
			if len(f.Fixes) > 0 {
				p.Unsafe = append(p.Unsafe, f)
			}
			continue
		}
		if conflicts(chosen, fx) {
			p.Conflicts = append(p.Conflicts, f)
			continue
		}
		for _, e := range fx.Edits {
			s := chosen[e.File]
			if s == nil {
				s = &editSet{}
				chosen[e.File] = s
			}
			s.add(e)
			p.Edits[e.File] = append(p.Edits[e.File], e)
		}
		p.Applied = append(p.Applied, f)
		p.Chosen = append(p.Chosen, fx)
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
func conflicts(chosen map[string]*editSet, fx lint.Fix) bool {
	for _, e := range fx.Edits {
		if s := chosen[e.File]; s != nil && s.conflicts(e) {
			return true
		}
	}
	return false
}

// editSet holds the chosen edits of one file sorted by position, so that
// a conflict is found by binary search: a file with a fix on every one
// of a million lines is planned in n log n. The edits do not overlap
// (identical ones aside), so their ends grow with their starts.
type editSet struct{ edits []lint.Edit }

func (s *editSet) add(e lint.Edit) {
	i := sort.Search(len(s.edits), func(i int) bool {
		h := s.edits[i]
		return h.Pos > e.Pos || h.Pos == e.Pos && h.End > e.End
	})
	s.edits = slices.Insert(s.edits, i, e)
}

// conflicts reports whether e overlaps a different edit of s (see
// overlaps): only the edits starting at e's position, and the last one
// starting before it or, for a replacement, before its end, can.
func (s *editSet) conflicts(e lint.Edit) bool {
	// The edits starting at or after e.Pos and before e.End, or at
	// e.Pos for an insertion.
	i := sort.Search(len(s.edits), func(i int) bool { return s.edits[i].Pos >= e.Pos })
	for j := i; j < len(s.edits) && (s.edits[j].Pos < e.End || s.edits[j].Pos == e.Pos); j++ {
		if h := s.edits[j]; h != e && overlaps(h, e) {
			return true
		}
	}
	// The last edit starting before e.Pos, which has the largest end
	// of those.
	return i > 0 && overlaps(s.edits[i-1], e)
}
