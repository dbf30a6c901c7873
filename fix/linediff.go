package fix

import (
	"sort"
	"time"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// The line diff behind Unified. Fixes change a few lines of files that
// may be large, so the diff must cost time and memory linear in the file
// (n log n at worst), whatever the input: a general minimal diff is
// quadratic in the worst case. It works in three steps:
//
//  1. Lines common to the start and the end of both texts are equal.
//  2. In the rest, lines that occur exactly once in each text are
//     anchors (as in patience diff); the longest run of them in the same
//     order in both (a longest increasing subsequence, n log n) is equal.
//  3. Between two anchors, go-diff's line mode diffs the lines, with a
//     time limit after which it settles for a correct, not minimal, diff.

// lineOp is one line of a line diff.
type lineOp struct {
	kind byte // ' ', '-' or '+'
	text string
}

// lineDiff diffs two texts line by line.
func lineDiff(a, b string) []lineOp {
	la, lb := splitLinesKeep(a), splitLinesKeep(b)
	ids := make(map[string]int32, len(la))
	intern := func(lines []string) []int32 {
		out := make([]int32, len(lines))
		for i, l := range lines {
			id, ok := ids[l]
			if !ok {
				id = int32(len(ids))
				ids[l] = id
			}
			out[i] = id
		}
		return out
	}
	d := &differ{a: la, b: lb, x: intern(la), y: intern(lb), distinct: len(ids)}
	d.ops = make([]lineOp, 0, max(len(la), len(lb))+8)
	d.diff(0, len(la), 0, len(lb))
	return d.ops
}

type differ struct {
	a, b     []string // the lines
	x, y     []int32  // their interned IDs
	distinct int      // number of distinct lines
	ops      []lineOp
}

func (d *differ) equal(i int)  { d.ops = append(d.ops, lineOp{' ', d.a[i]}) }
func (d *differ) delete(i int) { d.ops = append(d.ops, lineOp{'-', d.a[i]}) }
func (d *differ) insert(j int) { d.ops = append(d.ops, lineOp{'+', d.b[j]}) }

// diff emits the operations turning a[a0:a1] into b[b0:b1].
func (d *differ) diff(a0, a1, b0, b1 int) {
	a0, a1, b0, b1, suffix := d.trim(a0, a1, b0, b1)
	i, j := a0, b0
	for _, an := range d.anchors(a0, a1, b0, b1) {
		d.gap(i, an.i, j, an.j)
		d.equal(an.i)
		i, j = an.i+1, an.j+1
	}
	d.gap(i, a1, j, b1)
	for k := range suffix {
		d.equal(a1 + k)
	}
}

// trim emits the lines a[a0:a1] and b[b0:b1] start with in common and
// returns the ranges without them and without the common end, whose
// length is suffix: the caller emits those lines last.
func (d *differ) trim(a0, a1, b0, b1 int) (int, int, int, int, int) {
	for a0 < a1 && b0 < b1 && d.x[a0] == d.y[b0] {
		d.equal(a0)
		a0, b0 = a0+1, b0+1
	}
	suffix := 0
	for a0 < a1-suffix && b0 < b1-suffix && d.x[a1-1-suffix] == d.y[b1-1-suffix] {
		suffix++
	}
	return a0, a1 - suffix, b0, b1 - suffix, suffix
}

// anchor is a line that occurs once in each text, at a[i] and b[j].
type anchor struct{ i, j int }

// anchors returns the longest sequence of lines unique to both ranges
// that stand in the same order in both.
func (d *differ) anchors(a0, a1, b0, b1 int) []anchor {
	if a1-a0 < 2 || b1-b0 < 2 {
		return nil
	}
	// Counts per ID: 1 seen once, 2 seen more often. posB is where in b
	// a line unique there stands.
	inA := make([]uint8, d.distinct)
	inB := make([]uint8, d.distinct)
	posB := make([]int32, d.distinct)
	for i := a0; i < a1; i++ {
		inA[d.x[i]] = min(inA[d.x[i]]+1, 2)
	}
	for j := b0; j < b1; j++ {
		id := d.y[j]
		inB[id] = min(inB[id]+1, 2)
		posB[id] = int32(j)
	}
	var cand []anchor
	for i := a0; i < a1; i++ {
		if id := d.x[i]; inA[id] == 1 && inB[id] == 1 {
			cand = append(cand, anchor{i, int(posB[id])})
		}
	}
	return longestIncreasing(cand)
}

// longestIncreasing returns a longest subsequence of cand (ordered by i)
// whose j increase too, by patience sorting: tails[k] is the index of
// the smallest last j of an increasing run of length k+1.
func longestIncreasing(cand []anchor) []anchor {
	if len(cand) == 0 {
		return nil
	}
	tails := make([]int, 0, 16)
	prev := make([]int, len(cand))
	for n, c := range cand {
		k := sort.Search(len(tails), func(k int) bool { return cand[tails[k]].j >= c.j })
		prev[n] = -1
		if k > 0 {
			prev[n] = tails[k-1]
		}
		if k == len(tails) {
			tails = append(tails, n)
		} else {
			tails[k] = n
		}
	}
	out := make([]anchor, len(tails))
	for k, n := len(tails)-1, tails[len(tails)-1]; k >= 0; k, n = k-1, prev[n] {
		out[k] = cand[n]
	}
	return out
}

// gap emits the operations for a range between anchors, as go-diff's
// line mode finds them: each distinct line of the range becomes one rune,
// and go-diff diffs the runes. go-diff stops looking for a minimal diff
// after gapTimeout and returns a correct one; a range of more distinct
// lines than runes can stand for is replaced whole.
func (d *differ) gap(a0, a1, b0, b1 int) {
	a0, a1, b0, b1, suffix := d.trim(a0, a1, b0, b1)
	if a0 == a1 || b0 == b1 || !d.goDiff(a0, a1, b0, b1) {
		for i := a0; i < a1; i++ {
			d.delete(i)
		}
		for j := b0; j < b1; j++ {
			d.insert(j)
		}
	}
	for k := range suffix {
		d.equal(a1 + k)
	}
}

// gapTimeout bounds go-diff's search for a minimal diff of a range of
// more than exactGap lines.
const (
	gapTimeout = 200 * time.Millisecond
	exactGap   = 2000
)

// goDiff emits the diff of a[a0:a1] and b[b0:b1] that go-diff finds; it
// reports false, having emitted nothing, when the range has too many
// distinct lines.
func (d *differ) goDiff(a0, a1, b0, b1 int) bool {
	local := make(map[int32]rune)
	toRunes := func(ids []int32) ([]rune, bool) {
		out := make([]rune, len(ids))
		for k, id := range ids {
			r, ok := local[id]
			if !ok {
				// Runes for the lines, skipping the surrogates, which
				// do not survive go-diff's conversions to strings.
				n := len(local)
				if n >= 0xD800 {
					n += 0x800
				}
				if n > utf8.MaxRune {
					return nil, false
				}
				r = rune(n)
				local[id] = r
			}
			out[k] = r
		}
		return out, true
	}
	ra, okA := toRunes(d.x[a0:a1])
	rb, okB := toRunes(d.y[b0:b1])
	if !okA || !okB {
		return false
	}
	dmp := diffmatchpatch.New()
	// Without a time limit go-diff finds a minimal diff (it skips its
	// half-match speed-up); that is quick for the short ranges fixes
	// make, and longer ones get the limit.
	dmp.DiffTimeout = 0
	if len(ra)+len(rb) > exactGap {
		dmp.DiffTimeout = gapTimeout
	}
	i, j := a0, b0
	for _, df := range dmp.DiffMainRunes(ra, rb, false) {
		n := utf8.RuneCountInString(df.Text)
		for range n {
			switch df.Type {
			case diffmatchpatch.DiffEqual:
				d.equal(i)
				i, j = i+1, j+1
			case diffmatchpatch.DiffDelete:
				d.delete(i)
				i++
			case diffmatchpatch.DiffInsert:
				d.insert(j)
				j++
			}
		}
	}
	return true
}
