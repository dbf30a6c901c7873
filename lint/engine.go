package lint

import (
	"fmt"
	"strings"
	"time"

	"github.com/postlint/postlint/lint/model"
	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/lint/syntax"
	"github.com/postlint/postlint/rules"
)

// Input is the configuration of one directory to lint.
type Input struct {
	Dir          string
	Main, Master *syntax.File // either may be nil
	// Version is the target Postfix release; zero means postfix.Newest.
	Version postfix.Version
	// Host says the configuration is this host's own, so rules may look
	// at the host's files (see model.Input.Host).
	Host bool
}

// Options tune a run.
type Options struct {
	// Enabled reports whether the rule with this ID runs; nil runs all.
	Enabled func(id string) bool
	// Subject, when set, limits every rule to the subjects it accepts
	// (postlint why asks only about the routes and settings a log line
	// points at); nil evaluates all.
	Subject func(env model.Env) bool
}

// RuleBudget is the time one rule may spend on one configuration, over
// all its subjects; each evaluation also has rules.EvalBudget.
var RuleBudget = time.Minute

// Run evaluates every enabled rule of set that applies to the target
// release against the configuration, and returns the findings sorted by
// file, position and rule ID, without duplicates. A rule whose
// expression fails at run time (an error, or more time than its budget)
// stops the run with a *RuleError: the rule file is broken, and what the
// rule would have found is unknown.
func Run(in Input, set *rules.Set, opt Options) ([]Finding, error) {
	cfg := model.Build(model.Input{Dir: in.Dir, Main: in.Main, Master: in.Master, Version: in.Version, Host: in.Host})
	r := &runner{cfg: cfg, start: fileStart(cfg), keep: opt.Subject}
	for _, rule := range set.Rules() {
		if opt.Enabled != nil && !opt.Enabled(rule.ID) || !rule.Applies(cfg.Version) {
			continue
		}
		if err := r.run(rule); err != nil {
			return nil, err
		}
	}
	return SortFindings(r.out), nil
}

// RuleError is a rule that failed at run time. It is a problem of the
// rule's file and prints like one: "FILE:LINE: rule ID: ...".
type RuleError struct {
	File    string
	Line    int
	Rule    string
	Subject string // what the rule was evaluated for
	Err     error
}

func (e *RuleError) Error() string {
	return fmt.Sprintf("%s:%d: rule %s: failed at run time for %s: %s", e.File, e.Line, e.Rule, e.Subject, oneLine(e.Err))
}

func (e *RuleError) Unwrap() error { return e.Err }

type runner struct {
	cfg   *model.Config
	start model.Location // the default location of config-scope findings
	keep  func(model.Env) bool
	out   []Finding
	// byScope caches each scope's subjects: every rule of the scope is
	// evaluated for the same ones.
	byScope map[rules.Scope][]subject
}

// subject is one thing a rule is evaluated for.
type subject struct {
	env  model.Env
	at   model.Location // the scope's default location
	desc func() string  // for error messages
}

func (r *runner) subjects(scope rules.Scope) []subject {
	if s, ok := r.byScope[scope]; ok {
		return s
	}
	if r.byScope == nil {
		r.byScope = make(map[rules.Scope][]subject)
	}
	s := r.makeSubjects(scope)
	r.byScope[scope] = s
	return s
}

