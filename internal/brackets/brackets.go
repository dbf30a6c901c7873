package brackets

import "sort"

// Matcher finds the bracket that closes an opening '{' or '(' of a
// text: the first one after it where the brackets of the same kind
// balance, as a scan from the opening bracket counting nested pairs
// finds it (brackets of the other kind do not count). Each kind's table
// is built on first use.
type Matcher struct {
	s     string
	kinds [2]table // '{', '('
}

// table lists the opening brackets of one kind in text order with the
// offsets of their partners.
type table struct {
	built   bool
	open    []int32
	partner []int32 // -1 when unclosed
}

// New returns a Matcher for s.
func New(s string) *Matcher { return &Matcher{s: s} }

// Close returns the offset of the bracket closing the one at offset i,
// or -1 when it is never closed. s[i] must be '{' or '('.
func (m *Matcher) Close(i int) int {
	k, closer := 0, byte('}')
	if m.s[i] == '(' {
		k, closer = 1, ')'
	}
	t := &m.kinds[k]
	if !t.built {
		t.build(m.s, m.s[i], closer)
	}
	j := sort.Search(len(t.open), func(j int) bool { return int(t.open[j]) >= i })
	if j == len(t.open) || int(t.open[j]) != i {
		return -1
	}
	return int(t.partner[j])
}

// build pairs the brackets with a stack. An opening bracket's partner
// depends only on the text after it, so the pairs equal what a scan from
// each opening bracket finds; closing brackets without an opening one
// are skipped.
func (t *table) build(s string, opener, closer byte) {
	t.built = true
	var stack []int32 // indexes into open
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case opener:
			stack = append(stack, int32(len(t.open)))
			t.open = append(t.open, int32(i))
			t.partner = append(t.partner, -1)
		case closer:
			if n := len(stack); n > 0 {
				t.partner[stack[n-1]] = int32(i)
				stack = stack[:n-1]
			}
		}
	}
}
