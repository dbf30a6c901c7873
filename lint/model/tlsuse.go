package model

import "strings"

// TLSListUsed reports whether some program uses the TLS protocol or
// cipher setting p (*_tls_protocols, *_tls_mandatory_protocols,
// *_tls_ciphers, *_tls_mandatory_ciphers) with the configuration as it is:
// the SMTP servers (smtpd_*) or client transports (smtp_*, lmtp_*) that
// take p's value use the mandatory list only where TLS is mandatory
// (encrypt and above, or wrapper mode) and the other one only where it is
// opportunistic (may). Checked with Postfix 3.7.11: an invalid list that
// no session uses logs nothing. A per-destination policy table may ask
// for TLS that the global level does not, so an smtp_ or lmtp_ list with
// *_tls_policy_maps set counts as used. tlsproxy_ lists count as used.
func (e Env) TLSListUsed(p *Param) bool {
	if e.c == nil || p == nil {
		return false
	}
	prefix, rest, ok := strings.Cut(p.Name, "_tls_")
	if !ok {
		return false
	}
	mandatory := strings.HasPrefix(rest, "mandatory_")
	uses := func(s *Service) bool {
		if p.Service != nil && s != p.Service || p.Service == nil && s.Overrides(p.Name) {
			return false
		}
		return levelUses(s, prefix, mandatory)
	}
	switch prefix {
	case "smtpd":
		for _, s := range e.SMTPServers() {
			if uses(s) {
				return true
			}
		}
	case "smtp", "lmtp":
		for _, r := range e.c.Routes {
			if !strings.HasPrefix(r.Service.Command, prefix) {
				continue
			}
			if uses(r.Service) || r.Service.Get(prefix+"_tls_policy_maps") != "" && (p.Service == nil || r.Service == p.Service) {
				return true
			}
		}
	default:
		return true
	}
	return false
}

// levelUses reports whether a service's TLS security level makes it use
// the mandatory (or, with mandatory false, the opportunistic) lists.
func levelUses(s *Service, prefix string, mandatory bool) bool {
	lvl := strings.ToLower(s.Get(prefix + "_tls_security_level"))
	if lvl == "" {
		switch {
		case s.Bool(prefix + "_enforce_tls"):
			lvl = "encrypt"
		case s.Bool(prefix + "_use_tls"):
			lvl = "may"
		default:
			lvl = "none"
		}
	}
	if s.Bool(prefix + "_tls_wrappermode") {
		return mandatory
	}
	switch lvl {
	case "none":
		return false
	case "may":
		return !mandatory
	case "dane":
		return true // mandatory with TLSA records, opportunistic without
	}
	return mandatory
}