func (r *runner) makeSubjects(scope rules.Scope) []subject {
	base := r.cfg.Env()
	var out []subject
	switch scope {
	case rules.ScopeParam:
		out = make([]subject, 0, len(r.cfg.Params))
	case rules.ScopeService:
		out = make([]subject, 0, len(r.cfg.Services))
	}
	switch scope {
	case rules.ScopeConfig:
		out = append(out, subject{env: base, at: r.start, desc: func() string { return "the configuration" }})
	case rules.ScopeParam:
		for _, p := range r.cfg.Params {
			e := base
			e.Param = p
			out = append(out, subject{env: e, at: p.At, desc: func() string { return "parameter " + p.Name }})
		}
	case rules.ScopeService:
		// Without a master.cf, the stock one stands in (its services are
		// marked Stock, and findings on them say so).
		for _, s := range r.cfg.ServicesOrStock() {
			e := base
			e.Service = s
			out = append(out, subject{env: e, at: s.At, desc: func() string { return "service " + s.Name + "/" + s.Type }})
		}
	case rules.ScopeRoute:
		for _, rt := range r.cfg.Routes {
			e := base
			e.Route = rt
			out = append(out, subject{env: e, at: rt.At, desc: func() string { return "route " + rt.String() }})
		}
	case rules.ScopeSyntax:
		for _, s := range r.cfg.Syntax {
			e := base
			e.Syntax = s
			out = append(out, subject{env: e, at: s.At, desc: func() string { return "syntax error " + s.Code }})
		}
	}
	return out
}

func (r *runner) run(rule *rules.Rule) error {
	start := time.Now()
	for i, s := range r.subjects(rule.Scope) {
		if r.keep != nil && !r.keep(s.env) {
			continue
		}
		f, err := r.evaluate(rule, s)
		// The clock is read every 16 subjects: most evaluations take
		// less time than reading it.
		if err == nil && i%16 == 15 && time.Since(start) > RuleBudget {
			err = fmt.Errorf("%w: the rule took longer than %v on this configuration", rules.ErrTimeBudget, RuleBudget)
		}
		if err != nil {
			return &RuleError{File: rule.File, Line: rule.Line, Rule: rule.ID, Subject: s.desc(), Err: err}
		}
		if f != nil {
			r.out = append(r.out, *f)
		}
	}
	return nil
}

// evaluate returns the finding of rule for s, or nil when the condition
// does not hold.
func (r *runner) evaluate(rule *rules.Rule, s subject) (*Finding, error) {
	ok, err := rule.Match(s.env)
	if err != nil || !ok {
		return nil, err
	}
	loc, err := rule.Locate(s.env)
	if err != nil {
		return nil, fmt.Errorf("at: %w", err)
	}
	if loc.IsZero() {
		loc = s.at
	}
	if loc.IsZero() {
		loc = r.start
	}
	msg, err := rule.Message.Render(s.env)
	if err != nil {
		return nil, fmt.Errorf("message: %w", err)
	}
	if s.env.Service != nil && s.env.Service.Stock {
		msg += " (no master.cf here: judged for the stock master.cf of Postfix " + s.env.Version + ")"
	}
	param, err := rule.Param.Render(s.env)
	if err != nil {
		return nil, fmt.Errorf("param: %w", err)
	}
	if rule.Param == nil && s.env.Param != nil {
		param = s.env.Param.Name
	}
	sevName, err := rule.SeverityFor(s.env)
	if err != nil {
		return nil, fmt.Errorf("severity_if: %w", err)
	}
	sev, err := ParseSeverity(sevName)
	if err != nil {
		return nil, err
	}
	fixes, err := r.fixes(rule, s, loc)
	if err != nil {
		return nil, err
	}
	f := finding(rule.ID, sev, loc, msg)
	f.Param, f.Fixes = param, fixes
	return &f, nil
}

func finding(id string, sev Severity, loc model.Location, msg string) Finding {
	return Finding{
		Rule: id, Severity: sev, File: loc.File,
		Pos: loc.Pos, End: loc.End, Start: loc.Start, Stop: loc.Stop,
		Message: msg,
	}
}

// oneLine keeps the first line of an error (expr errors add a source
// snippet on the following lines).
func oneLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// fileStart returns the start of main.cf, else of master.cf.
func fileStart(c *model.Config) model.Location {
	fs := c.Files()
	if len(fs) == 0 {
		return model.Location{}
	}
	p := fs[0].Position(0)
	return model.Location{File: fs[0].Name, Start: p, Stop: p}
}
