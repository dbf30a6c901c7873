package rules

import (
	"strings"
	"testing"

	"github.com/postlint/postlint/lint/model"
	"github.com/postlint/postlint/lint/syntax"
)

func TestTemplates(t *testing.T) {
	cfg := model.Build(model.Input{Main: syntax.ParseMain("main.cf", []byte("mynetworks = 127.0.0.0/8, [::1]/128\n"))})
	env := cfg.Env()
	tests := map[string]string{
		"plain text":                             "plain text",
		"{{ Main.Get(\"mynetworks\") }}!":        "127.0.0.0/8, [::1]/128!",
		"{{ Main.List(\"mynetworks\") }}":        "127.0.0.0/8, [::1]/128",
		"n={{ len(Main.List(\"mynetworks\")) }}": "n=2",
		`literal {{ "{{" }}a} and }} braces`:     "literal {{a} and }} braces",
		`{{ {"a": "map"}.a }}`:                   "map",
		`{{ nil }}{{ true }}`:                    "true",
	}
	for src, want := range tests {
		tp, err := compileTemplate(src, ScopeConfig, false)
		if err != nil {
			t.Errorf("%s: %v", src, err)
			continue
		}
		got, err := tp.Render(env)
		if err != nil || got != want {
			t.Errorf("%s = %q, %v; want %q", src, got, err, want)
		}
	}
	var nilTemplate *Template
	if s, err := nilTemplate.Render(env); s != "" || err != nil {
		t.Error("nil template")
	}
	for _, bad := range []string{"{{ }}", "{{ x", "{{ Route.Hop }}"} {
		if _, err := compileTemplate(bad, ScopeConfig, false); err == nil {
			t.Errorf("%q compiled", bad)
		}
	}
	tp, _ := compileTemplate(`{{ Main.List("mynetworks")[5] }}`, ScopeConfig, false)
	if _, err := tp.Render(env); err == nil || !strings.Contains(err.Error(), "out of range") {
		t.Errorf("run-time error: %v", err)
	}
}

func TestExplainAndList(t *testing.T) {
	set, err := LoadSources(Source{Name: "site.toml", Data: []byte(good)})
	if err != nil {
		t.Fatal(err)
	}
	want := `SITE1 site-relay
Relay through the site gateway

Severity:   warning
Scope:      route
Postfix:    3.0 and later
Parameter:  relayhost
Defined in: site.toml:1

What it detects
  w

Fixes
  - wrap the transport (safe)
      set smtp_tls_wrappermode = yes for the transport (its -o options, or main.cf)

References
  https://example.com/doc
`
	if got := set.Lookup("SITE1").Explain(); got != want {
		t.Errorf("Explain:\n%s\nwant:\n%s", got, want)
	}
	if got := ListText(set.Rules()); got != "SITE1  warning  site-relay  Relay through the site gateway\n" {
		t.Errorf("ListText = %q", got)
	}
}

func TestReflow(t *testing.T) {
	text := "one two\nthree\n\n  verbatim   line\nfour " + strings.Repeat("x ", 40)
	got := reflow(text, "  ", 30)
	want := "  one two three\n\n    verbatim   line\n  four x x x x x x x x x x x x\n  x x x x x x x x x x x x x x\n  x x x x x x x x x x x x x x\n"
	if got != want {
		t.Errorf("reflow:\n%q\nwant\n%q", got, want)
	}
}
