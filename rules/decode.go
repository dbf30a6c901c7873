package rules

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"github.com/postlint/postlint/lint/postfix"
)

// The TOML shape of a rules file. Optional strings whose absence matters
// are pointers.
type (
	fileTOML struct {
		Rule []toml.Primitive `toml:"rule"`
	}
	ruleTOML struct {
		ID         string         `toml:"id"`
		Name       string         `toml:"name"`
		Title      string         `toml:"title"`
		Severity   string         `toml:"severity"`
		Scope      string         `toml:"scope"`
		MinVersion string         `toml:"min_version"`
		MaxVersion string         `toml:"max_version"`
		Param      string         `toml:"param"`
		Condition  string         `toml:"condition"`
		SeverityIf []severityTOML `toml:"severity_if"`
		At         string         `toml:"at"`
		Message    string         `toml:"message"`
		Doc        docTOML        `toml:"doc"`
		Fix        []fixTOML      `toml:"fix"`
		Log        []logTOML      `toml:"log"`
	}
	logTOML struct {
		Program string `toml:"program"`
		Pattern string `toml:"pattern"`
		Context string `toml:"context"`
	}
	severityTOML struct {
		When     string `toml:"when"`
		Severity string `toml:"severity"`
	}
	docTOML struct {
		What       string   `toml:"what"`
		Why        string   `toml:"why"`
		Symptom    string   `toml:"symptom"`
		Before     string   `toml:"before"`
		After      string   `toml:"after"`
		References []string `toml:"references"`
	}
	fixTOML struct {
		Title   string     `toml:"title"`
		Explain string     `toml:"explain"`
		Safe    bool       `toml:"safe"`
		When    string     `toml:"when"`
		Edit    []editTOML `toml:"edit"`
	}
	editTOML struct {
		Action string  `toml:"action"`
		Param  string  `toml:"param"`
		Value  *string `toml:"value"`
		To     *string `toml:"to"`
		Old    *string `toml:"old"`
		New    *string `toml:"new"`
		Where  string  `toml:"where"`
	}
)

// schema holds every valid key path ("rule.fix.edit.param"), taken from
// the struct tags above.
var schema = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{"rule": true}
	var walk func(prefix string, t reflect.Type)
	walk = func(prefix string, t reflect.Type) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			key := prefix + "." + f.Tag.Get("toml")
			m[key] = true
			ft := f.Type
			if ft.Kind() == reflect.Slice {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				walk(key, ft)
			}
		}
	}
	walk("rule", reflect.TypeOf(ruleTOML{}))
	return m
})

var (
	builtinIDRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^PL[0-9]{3}$`) })
	userIDRe    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Z]+[0-9]+$`) })
	nameRe      = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]+([-.][a-z0-9]+)*$`) })
	lastKeyRe   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^toml: (?:line [0-9]+ )?\(last key "([^"]*)"\): `) })
)

// parseFile decodes and compiles the rules of one file.
func parseFile(name, src string, builtin bool) ([]*Rule, Errors) {
	if builtin {
		if d := decodedBuiltin(name, src); d != nil {
			return buildDecoded(name, src, d)
		}
	}
	var f fileTOML
	md, err := toml.Decode(src, &f)
	if err != nil {
		return nil, Errors{tomlError(name, err)}
	}
	keys := newKeyIndex(src)
	var errs Errors
	var rules []*Rule
	ids := make([]string, len(f.Rule))
	for i, prim := range f.Rule {
		ids[i] = "#" + strconv.Itoa(i+1)
		var idOnly struct {
			ID string `toml:"id"`
		}
		if md.PrimitiveDecode(prim, &idOnly) == nil && idOnly.ID != "" {
			ids[i] = idOnly.ID
		}
		var rt ruleTOML
		if err := md.PrimitiveDecode(prim, &rt); err != nil {
			key, msg := typeError(err)
			errs = append(errs, &LoadError{File: name, Line: keys.find(key, i), Rule: ids[i], Msg: msg})
			continue
		}
		b := &ruleBuilder{file: name, index: i, keys: keys, builtin: builtin, rules: len(f.Rule)}
		if r := b.build(&rt); len(b.errs) == 0 {
			rules = append(rules, r)
		}
		errs = append(errs, b.errs...)
	}
	errs = append(errs, unknownKeys(name, md.Undecoded(), keys, ids)...)
	return rules, errs
}

