package main

import (
	"fmt"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/postlint/postlint/fix"
	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/format"
	"github.com/postlint/postlint/lint/host"
	"github.com/postlint/postlint/lint/hostcheck"
	"github.com/postlint/postlint/lint/load"
	"github.com/postlint/postlint/lint/postconf"
	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/lint/probe"
	"github.com/postlint/postlint/lint/settings"
	"github.com/postlint/postlint/lint/suppress"
	"github.com/postlint/postlint/lint/syntax"
	"github.com/postlint/postlint/rules"
)

func lintFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{
			Name: "format", Aliases: []string{"f"}, Value: "text",
			Usage: "output `FORMAT`: text, json, sarif or github (e.g. --format sarif > postlint.sarif)",
		},
		&cli.StringFlag{
			Name: "color", Value: "auto",
			Usage: "colour text output: `WHEN` auto (on a terminal, unless NO_COLOR is set), always or never (e.g. --color never)",
		},
		&cli.StringFlag{
			Name:  "postfix-version",
			Usage: "target Postfix `VERSION`, 2.6 to 3.11 (e.g. --postfix-version 3.4.13); default: the host's Postfix when checking the host, else the newest",
		},
		&cli.StringSliceFlag{
			Name:  "rules",
			Usage: "also load rules from TOML `FILE` (repeatable; e.g. --rules site.toml)",
		},
		&cli.BoolFlag{
			Name:  "host",
			Usage: "also check files on this host: certificates, keys, CA files, compiled maps (implied when no PATH is given; e.g. postlint --host /etc/postfix)",
		},
		&cli.BoolFlag{
			Name:  "diff",
			Usage: "print the fixes as a unified diff instead of findings; exit 1 when there is something to change (e.g. postlint --diff . | git apply)",
		},
		&cli.BoolFlag{
			Name:  "fix",
			Usage: "apply the fixes to the files in place, atomically, then report what is left (e.g. postlint --fix /etc/postfix)",
		},
		&cli.BoolFlag{
			Name:  "unsafe-fixes",
			Usage: "with --fix or --diff, also apply fixes that change behaviour beyond the finding (e.g. setting smtp_tls_CAfile to a guessed CA bundle); a finding with several fixes gets the first one offered",
		},
		&cli.BoolFlag{
			Name:  "reload",
			Usage: "with --fix, run postfix check on the fixed configuration and reload Postfix; restore the original files if the check fails (e.g. postlint --fix --reload)",
		},
		&cli.StringFlag{
			Name:  "config",
			Usage: "read settings from `FILE` instead of the .postlint.toml found in or above PATH (e.g. --config ci/postlint.toml)",
		},
		&cli.BoolFlag{
			Name:  "no-config",
			Usage: "do not look for .postlint.toml (e.g. postlint --no-config hosts/)",
		},
		&cli.StringFlag{
			Name: "fail-level", Value: "warning",
			Usage: "exit 1 when a finding has at least this `SEVERITY`: info, warning or error (e.g. --fail-level error)",
		},
	}
}

// targetVersion picks the Postfix version to check against.
func targetVersion(c *cli.Context, st *settings.Settings, onHost bool) (postfix.Version, error) {
	if s := c.String("postfix-version"); s != "" {
		v, err := postfix.ParseTarget(s)
		if err != nil {
			return v, usageError{"--postfix-version: " + err.Error()}
		}
		return v, nil
	}
	if st != nil && !st.PostfixVersion.IsZero() {
		return st.PostfixVersion, nil
	}
	if onHost {
		if v, err := host.Version(); err == nil {
			return v, nil
		}
	}
	return postfix.Newest, nil
}

// result is what linting one path produced.
type result struct {
	findings []lint.Finding
	err      error
	fatal    error       // why Postfix itself refuses to load a file; nil if it does not
	fixed    *fix.Result // with --fix or --diff
	// sources are the texts the findings point into, by file name (the
	// fixed texts with --fix), for output formats that count columns.
	sources map[string][]byte
}

// mode says what to do with the findings.
type mode struct {
	version postfix.Version
	st      *settings.Settings                   // nil without a configuration file
	known   func(idOrName string) (string, bool) // for suppression comments; nil accepts any ID
	onHost  bool                                 // the configuration is this host's: fixes may name its files
	host    bool                                 // run the host checks (files named by the configuration)
	fix     bool                                 // compute fixes (--fix or --diff)
	unsafe  bool
}

