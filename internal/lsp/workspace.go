package lsp

import (
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/checks"
	"github.com/postlint/postlint/lint/load"
	"github.com/postlint/postlint/lint/model"
	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/lint/settings"
	"github.com/postlint/postlint/lint/suppress"
	"github.com/postlint/postlint/lint/syntax"
	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/ruledoc"
)

// snapshot is a document's text at one version, with its sibling's
// (from the editor when open there, else from disk), so that a check
// runs without holding the server's lock.
type snapshot struct {
	uri        DocumentURI
	path       string
	version    int32
	text       *text
	sibling    string
	siblingURI DocumentURI // as the editor names it when open there
	siblingSrc []byte      // nil when there is none
}

// snapshot must be called with s.mu held. It is nil for a file that is
// not open or not a Postfix configuration.
func (s *server) snapshot(u DocumentURI) *snapshot {
	d := s.docs[u]
	if d == nil || !load.IsConfigName(d.path) {
		// Only main.cf, master.cf and the names the pre-commit hooks
		// match: an editor may hand over any file of a language it maps
		// them to.
		return nil
	}
	snap := &snapshot{uri: u, path: d.path, version: d.version, text: d.text, sibling: siblingOf(d.path)}
	if sameFile(snap.sibling, d.path) {
		snap.sibling = ""
		return snap
	}
	snap.siblingURI = fileURI(snap.sibling)
	for u, o := range s.docs {
		if sameFile(o.path, snap.sibling) {
			snap.siblingSrc, snap.siblingURI = o.text.src, u
			return snap
		}
	}
	if b, err := load.ReadFile(snap.sibling); err == nil {
		snap.siblingSrc = b
	}
	return snap
}

func siblingOf(path string) string { return load.Sibling(path) }

func sameFile(a, b string) bool { return filepath.Clean(a) == filepath.Clean(b) }

// workspace holds what the checks of one directory share: its
// .postlint.toml, the rules it selects and the target release, read
// again when the settings file changes.
type workspace struct {
	opt Options

	mu       sync.Mutex
	contexts map[string]*dirContext // by settings file ("" for none)

	hostOnce    sync.Once
	hostVersion postfix.Version // zero when no Postfix is installed
}

type dirContext struct {
	modTime time.Time
	st      *settings.Settings
	set     *rules.Set
	all     []*rules.Rule // every check (checks.All), for suppression comments
	version postfix.Version
	err     error // .postlint.toml or a rule file is broken
}

func newWorkspace(opt Options) *workspace {
	return &workspace{opt: opt, contexts: map[string]*dirContext{}}
}

