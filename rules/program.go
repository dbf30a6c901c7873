package rules

import (
	"fmt"
	"sync"

	"github.com/expr-lang/expr/vm"

	"github.com/postlint/postlint/lint/model"
)

// program is one expression of a rule. Compiling every expression of
// every rule costs most of a run on one configuration, while most
// expressions (messages, fixes, the conditions of rules whose guard rules
// out every subject) are never evaluated. So the expressions of built-in
// rules are compiled when first evaluated (their tests compile them all,
// see Set.CompileAll); those of rule files compile when loaded, so that a
// mistake is reported with its file and line.
type program struct {
	src   string
	scope Scope
	kind  progKind
	once  sync.Once
	prog  *vm.Program
	err   error
}

type progKind int

const (
	anyValue  progKind = iota // template parts
	boolValue                 // conditions
	locValue                  // at
)

// newProgram makes the program of src; unless lazy, it is compiled now
// and its error returned.
func newProgram(src string, scope Scope, kind progKind, lazy bool) (*program, error) {
	p := &program{src: src, scope: scope, kind: kind}
	if lazy {
		return p, nil
	}
	_, err := p.compiled()
	return p, err
}

// compiled compiles the program once.
func (p *program) compiled() (*vm.Program, error) {
	p.once.Do(func() {
		switch p.kind {
		case boolValue:
			p.prog, p.err = compileExpr(p.src, p.scope, true)
		case locValue:
			p.prog, p.err = compileAt(p.src, p.scope)
		default:
			p.prog, p.err = compileExpr(p.src, p.scope, false)
		}
	})
	return p.prog, p.err
}

// eval runs the program for env.
func (p *program) eval(env model.Env) (any, error) {
	prog, err := p.compiled()
	if err != nil {
		return nil, fmt.Errorf("%q does not compile: %w", p.src, err)
	}
	return run(prog, env)
}

// CompileAll compiles every expression of the set's rules now and
// returns the first error, naming the rule: for tests of the built-in
// rules, whose expressions are otherwise compiled when first evaluated.
func (s *Set) CompileAll() error {
	for _, r := range s.rules {
		progs := []*program{r.cond, r.at}
		for _, c := range r.SeverityIf {
			progs = append(progs, c.when)
		}
		tmpls := []*Template{r.Message, r.Param}
		for _, f := range r.Fixes {
			progs = append(progs, f.when)
			tmpls = append(tmpls, f.Title)
			for _, e := range f.Edits {
				tmpls = append(tmpls, e.Param, e.Value, e.To, e.Old, e.New)
			}
		}
		for _, t := range tmpls {
			if t != nil {
				for _, part := range t.parts {
					progs = append(progs, part.prog)
				}
			}
		}
		for _, p := range progs {
			if p == nil {
				continue
			}
			if _, err := p.compiled(); err != nil {
				return fmt.Errorf("%s (%s:%d): %q: %w", r.ID, r.File, r.Line, p.src, err)
			}
		}
	}
	return nil
}
