package model

import (
	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/lint/syntax"
)

// defaultValue is the built-in value of a parameter in the target
// release, parsed for expansion.
type defaultValue struct {
	raw   string
	parts []syntax.Part
	ok    bool // the release has the parameter
}

// defaultOf returns the default of name in the target release: that of
// the parameter table, or for a per-service name such as
// relay_destination_concurrency_limit a reference to the parameter it
// defaults to. A default the documentation gives only as a description
// (`see "postconf -d" output`) or a read-only value counts as empty.
func (c *Config) defaultOf(name string) defaultValue {
	if d, ok := c.defaults[name]; ok {
		return d
	}
	var d defaultValue
	if p, ok := postfix.Lookup(name); ok && !p.Template {
		if p.AvailableIn(c.Version) {
			d.ok = true
			if v, lit := p.DefaultIn(c.Version); lit && v != "read-only" {
				d.raw = v
			}
		}
	} else if s, ok := c.serviceSuffix(name); ok && c.Version.AtLeast(s.Since()) {
		d.ok = true
		d.raw = "$" + s.Default
	}
	if d.raw != "" {
		d.parts = parseValue(d.raw)
	}
	c.defaults[name] = d
	return d
}

// serviceSuffix recognises a per-service parameter name of a service in
// master.cf (or of a stock service without a master.cf).
func (c *Config) serviceSuffix(name string) (postfix.ServiceSuffix, bool) {
	suffix, ok := postfix.DerivedServiceParam(name, c.known.services)
	if !ok {
		return postfix.ServiceSuffix{}, false
	}
	for _, s := range postfix.ServiceSuffixes() {
		if s.Suffix == suffix {
			return s, true
		}
	}
	return postfix.ServiceSuffix{}, false
}
