package rules

import (
	"reflect"
	"strings"
	"testing"

	"github.com/postlint/postlint/lint/model"
	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/lint/syntax"
)

// TestEnvFuncsComplete checks that every method of the environment and
// of the model's objects has its function, of the method's type.
func TestEnvFuncsComplete(t *testing.T) {
	if _, ok := receivers[envType]; !ok {
		t.Fatal("no functions for the environment")
	}
	for rt, r := range receivers {
		for i := 0; i < rt.NumMethod(); i++ {
			m := rt.Method(i)
			f, ok := r.funcs[m.Name]
			if !ok {
				t.Errorf("method %s of %v has no function", m.Name, rt)
				continue
			}
			if typ := reflect.TypeOf(f.typ).Elem(); typ != m.Type {
				t.Errorf("%v.%s: function of type %v, method %v", rt, m.Name, typ, m.Type)
			}
		}
		if len(r.funcs) != rt.NumMethod() {
			t.Errorf("%v: %d functions, %d methods", rt, len(r.funcs), rt.NumMethod())
		}
	}
}

// TestEnvFuncCalls checks that a rewritten call gives what the method
// gives, and that a call with the wrong number of arguments is reported
// by the method's name.
func TestEnvFuncCalls(t *testing.T) {
	f := syntax.ParseMain("main.cf", []byte("smtp_tls_wrappermode = maybe\nmyhostname = mx.example.org\n"))
	cfg := model.Build(model.Input{Main: f, Version: postfix.Newest})
	env := cfg.Env()
	env.Param = cfg.Params[0]
	for src, want := range map[string]any{
		`Check(Param).Bad`:                  env.Check(env.Param).Bad,
		`Known("smtp_tls_wrappermode")`:     true,
		`Known("smtp_tls_wrapermode")`:      false,
		`Suggest("smtp_tls_wrapermode")`:    "smtp_tls_wrappermode",
		`SplitList("a, b c")`:               []string{"a", "b", "c"},
		`ListHas(["a", "b"], "b")`:          true,
		`AtLeast("2.6")`:                    true,
		`Main.Get("myhostname")`:            env.Main.Get("myhostname"),
		`Main.Bool("smtp_tls_wrappermode")`: env.Main.Bool("smtp_tls_wrappermode"),
		`Main.Set("myhostname")`:            env.Main.Set("myhostname"),
	} {
		prog, err := compileExpr(src, ScopeParam, false)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if !strings.Contains(prog.Disassemble(), envFuncPrefix) {
			t.Errorf("%s: the method is not called through its function:\n%s", src, prog.Disassemble())
		}
		got, err := run(prog, env)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, %v; want %#v", src, got, err, want)
		}
	}
	for _, src := range []string{`Known()`, `Known(1)`, `Main.Get(2) == ""`, `Service.Get()`} {
		scope := ScopeParam
		if strings.HasPrefix(src, "Service") {
			scope = ScopeService
		}
		if _, err := compileExpr(src, scope, true); err == nil || strings.Contains(err.Error(), envFuncPrefix) {
			t.Errorf("%s compiles with error %v, want one that names the method", src, err)
		}
	}
}
