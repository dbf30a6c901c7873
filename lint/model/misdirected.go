package model

import (
	"strings"

	"github.com/postlint/postlint/lint/postfix"
)

// Misdirected describes a master.cf -o override that the service's daemon
// never reads, because it belongs to the other SMTP program: smtp_* on a
// service that runs lmtp, lmtp_* on smtp, smtpd_* on a client, or a
// client's name on smtpd. Postfix keeps quiet and the setting has no
// effect.
type Misdirected struct {
	// Daemon is the service's command; "" when the override is read.
	Daemon string
	// Instead is the name the daemon reads for the same purpose, if the
	// release has one (lmtp_tls_security_level for smtp_tls_security_level
	// on lmtp).
	Instead string
}

// smtpFamilies are the parameter prefixes of the SMTP programs, by the
// daemon that reads them.
var smtpFamilies = map[string]string{"smtp": "smtp_", "lmtp": "lmtp_", "smtpd": "smtpd_"}

// Misdirected reports whether override p is a parameter of another SMTP
// program than its service's daemon. It is conservative: the parameter
// must be one of the release, the code facts must name its readers and
// not the daemon, and no value of main.cf or of the service may refer to
// it (then it matters through that value).
func (e Env) Misdirected(p *Param) Misdirected {
	if e.c == nil || p == nil || !p.InMaster || p.Service == nil {
		return Misdirected{}
	}
	daemon := p.Service.Command
	own, ok := smtpFamilies[daemon]
	if !ok {
		return Misdirected{}
	}
	var other string
	for d, prefix := range smtpFamilies {
		if d != daemon && strings.HasPrefix(p.Name, prefix) && !strings.HasPrefix(p.Name, own) {
			other = prefix
		}
	}
	if other == "" {
		return Misdirected{}
	}
	pp, ok := postfix.Lookup(p.Name)
	if !ok || pp.Template || pp.ReadByAll || len(pp.Readers) == 0 || !pp.AvailableIn(e.c.Version) {
		return Misdirected{}
	}
	// No default of these programs refers to another one's names
	// (postconf -d of every release), so only the user's values can.
	if readBy(pp, daemon) || e.c.referenced(p.Name, p.Service) {
		return Misdirected{}
	}
	m := Misdirected{Daemon: daemon}
	// A client setting has a twin of the other client (smtp_x, lmtp_x);
	// smtpd and the clients share no names.
	if daemon != "smtpd" && other != "smtpd_" {
		twin := own + strings.TrimPrefix(p.Name, other)
		if tp, ok := postfix.Lookup(twin); ok && tp.DefinitelyIn(e.c.Version) && readBy(tp, daemon) {
			m.Instead = twin
		}
	}
	return m
}

func readBy(p *postfix.Param, daemon string) bool {
	for _, r := range p.Readers {
		if r == daemon {
			return true
		}
	}
	return false
}

// referenced reports whether a main.cf value or an override of svc refers
// to $name.
func (c *Config) referenced(name string, svc *Service) bool {
	for _, p := range c.Params {
		if p.InMaster && p.Service != svc {
			continue
		}
		for _, m := range p.Macros {
			if m.Name == name {
				return true
			}
		}
	}
	return false
}
