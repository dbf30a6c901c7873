package rules

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/postlint/postlint/lint/model"
	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/lint/syntax"
)

func TestGuardOf(t *testing.T) {
	tests := []struct {
		cond string
		want string // allowed values and prefixes, sorted; "" for no guard
	}{
		{`Param.Name == "a"`, "a"},
		{`"a" == Param.Name && Known("x")`, "a"},
		{`Known("x") && Param.Name in ["a", "b"]`, "a b"},
		{`Param.Name == "a" || Param.Name startsWith "smtp_"`, "a smtp_*"},
		{`hasPrefix(Param.Name, "lmtp_") || Param.Name == "b"`, "b lmtp_*"},
		{`let n = Param.Name; Known(n) && n in ["a"]`, "a"},
		{`let n = Param.Name; let n = "z"; n == "a"`, ""},
		{`Param.Name == "a" || Known("x")`, ""},
		{`!(Param.Name in ["a"])`, ""},
		{`Param.Name != "a"`, ""},
		{`Param.Name in ["a", Main.Get("b")]`, ""},
		{`Param.Name matches "^smtp"`, ""},
		{`Service.Command == "smtpd"`, ""}, // another field
	}
	for _, tt := range tests {
		g, _ := guardsOf(tt.cond, ScopeParam)
		got := ""
		if g != nil {
			var parts []string
			for v := range g.values {
				parts = append(parts, v)
			}
			for _, p := range g.prefixes {
				parts = append(parts, p+"*")
			}
			sort.Strings(parts)
			got = strings.Join(parts, " ")
		}
		if got != tt.want {
			t.Errorf("guardsOf(%s) = %q, want %q", tt.cond, got, tt.want)
		}
	}
}

func TestFlagsOf(t *testing.T) {
	tests := []struct {
		cond string
		want string // required fields as F or !F, sorted; "" for none
	}{
		{`Param.Duplicate`, "Duplicate"},
		{`Param.TooDeep && !Param.Duplicate`, "!Duplicate TooDeep"},
		{`!Param.InMaster && !Param.Duplicate && Known("x")`, "!Duplicate !InMaster"},
		{`Known("x") and not Param.Cycle`, "!Cycle"},
		{`Param.Duplicate || Param.Cycle`, ""},
		{`!(Param.Duplicate && Param.Cycle)`, ""},
		{`(Param.Duplicate || Known("x")) && Param.Cycle`, "Cycle"},
		{`let d = Param.Duplicate; d`, ""},
		{`Param.Name == "a"`, ""},
		{`Param?.Duplicate`, ""},
		{`Param.Depth > 3`, ""},
	}
	for _, tt := range tests {
		var parts []string
		_, flags := guardsOf(tt.cond, ScopeParam)
		for f, want := range flags {
			if !want {
				f = "!" + f
			}
			parts = append(parts, f)
		}
		sort.Strings(parts)
		if got := strings.Join(parts, " "); got != tt.want {
			t.Errorf("guardsOf(%s) flags = %q, want %q", tt.cond, got, tt.want)
		}
	}
}

// TestGuardsAreExact evaluates every guarded built-in rule on every
// parameter and service of the test configurations: whenever the guard
// rules a subject out, the condition itself must be false.
func TestGuardsAreExact(t *testing.T) {
	set, err := Load(true)
	if err != nil {
		t.Fatal(err)
	}
	var guarded []*Rule
	flagged := 0
	for _, r := range set.Rules() {
		if r.guard != nil || r.flags != nil {
			guarded = append(guarded, r)
		}
		if r.flags != nil {
			flagged++
		}
	}
	if len(guarded) < 20 || flagged < 5 {
		t.Fatalf("only %d rules have a guard, %d a guard on boolean fields", len(guarded), flagged)
	}
	checked := 0
	for _, in := range testInputs(t) {
		cfg := model.Build(in)
		env := cfg.Env()
		for _, r := range guarded {
			var subjects []model.Env
			switch r.Scope {
			case ScopeParam:
				for _, p := range cfg.Params {
					e := env
					e.Param = p
					subjects = append(subjects, e)
				}
			case ScopeService:
				for _, s := range cfg.Services {
					e := env
					e.Service = s
					subjects = append(subjects, e)
				}
			}
			for _, e := range subjects {
				if ok, _ := r.Match(e); ok {
					continue
				}
				out, err := r.cond.eval(e)
				if err == nil && out == true {
					t.Fatalf("%s: the guard skips a subject the condition holds for (%s)", r.ID, in.Dir)
				}
				checked++
			}
		}
	}
	t.Logf("%d evaluations that Match rejects checked against the condition", checked)
}

// testInputs reads the rule cases and the configuration corpus.
func testInputs(t *testing.T) []model.Input {
	var ins []model.Input
	cases, _ := filepath.Glob("testdata/*.txtar")
	for _, name := range cases {
		a, err := txtar.ParseFile(name)
		if err != nil {
			t.Fatal(err)
		}
		in := model.Input{Dir: name, Version: postfix.Newest}
		for _, f := range a.Files {
			switch f.Name {
			case "main.cf":
				in.Main = syntax.ParseMain(f.Name, f.Data)
			case "master.cf":
				in.Master = syntax.ParseMaster(f.Name, f.Data)
			}
		}
		ins = append(ins, in)
	}
	dirs, _ := filepath.Glob("../testdata/configs/*")
	for _, dir := range dirs {
		in := model.Input{Dir: dir, Version: postfix.Newest}
		if b, err := os.ReadFile(filepath.Join(dir, "main.cf")); err == nil {
			in.Main = syntax.ParseMain("main.cf", b)
		}
		if b, err := os.ReadFile(filepath.Join(dir, "master.cf")); err == nil {
			in.Master = syntax.ParseMaster("master.cf", b)
		}
		ins = append(ins, in)
	}
	return ins
}
