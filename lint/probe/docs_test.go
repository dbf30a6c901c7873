package probe

import "testing"

// TestLogPatterns checks the probe checks' log patterns, which compile
// only when "postlint why" first uses them.
func TestLogPatterns(t *testing.T) {
	n := 0
	for _, r := range Rules() {
		for _, l := range r.Log {
			n++
			if _, err := l.Check(); err != nil {
				t.Errorf("%s: %v", r.ID, err)
			}
		}
	}
	if n == 0 {
		t.Fatal("no log patterns")
	}
}
