package fix

import "sort"

// The line diff behind Unified. Fixes change a few lines of files that
// may be large, so the diff must cost time and memory linear in the file
// (n log n at worst), whatever the input: a general minimal diff is
// quadratic in the worst case. It works in three steps:
//
//  1. Lines common to the start and the end of both texts are equal.
//  2. In the rest, lines that occur exactly once in each text are
//     anchors (as in patience diff); the longest run of them in the same
//     order in both (a longest increasing subsequence, n log n) is equal.
//  3. Between two anchors, Myers' algorithm finds a minimal diff when the
//     gap needs few enough changes for a work budget proportional to the
//     size of the texts; a gap that needs more is replaced whole, which
//     is correct if not minimal.

// lineOp is one line of a line diff.
type lineOp struct {
	kind byte // ' ', '-' or '+'
	text string
}

// Myers' algorithm costs about (gap size) × (changes) steps. The budget
// for all gaps together is workPerLine steps per line plus baseWork; a
// gap with up to minGapEdit changes is always diffed exactly, and none
// is tried beyond maxGapEdit.
const (
	workPerLine = 64
	baseWork    = 1 << 20
	minGapEdit  = 32
	maxGapEdit  = 1024
)

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
	d.budget = workPerLine*(len(la)+len(lb)) + baseWork
	d.ops = make([]lineOp, 0, max(len(la), len(lb))+8)
	d.diff(0, len(la), 0, len(lb))
	return d.ops
}

type differ struct {
	a, b     []string // the lines
	x, y     []int32  // their interned IDs
	distinct int      // number of distinct lines
	budget   int      // steps left for Myers' algorithm
	ops      []lineOp
}

func (d *differ) equal(i int)  { d.ops = append(d.ops, lineOp{' ', d.a[i]}) }
func (d *differ) delete(i int) { d.ops = append(d.ops, lineOp{'-', d.a[i]}) }
func (d *differ) insert(j int) { d.ops = append(d.ops, lineOp{'+', d.b[j]}) }

// diff emits the operations turning a[a0:a1] into b[b0:b1].
func (d *differ) diff(a0, a1, b0, b1 int) {
	// Common prefix; the common suffix is emitted last.
	for a0 < a1 && b0 < b1 && d.x[a0] == d.y[b0] {
		d.equal(a0)
		a0, b0 = a0+1, b0+1
	}
	suffix := 0
	for a0 < a1-suffix && b0 < b1-suffix && d.x[a1-1-suffix] == d.y[b1-1-suffix] {
		suffix++
	}
	a1, b1 = a1-suffix, b1-suffix
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

// gap emits the operations for a range between anchors: a minimal diff
// when one with few enough changes exists, else all of a's lines deleted
// and all of b's inserted.
func (d *differ) gap(a0, a1, b0, b1 int) {
	for a0 < a1 && b0 < b1 && d.x[a0] == d.y[b0] {
		d.equal(a0)
		a0, b0 = a0+1, b0+1
	}
	suffix := 0
	for a0 < a1-suffix && b0 < b1-suffix && d.x[a1-1-suffix] == d.y[b1-1-suffix] {
		suffix++
	}
	a1, b1 = a1-suffix, b1-suffix
	size := a1 - a0 + b1 - b0
	limit := min(max(d.budget/max(size, 1), minGapEdit), maxGapEdit)
	if a0 == a1 || b0 == b1 || !d.myers(a0, a1, b0, b1, limit) {
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

// myers emits a minimal diff of a[a0:a1] and b[b0:b1] by Myers' greedy
// algorithm ("An O(ND) Difference Algorithm", 1986) when one with at
// most limit insertions and deletions exists; it reports false, having
// emitted nothing, when there is none.
func (d *differ) myers(a0, a1, b0, b1, limit int) bool {
	n, m := a1-a0, b1-b0
	// v[k+off] is the furthest x on diagonal k = x - y; trace keeps v of
	// each step to walk back.
	off := limit + 1
	v := make([]int, 2*off+1)
	var trace [][]int // trace[e][k+e] is v[k] after step e
	defer func() { d.budget -= (n + m) * len(trace) }()
	for e := 0; e <= limit; e++ {
		for k := -e; k <= e; k += 2 {
			var x int
			if k == -e || k != e && v[k-1+off] < v[k+1+off] {
				x = v[k+1+off] // down: an insertion
			} else {
				x = v[k-1+off] + 1 // right: a deletion
			}
			y := x - k
			for x < n && y < m && d.x[a0+x] == d.y[b0+y] {
				x, y = x+1, y+1
			}
			v[k+off] = x
			if x >= n && y >= m {
				trace = append(trace, append([]int(nil), v[off-e:off+e+1]...))
				d.emitTrace(trace, a0, b0, n, m)
				return true
			}
		}
		trace = append(trace, append([]int(nil), v[off-e:off+e+1]...))
	}
	return false
}

// emitTrace walks the steps of myers back from (n, m) and emits the
// operations in order.
func (d *differ) emitTrace(trace [][]int, a0, b0, n, m int) {
	type step struct {
		kind byte
		i    int // index in a (deletions, equal lines) or b (insertions)
	}
	var rev []step
	x, y := n, m
	for e := len(trace) - 1; e >= 0; e-- {
		k := x - y
		if e == 0 {
			for ; x > 0; x, y = x-1, y-1 {
				rev = append(rev, step{' ', x - 1})
			}
			break
		}
		v := func(k int) int { return trace[e-1][k+e-1] }
		var pk int
		if k == -e || k != e && v(k-1) < v(k+1) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := v(pk)
		py := px - pk
		for x > px && y > py {
			rev = append(rev, step{' ', x - 1})
			x, y = x-1, y-1
		}
		if pk == k+1 {
			rev = append(rev, step{'+', y - 1})
		} else {
			rev = append(rev, step{'-', x - 1})
		}
		x, y = px, py
	}
	for i := len(rev) - 1; i >= 0; i-- {
		switch s := rev[i]; s.kind {
		case ' ':
			d.equal(a0 + s.i)
		case '-':
			d.delete(a0 + s.i)
		case '+':
			d.insert(b0 + s.i)
		}
	}
}
