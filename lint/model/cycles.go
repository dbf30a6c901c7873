package model

// cyclic returns the names, among those reachable from roots, whose
// expansion leads back to themselves: members of a strongly connected
// component with more than one name, or names that refer to themselves.
// It is Tarjan's algorithm, iterative so that long chains of names do
// not deepen the Go stack.
func (v *view) cyclic(roots []string) map[string]bool {
	type node struct {
		index, low int
		onStack    bool
	}
	type frame struct {
		name string
		refs []string
	}
	nodes := make(map[string]*node)
	var stack []string // Tarjan's stack of names
	out := make(map[string]bool)
	next := 0
	visit := func(name string) *frame {
		nodes[name] = &node{index: next, low: next, onStack: true}
		next++
		stack = append(stack, name)
		return &frame{name, v.refs(name)}
	}
	for _, root := range roots {
		if nodes[root] != nil || !v.defined(root) || !v.owns(root) {
			continue
		}
		calls := []*frame{visit(root)}
		for len(calls) > 0 {
			f := calls[len(calls)-1]
			n := nodes[f.name]
			if len(f.refs) > 0 {
				r := f.refs[0]
				f.refs = f.refs[1:]
				if r == f.name {
					out[r] = true
				}
				if !v.owns(r) {
					continue // cannot lead back to a name this view owns
				}
				switch m := nodes[r]; {
				case m == nil && v.defined(r):
					calls = append(calls, visit(r))
				case m != nil && m.onStack:
					n.low = min(n.low, m.index)
				}
				continue
			}
			calls = calls[:len(calls)-1]
			if len(calls) > 0 {
				parent := nodes[calls[len(calls)-1].name]
				parent.low = min(parent.low, n.low)
			}
			if n.low != n.index {
				continue
			}
			// f.name is the root of a component: pop it.
			i := len(stack) - 1
			for stack[i] != f.name {
				i--
			}
			if len(stack)-i > 1 {
				for _, m := range stack[i:] {
					out[m] = true
				}
			}
			for _, m := range stack[i:] {
				nodes[m].onStack = false
			}
			stack = stack[:i]
		}
	}
	return out
}
