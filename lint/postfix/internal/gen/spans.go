package main

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// presence says whether a release has a parameter.
type presence int

const (
	absent presence = iota
	present
	// uncertain: the release lies between two releases of its series of
	// which only one has the parameter, and nothing says where the change
	// happened.
	uncertain
)

// facts is everything the table records about one parameter in one
// release.
type facts struct {
	presence
	kindFacts
	def    string
	hasDef bool
	legacy bool // known only because a default refers to it (see knowledge.legacy)
}

// span is a range of releases [from, until) with the same facts; a zero
// until means "and every later release".
type span struct {
	from, until version
	facts
}

// knowledge holds every input and answers what a release does.
type knowledge struct {
	docs    map[string]*doc
	hist    *history
	pconf   map[version]map[string]string
	code    *codeFacts
	overlay []overlayRow

	points []version // every release some table describes, ascending
	series []version // every series, as x.y.0, ascending
	// legacy holds, per postconf -d release, the names that its defaults
	// refer to as $name without being parameters themselves: old names
	// such as virtual_maps that a new parameter's default still reads
	// (postconf calls them legacy parameters and knows them).
	legacy map[version]map[string]bool
}

// specials are names that postconf knows from its own table rather than
// from the daemons' parameter tables; the release history (from the
// documentation) is all there is for them.
var specials = map[string]bool{"config_directory": true, "process_id": true, "process_name": true, "service_name": true}

func newKnowledge(docs map[string]*doc, h *history, pconf map[version]map[string]string, code *codeFacts, ov []overlayRow) *knowledge {
	k := &knowledge{docs: docs, hist: h, pconf: pconf, code: code, overlay: ov}
	seen := make(map[version]bool)
	for _, t := range code.tags {
		seen[t] = true
	}
	for v := range pconf {
		seen[v] = true
	}
	series := make(map[version]bool)
	for v := range seen {
		k.points = append(k.points, v)
		series[v.series()] = true
	}
	for _, s := range h.series {
		series[s] = true
	}
	for s := range series {
		k.series = append(k.series, s)
	}
	sortVersions(k.points)
	sortVersions(k.series)
	k.legacy = make(map[version]map[string]bool)
	for v, defs := range pconf {
		k.legacy[v] = legacyNames(defs, code.reads[k.nearestTag(v)])
	}
	return k
}

var refRe = regexp.MustCompile(`\$[{(]?([A-Za-z0-9_]+)`)

// legacyNames returns the names that defaults refer to but that are not
// parameters. Values of raw parameters (forward_path, default_rbl_reply)
// are skipped: their $name are per-message attributes that postconf does
// not look at.
func legacyNames(defs map[string]string, reads map[string]kindFacts) map[string]bool {
	out := make(map[string]bool)
	for name, def := range defs {
		if reads[name].kind == "raw" {
			continue
		}
		for _, m := range refRe.FindAllStringSubmatchIndex(def, -1) {
			ref := def[m[2]:m[3]]
			if m[3] < len(def) && def[m[3]] == '{' {
				continue // ${name{...}}: a function such as domain_to_ascii (3.11)
			}
			if _, isParam := defs[ref]; !isParam {
				out[ref] = true
			}
		}
	}
	return out
}

func sortVersions(vs []version) {
	sort.Slice(vs, func(i, j int) bool { return vs[i].less(vs[j]) })
}

// stockTransports are the services of the stock master.cf that run
// delivery agents; postconf derives per-service names for them.
var stockTransports = []string{"smtp", "relay", "lmtp", "local", "virtual", "error", "retry", "discard"}

// derivedByService reports names such as smtp_destination_concurrency_limit
// that are per-service names of a stock service (package postfix,
// DerivedServiceParam), not table entries: no release's code reads them
// by that name, and postconf -d prints them only for some releases.
func (k *knowledge) derivedByService(name string) bool {
	for _, reads := range k.code.reads {
		if _, read := reads[name]; read {
			return false
		}
	}
	for _, t := range stockTransports {
		rest, ok := strings.CutPrefix(name, t+"_")
		if !ok {
			continue
		}
		if d, ok := k.docs["transport_"+rest]; ok && isTemplate(d) {
			return true
		}
	}
	return false
}

