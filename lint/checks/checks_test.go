package checks

import (
	"testing"

	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/lint/settings"
	"github.com/postlint/postlint/rules"
)

func TestAllAndRan(t *testing.T) {
	set, err := rules.Load(true)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, r := range All(set) {
		if ids[r.ID] {
			t.Errorf("%s listed twice", r.ID)
		}
		ids[r.ID] = true
	}
	// One of each kind: a TOML rule, a host check, a suppression
	// diagnostic, a probe check.
	for _, id := range []string{"PL201", "PL801", "PL001", "PL901"} {
		if !ids[id] {
			t.Errorf("All lacks %s", id)
		}
	}
	v37, _ := postfix.ParseVersion("3.7.11")
	v29, _ := postfix.ParseVersion("2.9.0")
	st, err := settings.Parse(".postlint.toml", []byte("disable = [\"PL207\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		id   string
		v    postfix.Version
		host bool
		st   *settings.Settings
		want bool
	}{
		{"PL201", v37, false, nil, true},
		{"PL201", v29, false, nil, false}, // wrapper mode is 3.0 and later
		{"PL207", v37, false, st, false},  // disabled
		{"PL801", v37, false, nil, false},
		{"PL801", v37, true, nil, true},
		{"PL901", v37, true, nil, false}, // postlint probe's
		{"PL001", v37, false, nil, true},
	} {
		if got := Ran(set, c.st, c.v, c.host, c.id); got != c.want {
			t.Errorf("Ran(%s, %s, host %v) = %v, want %v", c.id, c.v, c.host, got, c.want)
		}
	}
}
