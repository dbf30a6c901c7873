package hostcheck

import (
	"crypto/x509"
	"io/fs"
	"strings"
	"testing"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/lint/syntax"
)

// env is one test's configuration directory and options.
type env struct {
	t    *testing.T
	dir  string
	opt  Options
	ver  string
	uids map[string]int // file owner by base name; default root
}

func newEnv(t *testing.T) *env {
	e := &env{t: t, dir: t.TempDir(), uids: map[string]int{}}
	e.opt = Options{
		Now:   now,
		Roots: x509.NewCertPool(),
		// Tests run as root in CI and as a user elsewhere: owners and
		// the effective uid are injected so that results do not depend
		// on who runs them.
		Owner: func(path string, _ fs.FileInfo) (int, bool) {
			return e.uids[path[strings.LastIndexByte(path, '/')+1:]], true
		},
		Euid: func() int { return 0 },
		// Whether this host has Postfix must not matter either.
		DaemonDirectories: []string{},
	}
	return e
}

// run checks main.cf and master.cf (either may be "") and returns the
// findings as "file:line:col: severity: message [ID]" with the test
// directory written as $DIR.
func (e *env) run(mainCF, masterCF string) []string {
	e.t.Helper()
	in := lint.Input{Dir: e.dir}
	if mainCF != "" {
		in.Main = syntax.ParseMain("main.cf", []byte(strings.ReplaceAll(mainCF, "$DIR", e.dir)))
	}
	if masterCF != "" {
		in.Master = syntax.ParseMaster("master.cf", []byte(strings.ReplaceAll(masterCF, "$DIR", e.dir)))
	}
	if e.ver != "" {
		v, err := postfix.ParseVersion(e.ver)
		if err != nil {
			e.t.Fatal(err)
		}
		in.Version = v
	}
	var out []string
	for _, f := range Check(in, e.opt) {
		if f.Severity != severity(f.Rule) {
			e.t.Errorf("%s: severity %s, documented %s", f.Rule, f.Severity, severity(f.Rule))
		}
		for _, file := range []*syntax.File{in.Main, in.Master} {
			if file != nil && file.Name == f.File {
				f.Start.Column = e.column(file, f.Start)
			}
		}
		out = append(out, strings.ReplaceAll(f.String(), e.dir, "$DIR"))
	}
	return out
}

// column maps a column of the file as checked back to the test's text,
// where the directory is written $DIR, so that expected positions do not
// depend on the length of the temporary directory's name.
func (e *env) column(f *syntax.File, p syntax.Position) int {
	lineStart := p.Offset - (p.Column - 1)
	before := string(f.Src[lineStart:p.Offset])
	return p.Column - strings.Count(before, e.dir)*(len(e.dir)-len("$DIR"))
}

// expect compares findings with the wanted lines.
func (e *env) expect(got []string, want ...string) {
	e.t.Helper()
	if g, w := strings.Join(got, "\n"), strings.Join(want, "\n"); g != w {
		e.t.Errorf("findings:\n%s\nwant:\n%s", g, w)
	}
}
