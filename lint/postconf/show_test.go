package postconf

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/postlint/postlint/lint/syntax"
)

// The expected outputs below were produced by postconf 3.7.11.

func parse(main, master string) Config {
	var c Config
	if main != "" {
		c.Main = syntax.ParseMain("main.cf", []byte(main))
	}
	if master != "" {
		c.Master = syntax.ParseMaster("master.cf", []byte(master))
	}
	return c
}

func TestShowMain(t *testing.T) {
	tests := []struct {
		name, main, master, want string
	}{
		{"sorted, last setting wins, unknown names left out",
			"relayhost = b\nmyhostname = x\nrelayhost = a\nbogus = 1\n", "",
			"myhostname = x\nrelayhost = a\n"},
		{"continuation lines joined, blanks normalized",
			"mydestination = a,\n\tb,\n  c\r\nmyorigin =   \n", "",
			"mydestination = a, b, c\nmyorigin =\n"},
		{"comment and blank lines inside a value",
			"alias_maps = hash:/a\n# note\n  hash:/b\n\n   hash:/c\n", "",
			"alias_maps = hash:/a hash:/b hash:/c\n"},
		{"logical line starting with white space skipped",
			"  myhostname = x\n\tstill = skipped\nmydomain = y\n", "",
			"mydomain = y\n"},
		{"user-defined name used as $name",
			"relayhost = $my_relay\nmy_relay = [10.0.0.1]\nunused = 1\n", "",
			"my_relay = [10.0.0.1]\nrelayhost = $my_relay\n"},
		{"restriction classes, with $name expanded",
			"smtpd_restriction_classes = c1, $more\nmore = c2\nc1 = permit\nc2 = reject\nc3 = defer\n", "",
			"c1 = permit\nc2 = reject\nmore = c2\nsmtpd_restriction_classes = c1, $more\n"},
		{"legacy name shown, read-only names dropped",
			"virtual_maps = hash:/x\nprocess_id = 1\nprocess_name = x\n", "",
			"virtual_maps = hash:/x\n"},
		{"legacy database parameters",
			"alias_maps = proxy:ldap:aliases, ldap:/etc/postfix/x.cf\naliases_server_host = ldap.example.com\naliases_nonsense = 1\n", "",
			"alias_maps = proxy:ldap:aliases, ldap:/etc/postfix/x.cf\naliases_server_host = ldap.example.com\n"},
		{"explicit config_directory kept",
			"config_directory = /x\n", "",
			"config_directory = /x\n"},
		{"NUL ends the logical line",
			"myhostname = ab\x00cd\n  ef\n", "",
			"myhostname = ab\n"},
		{"service-defined and master.cf-referenced names",
			"relay_destination_concurrency_limit = 2\nrelay_time_limit = 1\nmaildrop_time_limit = 5\nhelo_check = reject\nunrelated = 1\n",
			"relay unix - - n - - smtp\nmaildrop unix - n n - - pipe flags=DRhu user=vmail argv=/usr/bin/maildrop -d ${recipient}\nsubmission inet n - y - - smtpd\n  -o smtpd_helo_restrictions=$helo_check\n",
			"helo_check = reject\nmaildrop_time_limit = 5\nrelay_destination_concurrency_limit = 2\n"},
		{"empty", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := parse(tt.main, tt.master)
			got, err := c.ShowMain()
			if c.Master == nil {
				got, err = Main(c.Main)
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestShowMaster(t *testing.T) {
	tests := []struct {
		name, master, want string
	}{
		{"columns",
			"smtp      inet  n       -       y       -       -       smtpd\n#comment\nsubmission inet n - y - - smtpd\n  -o syslog_name=postfix/submission\n  -o smtpd_tls_security_level=encrypt\npostlog   unix-dgram n  -       n       -       1       postlogd\n127.0.0.1:10025 inet n - n - 10 smtpd -v\n",
			"smtp       inet  n       -       y       -       -       smtpd\n" +
				"submission inet  n       -       y       -       -       smtpd -o syslog_name=postfix/submission -o smtpd_tls_security_level=encrypt\n" +
				"postlog    unix-dgram n  -       n       -       1       postlogd\n" +
				"127.0.0.1:10025 inet n   -       n       -       10      smtpd -v\n"},
		{"options and arguments",
			"a unix - - n - - smtpd -vo x=y -oa=b -o { c = d e } -o {f=g} -- -o h=i\nb unix - - n - - smtpd -osyslog_name=x\nc unix - - n - - pipe argv=/bin/echo {a b} {c d} {e}\nd unix - - n - - smtpd -o\n",
			"a          unix  -       -       n       -       -       smtpd -v -o x=y -o a=b -o {c=d e} -o f=g -- -o h=i\n" +
				"b          unix  -       -       n       -       -       smtpd -o sysl -o g_name=x\n" +
				"c          unix  -       -       n       -       -       pipe argv=/bin/echo {a b} {c d} e\n" +
				"d          unix  -       -       n       -       -       smtpd -o\n"},
		{"service-defined parameters",
			"relay unix - - n - - smtp\nmaildrop unix - n n - - pipe flags=DRhu user=vmail argv=/usr/bin/maildrop -d ${recipient}\n",
			"relay      unix  -       -       n       -       -       smtp\n" +
				"maildrop   unix  -       n       n       -       -       pipe flags=DRhu user=vmail argv=/usr/bin/maildrop -d ${recipient}\n"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Master(parse("", tt.master).Master)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name, main, master, want string
	}{
		{"missing '='", "myhostname = x\nfoo\n  bar\n", "",
			`main.cf:2:1: postconf: fatal: missing '=' after attribute name: "foo  bar"`},
		{"missing name", "= x\n", "",
			`main.cf:1:1: postconf: fatal: missing attribute name: "= x"`},
		{"field count", "", "smtp inet n - y - -\n",
			`master.cf:1:1: postconf: fatal: bad field count`},
		{"type", "", "# x\nsmtp tcp n - y - - smtpd\n",
			`master.cf:2:6: postconf: fatal: invalid type field "tcp" in "smtp tcp n - y - - smtpd"`},
		{"wakeup", "", "pickup unix n - y 60s 1 pickup\n",
			`master.cf:1:19: postconf: fatal: invalid wakeup field "60s" in "pickup unix n - y 60s 1 pickup"`},
		{"non-printable bytes", "", "bad t\xc3\xa9st\t\v n - y - - smtpd\r\n",
			`master.cf:1:5: postconf: fatal: invalid type field "t??st" in "bad t??st?? n - y - - smtpd?"`},
		{"macro in a built-in parameter", "mydestination = ${oops\n", "",
			`main.cf:1:17: postconf: fatal: macro processing error (truncated macro reference: "${oops")`},
		{"macro in restriction classes", "smtpd_restriction_classes = ${x\n", "",
			`main.cf:1:29: postconf: fatal: dictionary mail_dict: macro processing error (truncated macro reference: "${x")`},
		{"macro in master.cf", "", "smtp inet n - n - - smtpd\n  -o smtpd_helo_restrictions=$\n",
			`master.cf:2:6: postconf: fatal: macro processing error (empty macro name: "$")`},
		{"self reference", "mydestination = $loop\nloop = x $loop\n", "",
			`main.cf:1:17: postconf: fatal: macro processing error (unreasonable macro call nesting: "x ")`},
		{"relational self reference", "mydestination = $a\na = ${{$a} == {1} ? {x}}\n", "",
			`main.cf:1:17: postconf crashes or hangs: runaway macro expansion`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := parse(tt.main, tt.master)
			for _, show := range []func() ([]byte, error){c.ShowMain, c.ShowMaster} {
				out, err := show()
				if err == nil {
					t.Fatalf("no error; output %q", out)
				}
				if err.Error() != tt.want {
					t.Errorf("error\n%s\nwant\n%s", err, tt.want)
				}
			}
		})
	}
}

// FuzzShow checks that Main and Master never panic.
func FuzzShow(f *testing.F) {
	for _, pattern := range []string{"../../testdata/configs/*/*.cf", "testdata/extra/*/*.cf"} {
		files, _ := filepath.Glob(pattern)
		for _, name := range files {
			if src, err := os.ReadFile(name); err == nil {
				f.Add(src, filepath.Base(name) == "master.cf")
			}
		}
	}
	f.Add([]byte("a = ${{$a}=={1}?{x}}\nmydestination = $a\n"), false)
	f.Add([]byte("s inet n - n - - smtpd -o{a=b -vo - {x y}\n"), true)
	f.Fuzz(func(t *testing.T, src []byte, master bool) {
		if master {
			f := syntax.ParseMaster("master.cf", src)
			Master(f)
			Config{Master: f}.ShowMain()
		} else {
			Main(syntax.ParseMain("main.cf", src))
		}
	})
}

// TestExpandMacros checks expansions against "postconf -xh" of Postfix
// 3.7.11 with u1 = 5, u2 = abc and u3 = [$u2].
func TestExpandMacros(t *testing.T) {
	vars := map[string]string{"u1": "5", "u2": "abc", "u3": "[$u2]"}
	lookup := func(name string) (string, bool) {
		v, ok := vars[name]
		return v, ok
	}
	tests := []struct{ in, want string }{
		{"${{$u1} < {10} ? {small} : {big}}", "small"},
		{"${{$u1} > {10} ? {small} : {big}}", "big"},
		{"${{$u2} == {abc}?{eq}:{ne}}", "eq"},
		{"${{$u2} != {abc}?{eq}:{ne}}", "ne"},
		{"${{$u2}<={abd}?{le}}", "le"},
		{"${{$u2}>={abd}?{ge}:{lt}}", "lt"},
		{"${{9} < {10}?{num}:{str}}", "num"},
		{"${{a} < {b}}", "true"},
		{"${ u1 ? {set} : {unset} }", "set"},
		{"${nope?x:y}", ""},
		{"${nope:{dflt}}", "dflt"},
		{"$u3", "[abc]"},
		{"${u1?$u2}", "abc"},
		{"$(u2)$$x", "abc$x"},
	}
	for _, tt := range tests {
		got, problem, _ := expandMacros(tt.in, lookup)
		if got != tt.want || problem != "" {
			t.Errorf("%s: got %q (%s), want %q", tt.in, got, problem, tt.want)
		}
	}
	for in, want := range map[string]string{
		"${a b}":                           `attribute name syntax error at: "...a>>> b"`,
		"${{a} =~ {b}?{c}}":                `"==" or "!="" or "<"" or "<="" or ">="" or ">" expected at: "...a}>>>=~ {b}?{c}"`,
		"${{a}=={b}?{c}x}":                 `":" expected at: "...c}>>>x"`,
		"${{a}":                            `truncated macro reference: "${{a}"`,
		"${{a} == b}":                      `"{expression}" expected at: "...{a} ==>>> b"`,
		"${{99999999999999999999} == {1}}": "mac_exp_eval: bad conversion: 99999999999999999999",
	} {
		if _, problem, _ := expandMacros(in, lookup); problem != want {
			t.Errorf("%s: problem %q, want %q", in, problem, want)
		}
	}
}
