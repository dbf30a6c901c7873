package model

import (
	"fmt"
	"strings"
	"testing"
)

func TestExpansion(t *testing.T) {
	const src = `myhostname = mx.example.com
mydomain = example.com
a = $myhostname ${mydomain} $(mydomain)
b = ${mydomain?yes} ${nosuch?yes} ${mydomain:no} ${empty:no}
c = ${mydomain?{one}:{two}} ${empty?{one}:{two}}
d = ${{$mydomain} == {example.com} ? {eq} : {ne}} ${{10} < {9} ? {lt} : {ge}} ${{abc} < {abd} ? {lt} : {ge}}
e = cost $$5 and $$
empty =
f = $undefined_thing x
g = $h
h = $g
i = $myorigin
l = ${{3.9} <level {3.10} ? {lt} : {ge}} ${{3.6.0} >=level {3.6} ? {ge} : {lt}} ${{3.x} ==level {3.x} ? {eq} : {ne}}
`
	c := build(t, "", src, nil, "3.7")
	m := c.Main()
	for name, want := range map[string]string{
		"a":             "mx.example.com example.com example.com",
		"b":             "yes   no",
		"c":             "one two",
		"d":             "eq ge lt",
		"l":             "lt ge ne",
		"e":             "cost $5 and $",
		"f":             " x",
		"g":             "",
		"i":             "mx.example.com",
		"mydestination": "mx.example.com, localhost.example.com, localhost",
	} {
		if got := m.Get(name); got != want {
			t.Errorf("Get(%s) = %q, want %q", name, got, want)
		}
	}
	if m.Raw("a") != "$myhostname ${mydomain} $(mydomain)" || m.Raw("myorigin") != "$myhostname" {
		t.Errorf("Raw: %q %q", m.Raw("a"), m.Raw("myorigin"))
	}

	byName := make(map[string]*Param)
	for _, p := range c.Params {
		byName[p.Name] = p
	}
	f := byName["f"]
	if len(f.Macros) != 1 || !f.Macros[0].Undefined || f.Macros[0].Name != "undefined_thing" || at(src, f.Macros[0].At) != "$undefined_thing" {
		t.Errorf("f macros: %+v", f.Macros)
	}
	for _, mr := range byName["b"].Macros {
		if mr.Undefined != (mr.Name == "nosuch") {
			t.Errorf("b: %s undefined = %v", mr.Name, mr.Undefined)
		}
	}
	if !byName["g"].Cycle || !byName["h"].Cycle || byName["a"].Cycle {
		t.Error("Cycle not detected (or detected wrongly)")
	}
	v3 := 0
	for _, mr := range byName["d"].Macros {
		if mr.NeedsPostfix3 {
			v3++
		}
	}
	if v3 != 3 {
		t.Errorf("d: %d macros need Postfix 3, want 3", v3)
	}
	if byName["a"].Expanded != "mx.example.com example.com example.com" {
		t.Errorf("Expanded = %q", byName["a"].Expanded)
	}
}

func TestSelfReferenceAndDepth(t *testing.T) {
	var b strings.Builder
	b.WriteString("p0 = end\n")
	for i := 1; i <= 150; i++ {
		fmt.Fprintf(&b, "p%d = $p%d\n", i, i-1)
	}
	b.WriteString("self = $self more\n")
	c := build(t, "", b.String(), nil, "")
	if got := c.Main().Get("p50"); got != "end" {
		t.Errorf("chain of 50 = %q", got)
	}
	// Postfix gives up beyond 100 levels of nesting.
	if got := c.Main().Get("p150"); got != "" {
		t.Errorf("chain of 150 = %q", got)
	}
	if got := c.Main().Get("self"); got != " more" {
		t.Errorf("self = %q", got)
	}
}

func TestDuplicatesAndDefaults(t *testing.T) {
	src := "relayhost = [a]\nrelayhost = [b]\nsmtp_tls_security_level = may\n"
	c := build(t, "", src, nil, "3.7")
	defs := c.MainDefs("relayhost")
	if len(defs) != 2 || !defs[0].Duplicate || defs[1].Duplicate {
		t.Fatalf("defs: %+v", defs)
	}
	m := c.Main()
	if m.Get("relayhost") != "[b]" || at(src, m.At("relayhost")) != "relayhost" || m.At("relayhost").Start.Line != 2 {
		t.Errorf("relayhost = %q at %+v", m.Get("relayhost"), m.At("relayhost"))
	}
	if !m.Set("relayhost") || m.Set("myorigin") {
		t.Error("Set")
	}
	if m.Get("smtp_tls_wrappermode") != "no" || m.Bool("smtp_tls_wrappermode") || !m.At("smtp_tls_wrappermode").IsZero() {
		t.Error("default smtp_tls_wrappermode")
	}
	if m.Int("smtp_connect_timeout") != 30 {
		t.Errorf("Int(smtp_connect_timeout) = %d", m.Int("smtp_connect_timeout"))
	}
	// smtp_tls_wrappermode is a Postfix 3.0 parameter.
	old := build(t, "", src, nil, "2.11")
	if old.Main().Get("smtp_tls_wrappermode") != "" || old.Known("smtp_tls_wrappermode") || !c.Known("smtp_tls_wrappermode") {
		t.Error("version gating of defaults")
	}
	if c.Known("no_such_parameter") || !c.Known("relay_destination_concurrency_limit") {
		t.Error("Known")
	}
	if got := m.Get("relay_destination_concurrency_limit"); got != "20" {
		t.Errorf("derived default = %q", got)
	}
}

func TestUserDefinedKnown(t *testing.T) {
	c := build(t, "", "my_list = a, b\nmynetworks = $my_list\nunused_thing = 1\n", nil, "")
	if !c.Known("my_list") || c.Known("unused_thing") {
		t.Error("user-defined names")
	}
}
