package rules

import (
	"fmt"
	"reflect"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm"

	"github.com/postlint/postlint/lint/model"
)

// subjects are the Env fields that only one scope sets.
var subjects = []string{"Param", "Service", "Route", "Syntax"}

// compileExpr compiles an expression against model.Env and checks that
// it uses no subject that its scope leaves nil.
func compileExpr(src string, scope Scope, opts ...expr.Option) (*vm.Program, error) {
	opts = append(budgetOptions(), opts...)
	compileMu.Lock()
	prog, err := expr.Compile(src, opts...)
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
	prog, err := compileExpr(src, scope)
	if err != nil {
		return nil, err
	}
	node := prog.Node()
	if t := node.Type(); t != nil && t != locationType && t.Kind() != reflect.Interface {
		return nil, fmt.Errorf("at must give a Location, not %s", t)
	}
	return prog, nil
}
