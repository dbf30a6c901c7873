package model

import (
	"strings"

	"github.com/postlint/postlint/lint/postfix"
)

// PolicyProblem is an entry of smtp_tls_policy_maps (or lmtp_tls_policy_maps)
// that the SMTP client refuses. It then defers all mail to that destination
// ("client TLS configuration problem"), whatever the entry asked for.
type PolicyProblem struct {
	Key string
	// Word is the offending part of the entry, Log the warning the
	// client logs after "smtp_tls_policy_maps, next-hop destination
	// "KEY": ", and Hint how to write it (may be "").
	Word, Log, Hint string
	At              Location
}

// policySeparators split a policy entry into the level and the attributes,
// as the client does: commas as well as white space.
const policySeparators = ", \t\r\n"

// TLSPolicyProblems returns the refused entries of the policy tables that
// setting p lists, in table order. Only tables postlint can read are
// checked (see Config.Table).
func (e Env) TLSPolicyProblems(p *Param) []PolicyProblem {
	if e.c == nil || p == nil || p.Duplicate || p.Cycle ||
		p.Name != "smtp_tls_policy_maps" && p.Name != "lmtp_tls_policy_maps" {
		return nil
	}
	prefix := strings.TrimSuffix(p.Name, "tls_policy_maps")
	var out []PolicyProblem
	for _, en := range e.c.paramEntries(p) {
		if pr, bad := e.c.policyEntry(prefix, en); bad {
			out = append(out, pr)
		}
	}
	return out
}

// policyEntry checks one entry "level name=value ...".
func (c *Config) policyEntry(prefix string, en mapEntry) (PolicyProblem, bool) {
	words := splitText(en.value, policySeparators)
	if len(words) == 0 {
		return PolicyProblem{}, false
	}
	bad := func(w text, log, hint string) (PolicyProblem, bool) {
		return PolicyProblem{Key: en.key, Word: w.s, Log: log, Hint: hint, At: w.loc()}, true
	}
	level := words[0]
	levels, ok := postfix.LookupEnum(prefix+"tls_security_level", c.Version)
	if ok && !levels.Accepts(level.s) {
		return bad(level, `invalid security level "`+level.s+`"`,
			"the entry starts with a level: "+strings.Join(levels.Words, ", "))
	}
	lvl := strings.ToLower(level.s)
	seen := map[string]bool{}
	for i, w := range words[1:] {
		name, val, found := strings.Cut(w.s, "=")
		if !found {
			hint := ""
			switch {
			case w.s == "=" || i+2 < len(words) && strings.HasPrefix(words[i+2].s, "=") ||
				i > 0 && strings.HasSuffix(words[i].s, "="):
				hint = "write name=value without blanks around '='"
			case i > 0 && strings.Contains(words[i].s, "="):
				hint = "commas and blanks separate attributes: separate the items of one value with ':'"
			}
			return bad(w, `malformed attribute/value pair "`+w.s+`": missing '=' after attribute name`, hint)
		}
		lname := strings.ToLower(name)
		if ok, since := postfix.TLSPolicyAttribute(name, c.Version); !ok {
			hint := "known attributes: " + strings.Join(postfix.TLSPolicyAttributes(c.Version), ", ")
			if !since.IsZero() {
				hint = name + " needs Postfix " + since.SeriesString() + " or later"
			}
			return bad(w, `invalid attribute name: "`+name+`"`, hint)
		}
		once := lname == "protocols" || lname == "ciphers" || lname == "exclude" || lname == "servername"
		if once && seen[lname] {
			return bad(w, `attribute "`+lname+`" is specified multiple times`, "")
		}
		seen[lname] = true
		switch lname {
		case "protocols":
			if spec := ProtocolList(val, c.Version); !spec.Valid && len(spec.Invalid) > 0 {
				return bad(w, `Invalid TLS protocol list "`+val+`": aborting TLS session`, "")
			}
		case "ciphers":
			grades, ok := postfix.LookupEnum(prefix+"tls_mandatory_ciphers", c.Version)
			if ok && !grades.Accepts(val) {
				return bad(w, `invalid cipher grade: "`+val+`"`, "grades: "+strings.Join(grades.Words, ", "))
			}
		case "match":
			if val == "" {
				return bad(w, `attribute "match" has empty value`, "")
			}
			if lvl != "fingerprint" && lvl != "verify" && lvl != "secure" {
				return bad(w, `attribute "match" invalid at security level "`+lvl+`"`,
					"match= applies to the fingerprint, verify and secure levels")
			}
		case "connection_reuse", "enable_rpk":
			if !strings.EqualFold(val, "yes") && !strings.EqualFold(val, "no") {
				return bad(w, `attribute "`+lname+`" has bad value: "`+val+`"`, "yes or no")
			}
		}
	}
	return PolicyProblem{}, false
}

// splitText splits t at any of the bytes in seps, dropping empty parts.
func splitText(t text, seps string) []text {
	var out []text
	start := -1
	for i := 0; i <= len(t.s); i++ {
		if i == len(t.s) || strings.IndexByte(seps, t.s[i]) >= 0 {
			if start >= 0 {
				out = append(out, t.sub(start, i))
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	return out
}

// PolicyKey is a policy table key that no next hop in use looks up: the
// client looks up the next hop exactly as written ("[host]:port"), and a
// key that names the same host otherwise ("host", "[host]") never matches.
type PolicyKey struct {
	Key    string
	Hop    string // the next hop that was meant
	Source string // where the hop is configured (relayhost, transport_maps, ...)
	At     Location
}

// TLSPolicyUnmatched returns the keys of the tables of setting p that
// name a next hop of a route p applies to, but not in the form the client
// looks up. Keys of plain host names are left alone when some mail goes
// to MX hosts: they may be meant for a recipient domain.
func (e Env) TLSPolicyUnmatched(p *Param) []PolicyKey {
	if e.c == nil || p == nil || p.Duplicate || p.Cycle ||
		p.Name != "smtp_tls_policy_maps" && p.Name != "lmtp_tls_policy_maps" {
		return nil
	}
	daemon := strings.TrimSuffix(p.Name, "_tls_policy_maps")
	var routes []*Route
	mx := false
	for _, r := range e.c.Routes {
		if r.Service == nil || r.Service.Command != daemon {
			continue
		}
		if p.InMaster && r.Service != p.Service || !p.InMaster && r.Service.Overrides(p.Name) {
			continue
		}
		mx = mx || r.MX
		if r.Hop != "" {
			routes = append(routes, r)
		}
	}
	var out []PolicyKey
	for _, en := range e.c.paramEntries(p) {
		k := strings.TrimSpace(en.key)
		if k == "" || strings.HasPrefix(k, ".") {
			continue
		}
		plain := !strings.ContainsAny(k, "[]:")
		if plain && mx {
			continue
		}
		var meant *Route
		exact := false
		for _, r := range routes {
			switch {
			case strings.EqualFold(k, r.Hop):
				exact = true
			case meant == nil && strings.EqualFold(hopHost(k), r.Host):
				meant = r
			}
		}
		if meant != nil && !exact {
			out = append(out, PolicyKey{Key: k, Hop: meant.Hop, Source: meant.Source, At: en.value.loc()})
		}
	}
	return out
}

// hopHost strips the brackets and the port of a next hop.
func hopHost(h string) string {
	if strings.HasPrefix(h, "[") {
		if i := strings.IndexByte(h, ']'); i > 0 {
			return h[1:i]
		}
	}
	if i := strings.LastIndexByte(h, ':'); i > 0 && !strings.Contains(h[:i], ":") {
		return h[:i]
	}
	return h
}
