package model

import (
	"net/netip"
	"strings"
	"sync"
)

// CIDRInfo describes a network written in a Postfix list, such as an
// item of mynetworks.
type CIDRInfo struct {
	Valid  bool // s is an address or network (not a name or a table)
	V6     bool
	Prefix int    // prefix length; 32 or 128 for a plain address
	Net    string // the network, normalised: "192.0.2.0/24", "2001:db8::/32"
	// Public reports that the network reaches beyond private and
	// special-purpose address space (RFC 1918, loopback, link-local,
	// CGNAT, documentation, multicast, IPv6 unique-local, ...), so that
	// 0.0.0.0/0 and ::/0 are public and 10.0.0.0/8 is not.
	Public bool
}

// specialNets are the ranges that are not public Internet addresses.
var specialNets = sync.OnceValue(func() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
		"172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15",
		"198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
		"::/128", "::1/128", "64:ff9b:1::/48", "100::/64", "2001:db8::/32", "fc00::/7",
		"fe80::/10", "ff00::/8",
	} {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
})

// ParseCIDR reads "192.0.2.0/24", "[2001:db8::]/32", "[::1]" or a plain
// address; anything else gives Valid == false.
func ParseCIDR(s string) CIDRInfo {
	s = strings.TrimSpace(s)
	addr, bits, hasBits := strings.Cut(s, "/")
	addr = strings.TrimSuffix(strings.TrimPrefix(addr, "["), "]")
	a, err := netip.ParseAddr(addr)
	if err != nil || a.Zone() != "" {
		return CIDRInfo{}
	}
	a = a.Unmap()
	p := netip.PrefixFrom(a, a.BitLen())
	if hasBits {
		if p, err = netip.ParsePrefix(a.String() + "/" + bits); err != nil {
			return CIDRInfo{}
		}
	}
	p = p.Masked()
	info := CIDRInfo{Valid: true, V6: a.Is6(), Prefix: p.Bits(), Net: p.String(), Public: true}
	for _, sp := range specialNets() {
		if sp.Bits() <= p.Bits() && sp.Contains(p.Addr()) {
			info.Public = false
			break
		}
	}
	return info
}