// context returns the settings that apply to the file at path.
func (w *workspace) context(path string) *dirContext {
	// The directory, not the file: a new file is not on disk yet (nor,
	// perhaps, its directory: look from the nearest one that is).
	dir := filepath.Dir(path)
	for {
		if _, err := os.Stat(dir); err == nil || filepath.Dir(dir) == dir {
			break
		}
		dir = filepath.Dir(dir)
	}
	file, err := settings.Find(dir)
	if err != nil {
		return &dirContext{err: err}
	}
	var mod time.Time
	if file != "" {
		if fi, err := os.Stat(file); err == nil {
			mod = fi.ModTime()
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if c := w.contexts[file]; c != nil && c.modTime.Equal(mod) {
		return c
	}
	c := w.load(file)
	c.modTime = mod
	w.contexts[file] = c
	return c
}

func (w *workspace) load(file string) *dirContext {
	c := &dirContext{}
	if file != "" {
		if c.st, c.err = settings.Load(file); c.err != nil {
			return c
		}
	}
	var files []string
	if c.st != nil {
		files = c.st.RuleFiles
	}
	for _, f := range w.opt.Rules {
		if !slices.Contains(files, f) {
			files = append(files, f)
		}
	}
	if c.set, c.err = rules.Load(true, files...); c.err != nil {
		return c
	}
	c.all = checks.All(c.set)
	if _, c.err = c.st.Check(c.all); c.err != nil {
		return c
	}
	c.version = w.target(c.st)
	return c
}

// target is the release to check for: --postfix-version, else
// postfix_version of .postlint.toml, else the installed Postfix, else
// the newest release, as for the command line.
func (w *workspace) target(st *settings.Settings) postfix.Version {
	if !w.opt.Version.IsZero() {
		return w.opt.Version
	}
	if st != nil && !st.PostfixVersion.IsZero() {
		return st.PostfixVersion
	}
	w.hostOnce.Do(func() {
		if w.opt.HostVersion != nil {
			if v, err := w.opt.HostVersion(); err == nil {
				w.hostVersion = v
			}
		}
	})
	if !w.hostVersion.IsZero() {
		return w.hostVersion
	}
	return postfix.Newest
}

// analysis is the result of checking one snapshot.
type analysis struct {
	snap     *snapshot
	ctx      *dirContext
	input    lint.Input
	findings []lint.Finding // of the snapshot's file only
	err      error          // why the file could not be checked
}

// files parses the snapshot and its sibling into the input of a check.
func (w *workspace) input(snap *snapshot, v postfix.Version) lint.Input {
	in := lint.Input{Dir: filepath.Dir(snap.path), Version: v}
	parse := func(path string, src []byte) *syntax.File {
		if load.IsMaster(path) {
			f := syntax.ParseMaster(path, src)
			in.Master = f
			return f
		}
		f := syntax.ParseMain(path, src)
		in.Main = f
		return f
	}
	parse(snap.path, snap.text.src)
	if snap.siblingSrc != nil {
		parse(snap.sibling, snap.siblingSrc)
	}
	return in
}

// analyse checks a snapshot with the same rules, settings and
// suppressions as the command line (without the host checks: the file
// in the editor need not be this host's configuration).
func (w *workspace) analyse(snap *snapshot) *analysis {
	c := w.context(snap.path)
	a := &analysis{snap: snap, ctx: c}
	if c.err != nil {
		a.err = c.err
		return a
	}
	a.input = w.input(snap, c.version)
	found, err := lint.Run(a.input, c.set, lint.Options{Enabled: c.st.RuleEnabled})
	if err != nil {
		a.err = err
		return a
	}
	var files []*syntax.File
	for _, f := range []*syntax.File{a.input.Main, a.input.Master} {
		if f != nil {
			files = append(files, f)
		}
	}
	checked := func(id string) bool { return checks.Ran(c.set, c.st, c.version, false, id) }
	found = suppress.Apply(files, found, suppress.Options{Known: suppress.KnownIn(c.all), Checked: checked})
	for _, f := range c.st.Apply(found) {
		if f.File == snap.path {
			a.findings = append(a.findings, f)
		}
	}
	return a
}

// model builds the effective configuration of the snapshot, for hover
// and completion.
func (w *workspace) model(snap *snapshot) (*model.Config, *dirContext) {
	c := w.context(snap.path)
	v := c.version
	if c.err != nil {
		v = w.target(nil)
	}
	in := w.input(snap, v)
	return model.Build(model.Input{Dir: in.Dir, Main: in.Main, Master: in.Master, Version: in.Version}), c
}

var severities = map[lint.Severity]DiagnosticSeverity{
	lint.Error:   severityError,
	lint.Warning: severityWarning,
	lint.Info:    severityInformation,
}

// diagnostics converts the findings to the protocol's form; a file that
// could not be checked gets one diagnostic on its first line saying why.
func (a *analysis) diagnostics(docsURL string) []Diagnostic {
	out := []Diagnostic{}
	if a.err != nil {
		return append(out, Diagnostic{
			Range:    a.snap.text.span(0, a.snap.text.lineEnd(0)),
			Severity: severityError,
			Source:   "postlint",
			Message:  "postlint could not check this file: " + a.err.Error(),
		})
	}
	for _, f := range a.findings {
		d := Diagnostic{
			Range:    a.snap.text.span(int(f.Pos), int(f.End)),
			Severity: severities[f.Severity],
			Code:     f.Rule,
			Source:   "postlint",
			Message:  f.Message,
		}
		if href := ruledoc.URL(docsURL, rules.Find(a.ctx.all, f.Rule)); href != "" {
			d.CodeDescription = &CodeDescription{Href: href}
		}
		out = append(out, d)
	}
	return out
}