// names returns every parameter name the table describes.
func (k *knowledge) names() []string {
	set := make(map[string]bool)
	for n := range k.hist.rows {
		set[n] = true
	}
	for n := range k.docs {
		set[n] = true
	}
	for n := range set {
		if k.derivedByService(n) {
			delete(set, n)
		}
	}
	for _, reads := range k.code.reads {
		for n := range reads {
			set[n] = true
		}
	}
	for _, defs := range k.pconf {
		for n := range defs {
			if !k.derivedByService(n) {
				set[n] = true
			}
		}
	}
	var out []string
	for n := range set {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// readAt returns how the code of data point p reads name, and whether p
// has it. A point without code facts (a postconf -d release between two
// tags) has the names its postconf -d printed and those the nearest tag
// of its series reads, read as that tag reads them.
func (k *knowledge) readAt(name string, p version) (kindFacts, bool) {
	tag := p
	if _, ok := k.code.reads[p]; !ok {
		tag = k.nearestTag(p)
	}
	reads := k.code.reads[tag]
	r, inCode := reads[name]
	has := inCode
	if defs, ok := k.pconf[p]; ok {
		_, listed := defs[name]
		has = has || listed
	}
	if !has && !inCode && k.legacy[k.pconfFor(p)][name] {
		return kindFacts{}, true
	}
	return r, has
}

// isLegacy reports whether release v knows name only as a legacy name.
func (k *knowledge) isLegacy(name string, v version) bool {
	p := k.pconfFor(v)
	if !k.legacy[p][name] {
		return false
	}
	_, listed := k.pconf[p][name]
	_, read := k.code.reads[k.nearestTag(v)][name]
	return !listed && !read
}

// pconfFor returns the postconf -d release that speaks for release v:
// of v's series (at or before v, else after it), else the nearest older
// one, else the nearest newer one.
func (k *knowledge) pconfFor(v version) version {
	return k.pick(v, func(p version) bool { _, ok := k.pconf[p]; return ok })
}

// pick applies the nearest-release rule of pconfFor to the data points
// that ok accepts; the zero version when there is none.
func (k *knowledge) pick(v version, ok func(version) bool) version {
	var same, older, newer []version
	for _, p := range k.points {
		if !ok(p) {
			continue
		}
		switch {
		case p.sameSeries(v):
			same = append(same, p)
		case p.less(v):
			older = append(older, p)
		default:
			newer = append(newer, p)
		}
	}
	switch {
	case len(same) > 0:
		pick := same[0]
		for _, p := range same {
			if !v.less(p) {
				pick = p
			}
		}
		return pick
	case len(older) > 0:
		return older[len(older)-1]
	case len(newer) > 0:
		return newer[0]
	}
	return version{}
}

// nearestTag returns the tag of p's series at or before p, else the first
// one after it.
func (k *knowledge) nearestTag(p version) version {
	var best version
	for _, t := range k.code.tags {
		if t.sameSeries(p) && !p.less(t) {
			best = t
		}
	}
	if best.isZero() {
		for _, t := range k.code.tags {
			if t.sameSeries(p) {
				return t
			}
		}
	}
	return best
}

// histHas reports whether the documented release history gives release v
// the parameter.
func (k *knowledge) histHas(name string, v version) bool {
	row, ok := k.hist.rows[name]
	if !ok || row.last.less(v) && !row.last.sameSeries(v) {
		return false
	}
	for _, f := range row.firsts {
		if f.sameSeries(v) {
			return !v.less(f)
		}
	}
	return false
}

// histFirst returns the documented first release of v's series that has
// the parameter.
func (k *knowledge) histFirst(name string, v version) (version, bool) {
	for _, f := range k.hist.rows[name].firsts {
		if f.sameSeries(v) {
			return f, true
		}
	}
	return version{}, false
}

// at works out the facts of release v (see the package documentation of
// postfix for the rules): exact at a data point, the older point's facts
// past the last point of a series, and between two points of a series
// that disagree the documented release history where it dates the change,
// else an uncertain presence and the lenient union of the readings.
func (k *knowledge) at(name string, v version) facts {
	var f facts
	if specials[name] {
		if k.histHas(name, v) {
			f.presence = present
		}
	} else {
		f.presence, f.kindFacts = k.presenceAt(name, v)
	}
	if f.presence == absent {
		return facts{}
	}
	f.def, f.hasDef = k.defaultAt(name, v)
	f.legacy = k.isLegacy(name, v)
	return f
}

func (k *knowledge) presenceAt(name string, v version) (presence, kindFacts) {
	var lo, hi version
	for _, p := range k.points {
		if !p.sameSeries(v) {
			continue
		}
		if !v.less(p) {
			lo = p
		} else if hi.isZero() {
			hi = p
		}
	}
	if lo.isZero() {
		return absent, kindFacts{} // a series no table describes
	}
	rl, pl := k.readAt(name, lo)
	if lo == v || hi.isZero() {
		return boolPresence(pl), rl
	}
	rh, ph := k.readAt(name, hi)
	switch {
	case pl && ph:
		return present, lenient(rl, rh)
	case !pl && !ph:
		return absent, kindFacts{}
	case ph: // appeared in (lo, hi]
		if first, ok := k.histFirst(name, v); ok && lo.less(first) && !hi.less(first) {
			return boolPresence(!v.less(first)), rh
		}
		return uncertain, rh
	default: // gone in (lo, hi]
		if last := k.hist.rows[name].last; last.sameSeries(v) && !last.less(lo) && last.less(hi) {
			return boolPresence(!last.less(v)), rl
		}
		return uncertain, rl
	}
}

func boolPresence(b bool) presence {
	if b {
		return present
	}
	return absent
}

// defaultAt returns the default of release v: what postconf -d of the
// nearest release with the parameter printed — of v's own series (at or
// before v, else after it), else of the nearest older series, else of the
// nearest newer one — corrected by the overlay. Names no postconf -d
// printed take a literal documented default.
func (k *knowledge) defaultAt(name string, v version) (string, bool) {
	if hostDependent(name) {
		return "", false
	}
	if d, ok := k.overlayDefault(name, v); ok {
		return d, true
	}
	if k.isLegacy(name, v) {
		return "", true // only ever set by the user
	}
	pick := k.pick(v, func(p version) bool { _, ok := k.pconf[p][name]; return ok })
	if pick.isZero() {
		return k.docDefault(name)
	}
	return k.pconf[pick][name], true
}

// docDefault returns the documented default when it is a plain value.
func (k *knowledge) docDefault(name string) (string, bool) {
	def := ""
	if d, ok := k.docs[name]; ok {
		def = d.def
	} else if row, ok := k.hist.rows[name]; ok && !strings.HasPrefix(row.def, "<") {
		def = decodeEntities(row.def)
	}
	if strings.HasPrefix(def, "see ") || strings.HasPrefix(def, "Postfix ") ||
		strings.HasPrefix(def, "normal: ") || def == "version dependent" || def == "no default" {
		return "", false
	}
	if def == "empty" {
		def = ""
	}
	return def, true
}

// spans samples the facts of name at every release where they can change
// and merges equal neighbours.
func (k *knowledge) spans(name string) []span {
	cuts := k.cuts(name)
	var out []span
	for i, c := range cuts {
		f := k.at(name, c)
		var until version
		if i+1 < len(cuts) {
			until = cuts[i+1]
		}
		if f.presence == absent {
			continue
		}
		if n := len(out); n > 0 && out[n-1].until == c && out[n-1].facts == f {
			out[n-1].until = until
			continue
		}
		out = append(out, span{from: c, until: until, facts: f})
	}
	return out
}

// cuts returns the releases at which the facts of name may change: the
// start of every series, every data point and the release after it,
// every documented first and last release, and every overlay release.
func (k *knowledge) cuts(name string) []version {
	set := map[version]bool{}
	for _, s := range k.series {
		set[s] = true
	}
	for _, p := range k.points {
		set[p], set[p.next()] = true, true
	}
	if row, ok := k.hist.rows[name]; ok {
		for _, f := range row.firsts {
			set[f] = true
		}
		set[row.last.next()] = true
	}
	for _, o := range k.overlay {
		if o.name == name {
			for _, r := range o.releases {
				set[r] = true
			}
		}
	}
	var out []version
	for v := range set {
		out = append(out, v)
	}
	sortVersions(out)
	return out
}

// overlayRow is one line of overlay.tsv.
type overlayRow struct {
	name, what string
	releases   []version
	newValue   string
	oldValue   string
}

func readOverlay(path string) ([]overlayRow, error) {
	rows, err := tsv(path)
	if err != nil {
		return nil, err
	}
	var out []overlayRow
	for _, r := range rows {
		vs, err := parseVersions(r["releases"])
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", path, r["name"], err)
		}
		switch r["what"] {
		case "default", "tls-accepted", "tls-effective", "reads-as":
		default:
			return nil, fmt.Errorf("%s: %s: unknown kind of fact %q", path, r["name"], r["what"])
		}
		out = append(out, overlayRow{name: r["name"], what: r["what"], releases: vs, newValue: r["new"], oldValue: r["old"]})
	}
	return out, nil
}

// overlayDefault applies a "default" line of the overlay to release v of
// one of the series it names.
func (k *knowledge) overlayDefault(name string, v version) (string, bool) {
	for _, o := range k.overlay {
		if o.name != name || o.what != "default" {
			continue
		}
		for _, r := range o.releases {
			if r.sameSeries(v) {
				if v.less(r) {
					return o.oldValue, true
				}
				return o.newValue, true
			}
		}
	}
	return "", false
}
