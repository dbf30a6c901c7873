package suppress

import (
	"fmt"
	"strings"
	"testing"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/syntax"
	"github.com/postlint/postlint/rules"
)

var known = KnownIn(append([]*rules.Rule{
	{ID: "PL201", Name: "smtp-465-without-wrappermode"},
	{ID: "PL202", Name: "smtp-587-with-wrappermode"},
	{ID: "PL305", Name: "no-ca"},
	{ID: "PL701", Name: "master-bad-field"},
	{ID: "PL807", Name: "tls-cert-expiring"},
	{ID: "SITE1", Name: "site-relay"},
}, Rules()...))

// finding makes a finding of rule at the first occurrence of at in
// f's source (at "^" is the start of the file).
func finding(t *testing.T, f *syntax.File, rule, at string) lint.Finding {
	t.Helper()
	i := strings.Index(string(f.Src), at)
	if at == "^" {
		i = 0
	}
	if i < 0 {
		t.Fatalf("%q not in %s", at, f.Name)
	}
	pos := syntax.Pos(i)
	return lint.Finding{Rule: rule, Severity: lint.Warning, File: f.Name, Pos: pos, End: pos + 1,
		Start: f.Position(pos), Stop: f.Position(pos + 1), Message: "m"}
}

// show prints findings as "RULE line:col" (and the message of the
// suppression diagnostics).
func show(fs []lint.Finding) string {
	var b []string
	for _, f := range fs {
		s := fmt.Sprintf("%s %d:%d", f.Rule, f.Start.Line, f.Start.Column)
		if f.Message != "m" {
			s += " " + f.Message
		}
		b = append(b, s)
	}
	return strings.Join(b, "\n")
}

