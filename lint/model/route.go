package model

import (
	"fmt"
	"strings"
)

// Route is one way mail leaves through an SMTP or LMTP client: a next hop
// and the delivery transport (master.cf service) that connects to it.
type Route struct {
	Transport string   // the master.cf service name
	Service   *Service // that service (Stock without a master.cf)
	// Source is the setting or table that names the hop:
	// "relayhost", "default_transport", "relay_transport",
	// "transport_maps", "sender_dependent_relayhost_maps",
	// "sender_dependent_default_transport_maps",
	// "smtp_fallback_relay" or "fallback_relay".
	Source string
	Hop    string // the destination as written; "" for MX delivery
	Host   string // Hop without brackets and port
	// Port is the TCP port: from the hop, else the transport's
	// smtp_tcp_port or lmtp_tcp_port; 0 for an LMTP unix: socket or an
	// unknown service name.
	Port      int
	Bracketed bool // [host]: no MX lookup
	// MX marks delivery to the recipient domain's MX hosts (no next hop
	// is configured).
	MX  bool
	Key string   // the lookup key, for a route from a table
	At  Location // where the hop (or the setting that implies it) is written
}

// Get returns the transport's effective value of a parameter: its -o,
// else main.cf, else the default.
func (r *Route) Get(name string) string { return r.Service.Get(name) }

// Bool interprets Get(name) as a Postfix boolean.
func (r *Route) Bool(name string) bool { return r.Service.Bool(name) }

// Int interprets Get(name) as a number.
func (r *Route) Int(name string) int { return r.Service.Int(name) }

// Overrides reports whether the transport has a -o for name.
func (r *Route) Overrides(name string) bool { return r.Service.Overrides(name) }

// ParamAt returns where the transport's value of name is set (its -o,
// else main.cf), or the zero Location for a default.
func (r *Route) ParamAt(name string) Location { return r.Service.ParamAt(name) }

// String describes the route for messages and tests.
func (r *Route) String() string {
	hop := r.Hop
	if r.MX {
		hop = "MX"
	}
	return fmt.Sprintf("%s -> %s (port %d, from %s)", r.Transport, hop, r.Port, r.Source)
}

// router collects the routes of a configuration, following the
// precedence of Postfix's trivial-rewrite (see the relayhost,
// default_transport and relay_transport documentation).
type router struct {
	c    *Config
	out  []*Route
	seen map[string]bool
}

func newRouter(c *Config) *router { return &router{c: c, seen: make(map[string]bool)} }

// domainClass adds the routes of one address class (default or relay):
// the next hop of its transport parameter, else the relayhost, else the
// recipient domain's MX; without a next hop of its own, the
// sender-dependent relayhosts reach the transport too.
func (r *router) domainClass(param, transport string, nexthop text, at Location, relayhost text, hasRelayhost bool) {
	switch {
	case nexthop.s != "":
		r.hops(transport, param, nexthop, "")
	case hasRelayhost:
		r.hops(transport, "relayhost", relayhost, "")
	default:
		r.mx(transport, param, at, "")
	}
	if nexthop.s == "" {
		r.senderRelays(transport)
	}
}

func (r *router) routes() []*Route {
	c := r.c
	defT, defN, defAt := r.transportParam("default_transport")
	relayhost := c.mainText("relayhost")
	hasRelayhost := strings.TrimSpace(relayhost.s) != ""

	// Default domain class.
	r.domainClass("default_transport", defT, defN, defAt, relayhost, hasRelayhost)
	for _, e := range c.mapEntries("sender_dependent_default_transport_maps") {
		r.mapResult(e, "sender_dependent_default_transport_maps", defT, relayhost)
	}

	// Relay domain class, when relay_domains has domains that are not
	// local (mydestination wins over relay_domains).
	if r.relayClassUsed() {
		relT, relN, relAt := r.transportParam("relay_transport")
		r.domainClass("relay_transport", relT, relN, relAt, relayhost, hasRelayhost)
	}

	for _, e := range c.mapEntries("transport_maps") {
		r.mapResult(e, "transport_maps", defT, text{})
	}
	r.fallbacks()
	return r.out
}

// senderRelays adds the sender_dependent_relayhost_maps hops, which
// replace the relayhost for a class whose transport names no next hop.
func (r *router) senderRelays(transport string) {
	for _, e := range r.c.mapEntries("sender_dependent_relayhost_maps") {
		if !strings.EqualFold(e.value.s, "DUNNO") {
			r.hops(transport, "sender_dependent_relayhost_maps", e.value, e.key)
		}
	}
}

