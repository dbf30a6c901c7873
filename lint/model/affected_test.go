package model

import (
	"slices"
	"testing"

	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/lint/syntax"
)

// TestDefaultRefsMatchParser checks that the names postfix.DefaultRefs
// reads from each default of each release (a scanner of the knowledge
// package) are those this package's value parser finds.
func TestDefaultRefsMatchParser(t *testing.T) {
	n, skipped := 0, 0
	for v := postfix.Oldest; !postfix.Newest.Less(v); v = nextRelease(v) {
		refs := map[string][]string{}
		for _, d := range postfix.DefaultRefs(v) {
			refs[d.Param.Name] = d.Refs
		}
		for _, name := range postfix.Names() {
			p, _ := postfix.Lookup(name)
			def, ok := p.DefaultIn(v)
			if p.Template || !ok {
				continue
			}
			f := syntax.ParseMain("", []byte("x = "+def+"\n"))
			parts, errs := f.Macros(f.Params()[0].Value)
			want, got := refNames(parts), refs[name]
			switch {
			case slices.Equal(got, want):
			case len(errs) > 0:
				// Syntax the parser does not read, such as 3.11's
				// ${domain_to_ascii{$mydomain}}: the scanner's names
				// are those postconf's mac_expand finds.
				skipped++
			default:
				t.Errorf("%s: %s = %q: refs %q, the parser finds %q", v, name, def, got, want)
			}
			n += len(want)
		}
	}
	if n == 0 || skipped > 2 {
		t.Fatalf("%d names compared, %d defaults the parser does not read", n, skipped)
	}
}

// nextRelease steps through the series and the newest patch release of
// each.
func nextRelease(v postfix.Version) postfix.Version {
	if newest := postfix.NewestOf(v); v.Less(newest) {
		return newest
	}
	if v.Major == 2 && v.Minor == 11 {
		return postfix.Version{Major: 3}
	}
	return postfix.Version{Major: v.Major, Minor: v.Minor + 1}
}
