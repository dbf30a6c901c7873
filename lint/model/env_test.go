package model

import (
	"testing"

	"github.com/expr-lang/expr"
)

func TestEnvExpressions(t *testing.T) {
	master := "smtp inet n - n - - smtpd\nsubmission inet n - n - - smtpd\n  -o smtpd_tls_security_level=encrypt\nsmtp unix - - n - - smtp\n"
	main := "relayhost = [smtp.example.com]:465\nmynetworks = 0.0.0.0/0\nsmtp_use_tls = yes\nrelayhosst = x\n"
	c := build(t, "", main, &master, "3.7.2")
	env := c.Env()
	env.Route = c.Routes[0]
	tests := map[string]any{
		`Version`: "3.7.2",
		`AtLeast("3.0") && !AtLeast("3.8") && Below("3.8") && !Below("3.7")`:                                 true,
		`AtLeast("bogus") || Below("bogus")`:                                                                 false,
		`Main.Get("relayhost")`:                                                                              "[smtp.example.com]:465",
		`Main.Set("relayhost") && !Main.Set("myorigin")`:                                                     true,
		`Main.At("relayhost").Start.Line`:                                                                    1,
		`Main.List("mynetworks")`:                                                                            []string{"0.0.0.0/0"},
		`CIDRWide(Main.Get("mynetworks"))`:                                                                   true,
		`Known("smtp_tls_wrappermode") && !Known("relayhosst") && Exists("smtp_use_tls")`:                    true,
		`Deprecated("smtp_use_tls") && Replacement("smtp_use_tls") == "smtp_tls_security_level"`:             true,
		`Suggest("relayhosst")`:                                                                              "relayhost",
		`Requires("smtpd_forbid_bare_newline")`:                                                              "3.7.9 or later on the 3.7 branch",
		`TooNew("smtpd_forbid_bare_newline") && !TooNew("smtp_tls_wrappermode") && !Removed("smtp_use_tls")`: true,
		`Check(Main.Param("relayhost")).Kind`:                                                                "str",
		`Route.Port == 465 && !Route.Bool("smtp_tls_wrappermode") && Route.Transport == "smtp"`:              true,
		`Route.Hop + " " + Route.Source`:                                                                     "[smtp.example.com]:465 relayhost",
		`ServiceByName("submission", "inet").Get("smtpd_tls_security_level")`:                                "encrypt",
		`len(filter(Services, .Port == 587))`:                                                                1,
		`Port("submissions") + Port(25)`:                                                                     490,
		`ListHas("a, b", "B") && ListHas(Main.List("mynetworks"), "0.0.0.0/0")`:                              true,
		`ProtocolList(">=TLSv1.2").Min`:                                                                      "TLSv1.2",
		`ProtocolList("!SSLv2").Allows("SSLv3")`:                                                             true,
		`any(Params, .Name == "relayhosst" && !Known(.Name))`:                                                true,
		`Param == nil && Service == nil && Syntax == nil`:                                                    true,
	}
	for src, want := range tests {
		prog, err := expr.Compile(src, expr.Env(Env{}))
		if err != nil {
			t.Errorf("%s: %v", src, err)
			continue
		}
		got, err := expr.Run(prog, env)
		if err != nil {
			t.Errorf("%s: %v", src, err)
			continue
		}
		if gs, ok := got.([]string); ok {
			ws, _ := want.([]string)
			if len(gs) != len(ws) || len(gs) > 0 && gs[0] != ws[0] {
				t.Errorf("%s = %v, want %v", src, got, want)
			}
			continue
		}
		if got != want {
			t.Errorf("%s = %#v, want %#v", src, got, want)
		}
	}
}

func TestSyntaxSubjects(t *testing.T) {
	c := build(t, "", "a = ${b\nbad line\n", ptr("smtp inet n\n"), "")
	if c.Syntax[1].Text != "bad line" {
		t.Errorf("Syntax.Text = %q", c.Syntax[1].Text)
	}
	var codes []string
	for _, s := range c.Syntax {
		codes = append(codes, s.At.File+":"+s.Code)
	}
	want := []string{"main.cf:macro-truncated", "main.cf:missing-equals", "master.cf:field-count"}
	if len(codes) != len(want) {
		t.Fatalf("syntax errors %v, want %v", codes, want)
	}
	for i := range want {
		if codes[i] != want[i] {
			t.Errorf("syntax errors %v, want %v", codes, want)
		}
	}
}