func lintAction(c *cli.Context) error {
	if c.Bool("fix") && c.Bool("diff") {
		return usageError{"--fix and --diff exclude each other: --diff shows what --fix would write"}
	}
	if c.Bool("reload") && !c.Bool("fix") {
		return usageError{"--reload needs --fix"}
	}
	if !validFormat(c.String("format")) {
		return usageError{fmt.Sprintf("--format: unknown format %q (want one of %v)", c.String("format"), format.Names)}
	}
	var color bool
	switch c.String("color") {
	case "auto":
		color = format.ColorFor(c.App.Writer)
	case "always":
		color = true
	case "never":
	default:
		return usageError{fmt.Sprintf("--color: unknown value %q (want auto, always or never)", c.String("color"))}
	}
	failLevel, err := lint.ParseSeverity(c.String("fail-level"))
	if err != nil {
		return usageError{"--fail-level: " + err.Error()}
	}
	paths := c.Args().Slice()
	onHost := len(paths) == 0
	hostChecks := onHost || c.Bool("host")
	if onHost {
		paths = []string{host.ConfigDir()}
	}
	targets, err := load.Find(paths)
	if err != nil {
		return err
	}
	st, err := loadSettings(c, paths)
	if err != nil {
		return err
	}
	if !c.IsSet("fail-level") && st != nil && st.FailLevel != 0 {
		failLevel = st.FailLevel
	}
	target, err := targetVersion(c, st, onHost)
	if err != nil {
		return err
	}
	var ruleFiles []string
	if st != nil {
		ruleFiles = st.RuleFiles
	}
	set, err := rules.Load(true, uniqueFiles(append(ruleFiles, c.StringSlice("rules")...))...)
	if err != nil {
		return err
	}
	allRules := everyRule(set)
	warnings, err := st.Check(allRules)
	for _, w := range warnings {
		fmt.Fprintln(c.App.ErrWriter, "postlint: warning: "+format.Escape(w.Error()))
	}
	if err != nil {
		return err
	}
	m := mode{version: target, st: st, known: suppress.KnownIn(allRules), onHost: hostChecks, host: hostChecks && !c.Bool("diff"), fix: c.Bool("fix") || c.Bool("diff"), unsafe: c.Bool("unsafe-fixes")}
	results := lintAll(targets, set, m)
	if c.Bool("diff") {
		return printDiffs(c, results)
	}
	if c.Bool("fix") {
		writeFixes(c, results)
	}
	var all []lint.Finding
	sources := map[string][]byte{}
	code := exitClean
	for _, r := range results {
		if r.err != nil {
			fmt.Fprintln(c.App.ErrWriter, "postlint: "+format.Escape(r.err.Error()))
			code = exitError
			continue
		}
		if r.fatal != nil {
			// Never exit 2 without saying why, even when the finding that
			// explains it is disabled or suppressed.
			fmt.Fprintln(c.App.ErrWriter, "postlint: Postfix refuses this configuration: "+r.fatal.Error())
			code = exitError
		}
		if all == nil {
			all = r.findings // most runs have one result: no copy
		} else {
			all = append(all, r.findings...)
		}
		for name, src := range r.sources {
			sources[name] = src
		}
	}
	opts := format.Options{Color: color, Rules: allRules, Version: version(),
		Source: func(name string) []byte { return sources[name] }}
	if err := format.WriteWith(c.App.Writer, c.String("format"), all, opts); err != nil {
		return err
	}
	if code == exitClean {
		for _, f := range all {
			if f.Severity >= failLevel {
				code = exitFindings
				break
			}
		}
	}
	if code == exitClean && len(all) == 0 && c.String("format") == "text" && isTerminal(c.App.ErrWriter) {
		// Someone at a terminal learns that the run did something;
		// standard output stays empty for scripts.
		what := targets[0]
		if len(targets) > 1 {
			what = fmt.Sprintf("%d configurations", len(targets))
		}
		fmt.Fprintf(c.App.ErrWriter, "postlint: checked %s for Postfix %s: no findings\n", format.Escape(what), target)
	}
	if code != exitClean {
		return exitCode(code)
	}
	return nil
}

