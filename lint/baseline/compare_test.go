package baseline

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/postlint/postlint/lint"
)

func all(Key) bool { return true }

func TestEntriesCount(t *testing.T) {
	a := Key{Rule: "PL1", File: "x/main.cf", At: "p"}
	b := Key{Rule: "PL2", File: "x/main.cf"}
	fs := []lint.Finding{{Message: "first a"}, {Message: "b"}, {Message: "second a"}}
	got := Entries([]Key{a, b, a}, fs)
	want := []Entry{{Key: a, Count: 2, Message: "first a"}, {Key: b, Count: 1, Message: "b"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Entries = %+v, want %+v", got, want)
	}
}

func TestCompareCounts(t *testing.T) {
	a := Key{Rule: "PL1", File: "x/main.cf", At: "p", Value: "0000000000000001"}
	b := Key{Rule: "PL2", File: "x/main.cf"}
	c := Key{Rule: "PL3", File: "y/main.cf"}
	base := &Baseline{Entries: []Entry{{Key: a, Count: 2}, {Key: b, Count: 1}, {Key: c, Count: 3}}}
	// Three findings of a where the baseline has two: the third is new.
	// b is gone: stale. c occurs once of three: two stale.
	cmp := Compare(base, []Key{a, a, c, a}, all)
	if want := []State{Unchanged, Unchanged, Unchanged, New}; !reflect.DeepEqual(cmp.States, want) {
		t.Errorf("States = %v, want %v", cmp.States, want)
	}
	if cmp.Baselined != 3 {
		t.Errorf("Baselined = %d", cmp.Baselined)
	}
	if want := []Entry{{Key: b, Count: 1}, {Key: c, Count: 2}}; !reflect.DeepEqual(cmp.Stale, want) {
		t.Errorf("Stale = %+v, want %+v", cmp.Stale, want)
	}
	// Entries of files the run did not cover are never stale.
	onlyX := func(k Key) bool { return k.File == "x/main.cf" }
	if cmp := Compare(base, nil, onlyX); len(cmp.Stale) != 2 || cmp.Stale[0].Key != a || cmp.Stale[1].Key != b {
		t.Errorf("Stale with coverage of x only: %+v", cmp.Stale)
	}
	if cmp := Compare(&Baseline{}, []Key{a}, all); cmp.States[0] != New || len(cmp.Stale) != 0 {
		t.Errorf("empty baseline: %+v", cmp)
	}
}

func TestMergeKeepsUncovered(t *testing.T) {
	x := Entry{Key: Key{Rule: "PL1", File: "x/main.cf"}, Count: 1}
	y := Entry{Key: Key{Rule: "PL1", File: "y/main.cf"}, Count: 4}
	fresh := Entry{Key: Key{Rule: "PL9", File: "x/main.cf"}, Count: 1}
	got, kept := Merge([]Entry{x, y}, []Entry{fresh}, func(k Key) bool { return k.File == "x/main.cf" })
	if want := []Entry{fresh, y}; !reflect.DeepEqual(got, want) || kept != 1 {
		t.Errorf("Merge = %+v (kept %d), want %+v", got, kept, want)
	}
}

func TestCoverage(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"hosts/mx1/main.cf", "hosts/mx2/main.cf", "hosts/mx2/sub/main.cf", "solo/master.cf", "solo/main.cf"} {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	isConfig := func(d string) bool {
		_, err := os.Stat(filepath.Join(d, "main.cf"))
		return err == nil
	}
	t.Chdir(dir)
	cov := NewCoverage(dir, []string{"hosts", filepath.Join(dir, "solo", "master.cf")}, isConfig)
	for file, want := range map[string]bool{
		"hosts/mx1/main.cf":     true,
		"hosts/gone/main.cf":    true, // a host whose directory was removed
		"hosts/mx2/sub/main.cf": true,
		"solo/master.cf":        true,
		"solo/main.cf":          false, // only master.cf was named
		"other/main.cf":         false,
		"hostsX/main.cf":        false,
	} {
		if got := cov.Covers(file); got != want {
			t.Errorf("Covers(%q) = %v, want %v", file, got, want)
		}
	}
	cov = NewCoverage(dir, []string{"hosts/mx2"}, isConfig)
	for file, want := range map[string]bool{
		"hosts/mx2/main.cf":     true,
		"hosts/mx2/master.cf":   true, // deleted since: still this directory's
		"hosts/mx2/sub/main.cf": false,
		"hosts/mx1/main.cf":     false,
	} {
		if got := cov.Covers(file); got != want {
			t.Errorf("config dir: Covers(%q) = %v, want %v", file, got, want)
		}
	}
}

func TestRoot(t *testing.T) {
	dir := t.TempDir()
	repo := filepath.Join(dir, "repo")
	hosts := filepath.Join(repo, "hosts", "mx1")
	if err := os.MkdirAll(hosts, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, ".git"), []byte("gitdir: elsewhere\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := Root(filepath.Join(repo, "hosts", ".postlint.toml"), []string{hosts}); err != nil || got != filepath.Join(repo, "hosts") {
		t.Errorf("Root with a settings file = %q, %v", got, err)
	}
	if got, err := Root("", []string{hosts}); err != nil || got != repo {
		t.Errorf("Root in a Git work tree = %q, %v", got, err)
	}
	t.Chdir(dir)
	wd, _ := os.Getwd()
	if got, err := Root("", []string{dir}); err != nil || got != wd {
		t.Errorf("Root outside Git = %q, %v; want the working directory %q", got, err, wd)
	}
}
