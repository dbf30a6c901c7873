package lint

import (
	"fmt"
	"strings"

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
}

// Run evaluates every enabled rule of set that applies to the target
// release against the configuration, and returns the findings sorted by
// file, position and rule ID, without duplicates. A rule whose
// expression fails at run time does not stop the run: its first failure
// becomes a warning finding that names the rule, and it is skipped for
// the rest of the subjects.
func Run(in Input, set *rules.Set, opt Options) []Finding {
	cfg := model.Build(model.Input{Dir: in.Dir, Main: in.Main, Master: in.Master, Version: in.Version, Host: in.Host})
	r := &runner{cfg: cfg, start: fileStart(cfg)}
	for _, rule := range set.Rules() {
		if opt.Enabled != nil && !opt.Enabled(rule.ID) || !rule.Applies(cfg.Version) {
			continue
		}
		r.run(rule)
	}
	return SortFindings(r.out)
}

type runner struct {
	cfg   *model.Config
	start model.Location // the default location of config-scope findings
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

func (r *runner) run(rule *rules.Rule) {
	for _, s := range r.subjects(rule.Scope) {
		f, err := r.evaluate(rule, s)
		if err != nil {
			r.out = append(r.out, r.internal(rule, s, err))
			return
		}
		if f != nil {
			r.out = append(r.out, *f)
		}
	}
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

// internal reports a rule that failed at run time.
func (r *runner) internal(rule *rules.Rule, s subject, err error) Finding {
	loc := s.at
	if loc.IsZero() {
		loc = r.start
	}
	msg := fmt.Sprintf("internal error: rule %s failed for %s and was skipped: %v", rule.ID, s.desc(), oneLine(err))
	return finding(rule.ID, Warning, loc, msg)
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