// transportParam splits a "transport:nexthop" parameter.
func (r *router) transportParam(name string) (transport string, nexthop text, at Location) {
	t := r.c.mainText(name).trim()
	tr, nh, _ := t.cut(":")
	return strings.TrimSpace(tr.s), nh.trim(), t.loc()
}

// mapResult adds the routes of a transport table result: "transport:
// nexthop", ":nexthop" (keep the transport), "transport:" (recipient
// domain, or with fallback set the relayhost) and ":" (no change).
func (r *router) mapResult(e mapEntry, source, defT string, fallback text) {
	tr, nh, _ := e.value.cut(":")
	nh = nh.trim()
	transport := strings.TrimSpace(tr.s)
	switch {
	case transport == "" && nh.s == "":
	case transport == "":
		r.hops(defT, source, nh, e.key)
	case nh.s != "":
		r.hops(transport, source, nh, e.key)
	case strings.TrimSpace(fallback.s) != "":
		r.hops(transport, source, fallback, e.key)
	default:
		r.mx(transport, source, e.value.loc(), e.key)
	}
}

// client returns the service of a transport when it runs the SMTP or
// LMTP client.
func (r *router) client(transport string) *Service {
	s := r.c.ServiceByName(transport, "unix")
	if s == nil || s.Command != "smtp" && s.Command != "lmtp" {
		return nil
	}
	return s
}

// defaultPort is the port of a hop without one.
func defaultPort(s *Service) int {
	if s.Command == "lmtp" {
		if p := Port(s.Get("lmtp_tcp_port")); p != 0 {
			return p
		}
		return 24
	}
	if p := Port(s.Get("smtp_tcp_port")); p != 0 {
		return p
	}
	return 25
}

// hops adds a route for each destination of a next-hop list.
func (r *router) hops(transport, source string, list text, key string) {
	s := r.client(transport)
	if s == nil {
		return
	}
	for _, it := range splitItems(list.s) {
		h := parseHop(it.text, s.Command == "lmtp", defaultPort(s))
		r.add(&Route{
			Transport: transport, Service: s, Source: source,
			Hop: it.text, Host: h.host, Port: h.port, Bracketed: h.bracketed,
			Key: key, At: list.sub(it.start, it.end).loc(),
		})
	}
}

// mx adds delivery to the recipient domain's MX hosts.
func (r *router) mx(transport, source string, at Location, key string) {
	s := r.client(transport)
	if s == nil || s.Command == "lmtp" {
		return
	}
	r.add(&Route{Transport: transport, Service: s, Source: source, Port: defaultPort(s), MX: true, Key: key, At: at})
}

func (r *router) add(rt *Route) {
	k := fmt.Sprintf("%s|%s|%s|%v|%s|%d|%s", rt.Transport, rt.Source, rt.Hop, rt.MX, rt.At.File, rt.At.Pos, rt.Key)
	if r.seen[k] {
		return
	}
	r.seen[k] = true
	r.out = append(r.out, rt)
}

// relayClassUsed reports whether relay_domains names anything that
// mydestination does not.
func (r *router) relayClassUsed() bool {
	m := r.c.Main()
	local := make(map[string]bool)
	for _, d := range m.List("mydestination") {
		local[strings.ToLower(d)] = true
	}
	for _, d := range m.List("relay_domains") {
		if !local[strings.ToLower(d)] {
			return true
		}
	}
	return false
}

// fallbacks adds the smtp_fallback_relay hops of every SMTP client
// transport that other routes use or that sets its own fallback relays.
func (r *router) fallbacks() {
	used := make(map[*Service]bool)
	var order []*Service
	for _, rt := range r.out {
		if !used[rt.Service] {
			used[rt.Service] = true
			order = append(order, rt.Service)
		}
	}
	for _, s := range r.c.Services {
		if s.Overrides("smtp_fallback_relay") && !used[s] && r.client(s.Name) == s {
			used[s] = true
			order = append(order, s)
		}
	}
	for _, s := range order {
		if s.Command != "smtp" {
			continue
		}
		var p *Param
		source := "smtp_fallback_relay"
		switch {
		case s.override(source) != nil:
			p = s.override(source)
		case r.c.mainParam(source) != nil:
			p = r.c.mainParam(source)
		case r.c.mainParam("fallback_relay") != nil && r.c.defaultOf(source).raw == "$fallback_relay":
			p, source = r.c.mainParam("fallback_relay"), "fallback_relay"
		default:
			continue
		}
		r.hops(s.Name, source, paramText(p, s.view), "")
	}
}