// tomlError converts a syntax error of the TOML decoder.
func tomlError(file string, err error) *LoadError {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return &LoadError{File: file, Line: pe.Position.Line, Msg: "TOML: " + pe.Message}
	}
	return &LoadError{File: file, Msg: err.Error()}
}

// typeError extracts the key and the message of a decoding error.
func typeError(err error) (key, msg string) {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return pe.LastKey, pe.LastKey + ": " + pe.Message
	}
	s := err.Error()
	if m := lastKeyRe().FindStringSubmatch(s); m != nil {
		return m[1], m[1] + ": " + s[len(m[0]):]
	}
	return "rule", s
}

// unknownKeys reports the keys that are not part of the format, once per
// occurrence and only at the outermost unknown level.
func unknownKeys(file string, undecoded []toml.Key, keys *keyIndex, ids []string) Errors {
	var errs Errors
	unknown := make(map[string]bool)
	for _, k := range undecoded {
		key := k.String()
		if schema()[key] {
			continue // part of a rule that failed to decode
		}
		unknown[key] = true
		if i := strings.LastIndexByte(key, '.'); i >= 0 && unknown[key[:i]] {
			continue
		}
		entries := keys.all(key)
		if len(entries) == 0 {
			errs = append(errs, &LoadError{File: file, Msg: fmt.Sprintf("unknown key %q", key)})
		}
		for _, e := range entries {
			id := ""
			if e.rule >= 0 && e.rule < len(ids) {
				id = ids[e.rule]
			}
			errs = append(errs, &LoadError{File: file, Line: e.line, Rule: id, Msg: fmt.Sprintf("unknown key %q", key)})
		}
	}
	return errs
}

// ruleBuilder validates and compiles one rule, collecting errors.
type ruleBuilder struct {
	file    string
	index   int
	keys    *keyIndex
	builtin bool
	rules   int // the number of rules in the file
	id      string
	errs    Errors
}

func (b *ruleBuilder) errorf(key, format string, args ...any) {
	id := b.id
	if id == "" {
		id = "#" + strconv.Itoa(b.index+1)
	}
	b.errs = append(b.errs, &LoadError{
		File: b.file, Line: b.keys.find(key, b.index), Rule: id,
		Msg: fmt.Sprintf(format, args...),
	})
}

func (b *ruleBuilder) build(rt *ruleTOML) *Rule {
	b.id = rt.ID
	r := &Rule{
		ID: rt.ID, Name: rt.Name, Title: rt.Title, Severity: rt.Severity,
		Scope: Scope(rt.Scope), Condition: rt.Condition, AtSource: rt.At,
		File: b.file, Line: b.keys.ruleLine(b.index, b.rules), Builtin: b.builtin,
		Doc: Doc{
			What: rt.Doc.What, Why: rt.Doc.Why, Symptom: rt.Doc.Symptom,
			Before: rt.Doc.Before, After: rt.Doc.After, References: rt.Doc.References,
		},
	}
	b.checkIdentity(rt)
	switch rt.Severity {
	case "error", "warning", "info":
	case "":
		b.errorf("rule", "missing severity")
	default:
		b.errorf("rule.severity", "severity %q: want error, warning or info", rt.Severity)
	}
	if !r.Scope.valid() {
		if rt.Scope == "" {
			b.errorf("rule", "missing scope")
		} else {
			b.errorf("rule.scope", "scope %q: want config, param, service, route or syntax", rt.Scope)
		}
		return r // expressions cannot be checked without a scope
	}
	r.MinVersion = b.version("rule.min_version", rt.MinVersion)
	r.MaxVersion = b.version("rule.max_version", rt.MaxVersion)
	if !r.MinVersion.IsZero() && !r.MaxVersion.IsZero() && !r.MinVersion.Less(r.MaxVersion) {
		b.errorf("rule.max_version", "max_version %s is not after min_version %s", r.MaxVersion, r.MinVersion)
	}
	b.compileExprs(r, rt)
	if b.builtin && (strings.TrimSpace(rt.Doc.What) == "" || strings.TrimSpace(rt.Doc.Why) == "") {
		b.errorf("rule.doc", "built-in rules need doc.what and doc.why")
	}
	for _, ref := range rt.Doc.References {
		if !strings.HasPrefix(ref, "https://") && !strings.HasPrefix(ref, "http://") {
			b.errorf("rule.doc.references", "reference %q is not an http(s) URL", ref)
		}
	}
	for i := range rt.Fix {
		if f := b.fix(r.Scope, &rt.Fix[i]); f != nil {
			r.Fixes = append(r.Fixes, f)
		}
	}
	for i := range rt.Log {
		if l := b.logPattern(&rt.Log[i]); l != nil {
			r.Log = append(r.Log, l)
		}
	}
	return r
}

