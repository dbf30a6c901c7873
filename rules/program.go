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
	lazy  bool // a built-in expression: compiled when first evaluated, or taken from programs_gen.go
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
	p := &program{src: src, scope: scope, kind: kind, lazy: lazy}
	if lazy {
		return p, nil
	}
	_, err := p.compiled()
	return p, err
}

// compiled compiles the program once.
func (p *program) compiled() (*vm.Program, error) {
	p.once.Do(func() {
		if p.lazy {
			if p.prog = precompiledProgram(p.kind == boolValue, p.src); p.prog != nil {
				return
			}
		}
		p.prog, p.err = p.compile()
	})
	return p.prog, p.err
}

// compile compiles the program with expr.
func (p *program) compile() (*vm.Program, error) {
	switch p.kind {
	case boolValue:
		return compileExpr(p.src, p.scope, true)
	case locValue:
		return compileAt(p.src, p.scope)
	default:
		return compileExpr(p.src, p.scope, false)
	}
}

// eval runs the program for env.
func (p *program) eval(env model.Env) (any, error) {
	prog, err := p.compiled()
	if err != nil {
		return nil, fmt.Errorf("%q does not compile: %w", p.src, err)
	}
	return run(prog, env)
}

// CompileAll compiles every expression of the set's rules with expr
// (not from programs_gen.go) and returns the first error, naming the
// rule: for tests of the built-in rules, whose expressions are otherwise
// compiled when first evaluated.
func (s *Set) CompileAll() error {
	_, err := s.compileAll()
	return err
}

// compileAll compiles every expression and returns the programs.
func (s *Set) compileAll() ([]compiledExpr, error) {
	var out []compiledExpr
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
			prog, err := p.compile()
			if err != nil {
				return nil, fmt.Errorf("%s (%s:%d): %q: %w", r.ID, r.File, r.Line, p.src, err)
			}
			out = append(out, compiledExpr{p, prog})
		}
	}
	return out, nil
}

// compiledExpr is an expression of a rule and what expr compiles of it.
type compiledExpr struct {
	p    *program
	prog *vm.Program
}
