package rules_test

import (
	"strings"
	"testing"
)

// "postlint explain" describes every fix in words: no template or
// expression code reaches the reader.
func TestExplainFixesInWords(t *testing.T) {
	set := loadBuiltin(t)
	for _, r := range set.Rules() {
		text := r.Explain()
		_, fixes, _ := strings.Cut(text, "\nFixes\n")
		fixes, _, _ = strings.Cut(fixes, "\nReferences\n")
		for _, code := range []string{"{{", "only when:", "Param.", "Route.", "Service.", "Main."} {
			if strings.Contains(fixes, code) {
				t.Errorf("%s: explain shows %q in its fixes; give the fix an explain text:\n%s", r.ID, code, fixes)
				break
			}
		}
	}
}