// isTerminal reports whether w is a terminal; tests replace it.
var isTerminal = format.IsTerminal

func validFormat(name string) bool {
	for _, n := range format.Names {
		if n == name {
			return true
		}
	}
	return false
}

// lintAll lints every target on all cores, keeping the targets' order.
func lintAll(targets []string, set *rules.Set, m mode) []result {
	results := make([]result, len(targets))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(targets)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i] = lintOne(targets[i], set, m)
			}
		}()
	}
	for i := range targets {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return results
}

func lintOne(path string, set *rules.Set, m mode) result {
	cfg, err := load.Path(path)
	if err != nil {
		return result{err: err}
	}
	size := 0
	for _, f := range cfg.Files() {
		size += len(f.Src)
	}
	sawInput(size)
	var r result
	in := lint.Input{Dir: cfg.Dir, Main: cfg.Main, Master: cfg.Master, Version: m.version, Host: m.onHost}
	lopt := lint.Options{Enabled: m.st.RuleEnabled}
	sopt := suppress.Options{Known: m.known, Checked: func(id string) bool { return m.ran(set, id) }}
	files := cfg.Files()
	var findings []lint.Finding
	if m.fix {
		r.fixed, err = fix.Run(in, set, lopt, fix.Options{Unsafe: m.unsafe, Only: cfg.Only,
			Filter: func(fs []*syntax.File, found []lint.Finding) []lint.Finding { return suppress.Filter(fs, found, sopt) }})
		if err != nil {
			return result{err: err}
		}
		findings = r.fixed.Remaining
		// Remaining is about the fixed files: read suppressions there.
		files = nil
		for _, f := range r.fixed.Files {
			files = append(files, syntax.Parse(f.Name, f.After, f.Kind))
		}
	} else if findings, err = lint.Run(in, set, lopt); err != nil {
		return result{err: err}
	}
	if m.host {
		findings = lint.SortFindings(append(findings, hostcheck.Check(in, hostcheck.Options{Now: time.Now()})...))
	}
	findings = suppress.Apply(files, findings, sopt)
	r.sources = map[string][]byte{}
	for _, f := range files {
		r.sources[f.Name] = f.Src
	}
	findings = m.st.Apply(findings)
	r.findings = findings
	if cfg.Only != "" {
		r.findings = nil
		for _, f := range findings {
			if f.File == cfg.Only {
				r.findings = append(r.findings, f)
			}
		}
	}
	r.fatal = refused(cfg)
	return r
}

// refused returns why Postfix itself would refuse to load the
// configuration (postconf's emulation fails, or a file is binary), with
// file and line, or nil.
func refused(cfg *load.Config) error {
	for _, f := range cfg.Files() {
		for _, e := range f.Errors {
			if e.Code == syntax.ErrNulByte && (cfg.Only == "" || f.Name == cfg.Only) {
				return e
			}
		}
	}
	return postconf.Config{Main: cfg.Main, Master: cfg.Master}.Check()
}

// ran reports whether the rule with this ID ran in this mode, so that a
// suppression of it could have matched a finding.
func (m mode) ran(set *rules.Set, id string) bool {
	if !m.st.RuleEnabled(id) {
		return false
	}
	if r := set.Lookup(id); r != nil {
		return r.Applies(m.version)
	}
	if _, ok := hostcheck.Lookup(id); ok {
		return m.host
	}
	if _, ok := probe.Lookup(id); ok {
		return false // postlint probe's, not lint's
	}
	return true
}

// loadSettings reads the configuration file: --config, else the
// .postlint.toml found in or above the paths; nil when there is none or
// with --no-config.
func loadSettings(c *cli.Context, paths []string) (*settings.Settings, error) {
	file := c.String("config")
	if file == "" {
		if c.Bool("no-config") {
			return nil, nil
		}
		f, err := settings.FindFor(paths)
		if err != nil {
			return nil, usageError{err.Error()}
		}
		if f == "" {
			return nil, nil
		}
		file = f
	}
	return settings.Load(file)
}

// uniqueFiles drops repeated rule files (named both in .postlint.toml
// and with --rules), which would clash with themselves.
func uniqueFiles(files []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range files {
		key := f
		if abs, err := filepath.Abs(f); err == nil {
			key = abs
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, f)
		}
	}
	return out
}
