package fix

import (
	"fmt"
	"sort"

	"github.com/postlint/postlint/lint"
)

// overlaps reports whether two edits touch the same bytes: their ranges
// intersect, or one inserts strictly inside the other's range. Two
// insertions at the same offset overlap too: their order would be
// ambiguous.
func overlaps(a, b lint.Edit) bool {
	if a.Pos == a.End && b.Pos == b.End {
		return a.Pos == b.Pos
	}
	return a.Pos < b.End && b.Pos < a.End
}

// Apply applies non-overlapping edits to src. Edits may come in any order;
// identical duplicates are applied once, and insertions at the same offset
// are applied in the order given (they come from one fix: Choose drops a
// fix whose insertion meets another fix's at the same place).
func Apply(src []byte, edits []lint.Edit) ([]byte, error) {
	es := append([]lint.Edit(nil), edits...)
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].Pos != es[j].Pos {
			return es[i].Pos < es[j].Pos
		}
		return es[i].End < es[j].End
	})
	out := make([]byte, 0, len(src))
	at := 0
	for i, e := range es {
		if e.Pos < 0 || e.End < e.Pos || int(e.End) > len(src) {
			return nil, fmt.Errorf("%s: edit [%d,%d) outside the file (%d bytes)", e.File, e.Pos, e.End, len(src))
		}
		if i > 0 && es[i-1] == e {
			continue
		}
		if int(e.Pos) < at {
			return nil, fmt.Errorf("%s: overlapping edits at offset %d", e.File, e.Pos)
		}
		out = append(out, src[at:e.Pos]...)
		out = append(out, e.New...)
		at = int(e.End)
	}
	return append(out, src[at:]...), nil
}
