package rules

import (
	"errors"
	"testing"
	"time"

	"github.com/postlint/postlint/lint/model"
	"github.com/postlint/postlint/lint/syntax"
)

// TestTimeBudget runs expressions that would take hours: each stops
// with ErrTimeBudget.
func TestTimeBudget(t *testing.T) {
	defer func(b time.Duration) { EvalBudget = b }(EvalBudget)
	EvalBudget = 200 * time.Millisecond
	env := model.Build(model.Input{Main: syntax.ParseMain("main.cf", []byte("a = 1\n"))}).Env()
	for _, src := range []string{
		`reduce(1..900000, #acc + "aaaaaaaaaa", "") != ""`,
		`let xs = 1..3000; all(xs, all(xs, all(xs, # > 0)))`,
		`let xs = 1..3000; len(filter(xs, any(xs, none(xs, # < 0) && false))) > 0`,
	} {
		prog, err := compileExpr(src, ScopeConfig, true)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		start := time.Now()
		_, err = run(prog, env)
		if !errors.Is(err, ErrTimeBudget) {
			t.Errorf("%s: err = %v, want ErrTimeBudget", src, err)
		}
		t.Logf("%s: stopped after %v", src, time.Since(start))
	}
}

// TestBudgetKeepsResults checks that the inserted checks change no
// result or type.
func TestBudgetKeepsResults(t *testing.T) {
	env := model.Build(model.Input{Main: syntax.ParseMain("main.cf", []byte("a = 1\nb = 2\n"))}).Env()
	for src, want := range map[string]any{
		`map(1..3, # * 2)`:                                        []any{2, 4, 6},
		`reduce(1..4, #acc + #, 0)`:                               10,
		`sortBy(["b", "a"], #)`:                                   []any{"a", "b"},
		`len(filter(Params, .Name == "a"))`:                       1,
		`join(map(Params, .Name), ",")`:                           "a,b",
		`any(Params, .Name == "b") && !all(Params, .Name == "b")`: true,
	} {
		prog, err := compileExpr(src, ScopeConfig, false)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		got, err := run(prog, env)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if fmtAny(got) != fmtAny(want) {
			t.Errorf("%s = %v, want %v", src, got, want)
		}
	}
}

func fmtAny(v any) string {
	switch v := v.(type) {
	case []any:
		s := "["
		for _, x := range v {
			s += fmtAny(x) + " "
		}
		return s + "]"
	}
	return format(v) + "|" + typeName(v)
}

func typeName(v any) string {
	switch v.(type) {
	case int:
		return "int"
	case string:
		return "string"
	case bool:
		return "bool"
	}
	return "other"
}
