package lint_test

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/lint/syntax"
	"github.com/postlint/postlint/rules"
)

// rule makes a minimal rule; extra lines go after the message.
func rule(id, scope, condition, message string, extra ...string) string {
	return fmt.Sprintf("[[rule]]\nid = %q\nname = %q\ntitle = \"t\"\nseverity = \"warning\"\nscope = %q\ncondition = '%s'\nmessage = '%s'\n%s\n",
		id, strings.ToLower(id), scope, condition, message, strings.Join(extra, "\n"))
}

type config struct {
	main, master string // "" for no file
	version      string
}

func run(t *testing.T, ruleSrc string, c config, opt lint.Options) []lint.Finding {
	t.Helper()
	fs, err := runErr(t, ruleSrc, c, opt)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func runErr(t *testing.T, ruleSrc string, c config, opt lint.Options) ([]lint.Finding, error) {
	t.Helper()
	set, err := rules.LoadSources(rules.Source{Name: "test.toml", Data: []byte(ruleSrc)})
	if err != nil {
		t.Fatalf("rules: %v", err)
	}
	in := lint.Input{Dir: t.TempDir()}
	if c.main != "" {
		in.Main = syntax.ParseMain("main.cf", []byte(c.main))
	}
	if c.master != "" {
		in.Master = syntax.ParseMaster("master.cf", []byte(c.master))
	}
	if c.version != "" {
		v, err := postfix.ParseVersion(c.version)
		if err != nil {
			t.Fatal(err)
		}
		in.Version = v
	}
	return lint.Run(in, set, opt)
}

func lines(fs []lint.Finding) string {
	var s []string
	for _, f := range fs {
		s = append(s, f.String())
	}
	return strings.Join(s, "\n")
}

func check(t *testing.T, got []lint.Finding, want ...string) {
	t.Helper()
	if g, w := lines(got), strings.Join(want, "\n"); g != w {
		t.Errorf("findings:\n%s\nwant:\n%s", g, w)
	}
}

const testMain = `myhostname = mx.example.com
relayhost = [smtp.example.com]:465
bad line
smtp_tls_security_level = may
`

const testMaster = `smtp      inet  n       -       y       -       -       smtpd
smtps     inet  n       -       y       -       -       smtpd
  -o smtpd_tls_wrappermode=yes
submissions inet n      -       y       -       -       smtpd
smtp      unix  -       -       n       -       -       smtp
`

func TestScopesAndLocations(t *testing.T) {
	src := rule("X1", "config", `Main.Get("relayhost") != ""`, "relayhost is {{ Main.Get(\"relayhost\") }}") +
		rule("X2", "param", `Param.Name == "relayhost"`, "param {{ Param.Name }}") +
		rule("X3", "service", `Service.Port == 465 && !Service.Bool("smtpd_tls_wrappermode")`, "{{ Service.Name }} lacks wrapper mode") +
		rule("X4", "route", `Route.Port == 465`, "{{ Route.Hop }} via {{ Route.Transport }}") +
		rule("X5", "syntax", `Syntax.Code == "missing-equals"`, "{{ Syntax.Message }}") +
		rule("X6", "config", `true`, "at relayhost", `at = 'Main.ValueAt("relayhost")'`) +
		rule("X7", "config", `true`, "not set: default location", `at = 'Main.At("nosuch")'`)
	got := run(t, src, config{main: testMain, master: testMaster}, lint.Options{})
	check(t, got,
		`main.cf:1:1: warning: relayhost is [smtp.example.com]:465 [X1]`,
		`main.cf:1:1: warning: not set: default location [X7]`,
		`main.cf:2:1: warning: param relayhost [X2]`,
		`main.cf:2:13: warning: [smtp.example.com]:465 via smtp [X4]`,
		`main.cf:2:13: warning: at relayhost [X6]`,
		`main.cf:3:1: warning: missing '=' after parameter name "bad" [X5]`,
		`master.cf:4:1: warning: submissions lacks wrapper mode [X3]`,
	)
	for _, f := range got {
		if f.Rule == "X2" && (f.Param != "relayhost" || f.Stop.Column != 10 || f.End-f.Pos != 9) {
			t.Errorf("X2 finding: %+v", f)
		}
	}
}

func TestVersionsAndEnabled(t *testing.T) {
	src := rule("V1", "config", "true", "from 3.0", `min_version = "3.0"`) +
		rule("V2", "config", "true", "before 3.6", `max_version = "3.6"`) +
		rule("V3", "config", `Version == "3.5.2"`, "version {{ Version }}")
	c := config{main: "a = b\n", version: "2.11"}
	check(t, run(t, src, c, lint.Options{}), "main.cf:1:1: warning: before 3.6 [V2]")
	c.version = "3.5.2"
	check(t, run(t, src, c, lint.Options{}),
		"main.cf:1:1: warning: from 3.0 [V1]", "main.cf:1:1: warning: before 3.6 [V2]", "main.cf:1:1: warning: version 3.5.2 [V3]")
	c.version = "3.6"
	check(t, run(t, src, c, lint.Options{Enabled: func(id string) bool { return id != "V1" }}))
}

// TestRuntimeErrors checks that a rule failing at run time is an error
// of its rule file, with the file, line and rule ID, not a finding.
func TestRuntimeErrors(t *testing.T) {
	ok := rule("E2", "param", `Param.Name == "a"`, "ok {{ Param.Name }}")
	for _, c := range []struct{ src, want string }{
		{rule("E1", "param", `Main.List("mynetworks")[7] == "x"`, "never") + ok,
			`test.toml:1: rule E1: failed at run time for parameter a: index out of range: 7 (array length is 0) (1:24)`},
		{ok + rule("E3", "param", `true`, `{{ Param.Macros[3].Name }}`),
			`test.toml:10: rule E3: failed at run time for parameter a: message: index out of range: 3 (array length is 0) (1:13)`},
	} {
		fs, err := runErr(t, c.src, config{main: "a = 1\nb = 2\n"}, lint.Options{})
		var re *lint.RuleError
		if !errors.As(err, &re) || err.Error() != c.want {
			t.Errorf("error %v (findings %v), want %s", err, fs, c.want)
		}
	}
}

// TestTimeBudget checks both budgets: one evaluation, and one rule over
// all subjects of a configuration.
func TestTimeBudget(t *testing.T) {
	defer func(e, r time.Duration) { rules.EvalBudget, lint.RuleBudget = e, r }(rules.EvalBudget, lint.RuleBudget)
	rules.EvalBudget, lint.RuleBudget = 100*time.Millisecond, time.Hour
	src := rule("T1", "config", `reduce(1..900000, #acc + "aaaaaaaaaa", "") != ""`, "m")
	start := time.Now()
	_, err := runErr(t, src, config{main: "a = 1\n"}, lint.Options{})
	if !errors.Is(err, rules.ErrTimeBudget) || !strings.HasPrefix(err.Error(), "test.toml:1: rule T1: failed at run time for the configuration: ran out of time") {
		t.Errorf("one evaluation: %v, want ErrTimeBudget naming the rule", err)
	}
	t.Logf("stopped after %v: %v", time.Since(start), err)
	// Each evaluation is quick, but there are many.
	rules.EvalBudget, lint.RuleBudget = time.Hour, 50*time.Millisecond
	src = rule("T2", "param", `reduce(1..20000, #acc + 1, 0) < 0`, "m")
	_, err = runErr(t, src, config{main: strings.Repeat("a = 1\n", 2000)}, lint.Options{})
	if !errors.Is(err, rules.ErrTimeBudget) || !strings.Contains(err.Error(), "rule T2") || !strings.Contains(err.Error(), "longer than 50ms on this configuration") {
		t.Errorf("many evaluations: %v, want ErrTimeBudget naming the rule", err)
	}
}

func TestSortAndDedupe(t *testing.T) {
	// Two routes (smtp and relay) at the same place with the same message
	// give one finding; rules at one position sort by ID.
	src := rule("Z9", "route", "Route.Port == 465", "port 465 at {{ Route.Hop }}") +
		rule("A1", "route", "Route.Port == 465", "{{ Route.Transport }}")
	got := run(t, src, config{main: "relayhost = [r]:465\nrelay_domains = example.org\n"}, lint.Options{})
	check(t, got,
		"main.cf:1:13: warning: relay [A1]",
		"main.cf:1:13: warning: smtp [A1]",
		"main.cf:1:13: warning: port 465 at [r]:465 [Z9]",
	)
}

// applyFix applies the edits of one fix to the sources by file name.
func applyFix(t *testing.T, files map[string]string, fix lint.Fix) map[string]string {
	t.Helper()
	out := make(map[string]string)
	for k, v := range files {
		out[k] = v
	}
	edits := append([]lint.Edit(nil), fix.Edits...)
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].Pos > edits[j].Pos })
	for _, e := range edits {
		src := out[e.File]
		out[e.File] = src[:e.Pos] + e.New + src[e.End:]
	}
	return out
}

