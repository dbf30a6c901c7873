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
	"github.com/postlint/postlint/lint/baseline"
	"github.com/postlint/postlint/lint/checks"
	"github.com/postlint/postlint/lint/format"
	"github.com/postlint/postlint/lint/host"
	"github.com/postlint/postlint/lint/hostcheck"
	"github.com/postlint/postlint/lint/load"
	"github.com/postlint/postlint/lint/postconf"
	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/lint/settings"
	"github.com/postlint/postlint/lint/suppress"
	"github.com/postlint/postlint/lint/syntax"
	"github.com/postlint/postlint/rules"
)

func lintFlags() []cli.Flag {
	return []cli.Flag{
		&cli.GenericFlag{
			Name: "format", Aliases: []string{"f"}, Value: newRepeated("text"),
			Usage: "output `FORMAT`: text, json, json-lines, sarif, github, gitlab, checkstyle or junit; repeatable with as many --output, in the same order (e.g. --format sarif > postlint.sarif)",
		},
		&cli.GenericFlag{
			Name: "output", Value: newRepeated(),
			Usage: "write the report of the --format in the same position to `FILE`, atomically; - is standard output (repeatable; e.g. --format github --format sarif --output - --output postlint.sarif)",
		},
		&cli.StringFlag{
			Name:  "baseline",
			Usage: "report and fail on only the findings that are not in the baseline `FILE`; its entries that no longer match (stale) are listed on standard error (default: baseline in .postlint.toml; e.g. --baseline postlint-baseline.json)",
		},
		&cli.StringFlag{
			Name:  "write-baseline",
			Usage: "record the findings in the baseline `FILE` instead of reporting them; entries of files or rules this run does not check are kept (e.g. postlint --write-baseline postlint-baseline.json hosts/)",
		},
		&cli.BoolFlag{
			Name:  "show-baselined",
			Usage: "with a baseline, also report the findings that are in it, marked as such, and in json, json-lines and sarif the stale entries as absent (e.g. --show-baselined --format json)",
		},
		&cli.BoolFlag{
			Name:  "fail-on-stale",
			Usage: "with a baseline, exit 1 when entries of it no longer match any finding, so that the baseline shrinks as problems are fixed (e.g. --baseline b.json --fail-on-stale)",
		},
		docsURLFlag(),
		&cli.BoolFlag{
			Name:  "show-url",
			Usage: "end each finding of text output with the URL of its rule's documentation (e.g. postlint --show-url hosts/)",
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
	fatal    error          // why Postfix itself refuses to load a file; nil if it does not
	fixed    *fix.Result    // with --fix or --diff
	keys     []baseline.Key // of findings, when mode.keys
	checked  []string       // the configuration files that were checked
	// sources are the texts the findings point into, by file name (the
	// fixed texts with --fix), for output formats that count columns in
	// UTF-16; ascii names the files whose byte columns are those columns.
	// Only files with findings are kept, and only the text of those with
	// other bytes than ASCII, so that memory stays flat over a tree.
	sources map[string][]byte
	ascii   map[string]bool
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
	keys    bool   // compute the baseline keys of the findings
	root    string // what the keys' paths are relative to (baseline.Root)
}

func lintAction(c *cli.Context) error {
	if c.Bool("fix") && c.Bool("diff") {
		return usageError{"--fix and --diff exclude each other: --diff shows what --fix would write"}
	}
	if c.Bool("reload") && !c.Bool("fix") {
		return usageError{"--reload needs --fix"}
	}
	if c.Bool("diff") && c.IsSet("output") {
		return usageError{"--diff and --output exclude each other: --diff prints the fixes to standard output"}
	}
	if err := checkBaselineFlags(c); err != nil {
		return err
	}
	outs, err := parseOutputs(c)
	if err != nil {
		return err
	}
	var color colorChoice
	switch c.String("color") {
	case "auto":
		color.forStdout = format.ColorFor(c.App.Writer)
	case "always":
		color = colorChoice{forStdout: true, always: true}
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
	allRules := checks.All(set)
	warnings, err := st.Check(allRules)
	for _, w := range warnings {
		fmt.Fprintln(c.App.ErrWriter, "postlint: warning: "+format.Escape(w.Error()))
	}
	if err != nil {
		return err
	}
	m := mode{version: target, st: st, known: suppress.KnownIn(allRules), onHost: hostChecks, host: hostChecks && !c.Bool("diff"), fix: c.Bool("fix") || c.Bool("diff"), unsafe: c.Bool("unsafe-fixes")}
	var bl *baselining
	if !c.Bool("diff") {
		// The baseline is about findings; --diff prints fixes.
		if bl, err = newBaselining(c, st, paths); err != nil {
			return err
		}
	}
	if bl != nil || wantsFingerprints(outs) {
		if m.root, err = baselineRoot(st, paths); err != nil {
			return err
		}
		m.keys = true
	}
	if bl != nil {
		bl.ran = func(id string) bool { return m.ran(set, id) }
	}
	results := lintAll(targets, set, m)
	if c.Bool("diff") {
		return printDiffs(c, results)
	}
	if c.Bool("fix") {
		writeFixes(c, results)
	}
	var all []lint.Finding
	var keys []baseline.Key
	var checked []string
	sources := map[string][]byte{}
	ascii := map[string]bool{}
	code := exitClean
	unchecked := 0
	for _, r := range results {
		if r.err != nil {
			fmt.Fprintln(c.App.ErrWriter, "postlint: "+format.Escape(r.err.Error()))
			code = exitError
			unchecked++
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
		keys = append(keys, r.keys...)
		checked = append(checked, r.checked...)
		for name, src := range r.sources {
			sources[name] = src
		}
		for name := range r.ascii {
			ascii[name] = true
		}
	}
	if bl != nil && bl.write != "" {
		if unchecked > 0 {
			// The entries of what could not be read would be dropped.
			return fmt.Errorf("not writing the baseline %s: %s could not be checked", bl.write, count(unchecked, "configuration"))
		}
		if err := bl.writeBaseline(c.App.ErrWriter, keys, all); err != nil {
			return err
		}
		if code != exitClean {
			return exitCode(code)
		}
		return nil
	}
	opts := format.Options{Rules: allRules, Version: version(),
		Source:   func(name string) []byte { return sources[name] },
		ASCII:    func(name string) bool { return ascii[name] },
		DocsBase: c.String("docs-url"), ShowURL: c.Bool("show-url"),
		FailLevel: failLevel, Checked: checked}
	if m.keys {
		opts.Fingerprints = baseline.Fingerprints(keys)
	}
	shown := all
	var stale []baseline.Entry
	if bl != nil {
		res := bl.apply(all, keys, opts.Fingerprints, c.Bool("show-baselined"), ruleIndex(allRules), st)
		shown, opts.Fingerprints, stale = res.shown, res.fps, res.stale
		if c.Bool("show-baselined") {
			opts.States, opts.Absent = res.states, res.absent
		}
		bl.report(c.App.ErrWriter, res, c.Bool("fail-on-stale"))
	}
	if err := writeOutputs(c.App.Writer, outs, shown, opts, color); err != nil {
		return err
	}
	if code == exitClean {
		for i, f := range shown {
			if f.Severity >= failLevel && (opts.States == nil || opts.States[i] == baseline.New) {
				code = exitFindings
				break
			}
		}
		if len(stale) > 0 && c.Bool("fail-on-stale") {
			code = exitFindings
		}
	}
	if code == exitClean && len(shown) == 0 && len(stale) == 0 && textToStdout(outs) && isTerminal(c.App.ErrWriter) {
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

// wantsFingerprints reports whether an output carries stable finding
// identifiers, which need the baseline keys.
func wantsFingerprints(outs []output) bool {
	for _, o := range outs {
		if o.format == "gitlab" || o.format == "sarif" {
			return true
		}
	}
	return false
}

// ruleIndex maps rule IDs to rules.
func ruleIndex(all []*rules.Rule) map[string]*rules.Rule {
	m := make(map[string]*rules.Rule, len(all))
	for _, r := range all {
		m[r.ID] = r
	}
	return m
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
	if len(targets) == 1 {
		// The common case of hooks and editors: no worker to start,
		// and the stack that init grew is reused.
		results[0] = lintOne(targets[0], set, m)
		return results
	}
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
	r.keepSources(files)
	for _, f := range files {
		if cfg.Only == "" || f.Name == cfg.Only {
			r.checked = append(r.checked, f.Name)
		}
	}
	if m.keys {
		r.keys = baseline.NewLocator(m.root, files).Keys(r.findings)
	}
	r.fatal = refused(cfg)
	return r
}

// keepSources records what the output formats need to count the columns
// of r's findings in files.
func (r *result) keepSources(files []*syntax.File) {
	with := map[string]bool{}
	for _, f := range r.findings {
		with[f.File] = true
	}
	for _, f := range files {
		switch {
		case !with[f.Name]:
		case isASCII(f.Src):
			if r.ascii == nil {
				r.ascii = map[string]bool{}
			}
			r.ascii[f.Name] = true
		default:
			if r.sources == nil {
				r.sources = map[string][]byte{}
			}
			r.sources[f.Name] = f.Src
		}
	}
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
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
	return checks.Ran(set, m.st, m.version, m.host, id)
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
