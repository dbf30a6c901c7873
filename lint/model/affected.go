package model

import (
	"sync"

	"github.com/postlint/postlint/lint/postfix"
)

// affected returns the names whose value in service s can differ from
// main.cf: those it overrides with -o, the per-process service_name and
// process_name, and every name whose value refers to one of these,
// directly or not.
func (c *Config) affected(s *Service) map[string]bool {
	own := make(map[string]bool)
	queue := []string{"service_name", "process_name"}
	for name := range s.overrides {
		queue = append(queue, name)
	}
	for len(queue) > 0 {
		n := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if !own[n] {
			own[n] = true
			queue = c.appendDependents(queue, n)
		}
	}
	return own
}

// appendDependents appends to list the names whose main.cf value
// (explicit, default or per-service default) refers to name. The names
// whose default refers to it are the same in every configuration of a
// release (defaultDependents); only those main.cf does not set count.
func (c *Config) appendDependents(list []string, name string) []string {
	list = append(list, c.dependents()[name]...)
	for _, n := range defaultDependents(c.Version)[name] {
		if c.mainDefs[n] == nil {
			list = append(list, n)
		}
	}
	return list
}

// dependents maps each name to the names whose main.cf setting or
// per-service default refers to it (defaults: see appendDependents).
func (c *Config) dependents() map[string][]string {
	if c.deps != nil {
		return c.deps
	}
	deps := make(map[string][]string)
	add := func(name string, refs []string) {
		for _, r := range refs {
			deps[r] = append(deps[r], name)
		}
	}
	for name := range c.mainDefs {
		add(name, refNames(c.mainParam(name).parts))
	}
	for name, cmd := range c.known.services {
		for _, s := range postfix.ServiceSuffixes() {
			if !contains(s.Commands, cmd) {
				continue
			}
			if derived := name + s.Suffix; c.mainDefs[derived] == nil {
				add(derived, []string{s.Default})
			}
		}
	}
	c.deps = deps
	return deps
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var (
	defaultDepsMu    sync.Mutex
	defaultDepsCache = make(map[postfix.Version]map[string][]string)
)

// defaultDependents maps each name to the parameters of release v whose
// default refers to it (postfix.DefaultRefs turned around, without the
// placeholder names of per-transport parameters), computed once per
// release.
func defaultDependents(v postfix.Version) map[string][]string {
	refs := postfix.DefaultRefs(v)
	defaultDepsMu.Lock()
	defer defaultDepsMu.Unlock()
	if m, ok := defaultDepsCache[v]; ok {
		return m
	}
	m := make(map[string][]string)
	for _, d := range refs {
		if d.Param.Template {
			continue
		}
		for _, r := range d.Refs {
			m[r] = append(m[r], d.Param.Name)
		}
	}
	defaultDepsCache[v] = m
	return m
}
