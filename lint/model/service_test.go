package model

import "testing"

const testMaster = `smtp      inet  n       -       y       -       -       smtpd
submission inet n       -       y       -       -       smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
smtps     inet  n       -       y       -       -       smtpd
  -o smtpd_tls_wrappermode=yes
127.0.0.1:10025 inet n  -       n       -       -       smtpd
[::1]:2525 inet n       -       n       -       -       smtpd
relay     unix  -       -       n       -       -       /usr/lib/postfix/sbin/smtp -v
  -o smtp_helo_name=relay.$mydomain -o syslog_name=postfix/$service_name
  -o smtp_helo_name=second
pipe1     unix  -       n       n       -       -       pipe flags=R user=nobody argv=/bin/true
`

func TestServices(t *testing.T) {
	c := build(t, "", "mydomain = example.com\n", ptr(testMaster), "3.7")
	if len(c.Services) != 7 {
		t.Fatalf("%d services", len(c.Services))
	}
	want := []struct {
		name, host string
		port       int
		command    string
	}{
		{"smtp", "", 25, "smtpd"},
		{"submission", "", 587, "smtpd"},
		{"smtps", "", 465, "smtpd"},
		{"127.0.0.1:10025", "127.0.0.1", 10025, "smtpd"},
		{"[::1]:2525", "::1", 2525, "smtpd"},
		{"relay", "", 0, "smtp"},
		{"pipe1", "", 0, "pipe"},
	}
	for i, w := range want {
		s := c.Services[i]
		if s.Name != w.name || s.Host != w.host || s.Port != w.port || s.Command != w.command {
			t.Errorf("service %d = %s host %q port %d command %s", i, s.Name, s.Host, s.Port, s.Command)
		}
		if at(testMaster, s.At) != w.name {
			t.Errorf("service %d At = %q", i, at(testMaster, s.At))
		}
	}
	sub := c.ServiceByName("submission", "inet")
	if !sub.Overrides("smtpd_tls_security_level") || sub.Get("smtpd_tls_security_level") != "encrypt" || sub.Overrides("smtpd_tls_wrappermode") {
		t.Error("submission overrides")
	}
	if got := at(testMaster, sub.OptionAt("smtpd_tls_security_level")); got != "-o smtpd_tls_security_level=encrypt" {
		t.Errorf("OptionAt = %q", got)
	}
	if !c.ServiceByName("smtps", "").Bool("smtpd_tls_wrappermode") || c.ServiceByName("smtp", "inet").Bool("smtpd_tls_wrappermode") {
		t.Error("Bool")
	}
	relay := c.ServiceByName("relay", "unix")
	if relay.Get("smtp_helo_name") != "second" || relay.Get("syslog_name") != "postfix/relay" {
		t.Errorf("relay view: helo %q syslog %q", relay.Get("smtp_helo_name"), relay.Get("syslog_name"))
	}
	if relay.Params[0].Expanded != "relay.example.com" || !relay.Params[0].Duplicate || relay.Params[2].Duplicate {
		t.Errorf("relay -o: %+v", relay.Params[0])
	}
	if relay.Params[0].Braced {
		t.Error("Braced")
	}
	if got := at(testMaster, relay.FieldAt(7)); got != "/usr/lib/postfix/sbin/smtp" {
		t.Errorf("FieldAt(7) = %q", got)
	}
	if len(relay.Args) != 0 || c.Services[6].Args[0] != "flags=R" {
		t.Errorf("args: %q %q", relay.Args, c.Services[6].Args)
	}
	if c.ServiceByName("relay", "inet") != nil || c.ServiceByName("nosuch", "") != nil {
		t.Error("ServiceByName matched wrongly")
	}
	// main.cf view is not affected by overrides.
	if c.Main().Get("smtp_helo_name") != "$myhostname" && c.Main().Raw("smtp_helo_name") != "$myhostname" {
		t.Errorf("main smtp_helo_name raw = %q", c.Main().Raw("smtp_helo_name"))
	}
	// Params: main.cf first, then the -o in order.
	if len(c.Params) != 1+2+1+3 || !c.Params[1].InMaster || c.Params[1].Service != sub {
		t.Errorf("params: %d", len(c.Params))
	}
}

func TestStockServices(t *testing.T) {
	c := build(t, "", "relayhost = [r]\n", nil, "3.7")
	if len(c.Services) != 0 {
		t.Error("stock services listed in Services")
	}
	relay := c.ServiceByName("relay", "unix")
	if relay == nil || !relay.Stock || relay.Command != "smtp" || !relay.At.IsZero() || relay.Get("syslog_name") != "postfix/relay" {
		t.Fatalf("stock relay: %+v", relay)
	}
	if c.ServiceByName("smtp", "inet").Port != 25 {
		t.Error("stock smtpd port")
	}
	old := build(t, "", "relayhost = [r]\n", nil, "2.11")
	if !old.ServiceByName("relay", "unix").Overrides("smtp_fallback_relay") {
		t.Error("2.x stock relay has -o smtp_fallback_relay=")
	}
	for _, p := range c.Params {
		if p.InMaster {
			t.Error("stock -o in Params")
		}
	}
}

func TestServiceViews(t *testing.T) {
	master := "a unix - - n - - smtp\n  -o b=2 -o c=$a/$c\nplain unix - - n - - smtp\n"
	c := build(t, "", "a = $b x\nb = 1\nsyslog_name = postfix/$service_name\nc = $a\n", &master, "")
	sa, plain := c.ServiceByName("a", ""), c.ServiceByName("plain", "")
	for _, tt := range []struct {
		got, want string
	}{
		{sa.Get("a"), "2 x"}, {c.Main().Get("a"), "1 x"}, {plain.Get("a"), "1 x"},
		{sa.Get("syslog_name"), "postfix/a"}, {plain.Get("syslog_name"), "postfix/plain"},
		{c.Main().Get("syslog_name"), "postfix/"}, {plain.Get("c"), "1 x"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	// -o c=$a/$c refers to itself in the service's view.
	if p := sa.Params[1]; !p.Cycle || sa.Params[0].Cycle {
		t.Errorf("Cycle: c=%v b=%v", p.Cycle, sa.Params[0].Cycle)
	}
}
