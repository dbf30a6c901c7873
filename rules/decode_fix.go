package rules

import "strings"

// Validation of [[rule.fix]] and [[rule.fix.edit]] tables.

func (b *ruleBuilder) fix(scope Scope, ft *fixTOML) *Fix {
	f := &Fix{Safe: ft.Safe, Explain: strings.TrimSpace(ft.Explain)}
	if strings.Contains(f.Explain, "{{") {
		b.errorf("rule.fix.explain", "explain is plain text for postlint explain, not a template")
	}
	var err error
	if ft.Title == "" {
		b.errorf("rule.fix", "fix without title")
	} else if f.Title, err = compileTemplate(ft.Title, scope, b.builtin); err != nil {
		b.errorf("rule.fix.title", "fix title: %v", err)
	}
	if ft.When != "" {
		f.WhenSource = ft.When
		if f.when, err = newProgram(ft.When, scope, boolValue, b.builtin); err != nil {
			b.errorf("rule.fix.when", "fix when: %v", err)
		}
	}
	if len(ft.Edit) == 0 {
		b.errorf("rule.fix", "fix %q has no edit", ft.Title)
	}
	for i := range ft.Edit {
		if e := b.edit(scope, &ft.Edit[i]); e != nil {
			f.Edits = append(f.Edits, e)
		}
	}
	return f
}

func (b *ruleBuilder) edit(scope Scope, et *editTOML) *Edit {
	e := &Edit{Action: Action(et.Action), Where: Where(et.Where)}
	if e.Where == "" {
		e.Where = WhereMain
	}
	switch e.Where {
	case WhereMain:
	case WhereService:
		if scope != ScopeService && scope != ScopeParam && scope != ScopeRoute {
			b.errorf("rule.fix.edit.where", "where = \"service\" needs scope service, param or route")
		}
	case WhereTransport:
		if scope != ScopeRoute {
			b.errorf("rule.fix.edit.where", "where = \"transport\" needs scope route")
		}
	case WhereParam:
		if scope != ScopeParam {
			b.errorf("rule.fix.edit.where", "where = \"param\" needs scope param")
		}
	case WhereAt:
		if e.Action != ActionReplace {
			b.errorf("rule.fix.edit.where", "where = \"at\" works with action = \"replace\" only")
		}
	default:
		b.errorf("rule.fix.edit.where", "where %q: want main, service, transport, param or at", et.Where)
	}
	// Which optional keys each action takes.
	need := map[Action][]string{
		ActionSet:     {"value"},
		ActionDelete:  nil,
		ActionRename:  {"to"},
		ActionReplace: {"old", "new"},
	}
	wanted, ok := need[e.Action]
	if !ok {
		b.errorf("rule.fix.edit.action", "action %q: want set, delete, rename or replace", et.Action)
		return nil
	}
	switch {
	case e.Where == WhereAt && et.Param != "":
		b.errorf("rule.fix.edit.param", "param is not used with where = \"at\"")
	case e.Where != WhereAt && et.Param == "":
		b.errorf("rule.fix.edit", "%s edit without param", e.Action)
	}
	fields := map[string]**string{"value": &et.Value, "to": &et.To, "old": &et.Old, "new": &et.New}
	targets := map[string]**Template{"value": &e.Value, "to": &e.To, "old": &e.Old, "new": &e.New}
	for _, key := range []string{"value", "to", "old", "new"} {
		v := *fields[key]
		used := contains(wanted, key)
		switch {
		case used && v == nil:
			b.errorf("rule.fix.edit", "%s edit needs %s", e.Action, key)
		case !used && v != nil:
			b.errorf("rule.fix.edit."+key, "%s is not used by a %s edit", key, e.Action)
		case used:
			t, err := compileTemplate(*v, scope, b.builtin)
			if err != nil {
				b.errorf("rule.fix.edit."+key, "%s: %v", key, err)
			}
			*targets[key] = t
		}
	}
	if et.Param != "" {
		var err error
		if e.Param, err = compileTemplate(et.Param, scope, b.builtin); err != nil {
			b.errorf("rule.fix.edit.param", "param: %v", err)
		}
	}
	return e
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
