package rules

import (
	"errors"
	"fmt"
	"reflect"
	"sync"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/checker"
	"github.com/expr-lang/expr/compiler"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/optimizer"
	"github.com/expr-lang/expr/vm"

	"github.com/postlint/postlint/lint/model"
)

// subjects are the Env fields that only one scope sets.
var subjects = []string{"Param", "Service", "Route", "Syntax"}

// compileExpr compiles an expression against model.Env and checks that
// it uses no subject that its scope leaves nil.
func compileExpr(src string, scope Scope, asBool bool) (*vm.Program, error) {
	compileMu.Lock()
	prog, err := compileWith(src, compilerConfigs()[asBool])
	compileMu.Unlock()
	if err != nil {
		return nil, err
	}
	node := prog.Node()
	v := &subjectCheck{scope: scope}
	ast.Walk(&node, v)
	if v.bad != "" {
		if s := scope.subject(); s != "" {
			return nil, fmt.Errorf("%s is nil in scope %q; its subject is %s", v.bad, scope, s)
		}
		return nil, fmt.Errorf("%s is nil in scope %q, which has no subject", v.bad, scope)
	}
	return prog, nil
}

type subjectCheck struct {
	scope Scope
	bad   string
}

func (v *subjectCheck) Visit(n *ast.Node) {
	id, ok := (*n).(*ast.IdentifierNode)
	if !ok || v.bad != "" {
		return
	}
	for _, s := range subjects {
		if id.Value == s && s != v.scope.subject() {
			v.bad = s
		}
	}
}

var locationType = reflect.TypeOf(model.Location{})

// compileAt compiles an at expression, which must give a Location.
func compileAt(src string, scope Scope) (*vm.Program, error) {
	prog, err := compileExpr(src, scope, false)
	if err != nil {
		return nil, err
	}
	node := prog.Node()
	if t := node.Type(); t != nil && t != locationType && t.Kind() != reflect.Interface {
		return nil, fmt.Errorf("at must give a Location, not %s", t)
	}
	return prog, nil
}

// compilerConfigs are the compiler configurations of expressions (false)
// and conditions (true), made once. expr.Compile makes a new one for each
// expression, and filling its table of built-in functions was a fifth of
// the time of compiling; the parser, checker and compiler do not change a
// configuration (only its type cache, which compileMu guards).
var compilerConfigs = sync.OnceValue(func() map[bool]*conf.Config {
	m := map[bool]*conf.Config{}
	for _, asBool := range []bool{false, true} {
		c := conf.CreateNew()
		opts := compilerOptions()
		if asBool {
			opts = append(opts, expr.AsBool())
		}
		for _, op := range opts {
			op(c)
		}
		c.Check()
		m[asBool] = c
	}
	return m
})

// compileWith does what expr.Compile does, with a configuration made
// before.
func compileWith(src string, c *conf.Config) (*vm.Program, error) {
	tree, err := checker.ParseCheck(src, c)
	if err != nil {
		return nil, err
	}
	if c.Optimize {
		if err := optimizer.Optimize(&tree.Node, c); err != nil {
			var fe *file.Error
			if errors.As(err, &fe) {
				return nil, fe.Bind(tree.Source)
			}
			return nil, err
		}
	}
	return compiler.Compile(tree, c)
}
