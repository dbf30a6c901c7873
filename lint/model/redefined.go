package model

// serviceKey identifies a master.cf service: Postfix keeps one entry per
// name and type.
type serviceKey struct{ name, typ string }

// Redefinition returns the entry that replaces s: the last master.cf
// entry with its name and type, when that comes after s; nil when s is
// the one Postfix uses. It looks up an index built once, so that a
// master.cf of many services is checked in linear time.
func (e Env) Redefinition(s *Service) *Service {
	if e.c == nil || s == nil {
		return nil
	}
	if e.c.lastDefs == nil {
		e.c.lastDefs = make(map[serviceKey]*Service, len(e.c.Services))
		for _, t := range e.c.Services {
			e.c.lastDefs[serviceKey{t.Name, t.Type}] = t
		}
	}
	last := e.c.lastDefs[serviceKey{s.Name, s.Type}]
	if last == nil || last == s || last.At.Pos <= s.At.Pos {
		return nil
	}
	return last
}
