package baseline

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/syntax"
)

// Key identifies a finding independently of its line; see the package
// documentation.
type Key struct {
	Rule string
	// File is the path relative to the repository root, with forward
	// slashes (see Rel).
	File string
	// Param is the parameter the finding is about (lint.Finding.Param);
	// "" for none.
	Param string
	// At is what the finding points at: a main.cf parameter name,
	// "NAME/TYPE" for a master.cf service or "NAME/TYPE -o PARAM" for
	// one of its -o options; "" for anything else (a comment, a line
	// Postfix cannot read, the file as a whole, a table source).
	At string
	// Value is 16 hex digits of the SHA-256 of the normalised value
	// that At names (and of Param's main.cf value when Param is another
	// parameter); "" when nothing is hashed.
	Value string
}

// Fingerprint is a stable identifier of the n-th finding (n from 1) with
// this key, for formats that want one per finding (GitLab Code Quality,
// SARIF partialFingerprints): 64 hex digits.
func (k Key) Fingerprint(n int) string {
	h := sha256.New()
	for _, s := range []string{"postlint-baseline-1", k.Rule, k.File, k.Param, k.At, k.Value} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	if n > 1 {
		h.Write([]byte(strconv.Itoa(n)))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Fingerprints returns the fingerprint of each key, numbering repeated
// keys in order, so that no two findings share one.
func Fingerprints(keys []Key) []string {
	seen := make(map[Key]int, len(keys))
	out := make([]string, len(keys))
	for i, k := range keys {
		seen[k]++
		out[i] = k.Fingerprint(seen[k])
	}
	return out
}

// Locator computes the keys of the findings of one configuration
// directory from its parsed files.
type Locator struct {
	root  string
	files map[string]*syntax.File
	main  *syntax.File
	rel   map[string]string // file name → Rel, memoised
}

// NewLocator returns a Locator for the files of one configuration
// directory (main.cf and master.cf as parsed for the findings; either
// may be missing), with paths relative to root (an absolute directory,
// see Root).
func NewLocator(root string, files []*syntax.File) *Locator {
	l := &Locator{root: root, files: make(map[string]*syntax.File, len(files)), rel: map[string]string{}}
	for _, f := range files {
		l.files[f.Name] = f
		if f.Kind == syntax.MainCF && l.main == nil {
			l.main = f
		}
	}
	return l
}

// Keys returns the key of each finding.
func (l *Locator) Keys(findings []lint.Finding) []Key {
	out := make([]Key, len(findings))
	for i, f := range findings {
		out[i] = l.Key(f)
	}
	return out
}

// Key returns the key of a finding.
func (l *Locator) Key(f lint.Finding) Key {
	k := Key{Rule: f.Rule, File: l.relPath(f.File), Param: f.Param}
	file := l.files[f.File]
	if file == nil {
		// A table source or another file postlint did not parse: its
		// findings carry no line number in their message, which stands
		// for the text.
		k.Value = hash(f.Message)
		return k
	}
	if f.Pos == 0 && f.End <= f.Pos {
		return k // about the file as a whole
	}
	at, param, value := entryAt(file, f.Pos)
	k.At = at
	if f.Param != "" && f.Param != param {
		if p := l.mainSetting(f.Param); p != nil {
			value += "\x00" + normalise(p.Value.Text)
		}
	}
	if value != "" {
		k.Value = hash(value)
	}
	return k
}

func (l *Locator) relPath(file string) string {
	if r, ok := l.rel[file]; ok {
		return r
	}
	r := Rel(l.root, file)
	l.rel[file] = r
	return r
}

// mainSetting returns the effective main.cf setting of name (the last
// one), or nil.
func (l *Locator) mainSetting(name string) *syntax.Param {
	if l.main == nil {
		return nil
	}
	var found *syntax.Param
	for _, n := range l.main.Nodes {
		if p, ok := n.(*syntax.Param); ok && p.Name.Text == name {
			found = p
		}
	}
	return found
}

// entryAt describes the logical line of f that holds offset pos: what it
// is (At), the parameter it sets ("" for none) and its value as text.
func entryAt(f *syntax.File, pos syntax.Pos) (at, param, value string) {
	i := sort.Search(len(f.Nodes), func(i int) bool { return f.Nodes[i].End() > pos })
	if i == len(f.Nodes) {
		return "", "", ""
	}
	switch n := f.Nodes[i].(type) {
	case *syntax.Param:
		return n.Name.Text, n.Name.Text, normalise(n.Value.Text)
	case *syntax.Service:
		svc := n.Field(syntax.FieldName) + "/" + n.Field(syntax.FieldType)
		for _, o := range n.Options {
			if o.Setting != nil && o.Pos <= pos && pos < o.End {
				name := o.Setting.Name.Text
				return svc + " -o " + name, name, normalise(o.Setting.Value.Text)
			}
		}
		return svc, "", serviceText(n)
	case *syntax.BadLine:
		return "", "", normalise(n.Text)
	case *syntax.Comment:
		return "", "", normalise(n.Text)
	}
	return "", "", ""
}

// serviceText is a service's fields after the name and type, its
// options other than -o settings and its arguments: what a finding about
// the service (not one of its -o) is about.
func serviceText(s *syntax.Service) string {
	var words []string
	for i := syntax.FieldPrivate; i < len(s.Fields); i++ {
		words = append(words, s.Fields[i].Text)
	}
	for _, o := range s.Options {
		if o.Setting != nil {
			continue
		}
		words = append(words, "-"+string(o.Flag))
		if o.Arg != nil {
			words = append(words, o.Arg.Text)
		}
	}
	for _, a := range s.Args {
		words = append(words, a.Text)
	}
	return normalise(strings.Join(words, " "))
}

// normalise makes values that Postfix reads alike hash alike: runs of
// white space (continuation lines included) become one space, and
// blanks around commas go.
func normalise(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(strings.ReplaceAll(s, ", ", ","), " ,", ",")
}

func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:8])
}

// Rel returns file relative to root with forward slashes, the form keys
// use: root must be absolute. A file outside root keeps the ".." steps;
// one that cannot be made relative (another drive) stays absolute.
func Rel(root, file string) string {
	abs, err := filepath.Abs(file)
	if err != nil {
		return filepath.ToSlash(file)
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(rel)
}