func fixRule(id, scope, cond, edits string, safe bool) string {
	return rule(id, scope, cond, "m", fmt.Sprintf("[[rule.fix]]\ntitle = \"fix {{ %s }}\"\nsafe = %v\n%s", map[string]string{
		"config": `Version`, "param": "Param.Name", "service": "Service.Name", "route": "Route.Transport", "syntax": "Syntax.Code",
	}[scope], safe, edits))
}

func edit(kv ...string) string {
	s := "[[rule.fix.edit]]\n"
	for i := 0; i+1 < len(kv); i += 2 {
		s += fmt.Sprintf("%s = '%s'\n", kv[i], kv[i+1])
	}
	return s
}

func TestFixes(t *testing.T) {
	const main = "myhostname = mx\r\nsmtp_tls_security_level = may\r\nrelayhost = [r]:465\r\nsmtp_tls_loglevel = 1\r\nmyorigin = x\r\nmyorigin = y\r\n"
	const master = "smtp inet n - n - - smtpd\nsmtp unix - - n - - smtp\ncustom unix - - n - - smtp\n  -o smtp_tls_security_level=may -o smtp_helo_name=x\n"
	tests := []struct {
		name  string
		rule  string
		c     config
		title string
		safe  bool
		want  map[string]string // changed files
	}{
		{
			name:  "set in main.cf after the related setting, CRLF",
			rule:  fixRule("F1", "route", `Route.Port == 465`, edit("action", "set", "param", "smtp_tls_wrappermode", "value", "yes", "where", "transport"), true),
			title: "fix smtp", safe: true,
			want: map[string]string{"main.cf": "myhostname = mx\r\nsmtp_tls_security_level = may\r\nrelayhost = [r]:465\r\nsmtp_tls_loglevel = 1\r\nsmtp_tls_wrappermode = yes\r\nmyorigin = x\r\nmyorigin = y\r\n"},
		},
		{
			name:  "transport fix to a dedicated transport: new -o",
			rule:  fixRule("F2", "route", `Route.Transport == "custom"`, edit("action", "set", "param", "smtp_tls_wrappermode", "value", "yes", "where", "transport"), true),
			c:     config{main: "transport_maps = inline:{ example.com=custom:[h]:465 }\n", master: master},
			title: "fix custom", safe: true,
			want: map[string]string{"master.cf": master + "  -o smtp_tls_wrappermode=yes\n"},
		},
		{
			name:  "transport fix that also changes routes to other ports is unsafe",
			rule:  fixRule("F3", "route", `Route.Port == 465`, edit("action", "set", "param", "smtp_tls_security_level", "value", "encrypt", "where", "transport"), true),
			c:     config{main: "transport_maps = inline:{ a=custom:[h]:465, b=custom:[g]:25 }\n", master: master},
			title: "fix custom", safe: false,
			want: map[string]string{"master.cf": strings.Replace(master, "=may", "=encrypt", 1)},
		},
		{
			name:  "service scope: -o of the service",
			rule:  fixRule("F4", "service", `Service.Name == "custom"`, edit("action", "set", "param", "smtp_helo_name", "value", "mx.example.com", "where", "service"), false),
			title: "fix custom", safe: false,
			want: map[string]string{"master.cf": strings.Replace(master, "smtp_helo_name=x", "smtp_helo_name=mx.example.com", 1)},
		},
		{
			name:  "param scope: delete this duplicate only",
			rule:  fixRule("F5", "param", `Param.Duplicate`, edit("action", "delete", "param", "{{ Param.Name }}", "where", "param"), true),
			title: "fix myorigin", safe: true,
			want: map[string]string{"main.cf": strings.Replace(main, "myorigin = x\r\n", "", 1)},
		},
		{
			name:  "param scope in master.cf: rename the -o",
			rule:  fixRule("F6", "param", `Param.Name == "smtp_helo_name"`, edit("action", "rename", "param", "{{ Param.Name }}", "to", "smtp_helo_nam", "where", "param"), true),
			title: "fix smtp_helo_name", safe: true,
			want: map[string]string{"master.cf": strings.Replace(master, "smtp_helo_name=x", "smtp_helo_nam=x", 1)},
		},
		{
			name:  "replace in the setting that names a route",
			rule:  fixRule("F7", "route", `Route.Port == 465`, edit("action", "replace", "param", "{{ Route.Source }}", "old", "{{ Route.Hop }}", "new", "[{{ Route.Host }}]:587"), false),
			title: "fix smtp", safe: false,
			want: map[string]string{"main.cf": strings.Replace(main, "[r]:465", "[r]:587", 1)},
		},
		{
			name: "replace that does not apply is dropped",
			rule: fixRule("F8", "route", `Route.Port == 465`, edit("action", "replace", "param", "{{ Route.Source }}", "old", "nothing", "new", "x"), false),
		},
		{
			name:  "replace at the finding",
			rule:  fixRule("F9", "syntax", `Syntax.Code == "leading-whitespace"`, edit("action", "replace", "where", "at", "old", "{{ Syntax.Text }}", "new", "{{ trim(Syntax.Text) }}"), true),
			c:     config{main: "  relayhost = x\n"},
			title: "fix leading-whitespace", safe: true,
			want: map[string]string{"main.cf": "relayhost = x\n"},
		},
		{
			name: "no master.cf: a service edit is dropped",
			rule: fixRule("FB1", "route", `Route.Port == 465`, edit("action", "set", "param", "x", "value", "y", "where", "service"), true),
			c:    config{main: main},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.c
			if c.main == "" {
				c.main, c.master = main, master
			}
			got := run(t, tt.rule, c, lint.Options{})
			if len(got) == 0 {
				t.Fatal("no finding")
			}
			f := got[0]
			if tt.want == nil {
				if len(f.Fixes) != 0 {
					t.Errorf("fixes %+v, want none", f.Fixes)
				}
				return
			}
			if len(f.Fixes) != 1 {
				t.Fatalf("fixes %+v", f.Fixes)
			}
			fix := f.Fixes[0]
			if fix.Title != tt.title || fix.Safe != tt.safe {
				t.Errorf("fix %q safe=%v, want %q safe=%v", fix.Title, fix.Safe, tt.title, tt.safe)
			}
			in := map[string]string{"main.cf": c.main, "master.cf": c.master}
			out := applyFix(t, in, fix)
			for name, want := range tt.want {
				if out[name] != want {
					t.Errorf("%s:\n%q\nwant\n%q", name, out[name], want)
				}
			}
			for name := range in {
				if _, changed := tt.want[name]; !changed && out[name] != in[name] {
					t.Errorf("%s changed: %q", name, out[name])
				}
			}
		})
	}
}

func TestNoFiles(t *testing.T) {
	got := run(t, rule("N1", "config", "true", "m"), config{}, lint.Options{})
	if len(got) != 1 || got[0].File != "" {
		t.Errorf("findings %+v", got)
	}
}

func TestConcurrentRuns(t *testing.T) {
	set, err := rules.LoadSources(rules.Source{Name: "c.toml", Data: []byte(
		rule("C1", "route", "Route.Port == 465", "{{ Route.Hop }}") + rule("C2", "param", "true", "{{ Param.Expanded }}"))})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan int)
	for i := 0; i < 8; i++ {
		go func() {
			in := lint.Input{Main: syntax.ParseMain("main.cf", []byte("relayhost = [r]:465\nmyorigin = $mydomain\n"))}
			fs, err := lint.Run(in, set, lint.Options{})
			if err != nil {
				t.Error(err)
			}
			done <- len(fs)
		}()
	}
	for i := 0; i < 8; i++ {
		if n := <-done; n != 3 {
			t.Errorf("run %d: %d findings", i, n)
		}
	}
}
