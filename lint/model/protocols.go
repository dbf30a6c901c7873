package model

import (
	"strconv"
	"strings"

	"github.com/postlint/postlint/lint/postfix"
)

// tlsProtocols lists the protocol names Postfix knows, oldest first, and
// wire is their protocol numbers (SSL2_VERSION, SSL3_VERSION, ...).
var (
	tlsProtocols = []string{"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"}
	wire         = []uint64{0x0002, 0x0300, 0x0301, 0x0302, 0x0303, 0x0304}
)

// releaseList formats firsts as "2.6.15, 2.7.9 or 2.10" (x.y.0 as x.y).
func releaseList(firsts []postfix.Version) string {
	s := make([]string, len(firsts))
	for i, v := range firsts {
		s[i] = v.String()
		if v.Patch == 0 {
			s[i] = v.SeriesString()
		}
	}
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// firstFrom returns the first release in firsts at or after v's series,
// formatted like releaseList.
func firstFrom(firsts []postfix.Version, v postfix.Version) string {
	for _, f := range firsts {
		if f.Major > v.Major || f.Major == v.Major && f.Minor >= v.Minor {
			return releaseList([]postfix.Version{f})
		}
	}
	return ""
}

// ProtocolSpec is the meaning of a *_tls_protocols or
// *_tls_mandatory_protocols value for one Postfix release. Lists are
// oldest protocol first.
type ProtocolSpec struct {
	// Valid reports that the release accepts the list; one bad item makes
	// Postfix reject the whole list ("Invalid TLS protocol list").
	Valid bool
	// Invalid lists the items the release rejects, as written, and
	// InvalidSince (parallel to it) the releases that accept each, such
	// as "3.6", or "" when none does (a misspelt name).
	Invalid      []string
	InvalidSince []string
	// Enabled lists the protocols in use: SSLv2 and SSLv3 when allowed,
	// and the TLS versions of the contiguous range OpenSSL takes, from
	// the lowest allowed one up to the first one that is not allowed.
	// Min and Max are its ends ("" when none).
	Enabled  []string
	Min, Max string
	// Hole lists protocols the list allows but the contiguity rule
	// disables, such as TLSv1.2 and TLSv1.3 for "!SSLv2, !SSLv3, !TLSv1.1".
	Hole []string
	// Omitted lists protocols newer than every name of an inclusion list
	// ("TLSv1 TLSv1.2"), disabled only because the list does not name them.
	Omitted []string
	// Legacy lists SSLv2 and SSLv3 when they are enabled.
	Legacy []string
	// Rewrite, for a list the release rejects, is a list it accepts in
	// the exclusion form every release understands ("!SSLv2, !SSLv3"):
	// it keeps the lowest protocol the list meant to allow and leaves
	// newer ones on. It is "" when the list is valid or its intent is
	// unclear (a misspelt name). RewriteExact reports that the release
	// knows that lowest protocol, so the rewrite allows nothing older
	// than intended.
	Rewrite      string
	RewriteExact bool
	// Ineffective lists items the release accepts but ignores, such as
	// "!TLSv1.3" before Postfix 3.4 (and 3.0.14, 3.1.10, 3.2.7, 3.3.2):
	// TLS 1.3 stays on. IneffectiveSince names the first release of the
	// target's branch (or of a later one) that gives them effect.
	Ineffective      []string
	IneffectiveSince string
}

// Allows reports whether protocol name (any case) is enabled.
func (p ProtocolSpec) Allows(name string) bool {
	for _, e := range p.Enabled {
		if strings.EqualFold(e, name) {
			return true
		}
	}
	return false
}

// ProtocolList interprets a TLS protocol list as release v does
// (tls_protocol_mask): items separated by white space, commas or colons,
// names in any case; "name" includes (then every protocol not included is
// excluded), "!name" excludes, and since Postfix 3.6 ">=version" and
// "<=version" bound the range, where version is None, a name from SSLv3
// on, or a hexadecimal protocol number such as 0303 or 0x0303. An empty
// list allows every protocol the release knows. Names a release accepts
// without giving them effect (TLSv1.3 before 3.0.14, 3.1.10, 3.2.7,
// 3.3.2 and 3.4) neither include nor exclude anything: that protocol
// stays on.
func ProtocolList(s string, v postfix.Version) ProtocolSpec {
	n := len(tlsProtocols)
	facts := make([]postfix.TLSProtocol, n)
	known := make([]bool, n)
	for i, name := range tlsProtocols {
		facts[i], _ = postfix.LookupTLSProtocol(name, v)
		known[i] = facts[i].Accepted
	}
	var spec ProtocolSpec
	invalid := func(item, since string) {
		spec.Invalid = append(spec.Invalid, item)
		spec.InvalidSince = append(spec.InvalidSince, since)
	}
	// name resolves a protocol name, reporting unknown ones and those
	// that are accepted but do nothing.
	name := func(item, text string) int {
		i := protocolIndex(text)
		switch {
		case i < 0:
			invalid(item, "")
		case !known[i]:
			invalid(item, releaseList(facts[i].Since))
			i = -1
		case !facts[i].Effective:
			spec.Ineffective = append(spec.Ineffective, item)
			spec.IneffectiveSince = firstFrom(facts[i].EffectiveSince, v)
			i = -1
		}
		return i
	}
	include, exclude := make([]bool, n), make([]bool, n)
	included := false
	lo, hi := 0, n-1
	items := strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\r' || r == '\n' || r == ',' || r == ':'
	})
	for _, item := range items {
		switch {
		case strings.HasPrefix(item, ">="), strings.HasPrefix(item, "<="):
			if !postfix.FromFirsts(postfix.TLSBoundsSince(), v) {
				invalid(item, releaseList(postfix.TLSBoundsSince()))
				continue
			}
			lower := item[0] == '>'
			i, ok := protocolBound(item[2:], lower)
			switch {
			case !ok:
				invalid(item, "")
			case lower:
				lo = max(lo, i)
			default:
				hi = min(hi, i)
			}
		case strings.HasPrefix(item, "!"):
			if i := name(item, item[1:]); i >= 0 {
				exclude[i] = true
			}
		default:
			if i := name(item, item); i >= 0 {
				include[i], included = true, true
			}
		}
	}
	spec.Valid = len(spec.Invalid) == 0
	allowed := func(i int) bool {
		if known[i] && !facts[i].Effective {
			return true // the release cannot turn it off
		}
		return known[i] && i >= lo && i <= hi && !exclude[i] && (!included || include[i])
	}
	// OpenSSL uses a contiguous range of TLS versions: from the lowest
	// allowed one up to the first one that is not. SSLv2 and SSLv3 are
	// not part of that range: current OpenSSL builds have neither, so
	// they neither start nor interrupt it (they are still listed when
	// allowed). Versions the release does not know are skipped too.
	newestIncluded, started, broken := -1, false, false
	for i := 0; i < n; i++ {
		if include[i] {
			newestIncluded = i
		}
		legacy := tlsProtocols[i] == "SSLv2" || tlsProtocols[i] == "SSLv3"
		switch {
		case !known[i]:
		case legacy:
			if allowed(i) {
				spec.Enabled = append(spec.Enabled, tlsProtocols[i])
				spec.Legacy = append(spec.Legacy, tlsProtocols[i])
			}
		case !allowed(i):
			broken = broken || started
		case broken:
			spec.Hole = append(spec.Hole, tlsProtocols[i])
		default:
			started = true
			spec.Enabled = append(spec.Enabled, tlsProtocols[i])
		}
	}
	if included {
		for i := newestIncluded + 1; i < n; i++ {
			if known[i] && facts[i].Effective && i >= lo && i <= hi && !exclude[i] {
				spec.Omitted = append(spec.Omitted, tlsProtocols[i])
			}
		}
	}
	if len(spec.Enabled) > 0 {
		spec.Min, spec.Max = spec.Enabled[0], spec.Enabled[len(spec.Enabled)-1]
	}
	if !spec.Valid {
		spec.Rewrite, spec.RewriteExact = rewrite(s, spec, known)
	}
	return spec
}

