package rules

import (
	"hash/fnv"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/expr-lang/expr/builtin"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"
)

// Compiling the built-in expressions that a configuration needs was a
// fifth of a run on one configuration: expr parses, type-checks and
// compiles each at every start. programs_gen.go holds what expr's
// compiler made of each built-in expression (its bytecode, constants and
// functions), written by go generate ./rules; a program is then built
// from those tables instead of compiled. The tables are keyed by the
// expression's source, so an edited rule compiles as before, and
// TestBuiltinPrograms fails when they no longer match what expr compiles.
//
// A program's constants refer to fields (and the few methods not called
// as functions, envfuncs.go) of the environment by index, which changes
// with model.Env's types, and its bytecode to expr's opcodes. The file
// records a fingerprint of both, and the tables are used only when the
// running binary's fingerprint is the same: a build whose go generate was
// forgotten compiles, it does not misread.

// progKey identifies a built-in expression: its source and whether it
// was compiled as a condition (expr.AsBool).
type progKey struct {
	asBool bool
	src    string
}

// precompiledProgram returns the program of a built-in expression from
// programs_gen.go, or nil when it has none (or the tables are stale).
func precompiledProgram(asBool bool, src string) *vm.Program {
	if !precompiledValid() {
		return nil
	}
	build := builtinPrograms()[progKey{asBool, src}]
	if build == nil {
		return nil
	}
	return build(src)
}

// newPrecompiled makes a program from its tables: funcs are the names of
// the functions the program calls (builtins, and the methods of
// envfuncs.go), in its order, and locs the source range (from, to) of
// each instruction.
func newPrecompiled(src string, vars int, code []vm.Opcode, args []int, consts []any, funcs []string, locs []int) *vm.Program {
	fs := make([]vm.Function, len(funcs))
	for i, name := range funcs {
		if f := envFuncByName(name); f != nil {
			fs[i] = f
		} else {
			fs[i] = builtin.Builtins[builtin.Index[name]].Func
		}
	}
	ls := make([]file.Location, len(locs)/2)
	for i := range ls {
		ls[i] = file.Location{From: locs[2*i], To: locs[2*i+1]}
	}
	return vm.NewProgram(file.NewSource(src), nil, ls, vars, consts, code, args, fs, nil, nil)
}

// builtinSafe is the Safe function of the builtin name, a constant of
// programs that call it.
func builtinSafe(name string) any { return builtin.Builtins[builtin.Index[name]].Safe }

// mustRegexp compiles a constant pattern of a program.
func mustRegexp(s string) *regexp.Regexp { return regexp.MustCompile(s) }

// precompiledValid reports whether programs_gen.go was written for this
// binary's environment types and expr's instruction set.
var precompiledValid = sync.OnceValue(func() bool {
	return envFingerprint(exprShape(), reflect.TypeOf(runEnv{})) == builtinProgramsFingerprint
})

// exprShape describes what a program's tables depend on in expr: the
// number of opcodes and the order of the builtins. (The module version
// is not at hand: test binaries record no dependencies.) A change that
// keeps both but compiles differently is caught by TestBuiltinPrograms.
func exprShape() string {
	names := make([]string, len(builtin.Builtins))
	for i, f := range builtin.Builtins {
		names[i] = f.Name
	}
	return strconv.Itoa(int(vm.OpEnd)) + " " + strings.Join(names, ",")
}

// envFingerprint hashes the shape of expr (exprShape) and of every type
// the environment's fields reach: the names, types and order of fields
// and the number of methods, which the programs' constants index.
// (Listing the methods themselves by reflection cost more than a
// millisecond at every start; a renamed method, or a change to a type
// that only a method returns, is left to TestBuiltinPrograms.)
func envFingerprint(expr string, root reflect.Type) string {
	h := fnv.New64a()
	h.Write([]byte(expr + "\n"))
	seen := map[reflect.Type]bool{}
	var lines []string
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		if t == nil || seen[t] {
			return
		}
		seen[t] = true
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			walk(t.Elem())
		case reflect.Map:
			walk(t.Key())
			walk(t.Elem())
		case reflect.Func:
			for i := 0; i < t.NumIn(); i++ {
				walk(t.In(i))
			}
			for i := 0; i < t.NumOut(); i++ {
				walk(t.Out(i))
			}
		}
		if t.PkgPath() == "" || !strings.HasPrefix(t.PkgPath(), "github.com/postlint/") {
			return
		}
		var b strings.Builder
		b.WriteString(t.String())
		if t.Kind() == reflect.Struct {
			for i := 0; i < t.NumField(); i++ {
				f := t.Field(i)
				b.WriteString(" " + f.Name + ":" + f.Type.String())
				walk(f.Type)
			}
		}
		for _, mt := range []reflect.Type{t, reflect.PointerTo(t)} {
			b.WriteString(" " + strconv.Itoa(mt.NumMethod()))
		}
		lines = append(lines, b.String())
	}
	walk(root)
	sort.Strings(lines)
	for _, l := range lines {
		h.Write([]byte(l + "\n"))
	}
	return strconv.FormatUint(h.Sum64(), 16)
}
