package proof

import (
	"strings"
	"testing"
)

func TestNormalise(t *testing.T) {
	dirs := strings.NewReplacer("/tmp/postfixtest-1/s1/conf", "/etc/postfix")
	for _, c := range []struct{ in, want string }{
		{"postfix/smtpd: fatal: bad numerical configuration: message_size_limit = 50M",
			"postfix/smtpd: fatal: bad numerical configuration: message_size_limit = 50M"},
		{"Dec  1 22:22:38 postfixtest-s1/master[69]: fatal: /tmp/postfixtest-1/s1/conf/master.cf: line 22: missing '}' in \"{x\"",
			"postfix/master: fatal: /etc/postfix/master.cf: line 22: missing '}' in \"{x\""},
		{"Dec 01 22:29:34 s1 postfixtest-s1/smtp[283]: 8C758984EEA: to=<b@example.net>, relay=127.0.0.2[127.0.0.2]:587, delay=0.06, delays=0.03/0.03/0/0, dsn=4.0.0, status=deferred (x)",
			"postfix/smtp: QUEUEID: to=<b@example.net>, relay=127.0.0.2[127.0.0.2]:587, delay=N, delays=N/N/N/N, dsn=4.0.0, status=deferred (x)"},
		{`s1 postfixtest-s1/smtpd[1]: improper command pipelining after CONNECT from x[1.2.3.4]: \026\003\001\005\306\001:Vy>\026`,
			`postfix/smtpd: improper command pipelining after CONNECT from x[1.2.3.4]: \026\003\001...`},
		{"postfixtest-s1/master[7]: warning: process /usr/lib/postfix/sbin/smtpd pid 855 exit status 1",
			"postfix/master: warning: process /usr/lib/postfix/sbin/smtpd pid N exit status 1"},
		{"/usr/sbin/postconf: warning: master.cf: missing '}' in \"{x\"", "postconf: warning: master.cf: missing '}' in \"{x\""},
		{"postconf: warning: TLS library problem: error:0A00010B:SSL routines::wrong version number",
			"postconf: warning: TLS library problem: error:0A00010B:SSL routines::wrong version number"},
		{"postfix/smtpd: warning: TLS library problem: error:80000002:system library::No such file or directory:../crypto/bio/bss_file.c:297:calling fopen(/x, r):",
			"postfix/smtpd: warning: TLS library problem: error:80000002:system library::No such file or directory:../crypto/bio/bss_file.c:N:calling fopen(/x, r):"},
	} {
		if got := Normalise(c.in, "postfixtest-s1", dirs); got != c.want {
			t.Errorf("Normalise(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestParse(t *testing.T) {
	p, err := Parse("testdata/PL604-x.txtar", []byte("About it.\ncheck: daemon smtpd\nwant: fatal: a\nwant: b\n-- main.cf --\nx = {{dir}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Rule != "PL604" || p.Name != "PL604-x" || len(p.Check) != 2 || len(p.Want) != 2 || p.About != "About it." {
		t.Errorf("parsed %+v", p)
	}
	if got := p.Expand(map[string]string{"dir": "/d"})["main.cf"]; got != "x = /d\n" {
		t.Errorf("expanded %q", got)
	}
	for _, bad := range []string{
		"check: daemon smtpd\n-- main.cf --\nx = 1\n",                // no want
		"want: x\n-- main.cf --\nx = 1\n",                            // no check
		"check: start\nwant: x\n-- reason --\nbecause\n",             // both
		"check: daemon smtpd\nwant: x\n-- transport --\nx y\n",       // no configuration
		"check: start\ncheck: reload\nwant: x\n-- main.cf --\nx=1\n", // two checks
	} {
		if _, err := Parse("PL1.txtar", []byte(bad)); err == nil {
			t.Errorf("Parse accepted %q", bad)
		}
	}
}

func TestMatch(t *testing.T) {
	line := `postfix/master: fatal: /etc/postfix/master.cf: line 22: missing '}' in "{x"`
	for want, ok := range map[string]bool{
		`fatal: /etc/postfix/master.cf: line ... missing '}' in "{x"`: true,
		`missing '}' in "{x"`:    true,
		`missing '}' ... fatal:`: false,
		`fatal: ... line 23:`:    false,
	} {
		if Match(line, want) != ok {
			t.Errorf("Match(%q) = %v", want, !ok)
		}
	}
}

func TestQueueID(t *testing.T) {
	for line, want := range map[string]string{
		"Dec 01 22:29:34 s1 postfixtest-s1/smtp[283]: 8C758984EEA: to=<b@example.net>": "8C758984EEA",
		"postfix/smtp[283]: warning: relayhost configuration problem":                  "",
	} {
		if got := QueueID(line); got != want {
			t.Errorf("QueueID(%q) = %q, want %q", line, got, want)
		}
	}
}
