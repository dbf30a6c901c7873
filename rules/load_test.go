package rules

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// good is a valid user rule; tests append lines or replace parts of it.
const good = `[[rule]]
id = "SITE1"
name = "site-relay"
title = "Relay through the site gateway"
severity = "warning"
scope = "route"
min_version = "3.0"
param = "relayhost"
condition = 'Route.Port == 465 && !Route.Bool("smtp_tls_wrappermode")'
message = "{{ Route.Hop }} via {{ Route.Transport }}"

[rule.doc]
what = "w"
references = ["https://example.com/doc"]

[[rule.fix]]
title = "wrap {{ Route.Transport }}"
safe = true
[[rule.fix.edit]]
action = "set"
param = "smtp_tls_wrappermode"
value = "yes"
where = "transport"
`

func load(t *testing.T, srcs ...string) (*Set, error) {
	t.Helper()
	var ss []Source
	for i, s := range srcs {
		ss = append(ss, Source{Name: "site" + itoa(i+1) + ".toml", Data: []byte(s)})
	}
	return LoadSources(ss...)
}

func TestLoadGood(t *testing.T) {
	set, err := load(t, good)
	if err != nil {
		t.Fatal(err)
	}
	r := set.Lookup("SITE1")
	if r == nil || set.Lookup("site-relay") != r || set.Lookup("site1") != r || set.Lookup("nosuch") != nil {
		t.Fatal("Lookup")
	}
	if r.Line != 1 || r.File != "site1.toml" || r.MinVersion.String() != "3.0.0" || !r.MaxVersion.IsZero() {
		t.Errorf("rule %+v", r)
	}
	if len(r.Fixes) != 1 || len(r.Fixes[0].Edits) != 1 || r.Fixes[0].Edits[0].Where != WhereTransport || r.Fixes[0].Edits[0].Value.String() != "yes" {
		t.Errorf("fixes %+v", r.Fixes)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // the first error
	}{
		{"unknown key", strings.Replace(good, "condition =", "cond = 'x'\ncondition =", 1),
			`site1.toml:9: rule SITE1: unknown key "rule.cond"`},
		{"unknown key in doc", strings.Replace(good, `what = "w"`, "what = \"w\"\nwhy_ = \"x\"", 1),
			`site1.toml:14: rule SITE1: unknown key "rule.doc.why_"`},
		{"unknown key in edit", strings.Replace(good, `value = "yes"`, "value = \"yes\"\nvalu = 1", 1),
			`site1.toml:23: rule SITE1: unknown key "rule.fix.edit.valu"`},
		{"unknown top-level table", good + "\n[[rules]]\nid = \"X\"\n",
			`site1.toml:25: unknown key "rules"`},
		{"wrong type", strings.Replace(good, `severity = "warning"`, "severity = 3", 1),
			`site1.toml:5: rule SITE1: rule.severity: incompatible types: TOML value has type int64; destination has type string`},
		{"bad severity", strings.Replace(good, `"warning"`, `"fatal"`, 1),
			`site1.toml:5: rule SITE1: severity "fatal": want error, warning or info`},
		{"bad scope", strings.Replace(good, `scope = "route"`, `scope = "routes"`, 1),
			`site1.toml:6: rule SITE1: scope "routes": want config, param, service, route or syntax`},
		{"bad version", strings.Replace(good, `"3.0"`, `"3.x"`, 1),
			`site1.toml:7: rule SITE1: invalid Postfix version "3.x": "x" is not a number`},
		{"version order", strings.Replace(good, `min_version = "3.0"`, "min_version = \"3.6\"\nmax_version = \"3.4\"", 1),
			`site1.toml:8: rule SITE1: max_version 3.4.0 is not after min_version 3.6.0`},
		{"condition does not compile", strings.Replace(good, `Route.Port == 465`, `Route.Prot == 465`, 1),
			`site1.toml:9: rule SITE1: condition: type model.Route has no field Prot (1:7)`},
		{"condition not bool", strings.Replace(good, `condition = 'Route.Port == 465 && !Route.Bool("smtp_tls_wrappermode")'`, `condition = 'Route.Port'`, 1),
			`site1.toml:9: rule SITE1: condition: expected bool, but got int`},
		{"subject of another scope", strings.Replace(good, `Route.Port == 465`, `Param.Name == "x"`, 1),
			`site1.toml:9: rule SITE1: condition: Param is nil in scope "route"; its subject is Route`},
		{"template does not compile", strings.Replace(good, `{{ Route.Hop }}`, `{{ Route.Hop + }}`, 1),
			`site1.toml:10: rule SITE1: message: template "{{ Route.Hop + }} via {{ Route.Transport }}": unexpected token EOF (1:11)`},
		{"unclosed template", strings.Replace(good, `{{ Route.Hop }}`, `{{ Route.Hop`, 1),
			`site1.toml:10: rule SITE1: message: template "{{ Route.Hop via {{ Route.Transport }}": missing }} after {{ (write a literal {{ as {{ "{{" }})`},
		{"at not a location", strings.Replace(good, "param = \"relayhost\"", "param = \"relayhost\"\nat = 'Route.Port'", 1),
			`site1.toml:9: rule SITE1: at: at must give a Location, not int`},
		{"bad where", strings.Replace(good, `where = "transport"`, `where = "there"`, 1),
			`site1.toml:23: rule SITE1: where "there": want main, service, transport, param or at`},
		{"bad action", strings.Replace(good, `action = "set"`, `action = "add"`, 1),
			`site1.toml:20: rule SITE1: action "add": want set, delete, rename or replace`},
		{"set without value", strings.Replace(good, "value = \"yes\"\n", "", 1),
			`site1.toml:19: rule SITE1: set edit needs value`},
		{"key unused by action", strings.Replace(good, `value = "yes"`, "value = \"yes\"\nto = \"x\"", 1),
			`site1.toml:23: rule SITE1: to is not used by a set edit`},
		{"missing fields", "[[rule]]\nid = \"X1\"\n",
			`site1.toml:1: rule X1: missing name`},
		{"reserved ID", strings.Replace(good, `"SITE1"`, `"PL999"`, 1),
			`site1.toml:2: rule PL999: rule id "PL999": want capital letters then digits, not starting with PL (reserved for built-in rules)`},
		{"bad name", strings.Replace(good, `"site-relay"`, `"Site Relay"`, 1),
			`site1.toml:3: rule SITE1: name "Site Relay": want a lower-case slug such as smtp-465-without-wrappermode`},
		{"TOML syntax", "[[rule]]\nid = \n",
			`site1.toml:2: TOML: expected value but found '\n' instead`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(t, tt.src)
			var errs Errors
			if !errors.As(err, &errs) || len(errs) == 0 {
				t.Fatalf("err = %v, want Errors", err)
			}
			// Expression errors go on with a source snippet.
			if got, _, _ := strings.Cut(errs[0].Error(), "\n"); got != tt.want {
				t.Errorf("error\n%s\nwant\n%s\n(all: %v)", got, tt.want, err)
			}
		})
	}
}

