package rules

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/checker/nature"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/vm"

	"github.com/postlint/postlint/lint/model"
)

// expr-lang bounds the memory an expression allocates, not its time:
// reduce(1..900000, #acc + "aaaaaaaaaa", "") runs for hours. Loops in
// expr are the builtins that take a predicate (all, any, filter, map,
// reduce, sortBy ...), so the compiler puts a call to the budget check
// at the start of every predicate, and run gives each evaluation a
// deadline that the check enforces.

// EvalBudget is the time one evaluation of an expression (a condition,
// an at, a template part, a fix's when) may take. Built-in rules take
// microseconds; a rule that needs more than this is broken.
var EvalBudget = 2 * time.Second

// ErrTimeBudget is wrapped by the error of an expression that ran out of
// time.
var ErrTimeBudget = errors.New("ran out of time")

// runEnv is what programs run in: the model's Env and the budget of the
// evaluation. Its fields and methods are model.Env's, and the check.
type runEnv struct {
	model.Env
	budget *budget
}

// budgetCheck is the method the compiler calls at the start of each
// predicate. Rule authors need not know of it; calling it is harmless.
const budgetCheck = "PostlintBudget"

// PostlintBudget checks the time of the running evaluation; see
// budgetCheck. It panics when time is up: the VM turns that into the
// evaluation's error, and run into ErrTimeBudget.
func (e runEnv) PostlintBudget() bool {
	e.budget.check()
	return true
}

// budget is the deadline of one evaluation. Reading the clock costs
// more than a loop step, so it is read every checkEvery calls.
type budget struct {
	deadline time.Time
	calls    int
	spent    bool
}

const checkEvery = 64

func (b *budget) check() {
	if b == nil {
		return
	}
	if b.calls++; b.calls%checkEvery != 0 {
		return
	}
	if time.Now().After(b.deadline) {
		b.spent = true
		panic(ErrTimeBudget)
	}
}

// insertBudgetChecks is the compiler patch: it makes each predicate body
// p into the sequence (PostlintBudget(); p), which has p's value and type.
type insertBudgetChecks struct{}

func (insertBudgetChecks) Visit(node *ast.Node) {
	p, ok := (*node).(*ast.PredicateNode)
	if !ok {
		return
	}
	if seq, ok := p.Node.(*ast.SequenceNode); ok && len(seq.Nodes) > 0 && isBudgetCall(seq.Nodes[0]) {
		return // already patched
	}
	call := &ast.CallNode{Callee: &ast.IdentifierNode{Value: budgetCheck}}
	p.Node = &ast.SequenceNode{Nodes: []ast.Node{call, p.Node}}
}

func isBudgetCall(n ast.Node) bool {
	c, ok := n.(*ast.CallNode)
	if !ok {
		return false
	}
	id, ok := c.Callee.(*ast.IdentifierNode)
	return ok && id.Value == budgetCheck
}

// compilerOptions are the compiler options every expression gets: the
// shared environment, the budget checks, and the methods called as
// functions (envfuncs.go).
func compilerOptions() []expr.Option {
	return append([]expr.Option{sharedEnv, expr.Patch(insertBudgetChecks{})}, envFuncOptions()...)
}

// sharedEnv is expr.Env(runEnv{}) with one type cache for all
// compilations: the checker looks up the environment's fields and methods
// by reflection, and a cache of its own per expression made that most of
// the cost of compiling. The cache's maps are shared (a Cache holds only
// maps); compileMu keeps compilations from using them at once. It is
// made when the first expression compiles, not at start-up.
var (
	envCache  = sync.OnceValue(newEnvCache)
	compileMu sync.Mutex
	sharedEnv = func(c *conf.Config) {
		c.NtCache = envCache()
		c.EnvObject = runEnv{}
		c.Env = conf.EnvWithCache(&c.NtCache, runEnv{})
		c.Strict = c.Env.Strict
	}
)

// newEnvCache returns a type cache whose maps exist, filled with the
// environment's type.
func newEnvCache() nature.Cache {
	c := conf.New(runEnv{})
	return c.NtCache
}

// run executes a program within EvalBudget. expr turns panics into
// errors; the recover is a second line of defence so that one rule
// cannot end a run.
func run(p *vm.Program, env model.Env) (out any, err error) {
	st := states.Get().(*evalState)
	st.budget = budget{deadline: time.Now().Add(EvalBudget)}
	defer func() {
		if x := recover(); x != nil {
			err = fmt.Errorf("panic: %v", x)
		}
		if st.budget.spent {
			err = fmt.Errorf("%w: an evaluation took longer than %v", ErrTimeBudget, EvalBudget)
		}
		states.Put(st)
	}()
	return st.vm.Run(p, runEnv{Env: env, budget: &st.budget})
}

// evalState is what one evaluation needs besides its environment. A
// configuration takes thousands of evaluations, and a new VM for each
// (what expr.Run makes) was a fifth of a run's allocations.
type evalState struct {
	vm     vm.VM
	budget budget
}

var states = sync.Pool{New: func() any { return new(evalState) }}
