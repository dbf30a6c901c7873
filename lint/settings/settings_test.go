package settings

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/postlint/postlint/internal/safefile"
	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/rules"
)

// write creates the files (name → content) under a new temporary
// directory and returns it.
func write(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoad(t *testing.T) {
	dir := write(t, map[string]string{
		".postlint.toml": `# site policy
postfix_version = "3.7"
fail_level = "error"
rules = ["site-rules.toml", "./site-rules.toml", "more/extra.toml"]
enable = [
  "PL2*",
  "pl4*",
]
disable = ["PL209", "relayhost-without-brackets"]

[severity]
PL201 = "info"
"PL4*" = "off"
`,
		"site-rules.toml":  "",
		"more/extra.toml":  "",
		"unrelated/x.toml": "",
	})
	file := filepath.Join(dir, ".postlint.toml")
	s, err := Load(file)
	if err != nil {
		t.Fatal(err)
	}
	if want := postfix.NewestOf(postfix.Version{Major: 3, Minor: 7}); s.PostfixVersion != want || want.Patch == 0 {
		t.Errorf("PostfixVersion = %v, want %v", s.PostfixVersion, want)
	}
	if s.FailLevel != lint.Error {
		t.Errorf("FailLevel = %v", s.FailLevel)
	}
	wantFiles := []string{filepath.Join(dir, "site-rules.toml"), filepath.Join(dir, "more", "extra.toml")}
	if strings.Join(s.RuleFiles, ",") != strings.Join(wantFiles, ",") {
		t.Errorf("RuleFiles = %q, want %q", s.RuleFiles, wantFiles)
	}
	got := func(sels []Selector) string {
		var b []string
		for _, s := range sels {
			b = append(b, s.Text+"@"+strconv.Itoa(s.Line))
		}
		return strings.Join(b, " ")
	}
	if g := got(s.Enable); g != "PL2*@6 pl4*@7" {
		t.Errorf("Enable = %s", g)
	}
	if g := got(s.Disable); g != "PL209@9 relayhost-without-brackets@9" {
		t.Errorf("Disable = %s", g)
	}
	if len(s.Severities) != 2 || s.Severities[0].Text != "PL201" || s.Severities[0].Severity != lint.Info ||
		s.Severities[0].Line != 12 || s.Severities[1].Text != "PL4*" || s.Severities[1].Severity != 0 {
		t.Errorf("Severities = %+v", s.Severities)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // ":line: message" prefixes, one per error, in order; {dir} is the file's directory
	}{
		{"unknown key", "postfix_version = \"3.7\"\n\nx = 1\n", []string{`:3: unknown key "x"`}},
		{"unknown key suggestion", "disabled = [\"PL209\"]\n", []string{`:1: unknown key "disabled" (did you mean "disable"?)`}},
		{"unknown table", "fail_level = \"info\"\n[rule]\nid = \"X\"\nseverity = \"info\"\n",
			[]string{`:2: unknown key "rule" (did you mean "rules"?)`}},
		{"unknown dotted key", "a.b = 1\n", []string{`:1: unknown key "a"`}},
		{"unknown key in severity's place", "[severity]\nPL201 = \"info\"\n[foo.bar]\nx = 1\n", []string{`:3: unknown key "foo"`}},
		{"bad severity", "[severity]\nPL201 = \"info\"\nPL202 = \"fatal\"\n",
			[]string{`:3: severity.PL202: unknown severity "fatal" (want error, warning, info or off)`}},
		{"severity not a string", "[severity]\nPL201 = 1\n", []string{`:2: severity.PL201: want a string, not an integer`}},
		{"severity not a table", "severity = \"off\"\n", []string{`:1: severity: want a table ([severity]), not a string`}},
		{"bad version", "postfix_version = \"banana\"\n", []string{`:1: postfix_version: `}},
		{"unsupported version", "\npostfix_version = \"2.5\"\n", []string{`:2: postfix_version: unsupported Postfix version 2.5`}},
		{"version not a string", "postfix_version = 3.7\n", []string{`:1: postfix_version: want a string, not a float`}},
		{"bad fail level", "fail_level = \"fatal\"\n", []string{`:1: fail_level: unknown severity "fatal"`}},
		{"enable not an array", "enable = \"PL2*\"\n", []string{`:1: enable: want an array of strings, not a string`}},
		{"enable mixed array", "enable = [\"PL2*\", 3]\n", []string{`:1: enable: want an array of strings, not an array`}},
		{"empty selector", "disable = [\n  \"PL201\",\n  \"\",\n]\n", []string{`:3: disable: empty rule ID or name`}},
		{"bad glob", "disable = [\"PL[2\"]\n", []string{`:1: disable: bad pattern "PL[2"`}},
		{"missing rule file", "\nrules = [\"nope.toml\"]\n", []string{`:2: rules: {dir}/nope.toml: no such file or directory`}},
		{"baseline not a string", "baseline = [\"b.json\"]\n", []string{`:1: baseline: want a string, not an array`}},
		{"empty baseline", "\nbaseline = \" \"\n", []string{`:2: baseline: empty file name`}},
		{"baseline misspelt", "baseline_file = \"b.json\"\n", []string{`:1: unknown key "baseline_file"`}},
		{"TOML syntax", "fail_level = \"info\"\nenable = [\n", []string{`:2: TOML: `}},
		{"several", "x = 1\nfail_level = \"bad\"\ny = 2\n", []string{
			`:1: unknown key "x"`,
			`:2: fail_level: unknown severity "bad"`,
			`:3: unknown key "y"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := write(t, map[string]string{".postlint.toml": tt.src})
			file := filepath.Join(dir, ".postlint.toml")
			_, err := Load(file)
			if err == nil {
				t.Fatal("no error")
			}
			es, ok := err.(Errors)
			if !ok {
				t.Fatalf("error %T %v, want Errors", err, err)
			}
			msgs := strings.Split(err.Error(), "\n")
			if len(es) != len(tt.want) {
				t.Fatalf("got %d errors, want %d:\n%v", len(es), len(tt.want), err)
			}
			for i, w := range tt.want {
				w = strings.ReplaceAll(w, "{dir}", filepath.ToSlash(dir))
				if !strings.HasPrefix(msgs[i], file+w) {
					t.Errorf("error %d = %q, want prefix %q", i, msgs[i], file+w)
				}
			}
		})
	}
}

// The baseline is resolved against the configuration file's directory
// and need not exist yet; an absolute path stays as it is.
func TestLoadBaseline(t *testing.T) {
	dir := write(t, map[string]string{
		"ci/.postlint.toml": "fail_level = \"error\"\n\nbaseline = \"../postlint-baseline.json\"\n",
		"abs.toml":          "baseline = \"/var/lib/postlint/b.json\"\n",
	})
	s, err := Load(filepath.Join(dir, "ci", ".postlint.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "postlint-baseline.json"); s.Baseline != want || s.BaselineLine != 3 {
		t.Errorf("Baseline = %q line %d, want %q line 3", s.Baseline, s.BaselineLine, want)
	}
	if s, err := Load(filepath.Join(dir, "abs.toml")); err != nil || s.Baseline != "/var/lib/postlint/b.json" {
		t.Errorf("absolute baseline: %v %v", s, err)
	}
}

func TestLoadUnreadable(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "missing.toml"))
	if err == nil || !strings.Contains(err.Error(), "missing.toml: no such file") {
		t.Errorf("err = %v", err)
	}
}

func TestEmptyFile(t *testing.T) {
	s, err := Parse("c.toml", []byte("# nothing yet\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !s.PostfixVersion.IsZero() || s.FailLevel != 0 || len(s.RuleFiles) != 0 || !s.Enabled("PL201", "x") {
		t.Errorf("empty file sets something: %+v", s)
	}
}

// ruleSet is a stand-in for the rules of a run.
func ruleSet() []*rules.Rule {
	var rs []*rules.Rule
	for _, r := range [][2]string{
		{"PL201", "smtp-465-without-wrappermode"},
		{"PL202", "smtp-587-with-wrappermode"},
		{"PL209", "tls-something"},
		{"PL401", "tls-protocols-old"},
		{"PL501", "obsolete-param"},
		{"PL807", "tls-cert-expiring"},
		{"SITE1", "site-relay"},
	} {
		rs = append(rs, &rules.Rule{ID: r[0], Name: r[1]})
	}
	return rs
}

func TestCheck(t *testing.T) {
	s, err := Parse("c.toml", []byte(`enable = ["PL2*", "PL999", "PL9*"]
disable = ["no-such-rule"]
[severity]
"SITE?" = "info"
PL888 = "off"
`))
	if err != nil {
		t.Fatal(err)
	}
	warnings, err := s.Check(ruleSet())
	want := "c.toml:1: enable: no rule \"PL999\" (postlint rules lists them)\n" +
		"c.toml:2: disable: no rule \"no-such-rule\" (postlint rules lists them)\n" +
		"c.toml:5: severity.PL888: no rule \"PL888\" (postlint rules lists them)"
	if err == nil || err.Error() != want {
		t.Errorf("err =\n%v\nwant\n%s", err, want)
	}
	if warnings.Error() != `c.toml:1: enable: pattern "PL9*" matches no rule` {
		t.Errorf("warnings = %v", warnings)
	}
}

func TestSelection(t *testing.T) {
	tests := []struct {
		name, src string
		enabled   []string // IDs of ruleSet that stay enabled
	}{
		{"nothing", "", []string{"PL201", "PL202", "PL209", "PL401", "PL501", "PL807", "SITE1"}},
		{"enable glob", `enable = ["PL2*"]`, []string{"PL201", "PL202", "PL209"}},
		{"enable ? glob", `enable = ["PL20?"]`, []string{"PL201", "PL202", "PL209"}},
		{"enable by name and case", `enable = ["pl401", "SITE-RELAY", "tls-*"]`, []string{"PL209", "PL401", "PL807", "SITE1"}},
		{"disable", `disable = ["PL209", "smtp-587-with-wrappermode", "PL4*"]`, []string{"PL201", "PL501", "PL807", "SITE1"}},
		{"disable wins", "enable = [\"PL2*\"]\ndisable = [\"PL201\"]", []string{"PL202", "PL209"}},
		{"off disables", "[severity]\n\"PL[45]*\" = \"off\"", []string{"PL201", "PL202", "PL209", "PL807", "SITE1"}},
		{"exact wins over glob off", "[severity]\nPL201 = \"warning\"\n\"PL2*\" = \"off\"", []string{"PL201", "PL401", "PL501", "PL807", "SITE1"}},
		{"glob does not cross IDs and names", `disable = ["PL2*-x"]`, []string{"PL201", "PL202", "PL209", "PL401", "PL501", "PL807", "SITE1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse("c.toml", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Check(ruleSet()); err != nil && tt.name != "glob does not cross IDs and names" {
				t.Fatal(err)
			}
			var got []string
			for _, r := range ruleSet() {
				if s.Enabled(r.ID, r.Name) != s.RuleEnabled(r.ID) {
					t.Errorf("%s: Enabled and RuleEnabled disagree", r.ID)
				}
				if s.RuleEnabled(r.ID) {
					got = append(got, r.ID)
				}
			}
			if strings.Join(got, " ") != strings.Join(tt.enabled, " ") {
				t.Errorf("enabled %v, want %v", got, tt.enabled)
			}
		})
	}
}

func TestSeverity(t *testing.T) {
	s, err := Parse("c.toml", []byte(`[severity]
"PL2*" = "info"
PL201 = "error"
"PL20?" = "warning"
smtp-587-with-wrappermode = "error"
"PL4*" = "off"
site-relay = "info"
SITE1 = "warning"
`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id, name string
		want     lint.Severity
		off      bool
	}{
		{"PL201", "smtp-465-without-wrappermode", lint.Error, false}, // exact ID beats globs before and after
		{"PL202", "smtp-587-with-wrappermode", lint.Error, false},    // exact name
		{"PL209", "tls-something", lint.Warning, false},              // the last matching glob
		{"PL211", "", lint.Info, false},                              // only PL2*
		{"PL401", "tls-protocols-old", lint.Info, true},              // off
		{"SITE1", "site-relay", lint.Warning, false},                 // the later exact entry
		{"PL501", "obsolete-param", lint.Info, false},                // no entry: the default
	}
	for _, tt := range tests {
		got, off := s.Severity(tt.id, tt.name, lint.Info)
		if got != tt.want || off != tt.off {
			t.Errorf("Severity(%s) = %v, %v; want %v, %v", tt.id, got, off, tt.want, tt.off)
		}
	}
}

func TestApply(t *testing.T) {
	s, err := Parse("c.toml", []byte(`disable = ["smtp-587-with-wrappermode"]
[severity]
tls-something = "error"
"PL4*" = "off"
`))
	if err != nil {
		t.Fatal(err)
	}
	in := []lint.Finding{
		{Rule: "PL201", Severity: lint.Warning},
		{Rule: "PL202", Severity: lint.Warning},
		{Rule: "PL209", Severity: lint.Info},
		{Rule: "PL401", Severity: lint.Error},
		{Rule: "PL999", Severity: lint.Info},
	}
	// Before Check, names are unknown: only the ID selectors apply.
	if got := s.Apply(in); len(got) != 4 || got[2].Severity != lint.Info {
		t.Errorf("before Check: %v", got)
	}
	if _, err := s.Check(ruleSet()); err != nil {
		t.Fatal(err)
	}
	got := s.Apply(in)
	var b []string
	for _, f := range got {
		b = append(b, f.Rule+":"+f.Severity.String())
	}
	if g := strings.Join(b, " "); g != "PL201:warning PL209:error PL999:info" {
		t.Errorf("Apply = %s", g)
	}
	if in[2].Severity != lint.Info {
		t.Error("Apply changed its input")
	}
	var none *Settings
	if len(none.Apply(in)) != len(in) || !none.RuleEnabled("PL201") {
		t.Error("a nil *Settings changes something")
	}
}

func TestFind(t *testing.T) {
	dir := write(t, map[string]string{
		"repo/.git/HEAD":                     "ref: refs/heads/main\n",
		"repo/.postlint.toml":                "",
		"repo/hosts/mx1/main.cf":             "",
		"repo/hosts/mx2/.postlint.toml":      "",
		"repo/hosts/mx2/main.cf":             "",
		"repo/sub/.git":                      "gitdir: ../.git/modules/sub\n", // a submodule
		"repo/sub/etc/main.cf":               "",
		"outer/.postlint.toml":               "",
		"outer/work/repo2/.git/HEAD":         "",
		"outer/work/repo2/postfix/master.cf": "",
		"outer/work/plain/main.cf":           "",
		"dirconfig/.postlint.toml/x":         "",
	})
	tests := []struct{ path, want string }{
		{"repo/hosts/mx1", "repo/.postlint.toml"},
		{"repo/hosts/mx1/main.cf", "repo/.postlint.toml"},
		{"repo/hosts", "repo/.postlint.toml"},
		{"repo", "repo/.postlint.toml"},
		{"repo/hosts/mx2/main.cf", "repo/hosts/mx2/.postlint.toml"}, // the nearest
		{"repo/sub/etc", ""},                                        // the search stops at the submodule's root
		{"outer/work/repo2/postfix", ""},                            // and at a repository's root
		{"outer/work/plain", "outer/.postlint.toml"},                // outside a repository it goes up to /
	}
	for _, tt := range tests {
		got, err := Find(filepath.Join(dir, tt.path))
		if err != nil {
			t.Errorf("Find(%s): %v", tt.path, err)
			continue
		}
		want := ""
		if tt.want != "" {
			want = filepath.Join(dir, tt.want)
		}
		if got != want {
			t.Errorf("Find(%s) = %q, want %q", tt.path, got, want)
		}
	}
	if _, err := Find(filepath.Join(dir, "dirconfig")); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("a directory named .postlint.toml: %v", err)
	}

	// A relative path gives a result relative to the current directory.
	t.Chdir(filepath.Join(dir, "repo"))
	if got, err := Find("hosts/mx1"); err != nil || got != ".postlint.toml" {
		t.Errorf("Find(hosts/mx1) = %q, %v", got, err)
	}

	t.Chdir(dir)
	if got, err := FindFor([]string{"repo/hosts/mx1", "repo/hosts/mx1/main.cf", "repo"}); err != nil || got != filepath.Join("repo", ".postlint.toml") {
		t.Errorf("FindFor(same) = %q, %v", got, err)
	}
	if got, err := FindFor([]string{"repo/sub/etc", "outer/work/repo2/postfix"}); err != nil || got != "" {
		t.Errorf("FindFor(none) = %q, %v", got, err)
	}
	for _, paths := range [][]string{
		{"repo/hosts/mx1", "repo/hosts/mx2"},
		{"repo/hosts/mx1", "repo/sub/etc"},
		{"repo/sub/etc", "repo/hosts/mx1"},
	} {
		if _, err := FindFor(paths); err == nil || !strings.Contains(err.Error(), "--config") {
			t.Errorf("FindFor(%q): %v, want an error asking for --config", paths, err)
		}
	}
}

func TestSeverityForms(t *testing.T) {
	for _, src := range []string{
		"[severity]\nPL201 = \"off\"\n'PL2*' = \"info\"\n",
		"severity = { PL201 = \"off\", \"PL2*\" = \"info\" }\n",
		"severity.PL201 = \"off\"\nseverity.\"PL2*\" = \"info\"\n",
	} {
		s, err := Parse("c.toml", []byte(src))
		if err != nil {
			t.Errorf("%s: %v", src, err)
			continue
		}
		if len(s.Severities) != 2 || s.Severities[0].Text != "PL201" || s.Severities[0].Severity != 0 ||
			s.Severities[1].Text != "PL2*" || s.Severities[1].Severity != lint.Info {
			t.Errorf("%s: %+v", src, s.Severities)
		}
	}
	_, err := Parse("c.toml", []byte("fail_level = \"info\"\nseverity = { PL201 = \"fatal\" }\n"))
	if err == nil || err.Error() != `c.toml:2: severity.PL201: unknown severity "fatal" (want error, warning, info or off)` {
		t.Errorf("inline table error: %v", err)
	}
}

func TestDottedKeyType(t *testing.T) {
	_, err := Parse("c.toml", []byte("enable.PL201 = true\n"))
	if err == nil || err.Error() != "c.toml:1: enable: want an array of strings, not a table" {
		t.Errorf("err = %v", err)
	}
}

// TestLoadBounded checks that an oversized configuration file is refused
// with an error naming it, without reading it all.
func TestLoadBounded(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".postlint.toml")
	if err := os.WriteFile(path, bytes.Repeat([]byte("# padding\n"), MaxFileSize/10+1), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	if !errors.Is(err, safefile.ErrTooLarge) || !strings.HasPrefix(err.Error(), path+": ") {
		t.Errorf("Load of an oversized file: %v", err)
	}
}