// rewrite turns an invalid list into exclusions the release accepts: the
// list's meaning for the newest release gives the intended lowest TLS
// protocol, and every protocol the release knows below it is excluded.
// When the release does not know that protocol, the newest one it knows
// becomes the lowest (so TLS stays on), and the rewrite is not exact.
func rewrite(s string, spec ProtocolSpec, known []bool) (string, bool) {
	for _, since := range spec.InvalidSince {
		if since == "" {
			return "", false // a misspelt name: intent unclear
		}
	}
	intended := ProtocolList(s, postfix.Newest)
	if !intended.Valid {
		return "", false
	}
	floor := -1
	for i, p := range tlsProtocols {
		if p == "SSLv2" || p == "SSLv3" {
			continue
		}
		if intended.Allows(p) {
			floor = i
			break
		}
	}
	if floor < 0 {
		return "", false // the list meant to turn TLS off
	}
	exact := known[floor]
	if !exact {
		for floor > 0 && !known[floor] {
			floor--
		}
	}
	var items []string
	for i := 0; i < floor; i++ {
		// SSLv2 and SSLv3 stay as the list meant them.
		if known[i] && !intended.Allows(tlsProtocols[i]) {
			items = append(items, "!"+tlsProtocols[i])
		}
	}
	if len(items) == 0 {
		return "", false
	}
	return strings.Join(items, ", "), exact
}

