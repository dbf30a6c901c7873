package postfix

import (
	"sort"
	"strings"
)

// genRestriction is the generated form of one smtpd restriction word
// (restrictions_gen.go); the masks have a bit per restrictionTags entry.
type genRestriction struct {
	name, kind, args, aliases, deprecation string
	nargs                                  int
	accepted, warns, fails, relay          uint64
}

// Restriction is what one release does with an smtpd restriction word (in
// smtpd_*_restrictions lists and restriction classes). Words are compared
// without regard to case.
type Restriction struct {
	Name string
	// Kind is permit, reject, defer, check-table (needs type:table),
	// check-other-arg (needs another argument) or other (sleep,
	// warn_if_reject).
	Kind string
	// Args is the number of following words the restriction takes, and
	// ArgSyntax what they are.
	Args      int
	ArgSyntax string
	Aliases   string
	// Known reports that the release accepts the word; Maybe that it
	// lies between two releases of which only one does.
	Known, Maybe bool
	// WarnsDeprecated reports that the release logs a deprecation
	// warning for the word; AlwaysFails that it still recognises it but
	// answers every use with a server configuration error (3.9 and later
	// for check_relay_domains, reject_maps_rbl, permit_naked_ip_address).
	WarnsDeprecated, AlwaysFails bool
	// RelayBlocking reports that the word satisfies smtpd's start-up
	// check of smtpd_relay_restrictions and smtpd_recipient_restrictions.
	RelayBlocking bool
	// Deprecation is the release's warning text, with %s placeholders.
	Deprecation string
}

// tagRange returns the indices in restrictionTags of the tag at or before
// v in v's series (or, for a series the facts do not describe, the
// nearest older tag) and of the next tag of the series (-1 if none), and
// whether v is itself the first one. lo is -1 before the first tag.
func tagRange(v Version) (lo, hi int, exact bool) {
	v = clamp(v)
	lo, hi = -1, -1
	for i, t := range restrictionTags {
		if !t.sameSeries(v) {
			continue
		}
		if !v.Less(t) {
			lo = i
		} else if hi < 0 {
			hi = i
		}
	}
	if lo < 0 {
		for i, t := range restrictionTags {
			if t.Less(v) {
				lo = i
			}
		}
	}
	return lo, hi, lo >= 0 && restrictionTags[lo] == v
}

// tagFact evaluates a release mask for release v: the fact at the tag at
// or before v in v's series, unless the next tag of the series disagrees,
// which makes it uncertain.
func tagFact(mask uint64, v Version) (yes, maybe bool) {
	lo, hi, exact := tagRange(v)
	if lo < 0 {
		return false, false
	}
	at := mask&(1<<lo) != 0
	if hi >= 0 && !exact && (mask&(1<<hi) != 0) != at {
		return false, true
	}
	return at, false
}

// LookupRestriction returns the facts of a restriction word (any case) in
// release v; ok is false for a word no release knows.
func LookupRestriction(name string, v Version) (Restriction, bool) {
	i := sort.Search(len(restrictionTable), func(i int) bool { return restrictionTable[i].name >= strings.ToLower(name) })
	if i == len(restrictionTable) || restrictionTable[i].name != strings.ToLower(name) {
		return Restriction{}, false
	}
	g := restrictionTable[i]
	r := Restriction{Name: g.name, Kind: g.kind, Args: g.nargs, ArgSyntax: g.args, Aliases: g.aliases, Deprecation: g.deprecation}
	r.Known, r.Maybe = tagFact(g.accepted, v)
	r.WarnsDeprecated, _ = tagFact(g.warns, v)
	r.AlwaysFails, _ = tagFact(g.fails, v)
	r.RelayBlocking, _ = tagFact(g.relay, v)
	return r, true
}

// RelayBlocking returns the words that satisfy smtpd's start-up relay
// check in release v (rcpt_required[]), in the order of the fatal message.
func RelayBlocking(v Version) []string {
	order := []string{"reject_unauth_destination", "defer_unauth_destination", "reject", "defer", "defer_if_permit", "check_relay_domains"}
	var out []string
	for _, name := range order {
		if r, ok := LookupRestriction(name, v); ok && r.RelayBlocking {
			out = append(out, name)
		}
	}
	return out
}

// RestrictionNames returns the restriction words that release v accepts
// (or may accept), sorted, for completion.
func RestrictionNames(v Version) []string {
	var out []string
	for _, g := range restrictionTable {
		if known, maybe := tagFact(g.accepted, v); (known || maybe) && g.kind != "" {
			out = append(out, g.name)
		}
	}
	return out
}