func TestLoadErrorsInLaterRule(t *testing.T) {
	second := strings.NewReplacer(`"SITE1"`, `"SITE2"`, `"site-relay"`, `"other"`, `title = "wrap`, `titel = "x"`+"\n"+`title = "wrap`).Replace(good)
	_, err := load(t, good+"\n"+second)
	if err == nil || err.Error() != `site1.toml:41: rule SITE2: unknown key "rule.fix.titel"` {
		t.Errorf("err = %v", err)
	}
}

func TestDuplicateIDs(t *testing.T) {
	_, err := load(t, good, strings.Replace(good, `"site-relay"`, `"other-name"`, 1))
	if err == nil || err.Error() != "site2.toml:1: rule SITE1: duplicate rule ID or name; first defined at site1.toml:1" {
		t.Errorf("err = %v", err)
	}
	_, err = load(t, good, strings.Replace(good, `"SITE1"`, `"SITE2"`, 1))
	if err == nil || !strings.Contains(err.Error(), "site2.toml:1: rule SITE2: duplicate rule ID or name") {
		t.Errorf("err = %v", err)
	}
}

func TestLoadFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "site.toml")
	if err := os.WriteFile(path, []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	set, err := Load(false, path)
	if err != nil || len(set.Rules()) != 1 {
		t.Fatalf("Load: %v", err)
	}
	if _, err := Load(false, filepath.Join(dir, "missing.toml")); err == nil {
		t.Error("missing file loaded")
	}
}

func TestScanKeys(t *testing.T) {
	src := `# comment
[[rule]]
id = "A"
before = """
x = [1
[[rule]]
"""
list = [
  "a = b",
]
[rule.doc]
"quoted key" = 1
[[rule.fix]]
[[rule.fix.edit]]
[[rule.fix]]
[[rule.fix.edit]]
action = 'set' # comment
[[rule]]
doc.what = "x"
`
	k := scanKeys(src)
	for _, tt := range []struct {
		key       string
		rule, out int
	}{
		{"rule.id", 0, 3}, {"rule.before", 0, 4}, {"rule.list", 0, 8}, {"rule.doc.quoted key", 0, 12},
		{"rule.fix.edit.action", 0, 17}, {"rule.doc.what", 1, 19}, {"rule", 1, 18}, {"rule.fix", 0, 13},
		{"rule.nosuch", 1, 18},
	} {
		if got := k.find(tt.key, tt.rule); got != tt.out {
			t.Errorf("find(%s, %d) = %d, want %d", tt.key, tt.rule, got, tt.out)
		}
	}
	if n := len(k.all("rule.fix.edit")); n != 2 {
		t.Errorf("%d fix edits", n)
	}
}
