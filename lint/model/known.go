package model

import (
	"strings"

	"github.com/postlint/postlint/lint/postfix"
)

// knownNames holds what postconf derives from the configuration to
// accept names beyond the parameter table.
type knownNames struct {
	services map[string]string // service name → command
	user     map[string]bool   // user-defined names (postfix.UserDefinedNames)
	db       map[string]string // database tables with main.cf settings; nil until needed
	// suggested caches Suggest: it compares a name with every parameter,
	// and a file may repeat one unknown name a million times.
	suggested map[string]string
}

// suggestion is suggest(name, v), once per name.
func (k *knownNames) suggestion(name string, v postfix.Version) string {
	if s, ok := k.suggested[name]; ok {
		return s
	}
	if k.suggested == nil {
		k.suggested = make(map[string]string)
	}
	s := suggest(name, v)
	k.suggested[name] = s
	return s
}

func newKnownNames(c *Config) knownNames {
	k := knownNames{services: make(map[string]string)}
	list := c.Services
	if c.MasterFile == nil {
		list = c.stock
	}
	for _, s := range list {
		if _, dup := k.services[s.Name]; !dup {
			k.services[s.Name] = s.Command
		}
	}
	// Every -o of a name counts, so their values are joined; collected
	// first, as appending to a string each time is quadratic.
	values := make(map[string][]string)
	for _, p := range c.Params {
		if _, ok := values[p.Name]; ok && p.InMaster {
			values[p.Name] = append(values[p.Name], p.Value)
		} else {
			values[p.Name] = []string{p.Value}
		}
	}
	settings := make(map[string]string, len(values))
	for name, vs := range values {
		settings[name] = strings.Join(vs, " ")
	}
	k.user = postfix.UserDefinedNames(settings, c.Version)
	return k
}

// Known reports whether name is a parameter of the target release or a
// name that Postfix derives at run time: per-service names of master.cf
// services, user-defined names referenced as $name, and legacy database
// client settings.
func (c *Config) Known(name string) bool {
	if p, ok := postfix.Lookup(name); ok && !p.Template && p.AvailableIn(c.Version) {
		return true
	}
	if s, ok := c.serviceSuffix(name); ok {
		return c.Version.AtLeast(s.Since())
	}
	if c.known.user[name] {
		return true
	}
	if c.known.db == nil {
		c.known.db = make(map[string]string)
		for _, p := range c.Params {
			for t, typ := range postfix.DBTables(p.Expanded) {
				c.known.db[t] = typ
			}
		}
	}
	_, ok := postfix.DerivedDBParam(name, c.known.db)
	return ok
}
