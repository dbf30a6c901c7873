package model

import (
	"strings"

	"github.com/postlint/postlint/lint/postfix"
)

// RelayControl is what smtpd's start-up check (smtpd_check_init and
// has_required in smtpd_check.c) finds in the restriction lists of one
// SMTP server: Postfix 2.10 and later require that smtpd_relay_restrictions
// or smtpd_recipient_restrictions (older releases: the latter) holds a
// relay-blocking restriction before any plain "permit", directly or in a
// restriction class at any depth; "warn_if_reject X" does not count, and
// a class that reaches "permit" first does not count either. Otherwise
// smtpd stops with "fatal: in parameter smtpd_relay_restrictions or
// smtpd_recipient_restrictions, specify at least one working instance
// of: ...".
type RelayControl struct {
	// OK reports that smtpd starts.
	OK bool
	// Required lists the restrictions that satisfy the check in the
	// target release, in the order of Postfix's message, and RequiredText
	// lists them as the message does ("a, b or c").
	Required     []string
	RequiredText string
	// Relay and Recipient are the two lists as smtpd reads them; Relay is
	// empty before Postfix 2.10, which has no smtpd_relay_restrictions.
	Relay, Recipient []string
}

// RelayControl checks the lists of the SMTP servers that use main.cf's
// values.
func (m *Main) RelayControl() RelayControl { return m.c.main.relayControl() }

// RelayControl checks the lists of this service, with its -o overrides.
func (s *Service) RelayControl() RelayControl { return s.view.relayControl() }

// RelaysVia reports whether a client that the restriction word (such as
// permit_mynetworks) permits may relay to any destination through the
// SMTP servers that use main.cf's lists: in every list that could reject
// the relay attempt, that word comes first.
func (m *Main) RelaysVia(word string) bool { return m.c.main.relaysVia(word) }

// RelaysVia is Main.RelaysVia for this service, with its -o overrides.
func (s *Service) RelaysVia(word string) bool { return s.view.relaysVia(word) }

// has210 reports whether the target release has smtpd_relay_restrictions
// and the start-up check of Postfix 2.10 and later.
func (v *view) has210() bool { return v.c.Version.AtLeast(postfix.Version{Major: 2, Minor: 10}) }

func (v *view) relayControl() RelayControl {
	rc := RelayControl{Required: postfix.RelayBlocking(v.c.Version), Recipient: SplitList(v.get("smtpd_recipient_restrictions"))}
	rc.RequiredText = orList(rc.Required)
	if v.has210() {
		rc.Relay = SplitList(v.get("smtpd_relay_restrictions"))
	}
	classes := v.classes()
	rc.OK = v.hasRequired(rc.Recipient, rc.Required, classes, map[string]bool{}) ||
		v.hasRequired(rc.Relay, rc.Required, classes, map[string]bool{})
	return rc
}

// classes returns the definitions of the restriction classes named in
// smtpd_restriction_classes; classes without a definition are left out
// (smtpd stops on them before this check).
func (v *view) classes() map[string][]string {
	out := make(map[string][]string)
	for _, name := range SplitList(v.get("smtpd_restriction_classes")) {
		if def := SplitList(v.get(name)); len(def) > 0 {
			out[name] = def
		}
	}
	return out
}

// hasRequired mirrors has_required. Releases before 2.10 compared words
// with their case and did not stop at "permit"; to stay on the safe side
// of a false alarm, they are given both leniencies.
func (v *view) hasRequired(list, required []string, classes map[string][]string, seen map[string]bool) bool {
	modern := v.has210()
	for i := 0; i < len(list); i++ {
		w := list[i]
		if strings.EqualFold(w, "warn_if_reject") && i+1 < len(list) {
			i++
			continue
		}
		if modern && strings.EqualFold(w, "permit") {
			return false
		}
		for _, r := range required {
			if strings.EqualFold(w, r) {
				return true
			}
		}
		// The class lookup is by exact name (htable_find), and a class
		// that refers to itself is not followed twice.
		if def, ok := classes[w]; ok && !seen[w] {
			seen[w] = true
			if v.hasRequired(def, required, classes, seen) {
				return true
			}
		}
	}
	return false
}

