package postconf

import (
	"slices"
	"testing"
)

// TestPlainReference checks the short cut of scanMacros against the
// expander on values that are and are not a plain "$name".
func TestPlainReference(t *testing.T) {
	for _, v := range []string{
		"$default_recipient_limit", "$a", "$a_b_9", "$", "$$a", "$a b", "$a,", "${a}", "$(a)",
		"x$a", "$a$b", "$a?", "", "a",
	} {
		var fast, slow []string
		errFast := scanMacros(v, func(n string) { fast = append(fast, n) })
		errSlow := scanExpand(v, func(n string) { slow = append(slow, n) })
		if !slices.Equal(fast, slow) || errFast != errSlow {
			t.Errorf("%q: scanMacros %q %q, the expander %q %q", v, fast, errFast, slow, errSlow)
		}
	}
	if _, ok := plainReference("$default_recipient_limit"); !ok {
		t.Error("the short cut does not apply to a plain reference")
	}
}
