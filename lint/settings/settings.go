package settings

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/postlint/postlint/internal/fileerr"
	"github.com/postlint/postlint/internal/safefile"
	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/postfix"
)

// MaxFileSize bounds the configuration file: a few kilobytes in practice.
const MaxFileSize = 1 << 20

// Settings is a decoded configuration file. The zero values of its
// fields mean "not set"; command-line flags take precedence over what is
// set.
type Settings struct {
	File string // the file it was read from

	PostfixVersion postfix.Version // postfix_version; zero when not set
	FailLevel      lint.Severity   // fail_level; 0 when not set
	// RuleFiles are the files of key rules, relative to the current
	// directory (or absolute): the file names are taken relative to the
	// configuration file's directory.
	RuleFiles []string

	// Baseline is the file of key baseline, resolved like RuleFiles;
	// "" when not set. It need not exist when the settings are read
	// (--write-baseline creates it); BaselineLine is the key's line, for
	// errors about the file.
	Baseline     string
	BaselineLine int

	Enable, Disable []Selector
	// Severities are the entries of the [severity] table, in file order.
	Severities []SeverityOverride

	names map[string]string // rule ID (upper case) → name, set by Check
}

// Selector picks rules: a rule ID or name, or a glob with * and ? that
// IDs and names are matched against (path.Match syntax). Selectors
// compare without regard to case.
type Selector struct {
	Text string
	Key  string // the key it appears under: "enable", "severity.PL201"
	Line int    // its line in the configuration file
}

// SeverityOverride is one entry of the [severity] table.
type SeverityOverride struct {
	Selector
	Severity lint.Severity // 0 for "off"
}

