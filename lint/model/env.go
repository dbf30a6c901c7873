package model

import "github.com/postlint/postlint/lint/postfix"

// Env is the environment rule expressions run in (see
// docs/rules-format.md). Compile expressions with expr.Env(Env{}); run
// them with the value from Config.Env, with the subject field of the
// rule's scope set. Methods have value receivers so that expr sees them
// as functions.
type Env struct {
	Version  string // the target release, e.g. "3.7.0"
	Main     *Main
	Params   []*Param // every main.cf setting and master.cf -o
	Services []*Service
	Routes   []*Route

	// Subjects: the one of the rule's scope is set.
	Param   *Param
	Service *Service
	Route   *Route
	Syntax  *SyntaxError

	c *Config
}

// Env returns the environment without a subject.
func (c *Config) Env() Env {
	return Env{
		Version:  c.Version.String(),
		Main:     c.Main(),
		Params:   c.Params,
		Services: c.Services,
		Routes:   c.Routes,
		c:        c,
	}
}

// AtLeast reports whether the target release is v or newer. An invalid v
// gives false.
func (e Env) AtLeast(v string) bool {
	pv, err := postfix.ParseVersion(v)
	return err == nil && e.c != nil && e.c.Version.AtLeast(pv)
}

// Below reports whether the target release is older than v. An invalid v
// gives false.
func (e Env) Below(v string) bool {
	pv, err := postfix.ParseVersion(v)
	return err == nil && e.c != nil && e.c.Version.Less(pv)
}

// Known reports whether name is a parameter of the target release or a
// name Postfix derives at run time (see Config.Known).
func (e Env) Known(name string) bool { return e.c != nil && e.c.Known(name) }

// Exists reports whether name is a parameter that some release from 2.6
// to the newest reads.
func (e Env) Exists(name string) bool {
	p, ok := postfix.Lookup(name)
	return ok && !p.Template && p.Exists()
}

// TooNew reports whether the target release lacks a parameter that a
// later release has.
func (e Env) TooNew(name string) bool {
	p, ok := postfix.Lookup(name)
	if !ok || e.c == nil || p.Template || p.AvailableIn(e.c.Version) {
		return false
	}
	_, later := p.NextAfter(e.c.Version)
	return later
}

// Removed reports whether the target release no longer has a parameter
// that an older release had (and no later release has again).
func (e Env) Removed(name string) bool {
	p, ok := postfix.Lookup(name)
	if !ok || e.c == nil || p.Template || !p.Exists() || p.AvailableIn(e.c.Version) {
		return false
	}
	_, later := p.NextAfter(e.c.Version)
	return !later && p.Since().Less(e.c.Version)
}

// Requires describes the releases that have a parameter the target
// release lacks, by release branch: "3.7.9 or later on the 3.7 branch"
// when a later patch release of the target's own series has it (a
// backport), else for example "3.9 or later".
func (e Env) Requires(name string) string {
	p, ok := postfix.Lookup(name)
	if !ok || e.c == nil {
		return ""
	}
	return p.Requires(e.c.Version)
}

// LastRelease names the last release that has a parameter ("3.6" for the
// whole 3.6 branch, "2.8.0" for a single release), or "" for a current
// parameter.
func (e Env) LastRelease(name string) string {
	if p, ok := postfix.Lookup(name); ok {
		return p.LastRelease()
	}
	return ""
}

// Deprecated reports whether the parameter is deprecated in the target
// release.
func (e Env) Deprecated(name string) bool {
	p, ok := postfix.Lookup(name)
	if !ok || p.Deprecated == nil || e.c == nil {
		return false
	}
	return p.Deprecated.Since.IsZero() || e.c.Version.AtLeast(p.Deprecated.Since)
}

// Warns reports whether the target release logs a warning when the
// deprecated parameter is set; releases before that are silent about it.
func (e Env) Warns(name string) bool {
	p, ok := postfix.Lookup(name)
	return ok && e.c != nil && p.WarnsIn(e.c.Version)
}

// Replacement returns the parameter that replaces a deprecated one, or "".
func (e Env) Replacement(name string) string {
	if p, ok := postfix.Lookup(name); ok && p.Deprecated != nil {
		return p.Deprecated.Replacement
	}
	return ""
}

// Suggest returns the known parameter of the target release closest to
// name, or "" when none is close.
func (e Env) Suggest(name string) string {
	if e.c == nil {
		return suggest(name, postfix.Version{})
	}
	return e.c.known.suggestion(name, e.c.Version)
}

func suggest(name string, v postfix.Version) string {
	if s := postfix.Suggest(name, v); len(s) > 0 {
		return s[0]
	}
	return ""
}

// ServiceByName returns the service with the given name and type ("" for
// any), or nil; see Config.ServiceByName.
func (e Env) ServiceByName(name, typ string) *Service {
	if e.c == nil {
		return nil
	}
	return e.c.ServiceByName(name, typ)
}

// Port converts a port number or service name to a number; see Port.
func (e Env) Port(v any) int { return Port(v) }

// ListHas reports whether a list contains item; see ListHas.
func (e Env) ListHas(list any, item string) bool { return ListHas(list, item) }

// ProtocolList interprets a TLS protocol list for the target release;
// see ProtocolList.
func (e Env) ProtocolList(s string) ProtocolSpec {
	var v postfix.Version
	if e.c != nil {
		v = e.c.Version
	}
	return ProtocolList(s, v)
}

// CIDRWide reports an overly wide network; see CIDRWide.
func (e Env) CIDRWide(s string) bool { return CIDRWide(s) }

// CIDR describes one network or address; see ParseCIDR.
func (e Env) CIDR(s string) CIDRInfo { return ParseCIDR(s) }

// SplitList splits a value like a Postfix list.
func (e Env) SplitList(s string) []string { return SplitList(s) }
