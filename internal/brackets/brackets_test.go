package brackets

import (
	"math/rand"
	"testing"
)

// scan is the definition: count nested pairs of one kind from i.
func scan(s string, i int) int {
	o, c := s[i], byte('}')
	if o == '(' {
		c = ')'
	}
	level := 0
	for j := i; j < len(s); j++ {
		switch s[j] {
		case o:
			level++
		case c:
			level--
			if level == 0 {
				return j
			}
		}
	}
	return -1
}

// TestMatchesScan compares Close with a scan from each opening bracket
// on random texts of brackets of both kinds.
func TestMatchesScan(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	const alphabet = "{}()$a"
	for n := 0; n < 2000; n++ {
		b := make([]byte, rng.Intn(40))
		for i := range b {
			b[i] = alphabet[rng.Intn(len(alphabet))]
		}
		s := string(b)
		m := New(s)
		for i := range s {
			if s[i] != '{' && s[i] != '(' {
				continue
			}
			if got, want := m.Close(i), scan(s, i); got != want {
				t.Fatalf("%q: Close(%d) = %d, want %d", s, i, got, want)
			}
		}
	}
}
