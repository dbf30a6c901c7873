package postconf

import (
	"strings"
	"sync"

	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/lint/syntax"
)

// dict is a parameter dictionary: main.cf, or the "-o" settings of a
// master.cf service. It remembers the order in which names first appear
// and where each value in effect was set.
type dict struct {
	names  []string
	values map[string]string
	pos    map[string]syntax.Position // position of the value in effect
}

func newDict() *dict {
	return &dict{values: make(map[string]string), pos: make(map[string]syntax.Position)}
}

func (d *dict) set(name, value string, pos syntax.Position) {
	if _, ok := d.values[name]; !ok {
		d.names = append(d.names, name)
	}
	d.values[name] = value
	d.pos[name] = pos
}

func (d *dict) lookup(name string) (string, bool) {
	if d == nil {
		return "", false
	}
	v, ok := d.values[name]
	return v, ok
}

// Parameter classes, as postconf's parameter table records them.
type class uint8

const (
	builtin class = iota + 1
	service       // defined by a master.cf service name
	user          // user-defined, found in use
	legacy        // obsolete name still accepted
)

// state is what postconf knows after reading both files.
type state struct {
	main    *dict
	entries []*entry
	local   map[string]*dict // "-o" settings by service name/type
	classes map[string]class // postconf's parameter table
	// serviceDefaults holds the defaults of service-defined parameters.
	serviceDefaults map[string]string
}

// configDirectory stands in for the directory given with "postconf -c",
// which postconf adds to the main.cf settings before it reads main.cf.
// It is only used to expand $config_directory.
const configDirectory = "/etc/postfix"

// load reads main.cf and master.cf and finds the parameter names postconf
// knows, failing where postconf fails. "postconf -n" reads main.cf first,
// "postconf -M" master.cf first.
func (c Config) load(masterFirst bool) (*state, error) {
	s := &state{local: make(map[string]*dict)}
	var err error
	if masterFirst {
		if s.entries, err = readMaster(c.Master); err != nil {
			return nil, err
		}
	}
	if s.main, err = readMain(c.Main); err != nil {
		return nil, err
	}
	if !masterFirst {
		if s.entries, err = readMaster(c.Master); err != nil {
			return nil, err
		}
	}
	s.registerBuiltins()
	if err := s.registerUser(); err != nil {
		return nil, err
	}
	return s, nil
}

// readMain reads main.cf like Postfix's dict_load_fp: each logical line
// must be "name = value" (split_nameval), the last setting of a name wins,
// and logical lines that start with white space are skipped.
func readMain(f *syntax.File) (*dict, error) {
	d := newDict()
	if f == nil {
		return d, nil
	}
	for _, n := range f.Nodes {
		switch n.(type) {
		case *syntax.Comment, *syntax.Blank:
			continue
		}
		ll := newLogical(f, n)
		if ll.leadingSpace() {
			continue
		}
		name, value, at, msg := splitNameval(ll.text)
		if msg != "" {
			return nil, fail(ll.position(0), msg+": \""+ll.text+"\"")
		}
		d.set(name, value, ll.position(at))
	}
	return d, nil
}

// registerBuiltins fills the parameter table with the built-in, legacy and
// service-defined names (pcf_register_builtin_parameters and
// pcf_register_service_parameters).
func (s *state) registerBuiltins() {
	s.classes = make(map[string]class)
	s.serviceDefaults = make(map[string]string)
	for _, e := range s.entries {
		for _, p := range serviceParams(e.field(fieldCommand)) {
			s.classes[e.field(fieldName)+p.suffix] = service
			s.serviceDefaults[e.field(fieldName)+p.suffix] = "$" + p.def
		}
	}
}

// builtinRefs lists each built-in parameter whose default postconf scans
// with the names its default refers to. Computed once: defaults never
// change.
var builtinRefs = sync.OnceValue(func() []defaultRefs {
	var refs []defaultRefs
	postfix.All(func(p *postfix.Param) {
		f := factsFor(p.Name, p, true) // not factsOf: a memo of every name is not needed
		if !f.builtin || f.raw || !strings.Contains(f.def, "$") {
			return
		}
		var names []string
		scanMacros(f.def, func(n string) { names = append(names, n) })
		if len(names) > 0 {
			refs = append(refs, defaultRefs{p.Name, names})
		}
	})
	return refs
})