// relayBlockers are the restrictions that stop a relay attempt by an
// unauthenticated client: reject_unauth_destination and the like reject
// mail to foreign destinations, reject and defer everything.
var relayBlockers = []string{"reject_unauth_destination", "defer_unauth_destination", "reject", "defer", "defer_if_permit", "check_relay_domains"}

func (v *view) relaysVia(word string) bool {
	classes := v.classes()
	lists := [][]string{SplitList(v.get("smtpd_recipient_restrictions"))}
	if v.has210() {
		lists = append(lists, SplitList(v.get("smtpd_relay_restrictions")))
	}
	blocking := false
	for _, l := range lists {
		switch v.firstOf(l, word, classes, map[string]bool{}) {
		case firstBlocker:
			return false
		case firstWord:
			blocking = true
		}
	}
	return blocking
}

// The outcome of firstOf.
const (
	firstNone = iota
	firstWord
	firstBlocker
)

// firstOf walks a list as smtpd evaluates it, classes expanded in place,
// and reports which comes first: word, a relay blocker or neither.
// Arguments of restrictions are skipped, and so is the restriction after
// warn_if_reject, which only logs.
func (v *view) firstOf(list []string, word string, classes map[string][]string, seen map[string]bool) int {
	for i := 0; i < len(list); i++ {
		w := list[i]
		switch {
		case strings.EqualFold(w, "warn_if_reject"):
			i++
			if i < len(list) {
				if r, ok := postfix.LookupRestriction(list[i], v.c.Version); ok {
					i += r.Args
				}
			}
			continue
		case strings.EqualFold(w, word), strings.EqualFold(w, "permit"):
			return firstWord // a plain permit lets everyone through
		}
		for _, b := range relayBlockers {
			if strings.EqualFold(w, b) {
				return firstBlocker
			}
		}
		if def, ok := classes[w]; ok && !seen[w] {
			seen[w] = true
			if r := v.firstOf(def, word, classes, seen); r != firstNone {
				return r
			}
			continue
		}
		if r, ok := postfix.LookupRestriction(w, v.c.Version); ok {
			i += r.Args
		}
	}
	return firstNone
}

// publicCAs are the system CA bundles and directories: a client
// certificate that verifies against them can be bought by anyone.
var publicCAs = append([]string{"/etc/ssl/cert.pem", "/etc/pki/tls/cert.pem", "/etc/ssl/ca-bundle.pem",
	"/usr/local/share/certs/ca-root-nss.crt", "/etc/ssl/certs", "/etc/pki/tls/certs"}, caBundles...)

// PublicClientCA reports whether the SMTP server trusts a public CA
// bundle for client certificates: smtpd_tls_CAfile or smtpd_tls_CApath
// names a system bundle, or tls_append_default_CA adds it.
func (s *Service) PublicClientCA() bool { return s.view.publicClientCA() }

// PublicClientCA is Service.PublicClientCA for main.cf's values.
func (m *Main) PublicClientCA() bool { return m.c.main.publicClientCA() }

func (v *view) publicClientCA() bool {
	if isTrue(v.get("tls_append_default_CA")) {
		return true
	}
	for _, name := range []string{"smtpd_tls_CAfile", "smtpd_tls_CApath"} {
		val := strings.TrimRight(strings.TrimSpace(v.get(name)), "/")
		for _, p := range publicCAs {
			if val == p {
				return true
			}
		}
	}
	return false
}

// relayParams are the settings smtpd's relay decisions depend on.
var relayParams = []string{"smtpd_relay_restrictions", "smtpd_recipient_restrictions", "smtpd_restriction_classes",
	"compatibility_level", "mynetworks", "mynetworks_style", "smtpd_tls_ask_ccert", "smtpd_tls_CAfile", "smtpd_tls_CApath"}