// IsGlob reports whether the selector is a pattern rather than an ID or
// name.
func (s Selector) IsGlob() bool { return strings.ContainsAny(s.Text, `*?[\`) }

// Match reports whether the selector picks the rule with this ID and
// name (name may be empty).
func (s Selector) Match(id, name string) bool {
	pat := strings.ToLower(s.Text)
	for _, c := range []string{id, name} {
		if c == "" {
			continue
		}
		c = strings.ToLower(c)
		if s.IsGlob() {
			if ok, _ := path.Match(pat, c); ok {
				return true
			}
		} else if pat == c {
			return true
		}
	}
	return false
}

// Error is a problem in a configuration file, at a line when it is known; Errors is
// every problem found in one file, in file order.
type (
	Error  = fileerr.Error
	Errors = fileerr.List
)

// topKeys are the keys a configuration file may hold.
var topKeys = []string{"postfix_version", "fail_level", "rules", "baseline", "enable", "disable", "severity"}

// Load reads and decodes a configuration file. Problems are returned as
// Errors, all of them; an unreadable file (also anything but a regular
// file, or one above MaxFileSize) as a *safefile.Error.
func Load(file string) (*Settings, error) {
	src, _, err := safefile.Read(file, MaxFileSize)
	if err != nil {
		return nil, err
	}
	return Parse(file, src)
}

// Parse decodes the configuration file named file whose content is src.
// Rule files (key rules) must exist relative to file's directory.
func Parse(file string, src []byte) (*Settings, error) {
	var raw struct {
		PostfixVersion toml.Primitive `toml:"postfix_version"`
		FailLevel      toml.Primitive `toml:"fail_level"`
		Rules          toml.Primitive `toml:"rules"`
		Baseline       toml.Primitive `toml:"baseline"`
		Enable         toml.Primitive `toml:"enable"`
		Disable        toml.Primitive `toml:"disable"`
		Severity       toml.Primitive `toml:"severity"`
	}
	md, err := toml.Decode(string(src), &raw)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, Errors{{File: file, Line: pe.Position.Line, Msg: "TOML: " + pe.Message}}
		}
		return nil, Errors{{File: file, Msg: err.Error()}}
	}
	d := &decoder{s: &Settings{File: file}, md: md, keys: scanKeys(string(src))}
	d.version(raw.PostfixVersion)
	d.failLevel(raw.FailLevel)
	d.ruleFiles(raw.Rules)
	d.baseline(raw.Baseline)
	d.s.Enable = d.selectors("enable", raw.Enable)
	d.s.Disable = d.selectors("disable", raw.Disable)
	d.severities(raw.Severity)
	d.unknownKeys()
	if len(d.errs) > 0 {
		sort.SliceStable(d.errs, func(i, j int) bool { return d.errs[i].Line < d.errs[j].Line })
		return nil, d.errs
	}
	return d.s, nil
}

// decoder decodes the keys of one file, collecting errors.
type decoder struct {
	s    *Settings
	md   toml.MetaData
	keys *keyLines
	errs Errors
}

func (d *decoder) errorf(line int, format string, args ...any) {
	d.errs = append(d.errs, &Error{File: d.s.File, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// str decodes a string value; ok is false when the key is absent or
// not a string (which is reported).
func (d *decoder) str(key []string, p toml.Primitive) (s string, ok bool) {
	name := strings.Join(key, ".")
	if !d.md.IsDefined(key...) {
		return "", false
	}
	if t := d.md.Type(key...); t != "String" {
		d.errorf(d.keys.line(name), "%s: want a string, not %s", name, typeName(t))
		return "", false
	}
	if err := d.md.PrimitiveDecode(p, &s); err != nil {
		d.errorf(d.keys.line(name), "%s: %v", name, err)
		return "", false
	}
	return s, true
}

// strs decodes an array of strings.
func (d *decoder) strs(key string, p toml.Primitive) []string {
	if !d.md.IsDefined(key) {
		return nil
	}
	var out []string
	if t := d.md.Type(key); t != "Array" || d.md.PrimitiveDecode(p, &out) != nil {
		d.errorf(d.keys.line(key), "%s: want an array of strings, not %s", key, typeName(t))
		return nil
	}
	return out
}

func (d *decoder) version(p toml.Primitive) {
	s, ok := d.str([]string{"postfix_version"}, p)
	if !ok {
		return
	}
	v, err := postfix.ParseTarget(s)
	if err != nil {
		d.errorf(d.keys.line("postfix_version"), "postfix_version: %v", err)
		return
	}
	d.s.PostfixVersion = v
}

func (d *decoder) failLevel(p toml.Primitive) {
	s, ok := d.str([]string{"fail_level"}, p)
	if !ok {
		return
	}
	sev, err := lint.ParseSeverity(s)
	if err != nil {
		d.errorf(d.keys.line("fail_level"), "fail_level: %v", err)
		return
	}
	d.s.FailLevel = sev
}

func (d *decoder) ruleFiles(p toml.Primitive) {
	dir := filepath.Dir(d.s.File)
	seen := map[string]bool{}
	for _, name := range d.strs("rules", p) {
		line := d.keys.elemLine("rules", name)
		if name == "" {
			d.errorf(line, "rules: empty file name")
			continue
		}
		f := name
		if !filepath.IsAbs(f) {
			f = filepath.Join(dir, f)
		}
		st, err := os.Stat(f)
		switch {
		case err != nil:
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			d.errorf(line, "rules: %s: %v", f, err)
			continue
		case !st.Mode().IsRegular():
			d.errorf(line, "rules: %s: not a regular file", f)
			continue
		case seen[f]:
			continue
		}
		seen[f] = true
		d.s.RuleFiles = append(d.s.RuleFiles, f)
	}
}

// baseline resolves the baseline file relative to the configuration
// file; whether it exists is for the run to say, since writing a
// baseline creates it.
func (d *decoder) baseline(p toml.Primitive) {
	name, ok := d.str([]string{"baseline"}, p)
	if !ok {
		return
	}
	line := d.keys.line("baseline")
	if strings.TrimSpace(name) == "" {
		d.errorf(line, "baseline: empty file name")
		return
	}
	if !filepath.IsAbs(name) {
		name = filepath.Join(filepath.Dir(d.s.File), name)
	}
	d.s.Baseline, d.s.BaselineLine = name, line
}

func (d *decoder) selectors(key string, p toml.Primitive) []Selector {
	var out []Selector
	for _, text := range d.strs(key, p) {
		sel := Selector{Text: text, Key: key, Line: d.keys.elemLine(key, text)}
		if d.checkSelector(sel) {
			out = append(out, sel)
		}
	}
	return out
}

// checkSelector reports a selector that is empty or a malformed glob.
func (d *decoder) checkSelector(sel Selector) bool {
	if strings.TrimSpace(sel.Text) == "" {
		d.errorf(sel.Line, "%s: empty rule ID or name", sel.Key)
		return false
	}
	if _, err := path.Match(sel.Text, ""); err != nil {
		d.errorf(sel.Line, "%s: bad pattern %q: %v", sel.Key, sel.Text, err)
		return false
	}
	return true
}

func (d *decoder) severities(p toml.Primitive) {
	if !d.md.IsDefined("severity") {
		return
	}
	// A table made by dotted keys (severity.PL201 = "off") has no type.
	if t := d.md.Type("severity"); t != "Hash" && t != "" {
		d.errorf(d.keys.line("severity"), "severity: want a table ([severity]), not %s", typeName(t))
		return
	}
	var table map[string]toml.Primitive
	if err := d.md.PrimitiveDecode(p, &table); err != nil {
		d.errorf(d.keys.line("severity"), "severity: %v", err)
		return
	}
	// Keys gives the file order that the map loses.
	for _, k := range d.md.Keys() {
		if len(k) != 2 || k[0] != "severity" {
			continue
		}
		prim, ok := table[k[1]]
		if !ok {
			continue
		}
		name := "severity." + k[1]
		line := d.keys.line(name)
		value, ok := d.str([]string(k), prim)
		if !ok {
			continue
		}
		sel := Selector{Text: k[1], Key: name, Line: line}
		if !d.checkSelector(sel) {
			continue
		}
		o := SeverityOverride{Selector: sel}
		if !strings.EqualFold(value, "off") {
			sev, err := lint.ParseSeverity(value)
			if err != nil {
				d.errorf(line, "%s: unknown severity %q (want error, warning, info or off)", name, value)
				continue
			}
			o.Severity = sev
		}
		d.s.Severities = append(d.s.Severities, o)
	}
}

// unknownKeys reports keys that are not part of the format, at the
// outermost unknown level. Keys below a known key whose value had the
// wrong type were reported with it.
func (d *decoder) unknownKeys() {
	reported := map[string]bool{}
	for _, k := range d.md.Undecoded() {
		top := k[0]
		if contains(topKeys, top) || reported[top] {
			continue
		}
		reported[top] = true
		msg := fmt.Sprintf("unknown key %q", top)
		if s := suggest(top); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		d.errorf(d.keys.line(top), "%s", msg)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// typeName turns a TOML type as MetaData.Type gives it into words.
func typeName(t string) string {
	switch t {
	case "Hash", "": // "" is a table made by dotted keys
		return "a table"
	case "ArrayHash":
		return "an array of tables"
	case "Array":
		return "an array"
	case "Integer":
		return "an integer"
	}
	return "a " + strings.ToLower(t)
}

// suggest returns the known key closest to an unknown one, or "".
func suggest(key string) string {
	best, bestDist := "", 3
	for _, k := range topKeys {
		if dist := editDistance(strings.ToLower(key), k); dist < bestDist {
			best, bestDist = k, dist
		}
	}
	return best
}

// editDistance is the Levenshtein distance of a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