type defaultRefs struct {
	name string
	refs []string
}

// class returns the class of a known name.
func (s *state) class(name string) (class, bool) {
	if cl, ok := s.classes[name]; ok {
		return cl, true
	}
	// The built-in and legacy names, the same for every configuration.
	if _, ok := builtinDefault(name); ok {
		return builtin, true
	}
	if isLegacy(name) {
		return legacy, true
	}
	return 0, false
}

// defaultValue returns the default value of a known parameter. A name
// that is both built-in and service-defined keeps its built-in default.
func (s *state) defaultValue(name string) (string, bool) {
	cl, ok := s.class(name)
	if !ok {
		return "", false
	}
	if v, ok := builtinDefault(name); ok {
		return v, true
	}
	if cl == service {
		return s.serviceDefaults[name], true
	}
	return "", true // user-defined and legacy parameters
}

// mainLookup looks up a main.cf value; config_directory, which "postconf
// -c" adds, is always set.
func (s *state) mainLookup(name string) (string, bool) {
	if v, ok := s.main.lookup(name); ok || name != "config_directory" {
		return v, ok
	}
	return configDirectory, true
}

// registerUser finds the user-defined parameter names postconf accepts
// (pcf_register_user_parameters). A user-defined main.cf setting is known
// when another setting uses it: as $name in a value (main.cf, master.cf
// "-o", or a default value), listed in smtpd_restriction_classes, or as
// the prefix of a legacy "ldap:prefix" style table, which makes
// "prefix_server_host" and the like known. Along the way postconf expands
// values of built-in and service parameters, and fails on macro syntax
// errors there.
func (s *state) registerUser() error {
	// Collect each service's "-o name=value" settings; entries with the
	// same name and type share one dictionary.
	var scopes []*entry
	for _, e := range s.entries {
		for i := numFields; i < len(e.args); i++ {
			a := e.args[i].text
			if a == "" || a[0] != '-' || a == "--" {
				break
			}
			if !takesValue(a) || i+1 == len(e.args) {
				continue
			}
			i++
			if a == "-o" {
				if name, value, _, msg := splitNameval(e.args[i].text); msg == "" {
					d := s.local[e.namespace()]
					if d == nil {
						d = newDict()
						s.local[e.namespace()] = d
					}
					d.set(name, value, e.args[i].pos)
				}
			}
		}
		if s.local[e.namespace()] != nil {
			scopes = append(scopes, e)
		}
	}
	for _, e := range scopes {
		if err := s.scanNamespace(s.local[e.namespace()], e); err != nil {
			return err
		}
	}
	s.scanDefaults()
	return s.scanNamespace(s.main, nil)
}

// flagUser marks name known if it has a setting, as
// pcf_flag_user_parameter does: a setting in the service's own "-o"
// dictionary stays local to the service; otherwise a main.cf setting
// makes the name known globally.
func (s *state) flagUser(name string, local *entry) {
	if local != nil {
		if _, ok := s.local[local.namespace()].lookup(name); ok {
			return
		}
	}
	if _, ok := s.main.lookup(name); ok {
		if _, known := s.class(name); !known {
			s.classes[name] = user
		}
	}
}

// scanDefaults scans the default values of known parameters that main.cf
// leaves unset (pcf_scan_default_parameter_values): some refer to legacy
// names for backwards compatibility.
func (s *state) scanDefaults() {
	var names []string
	for name := range s.classes {
		names = append(names, name)
	}
	for _, name := range names {
		if isRaw(name) {
			continue
		}
		if _, set := s.main.lookup(name); set {
			continue
		}
		if v, ok := s.defaultValue(name); ok {
			scanMacros(v, func(n string) { s.flagUser(n, nil) })
		}
	}
	for _, d := range builtinRefs() {
		if _, set := s.main.lookup(d.name); set {
			continue
		}
		for _, n := range d.refs {
			s.flagUser(n, nil)
		}
	}
}

