package rules

import (
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"

	"github.com/postlint/postlint/lint/model"
)

// A rule's condition often starts by naming the parameter or daemon it is
// about ("Param.Name in [...] && ..."). Evaluating it for every other
// subject only to learn it does not apply costs most of a run, so the
// loader reads such a guard from the condition's syntax tree, and the
// engine skips the subjects it rules out without running the program. The
// guard is exact: a subject is skipped only when the condition is false
// for it whatever else holds.

// guard is what a condition requires of one field of its subject: one of
// the values, or one of the prefixes.
type guard struct {
	values   map[string]bool
	prefixes []string
}

func (g *guard) allows(v string) bool {
	if g == nil || g.values[v] {
		return true
	}
	for _, p := range g.prefixes {
		if strings.HasPrefix(v, p) {
			return true
		}
	}
	return false
}

// union combines the guards of the two sides of "||": nil (no guard)
// when either side has none.
func union(a, b *guard) *guard {
	if a == nil || b == nil {
		return nil
	}
	g := &guard{values: map[string]bool{}, prefixes: append(append([]string(nil), a.prefixes...), b.prefixes...)}
	for v := range a.values {
		g.values[v] = true
	}
	for v := range b.values {
		g.values[v] = true
	}
	return g
}

// guardKey identifies a condition for builtinGuards.
type guardKey struct {
	scope Scope
	src   string
}

// guards is what guardsOf reads of a condition.
type guards struct {
	guard *guard
	flags flagGuard
}

// builtinGuardsOf is guardsOf of a built-in condition, read from
// programs_gen.go (parsing each condition at every start cost more than
// the guards save on one configuration); a condition it lacks is parsed.
func builtinGuardsOf(src string, scope Scope) (*guard, flagGuard) {
	if g, ok := builtinGuards()[guardKey{scope, src}]; ok {
		return g.guard, g.flags
	}
	return guardsOf(src, scope)
}

// guardsOf reads, from one parse of a condition's source, the guard on
// its subject's name (Param.Name in scope param, Service.Command in scope
// service) and, in scope param, the boolean fields it requires; nil
// where there is nothing to rely on.
func guardsOf(src string, scope Scope) (*guard, flagGuard) {
	if scope != ScopeParam && scope != ScopeService {
		return nil, nil
	}
	tree, err := parser.Parse(src)
	if err != nil {
		return nil, nil
	}
	if scope == ScopeService {
		return walkGuard(tree.Node, "Service", "Command", map[string]bool{}), nil
	}
	return walkGuard(tree.Node, "Param", "Name", map[string]bool{}), flagsIn(tree.Node)
}

// walkGuard derives a guard from node. aliases holds variables bound to
// the field with "let n = Param.Name;".
func walkGuard(node ast.Node, subject, field string, aliases map[string]bool) *guard {
	isField := func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.MemberNode:
			id, ok := n.Node.(*ast.IdentifierNode)
			prop, ok2 := n.Property.(*ast.StringNode)
			return ok && ok2 && !n.Optional && id.Value == subject && prop.Value == field
		case *ast.IdentifierNode:
			return aliases[n.Value]
		}
		return false
	}
	switch n := node.(type) {
	case *ast.VariableDeclaratorNode:
		inner := aliases
		if isField(n.Value) || aliases[n.Name] {
			inner = map[string]bool{}
			for k, v := range aliases {
				inner[k] = v
			}
			inner[n.Name] = isField(n.Value)
		}
		return walkGuard(n.Expr, subject, field, inner)
	case *ast.BinaryNode:
		switch n.Operator {
		case "&&", "and":
			if g := walkGuard(n.Left, subject, field, aliases); g != nil {
				return g
			}
			return walkGuard(n.Right, subject, field, aliases)
		case "||", "or":
			return union(walkGuard(n.Left, subject, field, aliases), walkGuard(n.Right, subject, field, aliases))
		case "==":
			for _, pair := range [][2]ast.Node{{n.Left, n.Right}, {n.Right, n.Left}} {
				if s, ok := pair[1].(*ast.StringNode); ok && isField(pair[0]) {
					return &guard{values: map[string]bool{s.Value: true}}
				}
			}
		case "in":
			arr, ok := n.Right.(*ast.ArrayNode)
			if !ok || !isField(n.Left) {
				return nil
			}
			g := &guard{values: map[string]bool{}}
			for _, e := range arr.Nodes {
				s, ok := e.(*ast.StringNode)
				if !ok {
					return nil
				}
				g.values[s.Value] = true
			}
			return g
		case "startsWith":
			if s, ok := n.Right.(*ast.StringNode); ok && isField(n.Left) {
				return &guard{prefixes: []string{s.Value}}
			}
		}
	case *ast.BuiltinNode:
		if n.Name == "hasPrefix" && len(n.Arguments) == 2 {
			if s, ok := n.Arguments[1].(*ast.StringNode); ok && isField(n.Arguments[0]) {
				return &guard{prefixes: []string{s.Value}}
			}
		}
	}
	return nil
}

// paramFlags are the boolean fields of a parameter that a condition may
// require first ("Param.Duplicate", "!Param.InMaster && ..."); flagOf
// reads them without the expression machinery.
var paramFlags = map[string]func(p *model.Param) bool{
	"Duplicate":  func(p *model.Param) bool { return p.Duplicate },
	"Cycle":      func(p *model.Param) bool { return p.Cycle },
	"TooDeep":    func(p *model.Param) bool { return p.TooDeep },
	"InMaster":   func(p *model.Param) bool { return p.InMaster },
	"MacroError": func(p *model.Param) bool { return p.MacroError },
}

// flagGuard is what a condition requires of the boolean fields of its
// Param: each named field must have the given value.
type flagGuard map[string]bool

func (g flagGuard) allows(p *model.Param) bool {
	for f, want := range g {
		if paramFlags[f](p) != want {
			return false
		}
	}
	return true
}

// flagsIn finds the boolean fields a Param condition requires: the
// operands "Param.F" and "!Param.F" of its top-level chain of "&&".
// Anything else (||, a let, a field of another type) requires nothing.
func flagsIn(node ast.Node) flagGuard {
	g := flagGuard{}
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		switch n := n.(type) {
		case *ast.BinaryNode:
			if n.Operator == "&&" || n.Operator == "and" {
				walk(n.Left)
				walk(n.Right)
			}
		case *ast.UnaryNode:
			if n.Operator == "!" || n.Operator == "not" {
				if f, ok := paramFlag(n.Node); ok {
					g[f] = false
				}
			}
		default:
			if f, ok := paramFlag(n); ok {
				g[f] = true
			}
		}
	}
	walk(node)
	if len(g) == 0 {
		return nil
	}
	return g
}

func paramFlag(n ast.Node) (string, bool) {
	m, ok := n.(*ast.MemberNode)
	if !ok || m.Optional {
		return "", false
	}
	id, ok := m.Node.(*ast.IdentifierNode)
	prop, ok2 := m.Property.(*ast.StringNode)
	if !ok || !ok2 || id.Value != "Param" || paramFlags[prop.Value] == nil {
		return "", false
	}
	return prop.Value, true
}
