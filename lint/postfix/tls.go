package postfix

import "strings"

// tlsProtocol is a protocol name of *_tls_protocols values (tls_gen.go).
type tlsProtocol struct {
	name      string
	accepted  []Version // first release of each series that accepts the name; nil: every release
	effective []Version // first release of each series that gives it effect; nil: where accepted
}

// TLSProtocol is what one release does with a protocol name.
type TLSProtocol struct {
	Name string
	// Accepted reports that the release accepts the name; a name it does
	// not accept makes the whole list invalid ("Invalid TLS protocol
	// list").
	Accepted bool
	// Effective reports that the name does something: before 3.0.14,
	// 3.1.10, 3.2.7, 3.3.2 and 3.4, "!TLSv1.3" is accepted and ignored.
	Effective bool
	// Since lists the first release of each series that accepts the
	// name (nil: every release does).
	Since []Version
	// EffectiveSince lists the first release of each series where the
	// name takes effect (nil: wherever it is accepted).
	EffectiveSince []Version
}

// TLSProtocols returns the protocol names that some release knows, oldest
// protocol first (SSLv2 … TLSv1.3), as release v treats them.
func TLSProtocols(v Version) []TLSProtocol {
	out := make([]TLSProtocol, len(tlsProtocols))
	for i, p := range tlsProtocols {
		acc := p.accepted == nil || FromFirsts(p.accepted, v)
		out[i] = TLSProtocol{
			Name: p.name, Accepted: acc, Since: p.accepted, EffectiveSince: p.effective,
			Effective: acc && (p.effective == nil || FromFirsts(p.effective, v)),
		}
	}
	return out
}

// LookupTLSProtocol finds a protocol name (any case) for release v.
func LookupTLSProtocol(name string, v Version) (TLSProtocol, bool) {
	for _, p := range TLSProtocols(v) {
		if strings.EqualFold(p.Name, name) {
			return p, true
		}
	}
	return TLSProtocol{}, false
}

// TLSBoundsSince lists the first releases that accept ">=" and "<=" items
// in protocol lists, with protocol names, None or hexadecimal versions.
func TLSBoundsSince() []Version { return tlsBoundsSince }

// FromFirsts reports whether release v has a feature whose first release
// in each series is listed in firsts (oldest first): v is at or after the
// first release of its series, or in a series newer than all of them.
func FromFirsts(firsts []Version, v Version) bool {
	for _, f := range firsts {
		if f.sameSeries(v) {
			return !v.Less(f)
		}
	}
	return len(firsts) > 0 && firsts[len(firsts)-1].Less(v)
}
