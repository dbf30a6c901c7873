package probe

import (
	"testing"

	"github.com/postlint/postlint/rules"
)

// TestLogPatterns checks the probe checks' log patterns, which compile
// only when "postlint why" first uses them.
func TestLogPatterns(t *testing.T) {
	if n, err := rules.CheckLogPatterns(Rules()); err != nil || n == 0 {
		t.Fatalf("%d log patterns: %v", n, err)
	}
}
