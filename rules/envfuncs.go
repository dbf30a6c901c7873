package rules

import (
	"reflect"
	"sort"
	"sync"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"

	"github.com/postlint/postlint/lint/model"
)

// A call of an environment method (Check(Param), Known(n)) or of a
// method of the model's objects (Main.Get(n), Service.Bool(n)) made expr
// look the method up by reflection and, unless its signature was one of
// a few simple ones, call it by reflection: a quarter of the time of
// checking a tree of configurations. So each method is also an expr
// function that takes the receiver first and calls the method directly,
// and the compiler rewrites Check(Param) into PostlintCheck($env, Param)
// and Service.Get(n) into PostlintServiceGet(Service, n). A call with the
// wrong number or types of arguments is left alone, so that its error
// names the method as the rule wrote it; so is an optional call
// (Service?.Get(n)).

// envFuncPrefix starts the name of the function of each method.
const envFuncPrefix = "Postlint"

// envFunc is the function of one method: it calls it, and typ is the
// method expression's type (the receiver first), which the checker
// checks calls against.
type envFunc struct {
	call func(args ...any) (any, error)
	typ  any // *func(receiver, ...) ...
}

// params returns the method's argument types, without the receiver.
func (f envFunc) params() []reflect.Type {
	t := reflect.TypeOf(f.typ).Elem()
	ps := make([]reflect.Type, t.NumIn()-1)
	for i := range ps {
		ps[i] = t.In(i + 1)
	}
	return ps
}

// wrap0, wrap1 and wrap2 make the function of a method expression with
// 0, 1 or 2 arguments. A nil argument stays the zero value, as reflection
// passes it.
func wrap0[T, R any](f func(T) R) envFunc {
	return envFunc{call: func(a ...any) (any, error) {
		r, _ := a[0].(T)
		return f(r), nil
	}, typ: &f}
}

func wrap1[T, A, R any](f func(T, A) R) envFunc {
	return envFunc{call: func(a ...any) (any, error) {
		r, _ := a[0].(T)
		x, _ := a[1].(A)
		return f(r, x), nil
	}, typ: &f}
}

func wrap2[T, A, B, R any](f func(T, A, B) R) envFunc {
	return envFunc{call: func(a ...any) (any, error) {
		r, _ := a[0].(T)
		x, _ := a[1].(A)
		y, _ := a[2].(B)
		return f(r, x, y), nil
	}, typ: &f}
}

// receiver is a type whose methods rules call: the environment, or an
// object of the model; with the functions of its methods by name
// (TestEnvFuncsComplete checks that none is missing).
type receiver struct {
	name  string // in the function's name: "" in PostlintCheck, "Service" in PostlintServiceGet
	funcs map[string]envFunc
}

var envType = reflect.TypeOf(runEnv{})

var receivers = map[reflect.Type]receiver{
	envType: {"", map[string]envFunc{
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
	}},
	reflect.TypeOf((*model.Main)(nil)): {"Main", map[string]envFunc{
		"At":             wrap1((*model.Main).At),
		"Bool":           wrap1((*model.Main).Bool),
		"Get":            wrap1((*model.Main).Get),
		"Int":            wrap1((*model.Main).Int),
		"List":           wrap1((*model.Main).List),
		"Param":          wrap1((*model.Main).Param),
		"PublicClientCA": wrap0((*model.Main).PublicClientCA),
		"Raw":            wrap1((*model.Main).Raw),
		"RelayControl":   wrap0((*model.Main).RelayControl),
		"RelaysVia":      wrap1((*model.Main).RelaysVia),
		"Set":            wrap1((*model.Main).Set),
		"Table":          wrap1((*model.Main).Table),
		"ValueAt":        wrap1((*model.Main).ValueAt),
	}},
	reflect.TypeOf((*model.Service)(nil)): {"Service", map[string]envFunc{
		"Bool":           wrap1((*model.Service).Bool),
		"FieldAt":        wrap1((*model.Service).FieldAt),
		"Get":            wrap1((*model.Service).Get),
		"Int":            wrap1((*model.Service).Int),
		"List":           wrap1((*model.Service).List),
		"OptionAt":       wrap1((*model.Service).OptionAt),
		"Overrides":      wrap1((*model.Service).Overrides),
		"ParamAt":        wrap1((*model.Service).ParamAt),
		"PublicClientCA": wrap0((*model.Service).PublicClientCA),
		"Raw":            wrap1((*model.Service).Raw),
		"RelayControl":   wrap0((*model.Service).RelayControl),
		"RelayOverrides": wrap0((*model.Service).RelayOverrides),
		"RelaysVia":      wrap1((*model.Service).RelaysVia),
		"SyntaxService":  wrap0((*model.Service).SyntaxService),
	}},
	reflect.TypeOf((*model.Route)(nil)): {"Route", map[string]envFunc{
		"Bool":      wrap1((*model.Route).Bool),
		"Get":       wrap1((*model.Route).Get),
		"Int":       wrap1((*model.Route).Int),
		"Overrides": wrap1((*model.Route).Overrides),
		"ParamAt":   wrap1((*model.Route).ParamAt),
		"String":    wrap0((*model.Route).String),
	}},
}