func protocolIndex(name string) int {
	for i, p := range tlsProtocols {
		if strings.EqualFold(p, name) {
			return i
		}
	}
	return -1
}

// protocolBound reads the version of a ">=" or "<=" item as
// tls_proto_mask_lims does: None (no bound), a name of the version table
// (SSLv3 to TLSv1.3; SSLv2 is not in it), or else a hexadecimal number
// ("0303", "0x303", also versions no protocol has). It returns the index
// of the oldest (lower) or newest (upper) protocol within the bound.
func protocolBound(v string, lower bool) (int, bool) {
	if strings.EqualFold(v, "None") {
		if lower {
			return 0, true
		}
		return len(tlsProtocols) - 1, true
	}
	if i := protocolIndex(v); i > 0 {
		return i, true
	}
	h := strings.TrimPrefix(strings.TrimPrefix(v, "0x"), "0X")
	x, err := strconv.ParseUint(h, 16, 31)
	if err != nil || h == "" {
		return 0, false
	}
	if lower {
		for i, w := range wire {
			if w >= x {
				return i, true
			}
		}
		return len(tlsProtocols), true // above every protocol: none is allowed
	}
	for i := len(wire) - 1; i >= 0; i-- {
		if wire[i] <= x {
			return i, true
		}
	}
	return -1, true
}

// ProtocolsFrom returns a protocol list that release v reads as "lowest
// and every newer protocol": ">=lowest" in releases that accept bounds,
// else the exclusion of each older protocol the release knows, joined
// with sep (":" inside a TLS policy table attribute, ", " in main.cf).
// ok is false when v does not know lowest.
func ProtocolsFrom(lowest string, v postfix.Version, sep string) (list string, ok bool) {
	floor := protocolIndex(lowest)
	if floor < 0 {
		return "", false
	}
	known := postfix.TLSProtocols(v)
	if !known[floor].Accepted {
		return "", false
	}
	if postfix.FromFirsts(postfix.TLSBoundsSince(), v) {
		return ">=" + tlsProtocols[floor], true
	}
	var items []string
	for i := 0; i < floor; i++ {
		if known[i].Accepted {
			items = append(items, "!"+tlsProtocols[i])
		}
	}
	return strings.Join(items, sep), true
}
