package postfix

import (
	"fmt"
	"strings"
	"sync"
)

// Kind is how the code of a release reads a parameter: the kind of its
// configuration table entry (facts/param-types.tsv).
type Kind string

const (
	KindNone  Kind = ""       // not read through a typed table entry
	KindBool  Kind = "bool"   // yes or no (any case)
	KindNBool Kind = "nbool"  // yes or no; the default may hold $name
	KindInt   Kind = "int"    // a decimal C int, within Min and Max
	KindNInt  Kind = "nint"   // a decimal C int; the default may hold $name
	KindLong  Kind = "long"   // a decimal C long, within Min and Max
	KindTime  Kind = "time"   // a number with an optional unit letter
	KindStr   Kind = "str"    // text, $name expanded; Min and Max bound its length
	KindRaw   Kind = "raw"    // text, not expanded; Min and Max bound its length
	KindStrFn Kind = "str_fn" // text whose default a function computes
)

// Numeric reports whether the kind is read as a number.
func (k Kind) Numeric() bool { return k == KindInt || k == KindNInt || k == KindLong }

// Boolean reports whether the kind is read as yes or no.
func (k Kind) Boolean() bool { return k == KindBool || k == KindNBool }

// Facts is what one release does with a parameter.
type Facts struct {
	// Maybe reports that whether the release has the parameter is not
	// known: it lies between two releases of its series of which only
	// one has it. Callers give it the benefit of the doubt.
	Maybe bool
	// Legacy reports an old name that the release knows only because the
	// default of its successor refers to it, such as virtual_maps
	// (postconf's legacy parameters).
	Legacy bool
	Kind   Kind
	// Min and Max bound the value as the release's code does; 0 means no
	// bound. For strings they bound the length, for times the seconds.
	Min, Max int64
	// Unit is the unit letter of a bare number of a time parameter.
	Unit byte
	// Default is what postconf -d of the release prints (of the nearest
	// release the facts describe); HasDefault is false for values that
	// describe the build machine (myhostname, directories, ...).
	Default    string
	HasDefault bool
}

// Param describes one main.cf parameter. Values returned by Lookup are
// shared; do not modify them.
type Param struct {
	Name string
	// Template marks a documentation placeholder such as
	// transport_time_limit, where "transport" stands for a master.cf
	// service name (see DerivedServiceParam).
	Template bool
	// Deprecated is non-nil when the parameter is obsolete.
	Deprecated *Deprecation
	// Readers are the master.cf commands (daemon names) whose processes
	// read the parameter through their configuration tables, and
	// ReadByAll reports that every Postfix process reads it
	// (mail_params.c) or that postfix(1) or sendmail(1) do. A bad value
	// makes these programs fail.
	Readers   []string
	ReadByAll bool
	spans     []genSpan
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
	// Warns is the first release that logs a warning when the parameter
	// is set; zero when no release does (Postfix stays silent).
	Warns Version
}

// genSpan holds the facts of the releases [from, until); a zero until
// means every later release.
type genSpan struct {
	from, until Version
	maybe       bool
	legacy      bool
	kind        Kind
	min, max    int64
	unit        byte
	def         string
	nodef       bool
}

func (s *genSpan) contains(v Version) bool {
	return !v.Less(s.from) && (s.until.IsZero() || v.Less(s.until))
}

// The parameter table is static data (params_gen.go, sorted by name),
// so that no start pays for building it. The deprecations written by
// hand (deprecated.go) are kept in copies of the few entries they
// change: writing them into the table made the kernel copy its pages.

// withDeprecations holds those copies, made on first use.
var withDeprecations = sync.OnceValue(func() map[string]*Param {
	m := make(map[string]*Param)
	get := func(name string) *Param {
		if p := m[name]; p != nil {
			return p
		}
		if p := find(name); p != nil {
			c := *p
			m[name] = &c
			return &c
		}
		return nil
	}
	for name, d := range manualDeprecations {
		if p := get(name); p != nil {
			p.Deprecated = &d
		}
	}
	for name, w := range deprecationWarnings() {
		p := m[name]
		if p == nil {
			p = find(name)
		}
		if p != nil && p.Deprecated != nil {
			p = get(name)
			d := *p.Deprecated
			d.Warns = w
			p.Deprecated = &d
		}
	}
	return m
})

// param returns the i-th parameter of the table, with its deprecation.
func param(i int) *Param {
	if p := withDeprecations()[table[i].Name]; p != nil {
		return p
	}
	return &table[i]
}

