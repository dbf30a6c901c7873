package fix

import (
	"math/rand"
	"strings"
	"testing"
)

// replay applies ops and returns the old and new texts they describe.
func replay(ops []lineOp) (old, new string) {
	var o, n strings.Builder
	for _, op := range ops {
		if op.kind != '+' {
			o.WriteString(op.text)
		}
		if op.kind != '-' {
			n.WriteString(op.text)
		}
	}
	return o.String(), n.String()
}

func changes(ops []lineOp) int {
	c := 0
	for _, op := range ops {
		if op.kind != ' ' {
			c++
		}
	}
	return c
}

// lcsChanges is the number of deleted plus inserted lines of a minimal
// diff, by dynamic programming.
func lcsChanges(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return len(a) + len(b) - 2*dp[0][0]
}

func randomText(rng *rand.Rand, lines int) string {
	var b strings.Builder
	for range lines {
		b.WriteString(string(rune('a' + rng.Intn(4))))
		b.WriteByte('\n')
	}
	if rng.Intn(4) == 0 {
		b.WriteString("z") // no final newline
	}
	return b.String()
}

// TestLineDiffRandom checks on random texts that the operations turn
// the old text into the new one, and that go-diff alone (what a gap
// between anchors gets) gives a minimal diff.
func TestLineDiffRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for range 3000 {
		a, b := randomText(rng, rng.Intn(12)), randomText(rng, rng.Intn(12))
		ops := lineDiff(a, b)
		if o, n := replay(ops); o != a || n != b {
			t.Fatalf("diff of %q and %q replays as %q and %q", a, b, o, n)
		}
		d := lineDiffState(a, b)
		if !d.goDiff(0, len(d.a), 0, len(d.b)) {
			t.Fatalf("go-diff gave up on %q and %q", a, b)
		}
		if o, n := replay(d.ops); o != a || n != b {
			t.Fatalf("go-diff diff of %q and %q replays as %q and %q", a, b, o, n)
		}
		if got, want := changes(d.ops), lcsChanges(d.a, d.b); got != want {
			t.Fatalf("go-diff diff of %q and %q has %d changes, a minimal one %d", a, b, got, want)
		}
	}
}

func lineDiffState(a, b string) *differ {
	la, lb := splitLinesKeep(a), splitLinesKeep(b)
	ids := map[string]int32{}
	intern := func(lines []string) []int32 {
		out := make([]int32, len(lines))
		for i, l := range lines {
			if _, ok := ids[l]; !ok {
				ids[l] = int32(len(ids))
			}
			out[i] = ids[l]
		}
		return out
	}
	return &differ{a: la, b: lb, x: intern(la), y: intern(lb), distinct: len(ids)}
}

// TestLineDiffManyLines diffs a range with more distinct lines than
// there are runes below the surrogates, which go-diff cannot take as
// they are: the runes skip them and the diff still replays.
func TestLineDiffManyLines(t *testing.T) {
	var a, b strings.Builder
	for i := range 0xD800 + 100 {
		a.WriteString("a" + itoa(i) + "\n")
		b.WriteString("b" + itoa(i) + "\n")
	}
	d := lineDiffState(a.String(), b.String())
	if !d.goDiff(0, len(d.a), 0, len(d.b)) {
		t.Fatal("go-diff gave up")
	}
	if o, n := replay(d.ops); o != a.String() || n != b.String() {
		t.Error("the diff does not replay")
	}
}

// TestLineDiffAnchors checks that unique lines anchor the diff of a
// large file with changes spread over it: the result is exact.
func TestLineDiffAnchors(t *testing.T) {
	var a, b strings.Builder
	want := 0
	for i := range 20000 {
		line := "line " + strings.Repeat("x", i%7) + string(rune('0'+i%10)) + "\n"
		unique := "unique " + strings.Repeat("y", 1) + itoa(i) + "\n"
		a.WriteString(unique + line)
		if i%1000 == 0 {
			b.WriteString(unique + "changed\n")
			want += 2
			continue
		}
		b.WriteString(unique + line)
	}
	ops := lineDiff(a.String(), b.String())
	if o, n := replay(ops); o != a.String() || n != b.String() {
		t.Fatal("diff does not replay")
	}
	if got := changes(ops); got != want {
		t.Errorf("%d changes, want %d", got, want)
	}
}

func itoa(i int) string {
	s := ""
	for {
		s = string(rune('0'+i%10)) + s
		if i /= 10; i == 0 {
			return s
		}
	}
}
