package model

import "github.com/postlint/postlint/lint/postfix"

// knownNames holds what postconf derives from the configuration to
// accept names beyond the parameter table.
type knownNames struct {
	services map[string]string // service name → command
	user     map[string]bool   // user-defined names (postfix.UserDefinedNames)
	db       map[string]string // database tables with main.cf settings; nil until needed
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
	settings := make(map[string]string)
	for _, p := range c.Params {
		if old, ok := settings[p.Name]; ok && p.InMaster {
			settings[p.Name] = old + " " + p.Value
		} else {
			settings[p.Name] = p.Value
		}
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