// find returns the table's entry of name, nil if there is none.
func find(name string) *Param {
	lo, hi := 0, len(table)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if table[m].Name < name {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(table) && table[lo].Name == name {
		return &table[lo]
	}
	return nil
}

// Lookup returns the built-in parameter with the given name: every name a
// release from Oldest to Newest reads or documents. It does not know names
// derived at run time; see DerivedServiceParam, UserDefinedNames and
// DerivedDBParam for those.
func Lookup(name string) (*Param, bool) {
	if p := withDeprecations()[name]; p != nil {
		return p, true
	}
	p := find(name)
	return p, p != nil
}

// All calls f for each parameter of the table, in name order. The
// parameters are shared: f must not modify them.
func All(f func(*Param)) {
	for i := range table {
		f(param(i))
	}
}

// Names returns the names of all parameters in the table, sorted.
func Names() []string {
	names := make([]string, len(table))
	for i := range table {
		names[i] = table[i].Name
	}
	return names // the table is sorted
}

// clamp maps versions older than Oldest to Oldest.
func clamp(v Version) Version {
	if v.Less(Oldest) {
		return Oldest
	}
	return v
}

// In returns the facts of release v. ok is false when the release does
// not have the parameter (its postconf would warn "unused parameter" and
// no daemon reads it).
func (p *Param) In(v Version) (Facts, bool) {
	v = clamp(v)
	for i := range p.spans {
		s := &p.spans[i]
		if s.contains(v) {
			return Facts{
				Maybe: s.maybe, Legacy: s.legacy, Kind: s.kind, Min: s.min, Max: s.max, Unit: s.unit,
				Default: s.def, HasDefault: !s.nodef,
			}, true
		}
	}
	return Facts{}, false
}

// AvailableIn reports whether release v has the parameter, or may have it
// (Facts.Maybe).
func (p *Param) AvailableIn(v Version) bool {
	_, ok := p.In(v)
	return ok
}

// WarnsIn reports whether release v logs a warning about the parameter
// being set (see Deprecation.Warns).
func (p *Param) WarnsIn(v Version) bool {
	return p.Deprecated != nil && !p.Deprecated.Warns.IsZero() && v.AtLeast(p.Deprecated.Warns)
}

// DefinitelyIn reports whether release v is known to have the parameter.
func (p *Param) DefinitelyIn(v Version) bool {
	f, ok := p.In(v)
	return ok && !f.Maybe
}

// DefaultIn returns the default value in release v, with $name references
// kept as text. ok is false when the release does not have the parameter
// or the default describes the build machine.
func (p *Param) DefaultIn(v Version) (value string, ok bool) {
	f, in := p.In(v)
	return f.Default, in && f.HasDefault
}

// Exists reports whether some release reads the parameter; documented
// names that no release's code reads (nullmx_reject_code) do not.
func (p *Param) Exists() bool { return len(p.spans) > 0 }

// Since returns the first release known to have (or maybe have) the
// parameter, or the zero Version when none does. The facts start with
// 2.6.0, so 2.6.0 means "2.6.0 or earlier".
func (p *Param) Since() Version {
	if len(p.spans) == 0 {
		return Version{}
	}
	return p.spans[0].from
}

// Gone returns the first release after the last one with the parameter,
// or the zero Version when the newest releases have it.
func (p *Param) Gone() Version {
	if len(p.spans) == 0 {
		return Version{}
	}
	return p.spans[len(p.spans)-1].until
}

// FirstInSeries returns the first release of v's series that has the
// parameter (exact is false when the facts only tell that some release
// between two they describe added it), and ok false when no release of
// the series has it.
func (p *Param) FirstInSeries(v Version) (first Version, exact, ok bool) {
	series := Version{v.Major, v.Minor, 0}
	for _, s := range p.spans {
		start := s.from
		if start.Less(series) {
			start = series
		}
		if start.sameSeries(series) && (s.until.IsZero() || start.Less(s.until)) {
			return start, !s.maybe, true
		}
	}
	return Version{}, false, false
}

// NextAfter returns the first release after v that has (or may have) the
// parameter.
func (p *Param) NextAfter(v Version) (Version, bool) {
	v = clamp(v)
	for _, s := range p.spans {
		if v.Less(s.from) {
			return s.from, true
		}
		if s.contains(v) {
			return v, true
		}
	}
	return Version{}, false
}

// seriesFirsts returns, for each release series from v's on, the first
// release that certainly has the parameter.
func (p *Param) seriesFirsts(v Version) []Version {
	var out []Version
	for _, s := range releaseSeries {
		if s.Less(Version{v.Major, v.Minor, 0}) {
			continue
		}
		for _, sp := range p.spans {
			start := sp.from
			if start.Less(s) {
				start = s
			}
			if !sp.maybe && start.sameSeries(s) && (sp.until.IsZero() || start.Less(sp.until)) {
				out = append(out, start)
				break
			}
		}
	}
	return out
}

// Requires describes, by release branch, the releases after v that have
// the parameter: "3.7.9 or later on the 3.7 branch" for a backport to v's
// own series, "3.9 or later", or a list such as "3.5.23 or later on the
// 3.5 branch, 3.6.13 on 3.6, or 3.9 or later". It is "" when no later
// release has it.
func (p *Param) Requires(v Version) string {
	if p.AvailableIn(v) {
		return ""
	}
	var parts []string
	for _, f := range p.seriesFirsts(v) {
		if !v.Less(f) {
			continue
		}
		if f.Patch == 0 {
			parts = append(parts, f.SeriesString()+" or later")
			break
		}
		if len(parts) == 0 {
			parts = append(parts, fmt.Sprintf("%s or later on the %s branch", f, f.SeriesString()))
			if f.sameSeries(v) {
				break // an upgrade within the branch is what the user needs
			}
		} else {
			parts = append(parts, fmt.Sprintf("%s on %s", f, f.SeriesString()))
		}
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + ", or " + parts[len(parts)-1]
}

// LastRelease names the last release known to have the parameter: a
// branch such as "3.6" when it is gone from the first release of the
// next series, else a release such as "2.8.0"; "" when the newest release
// has it.
func (p *Param) LastRelease() string {
	g := p.Gone()
	if g.IsZero() {
		return ""
	}
	if last := p.spans[len(p.spans)-1]; last.maybe {
		g = last.from // the releases of the last span may not have it
	}
	if g.Patch > 0 {
		return Version{g.Major, g.Minor, g.Patch - 1}.String()
	}
	for i, s := range releaseSeries {
		if s == g && i > 0 {
			return releaseSeries[i-1].SeriesString()
		}
	}
	return g.String()
}
