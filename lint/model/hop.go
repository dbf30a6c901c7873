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
