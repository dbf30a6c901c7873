package postfix

import (
	"math/rand"
	"slices"
	"strings"
	"testing"
)

// recursiveRefs is the straightforward definition of scanRefs: find the
// closing bracket by scanning, recurse into the text inside.
func recursiveRefs(s string, add func(string)) {
	for i := 0; i < len(s); i++ {
		if s[i] != '$' || i+1 >= len(s) {
			continue
		}
		i++
		switch c := s[i]; {
		case c == '$':
		case c == '{' || c == '(':
			o, cl, depth, end := c, byte('}'), 0, -1
			if o == '(' {
				cl = ')'
			}
			for j := i; j < len(s) && end < 0; j++ {
				switch s[j] {
				case o:
					depth++
				case cl:
					if depth--; depth == 0 {
						end = j
					}
				}
			}
			if end < 0 {
				return
			}
			inner := s[i+1 : end]
			n := 0
			for n < len(inner) && isNameByte(inner[n]) {
				n++
			}
			if n > 0 {
				add(inner[:n])
			}
			recursiveRefs(inner[n:], add)
			i = end
		case isNameByte(c):
			j := i
			for j < len(s) && isNameByte(s[j]) {
				j++
			}
			add(s[i:j])
			i = j - 1
		}
	}
}

// TestScanRefsIterative checks the one-pass scanRefs against the
// recursive definition on random values.
func TestScanRefsIterative(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	const alphabet = "${}()?:ab_ "
	for n := 0; n < 20000; n++ {
		b := make([]byte, rng.Intn(30))
		for i := range b {
			b[i] = alphabet[rng.Intn(len(alphabet))]
		}
		var got, want []string
		scanRefs(string(b), func(s string) { got = append(got, s) })
		recursiveRefs(string(b), func(s string) { want = append(want, s) })
		if !slices.Equal(got, want) {
			t.Fatalf("%q: scanRefs gives %q, want %q", b, got, want)
		}
	}
}

// TestScanRefsDeep scans a value nested a million levels deep, which the
// recursive definition cannot do in bounded stack and time.
func TestScanRefsDeep(t *testing.T) {
	const n = 1 << 20
	v := strings.Repeat("${a?", n) + "$b" + strings.Repeat("}", n)
	if got := References(v); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("References = %q", got)
	}
}
