package main

import (
	"context"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/postlint/postlint/fix"
	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/checks"
	"github.com/postlint/postlint/lint/format"
	"github.com/postlint/postlint/lint/host"
	"github.com/postlint/postlint/lint/load"
	"github.com/postlint/postlint/lint/model"
	"github.com/postlint/postlint/lint/probe"
	"github.com/postlint/postlint/lint/suppress"
)

// probeOptions lets tests send every connection to their own servers.
var probeOptions = func(o probe.Options) probe.Options { return o }

func probeCommand() *cli.Command {
	return &cli.Command{
		Name:  "probe",
		Usage: "connect to the next hops and check them against the transports' TLS settings (never sends mail)",
		UsageText: "postlint probe [--config-dir DIR] [--mx DOMAIN] [HOP...]\n\n" +
			"Without HOP, every next hop the configuration routes to (relayhost, transport and sender-dependent\n" +
			"tables), on the route's port with its transport's settings; MX delivery with --mx DOMAIN. HOP is\n" +
			"[host]:port, host:port or host (port 25), checked with the settings of the route that names it,\n" +
			"else of the default transport. Each probe reads the greeting, says EHLO, starts TLS and QUITs.\n\n" +
			"Examples:\n  postlint probe\n  postlint probe '[smtp.example.com]:465'\n  postlint probe --mx example.net\n  postlint probe --diff | git apply",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "config-dir", Usage: "the configuration `DIR` whose routes and settings to check (default: this host's; e.g. --config-dir /etc/postfix-out)"},
			&cli.StringFlag{Name: "mx", Usage: "also probe the MX hosts of recipient `DOMAIN` for routes that deliver to MX hosts (e.g. --mx example.net)"},
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "output `FORMAT`: text, json, sarif or github"},
			&cli.DurationFlag{Name: "timeout", Value: 10 * time.Second, Usage: "bound on each connection and exchange (`DURATION`, e.g. --timeout 5s)"},
			&cli.DurationFlag{Name: "greet-wait", Value: 5 * time.Second, Usage: "wait `DURATION` for a plaintext greeting before trying implicit TLS"},
			&cli.IntFlag{Name: "concurrency", Value: 4, Usage: "probe at most `N` servers at a time"},
			&cli.StringFlag{Name: "postfix-version", Usage: "target Postfix `VERSION` (default: the host's when probing with the host's configuration, else the newest)"},
			&cli.BoolFlag{Name: "diff", Usage: "print the fixes as a unified diff instead of findings (e.g. postlint probe --diff | git apply)"},
			&cli.BoolFlag{Name: "fix", Usage: "apply the fixes to the configuration files in place, atomically"},
			&cli.BoolFlag{Name: "unsafe-fixes", Usage: "with --fix or --diff, also apply the unsafe fixes: wrapper mode for a transport that also serves other ports, and TLS policy entries that relax TLS for one next hop"},
		},
		Action: probeAction,
	}
}

