package postfix

import (
	"sort"
	"strings"
)

// Type is the kind of value a parameter takes, as far as the generator can
// tell from the documentation (see internal/gen for the rules).
type Type string

const (
	Unknown Type = "unknown" // no reliable clue
	Bool    Type = "bool"    // yes or no
	Int     Type = "int"     // integer, including byte sizes and counts
	Time    Type = "time"    // number with an optional unit s, m, h, d or w
	List    Type = "list"    // items separated by commas and/or whitespace
	Maps    Type = "maps"    // lookup tables (type:table), a list of them
	String  Type = "string"  // any other text, e.g. a name or a keyword
)

// Param describes one main.cf parameter. Values returned by Lookup are
// shared; do not modify them.
type Param struct {
	Name string
	// Default is the documented default, with $name references kept as
	// text and HTML entities decoded (&ge; becomes ">="). Some defaults
	// are descriptions, such as `see "postconf -d" output`, or depend on
	// the release ("Postfix >= 3.0: no, Postfix < 3.0: yes") or on load
	// ("normal: 300s, overload: 10s"); DefaultIn interprets them.
	Default string
	Type    Type
	// Unit is the documented default time unit ("s", "h", "d", ...) of a
	// Time parameter, or empty when the documentation names none.
	Unit string
	// Releases holds the first release of each release series that has
	// the parameter, oldest first. A backport shows as a patch release,
	// e.g. 3.8.11, 3.9.2, 3.10.0.
	Releases []Version
	// Last is the last release known to have the parameter. When it is
	// Newest, the parameter is current.
	Last Version
	// Template marks a documentation placeholder such as
	// transport_time_limit, where "transport" stands for a master.cf
	// service name (see DerivedServiceParam).
	Template bool
	// Deprecated is non-nil when the parameter is obsolete.
	Deprecated *Deprecation
}

// Deprecation says why a parameter should no longer be used.
type Deprecation struct {
	// Since is the release from which the documentation says to stop
	// using the parameter (for example the release that introduced the
	// replacement); zero when the documentation names none.
	Since Version
	// Replacement is the parameter to use instead, if there is one.
	Replacement string
	// Note is the documentation's wording.
	Note string
}

// genParam is the generated form of a table entry (see params_gen.go).
type genParam struct {
	name     string
	avail    string  // first release per series; a final "+" means x.y.0 of each later series
	last     Version // zero means newest
	def      string
	typ      Type
	unit     string
	template bool
	dep      *Deprecation
}

var (
	params = buildParams()
	index  = buildIndex(params)
)

func buildParams() []Param {
	ps := make([]Param, len(table))
	for i, g := range table {
		last := g.last
		if last.IsZero() {
			last = newest
		}
		ps[i] = Param{
			Name:       g.name,
			Default:    g.def,
			Type:       g.typ,
			Unit:       g.unit,
			Releases:   decodeAvail(g.avail, last),
			Last:       last,
			Template:   g.template,
			Deprecated: g.dep,
		}
		if d, ok := manualDeprecations[g.name]; ok {
			ps[i].Deprecated = &d
		}
	}
	return ps
}

func buildIndex(ps []Param) map[string]*Param {
	m := make(map[string]*Param, len(ps))
	for i := range ps {
		m[ps[i].Name] = &ps[i]
	}
	return m
}

// decodeAvail expands the compact availability of the generated table. It
// returns nil for malformed input (which the tests rule out).
func decodeAvail(enc string, last Version) []Version {
	var out []Version
	for _, part := range strings.Split(enc, ",") {
		plus := strings.HasSuffix(part, "+")
		v, err := ParseVersion(strings.TrimSuffix(part, "+"))
		if err != nil {
			return nil
		}
		out = append(out, v)
		if plus {
			for _, s := range releaseSeries {
				if v.Less(s) && !last.Less(s) {
					out = append(out, s)
				}
			}
		}
	}
	return out
}

// Lookup returns the built-in parameter with the given name. It does not
// know names derived at run time; see DerivedServiceParam,
// UserDefinedNames and DerivedDBParam for those.
func Lookup(name string) (*Param, bool) {
	p, ok := index[name]
	return p, ok
}

// Names returns the names of all parameters in the table, sorted.
func Names() []string {
	names := make([]string, len(params))
	for i := range params {
		names[i] = params[i].Name
	}
	sort.Strings(names)
	return names
}

// Since returns the first release known to have the parameter. The table
// starts with the 2.6 series, so 2.6.0 means "2.6.0 or earlier".
func (p *Param) Since() Version {
	if len(p.Releases) == 0 {
		return Version{}
	}
	return p.Releases[0]
}

// AvailableIn reports whether release v has the parameter. Within a
// series the parameter exists from the listed first release on (so a
// parameter backported to 3.8.11 is not in 3.8.10), and not at all in a
// series that is not listed; a parameter whose last release is older than
// Newest is gone after that release. Versions older than Oldest are
// treated as Oldest, and a series newer than that of Newest is assumed to
// keep every current parameter.
func (p *Param) AvailableIn(v Version) bool {
	if len(p.Releases) == 0 {
		return false
	}
	if v.Less(Oldest) {
		v = Oldest
	}
	current := p.Last == Newest
	if !current && p.Last.Less(v) {
		return false
	}
	for _, r := range p.Releases {
		if r.sameSeries(v) {
			return !v.Less(r)
		}
	}
	return current && !v.sameSeries(Newest) && Newest.Less(v)
}

// DefaultIn returns the default value in release v, with $name references
// kept as text. It resolves the forms "Postfix >= X: a, Postfix < X: b"
// and "normal: a, overload: b" (giving a) and reads "empty" as the empty
// string. ok is false when the documentation gives no literal value (`see
// "postconf -d" output`, "version dependent") or none for v.
func (p *Param) DefaultIn(v Version) (value string, ok bool) {
	d := p.Default
	switch {
	case strings.HasPrefix(d, "see ") || d == "version dependent" || d == "no default":
		return "", false
	case strings.HasPrefix(d, "normal: "):
		normal, _, ok := strings.Cut(strings.TrimPrefix(d, "normal: "), ", overload: ")
		if !ok {
			return "", false
		}
		return literalDefault(normal), true
	case strings.HasPrefix(d, "Postfix "):
		for _, clause := range strings.Split(d, "Postfix ")[1:] {
			cond, val, ok := strings.Cut(clause, ": ")
			if !ok {
				return "", false
			}
			val = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(val), ",;"))
			if matchCondition(cond, v) {
				return literalDefault(val), true
			}
		}
		return "", false
	}
	return literalDefault(d), true
}

// matchCondition evaluates ">= 3.0", "< 3.0" or "3.10" (a whole series)
// against v.
func matchCondition(cond string, v Version) bool {
	op := ""
	for _, o := range []string{">=", "<=", "<", ">"} {
		if strings.HasPrefix(cond, o) {
			op, cond = o, strings.TrimSpace(cond[len(o):])
			break
		}
	}
	c, err := ParseVersion(cond)
	if err != nil {
		return false
	}
	switch op {
	case ">=":
		return v.AtLeast(c)
	case "<=":
		return !c.Less(v)
	case "<":
		return v.Less(c)
	case ">":
		return c.Less(v)
	}
	return v.sameSeries(c)
}

func literalDefault(s string) string {
	if s == "empty" {
		return ""
	}
	return s
}
