package rules

import (
	"errors"
	"strings"
	"testing"
)

func TestLogPatterns(t *testing.T) {
	src := good + "\n[[rule.log]]\nprogram = \"smtp\"\npattern = '''relay=(?P<host>[^\\[]+)\\[(?P<addr>[^\\]]*)\\]:(?P<port>\\d+),.* status=deferred'''\ncontext = 'wrong version number'\n"
	set, err := load(t, src)
	if err != nil {
		t.Fatal(err)
	}
	r := set.Lookup("SITE1")
	if len(r.Log) != 1 || r.Log[0].Program != "smtp" || r.Log[0].Context() == nil {
		t.Fatalf("log = %+v", r.Log)
	}
	m := r.Log[0].Pattern().FindStringSubmatch("to=<a@b>, relay=mx.example[192.0.2.1]:587, delay=1, status=deferred (x)")
	if m == nil || m[r.Log[0].Pattern().SubexpIndex("port")] != "587" {
		t.Errorf("match = %q", m)
	}

	bad := []struct{ name, log, want string }{
		{"unknown capture", "pattern = '(?P<hots>x)'", `site1.toml:26: rule SITE1: log: pattern: unknown capture "hots" (want one of host, addr, port, hop, service, value)`},
		{"bad regexp", "pattern = '(x'", "site1.toml:26: rule SITE1: log: pattern: error parsing regexp: missing closing ): `(x`"},
		{"missing pattern", "program = \"smtp\"", `site1.toml:25: rule SITE1: log: missing pattern`},
		{"bad program", "program = \"postfix/smtp\"\npattern = 'x'", `site1.toml:26: rule SITE1: log: program "postfix/smtp": want a daemon name such as smtp or smtpd`},
		{"unknown key", "pattern = 'x'\nprogramme = \"smtp\"", `site1.toml:27: rule SITE1: unknown key "rule.log.programme"`},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(t, good+"\n[[rule.log]]\n"+tt.log+"\n")
			var errs Errors
			if !errors.As(err, &errs) || len(errs) == 0 {
				t.Fatalf("err = %v, want Errors", err)
			}
			if got, _, _ := strings.Cut(errs[0].Error(), "\n"); got != tt.want {
				t.Errorf("error\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestBuiltinLogPatterns checks the built-in patterns, which compile only
// when "why" first uses them, as user patterns are checked at load.
func TestBuiltinLogPatterns(t *testing.T) {
	set, err := Load(true)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := CheckLogPatterns(set.Rules()); err != nil || n == 0 {
		t.Fatalf("%d built-in log patterns: %v", n, err)
	}
	bad := &Rule{ID: "X1", Log: []*LogPattern{NewLogPattern("smtp", "(?P<hots>x)", "")}}
	if _, err := CheckLogPatterns([]*Rule{bad}); err == nil {
		t.Error("a pattern with an unknown capture passes")
	}
}