func (b *ruleBuilder) checkIdentity(rt *ruleTOML) {
	switch {
	case rt.ID == "":
		b.errorf("rule", "missing id")
	case b.builtin && !builtinIDRe().MatchString(rt.ID):
		b.errorf("rule.id", "built-in rule id %q: want PL and three digits", rt.ID)
	case !b.builtin && (!userIDRe().MatchString(rt.ID) || strings.HasPrefix(rt.ID, "PL")):
		b.errorf("rule.id", "rule id %q: want capital letters then digits, not starting with PL (reserved for built-in rules)", rt.ID)
	}
	switch {
	case rt.Name == "":
		b.errorf("rule", "missing name")
	case !nameRe().MatchString(rt.Name):
		b.errorf("rule.name", "name %q: want a lower-case slug such as smtp-465-without-wrappermode", rt.Name)
	}
	if strings.TrimSpace(rt.Title) == "" {
		b.errorf("rule", "missing title")
	}
}

func (b *ruleBuilder) version(key, s string) postfix.Version {
	if s == "" {
		return postfix.Version{}
	}
	v, err := postfix.ParseVersion(s)
	if err != nil {
		b.errorf(key, "%v", err)
	}
	return v
}

func (b *ruleBuilder) compileExprs(r *Rule, rt *ruleTOML) {
	var err error
	if strings.TrimSpace(rt.Condition) == "" {
		b.errorf("rule", "missing condition")
	} else if r.cond, err = newProgram(rt.Condition, r.Scope, boolValue, b.builtin); err != nil {
		b.errorf("rule.condition", "condition: %v", err)
	} else if b.builtin {
		r.guard, r.flags = builtinGuardsOf(rt.Condition, r.Scope)
	} else {
		r.guard, r.flags = guardsOf(rt.Condition, r.Scope)
	}
	for _, si := range rt.SeverityIf {
		c := &severityCase{When: si.When, Severity: si.Severity}
		if !validSeverity(si.Severity) {
			b.errorf("rule.severity_if.severity", "severity_if: severity %q: want error, warning or info", si.Severity)
		}
		if c.when, err = newProgram(si.When, r.Scope, boolValue, b.builtin); err != nil {
			b.errorf("rule.severity_if.when", "severity_if: when: %v", err)
		}
		r.SeverityIf = append(r.SeverityIf, c)
	}
	if rt.At != "" {
		if r.at, err = newProgram(rt.At, r.Scope, locValue, b.builtin); err != nil {
			b.errorf("rule.at", "at: %v", err)
		}
	}
	if rt.Message == "" {
		b.errorf("rule", "missing message")
	} else if r.Message, err = compileTemplate(rt.Message, r.Scope, b.builtin); err != nil {
		b.errorf("rule.message", "message: %v", err)
	}
	if rt.Param != "" {
		if r.Param, err = compileTemplate(rt.Param, r.Scope, b.builtin); err != nil {
			b.errorf("rule.param", "param: %v", err)
		}
	}
}

func validSeverity(s string) bool { return s == "error" || s == "warning" || s == "info" }
