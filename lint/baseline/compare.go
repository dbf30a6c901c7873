package baseline

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/postlint/postlint/lint"
)

// State is how a finding compares with the baseline. The names are
// SARIF's baselineState values.
type State uint8

// States.
const (
	New       State = iota + 1 // not in the baseline
	Unchanged                  // in the baseline
	Absent                     // a baseline entry that matches no finding (stale)
)

func (s State) String() string {
	switch s {
	case New:
		return "new"
	case Unchanged:
		return "unchanged"
	case Absent:
		return "absent"
	}
	return ""
}

// Entries counts findings by key, for writing a baseline; keys[i] is the
// key of findings[i].
func Entries(keys []Key, findings []lint.Finding) []Entry {
	index := make(map[Key]int, len(keys))
	var out []Entry
	for i, k := range keys {
		if j, ok := index[k]; ok {
			out[j].Count++
			continue
		}
		index[k] = len(out)
		out = append(out, Entry{Key: k, Count: 1, Message: findings[i].Message})
	}
	Sort(out)
	return out
}

// Comparison is the outcome of Compare.
type Comparison struct {
	// States has the state of each finding, New or Unchanged.
	States []State
	// Stale lists the entries, or the part of their count, that match
	// no finding, among the entries the run covered; sorted.
	Stale []Entry
	// Baselined is the number of Unchanged findings.
	Baselined int
}

// Compare matches the keys of the findings of a run against the
// baseline. Findings of one key are matched in order: with N entries of
// a key in the baseline, the first N findings of it are Unchanged and
// the rest New. Entries the run did not judge (judged is false: a file
// it did not cover, see Coverage, or a rule that did not run) are not
// stale: the run could not have found them.
func Compare(b *Baseline, keys []Key, judged func(Key) bool) Comparison {
	left := make(map[Key]int, len(b.Entries))
	for _, e := range b.Entries {
		left[e.Key] += e.Count
	}
	c := Comparison{States: make([]State, len(keys))}
	for i, k := range keys {
		if left[k] > 0 {
			left[k]--
			c.States[i] = Unchanged
			c.Baselined++
			continue
		}
		c.States[i] = New
	}
	for _, e := range b.Entries {
		if n := left[e.Key]; n > 0 && judged(e.Key) {
			e.Count = n
			c.Stale = append(c.Stale, e)
		}
	}
	return c
}

// Merge returns the entries of a new baseline written by a run: the
// fresh entries of the run, and those of the old baseline that the run
// did not judge (see Compare), which it could not have found.
func Merge(old, fresh []Entry, judged func(Key) bool) (merged []Entry, kept int) {
	merged = append([]Entry(nil), fresh...)
	for _, e := range old {
		if !judged(e.Key) {
			merged = append(merged, e)
			kept++
		}
	}
	Sort(merged)
	return merged, kept
}

// Coverage says which baseline files a run checked, from the paths it
// was given: a file stands for itself, a configuration directory for
// the files directly in it, any other directory for everything below
// it (a tree that is searched, where a host whose directory is gone
// leaves stale entries).
type Coverage struct {
	root  string
	files map[string]bool // absolute
	dirs  map[string]bool // configuration directories, absolute
	trees []string        // absolute, with a trailing separator
}

// NewCoverage describes the paths of a run; root is as for Rel, and
// isConfigDir tells configuration directories from trees.
func NewCoverage(root string, paths []string, isConfigDir func(string) bool) *Coverage {
	c := &Coverage{root: root, files: map[string]bool{}, dirs: map[string]bool{}}
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		st, err := os.Stat(abs)
		switch {
		case err != nil:
		case !st.IsDir():
			c.files[abs] = true
		case isConfigDir(abs):
			c.dirs[abs] = true
		default:
			c.trees = append(c.trees, strings.TrimSuffix(abs, string(filepath.Separator))+string(filepath.Separator))
		}
	}
	return c
}

// Covers reports whether the run checked file, a path relative to root
// as in a Key.
func (c *Coverage) Covers(file string) bool {
	abs := filepath.Join(c.root, filepath.FromSlash(file))
	if filepath.IsAbs(filepath.FromSlash(file)) {
		abs = filepath.Clean(filepath.FromSlash(file))
	}
	if c.files[abs] || c.dirs[filepath.Dir(abs)] {
		return true
	}
	for _, t := range c.trees {
		if strings.HasPrefix(abs, t) {
			return true
		}
	}
	return false
}
