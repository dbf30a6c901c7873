package model

import (
	"net/netip"
	"strconv"
	"strings"
)

// portNames maps the service names that master.cf and next hops use most
// to TCP ports.
var portNames = map[string]int{
	"smtp":        25,
	"lmtp":        24,
	"submission":  587,
	"smtps":       465,
	"submissions": 465,
	"ssmtp":       465,
}

// Port converts a port number or service name (25, "25", "smtp",
// "submission", "smtps", "submissions", "lmtp") to a port number; 0 when
// it is neither.
func Port(v any) int {
	switch v := v.(type) {
	case int:
		return v
	case int64:
		return int(v)
	case string:
		v = strings.TrimSpace(v)
		if n, err := strconv.Atoi(v); err == nil && allDigits(v) && n < 1<<16 {
			return n
		}
		return portNames[strings.ToLower(v)]
	}
	return 0
}

// isListSep reports the separators of Postfix lists (CHARS_COMMA_SP).
func isListSep(c byte) bool {
	return c == ',' || c == ' ' || c == '\t' || c == '\r' || c == '\n'
}

// listItem is one element of a list with its byte range.
type listItem struct {
	text       string
	start, end int
}

// splitItems splits s at commas and white space outside {...} groups, as
// Postfix's mystrtokq does.
func splitItems(s string) []listItem {
	var items []listItem
	depth, start := 0, -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		if depth == 0 && isListSep(c) {
			if start >= 0 {
				items = append(items, listItem{s[start:i], start, i})
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
		switch c {
		case '{':
			depth++
		case '}':
			if depth > 0 {
				depth--
			}
		}
	}
	if start >= 0 {
		items = append(items, listItem{s[start:], start, len(s)})
	}
	return items
}

// SplitList splits a list value at commas and white space, keeping
// {...} groups together.
func SplitList(s string) []string {
	items := splitItems(s)
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.text
	}
	return out
}

// isTrue interprets a Postfix boolean.
func isTrue(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return s == "yes" || s == "true"
}

// toInt reads a decimal number, ignoring a one-letter unit such as the
// "s" of "300s"; 0 if s is not a number.
func toInt(s string) int {
	s = strings.TrimSpace(s)
	if len(s) > 1 && strings.IndexByte("smhdwkKMGbB", s[len(s)-1]) >= 0 {
		s = s[:len(s)-1]
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}

// ListHas reports whether list (a string, split like a Postfix list, or
// a []string) contains item, ignoring ASCII case.
func ListHas(list any, item string) bool {
	var items []string
	switch l := list.(type) {
	case string:
		items = SplitList(l)
	case []string:
		items = l
	case []any:
		for _, x := range l {
			if s, ok := x.(string); ok {
				items = append(items, s)
			}
		}
	}
	for _, it := range items {
		if strings.EqualFold(it, item) {
			return true
		}
	}
	return false
}

// globalUnicast6 is the IPv6 global unicast space.
var globalUnicast6 = netip.MustParsePrefix("2000::/3")

// CIDRWide reports whether s (one network, "0.0.0.0/0" or "[::]/0"
// style, or a list of them) contains a network wider than an IPv4 /8, or
// an IPv6 network wider than a /16 that reaches into the global unicast
// space: addresses far beyond any one organisation, as in an open relay's
// mynetworks. Link-local and unique-local IPv6 ranges are not wide.
func CIDRWide(s string) bool {
	for _, item := range SplitList(s) {
		item = strings.Replace(strings.Replace(item, "[", "", 1), "]", "", 1)
		p, err := netip.ParsePrefix(item)
		if err != nil {
			continue
		}
		if p.Addr().Is4() {
			if p.Bits() < 8 {
				return true
			}
		} else if p.Bits() < 16 && p.Overlaps(globalUnicast6) {
			return true
		}
	}
	return false
}

// IPAddress reports whether s is a numeric IPv4 or IPv6 address, as the
// SMTP and LMTP clients require for *_bind_address (getaddrinfo with
// AI_NUMERICHOST: a host name or a port does not do).
func IPAddress(s string) bool {
	_, err := netip.ParseAddr(strings.TrimSpace(s))
	return err == nil
}

// IPAddress is the helper IPAddress for rule expressions.
func (e Env) IPAddress(s string) bool { return IPAddress(s) }
