package model

import (
	"path"
	"strings"

	"github.com/postlint/postlint/lint/syntax"
)

// Service is a master.cf entry.
type Service struct {
	// The first seven fields as written.
	Name, Type, Private, Unpriv, Chroot, Wakeup, MaxProc string
	// Command is the daemon: the base name of the command field, and
	// Path the field as written (relative to daemon_directory).
	Command, Path string
	Args          []string // command arguments after the options
	// Port is the TCP port an inet service listens on (25 for "smtp",
	// 587 for "submission", 465 for "smtps" and "submissions", or the
	// number written); 0 when it is not an inet service or the port is
	// unknown. Host is the address part of "host:port", if any.
	Port int
	Host string
	// Stock marks a service of Postfix's default master.cf, assumed
	// when the configuration has no master.cf.
	Stock bool
	At    Location // the service name field
	// Params are the -o overrides in order.
	Params []*Param

	node      *syntax.Service
	src       source            // nil for stock services
	overrides map[string]*Param // the last -o of each name
	view      *view
}

// Get returns the service's effective value of a parameter, expanded: its
// -o override, else main.cf, else the default.
func (s *Service) Get(name string) string { return s.view.get(name) }

// Raw returns the unexpanded -o override, else the main.cf value, else
// the default.
func (s *Service) Raw(name string) string {
	if p := s.override(name); p != nil {
		return p.Value
	}
	return s.view.c.raw(name)
}

// Overrides reports whether the service has a -o for name.
func (s *Service) Overrides(name string) bool { return s.override(name) != nil }

// Bool interprets Get(name) as a Postfix boolean.
func (s *Service) Bool(name string) bool { return isTrue(s.Get(name)) }

// Int interprets Get(name) as a number (0 if it is not one).
func (s *Service) Int(name string) int { return toInt(s.Get(name)) }

// List splits Get(name) like Postfix splits lists.
func (s *Service) List(name string) []string { return SplitList(s.Get(name)) }

// OptionAt returns the location of the -o option that sets name (the last
// one), or the zero Location.
func (s *Service) OptionAt(name string) Location {
	p := s.override(name)
	if p == nil {
		return Location{}
	}
	return locate(s.src, p.opt.Pos, p.opt.End)
}

// FieldAt returns the location of master.cf field i (0 to 7 in the
// order of syntax.FieldName ... syntax.FieldCommand), or the zero
// Location when the entry is short or the service is a stock one.
func (s *Service) FieldAt(i int) Location {
	if s.Stock || i < 0 || i >= len(s.node.Fields) {
		return Location{}
	}
	w := s.node.Fields[i]
	return locate(s.src, w.Pos, w.End)
}

// ParamAt returns where the service's value of name is set: its -o
// option, else the main.cf setting; the zero Location for a default.
func (s *Service) ParamAt(name string) Location {
	if s.Overrides(name) {
		return s.OptionAt(name)
	}
	return s.view.c.mainAt(name)
}

// SyntaxService returns the master.cf entry, or nil for a stock service.
func (s *Service) SyntaxService() *syntax.Service {
	if s.Stock {
		return nil
	}
	return s.node
}

func (s *Service) override(name string) *Param {
	if s == nil {
		return nil
	}
	return s.overrides[name]
}

// newService builds a service from entry n of file f; stock services
// come from the built-in default master.cf.
func (c *Config) newService(f *syntax.File, n *syntax.Service, stock bool) *Service {
	s := &Service{
		Name:      n.Field(syntax.FieldName),
		Type:      n.Field(syntax.FieldType),
		Private:   n.Field(syntax.FieldPrivate),
		Unpriv:    n.Field(syntax.FieldUnpriv),
		Chroot:    n.Field(syntax.FieldChroot),
		Wakeup:    n.Field(syntax.FieldWakeup),
		MaxProc:   n.Field(syntax.FieldMaxProc),
		Stock:     stock,
		node:      n,
		overrides: make(map[string]*Param),
	}
	if !stock {
		s.src = syntaxSource{f}
	}
	if cmd := n.Field(syntax.FieldCommand); cmd != "" {
		s.Command, s.Path = path.Base(cmd), cmd
	}
	for _, a := range n.Args {
		s.Args = append(s.Args, a.Text)
	}
	if s.Type == "inet" {
		s.Host, s.Port = splitListen(s.Name)
	}
	s.view = newView(c, s)
	if len(n.Fields) > 0 {
		s.At = locate(s.src, n.Fields[0].Pos, n.Fields[0].End)
	}
	for _, o := range n.Options {
		if o.Setting == nil {
			continue
		}
		p := c.newParam(f, s.src, o.Setting.Name, o.Setting.Value)
		p.InMaster, p.Service, p.opt, p.setting = true, s, o, o.Setting
		p.Braced = o.Setting.Braced
		if prev := s.overrides[p.Name]; prev != nil {
			prev.Duplicate = true
		}
		s.overrides[p.Name] = p
		s.Params = append(s.Params, p)
	}
	return s
}

func (c *Config) buildServices() {
	if f := c.MasterFile; f != nil {
		for _, n := range f.Services() {
			s := c.newService(f, n, false)
			c.Services = append(c.Services, s)
			c.Params = append(c.Params, s.Params...)
		}
		return
	}
	f := stockMaster(c.Version)
	for _, n := range f.Services() {
		c.stock = append(c.stock, c.newService(f, n, true))
	}
}

// splitListen splits an inet service name: "smtp", "2525",
// "127.0.0.1:smtp", "[::1]:10025".
func splitListen(name string) (host string, port int) {
	portSpec := name
	switch {
	case strings.HasPrefix(name, "["):
		if i := strings.Index(name, "]"); i > 0 {
			host = name[1:i]
			portSpec = strings.TrimPrefix(name[i+1:], ":")
		}
	case strings.Contains(name, ":"):
		i := strings.LastIndex(name, ":")
		host, portSpec = name[:i], name[i+1:]
	}
	return host, Port(portSpec)
}
