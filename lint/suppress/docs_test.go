package suppress

import (
	"regexp"
	"strings"
	"testing"

	"github.com/postlint/postlint/lint/syntax"
)

func TestDocs(t *testing.T) {
	ids := []string{MissingReason, Unused, UnknownRule, Malformed}
	ds := Docs()
	if len(ds) != len(ids) {
		t.Fatalf("%d docs for %d IDs", len(ds), len(ids))
	}
	name := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	for i, d := range ds {
		if d.ID != ids[i] {
			t.Errorf("doc %d is %s, want %s (ID order)", i, d.ID, ids[i])
		}
		if !name.MatchString(d.Name) {
			t.Errorf("%s: bad name %q", d.ID, d.Name)
		}
		for field, v := range map[string]string{"title": d.Title, "what": d.What, "why": d.Why,
			"symptom": d.Symptom, "before": d.Before, "after": d.After} {
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s: empty %s", d.ID, field)
			}
		}
		if d.Severity == 0 {
			t.Errorf("%s: no severity", d.ID)
		}
		if got, ok := Lookup(strings.ToUpper(d.Name)); !ok || got.ID != d.ID {
			t.Errorf("Lookup(%q) = %v, %v", d.Name, got.ID, ok)
		}
		r := Rules()[i]
		if r.ID != d.ID || r.Name != d.Name || r.Severity != d.Severity.String() || !r.Builtin {
			t.Errorf("Rules()[%d] = %+v", i, r)
		}
		ex := d.Rule(Scope, "lint/suppress").Explain()
		if !strings.HasPrefix(ex, d.ID+" "+d.Name+"\n"+d.Title+"\n") || !strings.Contains(ex, "Scope:      comment") {
			t.Errorf("%s: explain:\n%s", d.ID, ex)
		}
		// The example triggers the diagnostic; the fixed one does not.
		for _, c := range []struct {
			src  string
			want bool
		}{{d.Before, true}, {d.After, false}} {
			f := syntax.ParseMain("main.cf", []byte(c.src+"\n"))
			got := false
			for _, fd := range Apply([]*syntax.File{f}, nil, Options{Known: known}) {
				got = got || fd.Rule == d.ID
			}
			if got != c.want {
				t.Errorf("%s: reported %v for\n%s", d.ID, got, c.src)
			}
		}
	}
	ds[0].Title = "changed"
	if docs[0].Title == "changed" {
		t.Error("Docs returns the shared table")
	}
	if _, ok := Lookup("PL201"); ok {
		t.Error("Lookup finds a rule that is not a suppression diagnostic")
	}
}
