package fix_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/postlint/postlint/fix"
	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/syntax"
	"github.com/postlint/postlint/rules"
)

// FuzzFix runs the fixer, safe fixes and then unsafe ones too, on a
// main.cf and a master.cf, and checks what --fix relies on:
//
//   - every fixed file parses back to the same bytes;
//   - a run that settled (no conflicts left) is idempotent: a second run
//     changes nothing;
//   - the fixes add no finding of error severity (by rule and file).
//
// The seed corpus, every rule case of rules/testdata and a few hostile
// shapes, runs with go test; fuzz with
//
//	go test ./fix -run '^$' -fuzz FuzzFix -fuzztime 2m -parallel 1
func FuzzFix(f *testing.F) {
	set, err := rules.Load(true)
	if err != nil {
		f.Fatal(err)
	}
	cases, err := filepath.Glob("../rules/testdata/*.txtar")
	if err != nil || len(cases) == 0 {
		f.Fatalf("no rule cases: %v", err)
	}
	for _, file := range cases {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			f.Fatal(err)
		}
		var main, master []byte
		for _, af := range ar.Files {
			switch af.Name {
			case "main.cf":
				main = af.Data
			case "master.cf":
				master = af.Data
			}
		}
		f.Add(main, master)
	}
	for _, seed := range []string{
		"\xef\xbb\xbfmyhostname = a\rmynetworks = 0.0.0.0/0\r",
		"  mynetworks = 0.0.0.0/0\n  # c\n\t10.0.0.0/8\nrelayhost = [r]:465\n",
		"smtpd_banner = " + strings.Repeat("${a?", 50) + "x" + strings.Repeat("}", 50) + "\n",
		"smtp_enforce_tls = yes\nsmtp_use_tls = yes\nsmtp_enforce_tls = no\n",
	} {
		f.Add([]byte(seed), []byte("submission inet n - n - - smtpd\n  -o smtpd_tls_wrappermode=yes\n -o x=y\n"))
	}
	f.Fuzz(func(t *testing.T, main, master []byte) {
		if len(main)+len(master) > 1<<16 {
			t.Skip("large inputs are the benchmarks' business")
		}
		in := lint.Input{Main: syntax.ParseMain("main.cf", main)}
		if len(master) > 0 {
			in.Master = syntax.ParseMaster("master.cf", master)
		}
		for _, unsafe := range []bool{false, true} {
			checkFix(t, set, in, unsafe)
		}
	})
}

func checkFix(t *testing.T, set *rules.Set, in lint.Input, unsafe bool) {
	t.Helper()
	opt := fix.Options{Unsafe: unsafe}
	before, err := lint.Run(in, set, lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := fix.Run(in, set, lint.Options{}, opt)
	if err != nil {
		t.Fatalf("unsafe=%v: %v", unsafe, err)
	}
	fixed := in
	for _, f := range res.Files {
		p := syntax.Parse(f.Name, f.After, f.Kind)
		if !bytes.Equal(p.Bytes(), f.After) {
			t.Fatalf("unsafe=%v: fixed %s does not parse back:\n%q", unsafe, f.Name, f.After)
		}
		if f.Kind == syntax.MainCF {
			fixed.Main = p
		} else {
			fixed.Master = p
		}
	}
	after, err := lint.Run(fixed, set, lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if added := newErrors(before, after); len(added) > 0 {
		t.Fatalf("unsafe=%v: fixes add errors:\n%s\nfixes:\n%s", unsafe, strings.Join(added, "\n"), diffs(res))
	}
	if len(res.Conflicts) > 0 {
		return // not settled: the next run goes on
	}
	again, err := fix.Run(fixed, set, lint.Options{}, opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range again.Files {
		if f.Changed() {
			t.Fatalf("unsafe=%v: a second run changes %s again:\n%s\nafter the first:\n%s", unsafe, f.Name, fix.Unified(f.Name, f.Before, f.After), diffs(res))
		}
	}
}

func diffs(res *fix.Result) string {
	var b strings.Builder
	for _, f := range res.Files {
		b.WriteString(fix.Unified(f.Name, f.Before, f.After))
	}
	return b.String()
}

// newErrors returns the error findings of after beyond those of before,
// counted by rule and file.
func newErrors(before, after []lint.Finding) []string {
	count := map[string]int{}
	for _, f := range before {
		if f.Severity == lint.Error {
			count[f.Rule+" "+f.File]++
		}
	}
	var out []string
	for _, f := range after {
		if f.Severity != lint.Error {
			continue
		}
		if k := f.Rule + " " + f.File; count[k] > 0 {
			count[k]--
			continue
		}
		out = append(out, f.String())
	}
	return out
}