// scanNamespace scans the settings of main.cf (local == nil) or of a
// master.cf service (pcf_scan_user_parameter_namespace).
func (s *state) scanNamespace(d *dict, local *entry) error {
	// smtpd_restriction_classes, with $name expanded from the same
	// dictionary only (pcf_lookup_eval).
	if v, ok := d.lookup("smtpd_restriction_classes"); ok {
		lookup := d.lookup
		if local == nil {
			lookup = s.mainLookup
		}
		list, msg, crash := expandMacros(v, lookup)
		if msg != "" {
			name := "mail_dict"
			if local != nil {
				name = local.namespace()
			}
			return macroError(d.pos["smtpd_restriction_classes"], "dictionary "+name+": ", msg, crash)
		}
		for _, c := range strings.FieldsFunc(list, isCommaSpace) {
			s.flagUser(c, local)
		}
	}
	for _, name := range d.names {
		value, ok := d.values[name]
		if !ok {
			continue
		}
		cl, known := s.class(name)
		if known && readonlyParams[name] {
			delete(d.values, name) // postconf warns and drops it
			continue
		}
		if known && isRaw(name) {
			continue
		}
		scanMacros(value, func(n string) { s.flagUser(n, local) })
		// Values of built-in and service parameters are expanded, to
		// find legacy database tables; a macro error there is fatal.
		if known && (cl == builtin || cl == service) {
			if err := s.registerDBMS(value, d.pos[name], local); err != nil {
				return err
			}
		}
	}
	return nil
}

// isCommaSpace reports the separators of CHARS_COMMA_SP.
func isCommaSpace(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\r' || r == '\n' }

// registerDBMS expands value like "postconf -x" and looks for legacy
// database tables "type:prefix" (also behind "proxy:" and inside "{...}"),
// which make "prefix_suffix" parameters known (postconf_dbms.c). Prefixes
// that start with '/' or '.' are file names, not legacy tables.
func (s *state) registerDBMS(value string, pos syntax.Position, local *entry) error {
	expanded, msg, crash := expandMacros(value, func(name string) (string, bool) {
		if local != nil {
			if v, ok := s.local[local.namespace()].lookup(name); ok {
				return v, true
			}
		}
		if v, ok := s.mainLookup(name); ok {
			return v, true
		}
		return s.defaultValue(name)
	})
	if msg != "" {
		return macroError(pos, "", msg, crash)
	}
	s.dbmsTables(expanded, local, 0)
	return nil
}

// macroError reports a failed expansion: postconf warns about the problem,
// then exits with "macro processing error". Runaway expansions (see
// maxDepth) make postconf crash or hang instead.
func macroError(pos syntax.Position, dict, warning string, crash bool) *Error {
	switch {
	case crash:
		return &Error{Pos: pos, Msg: "postconf crashes or hangs: runaway macro expansion"}
	case strings.HasPrefix(warning, "mac_exp_eval:"):
		return fail(pos, warning) // a fatal error of its own
	}
	return fail(pos, dict+"macro processing error ("+warning+")")
}

// dbmsTables finds the tables in text; depth counts nested "{...}", which
// postconf follows until it runs out of stack.
func (s *state) dbmsTables(text string, local *entry, depth int) {
	if depth > maxDepth {
		return
	}
	for _, t := range splitQuoted(text, ", \t\r\n") {
		tok := text[t.start:t.end]
		if tok[0] == '{' {
			s.dbmsTables(extractBraced(tok, false), local, depth+1)
			continue
		}
		dbType, prefix, ok := strings.Cut(tok, ":")
		for ok && dbType == "proxy" {
			dbType, prefix, ok = strings.Cut(prefix, ":")
		}
		if !ok || strings.HasPrefix(prefix, "/") || strings.HasPrefix(prefix, ".") {
			continue
		}
		if strings.HasPrefix(prefix, "{") {
			s.dbmsTables(extractBraced(prefix, false), local, depth+1)
			continue
		}
		for _, suffix := range dbmsSuffixes[dbType] {
			s.flagUser(prefix+"_"+suffix, local)
		}
	}
}
