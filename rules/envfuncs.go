package rules

import (
	"sort"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
)

// A call of an environment method (Check(Param), Known(n)) made expr
// look the method up by reflection and, unless its signature was one of
// a few simple ones, call it by reflection: a fifth of the time of
// checking a tree of configurations. So each method is also an expr
// function that takes the environment first and calls the method
// directly, and the compiler rewrites Check(Param) into
// PostlintCheck($env, Param). A call with the wrong number of arguments
// is left alone, so that its error names the method as the rule wrote it.

// envFuncPrefix starts the name of the function of each method.
const envFuncPrefix = "Postlint"

// envFunc is the function of one method: it calls it, and typ is the
// method expression's type (the environment first), which the checker
// checks calls against.
type envFunc struct {
	call  func(args ...any) (any, error)
	typ   any // *func(runEnv, ...) ...
	arity int // the method's arguments, without the environment
}

func wrap0[R any](f func(runEnv) R) envFunc {
	return envFunc{call: func(a ...any) (any, error) { return f(a[0].(runEnv)), nil }, typ: &f}
}

func wrap1[A, R any](f func(runEnv, A) R) envFunc {
	return envFunc{call: func(a ...any) (any, error) {
		x, _ := a[1].(A) // nil stays the zero value, as reflection passes it
		return f(a[0].(runEnv), x), nil
	}, typ: &f, arity: 1}
}

func wrap2[A, B, R any](f func(runEnv, A, B) R) envFunc {
	return envFunc{call: func(a ...any) (any, error) {
		x, _ := a[1].(A)
		y, _ := a[2].(B)
		return f(a[0].(runEnv), x, y), nil
	}, typ: &f, arity: 2}
}

// envFuncs holds every method of the environment (TestEnvFuncsComplete
// checks that none is missing), by name.
var envFuncs = map[string]envFunc{
	"AtLeast":             wrap1(runEnv.AtLeast),
	"Below":               wrap1(runEnv.Below),
	"CABundle":            wrap0(runEnv.CABundle),
	"CIDR":                wrap1(runEnv.CIDR),
	"CIDRWide":            wrap1(runEnv.CIDRWide),
	"Check":               wrap1(runEnv.Check),
	"Daemon":              wrap1(runEnv.Daemon),
	"Deprecated":          wrap1(runEnv.Deprecated),
	"Exists":              wrap1(runEnv.Exists),
	"IPAddress":           wrap1(runEnv.IPAddress),
	"Known":               wrap1(runEnv.Known),
	"LastRelease":         wrap1(runEnv.LastRelease),
	"ListHas":             wrap2(runEnv.ListHas),
	"LoopsBack":           wrap1(runEnv.LoopsBack),
	"Misdirected":         wrap1(runEnv.Misdirected),
	"OpenRelay":           wrap0(runEnv.OpenRelay),
	"Port":                wrap1(runEnv.Port),
	"PostlintBudget":      wrap0(runEnv.PostlintBudget),
	"ProtocolList":        wrap1(runEnv.ProtocolList),
	"Redefinition":        wrap1(runEnv.Redefinition),
	"RelaysVia":           wrap2(runEnv.RelaysVia),
	"Removed":             wrap1(runEnv.Removed),
	"Replacement":         wrap1(runEnv.Replacement),
	"Requires":            wrap1(runEnv.Requires),
	"RestrictionProblems": wrap1(runEnv.RestrictionProblems),
	"SMTPServers":         wrap0(runEnv.SMTPServers),
	"ServiceByName":       wrap2(runEnv.ServiceByName),
	"SplitList":           wrap1(runEnv.SplitList),
	"StockMaster":         wrap0(runEnv.StockMaster),
	"StrayArgs":           wrap1(runEnv.StrayArgs),
	"Suggest":             wrap1(runEnv.Suggest),
	"TLSListUsed":         wrap1(runEnv.TLSListUsed),
	"TLSPolicyProblems":   wrap1(runEnv.TLSPolicyProblems),
	"TLSPolicyUnmatched":  wrap1(runEnv.TLSPolicyUnmatched),
	"TooNew":              wrap1(runEnv.TooNew),
	"TrailingComment":     wrap1(runEnv.TrailingComment),
	"UndefinedClasses":    wrap1(runEnv.UndefinedClasses),
	"Warns":               wrap1(runEnv.Warns),
}

// envFuncOptions registers the functions with the compiler.
func envFuncOptions() []expr.Option {
	names := make([]string, 0, len(envFuncs))
	for name := range envFuncs {
		names = append(names, name)
	}
	sort.Strings(names)
	opts := make([]expr.Option, 0, len(names)+1)
	for _, name := range names {
		f := envFuncs[name]
		opts = append(opts, expr.Function(envFuncPrefix+name, f.call, f.typ))
	}
	return append(opts, expr.Patch(callEnvFuncs{}))
}

// envFuncByName returns the function a program calls by its name
// (programs_gen.go), nil for other names.
func envFuncByName(name string) func(args ...any) (any, error) {
	if method, ok := strings.CutPrefix(name, envFuncPrefix); ok {
		if f, ok := envFuncs[method]; ok {
			return f.call
		}
	}
	return nil
}

// callEnvFuncs is the compiler patch: M(args) becomes
// PostlintM($env, args) for a method M of the environment.
type callEnvFuncs struct{}

func (callEnvFuncs) Visit(node *ast.Node) {
	call, ok := (*node).(*ast.CallNode)
	if !ok {
		return
	}
	id, ok := call.Callee.(*ast.IdentifierNode)
	if !ok {
		return
	}
	f, ok := envFuncs[id.Value]
	if !ok || len(call.Arguments) != f.arity {
		return
	}
	args := append([]ast.Node{&ast.IdentifierNode{Value: "$env"}}, call.Arguments...)
	ast.Patch(node, &ast.CallNode{Callee: &ast.IdentifierNode{Value: envFuncPrefix + id.Value}, Arguments: args})
}