func probeAction(c *cli.Context) error {
	if !validFormat(c.String("format")) {
		return usageError{fmt.Sprintf("--format: unknown format %q (want one of %v)", c.String("format"), format.Names)}
	}
	if c.Bool("fix") && c.Bool("diff") {
		return usageError{"--fix and --diff exclude each other: --diff shows what --fix would write"}
	}
	if c.Int("concurrency") < 1 || c.Duration("timeout") <= 0 || c.Duration("greet-wait") <= 0 {
		return usageError{"--concurrency, --timeout and --greet-wait must be positive"}
	}
	dir := c.String("config-dir")
	onHost := dir == ""
	if onHost {
		dir = host.ConfigDir()
	}
	cfgFiles, err := load.Dir(dir)
	if err != nil {
		return err
	}
	target, err := targetVersion(c, nil, onHost)
	if err != nil {
		return err
	}
	cfg := model.Build(model.Input{Dir: cfgFiles.Dir, Main: cfgFiles.Main, Master: cfgFiles.Master, Version: target, Host: onHost})
	ctx := c.Context
	if ctx == nil {
		ctx = context.Background()
	}
	var resolver net.Resolver
	targets, skipped, err := probe.Targets(ctx, cfg, c.Args().Slice(), c.String("mx"), resolver.LookupMX)
	if err != nil {
		return err
	}
	for _, s := range skipped {
		what := ""
		if s.Route != nil {
			what = s.Route.String() + ": "
		}
		fmt.Fprintln(c.App.ErrWriter, "postlint: not probed: "+format.Escape(what+s.Reason))
	}
	if len(targets) == 0 {
		return fmt.Errorf("nothing to probe in %s: no SMTP next hop (name one: postlint probe '[smtp.example.com]:587', or --mx DOMAIN for MX delivery)", dir)
	}
	opt := probeOptions(probe.Options{Timeout: c.Duration("timeout"), GreetWait: c.Duration("greet-wait"), Helo: helo(cfg)})
	results := make([][]lint.Finding, len(targets))
	sem := make(chan struct{}, c.Int("concurrency"))
	var wg sync.WaitGroup
	for i, t := range targets {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			s := probe.Probe(ctx, t.Host, t.Port, t.Service.Bool("smtp_tls_wrappermode"), t.Name, opt)
			results[i] = probe.Check(t, s, time.Now())
		}()
	}
	wg.Wait()
	var all []lint.Finding
	for _, r := range results {
		all = append(all, r...)
	}
	// "# postlint: ignore PL905 ..." comments in the files hold for the
	// probe too.
	all = suppress.Filter(cfgFiles.Files(), lint.SortFindings(all), suppress.Options{Known: suppress.KnownIn(checks.All(nil))})
	if c.Bool("diff") || c.Bool("fix") {
		return probeFixes(c, cfgFiles, all)
	}
	sources := map[string][]byte{}
	for _, f := range cfgFiles.Files() {
		sources[f.Name] = f.Src
	}
	opts := format.Options{Rules: checks.All(nil), Version: version(), Source: func(name string) []byte { return sources[name] }}
	if err := format.WriteWith(c.App.Writer, c.String("format"), all, opts); err != nil {
		return err
	}
	for _, f := range all {
		if f.Severity >= lint.Warning {
			return exitCode(exitFindings)
		}
	}
	return nil
}

// helo is the name the SMTP client would say: smtp_helo_name, else
// myhostname, else localhost.
func helo(cfg *model.Config) string {
	if h := cfg.Main().Get("smtp_helo_name"); h != "" {
		return h
	}
	return "localhost"
}

// probeFixes prints or applies the first fix of each finding that may
// be applied.
func probeFixes(c *cli.Context, cfg *load.Config, findings []lint.Finding) error {
	edits := map[string][]lint.Edit{}
	for _, f := range findings {
		for _, fx := range f.Fixes {
			if fx.Safe || c.Bool("unsafe-fixes") {
				for _, e := range fx.Edits {
					edits[e.File] = append(edits[e.File], e)
				}
				break
			}
		}
	}
	var changes []fix.Change
	for _, f := range cfg.Files() {
		if len(edits[f.Name]) == 0 {
			continue
		}
		after, err := fix.Apply(f.Src, edits[f.Name])
		if err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		changes = append(changes, fix.Change{Path: f.Name, Before: f.Src, After: after})
	}
	if c.Bool("fix") {
		if err := fix.Commit(changes, fix.CommitOptions{ConfigDir: cfg.Dir}); err != nil {
			return err
		}
		for _, ch := range changes {
			fmt.Fprintln(c.App.ErrWriter, "postlint: fixed "+format.Escape(ch.Path))
		}
		return nil
	}
	for _, ch := range changes {
		fmt.Fprint(c.App.Writer, fix.Unified(ch.Path, ch.Before, ch.After))
	}
	if len(changes) > 0 {
		return exitCode(exitFindings)
	}
	return nil
}
