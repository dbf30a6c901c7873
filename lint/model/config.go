package model

import (
	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/lint/syntax"
)

// Input is what Build needs: the parsed files of one configuration
// directory (either may be nil) and the Postfix release to check against.
type Input struct {
	Dir          string
	Main, Master *syntax.File
	// Version is the target release; the zero Version means
	// postfix.Newest.
	Version postfix.Version
	// Host says the configuration is the one of the host postlint runs
	// on (host mode), so that facts of this host, such as which CA
	// bundle exists (Env.CABundle), apply to it.
	Host bool
}

// Config is the effective configuration of one directory.
type Config struct {
	Dir                  string
	Version              postfix.Version
	Host                 bool // see Input.Host
	MainFile, MasterFile *syntax.File

	// Params holds every main.cf setting, then every master.cf -o
	// override, in file order.
	Params []*Param
	// Services holds the master.cf entries in file order. Without a
	// master.cf it is empty; transports then resolve to Postfix's stock
	// services (see ServiceByName).
	Services []*Service
	// Routes holds every (next hop, client transport) pair.
	Routes []*Route
	// Syntax holds the parser's problems, including those in macros.
	Syntax []*SyntaxError

	mainDefs map[string][]*Param // main.cf definitions by name, in file order
	main     *view
	stock    []*Service // Postfix's default master.cf, used without a master.cf
	defaults map[string]defaultValue
	known    knownNames
	tables   map[string]*tableFile   // table sources read, by name
	deps     map[string][]string     // see dependents
	lastDefs map[serviceKey]*Service // see Redefinition; nil until needed
}

// Build computes the effective configuration. It never fails: problems
// in the input show up as syntax errors, undefined macros and the like.
func Build(in Input) *Config {
	c := &Config{
		Dir:        in.Dir,
		Version:    in.Version,
		Host:       in.Host,
		MainFile:   in.Main,
		MasterFile: in.Master,
		mainDefs:   make(map[string][]*Param),
		defaults:   make(map[string]defaultValue),
	}
	if c.Version.IsZero() {
		c.Version = postfix.Newest
	}
	c.main = newView(c, nil)
	c.buildMainParams()
	c.buildServices()
	c.known = newKnownNames(c)
	c.finishParams()
	c.buildSyntaxErrors()
	c.Routes = newRouter(c).routes()
	return c
}

// ServiceByName returns the service with the given name and type ("" for
// any type). Without a master.cf it finds Postfix's stock services
// (Service.Stock), so that transports such as smtp and relay resolve as
// they would on a default installation.
func (c *Config) ServiceByName(name, typ string) *Service {
	list := c.Services
	if c.MasterFile == nil {
		list = c.stock
	}
	for _, s := range list {
		if s.Name == name && (typ == "" || s.Type == typ) {
			return s
		}
	}
	return nil
}

// ServicesOrStock returns the master.cf services, or without a master.cf
// Postfix's stock services (Service.Stock).
func (c *Config) ServicesOrStock() []*Service {
	if c.MasterFile == nil {
		return c.stock
	}
	return c.Services
}

// Files returns the parsed files present: main.cf, then master.cf.
func (c *Config) Files() []*syntax.File {
	var fs []*syntax.File
	for _, f := range []*syntax.File{c.MainFile, c.MasterFile} {
		if f != nil {
			fs = append(fs, f)
		}
	}
	return fs
}

// mainParam returns the effective (last) main.cf definition of name.
func (c *Config) mainParam(name string) *Param {
	defs := c.mainDefs[name]
	if len(defs) == 0 {
		return nil
	}
	return defs[len(defs)-1]
}

// MainDefs returns every main.cf definition of name, in file order; the
// last one is in effect.
func (c *Config) MainDefs(name string) []*Param {
	return c.mainDefs[name]
}
