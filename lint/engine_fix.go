package lint

import (
	"fmt"
	"strings"

	"github.com/postlint/postlint/lint/model"
	"github.com/postlint/postlint/lint/syntax"
	"github.com/postlint/postlint/rules"
)

// fixes turns the fix definitions of a rule into concrete edits for one
// finding at loc. A fix that cannot be applied here (nothing to rename,
// text to replace that is not there, a service without master.cf) is left
// out.
func (r *runner) fixes(rule *rules.Rule, s subject, loc model.Location) ([]Fix, error) {
	var out []Fix
	for _, fd := range rule.Fixes {
		offered, err := fd.Offered(s.env)
		if err != nil {
			return nil, fmt.Errorf("fix when: %w", err)
		}
		if !offered {
			continue
		}
		title, err := fd.Title.Render(s.env)
		if err != nil {
			return nil, err
		}
		fix := Fix{Title: title, Safe: fd.Safe}
		ok := true
		for _, ed := range fd.Edits {
			a, err := render(ed, s.env)
			if err != nil {
				return nil, err
			}
			edits, applicable := r.edit(ed, a, s, loc)
			if !applicable {
				ok = false
				break
			}
			for _, e := range edits {
				fix.Edits = append(fix.Edits, Edit{File: e.File, Pos: e.Pos, End: e.End, New: e.New})
			}
			if ed.Where == rules.WhereTransport && fix.Safe && r.affectsOtherPorts(s.env.Route, a.param, edits) {
				fix.Safe = false
			}
		}
		if ok && len(fix.Edits) > 0 {
			out = append(out, fix)
		}
	}
	return out, nil
}

// editArgs are the rendered templates of an edit.
type editArgs struct {
	param, value, to, old, new string
}

func render(e *rules.Edit, env model.Env) (editArgs, error) {
	var a editArgs
	for _, x := range []struct {
		t   *rules.Template
		dst *string
	}{{e.Param, &a.param}, {e.Value, &a.value}, {e.To, &a.to}, {e.Old, &a.old}, {e.New, &a.new}} {
		s, err := x.t.Render(env)
		if err != nil {
			return a, err
		}
		*x.dst = s
	}
	a.param = strings.TrimSpace(a.param)
	a.to = strings.TrimSpace(a.to)
	return a, nil
}

// edit plans one edit with rendered arguments a; ok is false when it
// cannot be made for this finding.
func (r *runner) edit(e *rules.Edit, a editArgs, s subject, loc model.Location) (edits []model.TextEdit, ok bool) {
	if e.Where == rules.WhereAt {
		return r.replaceAt(loc, a.old, a.new)
	}
	if a.param == "" || e.Action == rules.ActionRename && a.to == "" {
		return nil, false
	}
	switch e.Where {
	case rules.WhereService:
		return r.serviceEdit(e.Action, subjectService(s.env), a)
	case rules.WhereTransport:
		if svc := r.transportTarget(s.env.Route, a.param); svc != nil {
			return r.serviceEdit(e.Action, svc, a)
		}
	case rules.WhereParam:
		p := s.env.Param
		switch {
		case p != nil && p.Name == a.param:
			return paramEdit(r.cfg, e.Action, p, a)
		case p != nil && p.InMaster:
			return r.serviceEdit(e.Action, p.Service, a)
		}
	}
	return mainEdit(r.cfg, e.Action, a)
}

// subjectService returns the service a where = "service" edit targets.
func subjectService(env model.Env) *model.Service {
	switch {
	case env.Service != nil:
		return env.Service
	case env.Param != nil:
		return env.Param.Service
	case env.Route != nil:
		return env.Route.Service
	}
	return nil
}

// transportTarget returns the service whose -o a where = "transport" edit
// changes, or nil for main.cf: main.cf when the transport is a stock
// service, or it is the default transport and does not override the
// parameter.
func (r *runner) transportTarget(rt *model.Route, param string) *model.Service {
	if rt == nil || rt.Service == nil || rt.Service.Stock {
		return nil
	}
	if rt.Service.Overrides(param) {
		return rt.Service
	}
	def, _, _ := strings.Cut(r.cfg.Main().Get("default_transport"), ":")
	if strings.TrimSpace(def) == rt.Transport {
		return nil
	}
	return rt.Service
}

// affectsOtherPorts reports whether edits made for route rt also change a
// transport that other routes use to reach a different port: turning on
// wrapper mode for a 465 relay in main.cf would break MX delivery on 25.
func (r *runner) affectsOtherPorts(rt *model.Route, param string, edits []model.TextEdit) bool {
	if rt == nil || len(edits) == 0 {
		return false
	}
	inMain := r.cfg.MainFile != nil && edits[0].File == r.cfg.MainFile.Name
	for _, o := range r.cfg.Routes {
		if o == rt || o.Port == rt.Port {
			continue
		}
		if o.Service == rt.Service || inMain && !o.Service.Overrides(param) {
			return true
		}
	}
	return false
}

func mainEdit(c *model.Config, action rules.Action, a editArgs) ([]model.TextEdit, bool) {
	switch action {
	case rules.ActionSet:
		return c.SetMain(a.param, a.value)
	case rules.ActionDelete:
		return c.DeleteMain(a.param)
	case rules.ActionRename:
		return c.RenameMain(a.param, a.to)
	case rules.ActionReplace:
		return c.ReplaceMain(a.param, a.old, a.new)
	}
	return nil, false
}

func (r *runner) serviceEdit(action rules.Action, s *model.Service, a editArgs) ([]model.TextEdit, bool) {
	if s == nil {
		return nil, false
	}
	c := r.cfg
	switch action {
	case rules.ActionSet:
		return c.SetOption(s, a.param, a.value)
	case rules.ActionDelete:
		return c.DeleteOption(s, a.param)
	case rules.ActionRename:
		return c.RenameOption(s, a.param, a.to)
	case rules.ActionReplace:
		return c.ReplaceOption(s, a.param, a.old, a.new)
	}
	return nil, false
}

// paramEdit edits the one setting in scope.
func paramEdit(c *model.Config, action rules.Action, p *model.Param, a editArgs) ([]model.TextEdit, bool) {
	switch action {
	case rules.ActionSet:
		return c.SetParam(p, a.value)
	case rules.ActionDelete:
		return c.DeleteParam(p)
	case rules.ActionRename:
		return c.RenameParam(p, a.to)
	case rules.ActionReplace:
		return c.ReplaceParam(p, a.old, a.new)
	}
	return nil, false
}

// replaceAt replaces the first occurrence of old inside the finding's
// location.
func (r *runner) replaceAt(loc model.Location, old, new string) ([]model.TextEdit, bool) {
	for _, f := range r.cfg.Files() {
		if f.Name != loc.File || old == "" {
			continue
		}
		if int(loc.End) > len(f.Src) || loc.Pos > loc.End {
			return nil, false
		}
		i := strings.Index(string(f.Src[loc.Pos:loc.End]), old)
		if i < 0 {
			return nil, false
		}
		pos := loc.Pos + syntax.Pos(i)
		return []model.TextEdit{{File: f.Name, Pos: pos, End: pos + syntax.Pos(len(old)), New: new}}, true
	}
	return nil, false
}
