package probe

import (
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/postlint/postlint/lint/model"
)

// Target is one server to probe with the settings of the transport that
// delivers to it.
type Target struct {
	Host string // what to connect to: a name or an address
	Port int
	// Name is the name the certificate must match: the next hop's host
	// (for MX delivery, the MX host; Domain is the recipient domain).
	Name, Domain string
	Route        *model.Route // the route it comes from; nil for a HOP argument that no route names
	Service      *model.Service
	Hop          string // as written, for messages
	At           model.Location
	Config       *model.Config
}

// Get returns the transport's effective value of an smtp_ parameter.
func (t *Target) Get(name string) string { return t.Service.Get(name) }

// Level is the transport's effective security level: a policy table
// entry for the hop, else smtp_tls_security_level, else the obsolete
// switches.
func (t *Target) Level() string {
	if e, ok := t.policy(); ok {
		if f := strings.Fields(strings.NewReplacer(",", " ").Replace(e.Value)); len(f) > 0 {
			return strings.ToLower(f[0])
		}
	}
	if l := strings.ToLower(t.Get("smtp_tls_security_level")); l != "" {
		return l
	}
	switch {
	case t.Service.Bool("smtp_enforce_tls") && t.Service.Bool("smtp_tls_enforce_peername"):
		return "verify"
	case t.Service.Bool("smtp_enforce_tls"):
		return "encrypt"
	case t.Service.Bool("smtp_use_tls"):
		return "may"
	}
	return "none"
}

// policy finds the smtp_tls_policy_maps entry for the hop among the
// entries postlint can read.
func (t *Target) policy() (model.TableEntry, bool) {
	if t.Route == nil || t.Get("smtp_tls_policy_maps") == "" {
		return model.TableEntry{}, false
	}
	keys := []string{t.Hop, t.Route.Host}
	if t.Route.MX && t.Domain != "" {
		keys = []string{t.Domain}
	}
	for _, e := range t.Config.Table("smtp_tls_policy_maps") {
		for _, k := range keys {
			if k != "" && strings.EqualFold(e.Key, k) {
				return e, true
			}
		}
	}
	return model.TableEntry{}, false
}

// PolicyKnown reports whether postlint knows the policy that applies:
// no smtp_tls_policy_maps, or main.cf's, with tables it can read. A
// transport's own -o table, or tables postlint cannot read, may hold an
// entry for the hop that changes the level: then only what does not
// depend on the level is reported.
func (t *Target) PolicyKnown() bool {
	if t.Get("smtp_tls_policy_maps") == "" {
		return true
	}
	return !t.Service.Overrides("smtp_tls_policy_maps") && len(t.Config.Table("smtp_tls_policy_maps")) > 0
}

// policyAttr returns an attribute (protocols=, match=) of the policy
// entry for the hop.
func (t *Target) policyAttr(name string) (string, bool) {
	e, ok := t.policy()
	if !ok {
		return "", false
	}
	for _, w := range strings.Fields(e.Value) {
		if k, v, ok := strings.Cut(w, "="); ok && strings.EqualFold(k, name) {
			return v, true
		}
	}
	return "", false
}

// Mandatory reports whether the level requires TLS.
func Mandatory(level string) bool {
	switch level {
	case "encrypt", "verify", "secure", "fingerprint", "dane-only":
		return true
	}
	return false
}

// Verifies reports whether the level requires a verified certificate.
func Verifies(level string) bool { return level == "verify" || level == "secure" }

// ProtocolParam names the setting that gives the protocols at the
// level: the policy entry's protocols=, else smtp_tls_mandatory_protocols
// for mandatory TLS, else smtp_tls_protocols.
func (t *Target) ProtocolParam() (name, value string) {
	if v, ok := t.policyAttr("protocols"); ok {
		return "smtp_tls_policy_maps protocols=", v
	}
	if Mandatory(t.Level()) {
		return "smtp_tls_mandatory_protocols", t.Get("smtp_tls_mandatory_protocols")
	}
	return "smtp_tls_protocols", t.Get("smtp_tls_protocols")
}

// ParseHop reads a HOP argument: [host]:port, host:port or host (port
// 25).
func ParseHop(s string) (host string, port int, err error) {
	h, p := s, "25"
	if strings.HasPrefix(s, "[") {
		end := strings.Index(s, "]")
		if end < 0 {
			return "", 0, fmt.Errorf("hop %q: missing ]", s)
		}
		h, p = s[1:end], "25"
		if rest := s[end+1:]; rest != "" {
			if !strings.HasPrefix(rest, ":") {
				return "", 0, fmt.Errorf("hop %q: want [host]:port", s)
			}
			p = rest[1:]
		}
		h = strings.TrimPrefix(strings.TrimPrefix(h, "ipv6:"), "IPv6:")
	} else if hh, pp, err := net.SplitHostPort(s); err == nil {
		h, p = hh, pp
	}
	port, err = strconv.Atoi(p)
	if err != nil {
		if port = model.Port(p); port == 0 {
			return "", 0, fmt.Errorf("hop %q: unknown port %q", s, p)
		}
	}
	if h == "" || port <= 0 || port > 65535 {
		return "", 0, fmt.Errorf("hop %q: want [host]:port", s)
	}
	return h, port, nil
}