// RelayOverrides reports whether the service's -o options change what
// its relay restrictions do, so that it must be judged on its own rather
// than with main.cf's values.
func (s *Service) RelayOverrides() bool {
	for _, n := range relayParams {
		if s.Overrides(n) {
			return true
		}
	}
	for _, c := range SplitList(s.Get("smtpd_restriction_classes")) {
		if s.Overrides(c) {
			return true
		}
	}
	return false
}

// SMTPServers returns the services that run smtpd: those of master.cf, or
// without one, those of Postfix's stock master.cf (the smtp service on
// port 25).
func (e Env) SMTPServers() []*Service {
	if e.c == nil {
		return nil
	}
	list := e.c.Services
	if e.c.MasterFile == nil {
		list = e.c.stock
	}
	var out []*Service
	for _, s := range list {
		if s.Command == "smtpd" {
			out = append(out, s)
		}
	}
	return out
}

// StockMaster reports that there is no master.cf: master.cf-dependent
// rules judge the target release's stock master.cf.
func (e Env) StockMaster() bool { return e.c != nil && e.c.MasterFile == nil }

// OpenRelay describes an SMTP server that relays for more clients than
// its owner can vouch for (see Env.OpenRelay).
type OpenRelay struct {
	// Word is the restriction that lets them through: permit (everyone),
	// permit_naked_ip_address (anyone who sends HELO with an IP address)
	// or permit_tls_all_clientcerts (anyone with a client certificate
	// from a public CA the server trusts); "" when there is none.
	Word    string
	Service *Service // the SMTP server
	// List is the restriction list where Word comes before the relay
	// blocker, for locating the finding.
	List string
}

// OpenRelay finds the first SMTP server (of master.cf, or the stock one)
// through which a broad permit lets clients relay to any destination.
// permit_tls_all_clientcerts counts only where the server asks for client
// certificates (smtpd_tls_ask_ccert = yes; otherwise no client sends one)
// and trusts a public CA: with a private CA it is the documented way to
// let one's own hosts relay.
func (e Env) OpenRelay() OpenRelay {
	for _, s := range e.SMTPServers() {
		if !s.RelayControl().OK {
			continue // smtpd does not start (PL604, PL605)
		}
		for _, w := range []string{"permit", "permit_naked_ip_address", "permit_tls_all_clientcerts"} {
			if r, ok := postfix.LookupRestriction(w, e.c.Version); !ok || !r.Known && !r.Maybe || r.AlwaysFails {
				continue
			}
			if w == "permit_tls_all_clientcerts" && !(s.Bool("smtpd_tls_ask_ccert") && s.PublicClientCA()) {
				continue
			}
			if s.RelaysVia(w) {
				return OpenRelay{Word: w, Service: s, List: s.view.listWith(w)}
			}
		}
	}
	return OpenRelay{}
}

// listWith names the relay restriction list that holds word (directly or
// through a class), preferring smtpd_relay_restrictions.
func (v *view) listWith(word string) string {
	classes := v.classes()
	for _, name := range []string{"smtpd_relay_restrictions", "smtpd_recipient_restrictions"} {
		if v.firstOf(SplitList(v.get(name)), word, classes, map[string]bool{}) == firstWord {
			return name
		}
	}
	return "smtpd_recipient_restrictions"
}

// RelaysVia reports whether clients that the restriction word permits may
// relay through the SMTP servers that use the setting p: its service for a
// -o override, else every server of master.cf (or the stock one) that
// does not override p.
func (e Env) RelaysVia(p *Param, word string) bool {
	if p == nil || e.c == nil {
		return false
	}
	if p.Service != nil {
		return p.Service.Command == "smtpd" && p.Service.RelaysVia(word)
	}
	for _, s := range e.SMTPServers() {
		if !s.Overrides(p.Name) && s.RelaysVia(word) {
			return true
		}
	}
	return false
}

// orList joins words as "a, b or c".
func orList(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}
