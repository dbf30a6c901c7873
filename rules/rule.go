package rules

import (
	"fmt"

	"github.com/postlint/postlint/lint/model"
	"github.com/postlint/postlint/lint/postfix"
)

// Scope says what a rule's condition is evaluated for.
type Scope string

// Scopes; see docs/rules-format.md.
const (
	ScopeConfig  Scope = "config"  // once per configuration directory
	ScopeParam   Scope = "param"   // every main.cf setting and master.cf -o
	ScopeService Scope = "service" // every master.cf service
	ScopeRoute   Scope = "route"   // every (next hop, client transport) pair
	ScopeSyntax  Scope = "syntax"  // every parser error
)

// subject returns the Env field the scope sets, "" for config.
func (s Scope) subject() string {
	switch s {
	case ScopeParam:
		return "Param"
	case ScopeService:
		return "Service"
	case ScopeRoute:
		return "Route"
	case ScopeSyntax:
		return "Syntax"
	}
	return ""
}

func (s Scope) valid() bool { return s == ScopeConfig || s.subject() != "" }

// Rule is one compiled check.
type Rule struct {
	ID    string
	Name  string
	Title string
	// Severity is "error", "warning" or "info" (see lint.ParseSeverity).
	Severity string
	Scope    Scope
	// MinVersion is the first release the rule applies to, MaxVersion
	// the first it no longer applies to; zero means no bound.
	MinVersion, MaxVersion postfix.Version
	Condition              string // expression source
	// SeverityIf lists other severities and where they apply, in order:
	// a finding takes the first whose expression holds, else Severity
	// (for example info for a deprecation on releases that do not warn
	// about it yet).
	SeverityIf []*severityCase
	AtSource   string    // the at expression's source; "" for the scope's default
	Message    *Template // the finding's message
	Param      *Template // the parameter the finding is about; nil if none
	Doc        Doc
	Fixes      []*Fix
	// Log lists the log lines that show the rule's failure, for
	// "postlint why" (see LogPattern).
	Log     []*LogPattern
	File    string // where the rule is defined
	Line    int
	Builtin bool

	cond *program
	at   *program
	// guard, when set, is what the condition requires of the subject's
	// parameter name (scope param) or daemon (scope service).
	guard *guard
	flags flagGuard // the boolean fields of Param the condition requires (prefilter.go)
}

// Doc is a rule's documentation.
type Doc struct {
	What, Why, Symptom string
	Before, After      string
	References         []string
}

// Fix is a fix definition: edits applied together.
type Fix struct {
	Title *Template
	// Explain says in words what the fix does and when it is offered,
	// for "postlint explain"; "" lets explain describe the title and
	// the edits, which must then be plain enough to read.
	Explain string
	Safe    bool
	// WhenSource is the optional when expression: the fix is offered
	// only where it holds. "" offers it always.
	WhenSource string
	Edits      []*Edit

	when *program
}

// Offered evaluates the fix's when expression for env; a fix without one
// is always offered.
func (f *Fix) Offered(env model.Env) (bool, error) {
	if f.when == nil {
		return true, nil
	}
	out, err := f.when.eval(env)
	if err != nil {
		return false, err
	}
	b, ok := out.(bool)
	if !ok {
		return false, fmt.Errorf("when gave %T, not bool", out)
	}
	return b, nil
}

// Action is what an edit does.
type Action string

// Edit actions.
const (
	ActionSet     Action = "set"
	ActionDelete  Action = "delete"
	ActionRename  Action = "rename"
	ActionReplace Action = "replace"
)

// Where is the file an edit applies to.
type Where string

// Edit targets.
const (
	WhereMain      Where = "main"      // main.cf
	WhereService   Where = "service"   // the -o of the service in scope
	WhereTransport Where = "transport" // for a route: its transport's -o, or main.cf
	WhereParam     Where = "param"     // the setting in scope: main.cf or its -o
	WhereAt        Where = "at"        // replace old by new inside the finding's location
)

// Edit is one change of a fix. Templates that the action does not use
// are nil; Param is nil for where = "at".
type Edit struct {
	Action                     Action
	Where                      Where
	Param, Value, To, Old, New *Template
}

// Applies reports whether the rule applies to release v.
func (r *Rule) Applies(v postfix.Version) bool {
	if !r.MinVersion.IsZero() && v.Less(r.MinVersion) {
		return false
	}
	return r.MaxVersion.IsZero() || v.Less(r.MaxVersion)
}

// Match evaluates the condition for env. A subject the condition's guard
// rules out (see prefilter.go) is false without running the program.
func (r *Rule) Match(env model.Env) (bool, error) {
	switch {
	case r.guard == nil:
	case env.Param != nil && !r.guard.allows(env.Param.Name):
		return false, nil
	case env.Service != nil && !r.guard.allows(env.Service.Command):
		return false, nil
	}
	if r.flags != nil && env.Param != nil && !r.flags.allows(env.Param) {
		return false, nil
	}
	out, err := r.cond.eval(env)
	if err != nil {
		return false, err
	}
	b, ok := out.(bool)
	if !ok {
		return false, fmt.Errorf("condition gave %T, not bool", out)
	}
	return b, nil
}

// severityCase is one entry of severity_if.
type severityCase struct {
	When     string // expression source
	Severity string
	when     *program
}

// SeverityFor returns the severity of a finding for env: that of the first
// severity_if entry whose expression holds, else Severity.
func (r *Rule) SeverityFor(env model.Env) (string, error) {
	for _, c := range r.SeverityIf {
		out, err := c.when.eval(env)
		if err != nil {
			return "", err
		}
		b, ok := out.(bool)
		if !ok {
			return "", fmt.Errorf("severity_if gave %T, not bool", out)
		}
		if b {
			return c.Severity, nil
		}
	}
	return r.Severity, nil
}

// Locate evaluates the at expression; it returns the zero Location when
// the rule has none (the scope's default applies).
func (r *Rule) Locate(env model.Env) (model.Location, error) {
	if r.at == nil {
		return model.Location{}, nil
	}
	out, err := r.at.eval(env)
	if err != nil {
		return model.Location{}, err
	}
	switch l := out.(type) {
	case model.Location:
		return l, nil
	case *model.Location:
		if l != nil {
			return *l, nil
		}
		return model.Location{}, nil
	case nil:
		return model.Location{}, nil
	}
	return model.Location{}, fmt.Errorf("at gave %T, not a Location", out)
}