func TestApplyMain(t *testing.T) {
	tests := []struct {
		name, src string
		findings  [][2]string // rule, where
		want      string
	}{
		{
			name: "ignore the next setting",
			src: `# postlint: ignore PL201 stunnel wraps port 465
relayhost = [smtp.example.com]:465
smtp_tls_security_level = encrypt
`,
			findings: [][2]string{{"PL201", "[smtp"}, {"PL201", "smtp_tls"}, {"PL305", "relayhost"}},
			want:     "PL305 2:1\nPL201 3:1",
		},
		{
			name: "by name, several rules, spaces after commas",
			src: `# postlint: ignore smtp-465-without-wrappermode, pl305,SITE1 reason here
relayhost = [smtp.example.com]:465
`,
			findings: [][2]string{{"PL201", "relayhost"}, {"PL305", "]:465"}, {"SITE1", "example"}},
			want:     "",
		},
		{
			name: "continuation lines belong to the setting",
			src: `# postlint: ignore PL201 reason
relayhost =
    [smtp.example.com]:465
next = 1
`,
			findings: [][2]string{{"PL201", "465"}, {"PL201", "next"}},
			want:     "PL201 4:1",
		},
		{
			name: "stacked comments",
			src: `# postlint: ignore PL201 reason one
# an ordinary comment
# postlint: ignore PL305 reason two
relayhost = [smtp.example.com]:465
`,
			findings: [][2]string{{"PL201", "relayhost"}, {"PL305", "relayhost"}},
			want:     "",
		},
		{
			name: "a blank line ends the comment",
			src: `# postlint: ignore PL201 reason

relayhost = [smtp.example.com]:465
`,
			findings: [][2]string{{"PL201", "relayhost"}},
			want: "PL004 1:13 nothing to ignore: an \"ignore\" comment must stand directly above the setting or service it is about (use ignore-file for the whole file)\n" +
				"PL201 3:1",
		},
		{
			name:     "at the end of the file",
			src:      "a = 1\n# postlint: ignore PL201 reason\n",
			findings: [][2]string{{"PL201", "a"}},
			want:     "PL201 1:1\nPL004 2:13 nothing to ignore: an \"ignore\" comment must stand directly above the setting or service it is about (use ignore-file for the whole file)",
		},
		{
			name: "comment inside a continued value",
			src: `smtpd_recipient_restrictions =
    permit_mynetworks,
# postlint: ignore PL201 reason
    reject_unauth_destination
other = 1
`,
			findings: [][2]string{{"PL201", "smtpd_"}, {"PL201", "reject"}, {"PL201", "other"}},
			want:     "PL201 5:1",
		},
		{
			name: "ignore-file anywhere",
			src: `a = 1
b = 2
# postlint: ignore-file PL201,PL305 the whole file is legacy
`,
			findings: [][2]string{{"PL201", "a"}, {"PL201", "b"}, {"PL202", "b"}, {"PL305", "^"}},
			want:     "PL202 2:1",
		},
		{
			name: "file-level findings at the start need ignore-file",
			src: `# postlint: ignore PL305 reason
relayhost = x
`,
			findings: [][2]string{{"PL305", "^"}},
			want:     "PL305 1:1\nPL002 1:20 suppression of PL305 matched no finding in the setting on line 2; remove it",
		},
		{
			name:     "missing reason still suppresses",
			src:      "#postlint:ignore PL201\nrelayhost = x\n",
			findings: [][2]string{{"PL201", "relayhost"}},
			want:     "PL001 1:1 suppression without a reason: say why after the rule list",
		},
		{
			name:     "missing reason after a comma list",
			src:      "# postlint: ignore PL201, PL305,\r\nrelayhost = x\r\n",
			findings: [][2]string{{"PL201", "relayhost"}, {"PL305", "relayhost"}},
			want:     "PL001 1:1 suppression without a reason: say why after the rule list",
		},
		{
			name: "unused",
			src: `# postlint: ignore PL201,PL202 reason
relayhost = x
# postlint: ignore-file SITE1 reason
`,
			findings: [][2]string{{"PL201", "relayhost"}},
			want: "PL002 1:26 suppression of PL202 matched no finding in the setting on line 2; remove it\n" +
				"PL002 3:25 suppression of SITE1 matched no finding in this file; remove it",
		},
		{
			name:     "unknown rule",
			src:      "# postlint: ignore PL2010,PL201 typo\nrelayhost = x\n",
			findings: [][2]string{{"PL201", "relayhost"}},
			want:     "PL003 1:20 unknown rule \"PL2010\" in suppression (postlint rules lists them)",
		},
		{
			name:     "malformed command",
			src:      "# postlint: ignroe PL201 reason\nrelayhost = x\n",
			findings: [][2]string{{"PL201", "relayhost"}},
			want:     "PL004 1:13 unknown suppression command \"ignroe\" (want ignore or ignore-file)\nPL201 2:1",
		},
		{
			name:     "hadolint style",
			src:      "# postlint: ignore=PL201 reason\nrelayhost = x\n",
			findings: [][2]string{{"PL201", "relayhost"}},
			want:     "PL004 1:13 write \"ignore ID\", without \"=\"\nPL201 2:1",
		},
		{
			name:     "no rule",
			src:      "# postlint: ignore\nrelayhost = x\n",
			findings: [][2]string{{"PL201", "relayhost"}},
			want:     "PL004 1:13 ignore needs the rule IDs or names to suppress\nPL201 2:1",
		},
		{
			name:     "no command",
			src:      "# postlint:\nrelayhost = x\n",
			want:     "PL004 1:3 suppression comment without a command (want ignore or ignore-file)",
			findings: nil,
		},
		{
			name:     "missing colon",
			src:      "# Postlint ignore PL201 reason\nrelayhost = x\n",
			findings: [][2]string{{"PL201", "relayhost"}},
			want:     "PL004 1:3 missing \":\" after \"postlint\"\nPL201 2:1",
		},
		{
			name:     "prose that mentions postlint",
			src:      "# postlint is run by CI\n# postlinting: ignore PL201 x\nrelayhost = x\n",
			findings: [][2]string{{"PL201", "relayhost"}},
			want:     "PL201 3:1",
		},
		{
			name:     "patterns are refused",
			src:      "# postlint: ignore PL2*,PL305 reason\nrelayhost = x\n",
			findings: [][2]string{{"PL201", "relayhost"}, {"PL305", "relayhost"}},
			want:     "PL004 1:20 \"PL2*\": suppression comments take rule IDs or names, not patterns (patterns work in .postlint.toml)\nPL201 2:1",
		},
		{
			name:     "the diagnostics cannot be suppressed",
			src:      "# postlint: ignore-file unused-suppression reason\n",
			findings: nil,
			want:     "PL004 1:25 PL002 cannot be suppressed by a comment; set it to \"off\" in .postlint.toml [severity]",
		},
		{
			name:     "case of prefix and command",
			src:      "## POSTLINT: Ignore-File pl201 reason\nrelayhost = x\n",
			findings: [][2]string{{"PL201", "relayhost"}},
			want:     "",
		},
		{
			name:     "a setting without = is a logical line too",
			src:      "# postlint: ignore PL201 reason\nthis is not a setting\n",
			findings: [][2]string{{"PL201", "not"}},
			want:     "",
		},
		{
			name:     "finding at the very end of a file without final newline",
			src:      "# postlint: ignore PL201 reason\nrelayhost = x",
			findings: [][2]string{{"PL201", "x"}},
			want:     "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := syntax.ParseMain("main.cf", []byte(tt.src))
			var in []lint.Finding
			for _, fd := range tt.findings {
				in = append(in, finding(t, f, fd[0], fd[1]))
			}
			if tt.name == "finding at the very end of a file without final newline" {
				in[0].Pos = syntax.Pos(len(f.Src))
			}
			got := show(Apply([]*syntax.File{f}, in, Options{Known: known}))
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestApplyMaster(t *testing.T) {
	master := syntax.ParseMaster("master.cf", []byte(`smtp      inet  n       -       y       -       -       smtpd
# postlint: ignore PL701 the relay needs it
submission inet n       -       y       -       -       smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
# postlint: ignore PL701 reason

pickup    unix  n       -       y       60      1       pickup
`))
	main := syntax.ParseMain("main.cf", []byte("# postlint: ignore-file PL701 nothing in main.cf\nrelayhost = x\n"))
	in := []lint.Finding{
		finding(t, main, "PL201", "relayhost"),
		finding(t, master, "PL701", "smtp "),
		finding(t, master, "PL701", "submission"),
		finding(t, master, "PL701", "smtpd_tls"),
		finding(t, master, "PL701", "pickup"),
	}
	got := show(Apply([]*syntax.File{main, master}, in, Options{Known: known}))
	want := `PL002 1:25 suppression of PL701 matched no finding in this file; remove it
PL201 2:1
PL701 1:1
PL004 6:13 nothing to ignore: an "ignore" comment must stand directly above the setting or service it is about (use ignore-file for the whole file)
PL701 8:1`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	got = show(Apply([]*syntax.File{master}, in[1:2], Options{Known: known}))
	want = "PL701 1:1\nPL002 2:20 suppression of PL701 matched no finding in the service on line 3; remove it\nPL004 6:13 nothing to ignore: an \"ignore\" comment must stand directly above the setting or service it is about (use ignore-file for the whole file)"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestChecked(t *testing.T) {
	f := syntax.ParseMain("main.cf", []byte(`# postlint: ignore PL807,PL201 cert renewed by cron
smtpd_tls_cert_file = /etc/ssl/mx.pem
`))
	// Without --host, PL807 did not run: its suppression is not unused.
	ran := func(id string) bool { return id != "PL807" }
	got := show(Apply([]*syntax.File{f}, nil, Options{Known: known, Checked: ran}))
	want := "PL002 1:26 suppression of PL201 matched no finding in the setting on line 2; remove it"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestNilKnownAndFilter(t *testing.T) {
	f := syntax.ParseMain("main.cf", []byte("# postlint: ignore ANYTHING,pl201 reason\na = 1\n"))
	in := []lint.Finding{finding(t, f, "ANYTHING", "a ="), finding(t, f, "PL201", "a ="), finding(t, f, "PL202", "a =")}
	if got := show(Apply([]*syntax.File{f}, in, Options{})); got != "PL202 2:1" {
		t.Errorf("Apply without Known: %s", got)
	}
	f = syntax.ParseMain("main.cf", []byte("# postlint: ignore PL201,PL202\na = 1\n"))
	in = []lint.Finding{finding(t, f, "ANYTHING", "a ="), finding(t, f, "PL201", "a ="), finding(t, f, "PL202", "a =")}
	if got := show(Filter([]*syntax.File{f}, in, Options{Known: known})); got != "ANYTHING 2:1" {
		t.Errorf("Filter: %s", got)
	}
	// Findings of other files and files without suppressions pass.
	other := lint.Finding{Rule: "PL201", File: "other.cf", Message: "m", Start: syntax.Position{Line: 1, Column: 1}}
	if got := show(Apply([]*syntax.File{f, nil}, []lint.Finding{other}, Options{Known: known})); got != "PL001 1:1 suppression without a reason: say why after the rule list\nPL002 1:20 suppression of PL201 matched no finding in the setting on line 2; remove it\nPL002 1:26 suppression of PL202 matched no finding in the setting on line 2; remove it\nPL201 1:1" {
		t.Errorf("other file: %s", got)
	}
}

func TestDiagnosticRanges(t *testing.T) {
	f := syntax.ParseMain("main.cf", []byte("a = 1\n  # postlint: ignore PL999 x\n  b\n"))
	got := Apply([]*syntax.File{f}, nil, Options{Known: known})
	if len(got) != 1 {
		t.Fatalf("got %v", got)
	}
	d := got[0]
	if d.Rule != UnknownRule || d.Severity != lint.Error || d.File != "main.cf" ||
		string(f.Src[d.Pos:d.End]) != "PL999" || d.Start.Line != 2 || d.Start.Column != 22 || d.Stop.Column != 27 {
		t.Errorf("diagnostic %+v", d)
	}
}

// A finding about a parameter can be suppressed before the setting of
// that parameter as well as before its own location, in either file.
func TestSuppressAtParameter(t *testing.T) {
	main := syntax.ParseMain("main.cf", []byte(`relayhost = [smtp.example.com]:465
# postlint: ignore PL305 the relay's certificate is checked by stunnel
smtp_tls_CAfile =
`))
	master := syntax.ParseMaster("master.cf", []byte(`relay unix - - n - - smtp
  # postlint: ignore PL202 wrapper mode is right here
  -o smtp_tls_wrappermode=yes
`))
	about := func(f lint.Finding, param string) lint.Finding { f.Param = param; return f }
	findings := []lint.Finding{
		about(finding(t, main, "PL305", "relayhost"), "smtp_tls_CAfile"),
		about(finding(t, main, "PL201", "relayhost"), "smtp_tls_CAfile"), // another rule: kept
		about(finding(t, main, "PL202", "relayhost"), "smtp_tls_wrappermode"),
	}
	got := show(Apply([]*syntax.File{main, master}, findings, Options{Known: known}))
	if got != "PL201 1:1" {
		t.Errorf("got\n%s\nwant only PL201 kept and no unused suppression", got)
	}
}
