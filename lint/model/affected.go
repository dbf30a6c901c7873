package model

import (
	"strings"
	"sync"

	"github.com/postlint/postlint/lint/postfix"
)

// affected returns the names whose value in service s can differ from
// main.cf: those it overrides with -o, the per-process service_name and
// process_name, and every name whose value refers to one of these,
// directly or not.
func (c *Config) affected(s *Service) map[string]bool {
	deps := c.dependents()
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
			queue = append(queue, deps[n]...)
		}
	}
	return own
}

// dependents maps each name to the names whose main.cf value (explicit,
// default or per-service default) refers to it.
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
	for name, refs := range defaultRefs(c.Version) {
		if c.mainDefs[name] == nil {
			add(name, refs)
		}
	}
	for name, cmd := range c.known.services {
		for _, s := range postfix.ServiceSuffixes() {
			derived := name + s.Suffix
			if c.mainDefs[derived] == nil && contains(s.Commands, cmd) {
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

// defaultRefs returns, per parameter of release v, the names its default
// refers to. It depends only on v, so it is computed once per release.
func defaultRefs(v postfix.Version) map[string][]string {
	defaultRefsMu.Lock()
	defer defaultRefsMu.Unlock()
	if m, ok := defaultRefsCache[v]; ok {
		return m
	}
	m := make(map[string][]string)
	for _, name := range postfix.Names() {
		p, _ := postfix.Lookup(name)
		if p.Template || !p.AvailableIn(v) {
			continue
		}
		if def, ok := p.DefaultIn(v); ok && strings.Contains(def, "$") {
			m[name] = refNames(parseValue(def))
		}
	}
	defaultRefsCache[v] = m
	return m
}

var (
	defaultRefsMu    sync.Mutex
	defaultRefsCache = make(map[postfix.Version]map[string][]string)
)