// allEnvFuncs holds every function by its name in programs.
var allEnvFuncs = sync.OnceValue(func() map[string]envFunc {
	m := make(map[string]envFunc)
	for _, r := range receivers {
		for name, f := range r.funcs {
			m[envFuncPrefix+r.name+name] = f
		}
	}
	return m
})

// envFuncOptions registers the functions with the compiler.
func envFuncOptions() []expr.Option {
	all := allEnvFuncs()
	names := make([]string, 0, len(all))
	for name := range all {
		names = append(names, name)
	}
	sort.Strings(names)
	opts := make([]expr.Option, 0, len(names)+1)
	for _, name := range names {
		opts = append(opts, expr.Function(name, all[name].call, all[name].typ))
	}
	return append(opts, expr.Patch(callEnvFuncs{}))
}

// envFuncByName returns the function a program calls by its name
// (programs_gen.go), nil for other names.
func envFuncByName(name string) func(args ...any) (any, error) {
	if f, ok := allEnvFuncs()[name]; ok {
		return f.call
	}
	return nil
}

// assignable reports whether each argument, as the checker typed it so
// far, is one the method takes as it is. Any other call is left to the
// method: its error names the method, and expr's conversions for
// method calls stay what they were.
func assignable(args []ast.Node, f envFunc) bool {
	params := f.params()
	if len(args) != len(params) {
		return false
	}
	for i, a := range args {
		t := a.Type()
		if t == nil || t.Kind() == reflect.Interface {
			continue // unknown until run time, as for the method
		}
		if !t.AssignableTo(params[i]) {
			return false
		}
	}
	return true
}

// callEnvFuncs is the compiler patch: M(args) becomes
// PostlintM($env, args) for a method M of the environment, and
// X.M(args) PostlintTM(X, args) for a method of an object of type T.
type callEnvFuncs struct{}

func (callEnvFuncs) Visit(node *ast.Node) {
	call, ok := (*node).(*ast.CallNode)
	if !ok {
		return
	}
	var recv ast.Node // the receiver: the environment, or an object
	var recvType reflect.Type
	var method string
	switch callee := call.Callee.(type) {
	case *ast.IdentifierNode:
		recv, recvType, method = &ast.IdentifierNode{Value: "$env"}, envType, callee.Value
	case *ast.MemberNode:
		prop, isName := callee.Property.(*ast.StringNode)
		if !callee.Method || callee.Optional || !isName {
			return
		}
		recv, recvType, method = callee.Node, callee.Node.Type(), prop.Value
	default:
		return
	}
	r := receivers[recvType]
	f, ok := r.funcs[method] // none for a type without functions
	if !ok || !assignable(call.Arguments, f) {
		return
	}
	name := envFuncPrefix + r.name + method
	args := append([]ast.Node{recv}, call.Arguments...)
	ast.Patch(node, &ast.CallNode{Callee: &ast.IdentifierNode{Value: name}, Arguments: args})
}
