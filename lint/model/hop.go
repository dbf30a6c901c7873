package model

import "strings"

// hop is one parsed next-hop destination.
type hop struct {
	host      string
	port      int
	bracketed bool
}

// parseHop reads an SMTP or LMTP next hop: "[host]:port", "[host]",
// "host:port" or "host", where port is a number or a service name and an
// IPv6 address is written [ipv6:addr]. LMTP also has "inet:host:port" and
// "unix:/path" (port 0). defPort applies when the hop names no port.
func parseHop(s string, lmtp bool, defPort int) hop {
	if lmtp {
		if path, ok := strings.CutPrefix(s, "unix:"); ok {
			return hop{host: path}
		}
		s = strings.TrimPrefix(s, "inet:")
	}
	h := hop{host: s, port: defPort}
	portSpec, hasPort := "", false
	switch {
	case strings.HasPrefix(s, "["):
		if i := strings.Index(s, "]"); i > 0 {
			h.host, h.bracketed = s[1:i], true
			portSpec, hasPort = strings.CutPrefix(s[i+1:], ":")
		}
	case strings.Count(s, ":") == 1:
		i := strings.IndexByte(s, ':')
		h.host, portSpec, hasPort = s[:i], s[i+1:], true
	}
	if hasPort {
		h.port = Port(portSpec)
	}
	h.host = strings.TrimPrefix(h.host, "ipv6:")
	return h
}

// LoopsBack reports which next hop of a relayhost-style value (p's
// expanded value, a list) the SMTP client would refuse as itself: on port
// 25, a host that is this machine — myhostname, localhost, a loopback
// address while inet_interfaces includes loopback, or an address listed
// in inet_interfaces or proxy_interfaces. Postfix compares the server's
// address with its own ones before it connects, and only for the SMTP
// port: it defers the mail with 4.3.5 "mail for ... loops back to
// myself". It returns "" when no hop loops.
func (e Env) LoopsBack(p *Param) string {
	if e.c == nil || p == nil {
		return ""
	}
	v := p.view(e.c)
	me := strings.ToLower(v.get("myhostname"))
	ifaces := strings.ToLower(v.get("inet_interfaces") + " " + v.get("proxy_interfaces"))
	own := map[string]bool{}
	for _, a := range SplitList(ifaces) {
		if !strings.HasPrefix(a, "#") { // a trailing comment is PL133's
			own[strings.Trim(a, "[]")] = true
		}
	}
	loopback := own["all"] || own["loopback-only"] || own["localhost"] || own["127.0.0.1"] || own["::1"]
	for _, item := range SplitList(p.Expanded) {
		h := parseHop(item, false, 25)
		if h.port != 25 {
			continue
		}
		host := strings.ToLower(h.host)
		switch {
		case host == "" || strings.Contains(host, "$") || strings.HasPrefix(host, "#"):
		case me != "" && host == me, host == "localhost", own[host],
			loopback && (host == "::1" || host == "127.0.0.1"):
			return item
		}
	}
	return ""
}
